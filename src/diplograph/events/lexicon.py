"""Compiled trigger lexicons: patterns of lemmas matched over tokens, longest first."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..knowledge import Knowledge
from ..tokens import Token

# Quotation marks do not end a pattern: 'called the decision "hostile"' is still one phrase.
_PUNCT_STOP = set(".,;:!?()[]{}—–")


@dataclass(frozen=True)
class Trigger:
    """A lexicon entry as the coder uses it."""

    elements: tuple[frozenset[str], ...]
    category: str
    mode: str | None
    pos: str
    reciprocal: bool
    needs_object: bool
    agreement_verb: bool
    passive: bool
    actorless: bool
    sectors: tuple[str, ...]
    contexts: tuple[str, ...]
    aux: tuple[str, ...]
    weight: float
    gap: int
    not_followed_by: frozenset[str]
    not_preceded_by: frozenset[str]
    affixed_only: bool
    pattern: str
    # names the people taking part ("protesters"): an act only as its clause's first act, not as
    # the object of another ("police dispersed the protesters")
    participants: bool = False
    # "Russia said Sudan must return the helicopter": the speaker asks (actor), the subject of the
    # obligation is asked (recipient), what must be done is the content
    deontic: bool = False
    # "Riyadh hosted Trump", "Putin received Xi": the subject is the host, the recipient of a visit
    # whose actor is the guest
    converse: bool = False
    # "Mali left ECOWAS", "quit the Paris Agreement": an act only when its object is an
    # organisation or an agreement ("left for Beijing" is no exit)
    needs_body: bool = False


@dataclass(slots=True)
class TriggerHit:
    trigger: Trigger
    first: int  # token index of the first element
    last: int  # token index of the last element
    head: int  # token index that carries voice and modality (the first element)


# Categories whose news often leaves the actor unnamed ("protesters", "critics", "gunmen").
_ACTORLESS_DEFAULT = {"PROTEST", "ASSAULT", "MOBILIZE", "COERCE", "ACCUSE"}


def _trigger(entry: dict[str, Any], elements: tuple[frozenset[str], ...]) -> Trigger:
    category = entry["category"]
    pos = entry.get("pos", "verb")
    return Trigger(
        elements=elements, category=category, mode=entry.get("mode"), pos=pos,
        reciprocal=bool(entry.get("reciprocal", False)), needs_object=bool(entry.get("needs_object", False)),
        agreement_verb=bool(entry.get("agreement_verb", False)), passive=bool(entry.get("passive", False)),
        actorless=bool(entry.get("actorless", category in _ACTORLESS_DEFAULT and pos == "verb")),
        sectors=tuple(entry.get("sectors") or ()), contexts=tuple(entry.get("contexts") or ()),
        aux=tuple(entry.get("aux") or ()), weight=float(entry.get("weight", 0.7 if pos == "verb" else 0.6)),
        gap=int(entry.get("gap", 2)),
        not_followed_by=frozenset(str(w).lower() for w in entry.get("not_followed_by") or ()),
        not_preceded_by=frozenset(str(w).lower() for w in entry.get("not_preceded_by") or ()),
        affixed_only=bool(entry.get("affixed_only", False)),
        pattern=entry["pattern"], participants=bool(entry.get("participants", False)),
        deontic=bool(entry.get("deontic", False)), converse=bool(entry.get("converse", False)),
        needs_body=bool(entry.get("needs_body", False)),
    )


@dataclass
class CompiledLexicon:
    by_first: dict[str, list[Trigger]] = field(default_factory=dict)
    _first_words: frozenset[str] | None = field(default=None, repr=False)
    _order: dict[int, int] = field(default_factory=dict, repr=False)  # id(trigger) -> lexicon position
    # token form -> the triggers any of its lemmas can start, in lexicon order (news repeats words)
    _by_form: dict[str, tuple[Trigger, ...]] = field(default_factory=dict, repr=False)

    @property
    def first_words(self) -> frozenset[str]:
        if self._first_words is None:
            self._first_words = frozenset(self.by_first)
        return self._first_words

    def add(self, trig: Trigger) -> None:
        self._first_words = None
        self._by_form.clear()
        self._order[id(trig)] = len(self._order)
        for key in trig.elements[0]:
            self.by_first.setdefault(key, []).append(trig)

    def find(self, tokens: list[Token], breaks: frozenset[str]) -> list[TriggerHit]:
        hits: list[TriggerHit] = []
        i = 0
        n = len(tokens)
        while i < n:
            best: TriggerHit | None = None
            candidates = self._by_form.get(tokens[i].lower)
            if candidates is None:
                candidates = self._candidates(tokens[i])
            for trig in candidates:
                if trig.affixed_only and tokens[i].lower in trig.elements[0]:
                    continue  # the bare root is the noun ("kritik"); only "mengkritik" is the act
                last = _match_rest(tokens, i, trig, breaks)
                if last is None or not _context_ok(tokens, i, last, trig):
                    continue
                span = (last - i, len(trig.elements), trig.weight)
                if best is None or span > (best.last - best.first, len(best.trigger.elements), best.trigger.weight):
                    best = TriggerHit(trig, i, last, i)
            if best:
                hits.append(best)
                i = best.last + 1
            else:
                i += 1
        return hits


    def candidates(self, token: Token) -> tuple[Trigger, ...]:
        """The triggers a token can start, in lexicon order."""
        found = self._by_form.get(token.lower)
        return found if found is not None else self._candidates(token)

    def _candidates(self, token: Token) -> tuple[Trigger, ...]:
        found = {id(t): t for key in token.lemmas for t in self.by_first.get(key, ())}
        out = tuple(sorted(found.values(), key=lambda t: self._order[id(t)]))
        if len(self._by_form) < 200_000:
            self._by_form[token.lower] = out
        return out


def _match_rest(tokens: list[Token], i: int, trig: Trigger, breaks: frozenset[str]) -> int | None:
    pos = i
    for element in trig.elements[1:]:
        for step in range(1, trig.gap + 2):
            j = pos + step
            if j >= len(tokens):
                return None
            tok = tokens[j]
            if tok.lemmas & element:
                pos = j
                break
            if tok.lower in _PUNCT_STOP or tok.lower in breaks:
                return None
        else:
            return None
    return pos


def _context_ok(tokens: list[Token], first: int, last: int, trig: Trigger) -> bool:
    if trig.not_followed_by and last + 1 < len(tokens) and tokens[last + 1].lemmas & trig.not_followed_by:
        return False
    if trig.not_preceded_by and first > 0 and tokens[first - 1].lemmas & trig.not_preceded_by:
        return False
    return True


@lru_cache(maxsize=16)
def compiled_lexicon(kb: Knowledge, lang: str) -> CompiledLexicon:
    out = CompiledLexicon()
    lexicon = kb.lexicons.get(lang)
    if lexicon is None:
        return out
    for entry in lexicon.entries:
        words = entry["pattern"].lower().split()
        elements = tuple(frozenset(w.split("|")) for w in words)
        out.add(_trigger(entry, elements))
        if len(words) > 1 and all("|" not in w for w in words) and entry.get("compound", True):
            # closed compounds: "kerja sama" is also written "kerjasama", "tanda tangan" "tandatangan"
            out.add(_trigger(entry, (frozenset(("".join(words),)),)))
    return out
