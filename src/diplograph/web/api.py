"""The JSON API under /api: events, documents, actors, members, relations, graph, ingest.

Every answer is JSON; errors are `{"status": …, "message": …}`. Reads run on a cursor of their
own with a time limit (backend.py); the analyses are the ones the CLI uses (analysis/). Pages of
events are cut with an opaque cursor over the stable order (date, id).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import importlib
import json
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..model import CATEGORIES, QUAD, Source
from .backend import Backend

QUADS = ("verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict")
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
LANG_PATTERN = r"^[a-z]{2,3}$"
ID_PATTERN = r"^[^\x00-\x1f]{1,200}$"
_DATE = re.compile(DATE_PATTERN)
_LANG = re.compile(LANG_PATTERN)
# JSON may escape lone UTF-16 surrogates ("\ud800"); no UTF-8 writer (Arrow, DuckDB) takes them
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
Quad = Literal[QUADS]  # type: ignore[valid-type]


class Json(JSONResponse):
    """Compact UTF-8 JSON; dates and other values become strings."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def error(status: int, message: str, details: Any = None, headers: dict[str, str] | None = None) -> Json:
    body: dict[str, Any] = {"status": status, "message": message}
    if details is not None:
        body["details"] = details
    return Json(body, status_code=status, headers=headers)


class ApiError(Exception):
    """An error answer: status, message and optional details and headers."""

    def __init__(self, status: int, message: str, details: Any = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.details, self.headers = status, message, details, headers


# -- models: what the OpenAPI document promises (answers are built as plain dicts) ----------------
class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorOut(Model):
    status: int
    message: str
    details: Any = None


class EventOut(Model):
    id: str
    doc_id: str
    seq: int | None
    lang: str | None
    event_type: str
    mode: str | None
    quad: str | None
    contexts: list[str]
    aux: list[str]
    actor: list[str]
    recipient: list[str]
    actor_countries: list[str]
    recipient_countries: list[str]
    agreement: str | None
    sectors: list[str]
    date: str | None
    date_precision: str | None
    quote: str | None
    start: int | None
    end: int | None
    confidence: float | None
    trigger: str | None


class EventPage(Model):
    events: list[EventOut]
    next: str | None = Field(description="cursor of the next page; null on the last page")
    limit: int
    order: Literal["asc", "desc"]
    labels: dict[str, str] = Field(description="labels of the actor ids in this page")


class MentionOut(Model):
    id: str
    text: str | None
    start: int | None
    end: int | None
    kind: str | None
    via: str | None


class DocumentOut(Model):
    id: str
    path: str | None
    url: str | None
    title: str | None
    lang: str | None
    date: str | None
    text: str | None
    n_sentences: int | None
    n_events: int | None
    warnings: list[str]
    ingested_at: str | None
    events: list[EventOut]
    mentions: list[MentionOut]
    findings: list[Any]
    labels: dict[str, str]


class ActorHit(Model):
    id: str
    kind: str
    label: str
    matched: str
    lang: str


class ActorSearch(Model):
    query: str
    actors: list[ActorHit]


class ActorOut(Model):
    id: str
    kind: str
    label: str
    names: dict[str, list[str]]
    demonyms: dict[str, list[str]]
    metonyms: dict[str, list[str]]
    country: str | None
    wikidata: str | None
    offices: list[dict[str, Any]]
    memberships: list[dict[str, Any]]
    members: list[dict[str, Any]]
    group_members: list[dict[str, Any]]
    events: dict[str, int]
    recent_events: list[EventOut]
    partners: list[dict[str, Any]] | None
    labels: dict[str, str]


class MembersOut(Model):
    agreement: str
    label: str
    members: list[dict[str, Any]]
    candidates: list[dict[str, Any]]


class GraphOut(Model):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class RelationsOut(Model):
    a: str


class OverviewOut(Model):
    documents: int
    events: int
    per_category: dict[str, int]
    per_quad: dict[str, int]
    period: Literal["month", "year"]
    timeline: list[dict[str, Any]]
    undated: int
    dyads: list[dict[str, Any]]
    labels: dict[str, str]


class InfoOut(Model):
    name: str
    version: str
    db: str
    writable: bool
    read_only_reason: str | None
    limits: dict[str, float]
    categories: list[str]
    quads: list[str]


class IngestDocument(Model):
    id: str
    where: str
    status: str


class IngestOut(Model):
    received: int
    read: int
    new: int
    skipped: int
    linked: int
    events: int
    documents: list[IngestDocument]
    errors: list[dict[str, str]]


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "invalid parameters"},
    503: {"model": ErrorOut, "description": "the query took longer than the time limit"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "no such thing"}}

