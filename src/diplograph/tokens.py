"""Tokens with offsets, and the lemma candidates each language's morphology allows.

Lemmas are over-generated on purpose: a token's candidates are only ever compared with the
lemmas a lexicon lists, so a wrong candidate costs nothing unless a lexicon names it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# "1,000" and "20.000" are one number, not a number, a comma and another
_TOKEN = re.compile(r"\d+(?:[.,]\d{3})+(?![\d])|\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)


@dataclass(slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int
    lemmas: frozenset[str]


def tokenize(text: str, offset: int = 0, morphology: str | None = None,
             irregular: dict[str, str] | None = None) -> list[Token]:
    """Tokens of `text`; `irregular` maps inflected forms the rules cannot undo ("met") to lemmas."""
    known = _analysed(morphology, irregular)
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        analysis = known.get(word)
        if analysis is None:
            analysis = known[word] = _analyse(word, MORPHOLOGY.get(morphology or "", _identity), irregular)
        out.append(Token(word, analysis[0], offset + m.start(), offset + m.end(), analysis[1]))
    return out


# word -> (lower, lemmas), per morphology and irregular table: news repeats its words, so most
# tokens are a dictionary lookup. Bounded: a table is dropped when it grows past the limit.
_ANALYSED: dict[tuple[str | None, int], tuple[Any, dict[str, tuple[str, frozenset[str]]]]] = {}
_ANALYSED_LIMIT = 300_000


def _analysed(morphology: str | None, irregular: dict[str, str] | None) -> dict[str, tuple[str, frozenset[str]]]:
    key = (morphology, id(irregular))
    entry = _ANALYSED.get(key)
    # the table keeps its irregular dict alive and is checked by identity, so an id is never reused
    if entry is None or entry[0] is not irregular or len(entry[1]) > _ANALYSED_LIMIT:
        entry = _ANALYSED[key] = (irregular, {})
    return entry[1]


def _analyse(word: str, lemmatise, irregular: dict[str, str] | None) -> tuple[str, frozenset[str]]:
    lower = word.lower().replace("’", "'")
    lemmas = lemmatise(lower)
    if irregular and lower in irregular:
        lemmas = lemmas | {irregular[lower]}
    return lower, lemmas


@lru_cache(maxsize=200_000)
def _identity(word: str) -> frozenset[str]:
    return frozenset((word,))


# --- Indonesian and Malay: prefixes, suffixes, nasal assimilation, reduplication -------------------
_ID_PARTICLES = ("nya", "lah", "kah", "pun", "tah")
_ID_SUFFIXES = ("kan", "an", "i")
# prefix -> letters the root may have lost to nasal assimilation (meN-, peN-)
_ID_NASAL = {"meny": "s", "mem": "p", "men": "t", "meng": "k", "peny": "s", "pem": "p", "pen": "t", "peng": "k"}
_ID_NOMINAL_PREFIXES = {"penge", "peng", "peny", "pem", "pen", "pe", "ke", "se"}
_ID_PREFIXES = ("memper", "diper", "menge", "penge", "meng", "meny", "mem", "men", "me", "peng", "peny", "pem",
                "pen", "per", "pe", "ber", "be", "bel", "ter", "te", "di", "ke", "se")


@lru_cache(maxsize=200_000)
def indonesian_lemmas(word: str) -> frozenset[str]:
    """Roots reachable by undoing verbal affixes, plain; roots reached through nominal affixes
    (peN-, per-…-an, ke-…-an, -an) carry the prefix "n:" so that a verb entry does not fire on a
    noun ("perjanjian" is an agreement, not a promise)."""
    out = {word}
    if "-" in word:  # reduplication: "negara-negara" -> "negara"
        head, _, tail = word.partition("-")
        if head == tail or tail.endswith(head) or head.endswith(tail):
            out.add(head)
        word = word.replace("-", "")
        out.add(word)
    stems = {word}
    for particle in _ID_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 3:
            stems.add(word[: -len(particle)])
    out |= stems
    for stem in stems:
        for suffix in ("", *_ID_SUFFIXES):
            if suffix and not (stem.endswith(suffix) and len(stem) - len(suffix) >= 3):
                continue
            base = stem[: len(stem) - len(suffix)] if suffix else stem
            nominal_suffix = suffix == "an"
            if suffix:
                out.add(("n:" if nominal_suffix else "") + base)
            for prefix in _ID_PREFIXES:
                if not base.startswith(prefix) or len(base) - len(prefix) < 3:
                    continue
                nominal = nominal_suffix or prefix in _ID_NOMINAL_PREFIXES
                tag = "n:" if nominal else ""
                root = base[len(prefix):]
                out.add(tag + root)
                lost = _ID_NASAL.get(prefix)
                if lost and root[0] in "aeiou":
                    out.add(tag + lost + root)
                for inner in ("per", "ber", "ke"):  # stacked: "diperkuat", "memperdalam"
                    if root.startswith(inner) and len(root) - len(inner) >= 3:
                        out.add(tag + root[len(inner):])
    return frozenset(out)


# --- English: inflection only ----------------------------------------------------------------------
@lru_cache(maxsize=200_000)
def english_lemmas(word: str) -> frozenset[str]:
    out = {word}
    if word.endswith("'s"):
        word = word[:-2]
        out.add(word)
    if len(word) > 3:
        if word.endswith("ies"):
            out.add(word[:-3] + "y")
        if word.endswith("es"):
            out.add(word[:-2])
        if word.endswith("s") and not word.endswith("ss"):
            out.add(word[:-1])
        if word.endswith("ied"):
            out.add(word[:-3] + "y")
        if word.endswith("ed"):
            stem = word[:-2]
            out.update((stem, stem + "e", word[:-1]))
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.add(stem[:-1])
        if word.endswith("ing"):
            stem = word[:-3]
            out.update((stem, stem + "e"))
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.add(stem[:-1])
    return frozenset(out)


# --- Spanish: verb endings and plurals, enough to meet lexicon stems -------------------------------
_ES_ENDINGS = ("aron", "ieron", "ando", "iendo", "ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas",
               "aba", "aban", "ará", "arán", "ería", "erán", "irá", "irán", "ó", "ió", "an", "en", "a", "e",
               "ar", "er", "ir", "as", "es", "os", "s", "amos", "emos", "imos", "ían", "ía", "ará", "ase")


@lru_cache(maxsize=200_000)
def spanish_lemmas(word: str) -> frozenset[str]:
    out = {word}
    for ending in _ES_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            out.add(word[: -len(ending)])
    return frozenset(out)


# --- Arabic: attached conjunctions, prepositions and the article; feminine, plural and pronoun endings
_AR_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك", "س")
_AR_SUFFIXES = ("ات", "ون", "ين", "ان", "ها", "هم", "وا", "ية", "ة", "ه", "ي", "ت")


@lru_cache(maxsize=200_000)
def arabic_lemmas(word: str) -> frozenset[str]:
    word = word.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي")
    out = {word}
    stems = {word}
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            stems.add(word[len(prefix):])
    for stem in list(stems):
        out.add(stem)
        for suffix in _AR_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                out.add(stem[: -len(suffix)])
    return frozenset(out)


MORPHOLOGY = {"indonesian": indonesian_lemmas, "english": english_lemmas, "spanish": spanish_lemmas,
              "arabic": arabic_lemmas}

