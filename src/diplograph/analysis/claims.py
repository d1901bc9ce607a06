"""Claim checks: statements of a document that contradict the knowledge base at its date.

Three kinds, each finding with the quote, its offsets, the claim as read, the fact it
contradicts and that fact's source:

* office — a title bound to a person ("mantan Presiden AS, Donald Trump", "President Joe Biden")
  checked against the person's terms at the publication date, or at a date the sentence gives;
* membership — when an agreement began ("the accords began in 2019"), who joined it when
  ("Kazakhstan joined the accords in 2020"), ordinal claims ("Morocco, the third Arab state to
  join"), and "X is (not) a member of" statements, against the agreement's sourced members;
* calendar — a weekday next to a date ("Kamis, 7 November 2025": a Friday), a day that does
  not exist ("31 November").

Precision comes first: a statement the rules cannot pin down (a modal "would join", a title
"at the time", an unknown group in "the first X state") is left alone. Severity: `high` for a
direct contradiction of a sourced fact, `medium` for an inconsistency that a reader may explain
(an ordinal, a weekday, a year off by one, a title of an office left), `low` for conventions
that are often meant loosely (a former holder still called by the title in a dated context).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date as _date
from functools import lru_cache
from typing import Any, Iterable

from ..dates import word_alternation
from ..knowledge import Actor, Knowledge, Membership
from ..model import Document, Mention, Sentence
from .vocab import join_lemmas, morphology, phrase_rx, vocab

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _finding(kind: str, severity: str, doc: Document, start: int, end: int, claim: str, fact: str,
             source: str, sentence: Sentence | None = None) -> dict[str, Any]:
    return {"kind": kind, "severity": severity, "quote": doc.text[start:end], "start": start, "end": end,
            "claim": claim, "fact": fact, "source": source,
            "sentence": sentence.text if sentence else None, "doc_id": doc.id, "date": doc.date}


def check_document(doc: Document, kb: Knowledge) -> list[dict[str, Any]]:
    """Every finding of the document, in text order."""
    out: list[dict[str, Any]] = []
    out += _office_claims(doc, kb)
    out += _membership_claims(doc, kb)
    out += _calendar_claims(doc, kb)
    seen: set[tuple] = set()
    unique = []
    for f in sorted(out, key=lambda f: (f["start"], _SEVERITY_ORDER[f["severity"]])):
        key = (f["kind"], f["start"], f["end"], f["claim"])
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def findings_for(docs: Iterable[Document], kb: Knowledge) -> dict[str, list[dict[str, Any]]]:
    """{doc id: findings} for Store.write."""
    return {d.id: check_document(d, kb) for d in docs}


# -- shared helpers ------------------------------------------------------------------------------
def _country_before(inside: list[Mention], pos: int, reach: int = 40) -> Mention | None:
    """The nearest country named just before `pos` (the subject of a membership claim)."""
    before = [c for c in inside if c.kind == "country" and c.end <= pos and pos - c.end <= reach]
    return before[-1] if before else None


def _sentence_at(doc: Document, pos: int) -> Sentence | None:
    k = bisect_right(doc.sentences, pos, key=lambda s: s.start) - 1  # sentences come in text order
    if k >= 0 and pos < doc.sentences[k].end:
        return doc.sentences[k]
    return None


def _sentences(doc: Document, kb: Knowledge) -> list[Sentence]:
    if not doc.sentences:
        from ..sentences import split_sentences

        doc.sentences = split_sentences(doc.text, kb, doc.lang)
    return doc.sentences


def _year_span(value: str) -> tuple[str, str]:
    """The first and last day a date of any precision covers, as ISO strings."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value[:10], value[:10]


def _held(o: Any, lo: str, hi: str) -> bool:
    return (o.start or "") <= hi and (o.end is None or lo < o.end)


def _sentence_dates(doc: Document, kb: Knowledge, s: Sentence | None) -> list[str]:
    if s is None:
        return []
    from ..dates import find_dates

    return [d.value for d in find_dates(s.text, kb, doc.lang, doc.date)]


def _modal_before(kb: Knowledge, lang: str | None, text: str) -> bool:
    """A future, hypothetical or negation marker of the language in `text` (the words before a verb)."""
    data = (kb.languages.get(lang or "") or {}).get("modality") or {}
    words = [*(data.get("future") or []), *(data.get("hypothetical") or []), *(data.get("negation") or [])]
    cancel = phrase_rx(data.get("not_negation"))
    return bool(phrase_rx(words).search(cancel.sub(" ", text)))


