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


@dataclass(frozen=True)
class Modality:
    markers: dict[str, tuple[tuple[str, ...], ...]]
    cancels: tuple[tuple[str, ...], ...]

    def _found(self, words: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
        spans = []
        for k in range(len(words)):
            for phrase in phrases:
                n = len(phrase)
                if n == 1 and "'" in phrase[0][:2] and words[k].endswith(phrase[0]) and words[k] != phrase[0]:
                    spans.append((k, k + 1))  # clitics: "won't", "didn't", "they'll"
                elif tuple(words[k:k + n]) == phrase:
                    spans.append((k, k + n))
        return spans

    def detect(self, tokens: list[Token], trigger: int, clause_start: int, clause_end: int) -> list[str]:
        words = [t.lower for t in tokens]
        cancelled = {k for a, b in self._found(words, self.cancels) for k in range(a, b)}
        aux = []
        for kind in ORDER:
            lo = max(clause_start, trigger - WINDOW[kind])
            for a, b in self._found(words[lo:trigger], self.markers.get(kind, ())):
                if not any(k + lo in cancelled for k in range(a, b)):
                    aux.append(kind)
                    break
        return aux


@lru_cache(maxsize=16)
def modality_rules(kb: Knowledge, lang: str) -> Modality:
    data = (kb.languages.get(lang) or {}).get("modality") or {}
    markers = {kind: tuple(tuple(str(p).lower().split()) for p in data.get(kind) or ()) for kind in ORDER}
    cancels = tuple(tuple(str(p).lower().split()) for p in data.get("not_negation") or ())
    return Modality(markers=markers, cancels=cancels)
