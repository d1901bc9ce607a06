"""The streaming ingest driver: read → prepare → skip or link → code → write, in batches.

    read      sources stream from `read_paths` (files, folders, WARC, feeds, JSONL, stdin)
    prepare   clean → id (content hash or the user's id) → MinHash signature      [engine]
    decide    in input order, in this process: a document already stored (or linked) is skipped
              before it is coded; a near-duplicate of a coded document is linked to it, not coded
    code      language, sentences, actors, events                               [engine]
    write     one transaction per batch: documents, mentions, events, signatures, links

The engine runs `prepare` and `code` in this process (`local`) or on a Dask cluster (`scale.py`).
Decisions are taken here, in input order, against the store plus the batches decided but not
yet written, and batches are written in input order: so the store after a run — interrupted at
any point (even `kill -9`) and started again, or run on Dask — is the store of one uninterrupted
single-process run. Memory is bounded by the batches in flight: the near-duplicate index lives in
the store (`minhash_bands`), not in memory.
"""
from __future__ import annotations

import sys
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Sequence

from .minhash import band_keys, signature, similarity
from .model import Document, Source
from .read import DEFAULT_LIMITS, FileSource, Limits, ReadError, ReadProgress, read_paths, total_bytes

DEFAULT_THRESHOLD = 0.8


@dataclass
class Prepared:
    doc: Document
    sig: bytes | None = None
    # LSH band keys of `sig`, computed where the document is prepared (a Dask worker), not by the driver
    keys: list[tuple[int, int]] = field(default_factory=list)


def prepare_sources(pipeline, sources: Sequence[Source | FileSource], near: bool) -> list[Prepared | ReadError]:
    """The engine's first step (also run on Dask workers): read a file the driver only named, clean,
    id, signature."""
    out: list[Prepared | ReadError] = []
    for item in sources:
        src = item.load() if isinstance(item, FileSource) else item
        if isinstance(src, ReadError):  # reported in input order, as the driver would have
            out.append(src)
            continue
        try:
            doc = pipeline.prepare(src)
        except Exception as exc:  # one bad page must not stop the batch
            out.append(ReadError(src.path, f"cannot clean this document ({type(exc).__name__}: {str(exc)[:160]})"))
            continue
        if not doc.text.strip():
            out.append(ReadError(src.path, "no text left after cleaning; nothing to code"))
            continue
        sig = signature(doc.text) if near else None
        out.append(Prepared(doc, sig, band_keys(sig) if sig is not None else []))
    return out


def cap_text(doc: Document, max_chars: int) -> bool:
    """Cut a document's text to `max_chars` (Limits.max_text_chars) at a paragraph or sentence end,
    before it is coded: coding time grows faster than the text, and no news article comes near the
    limit. The cut is kept in the document's warnings; the id stays that of the whole text."""
    from .clean import truncate_text

    if not max_chars or len(doc.text) <= max_chars:
        return False
    whole = len(doc.text)
    doc.text = truncate_text(doc.text, max_chars)
    doc.warnings.append(f"text cut to its first {len(doc.text):,} of {whole:,} characters (max_text_chars = "
                        f"{max_chars:,}); raise it with --max-text-chars or max_text_chars in diplograph.toml")
    return True


def code_documents(pipeline, docs: Sequence[Document]) -> tuple[list[Document], list[ReadError]]:
    """The engine's second step: code each prepared document. A document the coder fails on is
    reported (and not stored, so a later run tries it again); the others go on."""
    coded, errors = [], []
    for doc in docs:
        try:
            coded.append(pipeline.code(doc))
        except Exception as exc:
            errors.append(ReadError(doc.path, f"cannot code this document ({type(exc).__name__}: {str(exc)[:160]}); "
                                    f"it is not stored"))
    return coded, errors


# -- engines ---------------------------------------------------------------------------------------
class _Done:
    """A result computed already: what the local engine hands back where Dask hands a future."""

    def __init__(self, value: Any):
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> Any:
        return self.value