def _after_or_at(date_value: str | None, ref: str) -> bool:
    return bool(date_value) and date_value >= ref  # type: ignore[operator]


# -- offices -------------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _title_rx(kb: Knowledge, lang: str | None) -> list[tuple[str, re.Pattern]]:
    out = []
    for key, names in kb.titles.items():
        words = [n for code in {lang or "en", "en"} for n in names.get(code, [])]
        if words:
            out.append((key, phrase_rx(words)))
    return out


def _office_words(kb: Knowledge, lang: str | None, text: str) -> list[str]:
    return [key for key, rx in _title_rx(kb, lang) if rx.search(text)]


def _person_name_at_end(person: Actor, text: str) -> str | None:
    names = sorted({n for values in person.names.values() for n in values}, key=len, reverse=True)
    for n in names:
        if text.endswith(n) and len(n) >= 3:
            return n
    return None


_OFFICE_GROUPS = ({"prime-minister", "head-of-government", "chancellor"},)


def _related(keys: list[str]) -> set[str]:
    out = set(keys)
    for group in _OFFICE_GROUPS:
        if out & group:
            out |= group
    return out


def _office_label(key: str, country: str | None, org: str | None = None) -> str:
    where = country or org
    return key.replace("-", " ") + (f" of {where}" if where else "")


def _office_claims(doc: Document, kb: Knowledge) -> list[dict[str, Any]]:
    if not doc.date:
        return []
    v = vocab(doc.lang)
    former_rx = re.compile(rf"(?:{phrase_rx(v.get('former')).pattern})[\s-]*$", re.I)
    then_rx = phrase_rx(v.get("then"))
    elect_rx = phrase_rx(v.get("elect"))
    _sentences(doc, kb)
    out = []
    mentions = sorted(doc.mentions, key=lambda m: (m.start, -m.end))
    for i, m in enumerate(mentions):
        if m.kind != "person":
            continue
        person = kb.actor(m.id)
        if person is None or not person.offices:
            continue
        bound = _bound_title(doc, kb, m, mentions, i, person)
        if bound is None:
            continue
        span_start, span_end, title_text, country, name_first = bound
        keys = _related(_office_words(kb, doc.lang, title_text))
        if not keys:
            continue
        prefix = doc.text[max(0, span_start - 30):span_start]
        after = doc.text[span_end:span_end + 25]
        if name_first:
            former = bool(re.search(rf"^\s*,\s*(?:the\s+|sang\s+)?(?:{phrase_rx(v.get('former')).pattern})",
                                    doc.text[m.end:span_start + 1], re.I)) or \
                bool(re.search(phrase_rx(v.get("former")).pattern, title_text, re.I))
        else:
            former = bool(former_rx.search(prefix))
        if then_rx.search(prefix[-15:]) or then_rx.search(title_text) or then_rx.match(after.lstrip(" ,")) \
                or elect_rx.search(title_text) or elect_rx.match(after.lstrip(" ,")):
            continue
        spells = [o for o in person.offices if o.office in keys
                  and (country is None or o.country == country or o.organization == country)]
        quote_start = span_start - len(former_rx.search(prefix).group(0)) if (former and not name_first) else span_start
        s = _sentence_at(doc, m.start)
        when = doc.date
        now = [o for o in spells if _held(o, when, when)]
        sdates = _sentence_dates(doc, kb, s)
        office_key = sorted(keys & {o.office for o in person.offices} or keys)[0]
        label = _office_label(office_key, country)
        if former:
            if now:
                if any(not any(_held(o, *_year_span(d)) for o in spells) and
                       any((o.start or "") <= _year_span(d)[1] for o in spells) for d in sdates):
                    continue  # "in 2022, former President Trump…": former at the sentence's own date
                o = now[0]
                out.append(_finding("office", "high", doc, quote_start, span_end,
                                    f"{person.label} is a former {label} on {when}",
                                    f"{person.label} has held the office of {label} since {o.start} "
                                    f"(term in office on {when})", f"kb:{person.id}#{o.office} {o.source or ''}".strip(), s))
            elif not spells and country:
                others = [o for o in person.offices if o.country == country or o.organization == country]
                if others or kb.holders(office_key, country, when):
                    out.append(_finding("office", "medium", doc, quote_start, span_end,
                                        f"{person.label} once was {label}",
                                        f"the knowledge base records no term of {person.label} as {label}",
                                        f"kb:{person.id}", s))
            continue
        if now:
            continue
        if any(any(_held(o, *_year_span(d)) for o in spells) for d in sdates):
            continue  # the sentence is about a time the person held the office
        if spells:
            ended = [o for o in spells if o.end and o.end <= when]
            future = [o for o in spells if (o.start or "") > when]
            holders = kb.holders(office_key, country, when) if country else []
            holder = next((h for h in holders if h.id != person.id), None)
            if ended:
                o = max(ended, key=lambda o: o.end or "")
                fact = f"{person.label}'s term as {label} ended on {o.end}"
                if holder:
                    fact += f"; on {when} the office was held by {holder.label}"
                historical = _historical(kb, doc.lang, s.text if s else "")
                out.append(_finding("office", "low" if historical or not holder else "medium", doc, span_start,
                                    span_end, f"{person.label} is {label} on {when}", fact,
                                    f"kb:{person.id}#{o.office} {o.source or ''}".strip(), s))
            elif future:
                o = min(future, key=lambda o: o.start or "")
                out.append(_finding("office", "medium", doc, span_start, span_end,
                                    f"{person.label} is {label} on {when}",
                                    f"{person.label} took office as {label} only on {o.start}",
                                    f"kb:{person.id}#{o.office} {o.source or ''}".strip(), s))
        elif country:
            holders = [h for h in kb.holders(office_key, country, when) if h.id != person.id]
            if holders:
                out.append(_finding("office", "medium", doc, span_start, span_end,
                                    f"{person.label} is {label} on {when}",
                                    f"the knowledge base records no term of {person.label} as {label}; on {when} "
                                    f"the office was held by {holders[0].label}", f"kb:{holders[0].id}", s))
    return out


