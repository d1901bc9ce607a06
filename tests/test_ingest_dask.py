"""The Dask engine on a real LocalCluster (2 workers, 1 thread each) gives the store the
single-process run gives, event for event; workers write Parquet shards the driver loads."""
from __future__ import annotations

import json
import subprocess
import sys
import pytest

from conftest import CORPUS, ROOT, cli_path

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_corpus  # noqa: E402
from test_ingest_resume import snapshot  # noqa: E402

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("dask-corpus")
    make_corpus.write(out / "html", 24, "html", seed=21, dups=0.15)
    make_corpus.write(out / "txt", 16, "txt", seed=22, dups=0.15)
    with (out / "more.jsonl").open("w", encoding="utf-8") as handle:
        for i, path in enumerate(sorted(CORPUS.glob("*.txt"))):
            handle.write(json.dumps({"id": f"corpus-{i}", "text": path.read_text(encoding="utf-8")}) + "\n")
        handle.write("{broken\n")
    return [str(out), str(CORPUS)]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli_path(), "ingest", *args], capture_output=True, text=True, timeout=600)


def test_dask_local_cluster_equals_the_single_process_run(inputs, tmp_path):
    single, dask = tmp_path / "single.duckdb", tmp_path / "dask.duckdb"
    one = run(*inputs, "--db", str(single), "--batch", "8")
    two = run(*inputs, "--db", str(dask), "--batch", "8", "--engine", "dask", "--workers", "2")
    assert one.returncode == 1 and two.returncode == 1  # the broken JSONL line, reported by both
    assert one.stderr.count("more.jsonl:") == two.stderr.count("more.jsonl:") == 1
    assert one.stderr.splitlines()[-1].replace(str(single), "DB") == two.stderr.splitlines()[-1].replace(str(dask), "DB")
    a, b = snapshot(single), snapshot(dask)
    assert len(a["documents"]) > 40 and len(a["events"]) > 200 and a["near_duplicates"]
    for table in a:
        assert a[table] == b[table], table
    # the shards were loaded and cleared away
    assert not list(tmp_path.glob(".dask.duckdb.shards-*"))


def test_dask_with_a_shard_folder_and_resume(inputs, tmp_path):
    db, shards = tmp_path / "s.duckdb", tmp_path / "shards"
    first = run(inputs[1], "--db", str(db), "--engine", "dask", "--workers", "2", "--shards", str(shards))
    assert first.returncode == 0, first.stderr
    assert shards.is_dir() and not list(shards.iterdir())
    again = run(inputs[1], "--db", str(db), "--engine", "dask", "--workers", "2", "--shards", str(shards))
    assert "0 new in" in again.stderr and "already stored" in again.stderr


def test_engine_flags_are_checked(cli, tmp_path):
    proc = cli("ingest", str(CORPUS), "--db", str(tmp_path / "x.duckdb"), "--workers", "2")
    assert proc.returncode == 2 and "--engine dask" in proc.stderr
    proc = cli("ingest", str(CORPUS), "--db", str(tmp_path / "x.duckdb"), "--engine", "dask", "--workers", "2",
               "--scheduler", "tcp://127.0.0.1:1")
    assert proc.returncode == 2 and "either" in proc.stderr