class LocalEngine:
    """Everything in this process, one batch after the other."""

    name = "local"
    in_flight = 1
    reads_files = False  # read_paths reads every file here, before `prepare`

    def __init__(self, pipeline=None, kb_extra: Sequence[str] = ()):
        if pipeline is None:
            from .pipeline import Pipeline

            pipeline = Pipeline.default(kb_extra)
        self.pipeline = pipeline

    def chunk_size(self, batch: int) -> int:
        return batch

    def wait_any(self, handles: list) -> None:
        pass  # everything is computed when submitted

    def prepare(self, sources: list[Source | FileSource], near: bool) -> _Done:
        return _Done(prepare_sources(self.pipeline, sources, near))

    def code(self, docs: list[Document], seq: int) -> _Done:
        from .store import document_tables

        coded, errors = code_documents(self.pipeline, docs)
        return _Done((document_tables(coded), errors))

    def tables(self, result: Any) -> tuple[dict[str, Any], list[ReadError]]:
        return result

    def close(self) -> None:
        pass


# -- progress --------------------------------------------------------------------------------------
class Progress:
    """One status line on stderr: documents/s, events/s, and an ETA when the input size is known.
    Shown only on a terminal."""

    def __init__(self, enabled: bool, total: int | None, reader: ReadProgress, out=None, every: float = 0.25):
        self.out = out or sys.stderr
        self.enabled = enabled
        self.total = total
        self.reader = reader
        self.every = every
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, docs: int, events: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        line = f"{docs:,} documents  {docs / elapsed:,.1f} documents/s  {events / elapsed:,.1f} events/s"
        if self.total:
            pos = min(self.reader.position(), self.total)
            line += f"  {100 * pos / self.total:3.0f}%"
            if pos:
                eta = elapsed * (self.total - pos) / pos
                line += f"  ETA {int(eta // 3600)}:{int(eta % 3600 // 60):02d}:{int(eta % 60):02d}"
        self.out.write("\r" + line + "\x1b[K")
        self.out.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.out.write("\n")
            self.out.flush()


# -- the driver ------------------------------------------------------------------------------------
@dataclass
class IngestReport:
    read: int = 0          # documents read and prepared
    new: int = 0           # coded and written in this run
    skipped: int = 0       # already in the store (or earlier in this input): not coded again
    linked: int = 0        # near-duplicates linked to the document they copy, not coded
    events: int = 0        # events coded in this run
    sentences: int = 0     # sentences of the documents coded in this run
    failures: int = 0      # inputs reported as errors
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


@dataclass
class _Chunk:
    seq: int
    prepared: Any = None                     # handle of the prepare step
    docs: list[Document] = field(default_factory=list)
    sigs: dict[str, bytes] = field(default_factory=dict)
    bands: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    links: list[dict[str, Any]] = field(default_factory=list)
    coded: Any = None                        # handle of the code step