def _historical(kb: Knowledge, lang: str | None, text: str) -> bool:
    data = (kb.languages.get(lang or "") or {}).get("modality") or {}
    return bool(phrase_rx(data.get("historical")).search(text))


def _bound_title(doc: Document, kb: Knowledge, m: Mention, mentions: list[Mention], i: int, person: Actor
                 ) -> tuple[int, int, str, str | None, bool] | None:
    """(span start, span end, title text, country, name first) of a title bound to this person:
    "Presiden AS, Donald Trump" (title first) or "Joe Biden, mantan Presiden AS" (apposition)."""
    if m.via == "title":
        name = _person_name_at_end(person, m.text)
        if not name:
            return None  # a bare title resolved to its holder: true by construction
        title = m.text[: len(m.text) - len(name)].rstrip(" ,")
        country = next((c.id for c in mentions if c.kind == "country" and c.via != "office"
                        and m.start <= c.start < m.end), None)
        return m.start, m.end, title, country, False
    # apposition: a name, a comma, an optional "former", then a title (+ country) with no name
    tail = doc.text[m.end:m.end + 60]
    if not re.match(r"\s*,\s*", tail):
        return None
    for j in range(i + 1, min(i + 6, len(mentions))):
        t = mentions[j]
        if t.start - m.end > 30:
            break
        if t.kind == "person" and t.via == "title" and not _person_name_at_end(kb.actor(t.id), t.text):
            gap = doc.text[m.end:t.start]
            if not re.fullmatch(r"\s*,\s*(?:the\s+|sang\s+)?(?:\w+[\s-]+)?", gap, re.I):
                return None
            country = next((c.id for c in mentions if c.kind == "country" and c.via != "office"
                            and t.start <= c.start < t.end), None)
            return t.start, t.end, doc.text[m.end:t.end], country, True
    return None


# -- memberships ---------------------------------------------------------------------------------
def _memberships(kb: Knowledge, agreement_id: str) -> tuple[Actor, list[Membership]] | None:
    a = kb.actor(agreement_id)
    if a is None or not a.members:
        return None
    return a, [m for m in a.members]


def _member_at(ms: list[Membership], who: str, when: str | None) -> Membership | None:
    for m in ms:
        if m.member != who:
            continue
        start = m.announced or m.since or ""
        if when is None or (start <= when and (m.left is None or when < m.left)):
            return m
    return None


