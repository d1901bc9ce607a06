"""Stage 5b: hits to actor mentions — titles bound to names, office holders at the document's
date, ambiguous names kept only with support, and coreference to the countries in focus."""
from __future__ import annotations

import re
from bisect import bisect_right

from ..dates import datelines, in_spans
from ..knowledge import Knowledge
from ..model import Document, Mention
from .matcher import Entry, Hit, build_matcher

_GAP = re.compile(r"^[\s,]*(?:(?:of|the|dari|de|del|la|du)\s+)*$", re.I)
_COORDINATION = re.compile(r"^\s*,?\s*(?:(?:and|dan|serta|y|e|et|und|&|or|atau|-|–|—|/)\s*)?"
                           r"(?:(?:the|el|la|los|las|les|le|die|der)\s+)?$", re.I)
_POSSESSIVE_GAP = re.compile(r"^(?:'s|’s)?\s{1,2}$")
_VIA_RANK = {"name": 0, "demonym": 1, "metonym": 2}
_KIND_RANK = {"country": 0, "organization": 1, "agreement": 2, "group": 3, "person": 4}


def _joined(text: str, a: Hit, b: Hit) -> bool:
    return b.start >= a.end and b.start - a.end <= 6 and bool(_GAP.match(text[a.end:b.start]))


def _actor_entries(hit: Hit) -> list[Entry]:
    return [e for e in hit.entries if e.kind in _KIND_RANK]


def _first(hit: Hit, kind: str) -> Entry | None:
    return next((e for e in hit.entries if e.kind == kind), None)


