"""The embedded DuckDB store: schema, idempotent batched writes, and the queries every face uses.

Documents are keyed by content (or the id the user gave): writing a document that is already
stored changes nothing. A batch is one transaction, so an interrupted run leaves whole documents.
All SQL takes parameters; no value is ever formatted into a statement.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import duckdb

from .model import QUAD, Document

SCHEMA_VERSION = 1
_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS documents (
        id VARCHAR PRIMARY KEY, path VARCHAR, url VARCHAR, title VARCHAR, lang VARCHAR, date VARCHAR,
        text VARCHAR, n_sentences INTEGER, n_events INTEGER, warnings VARCHAR[], findings JSON,
        ingested_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS mentions (
        doc_id VARCHAR, actor_id VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER,
        kind VARCHAR, via VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS events (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR, seq INTEGER, event_type VARCHAR, mode VARCHAR, quad VARCHAR,
        contexts VARCHAR[], aux VARCHAR[], actor VARCHAR[], recipient VARCHAR[], actor_countries VARCHAR[],
        recipient_countries VARCHAR[], agreement VARCHAR, sectors VARCHAR[], date VARCHAR,
        date_precision VARCHAR, quote VARCHAR, start_char INTEGER, end_char INTEGER, confidence DOUBLE,
        trigger VARCHAR, lang VARCHAR)""",
]
EVENT_COLUMNS = ("id", "doc_id", "seq", "event_type", "mode", "quad", "contexts", "aux", "actor", "recipient",
                 "actor_countries", "recipient_countries", "agreement", "sectors", "date", "date_precision",
                 "quote", "start_char", "end_char", "confidence", "trigger", "lang")


class StoreError(RuntimeError):
    """The database cannot be used; the message says what to do."""


def event_id(doc_id: str, seq: int, event_type: str, start: int) -> str:
    return hashlib.sha256(f"{doc_id}|{seq}|{event_type}|{start}".encode()).hexdigest()[:20]