def _years(m: Membership) -> set[int]:
    return {int(d[:4]) for d in (m.announced, m.since) if d}


def _start_years(agreement: Actor, ms: list[Membership]) -> set[int]:
    years = {int(agreement.signed[:4])} if agreement.signed else set()
    announced = agreement.extra.get("announced")
    if announced:
        years.add(int(str(announced)[:4]))
    firsts = [d for m in ms for d in (m.announced, m.since) if d]
    if firsts:
        years.add(int(min(firsts)[:4]))
    return years


def _kb_ref(agreement_id: str, m: Membership | None = None) -> str:
    if m is None:
        return f"kb:{agreement_id}"
    return f"kb:{agreement_id}#{m.member} {m.source or ''}".strip()


def _countries_between(mentions: list[Mention], lo: int, hi: int) -> list[Mention]:
    return [m for m in mentions if lo <= m.start < hi and m.kind == "country"]


def _subject_list(doc: Document, mentions: list[Mention], verb_start: int, lo: int) -> list[Mention]:
    """The coordinated actor mentions just before a verb ("Israel, the UAE and Bahrain signed")."""
    before = [m for m in mentions if lo <= m.start and m.end <= verb_start]
    if not before:
        return []
    last = before[-1]
    gap = doc.text[last.end:verb_start]
    if len(gap) > 45 or re.search(r"[,;:—–(]", gap):
        return []
    out = [last]
    for m in reversed(before[:-1]):
        between = doc.text[m.end:out[-1].start]
        if re.fullmatch(r"\s*(?:,|,?\s*(?:and|dan|serta|&|as well as|bersama)\s)\s*(?:the\s+)?", between, re.I):
            out.append(m)
        else:
            break
    return list(reversed(out))


def _membership_claims(doc: Document, kb: Knowledge) -> list[dict[str, Any]]:
    from ..dates import datelines, in_spans
    from ..tokens import tokenize

    v = vocab(doc.lang)
    lines = datelines(doc.text)
    mentions = [m for m in sorted(doc.mentions, key=lambda m: (m.start, -m.end))
                if not in_spans(lines, m.start) and not (m.kind == "country" and m.via == "office")]
    # a country absorbed in a person's title ("Presiden AS Donald Trump") is not an actor of its own
    persons = [m for m in mentions if m.kind == "person"]
    mentions = [m for m in mentions if not (m.kind == "country" and any(p.start <= m.start < p.end and p is not m
                                                                           for p in persons))]
    if not any(m.kind == "agreement" and _memberships(kb, m.id) for m in mentions):
        return []
    join = join_lemmas(kb, doc.lang)
    start_l = {str(x).lower() for x in v.get("start_lemmas") or ()}
    breaks = phrase_rx(v.get("clause_breaks"))
    by_rx = phrase_rx(v.get("by"))
    out: list[dict[str, Any]] = []
    starts = [m.start for m in mentions]  # sorted: mentions come in text order
    for s in _sentences(doc, kb):
        inside = mentions[bisect_left(starts, s.start):bisect_left(starts, s.end)]
        agreements = [m for m in inside if m.kind == "agreement" and _memberships(kb, m.id)]
        if not agreements:
            continue
        tokens = tokenize(s.text, s.start, morphology(kb, doc.lang))
        for t in tokens:
            is_join = bool(t.lemmas & join)
            is_start = bool(t.lemmas & start_l)
            if not (is_join or is_start):
                continue
            out += _verb_claim(doc, kb, s, t.start, t.end, is_join, is_start, inside, agreements, breaks, by_rx)
        out += _ordinal_claims(doc, kb, s, inside, agreements, v)
        out += _member_of_claims(doc, kb, s, inside, agreements, v)
    return out


def _clause_end(doc: Document, s: Sentence, pos: int, breaks: re.Pattern) -> int:
    text = doc.text[pos:s.end]
    cut = len(text)
    for m in re.finditer(r"[;:—–()]|,\s*(?=\w)", text):
        rest = text[m.end():]
        if m.group(0).startswith(",") and not breaks.match(rest):
            continue
        cut = m.start()
        break
    return pos + cut