router = APIRouter(prefix="/api")


def backend_of(request: Request) -> Backend:
    return request.app.state.backend


# -- shaping ---------------------------------------------------------------------------------------
def event_out(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "doc_id": row["doc_id"], "seq": row.get("seq"), "lang": row.get("lang"),
            "event_type": row["event_type"], "mode": row.get("mode"),
            "quad": row.get("quad") or QUAD.get(row["event_type"]),
            "contexts": list(row.get("contexts") or []), "aux": list(row.get("aux") or []),
            "actor": list(row.get("actor") or []), "recipient": list(row.get("recipient") or []),
            "actor_countries": list(row.get("actor_countries") or []),
            "recipient_countries": list(row.get("recipient_countries") or []),
            "agreement": row.get("agreement"), "sectors": list(row.get("sectors") or []),
            "date": row.get("date"), "date_precision": row.get("date_precision"), "quote": row.get("quote"),
            "start": row.get("start_char"), "end": row.get("end_char"), "confidence": row.get("confidence"),
            "trigger": row.get("trigger")}


def labels_for(backend: Backend, ids: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in ids:
        if i and i not in out:
            actor = backend.kb.actor(i)
            if actor is not None:
                out[i] = actor.label
    return out


def event_ids(events: list[dict[str, Any]]) -> list[str]:
    ids: list[str] = []
    for ev in events:
        for key in ("actor", "recipient", "actor_countries", "recipient_countries"):
            ids += ev.get(key) or []
        if ev.get("agreement"):
            ids.append(ev["agreement"])
    return ids


def encode_cursor(row: dict[str, Any]) -> str:
    raw = json.dumps([row.get("date"), row["id"]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str | None, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, last = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise ApiError(422, "invalid cursor: pass the 'next' value of the previous page as it is") from exc
    if not (day is None or isinstance(day, str)) or not isinstance(last, str):
        raise ApiError(422, "invalid cursor: pass the 'next' value of the previous page as it is")
    return day, last


def actor_id(backend: Backend, value: str | None) -> str | None:
    """An id as given, or its upper-case form when that is the known one ('kaz' → 'KAZ')."""
    if not value:
        return None
    if backend.kb.actor(value) is None and backend.kb.actor(value.upper()) is not None:
        return value.upper()
    return value


def analysis(name: str):
    try:
        return importlib.import_module(f"diplograph.analysis.{name}")
    except ImportError as exc:
        if exc.name and exc.name.startswith("diplograph.analysis"):
            raise ApiError(501, f"this installation has no {name} analysis (diplograph.analysis.{name})") from exc
        raise


# -- reads -----------------------------------------------------------------------------------------
Str = Annotated[str | None, Query(max_length=200, pattern=ID_PATTERN)]
DateQ = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]


@router.get("/info", response_model=InfoOut, summary="What this server serves, and whether it takes writes")
def info(request: Request):
    b = backend_of(request)
    s = b.settings
    reason = None if b.writable else ("no write token is configured: set DIPLOGRAPH_TOKEN or 'token' in "
                                      "diplograph.toml and restart to accept documents")
    return Json({"name": "diplograph", "version": __version__, "db": s.db.rsplit("/", 1)[-1], "writable": b.writable,
                 "read_only_reason": reason,
                 "limits": {"max_page": s.max_page, "max_body": s.max_body, "query_timeout": s.query_timeout},
                 "categories": list(CATEGORIES), "quads": list(QUADS)})


@router.get("/events", response_model=EventPage, responses=ERRORS,
            summary="Stored events, filtered, in a stable order (date, then id), one page at a time")
def list_events(request: Request,
                actor: Annotated[Str, Query(description="actor id; also matches the countries actors stand for")] = None,
                recipient: Annotated[Str, Query(description="recipient id (or country)")] = None,
                participant: Annotated[Str, Query(description="actor or recipient")] = None,
                category: Annotated[Category | None, Query(description="PLOVER category")] = None,
                quad: Annotated[Quad | None, Query(description="PLOVER quad class")] = None,
                lang: Annotated[str | None, Query(pattern=LANG_PATTERN)] = None,
                agreement: Str = None,
                since: DateQ = None, until: DateQ = None,
                text: Annotated[str | None, Query(min_length=1, max_length=200,
                                                  description="words the quote contains (case-insensitive)")] = None,
                doc_id: Str = None,
                order: Annotated[Literal["asc", "desc"], Query(description="oldest first (asc) or newest first")] = "asc",
                limit: Annotated[int, Query(ge=1, le=100_000, description="events per page (at most max_page)")] = 50,
                cursor: Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]+$",
                                                    description="the 'next' value of the previous page")] = None):
    b = backend_of(request)
    if limit > b.settings.max_page:
        raise ApiError(422, f"limit: at most {b.settings.max_page} events per page; follow 'next' for more")
    after = decode_cursor(cursor) if cursor else None
    filters = {"actor": actor_id(b, actor), "recipient": actor_id(b, recipient), "participant": actor_id(b, participant),
               "category": category, "quad": quad, "lang": lang, "agreement": agreement, "since": since,
               "until": until, "text": text, "doc_id": doc_id}
    def page(store) -> bytes:
        rows = store.event_page(limit=limit + 1, after=after, descending=order == "desc", **filters)
        more = len(rows) > limit
        rows = rows[:limit]
        events = [event_out(r) for r in rows]
        return Json({"events": events, "next": encode_cursor(rows[-1]) if more and rows else None, "limit": limit,
                     "order": order, "labels": labels_for(b, event_ids(events))}).body

    # rendered pages are remembered until the next write: dashboards and clients ask for them again
    body = b.cached(("events", tuple(sorted(filters.items())), after, limit, order), page)
    return Response(content=body, media_type="application/json")