class Ingest:
    """Streams inputs into one store; `run` returns an `IngestReport`."""

    def __init__(self, store, engine=None, batch: int = 200, near_threshold: float | None = DEFAULT_THRESHOLD,
                 on_error: Callable[[ReadError], None] | None = None, progress: bool = False,
                 limits: Limits | None = None):
        self.store = store
        self.limits = limits or DEFAULT_LIMITS
        self.engine = engine or LocalEngine()
        self.batch = max(1, int(batch))
        self.near = near_threshold if near_threshold and near_threshold > 0 else None
        self.on_error = on_error
        self.show_progress = progress
        self.report = IngestReport()
        # decided but not yet written: ids, and the band index and signatures of coded ones
        self._pending_ids: set[str] = set()
        self._pending_bands: dict[tuple[int, int], list[str]] = {}
        self._pending_sigs: dict[str, bytes] = {}
        self._buffer: list[tuple[dict[str, Any], _Chunk]] = []
        self._buffered = 0

    # errors are reported as they come, in input order
    def _error(self, err: ReadError) -> None:
        self.report.failures += 1
        self.report.errors.append(str(err))
        if self.on_error:
            self.on_error(err)

    def _chunks(self, sources: Iterable[Source | FileSource | ReadError],
                size: int) -> Iterator[list[Source | FileSource]]:
        chunk: list[Source | FileSource] = []
        for item in sources:
            if isinstance(item, ReadError):
                self._error(item)
                continue
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def run_paths(self, paths: Sequence[str], lang: str | None = None, date: str | None = None, *,
                  include: Sequence[str] = (), exclude: Sequence[str] = (), pages: Sequence[str] = (),
                  fetch: bool = False) -> IngestReport:
        reader = ReadProgress()
        total = total_bytes(paths, include, exclude) if self.show_progress else None
        # an engine whose `prepare` reads files itself (Dask workers) is handed plain files as paths
        sources = read_paths(paths, lang=lang, date=date, include=include, exclude=exclude, pages=pages,
                             fetch=fetch, progress=reader, limits=self.limits,
                             lazy=getattr(self.engine, "reads_files", False))
        return self.run(sources, Progress(self.show_progress, total, reader))

    def run(self, sources: Iterable[Source | FileSource | ReadError], progress: Progress | None = None) -> IngestReport:
        start = time.monotonic()
        progress = progress or Progress(False, None, ReadProgress())
        engine = self.engine
        window = max(1, engine.in_flight)
        preparing: deque[_Chunk] = deque()
        coding: deque[_Chunk] = deque()
        self._coding = coding
        chunks = self._chunks(sources, engine.chunk_size(self.batch))
        seq = 0
        exhausted = False
        try:
            while True:
                while not exhausted and len(preparing) + len(coding) < window:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    preparing.append(_Chunk(seq, engine.prepare(chunk, self.near is not None)))
                    seq += 1
                if not preparing and not coding:
                    self._flush()
                    break
                moved = False
                # decide in input order as soon as the oldest prepare steps are back
                while preparing and preparing[0].prepared.done():
                    self._decide_and_code(preparing.popleft())
                    moved = True
                # write in input order
                while coding and coding[0].coded.done():
                    self._write(coding.popleft())
                    progress.update(self.report.read, self.report.events)
                    moved = True
                if not moved:  # wait until the oldest prepare or code step is back, whichever is first
                    engine.wait_any([ch.prepared for ch in list(preparing)[:1]] + [ch.coded for ch in list(coding)[:1]])
        finally:
            progress.update(self.report.read, self.report.events, force=True)
            progress.close()
            engine.close()
        self.report.seconds = time.monotonic() - start
        return self.report

    def _decide_and_code(self, ch: _Chunk) -> None:
        self._decide(ch, ch.prepared.result())
        ch.prepared = None
        ch.coded = self.engine.code(ch.docs, ch.seq) if ch.docs else _Done(None)
        self._coding.append(ch)

    def _decide(self, ch: _Chunk, prepared: list[Prepared | ReadError]) -> None:
        items: list[Prepared] = []
        for p in prepared:
            if isinstance(p, ReadError):
                self._error(p)
            else:
                items.append(p)
        self.report.read += len(items)
        handled = self.store.handled_ids([p.doc.id for p in items]) if items else set()
        stored_bands: dict[tuple[int, int], list[str]] = {}
        if self.near is not None:
            keys = {k for p in items if p.sig is not None for k in p.keys}
            for band, key, doc_id in self.store.band_matches(sorted(keys)):
                stored_bands.setdefault((band, key), []).append(doc_id)
        stored_sigs: dict[str, bytes] = {}
        if stored_bands:
            stored_sigs = self.store.signatures(sorted({i for ids in stored_bands.values() for i in ids}))
        for p in items:
            doc = p.doc
            if doc.id in handled or doc.id in self._pending_ids:
                self.report.skipped += 1
                continue
            self._pending_ids.add(doc.id)
            if self.near is not None and p.sig is not None:
                keys = p.keys
                best: tuple[float, str] | None = None
                for k in keys:
                    for cand in stored_bands.get(k, []) + self._pending_bands.get(k, []):
                        other = self._pending_sigs.get(cand) or stored_sigs.get(cand)
                        if other is None or cand == doc.id:
                            continue
                        sim = similarity(p.sig, other)
                        if best is None or sim > best[0] or (sim == best[0] and cand < best[1]):
                            best = (sim, cand)
                if best is not None and best[0] >= self.near:
                    ch.links.append({"doc_id": doc.id, "of_id": best[1], "similarity": round(best[0], 4),
                                     "path": doc.path, "url": doc.url, "title": doc.title, "date": doc.date})
                    self.report.linked += 1
                    continue
                ch.sigs[doc.id] = p.sig
                ch.bands[doc.id] = keys
                self._pending_sigs[doc.id] = p.sig
                for k in keys:
                    self._pending_bands.setdefault(k, []).append(doc.id)
            cap_text(doc, self.limits.max_text_chars)
            ch.docs.append(doc)

    def _write(self, ch: _Chunk) -> None:
        import pyarrow as pa

        tables, errors = self.engine.tables(ch.coded.result()) if ch.docs else ({}, [])
        for err in errors:
            self._error(err)
        if ch.sigs:
            ids = list(ch.sigs)
            tables["doc_minhash"] = pa.table({"doc_id": pa.array(ids, pa.string()),
                                              "sig": pa.array([ch.sigs[i] for i in ids], pa.binary())})
            rows = [(b, k, i) for i in ids for b, k in ch.bands[i]]
            tables["minhash_bands"] = pa.table({"band": pa.array([r[0] for r in rows], pa.uint8()),
                                                "key": pa.array([r[1] for r in rows], pa.uint64()),
                                                "doc_id": pa.array([r[2] for r in rows], pa.string())})
        if ch.links:
            now = datetime.now(timezone.utc).replace(tzinfo=None)
            tables["near_duplicates"] = pa.table({
                **{k: pa.array([r[k] for r in ch.links], pa.float64() if k == "similarity" else pa.string())
                   for k in ("doc_id", "of_id", "similarity", "path", "url", "title", "date")},
                "linked_at": pa.array([now] * len(ch.links), pa.timestamp("us"))})
        # chunks are written together up to `batch` documents a transaction (Dask tasks are smaller)
        self._buffer.append((tables, ch))
        self._buffered += len(ch.docs) + len(ch.links)
        if self._buffered >= self.batch:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        buffered, self._buffer, self._buffered = self._buffer, [], 0
        if not buffered:
            return
        parts: dict[str, list] = {}
        for tables, _ in buffered:
            for name, table in tables.items():
                if table is not None and table.num_rows:
                    parts.setdefault(name, []).append(table)
        tables = {name: pa.concat_tables(ts, promote_options="default") if len(ts) > 1 else ts[0]
                  for name, ts in parts.items()}
        if tables:
            self.report.new += self.store.write_tables(tables)
            docs = tables.get("documents")
            if docs is not None and docs.num_rows:
                import pyarrow.compute as pc

                self.report.events += int(pc.sum(docs.column("n_events")).as_py() or 0)
                self.report.sentences += int(pc.sum(docs.column("n_sentences")).as_py() or 0)
        # written: these no longer need to be remembered here, the store knows them
        for _, ch in buffered:
            for doc in ch.docs:
                self._pending_ids.discard(doc.id)
                for k in ch.bands.get(doc.id, ()):
                    ids = self._pending_bands.get(k)
                    if ids is not None:
                        if doc.id in ids:
                            ids.remove(doc.id)
                        if not ids:
                            del self._pending_bands[k]
                self._pending_sigs.pop(doc.id, None)
            for link in ch.links:
                self._pending_ids.discard(link["doc_id"])