def _verb_claim(doc: Document, kb: Knowledge, s: Sentence, vstart: int, vend: int, is_join: bool, is_start: bool,
                inside: list[Mention], agreements: list[Mention], breaks: re.Pattern, by_rx: re.Pattern
                ) -> list[dict[str, Any]]:
    # the agreement this verb is about: the nearest agreement mention in the sentence
    ag = min(agreements, key=lambda a: abs(a.start - vstart))
    agreement, ms = _memberships(kb, ag.id)  # type: ignore[misc]
    clause_end = _clause_end(doc, s, vend, breaks)
    window = doc.text[vend:clause_end]
    year = re.search(r"(?<![\w/])(?:in|pada|tahun|pada tahun|di tahun|sejak|since)?\s*((?:19|20)\d\d)(?![\w/])", window)
    # words between the clause start and the verb that make it not a plain statement
    clause_start = s.start
    for m in re.finditer(r"[;:—–()]|,", doc.text[s.start:vstart]):
        clause_start = s.start + m.end()
    if _modal_before(kb, doc.lang, doc.text[max(clause_start, vstart - 40):vstart]):
        return []
    subjects = [m for m in _subject_list(doc, inside, vstart, s.start) if m.kind == "country"]
    nearest_before = [m for m in inside if m.end <= vstart]
    subject_is_agreement = bool(nearest_before) and nearest_before[-1].kind == "agreement" and not subjects
    if year:
        y = int(year.group(1))
        y_end = vend + year.end()
        # countries named with the verb before the year, and a "by …" list after it
        extra = _countries_between(inside, vend, vend + year.start())
        rest = doc.text[y_end:clause_end]
        by = by_rx.match(rest.lstrip())
        if by:
            extra += _countries_between(inside, y_end, clause_end)
        if year.group(0).strip().lower().startswith(("sejak", "since")):
            return []  # "a member since 1995" is a member-of claim
        who = subjects + extra
        quote_start = min([m.start for m in who] + [vstart, ag.start if ag.start >= clause_start else vstart])
        quote_end = y_end
        if by:
            quote_end = max([m.end for m in extra] + [y_end])
        found = []
        if not who and (subject_is_agreement or is_start) and (is_start or not subjects):
            starts = _start_years(agreement, ms)
            if y not in starts and starts:
                found.append(_finding("membership", "high", doc, min(quote_start, ag.start), quote_end,
                                      f"{agreement.label} began in {y}",
                                      f"{agreement.label} was signed on {agreement.signed}"
                                      + (f" (first announced {min(d for m in ms for d in (m.announced, m.since) if d)})"
                                         if ms else ""), _kb_ref(agreement.id) + "#signed", s))
            return found
        for c in who:
            m = _member_at(ms, c.id, None)
            if m is None:
                if c.id in {x.member for x in ms}:
                    continue  # a former member: its years are a history this check does not read
                found.append(_finding("membership", "high", doc, quote_start, quote_end,
                                      f"{c.id} joined or signed {agreement.label} in {y}",
                                      f"{c.id} is not a party to {agreement.label} in the knowledge base",
                                      _kb_ref(agreement.id), s))
            elif y not in _years(m):
                near = min(abs(y - k) for k in _years(m)) <= 1 if _years(m) else False
                found.append(_finding("membership", "medium" if near else "high", doc, quote_start, quote_end,
                                      f"{c.id} joined or signed {agreement.label} in {y}",
                                      f"{c.id} joined {agreement.label}: announced {m.announced or '—'}, "
                                      f"signed {m.since or '—'}", _kb_ref(agreement.id, m), s))
        return found
    if not is_join or not subjects or not doc.date:
        return []
    # "Saudi Arabia joined the Abraham Accords" (no year): a member at the publication date?
    if not (ag.start >= vend and ag.start - vend <= 40):
        return []  # the agreement must be the verb's object
    found = []
    for c in subjects:
        if _member_at(ms, c.id, doc.date) or _member_at(ms, c.id, _plus_days(doc.date, 1)):
            continue
        if c.id in {x.member for x in ms}:
            m = next(x for x in ms if x.member == c.id)
            if (m.announced or m.since or "") > doc.date:
                found.append(_finding("membership", "medium", doc, c.start, ag.end,
                                      f"{c.id} has joined {agreement.label} by {doc.date}",
                                      f"{c.id}'s joining was announced only on {m.announced or m.since}",
                                      _kb_ref(agreement.id, m), s))
            continue
        found.append(_finding("membership", "high", doc, c.start, ag.end,
                              f"{c.id} has joined {agreement.label}",
                              f"{c.id} is not a party to {agreement.label} in the knowledge base",
                              _kb_ref(agreement.id), s))
    return found


