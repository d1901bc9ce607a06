"""Names to spans: one Aho-Corasick automaton per document language over every name the
knowledge base has in that language, in English and in the language-independent `xx`."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ..knowledge import Knowledge

# Suffixes a name may carry and still be that name ("Israelnya", "Israel's" is split off anyway).
_NAME_SUFFIXES = {"id": ("nya",), "ms": ("nya",)}


@dataclass(frozen=True, slots=True)
class Entry:
    """One way of writing an actor (or a title, or a coreference phrase)."""

    target: str  # actor id, office key, or coreference class
    kind: str  # country | person | organization | group | agreement | title | coref:<class>
    via: str  # name | demonym | metonym | title | coreference
    surface: str
    exact_case: bool
    capitalised: bool
    ambiguous: bool = False


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    entries: tuple[Entry, ...]


def _exact_case(name: str) -> bool:
    # Short all-capital forms (AS, UEA, PBB, U.S.) are acronyms only when written in capitals.
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters) and len(name) <= 6


def _fold_char(c: str) -> str:
    low = c.lower()
    if len(low) != 1:
        return c
    base = "".join(ch for ch in unicodedata.normalize("NFD", low) if not unicodedata.combining(ch))
    return base if len(base) == 1 else low


# Latin letters with diacritics fold to their base: "António" and "Antonio" are one name.
_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0xC0, 0x250)}


def _fold(text: str) -> str:
    """Lower case without Latin diacritics that keeps every offset (one character for one)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_FOLD_TABLE)


class Matcher:
    def __init__(self, entries: dict[str, list[Entry]], lang: str | None):
        self.lang = lang
        self.suffixes = _NAME_SUFFIXES.get(lang or "", ())
        self.automaton = ahocorasick.Automaton()
        for key, values in entries.items():
            self.automaton.add_word(key, (len(key), tuple(values)))
        if entries:
            self.automaton.make_automaton()
        self.empty = not entries

    def _boundary_after(self, text: str, end: int) -> int | None:
        if end >= len(text) or not (text[end].isalnum() or text[end] == "_"):
            return end
        for suffix in self.suffixes:
            stop = end + len(suffix)
            if text[end:stop].lower() == suffix and (stop >= len(text) or not text[stop].isalnum()):
                return end
        return None

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest, non-overlapping hits on whole words, with case rules applied."""
        if self.empty or not text:
            return []
        folded = _fold(text)
        candidates: list[Hit] = []
        for last, (length, entries) in self.automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if self._boundary_after(text, end) is None:
                continue
            surface = text[start:end]
            kept = tuple(e for e in entries if _case_ok(e, surface))
            if kept:
                candidates.append(Hit(start, end, kept))
        candidates.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[Hit] = []
        reach = -1
        for hit in candidates:
            if hit.start >= reach:
                out.append(hit)
                reach = hit.end
        return out


def _case_ok(entry: Entry, surface: str) -> bool:
    if entry.exact_case:
        return surface == entry.surface
    if entry.capitalised:
        return surface[:1].isupper()
    return True


def _add(table: dict[str, list[Entry]], name: str, entry_args: dict) -> None:
    name = name.strip()
    if len(name) < 2:
        return
    entry = Entry(surface=name, exact_case=_exact_case(name), capitalised=name[:1].isupper(), **entry_args)
    bucket = table.setdefault(_fold(name), [])
    if entry not in bucket:
        bucket.append(entry)


@lru_cache(maxsize=16)
def build_matcher(kb: Knowledge, lang: str | None) -> Matcher:
    """The matcher for one document language; built once per process and language."""
    langs = {"en", "xx", lang} if lang else None
    table: dict[str, list[Entry]] = {}

    def wanted(code: str) -> bool:
        return langs is None or code in langs

    for actor in kb.actors.values():
        for via, field in (("name", actor.names), ("demonym", actor.demonyms), ("metonym", actor.metonyms)):
            for code, names in field.items():
                if not wanted(code):
                    continue
                for name in names:
                    _add(table, name, dict(target=actor.id, kind=actor.kind, via=via,
                                           ambiguous=name in actor.ambiguous))
    for office, names_by_lang in kb.titles.items():
        for code, names in names_by_lang.items():
            if wanted(code):
                for name in names:
                    _add(table, name, dict(target=office, kind="title", via="title"))
    for code, data in kb.languages.items():
        if not wanted(code) or code == "xx" and lang:
            continue
        coref = data.get("coreference") or {}
        for klass in ("pair", "single", "agreement"):
            for phrase in coref.get(klass) or []:
                _add(table, phrase.lower(), dict(target=klass, kind=f"coref:{klass}", via="coreference"))
        for phrase, group in (coref.get("region_single") or {}).items():
            _add(table, phrase.lower(), dict(target=group, kind="coref:region", via="coreference"))
        # phrases that contain a name but name no actor ("bahasa Inggris", "Amerika Latin"):
        # matched like names so that the longest match swallows the name, then dropped
        for phrase in data.get("not_actors") or []:
            _add(table, phrase, dict(target="", kind="block", via="block"))
    return Matcher(table, lang)