@router.get("/events/{event_id}", response_model=EventOut, responses={**NOT_FOUND, **ERRORS}, summary="One event")
def get_event(request: Request, event_id: Annotated[str, Path(max_length=200)]):
    b = backend_of(request)
    row = b.read(lambda store: store.event(event_id))
    if row is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    return Json(event_out(row))


@router.get("/documents/{doc_id:path}", response_model=DocumentOut, responses={**NOT_FOUND, **ERRORS},
            summary="A document: its cleaned text, metadata, events, mentions (with offsets) and claim findings")
def get_document(request: Request, doc_id: Annotated[str, Path(max_length=200)]):
    b = backend_of(request)
    doc = b.read(lambda store: store.document(doc_id))
    if doc is None:
        raise ApiError(404, f"no document with id {doc_id!r}")
    events = [event_out(e) for e in doc.get("events") or []]
    mentions = [{"id": m["id"], "text": m.get("text"), "start": m.get("start"), "end": m.get("end"),
                 "kind": m.get("kind"), "via": m.get("via")} for m in doc.get("mentions") or []]
    out = {k: v for k, v in doc.items() if k not in ("events", "mentions", "findings")}
    out.update({"warnings": list(doc.get("warnings") or []), "events": events, "mentions": mentions,
                "findings": list(doc.get("findings") or []),
                "ingested_at": str(doc["ingested_at"]) if doc.get("ingested_at") is not None else None,
                "labels": labels_for(b, event_ids(events) + [m["id"] for m in mentions])})
    return Json(out)


@router.get("/actors", response_model=ActorSearch, responses=ERRORS,
            summary="Actors whose name in any language equals, starts with or contains the query")
def search_actors(request: Request, q: Annotated[str, Query(min_length=1, max_length=100)],
                  limit: Annotated[int, Query(ge=1, le=100)] = 20):
    from ..kbtools import search

    b = backend_of(request)
    return Json({"query": q, "actors": search(b.kb, q, limit)})


@router.get("/actors/{actor}", response_model=ActorOut, responses={**NOT_FOUND, **ERRORS},
            summary="An actor: names in its languages, memberships with dates, partners, recent events")
def get_actor(request: Request, actor: Annotated[str, Path(max_length=200)],
              recent: Annotated[int, Query(ge=0, le=100)] = 10):
    b = backend_of(request)
    who = actor_id(b, actor)
    found = b.kb.actor(who) if who else None
    if found is None:
        raise ApiError(404, f"no actor with id {actor!r}; search with /api/actors?q=NAME")
    return Json(b.cached(("actor", found.id, recent), _actor_view, b, found, recent))


