"""Stage 6: events — who did what to whom, in which mood, about which agreement and sectors.

Per sentence: triggers from the language's lexicon; clauses from the language file's break,
relative and complement words; mention groups (coordinated actors); then for each trigger the
subject group before it, the object group after it, the passive agent, the partners of a
reciprocal act, and the modality markers in its clause.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from ..dates import DateMention, parse_iso
from ..knowledge import Knowledge
from ..model import Document, Event, Mention, Sentence
from ..tokens import MORPHOLOGY, Token, tokenize
from .lexicon import Trigger, TriggerHit, compiled_lexicon
from .modality import Modality, modality_rules

# Categories that stand for cooperation, which PLOVER codes as AGREE when only promised.
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
# Material conflict announced for the future is THREATEN, with the mode of what is threatened.
THREATENED = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "restrict"}
# How many words before a nominal trigger its light verb may stand ("held a first round of talks").
LIGHT_VERB_REACH = 5
# Categories whose trigger governs a following act: "agreed to cooperate", "refused to meet".
CONTROL = {"AGREE", "REJECT", "REQUEST", "THREATEN"}
# Categories whose trigger reports a following act without its happening: "accused of helping".
REPORTED = {"ACCUSE"}
# Categories that answer an earlier act: without a named target, they aim at whoever acted first.
RESPONSES = {"THREATEN", "ACCUSE", "REJECT"}
# Categories that answer a proposal, a plan or a call, aimed at whoever put it forward.
ANSWERS = {"REJECT", "SUPPORT", "ACCUSE", "AGREE"}
GRIEVANCES = {"ACCUSE", "PROTEST"}  # told to someone, about someone else
VERBAL_CONFLICT = {"ACCUSE", "REJECT", "THREATEN", "REQUEST"}
VERBAL = VERBAL_CONFLICT | {"AGREE", "SUPPORT", "CONCEDE", "CONSULT"}
_STOP_PUNCT = {",", ";", ":", "(", ")", "—", "–", '"', "“", "”"}
# What a conditional refusal refuses, as PLOVER's REJECT modes.
REFUSED_MODE = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist", "RETREAT": "yield", "CONCEDE": "yield"}
# Acts that a speaker who "claimed" or "alleged" them accuses their authors of.
ALLEGED = {"ASSAULT", "COERCE", "MOBILIZE"}
ALLEGATION = Trigger(elements=(frozenset(),), category="ACCUSE", mode="allege", pos="verb", reciprocal=False,
                     needs_object=False, agreement_verb=False, passive=False, actorless=False, sectors=(), contexts=(),
                     aux=(), weight=0.6, gap=0, not_followed_by=frozenset(), not_preceded_by=frozenset(),
                     affixed_only=False, pattern="(an allegation of force)")
# A membership older than this many years at the reference date is background when retold.
SETTLED_YEARS = 2
# A dated act this many days before the reference date is told as background (aux historical).
BACKGROUND_DAYS = 30


@dataclass
class Group:
    """Coordinated mentions read as one participant list ("Israel dan UEA")."""

    mentions: list[Mention]
    first: int  # token index
    last: int
    speaker: bool = False  # "…, Tokayev said": the source of a report, not a party to it
    # where a bare comma joined two names: a list only if "and" closes it ("A, B and C")
    comma_joins: list[int] = field(default_factory=list)
    listed: bool = False  # a coordinator joined two of its names

    @property
    def ids(self) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            if m.id not in out:
                out.append(m.id)
        return out

    @property
    def is_agreement(self) -> bool:
        return all(m.kind == "agreement" for m in self.mentions)


@dataclass
class LanguageRules:
    lang: str
    morphology: str | None
    breaks: frozenset[str]
    complement: frozenset[str]
    relative: frozenset[str]
    passive_agent: frozenset[str]
    passive_prefixes: tuple[str, ...]
    passive_aux: frozenset[str]
    coordinators: frozenset[str]
    with_words: frozenset[str]
    between: frozenset[str]
    between_and: frozenset[str]
    to_words: frozenset[str]
    no_subject_after: frozenset[str]
    speech: frozenset[str]
    speech_sources: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    break_continues: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    event_anaphors: frozenset[str] = frozenset()
    demonstratives: frozenset[str] = frozenset()
    agreement_nouns: frozenset[str] = frozenset()
    head_first: bool = False
    locatives: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    verb_prefixes: tuple[str, ...] = ()
    verb_suffixes: tuple[str, ...] = ()
    irregular: dict[str, str] = field(default_factory=dict)
    sectors: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    sector_firsts: frozenset[str] = frozenset()
    speech_inverted: frozenset[str] = frozenset()
    ordinal: re.Pattern = re.compile(r"^\d+$")  # a word that numbers a noun ("ke-11", "11th")
    participle_suffixes: tuple[str, ...] = ()  # verb forms that can follow their noun ("demanding")
    months: frozenset[str] = frozenset()
    stops: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()  # "talks on X": what a reciprocal act is about, not a party
    conditions: frozenset[str] = frozenset()
    allegation: frozenset[str] = frozenset()  # speech verbs that accuse: "claimed", "alleged"
    sports: frozenset[str] = frozenset()  # a sports report's words: its "attacks" were on a pitch
    group_heads: frozenset[str] = frozenset()
    future_words: frozenset[str] = frozenset()  # one-word future markers ("akan", "will")
    not_yet: frozenset[str] = frozenset()  # "are expected to commit": a promise still to be made
    origin: frozenset[str] = frozenset()
    refusal_conditions: frozenset[str] = frozenset()  # "will not … without": a refusal
    governing: frozenset[str] = frozenset()  # words that make the group after them no direct object
    audience: frozenset[str] = frozenset()  # "complained to the UN": whom a grievance is told to
    grievance: frozenset[str] = frozenset()  # "… over Israeli raids": what (and whom) it is about
    auxiliaries: frozenset[str] = frozenset()  # "has", "had", "would": a verb phrase starts
    nominal_suffixes: tuple[str, ...] = ()  # "bergabungnya Kazakhstan": a verb made a noun, its actor after it
    object_of: frozenset[str] = frozenset()  # "invasion of Ukraine": the word before a noun's object
    including: frozenset[str] = frozenset()  # "countries, including A and B": the members named
    amount_words: frozenset[str] = frozenset()  # "million", "juta": words of a sum
    adjunct_suffixes: tuple[str, ...] = ()  # ", accusing it of…": a verb form whose subject is the sentence's
    partitives: frozenset[str] = frozenset()  # "scores of Liberian refugees": a quantity, its object after "of"
    answered: dict[str, str] = field(default_factory=dict)  # "the call" → REQUEST: what an anaphor names


_PARENTHESES = frozenset({",", "—", "–"})  # what sets a relative clause or an aside off


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or [])


def _inflectable(clauses: dict[str, Any], key: str, data: dict[str, Any]) -> frozenset[str]:
    """Words listed in their dictionary form, as every lemma the language's morphology gives them
    (Spanish "realizar" meets "realizaron" through the stem "realiz")."""
    lemmatise = MORPHOLOGY.get(data.get("morphology") or "")
    words = _words(clauses, key)
    if lemmatise is None:
        return words
    return words | frozenset(lem for w in words for lem in lemmatise(w) if len(lem) >= 4 and not lem.startswith("n:"))


@lru_cache(maxsize=16)
def language_rules(kb: Knowledge, lang: str) -> LanguageRules:
    data = kb.languages.get(lang) or {}
    clauses = data.get("clauses") or {}
    sectors = {tuple(k.lower().split()): tuple(v) for k, v in (data.get("sectors") or {}).items()}
    to_words = _words(clauses, "to")
    return LanguageRules(
        lang=lang, morphology=data.get("morphology"), breaks=_words(clauses, "breaks"),
        complement=_words(clauses, "complement"), relative=_words(clauses, "relative"),
        passive_agent=_words(clauses, "passive_agent"),
        passive_prefixes=tuple(clauses.get("passive_prefixes") or ()), passive_aux=_words(clauses, "passive_aux"),
        coordinators=_words(clauses, "coordinators"), with_words=_words(clauses, "with"),
        between=_words(clauses, "between"), between_and=_words(clauses, "between_and"), to_words=to_words,
        no_subject_after=to_words | _words(clauses, "with") | _words(clauses, "passive_agent")
        | _words(clauses, "prepositions") | _words(clauses, "speech_sources"),
        speech_sources=_words(clauses, "speech_sources"),
        speech=_words(clauses, "speech"), sectors=sectors,
        # "…, said Tokayev": verbs that put their speaker after them; "warned Russia" addresses it
        speech_inverted=_words(clauses, "speech_inverted") or _words(clauses, "speech"), sector_firsts=frozenset(k[0] for k in sectors),
        stops=_words(clauses, "breaks") | _words(clauses, "relative"),
        months=frozenset(str(m).lower() for m in data.get("months") or ()),
        ordinal=re.compile(str(clauses.get("ordinal") or r"^\d+$")),
        participle_suffixes=tuple(clauses.get("participle_suffixes") or ()),
        adjunct_suffixes=tuple(clauses.get("adjunct_suffixes") or ()), partitives=_words(clauses, "partitives"),
        answered={str(k).lower(): str(v) for k, v in (clauses.get("answered") or {}).items()},
        amount_words=_words(clauses, "amount_words"),
        including=_words(clauses, "including"), object_of=_words(clauses, "object_of"),
        auxiliaries=_words(clauses, "auxiliaries"), nominal_suffixes=tuple(clauses.get("nominal_suffixes") or ()), audience=_words(clauses, "audience"),
        grievance=_words(clauses, "grievance"),
        conditions=_words(clauses, "conditions"),
        topics=_words(clauses, "topics"), allegation=_words(clauses, "allegation"), group_heads=_words(clauses, "group_heads"),
        future_words=frozenset(str(w).lower() for w in (data.get("modality") or {}).get("future") or () if " " not in str(w)),
        not_yet=frozenset(str(w).lower() for w in (data.get("modality") or {}).get("not_yet") or ()),
        origin=_words(clauses, "origin"), refusal_conditions=_words(clauses, "refusal_conditions"),
        sports=frozenset(str(w).lower() for w in data.get("sports_words") or ()),
        governing=_words(clauses, "prepositions") | _words(clauses, "with") | _words(clauses, "passive_agent")
        | _words(clauses, "locatives"), determiners=_words(clauses, "determiners"),
        break_continues=_words(clauses, "break_continues"), prepositions=_words(clauses, "prepositions"),
        complementizers=_words(clauses, "complementizers"), light_verbs=_inflectable(clauses, "light_verbs", data),
        event_anaphors=_words(clauses, "event_anaphors"), demonstratives=_words(clauses, "demonstratives"),
        agreement_nouns=_words(clauses, "agreement_nouns"), head_first=bool(clauses.get("head_first", False)),
        locatives=_words(clauses, "locatives"), articles=_words(clauses, "articles"),
        verb_prefixes=tuple(clauses.get("verb_prefixes") or ()), verb_suffixes=tuple(clauses.get("verb_suffixes") or ()),
        irregular={str(k).lower(): str(v).lower() for k, v in (data.get("irregular_forms") or {}).items()},
    )


class SentenceCoder:
    def __init__(self, doc: Document, kb: Knowledge, sentence: Sentence, mentions: list[Mention],
                 dates: list[DateMention], rules: LanguageRules, modality: Modality, reference: date):
        self.doc, self.kb, self.sentence, self.rules, self.modality = doc, kb, sentence, rules, modality
        self.reference = reference
        self.tokens: list[Token] = tokenize(sentence.text, sentence.start, rules.morphology, rules.irregular)
        self.dates = [d for d in dates if sentence.start <= d.start < sentence.end]
        self.all_mentions = [m for m in mentions if m.end - m.start > 3 or m.via == "name"]
        self.mentions = [m for m in mentions if not m.absorbed]
        self._trigger_words = compiled_lexicon(kb, rules.lang).first_words
        self.previous: list[Event] = []
        self.current: list[Event] = []
        self.inert: set[int] = set()
        self._token_starts: list[int] | None = None
        self._token_ends: list[int] | None = None
        self._asides: list[tuple[int, int]] | None = None

    def _analyse(self) -> None:
        """Groups, clauses and speakers: only needed once the sentence has a trigger."""
        self.groups = self._groups()
        self.bounds = self._clause_bounds()
        starts = {g.first for g in self.groups}
        for g in self.groups:
            before = self.tokens[g.first - 1].lower if g.first > 0 else ""
            # "…," said Tokayev / "…?" asked Lavrov: a speech verb after the quote, its speaker after
            # it — but "asked Washington for arms" addresses Washington
            inverted = before in self.rules.speech_inverted and (
                g.first < 2 or not self.tokens[g.first - 2].lower.isalnum())
            g.speaker = self._speech_follows(g, starts) or inverted or self._preceded_by(g, self.rules.speech_sources)

    # -- structure ---------------------------------------------------------------------------------
    def _tok_at(self, char: int) -> int:
        """The first token ending after `char`."""
        ends = self._token_ends
        if ends is None:
            ends = self._token_ends = [t.end for t in self.tokens]
        return min(bisect_right(ends, char), len(self.tokens) - 1)

    def _tokens_within(self, start: int, end: int) -> range:
        """Indices of the tokens that start in [start, end)."""
        starts = self._token_starts
        if starts is None:
            starts = self._token_starts = [t.start for t in self.tokens]
        return range(bisect_left(starts, start), bisect_left(starts, end))

    def _groups(self) -> list[Group]:
        groups: list[Group] = []
        for m in sorted(self.mentions, key=lambda m: m.start):
            first, last = self._tok_at(m.start), self._tok_at(m.end - 1)
            if groups:
                prev = groups[-1]
                between = self.tokens[prev.last + 1:first]
                if first <= prev.last:  # same span (coreference pair) or overlap
                    prev.mentions.append(m)
                    prev.last = max(prev.last, last)
                    continue
                if between and all(t.lower in ("(", ")") for t in between) and m.id in prev.ids:
                    prev.mentions.append(m)  # "Organisasi Kerja Sama Islam (OKI)"
                    prev.last = max(prev.last, last + (1 if last + 1 < len(self.tokens) and self.tokens[last + 1].lower == ")" else 0))
                    continue
                joiners = self.rules.coordinators | self.rules.determiners | {"(", ")"}
                # "the Colombian government and the ELN", "Petro's government and the ELN": the noun a
                # name modifies stands between the coordinated names
                k = 0
                while k < len(between) and k < 2 and (between[k].lower in ("'s", "’s")
                                                      or between[k].lemmas & self.rules.group_heads):
                    k += 1
                if k and k < len(between) and between[k].lower in self.rules.coordinators:
                    between = between[k:]
                comma_only = bool(between) and not any(t.lower in self.rules.coordinators for t in between)
                if self._new_clause_subject(prev, between, last):
                    groups.append(Group([m], first, last))
                    continue
                if len(between) <= 3 and all(t.lower == "," or t.lower in joiners for t in between) \
                        and (not between or any(t.lower == "," or t.lower in self.rules.coordinators for t in between)) \
                        and (m.kind == "agreement") == prev.is_agreement \
                        and not (comma_only and m.kind != prev.mentions[-1].kind):
                    # (a comma lists like with like: "Israel, Egypt and Jordan", not "era Presiden
                    # Soekarno, Indonesia menolak")
                    if comma_only:
                        prev.comma_joins.append(len(prev.mentions))
                    elif between:
                        prev.listed = True
                    prev.mentions.append(m)
                    prev.last = last
                    continue
            groups.append(Group([m], first, last))
        return self._named_members(self._unlisted(groups))

    def _new_clause_subject(self, prev: Group, between: list[Token], last: int) -> bool:
        """"… send troops to Poland, and the United States has said …": after ", and" a name that a
        verb follows opens a new clause; it continues no list begun behind a preposition."""
        if not (any(t.lower == "," for t in between) and any(t.lower in self.rules.coordinators for t in between)):
            return False
        if last + 1 >= len(self.tokens) or not self._preceded_by(prev, self.rules.no_subject_after):
            return False
        after = self.tokens[last + 1]
        return self._verb_like(after) or after.lower in self.rules.passive_aux or after.lower in self.rules.future_words \
            or after.lower in self.rules.auxiliaries

    def _unlisted(self, groups: list[Group]) -> list[Group]:
        """"At the invitation of President Mirziyoyev, President Tokayev paid…": names joined only
        by a comma, with no "and" closing the list, are two phrases, not one list."""
        out: list[Group] = []
        for g in groups:
            if not g.comma_joins or g.listed:
                out.append(g)
                continue
            cuts = [0, *g.comma_joins, len(g.mentions)]
            for a, b in zip(cuts, cuts[1:]):
                part = g.mentions[a:b]
                first = self._tok_at(part[0].start)
                last = max(self._tok_at(m.end - 1) for m in part)
                out.append(Group(part, first, last))
        return out

    def _named_members(self, groups: list[Group]) -> list[Group]:
        """"seven Latin American countries, including Argentina, Chile and Peru": the members named
        stand for the group that lists them."""
        if not self.rules.including:
            return groups
        out: list[Group] = []
        for g in groups:
            prev = out[-1] if out else None
            if prev is not None and all(m.kind == "group" for m in prev.mentions) and not g.is_agreement:
                between = " ".join(t.lower for t in self.tokens[prev.last + 1:g.first] if t.lower != ",")
                if between in self.rules.including:
                    prev.mentions, prev.last = list(g.mentions), g.last
                    continue
            out.append(g)
        return out

    def _clause_bounds(self) -> list[int]:
        """Token indices that end one clause and start the next."""
        out = []
        for i, t in enumerate(self.tokens):
            if t.lower in (";", ":", "—", "–") or t.lower in self.rules.breaks \
                    or t.lower in self.rules.complement:
                nxt = self.tokens[i + 1].lower if i + 1 < len(self.tokens) else ""
                if nxt not in self.rules.break_continues:
                    out.append(i)
        return out

    def _clause(self, i: int) -> tuple[int, int]:
        start, end = 0, len(self.tokens)
        for b in self.bounds:
            if b <= i:
                start = b + 1 if b < i else b
            elif b > i:
                end = b
                break
        return start, end

    # -- participants ------------------------------------------------------------------------------
    def _preceded_by(self, group: Group, words: frozenset[str]) -> bool:
        j = group.first - 1
        while j >= 0 and (self.tokens[j].lower in self.rules.determiners or self.tokens[j].lower == ","):
            j -= 1
        return j >= 0 and (self.tokens[j].lower in words)

    def _prepositional(self, group: Group) -> bool:
        """Behind a preposition — but "El Gobierno de España", "the Government of Spain" name a
        state by its government: that group can be a subject."""
        k = group.first - 1
        if k >= 1 and self.tokens[k].lower.endswith(("'s", "’s")):
            # "a letter to Iran's Supreme Leader Ali Khamenei": the possessor's preposition governs both
            j = k if self.tokens[k].lower not in ("'s", "’s") else k - 1
            covered = j
            while j >= 0 and any(m.start <= self.tokens[j].start < m.end for m in self.all_mentions):
                j -= 1
            if j < covered and j >= 0 and self.tokens[j].lower in self.rules.no_subject_after:
                return True
        if not self._preceded_by(group, self.rules.no_subject_after) or self._partitive(group):
            return False  # "Thousands of French farmers blocked roads": the people counted act
        return not self._headed(group, self.rules.prepositions)

    def _speech_follows(self, group: Group, starts: set[int]) -> bool:
        """"…, Tokayev said", "a UN official said", "Kazakhstan's foreign ministry said": the group
        is the source of the report when a speech verb follows within a few plain words (`starts`:
        where the sentence's groups begin)."""
        for k, tok in enumerate(self.tokens[group.last + 1:group.last + 5], start=group.last + 1):
            if k in starts:
                return False  # "a Chinese refinery that it said…": the later name said it
            if tok.lower in self.rules.speech:
                return True
            if tok.lower in self.rules.coordinators or tok.lower in self.rules.complementizers:
                # "spoke with China's minister and warned", "… dengan Penny Wong untuk menjelaskan":
                # the verb's subject is the sentence's
                return False
            if tok.lemmas & self.rules.group_heads:
                continue  # "South Korea's military said"
            if not tok.lower.isalpha() and tok.lower not in ("'s", "’s") or tok.lemmas & self._trigger_words:
                return False
        return False

    def _relative_spans(self) -> list[tuple[int, int]]:
        """", yang berpidato di parlemen Israel," / ", who spoke in Jerusalem,": token spans of
        relative clauses set off by commas."""
        spans = []
        for i, t in enumerate(self.tokens):
            opener = self.tokens[i - 1].lower if i > 0 else ""
            if t.lower in self.rules.relative and opener in _PARENTHESES:
                # "Niger—yang kini dipimpin junta—resmi keluar": a dash closes what a dash opened
                close = {opener} if opener != "," else {","}
                end = next((j for j in range(i + 1, len(self.tokens)) if self.tokens[j].lower in close), None)
                spans.append((i, end if end is not None else len(self.tokens)))  # or to the sentence's end
        return spans

    def _appositives(self) -> list[tuple[int, int]]:
        """"Pakistan, a key U.S. ally in the war, has refused…": a noun phrase set off by commas
        after a name says what the name is; nothing in it is the subject."""
        spans = []
        for g in self.groups:
            k = g.last + 1
            if k + 1 < len(self.tokens) and self.tokens[k].lower == "," and self.tokens[k + 1].lower in self.rules.articles:
                end = next((j for j in range(k + 2, len(self.tokens)) if self.tokens[j].lower == ","), None)
                if end is not None:
                    spans.append((k, end))
        return spans

    def _subject(self, hit: TriggerHit, clause_start: int) -> tuple[Group | None, float]:
        """The nearest group before the trigger that is no prepositional object; lower confidence
        when it had to come from an earlier clause of the sentence."""
        if self._asides is None:  # the sentence's relative clauses and appositives, found once
            self._asides = self._relative_spans() + self._appositives()
        closed = [(a, b) for a, b in self._asides if b < hit.first]
        before = [g for g in self.groups if g.last < hit.first and not g.is_agreement
                  and not any(a < g.first < b for a, b in closed)]
        if self._adjunct(hit) or self._coordinated_verb(hit):
            # "…withdrew from ECOWAS, accusing it of…", "welcomed Timor-Leste's membership and promised
            # to…": the verb's subject is the sentence's, not the name just before it
            if hit.first >= 2 and self.tokens[hit.first - 2].lower in self.rules.speech:
                # "…, the Fifth Fleet said, calling on Tehran to…": whoever said it
                speaker = next((g for g in reversed(before) if g.speaker), None)
                if speaker is not None and hit.first - 2 - speaker.last <= 4:
                    return speaker, 0.0
            for g in before:
                if not self._prepositional(g) and not self._object_of_verb(g) \
                        and not self._preceded_by(g, self.rules.speech_sources):
                    if any(self._verb_like(t) for t in self.tokens[:g.first]):
                        return None, 0.0  # "Thousands protested outside the Israeli embassy, demanding…"
                    return g, 0.0
        if self._unnamed_subject(hit, before):
            return None, 0.0  # "…, as defence ministers met in Brussels": whose ministers goes unsaid
        for g in reversed(before):
            between = self.tokens[g.last + 1:hit.first]
            rel = next((k for k, t in enumerate(between) if t.lower in self.rules.relative), None)
            if rel is not None and len(between) - rel > 4 and not any(t.lower in _PARENTHESES for t in between[rel:]):
                return None, 0.0  # "Montenegro, where 28 people have been killed": its subject goes unnamed
            if rel is not None and len(between) - rel <= 4:
                # the trigger heads a relative clause: its subject is the group right before the
                # relative word ("Kazakhstan, which joined…"), or nobody named ("the country that…")
                if all(t.lower == "," for t in between[:rel]):
                    return g, 0.0
                return None, 0.0
            if g.first < clause_start:
                break
            if not g.speaker and not self._prepositional(g) and not self._object_of_verb(g):
                return g, 0.0
        for g in reversed(before):  # "the United States has said it would impose…": the speaker acts
            if g.speaker and g.first >= clause_start and not self._preceded_by(g, self.rules.speech_sources):
                return g, -0.1
        for g in before:  # the subject of the sentence: "X retook the village after fierce fighting"
            if not g.speaker and not self._prepositional(g) and not self._object_of_verb(g):
                return g, -0.15
        for g in reversed(before):  # only a prepositional group is left: "membuka pintu bagi X untuk …"
            if not g.speaker and not self._preceded_by(g, self.rules.passive_agent):
                return g, -0.2
        for g in reversed(before):  # "Erdogan said he would…": the speaker acts
            if g.speaker and not self._preceded_by(g, self.rules.speech_sources):
                return g, -0.2
        return None, 0.0

    def _unnamed_subject(self, hit: TriggerHit, before: list[Group]) -> bool:
        """A verb right after a plain noun of office ("ministers met", "officials said") that no
        name modifies: its subject is that noun, not a name from an earlier clause."""
        if self.rules.head_first:
            return False
        k = hit.first - 1
        while k >= 0 and self.tokens[k].lower in self.rules.auxiliaries:
            k -= 1
        if k < 1 or not self.tokens[k].lemmas & self.rules.group_heads:
            return False
        j = k - 1
        while j >= 0 and (self.tokens[j].lower.isalpha() and self.tokens[j].lower not in self.rules.stops
                          and self.tokens[j].lower not in self.rules.prepositions and not self._verb_like(self.tokens[j])
                          and not any(g.first <= j <= g.last for g in before)) and k - j <= 2:
            j -= 1  # "defence ministers", "senior officials": modifiers of the noun
        named = any(g.first <= j <= g.last for g in before) or (
            j >= 0 and self.tokens[j].lower in ("'s", "’s"))
        return not named and j >= 0 and (self.tokens[j].lower in self.rules.stops or self.tokens[j].lower in _PARENTHESES
                                          or self.tokens[j].lower in self.rules.coordinators)

    def _adjunct(self, hit: TriggerHit) -> bool:
        """", accusing it of…", ", urging Israel to…": a participle set off by a comma, its subject
        left unsaid."""
        word = self.tokens[hit.first].lower
        return bool(self.rules.adjunct_suffixes) and hit.first > 0 and self.tokens[hit.first - 1].lower == "," \
            and word.endswith(self.rules.adjunct_suffixes) and len(word) > 5

    def _coordinated_verb(self, hit: TriggerHit) -> bool:
        """"… and promised to help", "… dan berjanji membantu": a verb coordinated with an earlier
        one (at most two plain words between "and" and it) shares its subject."""
        k = hit.first - 1
        while k >= max(0, hit.first - 3) and self.tokens[k].lower not in self.rules.coordinators:
            if not self.tokens[k].lower.isalpha():
                return False
            k -= 1
        if k < 1 or self.tokens[k].lower not in self.rules.coordinators:
            return False
        return not any(g.first < hit.first and g.last > k for g in self.groups)  # "Hungary and Germany opposed"

    def _verb_like(self, token: Token) -> bool:
        word = token.lower
        if word in self.rules.stops or word in self.rules.coordinators or word in self.rules.complement:
            return False  # "meskipun", "sementara": clause words that merely look like verbs
        if word in self.rules.irregular or word in self.rules.speech or token.lemmas & self.rules.light_verbs:
            return True
        if any(word.endswith(sfx) for sfx in self.rules.verb_suffixes) and len(word) > 4:
            return True
        return any(word.startswith(pfx) for pfx in self.rules.verb_prefixes) and len(word) > 5

    def _after_light_verb(self, group: Group) -> bool:
        j = group.first - 1
        while j >= 0 and self.tokens[j].lower in self.rules.determiners:
            j -= 1
        return j >= 0 and bool(self.tokens[j].lemmas & self.rules.light_verbs)

    def _object_of_verb(self, group: Group) -> bool:
        """"Trump pulled the United States out … and reimposed sanctions": a group right after a
        verb is that verb's object, not the subject of a later trigger."""
        j = group.first - 1
        while j >= 0 and self.tokens[j].lower in self.rules.determiners:
            j -= 1
        # "Retno mengatakan Indonesia akan …": after a speech verb comes the reported clause's subject
        return j >= 0 and self._verb_like(self.tokens[j]) and self.tokens[j].lower not in self.rules.speech

    def _noun_actor(self, hit: TriggerHit, clause_start: int) -> Group | None:
        """A nominal trigger's actor: the group right before it ("Israeli airstrikes", "EU sanctions"),
        or the subject of a light verb just before it ("X held talks", "X melancarkan serangan")."""
        for g in reversed(self.groups):
            if g.last >= hit.first or g.is_agreement or g.speaker:
                continue
            gap = self.tokens[g.last + 1:hit.first]
            if all(t.lower in self.rules.determiners or t.lower in ("'s", "’s") for t in gap) and len(gap) <= 2 \
                    and not self._object_of_verb(g) and not self._after_light_verb(g):
                return g
            if gap and gap[0].lower in ("'s", "’s") and len(gap) <= 4 and not self._after_light_verb(g) \
                    and all(t.lower.isalpha() and not self._verb_like(t) for t in gap[1:]):
                return g  # "the EU's latest sanctions package": a possessor before its modifiers
            break
        # the light verb a few words before ("began 10 days of joint drills"), with no name or
        # punctuation between them
        start = max(clause_start, hit.first - LIGHT_VERB_REACH)
        window = self.tokens[start:hit.first]
        light = next((k for k in range(len(window) - 1, -1, -1)
                      if window[k].lower in self.rules.light_verbs or window[k].lemmas & self.rules.light_verbs), None)
        if light is not None and all(t.lower.isalnum() for t in window[light + 1:]) \
                and not any(start + light < g.first < hit.first for g in self.groups):
            subject, penalty = self._subject(hit, clause_start)
            if subject is not None and subject.speaker and window[light].lower in self.rules.speech \
                    and subject.last < start + light:
                return subject  # "Japan announced an aid package": the announcer is no mere source
            return subject if penalty == 0.0 else None
        return None

    def _after(self, hit: TriggerHit, clause_end: int, words: frozenset[str] | None = None) -> Group | None:
        """The first group after the trigger in its clause: governed by one of `words`, or (None)
        the direct object — not behind a preposition other than the language's "to" words."""
        for g in self.groups:
            if g.first <= hit.last or g.first >= clause_end or g.is_agreement or g.speaker:
                continue
            if words is not None:
                if self._preceded_by(g, words):
                    return g
                continue
            between = self.tokens[hit.last + 1:g.first]
            if any(t.lower in self.rules.relative for t in between):
                return None
            if any(t.lower in self.rules.speech for t in between[1:]) and any(
                    t.lower in self.rules.coordinators or t.lower == "," for t in between):
                return None  # "welcomed the announcement, and officials said Washington…": a new clause
            own_preposition = hit.last > hit.first and all(  # "keluar dari ECOWAS": the pattern's own word
                t.lower in self.rules.determiners for t in between)
            if self._preceded_by(g, self.rules.governing) and not self._preceded_by(g, self.rules.to_words) \
                    and not self._partitive(g) and not self._headed(g, self.rules.object_of) and not own_preposition:
                continue
            return g
        return None

    def _word_before(self, group: Group) -> int:
        """The index of the word before a group and its determiners ("of" in "of the EU")."""
        j = group.first - 1
        while j >= 0 and self.tokens[j].lower in self.rules.determiners:
            j -= 1
        return j

    def _headed(self, group: Group, prepositions: frozenset[str]) -> bool:
        """"the Government of Chad", "authorities in Croatia": a state named by its government."""
        j = self._word_before(group)
        return j >= 1 and self.tokens[j].lower in prepositions and bool(
            self.tokens[j - 1].lemmas & self.rules.group_heads)

    def _partitive(self, group: Group) -> bool:
        """"tortured scores of Liberian refugees": the group a quantity is made of is the object."""
        j = self._word_before(group)
        return j >= 1 and self.tokens[j].lower in self.rules.object_of and (
            self.tokens[j - 1].lower in self.rules.partitives or self.tokens[j - 1].lower.isdigit())

    def _all_after(self, hit: TriggerHit, clause_end: int, words: frozenset[str]) -> list[Group]:
        """Every group after the trigger in its clause governed by one of `words`."""
        return [g for g in self.groups if hit.last < g.first < clause_end and not g.is_agreement
                and not g.speaker and self._preceded_by(g, words)]

    def _possessor(self, hit: TriggerHit) -> Group | None:
        """The group right after a nominal trigger: "kerja sama Kazakhstan dan Israel", "anggota
        ke-11 ASEAN" (an ordinal may stand between)."""
        after = hit.last + 1
        while after < len(self.tokens) and (self.rules.ordinal.match(self.tokens[after].lower) or (
                self.rules.head_first and self.tokens[after].lower in self.rules.group_heads)):
            after += 1  # "anggota ke-11 ASEAN", "didanai pemerintah Indonesia"
        for g in self.groups:
            if g.first == after and not g.is_agreement:
                return g
            if g.first > after:
                break
        return None

    def _between(self, hit: TriggerHit, clause_end: int) -> list[str]:
        """The parties of "talks between X and Y" — not of a between told of a topic or in a relative
        clause ("evidence about contacts between …", "the first between Israel and an Arab state")."""
        for j in range(hit.last + 1, clause_end):
            word = self.tokens[j].lower
            if word in self.rules.relative or word in self.rules.topics:
                return []
            if word in self.rules.between:
                ids: list[str] = []
                prev_last = j
                for g in self.groups:
                    if g.first > j and g.first < clause_end and not g.is_agreement:
                        gap = self.tokens[prev_last + 1:g.first]
                        # "between the Colombian government and the ELN": a head noun may follow a name
                        if ids and not (all(t.lower in self.rules.between_and or t.lower == "," for t in gap) or (
                                len(gap) <= 4 and any(t.lower in self.rules.between_and for t in gap)
                                and all(t.lower.isalpha() and t.lower not in self.rules.stops for t in gap))):
                            break
                        ids += [i for i in g.ids if i not in ids]
                        prev_last = g.last
                return ids if len(ids) >= 2 else []
        return []

    def _agreement(self, hit: TriggerHit) -> str | None:
        agreements = [m for m in self.mentions if m.kind == "agreement"]
        if not agreements:
            return None
        pos = self.tokens[hit.first].start
        after = [m for m in agreements if m.start >= pos]
        return (after[0] if after else min(agreements, key=lambda m: pos - m.start)).id

    def _passive(self, hit: TriggerHit) -> bool:
        head = self.tokens[hit.head]
        if hit.trigger.passive:
            return True
        forms = hit.trigger.elements[0]
        for prefix in self.rules.passive_prefixes:
            # "didanai" is passive whether reached from the root or listed beside "mendanai" — but
            # not a word whose root itself starts so ("diplomasi")
            if head.lower.startswith(prefix) and (not any(l.startswith(prefix) for l in forms) or (
                    head.lower in forms and any(not l.startswith(prefix) for l in forms))):
                return True
        if self.rules.passive_aux and head.lower.endswith(("ed", "en", "t")):
            window = self.tokens[max(0, hit.head - 3):hit.head]
            if any(t.lower in self.rules.passive_aux for t in window):
                # "was condemned by Turkey", "Israel was condemned." — not "is opposed to"
                nxt = self.tokens[hit.last + 1:hit.last + 2]
                # "was signed in Vienna on July 14, 2015, by Iran": a place and a date may come first
                by_follows = False
                for t in self.tokens[hit.last + 1:hit.last + 13]:
                    if t.lower in self.rules.passive_agent:
                        by_follows = True
                        break
                    if t.lower in self.rules.stops or t.lower in self.rules.complement:
                        break
                # "28 people have been killed in riots": violence told in the passive seldom names
                # its author, and no such verb names a state ("is opposed to")
                agentless = hit.trigger.category in ("ASSAULT", "COERCE") and any(
                    t.lower in self.rules.passive_aux for t in window[-2:])
                return by_follows or not nxt or not nxt[0].lower.isalpha() or agentless
        return False

    # -- the rest ------------------------------------------------------------------------------------
    def _sectors(self, lo: int, hi: int) -> list[str]:
        found: list[str] = []
        words = self.tokens[lo:hi]
        firsts = self.rules.sector_firsts
        for k in range(len(words)):
            if words[k].lower not in firsts and firsts.isdisjoint(words[k].lemmas):
                continue
            for size in (3, 2, 1):
                key = tuple(t.lower for t in words[k:k + size])
                hit = self.rules.sectors.get(key)
                if hit is None and size == 1:
                    hit = next((self.rules.sectors[(lem,)] for lem in words[k].lemmas if (lem,) in self.rules.sectors), None)
                if hit:
                    found += [s for s in hit if s not in found]
                    break
        return found

    def _date(self, hit: TriggerHit) -> DateMention | None:
        """The nearest date on the trigger's side of any relative clause: "lifted the restrictions,
        which it imposed in 2019" lifted them now, not in 2019."""
        if not self.dates:
            return None
        spans = self._relative_spans()

        def span_of(k: int) -> tuple[int, int] | None:
            return next((sp for sp in spans if sp[0] <= k < sp[1]), None)

        mine = span_of(hit.first)
        dates = [d for d in self.dates if span_of(self._tok_at(d.start)) == mine]
        if not dates:
            return None
        # "suspended them in 2023, and imposed sanctions in 2024": a clause joined by ", and" keeps
        # the dates before it to itself
        commas = [k for k, t in enumerate(self.tokens) if t.lower in (",", ";")]
        lo = max((k for k in commas if k < hit.first), default=-1)
        hi = min((k for k in commas if k > hit.last), default=len(self.tokens))
        joined = 0 <= lo < len(self.tokens) - 1 and self.tokens[lo + 1].lower in self.rules.coordinators
        near = [d for d in dates if lo < self._tok_at(d.start) < hi] if joined else []
        pos = self.tokens[hit.first].start
        return min(near or dates, key=lambda d: abs(d.start - pos))

    def code(self) -> list[Event]:
        events: list[Event] = []
        lexicon = compiled_lexicon(self.kb, self.rules.lang)
        hits = lexicon.find(self.tokens, self.rules.stops)
        if not hits or self._is_heading():
            return []
        self._analyse()
        in_dates = {k for d in self.dates for k in self._tokens_within(d.start, d.end)}
        # "Organisasi Kerja Sama Islam": words inside a name are not acts
        in_dates |= {k for m in self.all_mentions for k in self._tokens_within(m.start, m.end)}
        # "ANKARA, March 3": a month name beside a number is a date even when no year resolves it
        in_dates |= {k for k, t in enumerate(self.tokens) if t.lower in self.rules.months and t.text[:1].isupper()
                     and any(0 <= j < len(self.tokens) and self.tokens[j].lower.isdigit() for j in (k - 1, k + 1))}
        self.inert = in_dates  # words of dates and names: no trigger, no mood marker ("WARSAW, May 13")
        hits = [h for h in hits if h.first not in in_dates and not self._is_document(h.first)
                and not (self._names_a_document(h) if h.trigger.category in ("COOPERATE", "AGREE")
                         else self._is_document(h.first - 1))]
        hits = self._noun_compounds(hits)
        skip: set[int] = set()
        object_nouns: set[int] = set()  # nominal triggers heading an earlier trigger's object
        self.current = events
        for k, hit in enumerate(hits):
            if k in skip:
                continue
            if k > 0 and self._reduced_relative(hit) and self._clause(hits[k - 1].first) == self._clause(hit.first) \
                    and not (hit.trigger.category == "CONSULT" and hit.trigger.mode == "third-party"):
                # "refused cuts proposed by Saudi Arabia": part of what was refused — but "a deal
                # brokered by the UAE" tells of the mediation too
                continue
            if k > 0 and self._mediator_of_talks(hit, hits[k - 1], events):
                continue
            if self._attributive(hit):
                continue  # "Jordan's visiting King Abdullah", "the visiting premier": who, not what
            if hit.trigger.participants and (
                    any(self._clause(h.first) == self._clause(hit.first) and not h.trigger.reciprocal for h in hits[:k])
                    or (k + 1 < len(hits) and hits[k + 1].first - hit.last <= 3 and not self._nominal(hits[k + 1])
                        and self._clause(hits[k + 1].first) == self._clause(hit.first)
                        and hits[k + 1].trigger.category != hit.trigger.category)):
                # "police dispersed the protesters": whom an act is aimed at, not an act ("clashed
                # with protesters" aside: a partner acts too); "demonstrators launched missiles":
                # who did the act the verb names
                continue
            limit = self._object_limit(hits, k)
            object_nouns.update(j for j in range(k + 1, len(hits)) if hits[j].first < limit)
            # the next trigger is what this one asks for, promises, refuses or alleges
            governs = (hit.trigger.category in CONTROL | REPORTED and k + 1 < len(hits)
                       and self._governs(hit, hits[k + 1]))
            ev = self._event(hit, limit, object_noun=k in object_nouns,
                             governs=governs and hit.trigger.category in CONTROL)
            if governs and hit.trigger.category in REPORTED:
                skip.add(k + 1)  # "dituding membantu Moskwa": what is alleged is no event of its own
            if ev is None:
                continue
            if governs and hit.trigger.category in CONTROL:
                inner = self._event(hits[k + 1], self._object_limit(hits, k + 1))
                skip.add(k + 1)
                j = k + 1
                while j + 1 < len(hits) and hits[j].trigger.category in CONTROL and self._governs(hits[j], hits[j + 1]):
                    skip.add(j + 1)  # "opposed proposals to suspend …": what was proposed is no act either
                    j += 1
                # "agreed to provide 70 million dollars of aid for Romania", "rejected an invitation to
                # attend a meeting": the governed act's own noun goes too
                skip.update(i for i in range(j + 1, len(hits)) if hits[i].first < self._object_limit(hits, j)
                            and hits[i].trigger.category == hits[j].trigger.category)
                if inner is not None:
                    if ev.event_type == "AGREE" and not self._nominal(hits[k + 1]) and (
                            inner.event_type in ("ASSAULT", "COERCE", "THREATEN")
                            or (inner.event_type == "SANCTION" and inner.recipient)):
                        # "is prepared to impose martial law", "siap menyerang": force promised is a threat
                        ev.event_type = "THREATEN"
                        ev.mode = inner.mode if inner.event_type == "THREATEN" else THREATENED[inner.event_type]
                    _absorb(ev, inner, hit.trigger.reciprocal)
                    ev.actor_countries = self._countries(ev.actor, ev.date)
                    ev.recipient_countries = self._countries(ev.recipient, ev.date)
            if ev.event_type == "AGREE" and not ev.recipient:
                # "offered to keep the limits, provided Washington did the same": a promise made on
                # another's condition is made to them
                bound = [i for i in self._condition_subject(hit) if i not in ev.actor and i not in ev.actor_countries]
                if bound:
                    ev.recipient = bound
                    ev.recipient_countries = self._countries(ev.recipient, ev.date)
            if ev.event_type == "THREATEN":
                # "… if the YPG did not pull back": whoever the condition names is warned too
                warned = [i for i in self._condition_subject(hit) if i not in ev.actor and i not in ev.recipient
                          and i not in ev.actor_countries]
                if warned:
                    ev.recipient = ev.recipient + warned
                    ev.recipient_countries = self._countries(ev.recipient, ev.date)
            events.append(ev)
        events += self._allegations(events)
        _share_addressee(events)
        return _merge_same_clause(events)

    def _allegations(self, events: list[Event]) -> list[Event]:
        """"The US claimed that ISIL had attacked Iraq": claiming that someone used force is accusing
        them of it (the act itself is told too, as reported)."""
        if not self.rules.allegation:
            return []
        out: list[Event] = []
        for g in self.groups:
            verb = next((k for k in range(g.last + 1, min(g.last + 5, len(self.tokens)))
                         if self.tokens[k].lower in self.rules.allegation), None)
            if not g.speaker or verb is None:
                continue
            for ev in events:
                accused = [i for i in ev.actor if i not in g.ids]
                if ev.event_type in ALLEGED and accused and not set(g.ids) & set(ev.actor):
                    hit = TriggerHit(ALLEGATION, verb, verb, verb)
                    evidence = evidence_key("verb", True, True, False, False, False)
                    out.append(self._record(hit, ALLEGATION, "ACCUSE", "allege", list(g.ids), accused, [], None, [],
                                            self._date(hit), evidence, ALLEGATION.weight))
                    break
        return out

    def _object_limit(self, hits: list[TriggerHit], k: int) -> int:
        """Where the object of hits[k] must end: at the next trigger, unless that trigger is a noun
        heading the object ("mengecam serangan Israel") or naming the act itself ("provide about
        70 million dollars of aid for Romania")."""
        hit, nxt = hits[k], k + 1
        while nxt < len(hits) and (
                (self._nominal(hits[nxt]) and sum(1 for t in self.tokens[hit.last + 1:hits[nxt].first]
                                                  if t.lower not in self.rules.determiners
                                                  and t.lower not in self.rules.articles
                                                  and not self._amount(t)) <= 2)
                or (hits[nxt].trigger.category == hit.trigger.category and hits[nxt].first - hit.last <= 8
                    and not any(hit.last < g.first < hits[nxt].first for g in self.groups)
                    and not any(t.lower in self.rules.coordinators or t.lower in (",", ";")
                                for t in self.tokens[hit.last + 1:hits[nxt].first]))):
            nxt += 1
        return hits[nxt].first if nxt < len(hits) else len(self.tokens)

    def _amount(self, token: Token) -> bool:
        """"$85 million in", "70 juta dolar": how much of an act, not what stands between it and its verb."""
        return token.lower in self.rules.amount_words or any(c.isdigit() for c in token.lower)

    def _nominal(self, hit: TriggerHit) -> bool:
        """A noun entry, or a verb entry written as its noun ("serangan" from "serang": the
        morphology tags roots reached through nominal affixes "n:")."""
        if hit.trigger.pos == "noun" or (self.rules.articles and self._nominal_use(hit)):
            return True
        head = self.tokens[hit.first]
        lexicon = compiled_lexicon(self.kb, self.rules.lang)
        if any(t.pos == "noun" and len(t.elements) == 1 for lem in head.lemmas for t in lexicon.by_first.get(lem, ())):
            return True  # "ceasefire" is listed as a noun, whatever longer entry matched it
        return any(lem.startswith("n:") for lem in head.lemmas) and not self._verb_like(head)

    def _governs(self, outer: TriggerHit, inner: TriggerHit) -> bool:
        """"refused to normalise", "urged Israel to withdraw", "sepakat untuk bekerja sama": the
        second trigger is what the first one agrees to, asks for, threatens or refuses."""
        between = self.tokens[outer.last + 1:inner.first]
        if not between:
            return True
        # "mendesak Israel menghentikan …", "menuduh Rusia sengaja menyerang": only the addressee
        # (and an adverb) stands between
        start = outer.last + 1
        while start < inner.first and (self.tokens[start].lower in self.rules.determiners
                                       or self.tokens[start].lemmas & self.rules.group_heads):
            start += 1  # "menuntut pemerintah Indonesia memboikot …": whose government
        addressee = next((g for g in self.groups if g.first == start), None)
        if addressee is not None and (inner.first == addressee.last + 1 or (
                inner.first == addressee.last + 2 and self.tokens[addressee.last + 1].lower.isalpha()
                and not self._verb_like(self.tokens[addressee.last + 1])
                and self.tokens[addressee.last + 1].lower not in self.rules.stops)):
            return True
        # "called for an immediate ceasefire": a few modifiers before a nominal act
        if inner.trigger.pos == "noun" and len(between) <= 3 and not any(
                t.lower in self.rules.breaks or not t.lower.isalpha() for t in between) and not any(
                g.first > outer.last and g.last < inner.first for g in self.groups):
            return True
        # "mengancam akan menggugat", "berjanji akan membantu": only the future marker between
        if len(between) <= 2 and all(t.lower in self.rules.future_words for t in between):
            return True
        promise = outer.trigger.category in ("AGREE", "THREATEN")
        comp = next((k for k, t in enumerate(between) if t.lower in self.rules.complementizers
                     or (promise and t.lower in self.rules.complement)), None)
        if comp is None and promise and self.tokens[outer.last].lower in self.rules.complement:
            comp = 0  # "warned that Ankara would launch …": the pattern ends with its complementizer
        if comp is None or comp > 6 or len(between) - comp > 10:
            return False
        return not any(t.lower in self.rules.breaks or t.lower in (";", ":") for t in between)

    def _is_heading(self) -> bool:
        """Titles and section headings restate the body; the body's sentences carry the events."""
        text = self.sentence.text.rstrip()
        return bool(text) and text[-1] not in ".!?…\"”’»)" and len(self.tokens) < 25 and self.doc_has_body

    doc_has_body = True

    def _nominal_use(self, hit: TriggerHit) -> bool:
        """"the strikes", "its next meeting", "a phone call": a verb entry used as a noun."""
        window = self.tokens[max(0, hit.first - 2):hit.first]
        head = self.tokens[hit.first].lower
        if self.rules.irregular.get(head, head) != head:
            return False  # "The EU met Japan": a past form that is no noun ("hit", "cut" are both)
        if not self.rules.head_first and not head.endswith(self.rules.participle_suffixes or ("\0",)):
            # "weeks of Houthi attacks", "after Israeli strikes": a name before the word, itself
            # after a preposition or an article, modifies a noun; no verb has that subject
            owner = next((g for g in self.groups if g.last == hit.first - 1), None)
            if owner is not None and owner.first > 0 and (
                    self.tokens[owner.first - 1].lower in self.rules.prepositions
                    or self.tokens[owner.first - 1].lower in self.rules.articles):
                return True
        if head.endswith(self.rules.participle_suffixes or ("\0",)) and window and window[-1].lower not in self.rules.articles \
                and window[-1].lower not in self.rules.determiners:
            return False  # "a resolution demanding a ceasefire", "its allies demanded": a verb after its noun
        # an article right before makes a noun ("condemned the attack"); a verb-like word between
        # the article and the word reads as the verb ("the US strikes")
        art = max((k for k, t in enumerate(window) if t.lower in self.rules.articles), default=None)
        return art is not None and not any(self._verb_like(t) for t in window[art + 1:])

    def _event(self, hit: TriggerHit, next_trigger: int, object_noun: bool = False,
               governs: bool = False) -> Event | None:
        trig: Trigger = hit.trigger
        # (protest words stay verbs: "the protesters marched" names its own unnamed actor)
        if trig.pos == "verb" and trig.category != "PROTEST" and self.rules.articles and self._nominal_use(hit):
            trig = replace(trig, pos="noun")
            hit = TriggerHit(trig, hit.first, hit.last, hit.head)
        clause_start, clause_end = self._clause(hit.first)
        if object_noun:
            # "mengecam serangan itu", "condemned the Israeli strikes": the act condemned is told
            # again, not new — unless a head-first language names its own actor after it
            # ("mengecam serangan Israel ke Gaza")
            own = self._possessor(hit) if self.rules.head_first else None
            if own is None:
                return None
            subject, penalty = own, 0.0
        elif trig.pos == "noun":
            subject, penalty = self._noun_actor(hit, clause_start), 0.0
        else:
            subject, penalty = self._subject(hit, clause_start)
        # "kerja sama Kazakhstan dan Israel", "menguatnya hubungan Kazakhstan": a group right after a
        # nominal trigger is its possessor; after a plain verb it is the object
        # "bergabungnya Kazakhstan": a verb made a noun by its suffix takes its actor after it
        nominalised = self.tokens[hit.last].lower.endswith(self.rules.nominal_suffixes or ("\0",))
        possessor = self._possessor(hit) if (trig.pos == "noun" or len(trig.elements) > 1 or nominalised) \
            and self.tokens[hit.last].lower not in self.rules.governing else None  # "keluar dari ECOWAS": an object
        if possessor is not None and subject is None and nominalised:
            subject, penalty = possessor, 0.0
        if possessor is not None and (subject is None or trig.pos == "noun"
                                      or (self.rules.head_first and self._nominal(hit))):
            subject, penalty = possessor, 0.0
        if self._told_again(hit):
            return None  # "Dalam pertemuan itu, …", "at that meeting": an act already told
        if subject is None and trig.category == "CONSULT" and trig.mode == "visit" and self._nominal(hit):
            # "Steinmeier, on a state visit to Tanzania, asked…", "During his visit to Beijing, Putin
            # signed…": the visitor is the sentence's subject
            subject = self._visitor(hit, clause_end)
        if trig.deontic:
            return self._obligation(hit, trig, subject, clause_start, clause_end, next_trigger)
        passive = self._passive(hit)
        actor: list[str] = []
        recipient: list[str] = []
        target: Group | None = None  # the group the recipient was read from
        if passive:
            agent = self._after(hit, clause_end, self.rules.passive_agent)
            if agent is None and self.rules.passive_prefixes:
                agent = self._possessor(hit)  # Indonesian drops "oleh": "dimediasi Anwar Ibrahim"
            actor = agent.ids if agent else []
            # the patient of a passive is its grammatical subject, never a prepositional stand-in
            recipient = subject.ids if subject and penalty == 0.0 else []
        else:
            actor = subject.ids if subject else []
            # "the two ministers discussed … an exchange between Russia and Ukraine": parties already
            # named leave a later act its own "between"
            reach = clause_end if len(actor) < 2 else min(clause_end, next_trigger)
            between = self._between(hit, reach) if trig.reciprocal else []
            partner = self._after(hit, min(clause_end, next_trigger), self.rules.with_words) if trig.reciprocal else None
            obj = self._after(hit, min(clause_end, next_trigger))
            inside = next((g for g in self.groups if hit.first < g.first <= hit.first + 2 and g.last < hit.last
                           and not g.is_agreement and g is not subject), None)
            if inside is not None:
                obj = inside  # "menyebut Indonesia sebagai mitra utama Kazakhstan": the object inside the phrase
            if obj is subject or (obj is not None and trig.reciprocal and self._preceded_by(obj, self.rules.topics)):
                obj = None
            if obj is None and hit.last > hit.first:
                # "closed the Iranian embassy", "released 50 Palestinian prisoners"
                obj = next((g for g in self.groups if hit.first < g.first <= hit.last
                            and not g.is_agreement and g is not subject), None)
            if obj is not None and trig.category in GRIEVANCES and self._preceded_by(obj, self.rules.audience):
                # "complained to the United Nations over Israeli air raids": the body told is the
                # audience; the grievance names the target
                target_group = next((g for g in self.groups if obj.last < g.first < clause_end
                                     and not g.is_agreement and any(
                                         t.lower in self.rules.grievance for t in self.tokens[max(obj.last + 1, g.first - 3):g.first])), None)
                if target_group is not None:
                    obj = target_group
            if obj is None and not trig.reciprocal:  # "lodged a protest with Australia"
                obj = self._after(hit, min(clause_end, next_trigger), self.rules.with_words)
            if obj is None and (trig.converse or trig.category == "REQUEST"):
                # "received weapons from Iran": the giver; "demanded an apology from Tokyo": the one asked
                obj = self._after(hit, min(clause_end, next_trigger), self.rules.origin)
            if obj is None:
                # "Finland will give Tanzania a grant": the group between light verb and noun
                obj = next((g for g in self.groups if g.last < hit.first and g is not subject
                            and hit.first - g.last <= 8 and self._after_light_verb(g)), None)
            if between and trig.pos == "noun" and subject is not possessor:
                actor = between  # "discussed an exchange of prisoners between Russia and Ukraine"
            elif between:
                actor = [i for i in actor if i not in between] + between
            elif trig.reciprocal and partner and not actor and trig.pos == "noun" and self._nearest_party(hit):
                # "…, Tokayev said after a phone call with Trump": the one who tells of the call
                # took part in it
                own = self._nearest_party(hit)
                actor = list(own) + [i for g in self._all_after(hit, min(clause_end, next_trigger), self.rules.with_words)
                                     for i in g.ids if i not in own]
                penalty = -0.1
            elif trig.reciprocal and partner:
                # "tidak hanya dengan Israel, tetapi juga dengan negara-negara Teluk": every partner
                for g in self._all_after(hit, min(clause_end, next_trigger), self.rules.with_words):
                    actor = actor + [i for i in g.ids if i not in actor]
            elif obj and not self._preceded_by(obj, self.rules.passive_agent):
                if trig.reciprocal and not actor:
                    actor = obj.ids
                elif trig.reciprocal and self._preceded_by(obj, self.rules.with_words):
                    actor = actor + [i for i in obj.ids if i not in actor]
                else:
                    recipient, target = [i for i in obj.ids if i not in actor], obj
            signs_a_document = any(g.is_agreement and hit.last < g.first < clause_end for g in self.groups)
            if not recipient and not trig.reciprocal and not signs_a_document:
                # an act's place is its target when no one else is named: "withdrew from Lebanon",
                # "struck targets in Gaza", "lifted a curfew in Montenegro", "set up a centre in Tokyo"
                # — but a treaty signed in Washington is not signed with the United States
                place = self._after(hit, min(clause_end, next_trigger), self.rules.locatives)
                if place is not None:
                    recipient, target = [i for i in place.ids if i not in actor], place
            if not trig.reciprocal and not recipient:
                # "mediated earlier rounds between Iran and the United States": both are its target
                recipient = [i for i in self._between(hit, min(clause_end, next_trigger)) if i not in actor]
            if not trig.reciprocal and not recipient and self.rules.object_of and not self._verb_like(self.tokens[hit.last]):
                # "Russia's invasion of Ukraine", "la invasión de Ucrania": the noun's object follows "of"
                nxt = hit.last + 1
                if nxt < len(self.tokens) and self.tokens[nxt].lower in self.rules.object_of:
                    own = next((g for g in self.groups if nxt < g.first <= nxt + 2 and not g.is_agreement
                                and g is not subject), None)
                    if own is not None:
                        recipient, target = [i for i in own.ids if i not in actor], own
            if trig.reciprocal and len(actor) < 2 and recipient:
                actor, recipient = actor + recipient, []
            anaphor = self._refers_back(hit) if not trig.reciprocal else None
            if anaphor is not None and not recipient:
                recipient = self._previous_actor(actor, anaphor[0])
            elif anaphor is not None and anaphor[0] and target is not None and target.first > anaphor[1]:
                # "condemned the strikes as a violation of Yemen's sovereignty": the strikes' authors
                # are the target, not a name further on
                recipient = self._previous_actor(actor, anaphor[0], strict=True) or recipient
            if recipient and actor and trig.category in VERBAL and not trig.reciprocal:
                # "menegaskan dukungan Tokyo terhadap aksesi Indonesia": the actor's own state is
                # whose act it is, not its target — the group after "terhadap"/"to" is
                own = set(actor) | set(self._countries(actor, self.doc.date))
                if set(recipient) | set(self._countries(recipient, self.doc.date)) <= own:
                    other = next((g for g in self._all_after(hit, clause_end, self.rules.to_words)
                                  if not set(g.ids) | set(self._countries(g.ids, self.doc.date)) <= own), None)
                    recipient = other.ids if other is not None else []
            if not recipient and trig.category in ("ACCUSE", "THREATEN", "REJECT", "REQUEST"):
                own = set(actor) | set(self._countries(actor, self.doc.date))
                recipient = [i for i in self._complement_subject(hit)
                             if i not in own and not own & set(self._countries([i], self.doc.date))]
            if not recipient and trig.category in ANSWERS:
                # "menolak usulan … yang diajukan Ukraina", "refused cuts proposed by Saudi Arabia":
                # what is answered was put forward by someone: that is whom the answer is aimed at
                recipient = [i for i in self._proposer(hit, clause_end) if i not in actor]
            if not recipient and trig.category in RESPONSES and actor:
                # "Rusia … mengancam akan membalas": a response is aimed at whoever acted against it
                recipient = self._responding_to(actor)
        agreement = self._agreement(hit) if trig.category in ("SUPPORT", "AGREE", "REJECT", "RETREAT", "ACCUSE", "SANCTION",
                                                             "CONSULT", "REQUEST", "COOPERATE") else None
        if trig.pos == "noun" and not actor and not (trig.actorless and recipient):
            return None  # a noun names an act only with its actor ("protests against X" aside)
        # "asked allies to station more air defence": what is asked for stands in for whom
        if trig.needs_object and not governs and not (recipient or agreement or (trig.reciprocal and len(actor) >= 2)
                                      or (trig.agreement_verb and self._document_after(hit, clause_end))):
            return None
        if trig.needs_body and not self._leaves_a_body(recipient, agreement, hit, clause_end):
            return None
        if not (actor or recipient) and not trig.actorless:
            return None  # nobody named: "the accords were signed" tells who did nothing
        if not actor and not trig.actorless and not passive and trig.category in COOPERATIVE | {"AGREE"}:
            return None  # "The funding will support food … channelled through the Red Cross": no one acts
        if trig.converse:
            actor, recipient = recipient, actor  # the host receives the visit
        if len(actor) >= 2 and recipient and (trig.category in COOPERATIVE or trig.category == "AGREE") \
                and set(recipient) <= set(self._countries(actor, self.doc.date)):
            recipient = []  # "Prabowo dan Anwar sepakat … batas laut kedua negara": their own states, no target
        aux = self.modality.detect(self.tokens, hit.first, clause_start, clause_end, self.inert)
        when = self._date(hit)
        for extra in trig.aux:
            if extra not in aux:
                aux.append(extra)
        if "historical" not in aux and ((when is not None and _is_past(when, self.reference))
                                        or self._settled_membership(trig, actor, agreement, when)):
            aux.append("historical")
        category, mode = trig.category, trig.mode
        if category == "RETREAT" and mode == "withdraw" and self._leaves_a_body(recipient, agreement, hit, clause_end):
            # "withdrew from ECOWAS", "pulled out of the Paris Agreement": leaving a body or a treaty
            # is a sanction (PLOVER SANCTION withdraw), not a military pull-back
            category = "SANCTION"
        # "will not attend" stays the act with future and negation (EVENTS.md: negated events are
        # kept); only refusal words ("refused", "menolak") make a REJECT.
        if category == "CONCEDE" and "negation" in aux and "hypothetical" not in aux:
            # "would not back down", "tidak akan mundur": a concession refused is a refusal to yield
            category, mode = "REJECT", "yield"
            aux = [a for a in aux if a not in ("negation", "future")]
        elif {"future", "negation"} <= set(aux) and category in COOPERATIVE and self._on_condition(hit):
            # "will not normalise ties without a Palestinian state", "tidak akan mendanai … tanpa
            # jaminan": a conditional "never" is a refusal, not a plan
            category, mode = "REJECT", REFUSED_MODE.get(category)
            aux = [a for a in aux if a not in ("negation", "future")]
        elif "future" in aux and category in COOPERATIVE and "negation" not in aux:
            category, mode = "AGREE", None
        elif "future" in aux and category in THREATENED and "negation" not in aux \
                and not (category == "SANCTION" and mode == "withdraw"):
            # announced force or coercion is a threat until carried out ("would blockade Paris"); an
            # announced exit or recall ("would leave the WHO") is the decision itself
            category, mode = "THREATEN", THREATENED[category]
        if category in ("AGREE", "THREATEN") and "future" in aux and trig.category != "CONSULT" \
                and not self._future_marked(hit, clause_start, own=trig.category == category):
            # a promise or a threat is made now: it is the event, its content is to come — but a
            # meeting or visit on the calendar stays a future meeting ("dijadwalkan mengunjungi")
            aux.remove("future")
        sectors = list(trig.sectors)
        sectors += [s for s in self._sectors(max(clause_start, hit.first - 2), min(clause_end, next_trigger))
                    if s not in sectors]
        confidence = trig.weight + penalty
        confidence += 0.1 if actor else -0.15
        confidence += 0.05 if recipient or agreement else 0.0
        confidence -= 0.1 if "hypothetical" in aux else 0.0
        evidence = evidence_key(trig.pos, bool(actor), bool(recipient or agreement), penalty < 0,
                                bool(set(aux) & {"hypothetical", "negation"}), trig.weight >= 0.7)
        return self._record(hit, trig, category, mode, actor, recipient, aux, agreement, sectors, when, evidence,
                            confidence)

    def _record(self, hit: TriggerHit, trig: Trigger, category: str, mode: str | None, actor: list[str],
                recipient: list[str], aux: list[str], agreement: str | None, sectors: list[str],
                when: DateMention | None, evidence: str, raw: float) -> Event:
        """The event as the output contract states it. The quote is the whole sentence: a clause
        alone often loses the subject it was read with."""
        when_value, precision = (when.value, when.precision) if when else _publication(self.doc.date)
        return Event(
            event_type=category, mode=mode, actor=actor, recipient=recipient,
            quote=self.doc.text[self.sentence.start:self.sentence.end], start=self.sentence.start,
            end=self.sentence.end, contexts=list(trig.contexts), aux=aux,
            actor_countries=self._countries(actor, when_value), recipient_countries=self._countries(recipient, when_value),
            agreement=agreement, sectors=sectors, date=when_value, date_precision=precision,
            confidence=calibrated(self.kb, evidence, raw), evidence=evidence,
            trigger=" ".join(t.text for t in self.tokens[hit.first:hit.last + 1]),
        )

    def _leaves_a_body(self, recipient: list[str], agreement: str | None, hit: TriggerHit, clause_end: int) -> bool:
        # "left China's Belt and Road Initiative": the agreement named after the verb, whoever owns it
        if agreement is not None and any(g.is_agreement and hit.last < g.first < clause_end for g in self.groups):
            return True
        kinds = {(self.kb.actor(i).kind if self.kb.actor(i) else None) for i in recipient}
        return bool(recipient) and kinds == {"organization"}

    def _nearest_party(self, hit: TriggerHit) -> list[str]:
        """The nearest name before a trigger that is no prepositional object (a speaker counts)."""
        for g in reversed(self.groups):
            if g.last < hit.first and not g.is_agreement:
                return [] if self._prepositional(g) else g.ids
        return []

    def _future_marked(self, hit: TriggerHit, clause_start: int, own: bool) -> bool:
        """"are expected to commit", "diharapkan menandatangani": a promise not yet made — an
        expectation word right before the act, or (`own`: the trigger is itself a promise) a future
        word right before it."""
        window = self.tokens[max(clause_start, hit.first - 3):hit.first]
        return any(t.lower in self.rules.not_yet or (own and t.lower in self.rules.future_words) for t in window)

    def _visitor(self, hit: TriggerHit, clause_end: int) -> Group | None:
        before = [g for g in self.groups if g.last < hit.first and not g.is_agreement]
        if before:
            g = before[-1]
            return None if self._prepositional(g) or self._object_of_verb(g) else g
        # the visit told first: the subject after its phrase, past the destination
        destination = self._after(hit, clause_end)
        for g in self.groups:
            if g.first > hit.last and g is not destination and not g.is_agreement:
                return None if self._prepositional(g) else g
        return None

    def _told_again(self, hit: TriggerHit) -> bool:
        """"pertemuan itu", "that meeting": a noun with a demonstrative names an act told before."""
        if not self._nominal(hit):
            return False
        if self.rules.head_first:
            nxt = hit.last + 1
            return nxt < len(self.tokens) and self.tokens[nxt].lower in self.rules.demonstratives
        before = self.tokens[hit.first - 1].lower if hit.first > 0 else ""
        return before in self.rules.demonstratives and before not in self.rules.articles \
            and before not in self.rules.determiners

    def _obligation(self, hit: TriggerHit, trig: Trigger, subject: Group | None, clause_start: int,
                    clause_end: int, next_trigger: int) -> Event | None:
        """"Russia said Sudan must return the helicopter": a demand by whoever says it, of whoever
        must act — only in reported speech, where a speaker is named."""
        speaker = next((g for g in reversed(self.groups) if g.speaker and g.last < hit.first), None)
        if speaker is None or subject is None or subject is speaker or subject.first < speaker.last:
            return None
        actor = speaker.ids
        recipient = [i for i in subject.ids if i not in actor]
        if not recipient:
            return None
        aux = self.modality.detect(self.tokens, hit.first, clause_start, clause_end, self.inert)
        aux = [a for a in aux if a == "negation"]
        evidence = evidence_key("verb", True, True, False, bool(aux), trig.weight >= 0.7)
        sectors = self._sectors(hit.first, min(clause_end, next_trigger))
        return self._record(hit, trig, trig.category, trig.mode, actor, recipient, aux, self._agreement(hit), sectors,
                            self._date(hit), evidence, trig.weight + 0.1)

    def _on_condition(self, hit: TriggerHit) -> bool:
        """A condition follows the act in its sentence: "without", "until", "tanpa", "sebelum"."""
        return any(t.lower in self.rules.refusal_conditions for t in self.tokens[hit.last + 1:])

    def _condition_subject(self, hit: TriggerHit) -> list[str]:
        """"threatened retaliation if the United States and South Korea hold the drills": whoever
        the condition names first is the one warned."""
        cond = next((k for k in range(hit.last + 1, len(self.tokens)) if self.tokens[k].lower in self.rules.conditions),
                    None)
        if cond is None:
            return []
        group = next((g for g in self.groups if g.first > cond and not g.is_agreement), None)
        return group.ids if group is not None and group.first - cond <= 3 else []

    def _complement_subject(self, hit: TriggerHit) -> list[str]:
        """"tuduhan Phnom Penh bahwa Thailand melanggar…", "accused … that Israel had…": the one
        accused is the subject of the clause the trigger introduces."""
        for j in range(hit.last + 1, min(len(self.tokens), hit.last + 4)):
            if self.tokens[j].lower in self.rules.complement:
                for g in self.groups:
                    if g.first > j and not g.is_agreement:
                        return g.ids if g.first - j <= 3 else []
                return []
        return []

    def _is_document(self, k: int) -> bool:
        return 0 <= k < len(self.tokens) and bool(self.tokens[k].lemmas & self.rules.agreement_nouns)

    def _document_after(self, hit: TriggerHit, clause_end: int) -> bool:
        """"menandatangani nota kesepahaman", "signed a memorandum": an unnamed agreement as object."""
        return any(self._is_document(k) for k in range(hit.last + 1, min(clause_end, hit.last + 5)))

    def _names_a_document(self, hit: TriggerHit) -> bool:
        """"cooperation agreement", "nota kesepahaman kerja sama", "kesepakatan gencatan senjata":
        the trigger only names a document."""
        before = hit.first - 1
        if before >= 0 and self.tokens[before].lower in self.rules.prepositions | self.rules.to_words:
            before -= 1  # "memorandum of understanding on cooperation"
        return self._is_document(hit.last + 1) or self._is_document(before)

    def _noun_compounds(self, hits: list[TriggerHit]) -> list[TriggerHit]:
        """"perundingan gencatan senjata", "ceasefire talks": of two adjacent nominal triggers only
        the head is an act (the first in head-first languages, the last otherwise)."""
        drop: set[int] = set()
        for k in range(len(hits) - 1):
            a, b = hits[k], hits[k + 1]
            if a.trigger.pos == "noun" and b.trigger.pos == "noun" and b.first == a.last + 1:
                drop.add(k + 1 if self.rules.head_first else k)
        return [h for k, h in enumerate(hits) if k not in drop]

    def _refers_back(self, hit: TriggerHit) -> tuple[frozenset[str], int] | None:
        """"condemned the measures", "mengecam serangan tersebut": the object is an earlier event.
        The categories the anaphor can name as a trigger ("strikes" → ASSAULT or PROTEST), none
        when it names none ("the measures"), with the anaphor's position; None when the object is
        no anaphor. A short pattern may hold its object ("welcomed the release")."""
        start = hit.first + 1 if hit.last - hit.first <= 3 else hit.last + 1
        window = self.tokens[start:hit.last + 5]
        words = [t.lower for t in window]
        for k, t in enumerate(window):
            if t.lemmas & self.rules.event_anaphors:
                near = words[max(0, k - 2):k] + words[k + 1:k + 2]
                if not any(w in self.rules.demonstratives for w in near):
                    return None
                answered = next((self.rules.answered[w] for w in (t.lower, *t.lemmas) if w in self.rules.answered), None)
                if answered is not None:  # "rejected the call": the call was a request
                    return frozenset({answered}), start + k
                named = compiled_lexicon(self.kb, self.rules.lang).candidates(t)
                return frozenset(n.category for n in named if len(n.elements) == 1), start + k
        return None

    def _attributive(self, hit: TriggerHit) -> bool:
        """A one-word participle between a determiner (or a possessive) and a name: a description."""
        if hit.first != hit.last or hit.first == 0 or not self.rules.participle_suffixes:
            return False
        word, before = self.tokens[hit.first].lower, self.tokens[hit.first - 1].lower
        after = self.tokens[hit.last + 1].lower if hit.last + 1 < len(self.tokens) else ""
        possessive = before in self.rules.articles or before.endswith(("'s", "’s", "s'", "s’")) or (
            before in ("'", "’") and hit.first >= 2 and self.tokens[hit.first - 2].lower.endswith("s"))
        if self.rules.verb_suffixes and word.endswith(self.rules.verb_suffixes) and possessive \
                and after.isalpha() and after not in self.rules.prepositions and after not in self.rules.passive_agent:
            return True  # "the two countries' deployed warheads": a past participle describing a noun
        return (word.endswith(self.rules.participle_suffixes)
                and (before in self.rules.articles or before in self.rules.determiners or before.endswith(("'s", "’s")))
                and any(g.first == hit.last + 1 or (g.first == hit.last + 2 and self.tokens[hit.last + 1].lower.isalpha()
                                                   and self.tokens[hit.last + 1].text[:1].isupper())
                        for g in self.groups))

    def _mediator_of_talks(self, hit: TriggerHit, talks: TriggerHit, events: list[Event]) -> bool:
        """"talks in Doha mediated by Qatar and Turkey": the mediators join the talks as their third
        party (the recipient), not as a mediation of their own."""
        if not (hit.trigger.category == "CONSULT" and (hit.trigger.mode == "third-party" or hit.trigger.converse)
                and talks.trigger.category == "CONSULT" and talks.trigger.reciprocal
                and 0 < hit.first - talks.last <= 4 and hit.last + 1 < len(self.tokens)
                and (self.tokens[hit.last + 1].lower in self.rules.passive_agent or self._passive(hit))):
            return False
        told = next((e for e in reversed(events) if e.event_type == "CONSULT"
                     and e.start <= self.tokens[talks.first].start < e.end), None)
        # "perundingan yang dimediasi Qatar": Indonesian names the agent without "oleh"
        agent = self._after(hit, len(self.tokens), self.rules.passive_agent) or (
            self._possessor(hit) if self.rules.passive_prefixes else None)
        if told is None or agent is None:
            return False
        told.recipient = told.recipient + [i for i in agent.ids if i not in told.recipient and i not in told.actor]
        told.recipient_countries = self._countries(told.recipient, told.date)
        return True

    def _reduced_relative(self, hit: TriggerHit) -> bool:
        """"cuts proposed by Saudi Arabia": a participle with its agent, right after a plain noun."""
        if hit.first == 0 or hit.last + 1 >= len(self.tokens):
            return False
        before, after = self.tokens[hit.first - 1], self.tokens[hit.last + 1]
        return (after.lower in self.rules.passive_agent and before.lower.isalpha()
                and before.lower not in self.rules.passive_aux
                and not any(g.first <= hit.first - 1 <= g.last for g in self.groups))

    def _proposer(self, hit: TriggerHit, clause_end: int) -> list[str]:
        """The agent of a participle in the trigger's object: "proposed by X", "diajukan X"."""
        for g in self.groups:
            if g.first <= hit.last or g.first >= clause_end or g.is_agreement or g.speaker:
                continue
            if g.first - hit.last > 12:
                break
            if self._preceded_by(g, self.rules.passive_agent) or (
                    g.first - hit.last <= 6 and self._preceded_by(g, self.rules.origin)):
                return g.ids  # "proposed by X", "a fresh offer from Afghanistan"
            before = self.tokens[g.first - 1]
            if self.rules.passive_prefixes and before.lower.startswith(self.rules.passive_prefixes) \
                    and len(before.lower) > 5 and self._verb_like(before):
                return g.ids
        return []

    def _responding_to(self, actor: list[str]) -> list[str]:
        mine = set(actor) | set(self._countries(actor, self.doc.date))
        for ev in reversed(self.previous + self.current):
            if mine & (set(ev.recipient) | set(ev.recipient_countries)) and not mine & set(ev.actor):
                return [i for i in ev.actor if i not in actor]
        return []

    def _previous_actor(self, actor: list[str], categories: frozenset[str] = frozenset(),
                        strict: bool = False) -> list[str]:
        """Who did the earlier act this one answers: the latest act of the category the anaphor
        names, else (unless `strict`) preferably an act aimed at this actor."""
        earlier = list(reversed(self.previous + self.current))
        mine = set(actor) | set(self._countries(actor, self.doc.date))
        for ev in earlier:
            if ev.event_type in categories and ev.actor and not mine & set(ev.actor):
                return [i for i in ev.actor if i not in actor]
        if strict:
            return []
        for ev in earlier:
            if mine & (set(ev.recipient) | set(ev.recipient_countries)) and not mine & set(ev.actor):
                return [i for i in ev.actor if i not in actor]
        for ev in earlier:
            ids = [i for i in ev.actor if i not in actor]
            if ids and not set(ev.actor) & set(actor):
                return ids
        return []

    def _settled_membership(self, trig: Trigger, actor: list[str], agreement: str | None,
                            when: DateMention | None) -> bool:
        """Joining an agreement that every actor had joined years before the reference date is
        background, not news: the knowledge base's membership dates tell."""
        if trig.category != "SUPPORT" or not agreement or not actor or when is not None:
            return False
        record = self.kb.actor(agreement)
        if record is None or not record.members:
            return False
        joined = {m.member: (m.since or m.announced) for m in record.members if not m.left}
        cutoff = f"{self.reference.year - SETTLED_YEARS:04d}{self.reference.isoformat()[4:]}"
        countries = self._countries(actor, self.doc.date)
        return bool(countries) and all(joined.get(c) and joined[c] < cutoff for c in countries)

    def _countries(self, ids: list[str], when: str | None) -> list[str]:
        out: list[str] = []
        for i in ids:
            actor = self.kb.actor(i)
            country = actor.country_at(when or self.doc.date) if actor else None
            if country and country not in out:
                out.append(country)
        return out


def evidence_key(pos: str, actor: bool, other: bool, fallback: bool, modal: bool, strong: bool) -> str:
    """The features confidence is calibrated on, as one key: "verb+actor+other-fallback-modal+strong"."""
    flags = (("+" if actor else "-") + "actor", ("+" if other else "-") + "other", ("+" if fallback else "-") + "fallback",
             ("+" if modal else "-") + "modal", ("+" if strong else "-") + "strong")
    return pos + "".join(flags)


def calibrated(kb: Knowledge, evidence: str, raw: float) -> float:
    """Confidence as the precision observed for events with the same evidence on the development
    sets (data/calibration.yaml, written by tools/calibrate.py); the raw score where none was seen."""
    table = kb.calibration
    if evidence in table:
        return table[evidence]
    return round(max(0.05, min(0.99, raw * table.get("*", 1.0))), 2)


def _absorb(outer: Event, inner: Event, reciprocal: bool) -> None:
    """Fold the governed event into the governing one: its parties become the recipients (or,
    for a reciprocal promise, fellow actors), its agreement and sectors carry over."""
    # "Erdogan warned that Ankara would launch an operation against the YPG": the speaker's own
    # state acting is no recipient of the speaker
    others = [i for i in inner.actor + inner.recipient if i not in outer.actor and i not in outer.actor_countries]
    if reciprocal and not outer.recipient:
        outer.actor += [i for i in inner.actor if i not in outer.actor]
        outer.recipient = [i for i in inner.recipient if i not in outer.actor]
    elif not outer.recipient:
        outer.recipient = others
    outer.agreement = outer.agreement or inner.agreement
    outer.sectors += [s for s in inner.sectors if s not in outer.sectors]
    if inner.mode and outer.event_type in ("REQUEST", "REJECT") and outer.mode is None:
        outer.mode = {"RETREAT": "yield", "CONSULT": "meet", "AID": "assist", "COOPERATE": "assist"}.get(inner.event_type)
    outer.trigger = f"{outer.trigger} … {inner.trigger}"


def _publication(published: str | None) -> tuple[str | None, str | None]:
    if not published:
        return None, None
    return published, {4: "year", 7: "month"}.get(len(published), "day")


def _is_past(when: DateMention, reference: date) -> bool:
    """Background, not news: an earlier year, an earlier month, or a day a month before the reference."""
    year = int(when.value[:4])
    if year < reference.year:
        return True
    if when.precision == "month":
        return int(when.value[5:7]) < reference.month
    day = parse_iso(when.value) if when.precision == "day" else None
    return bool(day and (reference - day).days > BACKGROUND_DAYS)


def _everyone(ev: Event) -> set[str]:
    return set(ev.actor) | set(ev.recipient) | set(ev.actor_countries) | set(ev.recipient_countries)


def _told_within(small: Event, big: Event) -> bool:
    """"Lavrov arrived in Ankara for talks with Fidan", "held a phone call with Erdogan to discuss
    grain": one meeting told twice in a sentence; the record naming everyone says it all."""
    return (small is not big and small.event_type == big.event_type and small.start == big.start
            and sorted(small.aux) == sorted(big.aux) and bool(small.actor)
            and not (small.date and big.date and small.date != big.date)  # two acts told with two dates
            and set(small.actor) <= set(big.actor) | set(big.recipient)
            and set(small.recipient) <= _everyone(big)
            and len(set(big.actor) | set(big.recipient)) > len(set(small.actor) | set(small.recipient)))


def _merge_same_clause(events: list[Event]) -> list[Event]:
    """Two triggers of one category over the same participants in a sentence are one event."""
    out: list[Event] = []
    for ev in list(events):
        big = next((o for o in events if _told_within(ev, o)), None)
        if big is not None:
            big.mode = big.mode or ev.mode
            big.sectors += [s for s in ev.sectors if s not in big.sectors]
            events = [e for e in events if e is not ev]
    for ev in events:
        twin = next((o for o in out if o.event_type == ev.event_type and o.start == ev.start
                     and set(o.actor) == set(ev.actor) and sorted(o.aux) == sorted(ev.aux)
                     and (set(o.recipient) == set(ev.recipient) or not o.recipient or not ev.recipient)), None)
        if twin is None:
            out.append(ev)
            continue
        twin.sectors += [s for s in ev.sectors if s not in twin.sectors]
        twin.agreement = twin.agreement or ev.agreement
        if not twin.recipient:
            twin.recipient, twin.recipient_countries = ev.recipient, ev.recipient_countries
        twin.confidence = max(twin.confidence, ev.confidence)
    return out


def code_document(doc: Document, kb: Knowledge, dates: list[DateMention], today: date | None = None) -> list[Event]:
    lang = doc.lang if doc.lang in kb.lexicons else None
    if lang is None:
        return []
    rules = language_rules(kb, lang)
    modality = modality_rules(kb, lang)
    reference = parse_iso(doc.date) or today or date.today()
    events: list[Event] = []
    by_sentence: dict[int, list[Mention]] = {}
    starts = [s.start for s in doc.sentences]
    for m in doc.mentions:
        k = bisect_right(starts, m.start) - 1
        if k >= 0 and m.start < doc.sentences[k].end:
            by_sentence.setdefault(k, []).append(m)
    has_body = sum(1 for s in doc.sentences if s.text.rstrip()[-1:] in ".!?…\"”’»)") >= 2
    sporting = _sporting_sentences(doc, rules)
    date_starts = [d.start for d in dates]  # dates come sorted by position
    for k, sentence in enumerate(doc.sentences):
        own_dates = dates[bisect_left(date_starts, sentence.start):bisect_left(date_starts, sentence.end)]
        coder = SentenceCoder(doc, kb, sentence, by_sentence.get(k, []), own_dates, rules, modality, reference)
        coder.doc_has_body = has_body
        coder.previous = events  # earlier events of the document, for "condemned the measures"
        told = coder.code()
        if k in sporting:  # fans may protest at a match; teams "attack" and "meet" only on the pitch
            told = [ev for ev in told if ev.event_type not in GAME_CATEGORIES]
        events += told
    table = kb.calibration
    for ev in events:  # the category is final only now (a promise of force became a threat)
        ev.confidence = table.get(f"{ev.evidence}|{ev.event_type}", ev.confidence)
    return _dedupe(events)


SPORTS_REPORT = 3  # distinct sports words that make a document a sports report
# What a match report's verbs read as: "attacking down the flanks", "will meet France", "beat Liberia".
GAME_CATEGORIES = {"ASSAULT", "CONSULT", "AGREE", "COOPERATE", "MOBILIZE", "RETREAT", "COERCE"}


def _sporting_sentences(doc: Document, rules: LanguageRules) -> set[int]:
    """The sentences of a sports report that speak of the game ("Japan thrashed Germany",
    "terus menyerang pertahanan lawan"): matches, not international relations."""
    text = doc.text.lower()
    # as substrings first: a few fast scans settle almost every document
    if sum(1 for w in rules.sports if w in text) < SPORTS_REPORT \
            or len(rules.sports.intersection(_WORD.findall(text))) < SPORTS_REPORT:
        return set()
    return {k for k, s in enumerate(doc.sentences) if not rules.sports.isdisjoint(_WORD.findall(s.text.lower()))}


_WORD = re.compile(r"\w+(?:-\w+)*")


def _dedupe(events: list[Event]) -> list[Event]:
    """The same event told twice in one document is one record: the first, most confident telling."""
    kept: list[Event] = []
    by_key: dict[tuple, list[Event]] = {}  # only records of one act, parties and mood can be twins
    for ev in events:
        key = ev.key()
        bucket = by_key.setdefault(key[:3] + key[4:], [])
        twin = next((k for k in bucket if _same_event(k, ev)), None)
        if twin is None and ev.event_type == "CONSULT" and not ev.recipient:
            twin = next((k for k in kept if _same_meeting(k, ev)), None)
        if twin is None and ev.event_type == "CONSULT" and ev.recipient:
            twin = next((k for k in kept if _same_visit(k, ev)), None)
            if twin is not None and set(twin.recipient) <= set(twin.recipient_countries):
                # "a visit to the Emirati capital … received by Sheikh Mohamed": the host named
                # is the more precise telling
                twin.recipient = list(ev.recipient)
        if twin is None:
            kept.append(ev)
            bucket.append(ev)
        else:
            twin.sectors += [s for s in ev.sectors if s not in twin.sectors]
            twin.agreement = twin.agreement or ev.agreement
            twin.confidence = max(twin.confidence, ev.confidence)
    return kept


def _share_addressee(events: list[Event]) -> None:
    """"said it was 'seriously concerned' and urged Beijing to act with restraint": one actor's
    words of conflict in one sentence address the same party when only one of them names it."""
    for ev in events:
        if ev.event_type not in VERBAL_CONFLICT or ev.recipient or not ev.actor or ev.aux:
            continue
        named = [o for o in events if o is not ev and o.event_type in VERBAL_CONFLICT and o.recipient
                 and o.actor == ev.actor and not o.aux]
        if len(named) == 1:
            ev.recipient, ev.recipient_countries = list(named[0].recipient), list(named[0].recipient_countries)


def _same_meeting(told: Event, retold: Event) -> bool:
    """"Tokayev received Sugiono … the two discussed trade": a meeting retold among the same
    parties on the same day, whatever it covered, is the meeting already told."""
    return (told.event_type == "CONSULT" and sorted(told.aux) == sorted(retold.aux)
            and set(retold.actor) <= set(told.actor) | set(told.recipient)
            and (told.date == retold.date or not told.date or not retold.date))


def _same_visit(told: Event, retold: Event) -> bool:
    """One visit told twice, once to the state and once to its leader, on the same day."""
    return (told.event_type == "CONSULT" and set(told.actor) == set(retold.actor) and bool(told.recipient)
            and sorted(told.aux) == sorted(retold.aux) and set(told.recipient_countries) == set(retold.recipient_countries)
            and bool(told.recipient_countries) and (told.date == retold.date or not told.date or not retold.date))


def _same_event(a: Event, b: Event) -> bool:
    """One event told twice: same act, parties and mood; an agreement named once counts for both."""
    return (a.key()[:3] == b.key()[:3] and a.key()[4] == b.key()[4]
            and (a.agreement == b.agreement or not a.agreement or not b.agreement)
            and _same_fields(a.sectors, b.sectors))


def _same_fields(a: list[str], b: list[str]) -> bool:
    """Sectors tell two events of the same parties apart: cooperation on energy is not on water."""
    return not a or not b or set(a) <= set(b) or set(b) <= set(a)
