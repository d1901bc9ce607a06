"""Agreement memberships: the knowledge base's sourced facts merged with evidence from the store.

A member is a party or supporter with its dates (announced, signed/joined) and sources: the
knowledge base's references and the stored documents that report it, each with its quote.
Statements that are only wished, promised, possible, conditional or refused ("wants to join if…",
"will not normalise unless…") make an actor a *candidate*, listed apart with its modality, never
a member. A country that only the news reports as having joined (no knowledge-base fact) is
listed as a member with `status: "reported"`.
"""
from __future__ import annotations

from typing import Any

from ..knowledge import Knowledge, Membership
from ..store import Store
from .vocab import join_lemmas, morphology, phrase_rx, vocab

_UNSETTLED = {"future", "hypothetical", "negation"}
_STANCE_ORDER = ("condition", "negation", "desire", "future", "hypothetical")
_STANCE = {"condition": "conditional", "negation": "refuses", "desire": "wants to join", "future": "intends to join",
           "hypothetical": "may join"}


def is_member(memberships: list[Membership], who: str, when: str | None = None) -> Membership | None:
    """The membership spell of `who` in force at `when` (any current one when no date)."""
    for m in memberships:
        if m.member != who:
            continue
        start = m.announced or m.since
        if when is None:
            if m.left is None:
                return m
            continue
        if (start or "") <= when and (m.left is None or when < m.left):
            return m
    return None


def stance(modality: list[str] | set[str]) -> str:
    for key in _STANCE_ORDER:
        if key in modality:
            return _STANCE[key]
    return "mentioned"


