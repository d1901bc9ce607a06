"""The one owner of the DuckDB file inside `diplograph serve`.

DuckDB lets one process hold a database file for writing, so the server is that process: reads
get a cursor of their own (a new connection to the same database, cheap), writes go through one
writer cursor under a lock, and every read is bounded in time (the cursor is interrupted at its
deadline). Costly answers (graph, relations, overview) are cached until the next write.
"""
from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

import duckdb

from ..knowledge import Knowledge, load_knowledge
from ..model import Source
from ..store import Store
from .settings import Settings


class QueryTimeout(RuntimeError):
    """A request spent longer than the query time limit in the store."""


class RequestStore(Store):
    """A `Store` over one cursor: every query of one request runs on it, so it can be interrupted."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str):  # noqa: D107 - no connect, no schema
        self.con = con
        self.path = path

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        res = self.con.execute(sql, list(params))
        names = [d[0] for d in res.description]
        return [dict(zip(names, row)) for row in res.fetchall()]


class Watchdog:
    """Interrupts cursors whose deadline has passed; one thread for the whole server."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, duckdb.DuckDBPyConnection]] = []
        self._live: set[int] = set()
        self._fired: set[int] = set()
        self._ids = itertools.count()
        self._cond = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="diplograph-query-watchdog", daemon=True)
        self._thread.start()

    def arm(self, con: duckdb.DuckDBPyConnection, seconds: float) -> int:
        with self._cond:
            ticket = next(self._ids)
            heapq.heappush(self._heap, (time.monotonic() + seconds, ticket, con))
            self._live.add(ticket)
            self._cond.notify()
            return ticket

    def disarm(self, ticket: int) -> bool:
        """Forget a deadline; True if it had fired (the query was interrupted)."""
        with self._cond:
            self._live.discard(ticket)
            fired = ticket in self._fired
            self._fired.discard(ticket)
            return fired

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while not self._stopped:
                while self._heap and self._heap[0][1] not in self._live:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                deadline, ticket, con = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                self._live.discard(ticket)
                self._fired.add(ticket)
                try:
                    con.interrupt()
                except duckdb.Error:  # the cursor finished meanwhile
                    pass


CACHE_SIZE = 4096  # answers kept between writes (event pages are a few KB each)


class Backend:
    """Store, knowledge and ingest for one server; thread-safe."""

    def __init__(self, settings: Settings, kb: Knowledge | None = None):
        self.settings = settings
        self.kb = kb or load_knowledge(settings.kb_extra)
        self.writable = settings.writable
        self.root = Store(settings.db, read_only=not self.writable)
        self._writer = RequestStore(self.root.con.cursor(), self.root.path) if self.writable else None
        self._cursor_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self.generation = 0
        self.watchdog = Watchdog()
        self._pipeline = None

    def close(self) -> None:
        self.watchdog.stop()
        if self._writer is not None:
            self._writer.con.close()
        self.root.close()

    # -- reads -------------------------------------------------------------------------------------
    @contextmanager
    def reading(self, timeout: float | None = None) -> Iterator[RequestStore]:
        """A store over a fresh cursor whose queries are interrupted after the time limit."""
        with self._cursor_lock:
            con = self.root.con.cursor()
        ticket = self.watchdog.arm(con, timeout or self.settings.query_timeout)
        try:
            yield RequestStore(con, self.root.path)
        except duckdb.InterruptException as exc:
            raise QueryTimeout(self._timeout_message()) from exc
        finally:
            fired = self.watchdog.disarm(ticket)
            con.close()
        if fired:  # interrupted between two queries, or an answer that took too long in Python
            raise QueryTimeout(self._timeout_message())

    def _timeout_message(self) -> str:
        return (f"the query took longer than {self.settings.query_timeout:g} s and was stopped; "
                f"narrow it (a date range, an actor, a category)")

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.reading() as store:
            return fn(store, *args, **kwargs)

    def cached(self, key: tuple, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`read(fn, ...)`, remembered until the next write (CACHE_SIZE answers at most)."""
        full = (self.generation, *key)
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = self.read(fn, *args, **kwargs)
        with self._cache_lock:
            self._cache[full] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    # -- writes ------------------------------------------------------------------------------------
    @property
    def pipeline(self):
        if self._pipeline is None:
            from ..pipeline import Pipeline

            self._pipeline = Pipeline(self.kb)
        return self._pipeline

    def ingest(self, sources: list[Source], errors: list[dict[str, str]]) -> dict[str, Any]:
        """Code and store documents, one ingest at a time, with the same driver as `diplograph ingest`."""
        if self._writer is None:
            raise PermissionError("read-only")
        with self._write_lock:
            try:
                result = self._ingest_with_driver(sources, errors)
            finally:
                with self._cache_lock:
                    self.generation += 1
                    self._cache.clear()
        return result

    def _ingest_with_driver(self, sources: list[Source], errors: list[dict[str, str]]) -> dict[str, Any]:
        store = self._writer
        assert store is not None
        from ..ingest import Ingest, LocalEngine

        seen: list[tuple[str, str]] = []  # (id, where) of every document prepared, in input order
        before: set[str] = set()

        class Recording(LocalEngine):
            def prepare(self, chunk: list[Source], near: bool):  # type: ignore[override]
                handle = super().prepare(chunk, near)
                prepared = [p for p in handle.result() if hasattr(p, "doc")]
                ids = [(p.doc.id, p.doc.path) for p in prepared]
                seen.extend(ids)
                before.update(store.handled_ids([i for i, _ in ids]))
                return handle

        job = Ingest(store, Recording(pipeline=self.pipeline), batch=200, limits=self.settings.limits,
                     on_error=lambda err: errors.append({"where": err.path, "message": err.message}))
        report = job.run(sources)
        ids = [i for i, _ in seen]
        stored = store.known_ids(ids)
        handled = store.handled_ids(ids)
        docs = []
        for doc_id, where in seen:
            status = ("already stored" if doc_id in before else "new" if doc_id in stored
                      else "linked as a near-duplicate" if doc_id in handled else "already stored")
            docs.append({"id": doc_id, "where": where, "status": status})
        return {"read": report.read, "new": report.new, "skipped": report.skipped, "linked": report.linked,
                "events": report.events, "documents": docs}