class Store:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        try:
            if read_only and not Path(self.path).exists():
                raise StoreError(f"{self.path}: no such database; create it with 'diplograph ingest PATH --db {self.path}'")
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc}). If a 'diplograph serve' "
                             f"holds it, send documents with 'diplograph ingest --server URL'") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a diplograph database or damaged ({exc})") from exc
        if not read_only:
            for stmt in _SCHEMA:
                self.con.execute(stmt)
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ------------------------------------------------------------------------------------
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM documents WHERE list_contains(?, id)", [list(ids)]).fetchall()
        return {r[0] for r in rows}

    def write(self, docs: Iterable[Document], findings: dict[str, list[dict]] | None = None) -> int:
        """Write the documents not stored yet, in one transaction; returns how many were new."""
        batch = list(docs)
        known = self.known_ids([d.id for d in batch])
        fresh: list[Document] = []
        seen: set[str] = set()
        for d in batch:
            if d.id not in known and d.id not in seen:
                fresh.append(d)
                seen.add(d.id)
        if not fresh:
            return 0
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        doc_rows, mention_rows, event_rows = [], [], []
        for d in fresh:
            doc_rows.append([d.id, d.path, d.url, d.title, d.lang, d.date, d.text, len(d.sentences), len(d.events),
                             d.warnings, json.dumps((findings or {}).get(d.id, [])), now])
            mention_rows += [[d.id, m.id, m.text, m.start, m.end, m.kind, m.via] for m in d.mentions]
            for seq, ev in enumerate(d.events):
                event_rows.append([event_id(d.id, seq, ev.event_type, ev.start), d.id, seq, ev.event_type, ev.mode,
                                   QUAD[ev.event_type], ev.contexts, ev.aux, ev.actor, ev.recipient, ev.actor_countries,
                                   ev.recipient_countries, ev.agreement, ev.sectors, ev.date, ev.date_precision,
                                   ev.quote, ev.start, ev.end, ev.confidence, ev.trigger, d.lang])
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
            if mention_rows:
                con.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)", mention_rows)
            if event_rows:
                marks = ", ".join("?" * len(EVENT_COLUMNS))
                con.executemany(f"INSERT INTO events VALUES ({marks})", event_rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(fresh)

    # -- reads -------------------------------------------------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.cursor()
        res = cur.execute(sql, list(params))
        names = [d[0] for d in res.description]
        return [dict(zip(names, row)) for row in res.fetchall()]

    def events(self, actor: str | None = None, recipient: str | None = None, category: str | None = None,
               quad: str | None = None, lang: str | None = None, agreement: str | None = None,
               since: str | None = None, until: str | None = None, text: str | None = None,
               doc_id: str | None = None, limit: int = 100, after: str | None = None) -> list[dict[str, Any]]:
        """Events in a stable order (date, then id) with every filter bound as a parameter."""
        where, params = ["TRUE"], []
        if actor:
            where.append("(list_contains(actor, ?) OR list_contains(actor_countries, ?))")
            params += [actor, actor]
        if recipient:
            where.append("(list_contains(recipient, ?) OR list_contains(recipient_countries, ?))")
            params += [recipient, recipient]
        if category:
            where.append("event_type = ?")
            params.append(category.upper())
        if quad:
            where.append("quad = ?")
            params.append(quad)
        if lang:
            where.append("lang = ?")
            params.append(lang)
        if agreement:
            where.append("agreement = ?")
            params.append(agreement)
        if since:
            where.append("date >= ?")
            params.append(since)
        if until:
            where.append("date <= ? || '~'")
            params.append(until)
        if text:
            where.append("contains(lower(quote), lower(?))")
            params.append(text)
        if doc_id:
            where.append("doc_id = ?")
            params.append(doc_id)
        if after:
            where.append("(coalesce(date, ''), id) > (SELECT (coalesce(date, ''), id) FROM events WHERE id = ?)")
            params.append(after)
        params.append(int(limit))
        sql = (f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {' AND '.join(where)} "
               f"ORDER BY coalesce(date, ''), id LIMIT ?")
        return self._rows(sql, params)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM documents WHERE id = ?", [doc_id])
        if not rows:
            return None
        doc = rows[0]
        doc["mentions"] = self._rows("SELECT actor_id AS id, text, start_char AS start, end_char AS \"end\", kind, via "
                                     "FROM mentions WHERE doc_id = ? ORDER BY start_char", [doc_id])
        doc["events"] = self.events(doc_id=doc_id, limit=100000)
        doc["findings"] = json.loads(doc["findings"] or "[]")
        return doc

    def counts(self) -> dict[str, Any]:
        docs = self.con.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = self.con.execute("SELECT count(*) FROM events").fetchone()[0]
        per_category = dict(self.con.execute(
            "SELECT event_type, count(*) FROM events GROUP BY event_type ORDER BY count(*) DESC, event_type").fetchall())
        return {"documents": docs, "events": events, "per_category": per_category}

    def dyads(self, limit: int = 10) -> list[dict[str, Any]]:
        """The most active pairs of countries: every actor country with every other participant country."""
        sql = """
            WITH parts AS (
                SELECT id, list_distinct(list_concat(actor_countries, recipient_countries)) AS cs FROM events),
            pairs AS (
                SELECT id, a.unnest AS a, b.unnest AS b
                FROM parts, unnest(cs) AS a, unnest(cs) AS b WHERE a.unnest < b.unnest)
            SELECT a, b, count(DISTINCT id) AS events FROM pairs GROUP BY a, b
            ORDER BY events DESC, a, b LIMIT ?"""
        return self._rows(sql, [limit])

    def evidence_for_agreement(self, agreement: str) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT e.id, e.doc_id, e.event_type, e.aux, e.actor, e.actor_countries, e.recipient, e.date, e.quote, "
            "e.confidence FROM events e WHERE e.agreement = ? ORDER BY coalesce(e.date, ''), e.id", [agreement])