def _actor_view(store, b: Backend, a, recent: int) -> dict[str, Any]:
    from dataclasses import asdict

    memberships = []
    for other in b.kb.actors.values():
        for m in other.members:
            if m.member == a.id:
                memberships.append({"of": other.id, "label": other.label, "kind": other.kind, "role": m.role,
                                    "since": m.since, "announced": m.announced, "left": m.left, "source": m.source,
                                    "note": m.note})
        if a.id in other.group_members:
            memberships.append({"of": other.id, "label": other.label, "kind": other.kind, "role": "member",
                                "since": None, "announced": None, "left": None, "source": None, "note": None})
    memberships.sort(key=lambda m: (m["since"] or m["announced"] or "9999", m["of"]))
    members = [{"member": m.member, "label": b.kb.actor(m.member).label if b.kb.actor(m.member) else m.member,
                "role": m.role, "since": m.since, "announced": m.announced, "left": m.left, "source": m.source}
               for m in a.members]
    groups = [{"id": g, "label": b.kb.actor(g).label if b.kb.actor(g) else g} for g in a.group_members]
    counts = {"total": store.count_events(participant=a.id), "as_actor": store.count_events(actor=a.id),
              "as_recipient": store.count_events(recipient=a.id)}
    rows = store.event_page(limit=recent, descending=True, participant=a.id) if recent else []
    events = [event_out(r) for r in rows]
    partners = None
    try:
        rel = analysis("relations")
    except ApiError:
        rel = None
    if rel is not None and a.kind != "agreement":
        partners = rel.relations(store, b.kb, a.id)["partners"]
    return {"id": a.id, "kind": a.kind, "label": a.label, "names": a.names, "demonyms": a.demonyms,
            "metonyms": a.metonyms, "country": a.country, "wikidata": a.wikidata,
            "offices": [asdict(o) for o in a.offices], "memberships": memberships, "members": members,
            "group_members": groups, "events": counts, "recent_events": events, "partners": partners,
            "labels": labels_for(b, event_ids(events) + [m["of"] for m in memberships])}


class AgreementsOut(Model):
    agreements: list[dict[str, Any]]


@router.get("/agreements", response_model=AgreementsOut, summary="Agreements and organisations with known members")
def list_agreements(request: Request):
    b = backend_of(request)
    out = []
    for a in b.kb.actors.values():
        if a.kind in ("agreement", "organization") and a.members:
            current = {m.member for m in a.members if not m.left}
            out.append({"id": a.id, "label": a.label, "kind": a.kind, "members": len(current), "signed": a.signed})
    out.sort(key=lambda r: (r["kind"] != "agreement", r["label"].casefold()))
    return Json({"agreements": out})


@router.get("/members/{agreement}", response_model=MembersOut, responses={**NOT_FOUND, **ERRORS},
            summary="Members of an agreement with dates and sources; candidates apart")
def get_members(request: Request, agreement: Annotated[str, Path(max_length=200)]):
    b = backend_of(request)
    mod = analysis("members")
    try:
        return Json(b.cached(("members", agreement), lambda store: mod.members(agreement, b.kb, store)))
    except KeyError as exc:
        raise ApiError(404, str(exc.args[0]) if exc.args else f"unknown agreement {agreement!r}") from exc


@router.get("/relations", response_model=RelationsOut, responses={**NOT_FOUND, **ERRORS},
            summary="Relations of a with b over time (periods, timeline, score), or a's partners ranked")
def get_relations(request: Request, a: Annotated[str, Query(min_length=1, max_length=200)],
                  b: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
                  period: Annotated[Literal["day", "month", "quarter", "year"], Query()] = "year",
                  since: DateQ = None, until: DateQ = None):
    back = backend_of(request)
    mod = analysis("relations")
    ids = []
    for value in (a, b):
        if value is None:
            ids.append(None)
            continue
        who = actor_id(back, value)
        if back.kb.actor(who) is None:
            raise ApiError(404, f"no actor with id {value!r}; search with /api/actors?q=NAME")
        ids.append(who)
    key = ("relations", ids[0], ids[1], period, since, until)
    try:
        return Json(back.cached(key, lambda store: mod.relations(store, back.kb, ids[0], ids[1], period=period,
                                                                  since=since, until=until)))
    except (KeyError, ValueError) as exc:
        raise ApiError(422, str(exc.args[0]) if exc.args else "invalid parameters") from exc


@router.get("/graph", response_model=GraphOut, responses=ERRORS,
            summary="The relations graph: actors as nodes, events between them as edges with a score")