def _plus_days(value: str, n: int) -> str:
    from datetime import timedelta

    try:
        return (_date.fromisoformat(value[:10]) + timedelta(days=n)).isoformat()
    except ValueError:
        return value


@lru_cache(maxsize=16)
def _group_adjectives(kb: Knowledge, lang: str | None) -> dict[str, str]:
    """"arab" → arab-states, "asia tengah" → central-asian-states: a group's name less its noun."""
    v = vocab(lang)
    nouns = {n.lower() for n in v.get("country_nouns") or ()} | {"negara-negara", "countries", "states", "nations",
                                                                 "beberapa", "lima", "dunia", "world"}
    out: dict[str, str] = {}
    for a in kb.actors.values():
        if a.kind != "group" or not a.group_members:
            continue
        for code in {lang or "en", "en"}:
            for name in a.names.get(code, []):
                words = [w for w in name.lower().split() if w not in nouns]
                if words:
                    out.setdefault(" ".join(words), a.id)
    return out


def _ordinal_claims(doc: Document, kb: Knowledge, s: Sentence, inside: list[Mention], agreements: list[Mention],
                    v: dict[str, Any]) -> list[dict[str, Any]]:
    ordinals = {str(k).lower(): int(n) for k, n in (v.get("ordinals") or {}).items()}
    nouns = sorted({str(n) for n in v.get("country_nouns") or ()}, key=len, reverse=True)
    if not ordinals or not nouns:
        return []
    ords = word_alternation(ordinals)
    suffix = v.get("ordinal_suffix") or r"(?!)"
    ordinal = rf"(?P<ord>{ords}|{suffix})"
    noun = rf"(?P<noun>{'|'.join(re.escape(n) for n in nouns)})"
    qual = r"(?P<qual>(?:[A-Z][\w-]*\s+){0,2})"
    if (v.get("language") or "en") == "id":
        rx = re.compile(rf"\b{noun}\s+{qual}{ordinal}\b")
    else:
        rx = re.compile(rf"\b(?:the\s+)?{ordinal}\s+{qual}{noun}\b", re.I)
    out = []
    for m in rx.finditer(s.text):
        start, end = s.start + m.start(), s.start + m.end()
        raw = m.group("ord").lower()
        if raw in ordinals:
            n = ordinals[raw]
        else:
            digits = re.search(r"\d+", raw)
            if not digits:
                continue
            n = int(digits.group(0))
        if n == 0:
            continue
        c = _country_before(inside, start)
        if c is None:
            continue
        between = doc.text[c.end:start]
        if re.search(r"[;:()]", between) or _modal_before(kb, doc.lang, between):
            continue
        rest = doc.text[end:s.end]
        ag = min(agreements, key=lambda a: abs(a.start - end))
        agreement, ms = _memberships(kb, ag.id)  # type: ignore[misc]
        qualifier = (m.group("qual") or "").strip().lower()
        pool = [x for x in ms if x.role == "party" and not x.left]
        if qualifier:
            group = _group_adjectives(kb, doc.lang).get(qualifier)
            if not group:
                continue
            members = set(kb.actor(group).group_members)
            pool = [x for x in pool if x.member in members]
        since = re.search(rf"\b(?:{'|'.join(re.escape(w) for w in v.get('since') or ['since'])})\b(.{{0,80}})",
                          rest, re.I)
        if since:
            from ..dates import find_dates

            found = find_dates(since.group(1), kb, doc.lang, doc.date)
            if not found:
                continue
            lo = found[0].value
            pool = [x for x in pool if (x.announced or x.since or "") >= lo]
        if re.search(r"\b(?:in|di|dari|from|of)\s+[A-Z]", rest[:20]):
            continue  # "the first … in Central Asia": a restriction the rules do not read
        subject_m = _member_at(pool, c.id, None)
        if subject_m is None:
            if _member_at(ms, c.id, None) is None and c.id not in {x.member for x in ms} and not qualifier:
                out.append(_finding("membership", "high", doc, c.start, end,
                                    f"{c.id} is the {raw} member of {agreement.label}",
                                    f"{c.id} is not a party to {agreement.label} in the knowledge base",
                                    _kb_ref(agreement.id), s))
            continue
        accepted: set[int] = set()
        # the order of joining is the order of the announcements; signing dates stand in where none
        for key in (lambda x: x.announced or x.since or "",):
            mine = key(subject_m)
            low = 1 + sum(1 for x in pool if key(x) < mine)
            high = sum(1 for x in pool if key(x) <= mine)
            accepted |= set(range(low, high + 1))
            if not qualifier and not since:
                accepted |= set(range(max(1, low - 1), high))  # counting without the partner all joined
        if n not in accepted:
            order = sorted(pool, key=lambda x: (x.announced or x.since or "", x.member))
            listing = ", ".join(f"{x.member} {x.announced or x.since}" for x in order)
            out.append(_finding("membership", "medium", doc, c.start, end,
                                f"{c.id} is number {n} to join {agreement.label}"
                                + (f" among {qualifier} states" if qualifier else ""),
                                f"{c.id} is number {min(accepted)}" + (f"–{max(accepted)}" if len(accepted) > 1 else "")
                                + f" by the dates of the knowledge base ({listing})", _kb_ref(agreement.id, subject_m), s))
    return out