def _kb_rows(agreement_id: str, memberships: list[Membership]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for m in memberships:
        if m.left:
            continue
        row = rows.setdefault(m.member, {"member": m.member, "since": m.since or m.announced, "announced": m.announced,
                                         "signed": m.since, "role": m.role, "status": "kb", "sources": [],
                                         "kb": [], "evidence": []})
        ref = f"kb:{agreement_id}#{m.member}"
        row["sources"].append(ref + (f" {m.source}" if m.source else ""))
        urls = list(dict.fromkeys([u for u in [m.source, *getattr(m, "sources", [])] if u]))
        row["kb"].append({"ref": ref, "announced": m.announced, "since": m.since, "role": m.role, "source": m.source,
                          "sources": urls, "note": m.note})
    return rows


def _is_join_trigger(kb: Knowledge, ev: dict[str, Any]) -> bool:
    from ..tokens import tokenize

    lemmas = join_lemmas(kb, ev.get("lang"))
    trig = (ev.get("trigger") or "").lower()
    if trig.replace(" ", "") in lemmas:
        return True
    return any(t.lemmas & lemmas for t in tokenize(trig, morphology=morphology(kb, ev.get("lang"))))


def _source(ev: dict[str, Any], docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    meta = docs.get(ev["doc_id"]) or {}
    return {"doc_id": ev["doc_id"], "event_id": ev.get("id"), "date": ev.get("date"), "quote": ev.get("quote"),
            "event_type": ev.get("event_type"), "aux": list(ev.get("aux") or []), "url": meta.get("url"),
            "title": meta.get("title")}


def members(agreement_id: str, kb: Knowledge, store: Store | None = None) -> dict[str, Any]:
    agreement = kb.actor(agreement_id)
    if agreement is None or agreement.kind not in ("agreement", "organization"):
        raise KeyError(f"unknown agreement {agreement_id!r}; try 'diplograph kb search NAME'")
    rows = _kb_rows(agreement_id, agreement.members)
    candidates: dict[str, dict[str, Any]] = {}

    def add_candidate(country: str, modality: set[str], src: dict[str, Any]) -> None:
        cand = candidates.setdefault(country, {"member": country, "label": kb.actor(country).label
                                               if kb.actor(country) else country, "modality": [], "stance": "",
                                               "event_type": src.get("event_type"), "documents": [], "sources": []})
        key = (src["doc_id"], src.get("quote"))
        if any((s["doc_id"], s.get("quote")) == key for s in cand["sources"]):
            return
        src = {**src, "modality": sorted(modality), "stance": stance(modality)}
        cand["sources"].append(src)
        cand["modality"] = sorted(set(cand["modality"]) | modality)
        if src["doc_id"] not in cand["documents"]:
            cand["documents"].append(src["doc_id"])

    if store is not None:
        events = store.events(agreement=agreement_id, limit=10**9)
        doc_ids = set(store.documents_mentioning(agreement_id)) | {e["doc_id"] for e in events}
        docs = store.documents_meta(sorted(doc_ids))
        for ev in events:
            countries = [c for c in ev["actor_countries"] or [] if (kb.actor(c) and kb.actor(c).kind == "country")]
            aux = set(ev["aux"] or [])
            src = _source(ev, docs)
            settled = not aux & _UNSETTLED
            if ev["event_type"] == "SUPPORT" and settled:
                for c in countries:
                    row = rows.get(c)
                    if row is None and "historical" not in aux and _is_join_trigger(kb, ev):
                        row = rows.setdefault(c, {"member": c, "since": ev["date"], "announced": ev["date"],
                                                  "signed": None, "role": "party", "status": "reported",
                                                  "sources": [], "kb": [], "evidence": []})
                    if row is not None:
                        if ev["doc_id"] not in row["sources"]:
                            row["sources"].append(ev["doc_id"])
                        row["evidence"].append(src)
            elif ev["event_type"] == "AGREE" and settled or ev["event_type"] in ("AGREE", "SUPPORT") and aux == {"future"}:
                for c in countries:
                    if c in rows:  # a promise to join by a member: evidence of the announcement
                        if ev["doc_id"] not in rows[c]["sources"]:
                            rows[c]["sources"].append(ev["doc_id"])
                        rows[c]["evidence"].append(src)
                    else:
                        add_candidate(c, {"future"} | (aux - {"historical"}), src)
            elif ev["event_type"] in ("AGREE", "SUPPORT", "REJECT", "REQUEST") and "historical" not in aux:
                for c in countries:
                    if c not in rows:
                        mod = set(aux) | ({"negation"} if ev["event_type"] == "REJECT" else set()) \
                            | ({"desire"} if ev["event_type"] == "REQUEST" else set())
                        add_candidate(c, mod or {"hypothetical"}, src)
        for doc_id in sorted(doc_ids):
            doc = store.document(doc_id)
            if doc is None:
                continue
            for country, modality, quote in candidate_statements(doc, kb, agreement_id, set(rows)):
                add_candidate(country, modality, {"doc_id": doc_id, "event_id": None, "date": doc.get("date"),
                                                  "quote": quote, "event_type": None, "aux": [],
                                                  "url": doc.get("url"), "title": doc.get("title")})
    for cand in candidates.values():
        cand["sources"].sort(key=lambda s: (s.get("date") or "", s["doc_id"]))
        cand["stance"] = cand["sources"][-1]["stance"] if cand["sources"] else stance(cand["modality"])
        dates = [s["date"] for s in cand["sources"] if s.get("date")]
        cand["first"], cand["last"] = (min(dates), max(dates)) if dates else (None, None)
    for row in rows.values():
        row["label"] = kb.actor(row["member"]).label if kb.actor(row["member"]) else row["member"]
        row["documents"] = [s for s in row["sources"] if not s.startswith("kb:")]
    ordered = sorted(rows.values(), key=lambda r: (r["since"] or "9999", r["member"]))
    return {"agreement": agreement_id, "label": agreement.label, "members": ordered,
            "candidates": sorted(candidates.values(), key=lambda r: r["member"])}


# -- candidates from the text itself -------------------------------------------------------------
def candidate_statements(doc: dict[str, Any], kb: Knowledge, agreement_id: str, members_now: set[str]
                         ) -> list[tuple[str, set[str], str]]:
    """(country, modality, sentence) for sentences where a non-member country is said to want,
    plan, consider, condition or refuse joining the agreement (or normalising with a member)."""
    import re

    from ..dates import datelines
    from ..model import Sentence
    from ..sentences import split_sentences
    from ..tokens import tokenize

    text, lang = doc.get("text") or "", doc.get("lang")
    v = vocab(lang)
    lemmas = join_lemmas(kb, lang, candidates=True)
    phrases = phrase_rx(v.get("join_phrases"))
    steps = phrase_rx(v.get("step_phrases"))
    about = any(m["id"] == agreement_id for m in doc.get("mentions") or [])
    markers = {k: phrase_rx(words) for k, words in (v.get("candidate_markers") or {}).items()}
    cond_rx = markers.get("condition") or re.compile(r"(?!)")
    lines = datelines(text)
    mentions = [m for m in doc.get("mentions") or [] if not any(a <= m["start"] < b for a, b in lines)]
    out: list[tuple[str, set[str], str]] = []
    sents: list[Sentence] = split_sentences(text, kb, lang)
    for s in sents:
        inside = [m for m in mentions if s.start <= m["start"] < s.end]
        has_agreement = any(m["id"] == agreement_id for m in inside)
        triggers: list[tuple[int, int]] = []
        for t in tokenize(s.text, s.start, morphology(kb, lang)):
            if t.lemmas & lemmas:
                triggers.append((t.start, t.end))
        triggers += [(s.start + m.start(), s.start + m.end()) for m in phrases.finditer(s.text)]
        step = [(s.start + m.start(), s.start + m.end()) for m in steps.finditer(s.text)] if about else []
        if not triggers and not step:
            continue
        trig_start, trig_end = min(triggers + step)
        member_after = any(m["id"] in members_now and m["start"] >= trig_start and m["kind"] == "country"
                           for m in inside)
        if not (has_agreement or member_after or step):
            continue
        before = text[s.start:trig_start]
        modality: set[str] = set()
        for kind, rx in markers.items():
            if kind == "condition":
                if rx.search(s.text):
                    modality.add(kind)
            elif kind == "negation":
                if rx.search(before[-40:]):
                    modality.add(kind)
            elif rx.search(before[-100:]):
                modality.add(kind)
        if not modality:
            continue
        # countries inside a condition clause ("if Israel recognises Palestine, …") are not the subject
        blocked = []
        for c in cond_rx.finditer(before):
            comma = before.find(",", c.end())
            blocked.append((s.start + c.start(), s.start + (comma if comma >= 0 else len(before))))
        subjects = []
        for m in inside:
            if m["kind"] != "country" or m["start"] >= trig_start or m["id"] in members_now:
                continue
            if any(a <= m["start"] < b for a, b in blocked):
                continue
            if m["id"] not in subjects:
                subjects.append(m["id"])
        for c in subjects:
            out.append((c, modality, s.text))
    return out
