"""The analyses' word lists (data/analysis/<lang>.yaml), loaded once per language."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..knowledge import DATA_DIR, Knowledge, read_data_file


@lru_cache(maxsize=32)
def vocab(lang: str | None) -> dict[str, Any]:
    path = DATA_DIR / "analysis" / f"{lang or 'en'}.yaml"
    if not path.exists():
        path = DATA_DIR / "analysis" / "en.yaml"
    return read_data_file(path) or {}


def phrase_rx(phrases: list[str] | None) -> re.Pattern:
    """One case-insensitive pattern for a list of phrases, longest first, on word boundaries."""
    if not phrases:
        return re.compile(r"(?!)")
    alts = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w])", re.I)


@lru_cache(maxsize=32)
def join_lemmas(kb: Knowledge, lang: str | None, candidates: bool = False) -> frozenset[str]:
    """Lemmas of joining or signing an agreement: the event lexicon's agreement verbs and ours
    (with `candidates`, also normalising with or recognising a member)."""
    out = {str(x).lower() for x in vocab(lang).get("join_lemmas") or ()}
    if candidates:
        out |= {str(x).lower() for x in vocab(lang).get("candidate_lemmas") or ()}
    lexicon = kb.lexicons.get(lang or "")
    for entry in lexicon.entries if lexicon else ():
        if entry.get("agreement_verb"):
            out.add(str(entry["pattern"]).lower().replace(" ", ""))
    return frozenset(out)


def morphology(kb: Knowledge, lang: str | None) -> str | None:
    return (kb.languages.get(lang or "") or {}).get("morphology")
