"""Names to spans: one Aho-Corasick automaton per document language over every name the
knowledge base has in that language, in English and in the language-independent `xx`."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ..knowledge import Knowledge, derived



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


# Latin letters with diacritics fold to their base: "António" and "Antonio" are one name; the
# Arabic alef with hamza or madda folds to bare alef, alef maqsura to ya (spellings vary in news).
_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0xC0, 0x250)}
_FOLD_TABLE.update({ord(c): "\u0627" for c in "\u0623\u0625\u0622\u0671"})
_FOLD_TABLE[0x0649] = "\u064a"
_FOLD_TABLE = {cp: c for cp, c in _FOLD_TABLE.items() if c != chr(cp)}


def _char_class(codepoints: Iterable[int]) -> str:
    """A regular-expression class of the code points, as ranges."""
    parts: list[str] = []
    run: list[int] = []
    for cp in sorted(codepoints):
        if run and cp == run[-1] + 1:
            run.append(cp)
            continue
        if run:
            parts.append(re.escape(chr(run[0])) + ("-" + re.escape(chr(run[-1])) if len(run) > 1 else ""))
        run = [cp]
    if run:
        parts.append(re.escape(chr(run[0])) + ("-" + re.escape(chr(run[-1])) if len(run) > 1 else ""))
    return "[" + "".join(parts) + "]"


_FOLDABLE = re.compile(_char_class(_FOLD_TABLE))


def _fold(text: str) -> str:
    """Lower case without Latin diacritics that keeps every offset (one character for one)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if low.isascii():
        return low
    # a substitution touches only the few characters that fold: far faster than str.translate
    return _FOLDABLE.sub(_fold_match, low)


def _fold_match(m: re.Match) -> str:
    return _FOLD_TABLE[ord(m.group())]


