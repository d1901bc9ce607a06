"""Stage 7: date expressions in text, resolved against the publication date, with precision.

Own rules over the language files' month and weekday tables: general date parsers invent month
and day for "pada tahun 2020" and are slow when the language is not given.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .knowledge import Knowledge


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    value: str  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # year | month | day


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _iso(y: int, m: int | None = None, d: int | None = None) -> tuple[str, str] | None:
    try:
        if d is not None and m is not None:
            return date(y, m, d).isoformat(), "day"
        if m is not None:
            date(y, m, 1)
            return f"{y:04d}-{m:02d}", "month"
        return f"{y:04d}", "year"
    except ValueError:
        return None


def word_alternation(words) -> str:
    """An alternation of the words as a prefix tree ("jan(?:uari|uary)?|jun(?:e|i)…"), which the
    regular-expression engine tries in a few steps instead of one word after another. Longer words
    win over their prefixes, as the plain longest-first alternation did."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if ends else body


@dataclass
class _Rules:
    months: dict[str, int]
    weekdays: dict[str, int]
    order: str
    relative: dict[str, tuple[str, int]]
    numbers: dict[str, int]
    patterns: list[tuple[str, re.Pattern]]
    # per pattern: the words it can start with ("#" for any number); it is tried only there
    starts: dict[str, frozenset[str]]
    anchors: re.Pattern  # finds every word any pattern can start with
    # "in June": a month named alone counts only after one of these words
    month_before: frozenset[str] = frozenset()


_DIGIT_START = "#"


def _first_words(words) -> frozenset[str]:
    return frozenset(m.group(0).lower() for w in words if (m := re.match(r"\w+", str(w).lower())))


@lru_cache(maxsize=16)
def _rules(kb: Knowledge, lang: str | None) -> _Rules:
    data = kb.languages.get(lang or "", kb.languages.get("en", {}))
    months = {k.lower(): int(v) for k, v in (data.get("months") or {}).items()}
    weekdays = {k.lower(): int(v) for k, v in (data.get("weekdays") or {}).items()}
    numbers = {k.lower(): int(v) for k, v in (data.get("number_words") or {}).items()}
    relative = {k.lower(): (v[0], int(v[1])) for k, v in (data.get("relative_dates") or {}).items()}
    mon = word_alternation(months) or "(?!)"
    wd = word_alternation(weekdays) or "(?!)"
    num = word_alternation(numbers) or "(?!)"
    ago = word_alternation(data.get("days_ago_after") or []) or "(?!)"
    last_after = word_alternation(data.get("last_weekday_after") or []) or "(?!)"
    next_after = word_alternation(data.get("next_weekday_after") or []) or "(?!)"
    last_before = word_alternation(data.get("last_weekday_before") or []) or "(?!)"
    next_before = word_alternation(data.get("next_weekday_before") or []) or "(?!)"
    rel = word_alternation(relative) or "(?!)"
    b, e = r"(?<![\w/])", r"(?![\w/])"
    patterns = [
        ("numeric", re.compile(rf"{b}(\d{{1,4}})[/.-](\d{{1,2}})[/.-](\d{{2,4}}){e}")),
        ("d_mon_y", re.compile(rf"{b}(\d{{1,2}})\s+(?:de\s+)?({mon})\.?(?:\s+(?:de\s+)?(\d{{4}}))?{e}", re.I)),
        ("mon_d_y", re.compile(rf"{b}({mon})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?{e}", re.I)),
        ("mon_y", re.compile(rf"{b}({mon})\.?\s+(?:de\s+|del\s+)?(\d{{4}}){e}", re.I)),
        # tried at the month, not at "in"/"by", which stand everywhere; the word before is checked after
        ("month_only", re.compile(rf"{b}({mon}){e}", re.I)),
        ("days_ago", re.compile(rf"{b}(\d+|{num})\s+(?:{ago}){e}", re.I)),
        ("last_wd", re.compile(rf"{b}(?:(?:{last_before})\s+({wd})|({wd})\s+(?:{last_after})){e}", re.I)),
        ("next_wd", re.compile(rf"{b}(?:(?:{next_before})\s+({wd})|({wd})\s+(?:{next_after})){e}", re.I)),
        ("relative", re.compile(rf"{b}({rel}){e}", re.I)),
        ("weekday", re.compile(rf"{b}({wd}){e}", re.I)),
        ("year", re.compile(r"(?<![\w/.,-])(1[89]\d\d|20\d\d)(?![\w/]|[.,]\d)")),
    ]
    digit = frozenset((_DIGIT_START,))
    first_month, first_wd = _first_words(months), _first_words(weekdays)
    starts = {
        "numeric": digit, "d_mon_y": digit, "year": digit, "mon_d_y": first_month, "mon_y": first_month,
        "days_ago": digit | _first_words(numbers), "month_only": first_month,
        "last_wd": first_wd | _first_words(data.get("last_weekday_before") or []),
        "next_wd": first_wd | _first_words(data.get("next_weekday_before") or []),
        "relative": _first_words(relative), "weekday": first_wd,
    }
    firsts = word_alternation(frozenset().union(*starts.values()) - digit) or "(?!)"
    anchors = re.compile(rf"(?<![\w/])(?:\d\w*|(?:{firsts})(?!\w))", re.I)
    month_before = frozenset(str(w).lower() for w in data.get("month_prepositions") or ())
    return _Rules(months, weekdays, data.get("date_order", "dmy"), relative, numbers, patterns, starts, anchors,
                  month_before)


def _shift(ref: date, unit: str, n: int) -> tuple[str, str] | None:
    if unit == "day":
        return (ref + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return (ref + timedelta(weeks=n)).isoformat()[:10], "day"
    if unit == "month":
        m = ref.month - 1 + n
        return _iso(ref.year + m // 12, m % 12 + 1)
    return _iso(ref.year + n)


def find_dates(text: str, kb: Knowledge, lang: str | None, published: str | None) -> list[DateMention]:
    """Every date expression in `text`; relative ones only when the publication date is known."""
    rules = _rules(kb, lang)
    ref = parse_iso(published)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    # every pattern starts at a word; trying each only where its possible first words stand is
    # the same as scanning the whole text with it, and several times faster
    words = [(m.start(), m.group(0).lower()) for m in rules.anchors.finditer(text)]
    for name, rx in rules.patterns:
        allowed = rules.starts[name]
        digits = _DIGIT_START in allowed
        reach = -1
        for pos, word in words:
            if pos < reach or not (word in allowed or (digits and word[0].isdigit())):
                continue
            m = rx.match(text, pos)
            if m is None:
                continue
            reach = m.end()
            if not free(m.start(), m.end()):
                continue
            if name == "month_only" and _word_before(text, m.start()) not in rules.month_before:
                continue
            got = _resolve(name, m, rules, ref)
            if got:
                taken.append((m.start(), m.end()))
                out.append(DateMention(m.start(), m.end(), got[0], got[1]))
    out.sort(key=lambda d: d.start)
    return out


def _word_before(text: str, pos: int) -> str:
    before = text[max(0, pos - 20):pos].split()
    return before[-1].lower() if before else ""


def _year(text: str | None, ref: date | None) -> int | None:
    if text:
        y = int(text)
        return y + 2000 if y < 100 else y
    return ref.year if ref else None


def _resolve(name: str, m: re.Match, rules: _Rules, ref: date | None) -> tuple[str, str] | None:
    g = m.groups()
    if name == "numeric":
        a, b_, c = int(g[0]), int(g[1]), g[2]
        if len(g[0]) == 4:
            return _iso(a, b_, int(c))
        day, month = (a, b_) if rules.order != "mdy" else (b_, a)
        if month > 12 and day <= 12:
            day, month = month, day
        return _iso(_year(c, ref) or 0, month, day) if c else None
    if name == "d_mon_y":
        y = _year(g[2], ref)
        return _iso(y, rules.months[g[1].lower()], int(g[0])) if y else None
    if name == "mon_d_y":
        y = _year(g[2], ref)
        return _iso(y, rules.months[g[0].lower()], int(g[1])) if y else None
    if name == "mon_y":
        return _iso(int(g[1]), rules.months[g[0].lower()])
    if name == "year":
        return _iso(int(g[0]))
    if ref is None:
        return None
    if name == "month_only":
        # "in June": the nearest June — this year's unless that is more than a quarter ahead
        month = rules.months[g[0].lower()]
        year = ref.year if month <= ref.month + 3 else ref.year - 1
        return _iso(year, month)
    if name == "days_ago":
        n = int(g[0]) if g[0].isdigit() else rules.numbers.get(g[0].lower(), 0)
        return (ref - timedelta(days=n)).isoformat(), "day"
    if name in ("last_wd", "weekday"):
        wd = rules.weekdays[(g[0] or (g[1] if len(g) > 1 else None) or "").lower()]
        back = (ref.weekday() - wd) % 7
        if name == "last_wd" and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat(), "day"
    if name == "next_wd":
        wd = rules.weekdays[(g[0] or g[1]).lower()]
        ahead = (wd - ref.weekday()) % 7 or 7
        return (ref + timedelta(days=ahead)).isoformat(), "day"
    if name == "relative":
        unit, n = rules.relative[g[0].lower()]
        return _shift(ref, unit, n)
    return None


def dateline(text: str, kb: Knowledge, lang: str | None, window: int = 300) -> str | None:
    """The publication date a news text states where news states it: in its dateline ("ASTANA,
    Nov. 7, 2025 (Wire) -") or as the weekday and date of its opening sentence ("JAKARTA, KOMPAS —
    …, Kamis (6/11/2025), …"). A date told in the story ("signed on 15 September 2020") is not one."""
    head = text[:window]
    spans = datelines(head)
    opening = _SENTENCE_END.search(head)
    opening_end = opening.end() if opening else len(head)
    weekdays = _rules(kb, lang).weekdays
    for found in find_dates(head, kb, lang, None):
        if found.precision != "day":
            continue
        if in_spans(spans, found.start):
            return found.value
        before = head[:found.start].rstrip()
        if found.start < opening_end and before.endswith("("):
            words = before[:-1].split()
            if words and words[-1].strip(",").lower() in weekdays:
                return found.value
    return None


_SENTENCE_END = re.compile(r"[.!?](?=\s)")


# "ANKARA, March 3 (Wire) -", "JAKARTA, KOMPAS —", "09:15 GMT -": where and when a report was
# filed. Places named there are mentions, but not parties to the events of the sentence.
_DATELINE = re.compile(r"^(?:[A-Z][A-Z .'’-]{1,40}|\d{1,2}[:.]\d{2}(?: [A-Z]{2,4})?)(?:,[^\n—–]{0,40}?)?\s+[—–-]{1,2}\s",
                       re.M)


def datelines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text)]


def in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` falls in one of the sorted, disjoint `spans`."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and pos < spans[k][1]
