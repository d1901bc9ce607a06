"""Auxiliary modes (historical, future, hypothetical, negation) from the markers of each
language file, looked for in the trigger's clause before the trigger."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import Knowledge
from ..tokens import Token

# How far before the trigger (in tokens) a marker still governs it.
WINDOW = {"negation": 4, "future": 6, "hypothetical": 12, "historical": 12}
ORDER = ("historical", "future", "hypothetical", "negation")


class _Phrases:
    """Marker phrases indexed by their first word; clitic markers ("n't", "'ll") by ending."""

    def __init__(self, phrases: tuple[tuple[str, ...], ...]):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self.clitics: list[str] = []
        for phrase in phrases:
            if len(phrase) == 1 and "'" in phrase[0][:2]:
                self.clitics.append(phrase[0])
            else:
                self.by_first.setdefault(phrase[0], []).append(phrase)

    def spans(self, words: list[str]) -> list[tuple[int, int]]:
        out = []
        for k, word in enumerate(words):
            for phrase in self.by_first.get(word, ()):
                if tuple(words[k:k + len(phrase)]) == phrase:
                    out.append((k, k + len(phrase)))
            for clitic in self.clitics:  # "won't", "didn't", "they'll"
                if word.endswith(clitic) and word != clitic:
                    out.append((k, k + 1))
        return out


@dataclass(frozen=True)
class Modality:
    markers: dict[str, _Phrases]
    cancels: _Phrases

    reported_future: frozenset[str] = frozenset()
    reported_past: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()

    def detect(self, tokens: list[Token], trigger: int, clause_start: int, clause_end: int,
               inert: set[int] | frozenset[int] = frozenset()) -> list[str]:
        """The aux modes of the trigger at `trigger`; tokens in `inert` (dates, names) mark nothing."""
        lo_all = max(clause_start, trigger - max(WINDOW.values()) - 3)
        words = [t.lower for t in tokens[lo_all:trigger + 3]]
        cancelled = {k + lo_all for a, b in self.cancels.spans(words) for k in range(a, b)} | set(inert)
        aux = []
        for kind in ORDER:
            lo = max(clause_start, trigger - WINDOW[kind])
            window = [t.lower for t in tokens[lo:trigger]]
            found = [(a + lo, b + lo) for a, b in self.markers[kind].spans(window)
                     if not any(k + lo in cancelled for k in range(a, b))]
            if not found and kind == "historical" and clause_start > 0:
                # "Sejak era Soekarno, Indonesia menolak …", "Since then, trade has grown": a fronted
                # adverbial before the sentence's first comma sets the time of the whole sentence
                comma = next((k for k, t in enumerate(tokens[:trigger]) if t.lower == ","), None)
                if comma is not None and comma < 12:
                    window = [t.lower for t in tokens[:comma]]
                    found = [(a, b) for a, b in self.markers[kind].spans(window)
                             if not any(k in cancelled for k in range(a, b))]
            if not found:
                continue
            if kind == "historical" and all(self._reported(tokens, a, b, self.reported_past) for a, b in found):
                continue  # "said it had put its forces on alert": the tense of reported speech, not background
            if kind == "hypothetical" and all(self._reported_future(tokens, a, b) for a, b in found):
                # "said it would retaliate": the future of reported speech, not a condition
                if "future" not in aux:
                    aux.insert(len([k for k in aux if k == "historical"]), "future")
                continue
            aux.append(kind)
        return aux

    def _reported_future(self, tokens: list[Token], a: int, b: int) -> bool:
        return self._reported(tokens, a, b, self.reported_future)

    def _reported(self, tokens: list[Token], a: int, b: int, phrases: frozenset[str]) -> bool:
        phrase = " ".join(t.lower for t in tokens[a:b])
        return phrase in phrases and any(t.lower in self.speech for t in tokens[max(0, a - 8):a])


@lru_cache(maxsize=16)
def modality_rules(kb: Knowledge, lang: str) -> Modality:
    data = (kb.languages.get(lang) or {}).get("modality") or {}
    markers = {kind: _Phrases(tuple(tuple(str(p).lower().split()) for p in data.get(kind) or ())) for kind in ORDER}
    cancels = _Phrases(tuple(tuple(str(p).lower().split()) for p in data.get("not_negation") or ()))
    speech = ((kb.languages.get(lang) or {}).get("clauses") or {}).get("speech") or ()
    return Modality(markers=markers, cancels=cancels,
                    reported_future=frozenset(str(p).lower() for p in data.get("reported_future") or ()),
                    reported_past=frozenset(str(p).lower() for p in data.get("reported_past") or ()),
                    speech=frozenset(str(w).lower() for w in speech))
