"""The embedded DuckDB store: schema, idempotent batched writes, and the queries every face uses.

Documents are keyed by content (or the id the user gave): writing a document that is already
stored changes nothing. A batch is one transaction, so an interrupted run leaves whole documents.
All SQL takes parameters; no value is ever formatted into a statement (the one exception,
`SET memory_limit`, which takes no parameter, formats a value checked against MEMORY_LIMIT).
A write that fails for want of room raises `DiskFullError`, with what happened and what to do.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
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
    # near-duplicates (syndicated copies, small edits): linked to the document they copy, not coded
    """CREATE TABLE IF NOT EXISTS near_duplicates (
        doc_id VARCHAR, of_id VARCHAR, similarity DOUBLE, path VARCHAR, url VARCHAR, title VARCHAR,
        date VARCHAR, linked_at TIMESTAMP)""",
    # MinHash signatures of the coded documents and their LSH band keys, so that near-duplicates are
    # found across runs (and after a resumed one) without holding an index in memory
    """CREATE TABLE IF NOT EXISTS doc_minhash (doc_id VARCHAR PRIMARY KEY, sig BLOB)""",
    """CREATE TABLE IF NOT EXISTS minhash_bands (band UTINYINT, key UBIGINT, doc_id VARCHAR)""",
]
EVENT_COLUMNS = ("id", "doc_id", "seq", "event_type", "mode", "quad", "contexts", "aux", "actor", "recipient",
                 "actor_countries", "recipient_countries", "agreement", "sectors", "date", "date_precision",
                 "quote", "start_char", "end_char", "confidence", "trigger", "lang")


TABLES = ("meta", "documents", "mentions", "events", "near_duplicates", "doc_minhash", "minhash_bands")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# `SET memory_limit` takes no parameter: the value is checked against this before it is formatted in
MEMORY_LIMIT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,3})? ?(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)")
EXPORT_FORMATS = ("parquet", "csv", "jsonl")
# DuckDB reports a failed write as text only ("Could not write file …: No space left on device")
_NO_ROOM = {errno.ENOSPC: "No space left on device", errno.EFBIG: "File too large", errno.EDQUOT: "Disk quota exceeded"}


class StoreError(RuntimeError):
    """The database cannot be used; the message says what to do."""


class DiskFullError(StoreError):
    """A write failed for want of room: a full disk, a quota, or a file-size limit. What was committed
    before is intact (each batch is one transaction); running the same command again resumes."""

    def __init__(self, path: str, reason: str, doing: str = "write to the database",
                 advice: str = "free some space on that disk, or choose another --db on a disk with room, then run "
                               "the same command again: what is already stored is skipped"):
        self.path, self.reason = path, reason
        super().__init__(f"{path}: cannot {doing}: {reason} (the disk is full, or a quota or file-size limit "
                         f"was reached); everything stored before is intact. To go on, {advice}")


def no_room_reason(exc: BaseException) -> str | None:
    """'No space left on device' (or the like) when `exc` is a write that failed for want of room."""
    if isinstance(exc, DiskFullError):
        return exc.reason
    if isinstance(exc, OSError) and exc.errno in _NO_ROOM:
        return _NO_ROOM[exc.errno]
    if isinstance(exc, duckdb.Error):
        text = str(exc)
        for reason in _NO_ROOM.values():
            if reason.lower() in text.lower():
                return reason
        if "not enough space" in text.lower():  # DuckDB's own check before it grows a file
            return "No space left on device"
    return None


def checked_memory_limit(value: str) -> str:
    """`value` if it is a DuckDB memory size such as '512MB' or '1.5 GiB'; ValueError otherwise."""
    if not isinstance(value, str) or not MEMORY_LIMIT.fullmatch(value):
        raise ValueError(f"memory limit {value!r} is not a size such as '512MB' or '2GiB'")
    return value


def event_id(doc_id: str, seq: int, event_type: str, start: int) -> str:
    return hashlib.sha256(f"{doc_id}|{seq}|{event_type}|{start}".encode()).hexdigest()[:20]


def document_tables(docs: Sequence[Document], findings: dict[str, list[dict]] | None = None,
                    now: datetime | None = None) -> dict[str, Any]:
    """Coded documents as Arrow tables with the columns of `documents`, `mentions` and `events`:
    what `Store.write_tables` inserts and what a Dask worker writes as Parquet shards."""
    import pyarrow as pa

    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    strs = pa.list_(pa.string())
    d: dict[str, list] = {k: [] for k in ("id", "path", "url", "title", "lang", "date", "text", "n_sentences",
                                          "n_events", "warnings", "findings", "ingested_at")}
    m: dict[str, list] = {k: [] for k in ("doc_id", "actor_id", "text", "start_char", "end_char", "kind", "via")}
    e: dict[str, list] = {k: [] for k in EVENT_COLUMNS}
    for doc in docs:
        for key, value in (("id", doc.id), ("path", doc.path), ("url", doc.url), ("title", doc.title),
                           ("lang", doc.lang), ("date", doc.date), ("text", doc.text),
                           ("n_sentences", len(doc.sentences)), ("n_events", len(doc.events)),
                           ("warnings", list(doc.warnings)), ("findings", json.dumps((findings or {}).get(doc.id, getattr(doc, "findings", [])))),
                           ("ingested_at", now)):
            d[key].append(value)
        for men in doc.mentions:
            for key, value in (("doc_id", doc.id), ("actor_id", men.id), ("text", men.text), ("start_char", men.start),
                               ("end_char", men.end), ("kind", men.kind), ("via", men.via)):
                m[key].append(value)
        for seq, ev in enumerate(doc.events):
            row = (event_id(doc.id, seq, ev.event_type, ev.start), doc.id, seq, ev.event_type, ev.mode,
                   QUAD[ev.event_type], ev.contexts, ev.aux, ev.actor, ev.recipient, ev.actor_countries,
                   ev.recipient_countries, ev.agreement, ev.sectors, ev.date, ev.date_precision, ev.quote, ev.start,
                   ev.end, ev.confidence, ev.trigger, doc.lang)
            for key, value in zip(EVENT_COLUMNS, row):
                e[key].append(value)
    i32, s = pa.int32(), pa.string()
    doc_types = {"n_sentences": i32, "n_events": i32, "warnings": strs, "ingested_at": pa.timestamp("us")}
    men_types = {"start_char": i32, "end_char": i32}
    ev_types = {"seq": i32, "start_char": i32, "end_char": i32, "confidence": pa.float64(),
                **{k: strs for k in ("contexts", "aux", "actor", "recipient", "actor_countries",
                                     "recipient_countries", "sectors")}}

    def table(cols: dict[str, list], types: dict[str, Any]) -> Any:
        return pa.table({k: pa.array(v, types.get(k, s)) for k, v in cols.items()})

    return {"documents": table(d, doc_types), "mentions": table(m, men_types), "events": table(e, ev_types)}


_PARTIAL = re.compile(r"^\.(?:events|documents|mentions)\.(?:parquet|csv|jsonl)\.([0-9]+)\.[0-9a-f]+\.partial$")


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to the disk, so a rename never outlives its data."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        if path.is_dir():  # some systems cannot open a folder: its entries are flushed on their own
            return
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_partials(folder: Path) -> None:
    """Delete the temporary files that an export killed in `folder` left behind (not those of a
    running one: the process id is in the name)."""
    for entry in folder.iterdir():
        found = _PARTIAL.match(entry.name)
        if not found:
            continue
        try:
            os.kill(int(found.group(1)), 0)
        except ProcessLookupError:
            entry.unlink(missing_ok=True)
        except (PermissionError, OverflowError):
            pass


class Store:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        try:
            if read_only and not Path(self.path).exists():
                raise StoreError(f"{self.path}: no such database; create it with 'diplograph ingest PATH --db {self.path}'")
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            if no_room_reason(exc):
                raise DiskFullError(self.path, no_room_reason(exc) or "", "open the database") from exc
            raise StoreError(f"{self.path}: cannot open the database ({exc}). If a 'diplograph serve' "
                             f"holds it, send documents with 'diplograph ingest --server URL'") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a diplograph database or damaged ({exc})") from exc
        if not read_only:
            try:
                for stmt in _SCHEMA:
                    self.con.execute(stmt)
                self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            except duckdb.Error as exc:
                self.con.close()
                if no_room_reason(exc):
                    raise DiskFullError(self.path, no_room_reason(exc) or "", "create the tables") from exc
                raise

    def set_memory_limit(self, value: str) -> None:
        """Cap DuckDB's buffer memory; `value` is checked (SET cannot take a bound parameter)."""
        self.con.execute(f"SET memory_limit = '{checked_memory_limit(value)}'")

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
        if not batch:
            return 0
        return self.write_tables(document_tables(batch, findings))

    def handled_ids(self, ids: Sequence[str]) -> set[str]:
        """Ids already coded (in `documents`) or linked as near-duplicates: an ingest skips them."""
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE list_contains($ids, id) "
            "UNION SELECT doc_id FROM near_duplicates WHERE list_contains($ids, doc_id)", {"ids": list(ids)}).fetchall()
        return {r[0] for r in rows}

    def band_matches(self, bands: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Stored documents sharing an LSH band key: (band, key, doc_id)."""
        if not bands:
            return []
        import pyarrow as pa

        probe = pa.table({"band": pa.array([b for b, _ in bands], pa.uint8()),
                          "key": pa.array([k for _, k in bands], pa.uint64())})
        cur = self.con.cursor()
        try:
            cur.register("_probe", probe)
            return [tuple(r) for r in cur.execute(
                "SELECT DISTINCT m.band, m.key, m.doc_id FROM minhash_bands m JOIN _probe p "
                "ON m.band = p.band AND m.key = p.key").fetchall()]
        finally:
            cur.close()

    def signatures(self, ids: Sequence[str]) -> dict[str, bytes]:
        if not ids:
            return {}
        rows = self.con.execute("SELECT doc_id, sig FROM doc_minhash WHERE list_contains(?, doc_id)",
                                [list(ids)]).fetchall()
        return {r[0]: bytes(r[1]) for r in rows}

    def write_tables(self, tables: dict[str, Any]) -> int:
        """Write a batch given as Arrow tables (see `document_tables`; also `doc_minhash`,
        `minhash_bands`, `near_duplicates`) in one transaction. Idempotent: documents already stored
        are skipped with their mentions, events and signatures, and so are links already made.
        Returns how many documents were new."""
        import pyarrow as pa
        import pyarrow.compute as pc

        docs = tables.get("documents")
        fresh_ids: list[str] = []
        if docs is not None and docs.num_rows:
            ids = docs.column("id").to_pylist()
            known = self.known_ids(ids)
            keep, seen = [], set()
            for i in ids:
                ok = i not in known and i not in seen
                keep.append(ok)
                seen.add(i)
                if ok:
                    fresh_ids.append(i)
            docs = docs.filter(pa.array(keep, pa.bool_()))
        fresh = pa.array(fresh_ids, pa.string())
        links = tables.get("near_duplicates")
        if links is not None and links.num_rows:
            ids = links.column("doc_id").to_pylist()
            known = self.handled_ids(ids)
            keep, seen = [], set()
            for i in ids:
                keep.append(i not in known and i not in seen)
                seen.add(i)
            links = links.filter(pa.array(keep, pa.bool_()))
        inserts: list[tuple[str, Any]] = []
        if fresh_ids:
            inserts.append(("documents", docs))
            for name in ("mentions", "events", "doc_minhash", "minhash_bands"):
                table = tables.get(name)
                if table is not None and table.num_rows:
                    inserts.append((name, table.filter(pc.is_in(table.column("doc_id"), value_set=fresh))))
        if links is not None and links.num_rows:
            inserts.append(("near_duplicates", links))
        if not inserts:
            return 0
        for name, table in inserts:
            # table and column names are formatted into the INSERT: only the schema's own are taken
            if name not in TABLES or not all(_IDENTIFIER.match(c) for c in table.column_names):
                raise ValueError(f"write_tables: {name!r} with columns {table.column_names} is not a table of the store")
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for name, table in inserts:
                if not table.num_rows:
                    continue
                con.register("_batch", table)
                try:
                    cols = ", ".join(f'"{c}"' for c in table.column_names)
                    con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _batch")
                finally:
                    con.unregister("_batch")
            con.execute("COMMIT")
        except BaseException as exc:
            # a COMMIT that failed (e.g. the log could not be written) has already rolled back:
            # a second ROLLBACK would raise and hide the real cause
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            reason = no_room_reason(exc)
            if reason:
                raise DiskFullError(self.path, reason) from exc
            raise
        return len(fresh_ids)

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
        clause, params = self._event_filter(actor=actor, recipient=recipient, category=category, quad=quad, lang=lang,
                                            agreement=agreement, since=since, until=until, text=text, doc_id=doc_id)
        where = [clause]
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

    # -- reads for the analyses (relations, graph, stories, members, export) ---------------------
    def events_between(self, ids: Sequence[str] | None = None, since: str | None = None, until: str | None = None,
                       category: str | None = None) -> list[dict[str, Any]]:
        """Every event (no limit) in which any of `ids` takes part as actor or recipient, directly or
        through the state it stood for; all events when `ids` is None."""
        clause, params = self._event_filter(category=category, since=since, until=until)
        where = [clause]
        if ids is not None:
            where.append("list_has_any(list_concat(actor, recipient, actor_countries, recipient_countries), ?)")
            params.append(list(ids))
        sql = (f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {' AND '.join(where)} "
               f"ORDER BY coalesce(date, ''), id")
        return self._rows(sql, params)

    def documents_meta(self, ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
        """id → path, url, title, lang, date of the given documents (all when None); no text."""
        sql = "SELECT id, path, url, title, lang, date FROM documents"
        params: list[Any] = []
        if ids is not None:
            sql += " WHERE list_contains(?, id)"
            params.append(list(ids))
        return {r["id"]: r for r in self._rows(sql, params)}

    def documents_mentioning(self, actor_id: str) -> list[str]:
        return [r["doc_id"] for r in self._rows(
            "SELECT DISTINCT doc_id FROM mentions WHERE actor_id = ? ORDER BY doc_id", [actor_id])]

    def export(self, folder: str | Path, fmt: str, story_ids: dict[str, str] | None = None,
               since: str | None = None, until: str | None = None) -> dict[str, int]:
        """Write events (with their story id), documents and mentions to `folder` as parquet, csv or
        jsonl files; returns the rows written per table. Documents and mentions are those of the
        exported events' documents when a date range is given.

        All or nothing: each file is written under a hidden temporary name beside its final one,
        and the three are renamed into place only once all are whole. An export that is killed or
        fails (a full disk) leaves the folder as it was, never a truncated file under a final name;
        the temporary files of a killed export are removed by the next one."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"export format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(folder)
        story_ids = story_ids or {}
        cur = self.con.cursor()
        cur.execute("CREATE OR REPLACE TEMP TABLE _story_map AS "
                    "SELECT unnest(?::VARCHAR[]) AS event_id, unnest(?::VARCHAR[]) AS story_id",
                    [list(story_ids), list(story_ids.values())])
        where, params = ["TRUE"], []
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if until:
            where.append("e.date <= ? || '~'")
            params.append(until)
        cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
        queries = {
            "events": (f"SELECT {cols}, m.story_id FROM events e LEFT JOIN _story_map m ON m.event_id = e.id "
                       f"WHERE {' AND '.join(where)} ORDER BY coalesce(e.date, ''), e.id", params),
            "documents": ("SELECT d.id, d.path, d.url, d.title, d.lang, d.date, d.text, d.n_sentences, d.n_events, "
                          "d.warnings, CAST(d.findings AS VARCHAR) AS findings, d.ingested_at FROM documents d "
                          f"WHERE {'TRUE' if not (since or until) else 'd.id IN (SELECT e.doc_id FROM events e WHERE ' + ' AND '.join(where) + ')'} "
                          "ORDER BY d.id", params if (since or until) else []),
            "mentions": ("SELECT m.doc_id, m.actor_id, m.text, m.start_char, m.end_char, m.kind, m.via FROM mentions m "
                         f"WHERE {'TRUE' if not (since or until) else 'm.doc_id IN (SELECT e.doc_id FROM events e WHERE ' + ' AND '.join(where) + ')'} "
                         "ORDER BY m.doc_id, m.start_char", params if (since or until) else []),
        }
        written: dict[str, int] = {}
        partial: dict[str, Path] = {}
        try:
            for table, (sql, args) in queries.items():
                tmp = partial[table] = folder / f".{table}.{fmt}.{os.getpid()}.{os.urandom(6).hex()}.partial"
                if fmt in ("parquet", "csv"):
                    rel = cur.sql(sql, params=args) if args else cur.sql(sql)
                    (rel.write_parquet if fmt == "parquet" else rel.write_csv)(str(tmp))
                    written[table] = cur.execute(f"SELECT count(*) FROM ({sql})", args).fetchall()[0][0]
                else:
                    res = cur.execute(sql, args)
                    names = [d[0] for d in res.description]
                    n = 0
                    with tmp.open("x", encoding="utf-8") as out:
                        while rows := res.fetchmany(5000):
                            for row in rows:
                                out.write(json.dumps(dict(zip(names, row)), ensure_ascii=False, default=str) + "\n")
                                n += 1
                    written[table] = n
                _fsync(tmp)
            for table, tmp in partial.items():
                os.replace(tmp, folder / f"{table}.{fmt}")
            _fsync(folder)
        except BaseException as exc:
            for tmp in partial.values():
                tmp.unlink(missing_ok=True)
            reason = no_room_reason(exc)
            if reason:
                raise DiskFullError(str(folder), reason, "write the export",
                                    "free some space on that disk, or choose another --output, then export again"
                                    ) from exc
            raise
        return written

    # -- pages and views for the HTTP API and the dashboard (`diplograph serve`) ---------------------
    def _event_filter(self, actor: str | None = None, recipient: str | None = None, category: str | None = None,
                      quad: str | None = None, lang: str | None = None, agreement: str | None = None,
                      since: str | None = None, until: str | None = None, text: str | None = None,
                      doc_id: str | None = None, participant: str | None = None) -> tuple[str, list[Any]]:
        """The WHERE clause of `events` for these filters (same meaning), with its parameters;
        `participant` is an actor or a recipient (or the country of one)."""
        where, params = ["TRUE"], []
        for value, clause, n in ((actor, "(list_contains(actor, ?) OR list_contains(actor_countries, ?))", 2),
                                 (participant, "(list_contains(actor, ?) OR list_contains(actor_countries, ?) OR "
                                               "list_contains(recipient, ?) OR list_contains(recipient_countries, ?))", 4),
                                 (recipient, "(list_contains(recipient, ?) OR list_contains(recipient_countries, ?))", 2),
                                 (category and category.upper(), "event_type = ?", 1), (quad, "quad = ?", 1),
                                 (lang, "lang = ?", 1), (agreement, "agreement = ?", 1), (since, "date >= ?", 1),
                                 (until, "date <= ? || '~'", 1), (text, "contains(lower(quote), lower(?))", 1),
                                 (doc_id, "doc_id = ?", 1)):
            if value:
                where.append(clause)
                params += [value] * n
        return " AND ".join(where), params

    def event_page(self, limit: int = 50, after: tuple[str | None, str] | None = None, descending: bool = False,
                   **filters: Any) -> list[dict[str, Any]]:
        """One page of events in the order of `events` — (date, id), undated events first — or in
        the reverse order, starting after the event whose (date, id) is `after`. The same rows as
        `events(...)` with the same filters, found without sorting the table: the page's last date
        is looked up on the date column alone, then only the events up to it are ordered and read."""
        where, params = self._event_filter(**filters)
        cur = self.con
        ids: list[str] = []
        rest, rest_params = "TRUE", []
        if after is not None:
            day, last_id = after
            same, same_params = ("date IS NULL", []) if day is None else ("date = ?", [day])
            # the id comparison stays out of the scan (MATERIALIZED): only the cursor's own date is read
            ids = [r[0] for r in cur.execute(
                f"WITH same AS MATERIALIZED (SELECT id FROM events WHERE {where} AND {same}) "
                f"SELECT id FROM same WHERE id {'<' if descending else '>'} ? "
                f"ORDER BY id {'DESC' if descending else 'ASC'} LIMIT ?",
                params + same_params + [last_id, int(limit)]).fetchall()]
            if descending:
                rest, rest_params = ("FALSE", []) if day is None else ("(date < ? OR date IS NULL)", [day])
            else:
                rest, rest_params = ("date IS NOT NULL", []) if day is None else ("date > ?", [day])
        need = int(limit) - len(ids)
        if need > 0 and rest != "FALSE" and descending:
            # newest first: DuckDB's top-N reads the newest row groups first and skips the rest by
            # their zone maps (events are mostly stored in the order news arrives)
            head = self.events_by_id(ids)
            return head + self._rows(
                f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {where} AND {rest} "
                f"ORDER BY date DESC NULLS LAST, id DESC LIMIT ?", params + rest_params + [need])
        if need > 0 and rest != "FALSE":
            order = "date DESC NULLS LAST" if descending else "date ASC NULLS FIRST"
            found = cur.execute(f"SELECT date FROM events WHERE {where} AND {rest} ORDER BY {order} LIMIT 1 OFFSET ?",
                                params + rest_params + [need - 1]).fetchone()
            bound, bound_params = "TRUE", []
            if found is not None and found[0] is None and not descending:
                bound = "date IS NULL"
            elif found is not None and found[0] is not None:
                if descending:
                    bound, bound_params = "date >= ?", [found[0]]
                else:
                    bound, bound_params = ("date <= ?" if after is not None else "(date IS NULL OR date <= ?)"), [found[0]]
            ids += [r[0] for r in cur.execute(
                f"SELECT id FROM events WHERE {where} AND {rest} AND {bound} "
                f"ORDER BY {order}, id {'DESC' if descending else 'ASC'} LIMIT ?",
                params + rest_params + bound_params + [need]).fetchall()]
        return self.events_by_id(ids)

    def events_by_id(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The events with these ids, in the order given (unknown ids are left out)."""
        if not ids:
            return []
        rows = self._rows(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE id IN ({', '.join('?' * len(ids))})",
                          list(ids))
        by_id = {r["id"]: r for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self.events_by_id([event_id])
        return rows[0] if rows else None

    def count_events(self, **filters: Any) -> int:
        where, params = self._event_filter(**filters)
        return self.con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]

    def quad_timeline(self, period: str = "month") -> list[dict[str, Any]]:
        """Events per period and quad class: `period` is the date's year or month (a date known only
        to the year keeps its year), null for undated events."""
        if period not in ("year", "month"):
            raise ValueError(f"period must be 'year' or 'month', not {period!r}")
        size = 4 if period == "year" else 7
        return self._rows("SELECT substr(date, 1, ?) AS period, quad, count(*) AS events FROM events "
                          "GROUP BY ALL ORDER BY period NULLS FIRST, quad", [size])
