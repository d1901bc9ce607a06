"""Stage 4: sentences, abbreviation-aware, with offsets into the cleaned text.

A line break ends a sentence too: cleaned pages keep headlines and paragraphs on their own lines.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .knowledge import Knowledge
from .model import Sentence

# A candidate end: terminal punctuation, optional closing quotes/brackets, then space.
_END = re.compile(r"[.!?…؟۔]+[\"'”’»)\]]*(?=\s)")
_NEXT_STARTS = re.compile(r"\s+[\"'“‘«(\[]?[\w\u0600-\u06ff]", re.UNICODE)


@lru_cache(maxsize=8)
def _abbreviations(kb: Knowledge, lang: str | None) -> frozenset[str]:
    langs = [lang] if lang in kb.languages else list(kb.languages)
    return frozenset(a.rstrip(".").casefold() for code in langs for a in kb.languages[code].get("abbreviations") or [])


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial, not a sentence."""
    # walk back over the word (a regular expression anchored at `dot` would scan the whole line)
    begin = dot
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_.-'"):
        begin -= 1
    word = text[begin:dot].strip(".'-")
    if not word:
        return False
    if word.casefold() in abbreviations:
        return True
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Smith", "Kassym-Jomart K. Tokayev"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return True  # "U.S", "a.m"
    return False


def split_sentences(text: str, kb: Knowledge, lang: str | None = None) -> list[Sentence]:
    abbreviations = _abbreviations(kb, lang)
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        base, chunk = line.start(), line.group(0)
        start = 0
        for end in _END.finditer(chunk):
            stop = end.end()
            if chunk[end.start()] == "." and end.group(0) == "." and _is_abbreviation(chunk, end.start(), abbreviations):
                continue
            nxt = _NEXT_STARTS.match(chunk, stop)
            if nxt is None:
                continue
            first = chunk[nxt.end() - 1]
            if first.islower():
                continue  # "dll. dan" or an ellipsis inside a sentence
            _append(out, text, base + start, base + stop)
            start = stop
        _append(out, text, base + start, base + len(chunk))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start=start, end=end, text=text[start:end]))