def _member_of_claims(doc: Document, kb: Knowledge, s: Sentence, inside: list[Mention], agreements: list[Mention],
                      v: dict[str, Any]) -> list[dict[str, Any]]:
    """"Morocco is not a member of the accords", "Kazakhstan, a party to the Abraham Accords since 2025"."""
    nouns = phrase_rx(v.get("member_nouns"))
    neg = phrase_rx(v.get("negation"))
    out = []
    for ag in agreements:
        head = doc.text[max(s.start, ag.start - 30):ag.start]
        noun = None
        for noun in nouns.finditer(head):
            pass
        if noun is None:
            continue
        noun_start = ag.start - len(head) + noun.start()
        link = doc.text[noun.end() + ag.start - len(head):ag.start]
        if not re.fullmatch(r"\s*(?:of|to|in|dari|dalam|the|\s)*\s*", link, re.I):
            continue
        c = _country_before(inside, noun_start)
        if c is None:
            continue
        between = doc.text[c.end:noun_start]
        if re.search(r"[;:()]", between):
            continue
        negated = bool(neg.search(between))
        data = (kb.languages.get(doc.lang or "") or {}).get("modality") or {}
        modal = phrase_rx([*(data.get("future") or []), *(data.get("hypothetical") or [])])
        if modal.search(between):
            continue
        agreement, ms = _memberships(kb, ag.id)  # type: ignore[misc]
        tail = doc.text[ag.end:min(s.end, ag.end + 25)]
        since = re.match(rf"\s*,?\s*(?:{'|'.join(re.escape(w) for w in v.get('since') or ['since'])})\s+((?:19|20)\d\d)",
                         tail, re.I)
        when = doc.date
        m = _member_at(ms, c.id, when) if when else _member_at(ms, c.id, None)
        end = ag.end + (since.end() if since else 0)
        if negated and m is not None:
            out.append(_finding("membership", "high", doc, c.start, end, f"{c.id} is not a party to {agreement.label}",
                                f"{c.id} has been a {m.role} to {agreement.label} since {m.since or m.announced}",
                                _kb_ref(agreement.id, m), s))
        elif not negated and m is None and when and c.id not in {x.member for x in ms}:
            out.append(_finding("membership", "high", doc, c.start, end, f"{c.id} is a party to {agreement.label}",
                                f"{c.id} is not a party to {agreement.label} in the knowledge base",
                                _kb_ref(agreement.id), s))
        elif not negated and m is not None and since and int(since.group(1)) not in _years(m):
            out.append(_finding("membership", "medium", doc, c.start, end,
                                f"{c.id} is a party to {agreement.label} since {since.group(1)}",
                                f"{c.id} joined {agreement.label}: announced {m.announced or '—'}, signed {m.since or '—'}",
                                _kb_ref(agreement.id, m), s))
    return out