class _Resolver:
    def __init__(self, doc: Document, kb: Knowledge):
        self.doc, self.kb = doc, kb
        self.mentions: list[Mention] = []
        self.seen: dict[str, int] = {}
        # kept up to date as mentions are added, so that coreference does not rescan the document:
        # the countries in order of their latest plain mention, and how often each is named
        self._focus: dict[str, int] = {}  # country -> where it was last named
        self._governed: dict[str, int] = {}  # country -> where one of its office holders was last named
        self._named: dict[str, int] = {}
        self._pairs: list[tuple[str, str]] = []  # countries named together ("Thailand dan Kamboja")
        self._lists: list[list[str]] = []  # whole lists of them ("Mali, Burkina Faso and Niger")
        self._list_last: Mention | None = None
        self._last_country: Mention | None = None
        self._where: str | None = None  # the dateline's country: whose police acted
        self._datelines = datelines(doc.text)  # "PUTRAJAYA —" names where, not who
        clauses = (kb.languages.get(doc.lang or "") or {}).get("clauses") or {}
        self._locatives = frozenset(str(w).lower() for w in clauses.get("locatives") or ())
        self._reporting = frozenset(str(w).lower() for key in ("speech", "complement")
                                    for w in clauses.get(key) or ())
        self._clause_openers = self._reporting | frozenset(
            str(w).lower() for key in ("coordinators", "breaks") for w in clauses.get(key) or ())
        # "the Georgian government", "pemerintah Chad", "the Government of Chad": words that make an
        # ambiguous name a state
        self._state_heads = frozenset(str(w).lower() for w in clauses.get("group_heads") or ())
        self._of_words = frozenset(str(w).lower() for w in clauses.get("object_of") or ())
        # "ethnic Turks", "etnis Tionghoa": a people, not the state their name also names
        self._ethnic = frozenset(str(w).lower() for w in (kb.languages.get(doc.lang or "") or {}).get("ethnic_markers") or ())
        coreference = (kb.languages.get(doc.lang or "") or {}).get("coreference") or {}
        self._impersonal = frozenset(str(w).lower() for w in coreference.get("impersonal_after") or ())
        self._sentence_starts = [s.start for s in doc.sentences]

    # -- choosing between readings of one name ---------------------------------------------------
    def _choose(self, entries: list[Entry]) -> Entry:
        def rank(e: Entry) -> tuple:
            actor = self.kb.actor(e.target)
            in_office = bool(actor and actor.offices and self.doc.date and any(
                (o.start or "") <= self.doc.date and (o.end is None or self.doc.date < o.end) for o in actor.offices))
            return (e.target not in self.seen, e.ambiguous, not in_office, _VIA_RANK.get(e.via, 3),
                    _KIND_RANK.get(e.kind, 9))
        return min(entries, key=rank)

    def _add(self, target: str, kind: str, start: int, end: int, via: str, absorbed: bool = False,
             ambiguous: bool = False) -> Mention:
        m = Mention(id=target, text=self.doc.text[start:end], start=start, end=end, kind=kind, via=via,
                    absorbed=absorbed)
        if ambiguous:
            m.via = f"{via}?"
        else:
            self.seen[target] = self.seen.get(target, 0) + 1
        self.mentions.append(m)
        if kind == "country" and self._where is None and in_spans(self._datelines, start):
            self._where = target
        if kind == "country" and via != "coreference" and not in_spans(self._datelines, start):
            before = self._last_country
            if before is not None and before.id != target and before.end <= start \
                    and _COORDINATION.match(self.doc.text[before.end:start]):
                self._pairs.append((before.id, target))
                if self._lists and self._list_last is before:
                    self._lists[-1].append(target)
                else:
                    self._lists.append([before.id, target])
                self._list_last = m
            self._last_country = m
        if kind != "agreement":
            country = self._country_of(m)
            if country:
                self._named[country] = self._named.get(country, 0) + 1
                if not m.via.endswith("?") and not self._is_place(m):
                    self._focus.pop(country, None)
                    self._focus[country] = start
                if m.via in ("office", "title"):
                    self._governed.pop(country, None)
                    self._governed[country] = start
        return m

    def _country_of(self, m: Mention) -> str | None:
        actor = self.kb.actor(m.id)
        return actor.country_at(self.doc.date) if actor else None

    # -- coreference -------------------------------------------------------------------------------
    def _focus_countries(self) -> list[str]:
        """The countries named so far, the most recently named last."""
        return list(self._focus)

    def _is_place(self, m: Mention) -> bool:
        """"KTT di Kuala Lumpur", "talks in Brussels": a capital named as the place of an event."""
        if m.via != "metonym":
            return False
        before = self.doc.text[max(0, m.start - 12):m.start].split()
        return bool(before) and before[-1].lower() in self._locatives

    def _sentence_start(self, pos: int) -> int:
        k = bisect_right(self._sentence_starts, pos) - 1
        return self._sentence_starts[k] if k >= 0 else 0

    def _coref(self, hit: Hit, entry: Entry) -> None:
        klass = entry.kind.split(":", 1)[1]
        if klass.startswith("pronoun_"):
            self._pronoun(hit, klass)
            return
        if klass == "statement":
            # "Pernyataan itu membantah …", "The statement accused …": said by the subject of the
            # sentence before
            here = self._sentence_start(hit.start)
            if here > 0:
                kinds = frozenset({"country", "organization", "person", "group"})
                earlier = self._antecedent_groups(self._sentence_start(here - 1), here, kinds)
                for m in earlier[0] if earlier else []:
                    self._add(m.id, m.kind, hit.start, hit.end, "coreference")
            return
        if klass == "agreement":
            for m in reversed(self.mentions):
                if m.kind == "agreement":
                    self._add(m.id, "agreement", hit.start, hit.end, "coreference")
                    return
            return
        if klass == "organisation":
            # "the bloc", "the mission", "organisasi itu": the organisation named last
            for m in reversed(self.mentions):
                if m.kind == "organization" and not m.via.endswith("?"):
                    self._add(m.id, "organization", hit.start, hit.end, "coreference")
                    return
            return
        if klass == "pair_people":
            people = [m.id for m in self.mentions if m.kind == "person"]
            recent = list(dict.fromkeys(reversed(people)))[:2]
            for person in reversed(recent if len(recent) == 2 else []):
                self._add(person, "person", hit.start, hit.end, "coreference")
            if len(recent) == 2 or (self._lists and len(set(self._lists[-1])) > 2):
                return  # "five states sanctioned two ministers … kedua menteri itu": not two of the five
            klass = "pair"  # "kedua pemimpin" with no two leaders named: their countries
        if klass in ("trio", "counted"):
            # "the three countries", "kelima negara": the last list of that many countries named
            size = 3 if klass == "trio" else int(entry.target)
            listed = next((names for names in reversed(self._lists) if len(set(names)) == size), None)
            for country in listed or []:
                self._add(country, "country", hit.start, hit.end, "coreference")
            return
        focus = self._focus_countries()
        if klass == "pair" and self._pairs:
            # "kedua negara": the pair the text names together and most, the first on a tie
            best = max(range(len(self._pairs)), key=lambda k: (
                self._named.get(self._pairs[k][0], 0) + self._named.get(self._pairs[k][1], 0), -k))
            for country in self._pairs[best]:
                self._add(country, "country", hit.start, hit.end, "coreference")
        elif klass == "pair" and len(focus) >= 2:
            # "kedua negara": the two countries the text is about — the most named, then the latest
            rank = {c: (self._named.get(c, 0), i) for i, c in enumerate(focus)}
            for country in sorted(focus, key=lambda c: rank[c], reverse=True)[:2]:
                self._add(country, "country", hit.start, hit.end, "coreference")
        elif klass == "police":
            # "Riot police used water cannon": the state where it happened — the dateline's, else
            # the last named — unless a name says whose ("Israeli police")
            if self.mentions and 0 <= hit.start - self.mentions[-1].end <= 1:
                return
            where = self._where or (focus[-1] if focus else None)
            if where:
                self._add(where, "country", hit.start, hit.end, "coreference")
        elif klass == "government" and self._governed:
            # "Petro's government … the government has long demanded": the state whose leader or
            # minister was named last, not the last country named (a guarantor, a venue)
            self._add(list(self._governed)[-1], "country", hit.start, hit.end, "coreference")
        elif klass == "government" and (self._where or focus):
            # no leader named: the government of the place the story is filed from, else of the
            # state it names most ("a Russian law" named once does not make Moscow "the government")
            rank = {c: (self._named.get(c, 0), i) for i, c in enumerate(focus)}
            state = self._where or max(focus, key=lambda c: rank[c])
            self._add(state, "country", hit.start, hit.end, "coreference")
        elif klass in ("single", "government") and focus:
            # "Indonesia menyambut keanggotaan negara tersebut": the phrase points back past its own
            # sentence — unless it reports its subject's words ("Kazakhstan said the country would")
            before = self.doc.text[max(0, hit.start - 20):hit.start].split()
            reported = bool(before) and before[-1].lower() in self._reporting
            here = self._sentence_start(hit.start)
            earlier = [c for c in focus if self._focus[c] < here] if not reported else []
            self._add((earlier or focus)[-1], "country", hit.start, hit.end, "coreference")
        elif klass == "region":
            group = self.kb.actor(entry.target)
            members = set(group.group_members) if group else set()
            for country in reversed(focus):
                if country in members:
                    self._add(country, "country", hit.start, hit.end, "coreference")
                    return

    def _antecedent_groups(self, start: int, end: int, kinds: frozenset[str]) -> list[list[Mention]]:
        """The names in [start, end) that a pronoun may stand for, coordinated names as one group
        ("Japan and South Korea … They")."""
        groups: list[list[Mention]] = []
        window: list[Mention] = []
        for m in reversed(self.mentions):  # in the order of the text: only the last few are looked at
            if m.end <= start:
                break
            window.append(m)
        for m in reversed(window):
            if not (start <= m.start and m.end <= end) or m.kind not in kinds or m.absorbed \
                    or self._is_place(m) or in_spans(self._datelines, m.start):
                continue
            last = groups[-1][-1] if groups else None
            gap = self.doc.text[last.end:m.start] if last is not None else ""
            # ", and" continues a list already under way ("Mali, Burkina Faso, and Niger"); after a
            # single name it may open a new clause ("…to Poland, and the United States said it…")
            listed = _COORDINATION.match(gap) and not ("," in gap and gap.strip(" ,") and len(groups[-1]) < 2)
            if last is not None and (m.start < last.end or listed):
                # an ambiguous name is taken only in a list with others ("Burkina Faso and Niger")
                if m.id not in {g.id for g in groups[-1]}:
                    groups[-1].append(m)
                continue
            if not m.via.endswith("?"):
                groups.append([m])
        return groups

    def _pronoun(self, hit: Hit, klass: str) -> None:
        """"He met Trump", "It also condemned…", "They agreed…": a pronoun in subject position stands
        for the subject of its own sentence when one was named before it ("Trump said he would…"),
        else for the subject of the sentence before; in object position ("accusing it of") for the
        nearest fitting name before it."""
        here = self._sentence_start(hit.start)
        lead = self.doc.text[here:hit.start].split()
        following = self.doc.text[hit.end:hit.end + 16].split()
        if klass == "pronoun_single" and (not lead or lead[-1].endswith(",")) and following \
                and following[0].lower().strip(",.;") in self._impersonal:
            return  # "It is not clear whether…" opens a sentence about nobody ("Iran said it is ready")
        if klass == "pronoun_person":
            kinds = frozenset({"person"})
        elif klass == "pronoun_single":
            kinds = frozenset({"country", "organization"})
        else:
            kinds = frozenset({"country", "organization", "group", "person"})

        def fits(group: list[Mention]) -> bool:
            if klass == "pronoun_single":
                return len(group) == 1
            if klass == "pronoun_plural":
                return len(group) >= 2 or group[0].kind in ("organization", "group") or group[0].via == "demonym"
            return len(group) == 1

        subject_position = not lead or lead[-1].endswith(",") or lead[-1].lower() in self._clause_openers
        own = [g for g in self._antecedent_groups(here, hit.start, kinds) if fits(g)]
        if subject_position:
            chosen = own[0] if own else None
            if own and lead and lead[-1].lower() in self._reporting:
                # "…, and the United States has said it would…": the one right before the verb said it
                verb = self.doc.text.rfind(lead[-1], here, hit.start)
                said = [g for g in own if g[-1].end <= verb]
                gap = self.doc.text[said[-1][-1].end:verb].split() if said else []
                if said and len(gap) <= 2 and not any(w.lower().strip(",") in self._clause_openers or w.endswith(",")
                                                      for w in gap):
                    chosen = said[-1]
            if chosen is None and here > 0:
                before = self._sentence_start(here - 1)
                earlier = [g for g in self._antecedent_groups(before, here, kinds) if fits(g)]
                chosen = earlier[0] if earlier else None
        else:
            chosen = own[-1] if own else None
        for m in chosen or []:
            self._add(m.id, m.kind, hit.start, hit.end, "coreference")

    # -- titles ------------------------------------------------------------------------------------
    def _title_phrase(self, hits: list[Hit], i: int) -> int:
        """Bind [country] title [country] [person]; returns how many hits were used (0: none)."""
        text = self.doc.text
        j = i
        country_hit = None
        if _first(hits[j], "country") and j + 1 < len(hits) and _first(hits[j + 1], "title") \
                and _joined(text, hits[j], hits[j + 1]):
            country_hit, j = hits[j], j + 1
        title = _first(hits[j], "title")
        if title is None:
            return 0
        k = j + 1
        if country_hit is None and k < len(hits) and _first(hits[k], "country") and _joined(text, hits[k - 1], hits[k]):
            country_hit, k = hits[k], k + 1
        person_hit = None
        if k < len(hits) and _first(hits[k], "person") and _joined(text, hits[k - 1], hits[k]):
            person_hit, k = hits[k], k + 1
        start = (country_hit.start if country_hit and country_hit.start < hits[j].start else hits[j].start)
        if person_hit:
            person = self._choose([e for e in person_hit.entries if e.kind == "person"])
            if country_hit:
                c = _first(country_hit, "country")
                self._add(c.target, "country", country_hit.start, country_hit.end, c.via, absorbed=True)
            self._add(person.target, "person", start, person_hit.end, "title")
            return k - i
        if country_hit:
            c = _first(country_hit, "country")
            # Without the document's date "the Iraqi President" could be anyone who held the office.
            holders = self.kb.holders(title.target, c.target, self.doc.date) if self.doc.date else []
            end = max(country_hit.end, hits[j].end)
            if len(holders) == 1:
                self._add(c.target, "country", country_hit.start, country_hit.end, c.via, absorbed=True)
                self._add(holders[0].id, "person", start, end, "title")
            else:
                self._add(c.target, "country", country_hit.start, country_hit.end, c.via)
            return k - i
        if _actor_entries(hits[j]):
            return 0  # a title that is also a name ("PM" as nothing else): read it as the name
        return k - i if k - i > 1 else 1

    def run(self, hits: list[Hit]) -> list[Mention]:
        i = 0
        while i < len(hits):
            used = self._title_phrase(hits, i)
            if used:
                i += used
                continue
            hit = hits[i]
            i += 1
            actors = _actor_entries(hit)
            if actors:
                entry = self._choose(actors)
                if entry.kind == "country" and set(self._words_before(hit.start, 1)) & self._ethnic:
                    continue
                self._add(entry.target, entry.kind, hit.start, hit.end, entry.via, ambiguous=entry.ambiguous)
                continue
            coref = next((e for e in hit.entries if e.kind.startswith("coref:")), None)
            if coref and coref.kind == "coref:police" and i < len(hits) and 0 <= hits[i].start - hit.end <= 1 \
                    and _actor_entries(hits[i]):
                continue  # "polisi Yordania", "la policía chilena": the name after says whose
            if coref:
                self._coref(hit, coref)
        # An ambiguous name stands only when the document names the same actor plainly elsewhere,
        # lists it with states, or names someone serving it ("Jordan's King Abdullah II").
        served = {self._country_of(m) for m in self.mentions if m.kind == "person" and not m.via.endswith("?")}
        # once a name is confirmed anywhere ("Mali, Burkina Faso and Niger"), it stands everywhere
        confirmed = set(self.seen) | served | {m.id for m in self.mentions if m.via.endswith("?") and (
            self._coordinated_with_country(m) or self._headed_as_state(m))}
        kept = []
        for m in self.mentions:
            if m.via.endswith("?"):
                if m.id not in confirmed:
                    continue
                m.via = m.via[:-1]
            kept.append(m)
        self._absorb_nationality(kept)
        return kept

    def _headed_as_state(self, m: Mention) -> bool:
        """"the Georgian government", "Chad's army", "pemerintah Chad", "the Government of Chad"."""
        after = [w.lower().strip(",.;:") for w in self.doc.text[m.end:m.end + 30].split()[:2]]
        if after and after[0] in ("'s", "’s"):
            after = after[1:]
        nxt = after[0].removesuffix("'s").removesuffix("’s") if after else ""  # "the government's offices"
        prev = self._words_before(m.start, 2)
        return nxt in self._state_heads or (bool(prev) and prev[-1] in self._state_heads) or (
            len(prev) == 2 and prev[1] in self._of_words and prev[0] in self._state_heads)

    def _words_before(self, pos: int, count: int) -> list[str]:
        return [w.lower() for w in self.doc.text[max(0, pos - 40):pos].split()[-count:]]

    def _absorb_nationality(self, mentions: list[Mention]) -> None:
        """"Saudi Crown Prince Mohammed bin Salman" (a name the knowledge base lists with its title):
        the state named right before a person who serves it says whose office, not who acts."""
        for m, nxt in zip(mentions, mentions[1:]):
            if m.kind == "country" and nxt.kind == "person" and not m.absorbed \
                    and _POSSESSIVE_GAP.match(self.doc.text[m.end:nxt.start]) \
                    and self._country_of(nxt) == m.id:
                m.absorbed = True

    def _coordinated_with_country(self, m: Mention) -> bool:
        """"The United States and Jordan", "Israel–Jordan": a name listed with states is a state."""
        for other in self.mentions:
            if other is m or other.kind != "country" or other.via.endswith("?"):
                continue
            lo, hi = (other.end, m.start) if other.end <= m.start else (m.end, other.start)
            if 0 <= hi - lo <= 8 and _COORDINATION.match(self.doc.text[lo:hi]):
                return True
        return False