def ingest_paths(paths: Sequence[str], db: str, *, lang: str | None = None, date: str | None = None,
                 include: Sequence[str] = (), exclude: Sequence[str] = (), pages: Sequence[str] = (),
                 fetch: bool = False, batch: int = 200, near_threshold: float | None = DEFAULT_THRESHOLD,
                 engine: str = "local", workers: int | None = None, scheduler: str | None = None,
                 shards: str | None = None, kb_extra: Sequence[str] = (), progress: bool = False,
                 on_error: Callable[[ReadError], None] | None = None, memory_limit: str = "512MB",
                 limits: Limits | None = None) -> IngestReport:
    """Ingest paths into the store at `db` (the one process that opens it)."""
    import duckdb

    from .store import DiskFullError, Store, checked_memory_limit, no_room_reason

    memory_limit = checked_memory_limit(memory_limit)  # before the store is created
    with Store(db) as store:
        # DuckDB caches the database's blocks up to 80 % of the machine's memory by default; a long
        # ingest needs little of that: cap it, so that memory stays flat however large the input.
        store.set_memory_limit(memory_limit)
        if engine == "dask":
            from .scale import DaskEngine

            eng: Any = DaskEngine(workers=workers, scheduler=scheduler, shards=shards, kb_extra=kb_extra, db=db)
        else:
            eng = LocalEngine(kb_extra=kb_extra)
        job = Ingest(store, eng, batch=batch, near_threshold=near_threshold, on_error=on_error, progress=progress,
                     limits=limits)
        try:
            return job.run_paths(paths, lang=lang, date=date, include=include, exclude=exclude, pages=pages,
                                 fetch=fetch)
        except (DiskFullError, duckdb.Error, OSError) as exc:
            # out of room anywhere (the log, a spill file, a Dask shard): one message, no traceback
            reason = no_room_reason(exc)
            if reason is None:
                raise
            raise DiskFullError(db, reason, f"store more documents ({job.report.new} new ones were stored by this "
                                            f"run before)") from exc