# -- calendar ------------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _calendar_rx(kb: Knowledge, lang: str | None) -> tuple[re.Pattern, dict[str, int], dict[str, int], str]:
    data = kb.languages.get(lang or "") or kb.languages.get("en") or {}
    weekdays = {str(k).lower(): int(v) for k, v in (data.get("weekdays") or {}).items()}
    months = {str(k).lower(): int(v) for k, v in (data.get("months") or {}).items()}
    wd = word_alternation(weekdays) or "(?!)"
    mon = word_alternation(months) or "(?!)"
    date = (rf"(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{mon})\.?(?:,?\s+(?P<y1>\d{{4}}))?"
            rf"|(?P<m2>{mon})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?"
            rf"|(?P<n1>\d{{1,2}})[/.-](?P<n2>\d{{1,2}})(?:[/.-](?P<n3>\d{{2,4}}))?)")
    rx = re.compile(rf"(?<![\w])(?P<wd>{wd})(?![\w])\s*(?:,\s*|\(\s*|\s+)(?:the\s+|tanggal\s+|tgl\.?\s+)?{date}(?![\w/])",
                    re.I)
    return rx, weekdays, months, data.get("date_order", "dmy")


def _weekday_name(kb: Knowledge, lang: str | None, n: int) -> str:
    data = kb.languages.get(lang or "") or {}
    local = [k for k, v in (data.get("weekdays") or {}).items() if int(v) == n]
    name = WEEKDAY_NAMES[n]
    return f"{name} ({local[0].capitalize()})" if local and local[0].lower() != name.lower() else name


def _calendar_claims(doc: Document, kb: Knowledge) -> list[dict[str, Any]]:
    import calendar

    out = []
    langs = [doc.lang] if doc.lang == "en" else [doc.lang, "en"]
    seen: set[int] = set()
    for lang in langs:
        rx, weekdays, months, order = _calendar_rx(kb, lang)
        for m in rx.finditer(doc.text):
            if m.start() in seen:
                continue
            if not m.group("wd")[0].isupper():
                continue  # "minggu" is also "week": a weekday is written with a capital
            seen.add(m.start())
            claimed = weekdays[m.group("wd").lower()]
            candidates: list[tuple[int, int, int | None]] = []  # (month, day, year)
            if m.group("m1"):
                candidates.append((months[m.group("m1").lower()], int(m.group("d1")), _int(m.group("y1"))))
            elif m.group("m2"):
                candidates.append((months[m.group("m2").lower()], int(m.group("d2")), _int(m.group("y2"))))
            else:
                a, b, y = int(m.group("n1")), int(m.group("n2")), _year2(m.group("n3"))
                orders = [(b, a), (a, b)] if order != "mdy" else [(a, b), (b, a)]
                if lang == "en":
                    candidates += [(mo, d, y) for mo, d in orders]
                else:
                    candidates.append((orders[0][0], orders[0][1], y))
            s = _sentence_at(doc, m.start())
            results = []
            impossible = None
            for month, day, year in candidates:
                if not 1 <= month <= 12:
                    continue
                year = year or _infer_year(doc.date, month, day)
                if year is None:
                    results = []
                    break
                if day > calendar.monthrange(year, month)[1] or day < 1:
                    impossible = (year, month, day)
                    continue
                results.append(_date(year, month, day))
            if impossible and not results and m.group("n1") is None:
                y, mo, d = impossible
                out.append(_finding("calendar", "high", doc, m.start(), m.end(), f"{m.group(0)} is a date",
                                    f"{calendar.month_name[mo]} {y} has {calendar.monthrange(y, mo)[1]} days",
                                    "Gregorian calendar", s))
                continue
            if not results or any(r.weekday() == claimed for r in results):
                continue
            real = results[0]
            out.append(_finding("calendar", "medium", doc, m.start(), m.end(),
                                f"{real.isoformat()} was a {_weekday_name(kb, lang, claimed)}",
                                f"{real.isoformat()} was a {_weekday_name(kb, lang, real.weekday())}",
                                "Gregorian calendar", s))
    return out


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _year2(value: str | None) -> int | None:
    if not value:
        return None
    y = int(value)
    return y + 2000 if y < 100 else y


def _infer_year(published: str | None, month: int, day: int) -> int | None:
    """A date written without its year: the year that puts it nearest the publication date."""
    if not published or len(published) < 10:
        return None
    ref = _date.fromisoformat(published[:10])
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = _date(y, month, min(day, 28))
        except ValueError:
            continue
        gap = abs((d - ref).days)
        if best is None or gap < best[0]:
            best = (gap, y)
    return best[1] if best else None