def get_graph(request: Request, since: DateQ = None, until: DateQ = None,
              category: Annotated[Category | None, Query()] = None, actor: Str = None):
    b = backend_of(request)
    mod = analysis("graph")
    who = actor_id(b, actor)
    return Json(b.cached(("graph", since, until, category, who),
                         lambda store: mod.graph(store, b.kb, since=since, until=until, category=category, actor=who)))


@router.get("/overview", response_model=OverviewOut, responses=ERRORS,
            summary="Counts, events over time by quad class, and the most active dyads")
def get_overview(request: Request, period: Annotated[Literal["auto", "month", "year"], Query()] = "auto",
                 top: Annotated[int, Query(ge=1, le=50)] = 10):
    b = backend_of(request)
    return Json(b.cached(("overview", period, top), _overview, b, period, top))


def _overview(store, b: Backend, period: str, top: int) -> dict[str, Any]:
    counts = store.counts()
    rows = store.quad_timeline("month")
    months = sorted(r["period"] for r in rows if r["period"] and len(r["period"]) == 7)
    span = (int(months[-1][:4]) * 12 + int(months[-1][5:7]) - int(months[0][:4]) * 12 - int(months[0][5:7])
            if months and all(m[:4].isdigit() and m[5:7].isdigit() for m in (months[0], months[-1])) else 0)
    chosen = period if period != "auto" else ("month" if span <= 36 else "year")
    if chosen == "year":
        rows = store.quad_timeline("year")
    per_quad = {q: 0 for q in QUADS}
    series: dict[str, dict[str, Any]] = {}
    undated = coarse = 0
    for r in rows:
        per_quad[r["quad"]] = per_quad.get(r["quad"], 0) + r["events"]
        p = r["period"]
        if p is None:
            undated += r["events"]
            continue
        if chosen == "month" and len(p) < 7:
            coarse += r["events"]
            continue
        slot = series.setdefault(p, {"period": p, **{q: 0 for q in QUADS}})
        slot[r["quad"]] = slot.get(r["quad"], 0) + r["events"]
    dyads = store.dyads(limit=top)
    return {"documents": counts["documents"], "events": counts["events"], "per_category": counts["per_category"],
            "per_quad": per_quad, "period": chosen, "timeline": [series[k] for k in sorted(series)],
            "undated": undated, "year_only": coarse, "dyads": dyads,
            "labels": labels_for(b, [d["a"] for d in dyads] + [d["b"] for d in dyads])}


# -- writes ----------------------------------------------------------------------------------------
def authorize(request: Request, b: Backend) -> None:
    if not b.writable:
        raise ApiError(403, "this server is read-only: no write token is configured (set DIPLOGRAPH_TOKEN or "
                            "'token' in diplograph.toml and restart it)")
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    # digests of equal length, compared in constant time: neither the content nor the length of the
    # token can be learnt from how long a refusal takes
    expected = hashlib.sha256((b.settings.token or "").encode("utf-8")).digest()
    offered = hashlib.sha256(token.strip().encode("utf-8", "surrogateescape")).digest()
    if not hmac.compare_digest(offered, expected) or scheme.lower() != "bearer":
        raise ApiError(401, "writes need 'Authorization: Bearer TOKEN' with the server's token",
                       headers={"WWW-Authenticate": 'Bearer realm="diplograph"'})


async def read_body(request: Request, limit: int) -> bytes:
    """The body, at most `limit` bytes. A larger one is read on (and dropped) up to 4 × the limit, so
    that the client gets the 413 answer instead of a reset connection; beyond that it is cut off."""
    too_large = ApiError(413, f"the request body is larger than {limit} bytes; send fewer documents at a time")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > 4 * limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > 4 * limit:
            break
        if size <= limit:
            chunks.append(chunk)
    if size > limit:
        raise too_large
    return b"".join(chunks)