class Matcher:
    def __init__(self, entries: dict[str, list[Entry]], lang: str | None,
                 prefixes: tuple[str, ...] = (), suffixes: tuple[str, ...] = ()):
        self.lang = lang
        # clitics a name may carry and still be that name: Indonesian "Israelnya", Arabic "والعراق"
        self.prefixes = tuple(sorted((_fold(p) for p in prefixes), key=len, reverse=True))
        self.suffixes = tuple(sorted((_fold(p) for p in suffixes), key=len, reverse=True))
        self.automaton = ahocorasick.Automaton()
        # Without attached prefixes, keys carry their word boundaries ("\x01israel\x01" over a text
        # whose non-word characters are all "\x01"): only whole words are ever reported, which keeps
        # the scan fast however many short names there are. Suffixes become extra keys.
        self.bounded = not self.prefixes
        for key, values in entries.items():
            if self.bounded:
                for suffix in ("", *self.suffixes):
                    bounded = _SEP + _bound(key) + suffix + _SEP
                    self.automaton.add_word(bounded, (len(bounded), len(suffix) + 1, tuple(values)))
            else:
                self.automaton.add_word(key, (len(key), 0, tuple(values)))
        if entries:
            self.automaton.make_automaton()
        self.empty = not entries

    def _boundary_after(self, folded: str, end: int) -> bool:
        if end >= len(folded) or not (folded[end].isalnum() or folded[end] == "_"):
            return True
        for suffix in self.suffixes:
            stop = end + len(suffix)
            if folded.startswith(suffix, end) and (stop >= len(folded) or not folded[stop].isalnum()):
                return True
        return False

    def _boundary_before(self, folded: str, start: int) -> bool:
        if start == 0 or not (folded[start - 1].isalnum() or folded[start - 1] == "_"):
            return True
        for prefix in self.prefixes:
            begin = start - len(prefix)
            if begin >= 0 and folded.startswith(prefix, begin) and (begin == 0 or not folded[begin - 1].isalnum()):
                return True
        return False

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest, non-overlapping hits on whole words, with case rules applied."""
        if self.empty or not text:
            return []
        folded = _fold(text)
        candidates: list[Hit] = []
        n = len(folded)
        if self.bounded:
            # one sentinel before the text shifts every index by one: a key "\x01name\x01" ending at
            # index `last` covers original characters [last - length + 1, last - tail)
            scan = (_SEP + _bound(folded) + _SEP, True)
        else:
            scan = (folded, False)
        for last, (length, tail, entries) in self.automaton.iter(scan[0]):
            if scan[1]:
                start, end = last - length + 1, last - tail
            else:
                start, end = last - length + 1, last + 1
                # whole words only; the clitic checks run only where a letter touches the name
                if start and (folded[start - 1].isalnum() or folded[start - 1] == "_") \
                        and not self._boundary_before(folded, start):
                    continue
                if end < n and (folded[end].isalnum() or folded[end] == "_") \
                        and not (self.suffixes and self._boundary_after(folded, end)):
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


_SEP = "\x01"
# Characters that are not part of a word (combining marks are: Indic vowel signs, Arabic harakat).
_NON_WORD = {cp: _SEP for cp in range(0x3100)
             if not (chr(cp).isalnum() or chr(cp) == "_" or unicodedata.category(chr(cp)).startswith("M"))}
_NON_WORD.update({cp: _SEP for cp in range(0xFE30, 0xFF20) if not chr(cp).isalnum()})


_NON_WORD_RX = re.compile(_char_class(_NON_WORD))


def _bound(text: str) -> str:
    """Every non-word character becomes the sentinel, one for one, so offsets do not move."""
    return _NON_WORD_RX.sub(_SEP, text)


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


MATCHER_VERSION = 5  # bump when Matcher or Entry change shape: cached matchers are then rebuilt


@lru_cache(maxsize=16)
def build_matcher(kb: Knowledge, lang: str | None) -> Matcher:
    """The matcher for one document language; built once per version of the knowledge files."""
    import gc

    matcher = derived(kb, f"matcher-{lang or 'all'}-v{MATCHER_VERSION}", lambda: _build_matcher(kb, lang))
    gc.freeze()  # like the knowledge base, its entries live as long as the process
    return matcher


def _build_matcher(kb: Knowledge, lang: str | None) -> Matcher:
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
                    args = dict(target=actor.id, kind=actor.kind, via=via, ambiguous=name in actor.ambiguous)
                    _add(table, name, args)
                    if via == "demonym" and code == "en" and name[-1:].isalpha() and not name.endswith(("s", "sh", "ch", "ese")):
                        _add(table, name + "s", args)  # "Israelis", "Palestinians"
        listed = {n for field in (actor.names, actor.demonyms, actor.metonyms) for ns in field.values() for n in ns}
        for name in actor.ambiguous - listed:  # names given only as ambiguous ("WHO", "Security Council")
            _add(table, name, dict(target=actor.id, kind=actor.kind, via="name", ambiguous=True))
    for office, names_by_lang in kb.titles.items():
        for code, names in names_by_lang.items():
            if wanted(code):
                for name in names:
                    _add(table, name, dict(target=office, kind="title", via="title"))
    for code, data in kb.languages.items():
        if not wanted(code) or code == "xx" and lang:
            continue
        coref = data.get("coreference") or {}
        for klass in ("pair", "trio", "pair_people", "single", "government", "police", "organisation", "agreement",
                      "pronoun_person", "pronoun_single", "pronoun_plural", "statement"):
            for phrase in coref.get(klass) or []:
                _add(table, phrase.lower(), dict(target=klass, kind=f"coref:{klass}", via="coreference"))
        clauses = data.get("clauses") or {}
        after = data.get("demonstrative_position", "before") == "after"
        for noun in clauses.get("agreement_nouns") or []:
            if str(noun).startswith("n:"):
                continue
            for dem in clauses.get("demonstratives") or []:
                phrase = f"{noun} {dem}" if after else f"{dem} {noun}"
                _add(table, phrase.lower(), dict(target="agreement", kind="coref:agreement", via="coreference"))
        for phrase, size in (coref.get("counted") or {}).items():
            _add(table, str(phrase).lower(), dict(target=str(int(size)), kind="coref:counted", via="coreference"))
        for phrase, group in (coref.get("region_single") or {}).items():
            _add(table, phrase.lower(), dict(target=group, kind="coref:region", via="coreference"))
        # phrases that contain a name but name no actor ("bahasa Inggris", "Amerika Latin"):
        # matched like names so that the longest match swallows the name, then dropped
        for phrase in data.get("not_actors") or []:
            _add(table, phrase, dict(target="", kind="block", via="block"))
    data = kb.languages.get(lang or "", {})
    return Matcher(table, lang, tuple(data.get("name_prefixes") or ()), tuple(data.get("name_suffixes") or ()))
