"""Story clustering: one happening reported by many documents (syndicated copies, several outlets
on the same day, the same background told again) becomes one story with all its sources.

Two events are the same story when they have
  * the same PLOVER category and the same agreement,
  * the same actor side and the same recipient side, as nodes (persons rolled up to their state
    on the date; reciprocal events compare their one side),
  * the same modality apart from `historical` (a report and a later background mention of it
    are one story; a refusal and an act are not),
  * compatible dates: one is a prefix of the other ("2020" and "2020-09-15"), or both are days
    at most one day apart (Washington's Thursday is Jakarta's Friday), measured from the
    story's first event so that a chain of days does not grow one story for ever; an event
    without a date joins only events with the same sentence (a syndicated copy).
Events without any named participant are stories of their own. A story's id is the id of its
first, most precisely dated event, so it stays put while later reports join it.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date as _date
from typing import Any, Iterable

from ..knowledge import Knowledge
from .common import sides

MAX_DAYS_APART = 1


def _day(value: str | None) -> _date | None:
    if value and len(value) >= 10:
        try:
            return _date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return a == b
    if a.startswith(b) or b.startswith(a):
        return True
    da, db = _day(a), _day(b)
    return bool(da and db and abs((da - db).days) <= MAX_DAYS_APART)


def story_key(kb: Knowledge, ev: dict[str, Any]) -> tuple | None:
    a, r = sides(kb, ev)
    if not a and not r:
        return None
    modal = tuple(sorted(set(ev.get("aux") or ()) - {"historical"}))
    # an undated event joins only copies of its own sentence (syndication), not every undated report
    copy = None if ev.get("date") else " ".join((ev.get("quote") or "").split()).casefold()
    return (ev.get("event_type"), ev.get("agreement"), tuple(sorted(a)), tuple(sorted(r)), modal, copy)


def cluster(kb: Knowledge, events: Iterable[dict[str, Any]]) -> dict[str, str]:
    """event id → story id for every event given."""
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    out: dict[str, str] = {}
    for ev in events:
        key = story_key(kb, ev)
        if key is None:
            out[ev["id"]] = ev["id"]
        else:
            groups[key].append(ev)
    for members in groups.values():
        # within a year, day-precise dates first (in order), so "2020" joins the story of "2020-09-15"
        members.sort(key=lambda e: ((e.get("date") or "~")[:4], -len(e.get("date") or ""), e.get("date") or "",
                                    e["id"]))
        anchors: list[tuple[str | None, str]] = []  # (anchor date, story id)
        for ev in members:
            d = ev.get("date")
            story = next((sid for anchor, sid in anchors if compatible(anchor, d)), None)
            if story is None:
                story = ev["id"]
                anchors.append((d, story))
            out[ev["id"]] = story
    return out


def stories(kb: Knowledge, events: list[dict[str, Any]], docs: dict[str, dict[str, Any]] | None = None
            ) -> list[dict[str, Any]]:
    """The stories of these events, each with all its sources, most reported first."""
    mapping = cluster(kb, events)
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        by_story[mapping[ev["id"]]].append(ev)
    out = []
    for sid, evs in by_story.items():
        first = next(e for e in evs if e["id"] == sid)
        dates = sorted(e["date"] for e in evs if e.get("date"))
        precise = max(dates, key=len) if dates else None
        a, r = sides(kb, first)
        sources = []
        for e in sorted(evs, key=lambda e: (e.get("date") or "~", e["doc_id"], e["id"])):
            meta = (docs or {}).get(e["doc_id"]) or {}
            sources.append({"doc_id": e["doc_id"], "event_id": e["id"], "date": e.get("date"),
                            "quote": e.get("quote"), "url": meta.get("url"), "title": meta.get("title")})
        out.append({"story_id": sid, "event_type": first.get("event_type"), "quad": first.get("quad"),
                    "actor": sorted(a), "recipient": sorted(r), "agreement": first.get("agreement"),
                    "aux": sorted(set(first.get("aux") or ())), "date": precise, "first": dates[0] if dates else None,
                    "last": dates[-1] if dates else None, "events": len(evs),
                    "documents": len({e["doc_id"] for e in evs}), "sources": sources})
    out.sort(key=lambda s: (-s["documents"], -s["events"], s["first"] or "~", s["story_id"]))
    return out