def source_of(rec: Any, where: str, defaults: dict[str, str | None]) -> Source:
    """A document object of the `.jsonl` format (EVENTS.md) as a Source; ValueError says what is wrong.
    `id` may be left out here: the document is then keyed by its cleaned text, like a file."""
    if not isinstance(rec, dict):
        raise ValueError("a document is a JSON object with 'text' or 'html'")
    doc_id = rec.get("id")
    if doc_id is not None:
        if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
            raise ValueError("'id' must be a string")
        doc_id = str(doc_id).strip()
        if not doc_id or len(doc_id) > 200 or any(ord(c) < 32 for c in doc_id):
            raise ValueError("'id' must be 1 to 200 printable characters")
    text, html = rec.get("text"), rec.get("html")
    text = _SURROGATE.sub("\ufffd", text) if isinstance(text, str) else text
    html = _SURROGATE.sub("\ufffd", html) if isinstance(html, str) else html
    if isinstance(doc_id, str):
        doc_id = _SURROGATE.sub("\ufffd", doc_id)
    if not isinstance(text, str) and not isinstance(html, str):
        raise ValueError((f"document {doc_id!r}" if doc_id else "a document") + " needs 'text' or 'html' (a string)")
    values: dict[str, str | None] = {}
    for key, limit in (("lang", 3), ("date", 10), ("url", 2000), ("title", 1000), ("path", 1000)):
        value = rec.get(key, None)
        if value is None:
            value = defaults.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            raise ValueError(f"'{key}' must be a string of at most {limit} characters")
        values[key] = _SURROGATE.sub("\ufffd", value) if value else None
    if values["lang"]:
        values["lang"] = values["lang"].lower()
        if not _LANG.match(values["lang"]):
            raise ValueError("'lang' must be an ISO 639-1 code such as 'id' or 'en'")
    if values["date"] and not _DATE.match(values["date"]):
        raise ValueError("'date' must be YYYY-MM-DD (or YYYY-MM, YYYY)")
    return Source(path=values["path"] or where, text=text if isinstance(text, str) else None,
                  html=html if isinstance(html, str) and not isinstance(text, str) else None, id=doc_id,
                  lang=values["lang"], date=values["date"], url=values["url"], title=values["title"])


def documents_of(body: bytes, media: str, name: str, defaults: dict[str, str | None],
                 sources: list[Source], errors: list[dict[str, str]]) -> None:
    """Documents of one body or uploaded file, by media type (or file name)."""
    from ..read import decode_bytes, looks_like_html

    lower = name.lower()
    if media in ("application/json",) or lower.endswith(".json"):
        try:
            value = json.loads(decode_bytes(body))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            errors.append({"where": name, "message": f"not JSON ({getattr(exc, 'msg', exc)})"})
            return
        except RecursionError:  # '[[[[…' thousands deep: refused, not a crash
            errors.append({"where": name, "message": "not a document: JSON nested too deeply"})
            return
        items = value if isinstance(value, list) else [value]
        for n, rec in enumerate(items, 1):
            where = f"{name}[{n}]" if isinstance(value, list) else name
            try:
                sources.append(source_of(rec, where, defaults))
            except ValueError as exc:
                errors.append({"where": where, "message": str(exc)})
    elif media in JSONL_TYPES or lower.endswith((".jsonl", ".ndjson")):
        for n, raw in enumerate(body.splitlines(), 1):
            if not raw.strip():
                continue
            where = f"{name}:{n}"
            try:
                rec = json.loads(decode_bytes(raw))
                sources.append(source_of(rec, where, defaults))
            except json.JSONDecodeError as exc:
                errors.append({"where": where, "message": f"not a JSON object ({exc.msg}); fix or remove the line"})
            except RecursionError:
                errors.append({"where": where, "message": "not a document: JSON nested too deeply"})
            except ValueError as exc:
                errors.append({"where": where, "message": str(exc)})
    else:
        if not body.strip():
            errors.append({"where": name, "message": "empty document; nothing to extract"})
            return
        if b"\x00" in body[:4096] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
            errors.append({"where": name, "message": "binary data, not a text, HTML or JSONL document"})
            return
        is_html = media in ("text/html", "application/xhtml+xml") or lower.endswith((".html", ".htm", ".xhtml")) \
            or (media not in ("text/plain",) and not lower.endswith(".txt") and looks_like_html(body[:512]))
        text = decode_bytes(body)
        try:
            sources.append(source_of({"id": defaults.get("id"), "html" if is_html else "text": text}, name,
                                     {k: v for k, v in defaults.items() if k != "id"}))
        except ValueError as exc:
            errors.append({"where": name, "message": str(exc)})


JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines",
               "application/ndjson")