def _represented_countries(mentions: list[Mention], doc: Document, kb: Knowledge) -> list[Mention]:
    """A person named stands for a state at the document's date ("Obama" → USA): that state is
    mentioned too, over the same span, marked `via: office` and kept out of event roles (the
    person's event carries it in actor_countries)."""
    out = []
    covered = {(m.id, m.start) for m in mentions}
    for m in mentions:
        if m.kind not in ("person", "organization"):
            continue
        actor = kb.actor(m.id)
        stands_for = actor.represents_at(doc.date) if actor else None
        target = kb.actor(stands_for) if stands_for else None
        if target and not any(c == stands_for and m.start <= s < m.end for c, s in covered):
            out.append(Mention(id=stands_for, text=m.text, start=m.start, end=m.end, kind=target.kind,
                               via="office" if m.kind == "person" else "parent", absorbed=True))
            covered.add((stands_for, m.start))
    return out


def find_mentions(doc: Document, kb: Knowledge) -> list[Mention]:
    hits = build_matcher(kb, doc.lang).find(doc.text)
    mentions = _Resolver(doc, kb).run(hits)
    mentions += _represented_countries(mentions, doc, kb)
    spans = datelines(doc.text)
    for m in mentions:
        if in_spans(spans, m.start):
            m.absorbed = True
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions
