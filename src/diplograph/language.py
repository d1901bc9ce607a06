"""Stage 3: the document's language, from its script and the function words of each language file.

Function words are weighted: words shared by close languages (Indonesian and Malay share most)
weigh little, the words that tell them apart ("bahwa"/"bahawa", "karena"/"kerana") weigh more.
The whole body is used: short headlines are where close languages get confused.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .knowledge import Knowledge

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Scripts that settle the language family on their own; the language files refine within them.
_SCRIPTS = (
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("han", re.compile(r"[\u4e00-\u9fff]")),
    ("kana", re.compile(r"[\u3040-\u30ff]")),
    ("hangul", re.compile(r"[\uac00-\ud7af]")),
    ("thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("devanagari", re.compile(r"[\u0900-\u097f]")),
    ("greek", re.compile(r"[\u0370-\u03ff]")),
    ("georgian", re.compile(r"[\u10a0-\u10ff]")),
    ("armenian", re.compile(r"[\u0530-\u058f]")),
)
_SCRIPT_DEFAULT = {"cyrillic": "ru", "arabic": "ar", "hebrew": "he", "han": "zh", "kana": "ja", "hangul": "ko",
                   "thai": "th", "devanagari": "hi", "greek": "el", "georgian": "ka", "armenian": "hy"}


@lru_cache(maxsize=8)
def _profiles(kb: Knowledge) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """Per script: each known word with the languages it votes for and its weight."""
    out: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for code, data in kb.languages.items():
        weights: dict[str, float] = {}
        for word in data.get("function_words") or []:
            weights[word.casefold()] = 1.0
        for word, weight in (data.get("distinctive_words") or {}).items():
            weights[str(word).casefold()] = float(weight)
        index = out.setdefault(data.get("script", "latin"), {})
        for word, weight in weights.items():
            index.setdefault(word, []).append((code, weight))
    return out


_NON_LATIN = re.compile("[" + "".join(rx.pattern[1:-1] for _, rx in _SCRIPTS) + "]")


def dominant_script(text: str) -> str:
    sample = text[:5000]
    others = _NON_LATIN.findall(sample)
    if not others:  # the common case, settled by one scan
        return "latin"
    joined = "".join(others)
    counts = {name: len(rx.findall(joined)) for name, rx in _SCRIPTS}
    latin = len(re.findall(r"[A-Za-z\u00c0-\u024f]", sample))
    name, n = max(counts.items(), key=lambda kv: kv[1])
    if name == "han" and counts["kana"]:
        name = "kana"
    return name if n > latin else "latin"


def detect_language(text: str, kb: Knowledge) -> str | None:
    """ISO 639-1 code, or None when the text gives no evidence."""
    script = dominant_script(text)
    index = _profiles(kb).get(script)
    if index:
        scores: dict[str, float] = {}
        for word, n in Counter(_WORD.findall(text[:20000].casefold())).items():
            for code, weight in index.get(word, ()):
                scores[code] = scores.get(code, 0.0) + n * weight
        if scores:
            # ties go to the language listed first, whatever order the words came in
            best = max((c for c in kb.languages if c in scores), key=lambda c: scores[c])
            if scores[best] > 0:
                return best
    return _SCRIPT_DEFAULT.get(script)