INGEST_BODY = {
    "required": True,
    "description": "Documents in the `.jsonl` format of EVENTS.md (one JSON object a line: `id`, `text` or `html`, "
                   "optional `lang`, `date`, `url`, `title`; `id` may be left out to key a document by its text), "
                   "a JSON object or list of them, an uploaded file (multipart field `file`: .jsonl, .txt or .html), "
                   "or one text or HTML page as the body.",
    "content": {
        "application/x-ndjson": {"schema": {"type": "string"}},
        "application/json": {"schema": {"anyOf": [
            {"$ref": "#/components/schemas/DocumentIn"},
            {"type": "array", "items": {"$ref": "#/components/schemas/DocumentIn"}, "maxItems": 10000}]}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
    },
}
DOCUMENT_IN_SCHEMA = {
    "type": "object", "required": [],
    "properties": {"id": {"type": "string", "maxLength": 200}, "text": {"type": "string"}, "html": {"type": "string"},
                   "lang": {"type": "string", "pattern": LANG_PATTERN}, "date": {"type": "string", "pattern": DATE_PATTERN},
                   "url": {"type": "string", "maxLength": 2000}, "title": {"type": "string", "maxLength": 1000},
                   "path": {"type": "string", "maxLength": 1000}},
    "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
}


@router.post("/documents", response_model=IngestOut,
             responses={401: {"model": ErrorOut, "description": "missing or wrong token"},
                        403: {"model": ErrorOut, "description": "the server is read-only (no token configured)"},
                        413: {"model": ErrorOut, "description": "the body is too large"},
                        415: {"model": ErrorOut, "description": "unsupported media type"},
                        422: {"model": ErrorOut, "description": "no readable document in the body"}},
             openapi_extra={"requestBody": INGEST_BODY, "security": [{"bearer": []}]},
             summary="Ingest documents (needs the server's token)")
async def post_documents(request: Request,
                         lang: Annotated[str | None, Query(pattern=LANG_PATTERN, description="for documents without one")] = None,
                         date: DateQ = None,
                         url: Annotated[str | None, Query(max_length=2000, description="for a single page sent as the body")] = None,
                         title: Annotated[str | None, Query(max_length=1000)] = None,
                         id: Annotated[str | None, Query(max_length=200, pattern=ID_PATTERN,
                                                         description="for a single page sent as the body")] = None):
    b = backend_of(request)
    authorize(request, b)
    body = await read_body(request, b.settings.max_body)
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    defaults = {"lang": lang, "date": date, "url": url, "title": title, "id": id}
    sources: list[Source] = []
    errors: list[dict[str, str]] = []
    if media == "multipart/form-data":
        await _multipart(request, body, defaults, sources, errors)
    elif media in ("application/json", "text/plain", "text/html", "application/xhtml+xml") or media in JSONL_TYPES:
        documents_of(body, media, "body", defaults, sources, errors)
    else:
        raise ApiError(415, "send application/x-ndjson (documents, one a line), application/json, "
                            "multipart/form-data (field 'file') or one text/plain or text/html page")
    if not sources:
        raise ApiError(422, "no readable document in the request", details=errors or None)
    received = len(sources) + len(errors)
    result = await run_in_threadpool(b.ingest, sources, errors)
    return Json({"received": received, **result, "errors": errors})


def upload_name(filename: str | None) -> str:
    """The name an uploaded file is reported and stored under: its last part, without control
    characters. Only a label: uploads are read in memory and never saved under a name the client
    chose, so '../../etc/passwd' cannot reach outside anything (it is stored as 'passwd')."""
    if not filename:
        return ""
    last = _CONTROL.sub("", filename).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return "" if last in (".", "..") else _SURROGATE.sub("\ufffd", last)[:255]


async def _multipart(request: Request, body: bytes, defaults: dict[str, str | None], sources: list[Source],
                     errors: list[dict[str, str]]) -> None:
    from starlette.datastructures import UploadFile
    from starlette.formparsers import MultiPartException, MultiPartParser

    async def stream():
        yield body

    try:
        form = await MultiPartParser(request.headers, stream(), max_files=1000, max_fields=100).parse()
    except MultiPartException as exc:
        raise ApiError(422, f"not a readable multipart body ({exc.message})") from exc
    try:
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        local = dict(defaults)
        for key in ("lang", "date", "url", "title", "id"):
            if fields.get(key):
                local[key] = fields[key]
        for n, (key, value) in enumerate(form.multi_items(), 1):
            if isinstance(value, UploadFile):
                data = await value.read()
                name = upload_name(value.filename) or f"{key}[{n}]"
                media = (value.content_type or "").split(";", 1)[0].strip().lower()
                documents_of(data, media if media != "application/octet-stream" else "", name, local, sources, errors)
    finally:
        await form.close()
