"""Agreement memberships: the knowledge base's sourced facts merged with evidence from the store.

A member is a party or supporter with a date and sources. Statements that are only promised,
possible, conditional or refused ("wants to join if…", "will not normalise unless…") make an
actor a *candidate*, listed apart with the modality, never a member.
"""
from __future__ import annotations

from typing import Any

from ..knowledge import Knowledge
from ..store import Store

_UNSETTLED = {"future", "hypothetical", "negation"}


def members(agreement_id: str, kb: Knowledge, store: Store | None = None) -> dict[str, Any]:
    agreement = kb.actor(agreement_id)
    if agreement is None or agreement.kind != "agreement":
        raise KeyError(f"unknown agreement {agreement_id!r}; try 'diplograph kb search NAME'")
    rows: dict[str, dict[str, Any]] = {}
    for m in agreement.members:
        if m.left:
            continue
        row = rows.setdefault(m.member, {"member": m.member, "since": m.since or m.announced, "announced": m.announced,
                                         "role": m.role, "sources": []})
        ref = f"kb:{agreement_id}#{m.member}" + (f" {m.source}" if m.source else "")
        row["sources"].append(ref)
    candidates: dict[str, dict[str, Any]] = {}
    if store is not None:
        for ev in store.evidence_for_agreement(agreement_id):
            countries = ev["actor_countries"] or []
            aux = set(ev["aux"] or [])
            source = {"doc_id": ev["doc_id"], "event_id": ev["id"], "quote": ev["quote"], "date": ev["date"]}
            if ev["event_type"] == "SUPPORT" and not aux & _UNSETTLED:
                for c in countries:
                    row = rows.get(c)
                    if row is None and "historical" not in aux:
                        row = rows.setdefault(c, {"member": c, "since": ev["date"], "announced": ev["date"],
                                                  "role": "supporter", "sources": []})
                    if row is not None and ev["doc_id"] not in row["sources"]:
                        row["sources"].append(ev["doc_id"])
            elif ev["event_type"] in ("AGREE", "SUPPORT", "REJECT", "REQUEST"):
                for c in countries:
                    if c in rows:
                        continue
                    cand = candidates.setdefault(c, {"member": c, "modality": sorted(aux) or [ev["event_type"].lower()],
                                                     "event_type": ev["event_type"], "sources": []})
                    cand["sources"].append(source)
    ordered = sorted(rows.values(), key=lambda r: (r["since"] or "9999", r["member"]))
    return {"agreement": agreement_id, "label": agreement.label, "members": ordered,
            "candidates": sorted(candidates.values(), key=lambda r: r["member"])}
