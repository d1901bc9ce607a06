"""What the analyses share: who an event's sides are (persons rolled up to the state they served
on the event's date), which pairs of actors an event relates, periods, and the score weights.

The rules here are the ones docs/relations.md documents; relations, graph and stories all read
events through them, so a count in one view is the same count in another.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from ..knowledge import Knowledge
from ..model import QUAD

QUADS: tuple[str, ...] = ("verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict")

# Cooperation-conflict weights of one story, by PLOVER quad class (docs/relations.md).
QUAD_WEIGHTS: dict[str, float] = {"verbal-cooperation": 0.5, "material-cooperation": 1.0,
                                  "verbal-conflict": -0.5, "material-conflict": -1.0}
# How much of that weight an event keeps by the way the text holds it. The smallest applies.
AUX_WEIGHTS: dict[str, float] = {"historical": 1.0, "future": 0.5, "hypothetical": 0.5, "negation": 0.0}
PERIODS = ("day", "month", "quarter", "year")


def weights() -> dict[str, Any]:
    return {"quad": dict(QUAD_WEIGHTS), "aux": dict(AUX_WEIGHTS),
            "score": "sum(quad weight x aux weight) / sum(aux weight) over the stories of the period; "
                     "in [-1, 1]; stories whose aux weight is 0 (negated) are left out",
            "net": "sum(quad weight x aux weight)"}


def modality_weight(aux: Iterable[str] | None) -> float:
    return min((AUX_WEIGHTS.get(a, 1.0) for a in aux or ()), default=1.0)


@lru_cache(maxsize=100_000)
def _rollup_cached(kb: Knowledge, actor_id: str, when: str | None) -> str:
    actor = kb.actor(actor_id)
    if actor is None or actor.kind in ("country", "group", "agreement"):
        return actor_id
    country = actor.country_at(when)
    if country:
        return country
    if actor.offices:  # an office of an organisation (the EU's president, the UN's secretary-general)
        held = [o for o in actor.offices if o.organization and (not when or (o.start or "") <= when)]
        current = [o for o in held if when and (o.end is None or when < o.end)]
        pick = current or held
        if pick:
            return max(pick, key=lambda o: o.start or "").organization or actor_id
    return actor_id


def rollup(kb: Knowledge, actor_id: str, when: str | None) -> str:
    """The node an actor counts as on a date: a person or national body → the state it served
    then; an office holder of an organisation → the organisation; anything else → itself."""
    return _rollup_cached(kb, actor_id, when)


def side(kb: Knowledge, ids: Iterable[str] | None, countries: Iterable[str] | None, when: str | None) -> set[str]:
    """The nodes of one side of an event."""
    out = {rollup(kb, x, when) for x in ids or ()}
    out |= set(countries or ())
    return out


def sides(kb: Knowledge, ev: dict[str, Any]) -> tuple[set[str], set[str]]:
    when = ev.get("date")
    return (side(kb, ev.get("actor"), ev.get("actor_countries"), when),
            side(kb, ev.get("recipient"), ev.get("recipient_countries"), when))


def quad_of(ev: dict[str, Any]) -> str:
    return ev.get("quad") or QUAD.get(ev.get("event_type") or "", "")


def links_coactors(ev: dict[str, Any], recipients: set[str]) -> bool:
    """Co-actors are related to each other only in reciprocal cooperation (no recipient named):
    "Israel and Kazakhstan agreed…" links them; "Hungary and Slovakia rejected the plan" does not."""
    return not recipients and quad_of(ev).endswith("-cooperation")


def pairs(kb: Knowledge, ev: dict[str, Any]) -> set[tuple[str, str]]:
    """The undirected pairs of nodes an event relates (each sorted)."""
    a, r = sides(kb, ev)
    out = {tuple(sorted((x, y))) for x in a for y in r if x != y}
    if links_coactors(ev, r):
        ordered = sorted(a)
        out |= {(x, y) for i, x in enumerate(ordered) for y in ordered[i + 1:]}
    return out  # type: ignore[return-value]


def extended(kb: Knowledge, ev: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Each side as raw ids and rolled-up nodes, so a person, its state or an organisation all match."""
    a, r = sides(kb, ev)
    return a | set(ev.get("actor") or ()), r | set(ev.get("recipient") or ())


def counterparts(kb: Knowledge, ev: dict[str, Any], who: str) -> tuple[set[str], str] | None:
    """(the extended ids on the other side, direction) when `who` takes part in a relating role."""
    a_ext, r_ext = extended(kb, ev)
    if who in a_ext and r_ext and who not in r_ext:
        return r_ext, "out"
    if who in r_ext and a_ext and who not in a_ext:
        return a_ext, "in"
    if who in a_ext and links_coactors(ev, set(ev.get("recipient") or ())):
        node = rollup(kb, who, ev.get("date"))
        return {x for x in a_ext if x not in (who, node)}, "mutual"
    return None


def period_of(date: str | None, period: str) -> str:
    """The period a date falls in; a date coarser than the period keeps its own precision."""
    if not date:
        return "undated"
    if period == "year":
        return date[:4]
    if period == "month":
        return date[:7]
    if period == "quarter":
        if len(date) < 7:
            return date[:4]
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    return date[:10]


def in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if not since and not until:
        return True
    if not date:
        return False
    if since and date < since:
        return False
    if until and date > until + "~":
        return False
    return True


def label(kb: Knowledge, actor_id: str) -> tuple[str, str]:
    actor = kb.actor(actor_id)
    return (actor.label, actor.kind) if actor else (actor_id, "unknown")


def resolve_actor(kb: Knowledge, query: str) -> str:
    """An actor id from an id or a name ("Kazakhstan", "kaz"); KeyError when nothing fits."""
    if kb.actor(query):
        return query
    if kb.actor(query.upper()):
        return query.upper()
    from ..kbtools import search

    found = [r for r in search(kb, query, limit=5) if r["matched"].casefold() == query.casefold()]
    if found:
        return found[0]["id"]
    raise KeyError(f"unknown actor {query!r}; try 'diplograph kb search NAME'")
