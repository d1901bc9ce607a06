"""Scale-out on Dask: the per-document pipeline runs on a Dask distributed cluster.

`diplograph ingest PATH --engine dask [--workers N | --scheduler ADDRESS]`

The driver (this process) reads the inputs, decides what to skip or link (in input order, against
the store), and owns the store; workers never open it. Workers run the two costly steps:

    prepare   clean → id → MinHash signature and band keys, returned to the driver (small); on a
              LocalCluster, plain text and HTML files are read and decoded here too: the driver
              walks the folders and passes their paths
    code      language, sentences, actors, events → Parquet shards (documents, mentions, events)
              written to a shard folder, which the driver loads into the store in input order

so a Dask run ends with the store a single-process run makes. By default the cluster is a
`LocalCluster` (one single-threaded worker process per core, or `--workers N`); `--scheduler`
connects to an existing one, whose workers need diplograph installed and the shard folder
(`--shards DIR`) mounted at the same path as here. See docs/scaling.md.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .ingest import Prepared, code_documents, prepare_sources
from .model import Document, Source
from .read import FileSource, ReadError

if TYPE_CHECKING:
    import pyarrow as pa

_PIPELINES: dict[tuple[str, ...], Any] = {}
TASK_DOCS = 32  # documents per task: small enough to balance, large enough to hide task overhead
# A LocalCluster's scheduler and nannies run in this process, on the cores its workers need. Dask's
# default monitoring (a profiler sampling every worker each 10 ms, event-loop ticks each 20 ms, system
# and memory monitors several times a second) costs each process 3-5 % of a core even when idle, for
# a dashboard that is not started: sampled less often, or not at all.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def _pipeline(kb_extra: Sequence[str]):
    """One pipeline (knowledge base loaded once) per worker process."""
    key = tuple(kb_extra)
    if key not in _PIPELINES:
        from .pipeline import Pipeline

        _PIPELINES[key] = Pipeline.default(key)
    return _PIPELINES[key]


def warm(kb_extra: Sequence[str]) -> int:
    _pipeline(kb_extra)
    return os.getpid()


def prepare_task(sources: Sequence[Source | FileSource], near: bool,
                 kb_extra: Sequence[str]) -> list[Prepared | ReadError]:
    return prepare_sources(_pipeline(kb_extra), sources, near)


def code_task(docs: Sequence[Document], kb_extra: Sequence[str], shard_dir: str,
              name: str) -> tuple[dict[str, str], list[ReadError]]:
    """Code documents and write them as shards; returns the shard files by table (and the documents
    the coder failed on)."""
    from .store import document_tables

    coded, errors = code_documents(_pipeline(kb_extra), docs)
    tables = document_tables(coded)
    files = {}
    for table, data in tables.items():
        path = os.path.join(shard_dir, f"{name}.{table}.parquet")
        write_shard(data, path)
        files[table] = path
    return files, errors


# Shards live for seconds and are read once, by the driver, whose CPU the workers share on a small
# machine: written uncompressed, without dictionary pages or statistics, they decode about as fast as
# Arrow's own IPC files (the default Parquet encoding took ~5 ms a shard set to read back).
def write_shard(table: pa.Table, path: str) -> None:
    import pyarrow.parquet as pq

    tmp = path + ".tmp"
    pq.write_table(table, tmp, compression="none", use_dictionary=False, write_statistics=False)
    os.replace(tmp, path)  # a shard is whole or absent


def read_shard(path: str) -> pa.Table:
    import pyarrow.parquet as pq

    return pq.read_table(path, use_threads=False)


class DaskEngine:
    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None, shards: str | None = None,
                 kb_extra: Sequence[str] = (), db: str | None = None, task_docs: int = TASK_DOCS):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise RuntimeError("--engine dask needs 'dask[distributed]'; pip install 'dask[distributed]'") from exc
        self.cluster = None
        # Workers of a LocalCluster see this machine's files: the driver hands them plain text and HTML
        # files as paths, and they read and decode them (the driver's CPU is the workers' on a small
        # machine). Workers of an existing cluster may not see the inputs: they get the documents.
        self.reads_files = not scheduler
        if scheduler:
            self.client = Client(scheduler, timeout="30s")
        else:
            import dask

            with dask.config.set(LOCAL_CLUSTER_CONFIG):  # read by the scheduler, nannies and workers as they start
                self.cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                            processes=True, dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
        self.kb_extra = [str(Path(p).resolve()) for p in kb_extra]
        pids = self.client.run(warm, self.kb_extra)  # the knowledge base, loaded once on every worker
        self.workers = max(1, len(pids))
        self.in_flight = 3 * self.workers + 2
        self.task_docs = task_docs
        self.run_id = uuid.uuid4().hex[:12]
        self._own_dir = shards is None
        if shards is None:
            base = Path(db).resolve().parent if db else Path(tempfile.gettempdir())
            prefix = f".{Path(db).name if db else 'diplograph'}.shards-"
            for stale in base.glob(prefix + "*"):  # left by a killed run on this store (we hold its lock)
                shutil.rmtree(stale, ignore_errors=True)
            self.dir = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
        else:
            self.dir = Path(shards).resolve()
            self.dir.mkdir(parents=True, exist_ok=True)

    def chunk_size(self, batch: int) -> int:
        return max(1, min(batch, self.task_docs))

    def wait_any(self, futures: list) -> None:
        from distributed import wait

        wait(futures, return_when="FIRST_COMPLETED")

    def prepare(self, sources, near: bool):
        return self.client.submit(prepare_task, sources, near, self.kb_extra, pure=False)

    def code(self, docs, seq: int):
        return self.client.submit(code_task, docs, self.kb_extra, str(self.dir), f"{self.run_id}-{seq:09d}",
                                  pure=False)

    def tables(self, result: tuple[dict[str, str], list]) -> tuple[dict[str, Any], list]:
        files, errors = result
        out = {}
        for table, path in files.items():
            out[table] = read_shard(path)
            os.unlink(path)
        return out, errors

    def close(self) -> None:
        try:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()
        finally:
            if self._own_dir:
                shutil.rmtree(self.dir, ignore_errors=True)
            else:
                for leftover in self.dir.glob(f"{self.run_id}-*"):
                    leftover.unlink(missing_ok=True)
