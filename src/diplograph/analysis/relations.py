"""Relations over time between two actors, and an actor's partners ranked.

Persons are rolled up to the state they served on the event's date; the same happening reported
by several documents counts once (analysis/stories.py); each period gets counts per PLOVER quad
class and a cooperation–conflict score with the weights of analysis/common.py (docs/relations.md).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..knowledge import Knowledge
from ..store import Store
from .common import (PERIODS, QUAD_WEIGHTS, QUADS, counterparts, label, modality_weight, period_of,
                     quad_of, rollup, weights)
from .stories import cluster


def _ids_for(kb: Knowledge, who: str) -> list[str]:
    """Ids to look events up by: the actor itself (a state's persons carry it in *_countries)."""
    return [who]


def tally(stories: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Quad counts, negated count and score of a set of stories {story id: first event}."""
    row: dict[str, Any] = {q: 0 for q in QUADS}
    row["negated"] = 0
    net = mass = 0.0
    for ev in stories.values():
        m = modality_weight(ev.get("aux"))
        q = quad_of(ev)
        if m == 0:
            row["negated"] += 1
            continue
        if q in row:
            row[q] += 1
        net += QUAD_WEIGHTS.get(q, 0.0) * m
        mass += m
    row["stories"] = len(stories)
    row["score"] = round(net / mass, 3) if mass else 0.0
    row["net"] = round(net, 3)
    return row


def _timeline_row(ev: dict[str, Any], direction: str, story: str, docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    meta = docs.get(ev["doc_id"]) or {}
    return {"id": ev["id"], "doc_id": ev["doc_id"], "date": ev.get("date"), "date_precision": ev.get("date_precision"),
            "event_type": ev["event_type"], "mode": ev.get("mode"), "quad": quad_of(ev), "aux": list(ev.get("aux") or []),
            "actor": list(ev.get("actor") or []), "recipient": list(ev.get("recipient") or []),
            "agreement": ev.get("agreement"), "direction": direction, "quote": ev.get("quote"),
            "confidence": ev.get("confidence"), "story_id": story, "url": meta.get("url"), "title": meta.get("title")}


def relations(store: Store, kb: Knowledge, a: str, b: str | None = None, period: str = "year",
              since: str | None = None, until: str | None = None) -> dict[str, Any]:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    if b is None:
        return _partners(store, kb, a, since, until)
    events = store.events_between(_ids_for(kb, a), since=since, until=until)
    chosen: list[tuple[dict[str, Any], str]] = []
    for ev in events:
        found = counterparts(kb, ev, a)
        if not found:
            continue
        others, direction = found
        b_node = rollup(kb, b, ev.get("date"))
        if b in others or b_node in others:
            chosen.append((ev, {"out": "a->b", "in": "b->a", "mutual": "mutual"}[direction]))
    story_of = cluster(kb, [ev for ev, _ in chosen])
    docs = store.documents_meta(sorted({ev["doc_id"] for ev, _ in chosen}))
    timeline = [_timeline_row(ev, d, story_of[ev["id"]], docs) for ev, d in chosen]
    timeline.sort(key=lambda r: (r["date"] or "~", r["id"]))
    by_period: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    events_per_period: dict[str, int] = defaultdict(int)
    first_of_story: dict[str, dict[str, Any]] = {}
    for row in timeline:
        first_of_story.setdefault(row["story_id"], row)
    for row in timeline:
        head = first_of_story[row["story_id"]]
        key = period_of(head["date"], period)
        by_period[key][row["story_id"]] = head
        events_per_period[key] += 1
    periods = []
    for key in sorted(by_period, key=lambda k: (k == "undated", k)):
        row = {"period": key, **tally(by_period[key]), "events": events_per_period[key]}
        periods.append(row)
    total = tally(first_of_story)
    a_label, a_kind = label(kb, a)
    b_label, b_kind = label(kb, b)
    return {"a": a, "b": b, "a_label": a_label, "b_label": b_label, "a_kind": a_kind, "b_kind": b_kind,
            "period": period, "since": since, "until": until, "timeline": timeline, "periods": periods,
            "total": {**total, "events": len(timeline)}, "weights": weights()}


def _partners(store: Store, kb: Knowledge, a: str, since: str | None, until: str | None) -> dict[str, Any]:
    events = store.events_between(_ids_for(kb, a), since=since, until=until)
    per: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        found = counterparts(kb, ev, a)
        if not found:
            continue
        a_node = rollup(kb, a, ev.get("date"))
        partners = {rollup(kb, x, ev.get("date")) for x in found[0]} - {a, a_node}
        for p in partners:
            per[p].append(ev)
    out = []
    for p, evs in per.items():
        story_of = cluster(kb, evs)
        heads: dict[str, dict[str, Any]] = {}
        for ev in sorted(evs, key=lambda e: (e.get("date") or "~", e["id"])):
            heads.setdefault(story_of[ev["id"]], ev)
        t = tally(heads)
        dates = sorted(e["date"] for e in evs if e.get("date"))
        lab, kind = label(kb, p)
        out.append({"id": p, "label": lab, "kind": kind, "events": len(evs), "stories": t["stories"],
                    "score": t["score"], "net": t["net"], "quads": {q: t[q] for q in QUADS}, "negated": t["negated"],
                    "first": dates[0] if dates else None, "last": dates[-1] if dates else None})
    out.sort(key=lambda r: (-r["stories"], -r["events"], r["id"]))
    for rank, row in enumerate(out, 1):
        row["rank"] = rank
    a_label, a_kind = label(kb, a)
    return {"a": a, "a_label": a_label, "a_kind": a_kind, "since": since, "until": until, "partners": out,
            "weights": weights()}
