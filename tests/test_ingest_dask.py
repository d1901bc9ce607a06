"""The Dask engine on a real LocalCluster (2 workers, 1 thread each) gives the store the
single-process run gives, event for event; workers write shards the driver loads."""
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


def test_files_read_on_the_workers_give_the_documents_and_errors_of_a_local_run(tmp_path):
    """On a LocalCluster the driver hands plain text and HTML files to the workers as paths; what
    they read and decode, and every error a bad file gives, must be what a local run reads and says."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes((CORPUS / "saar-visit-astana.en.txt").read_bytes())
    (folder / "good.html").write_bytes((CORPUS / "eu-19th-sanctions-package.en.html").read_bytes())
    html = (CORPUS / "ri-tak-akan-normalisasi.id.html").read_text(encoding="utf-8")
    (folder / "cp1252.htm").write_bytes(html.replace('charset="utf-8"', "").encode("cp1252", "replace"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.txt").write_bytes(bytes(range(256)) * 8)  # NULs and control bytes: binary
    (folder / "huge.html").write_bytes(html.encode() + b"<p>filler</p>" * 6000)  # over --max-document-size
    (folder / "lines.jsonl").write_text(json.dumps({"id": "j1", "text": "Indonesia and Japan signed an agreement "
                                                                        "on fisheries in Tokyo."}) + "\n{broken\n")
    single, dask = tmp_path / "single.duckdb", tmp_path / "dask.duckdb"
    limit = ("--max-document-size", "64KB")
    one = run(str(folder), "--db", str(single), *limit)
    two = run(str(folder), "--db", str(dask), *limit, "--engine", "dask", "--workers", "2")

    def errors(proc: subprocess.CompletedProcess) -> list[str]:
        return sorted(line for line in proc.stderr.splitlines() if line.startswith("diplograph: "))

    assert one.returncode == two.returncode == 1
    assert errors(one) == errors(two)
    assert [e.split(": ")[1].rsplit("/", 1)[-1] for e in errors(one)] == [
        "empty.txt", "huge.html", "lines.jsonl:2", "noise.txt"]
    assert "more than the 64 KB one document may have" in " ".join(errors(one))
    summary = [proc.stderr.splitlines()[-1].replace(str(db), "DB") for proc, db in ((one, single), (two, dask))]
    assert summary[0] == summary[1]
    a, b = snapshot(single), snapshot(dask)
    assert len(a["documents"]) == 4 and a["events"]  # good.txt, good.html, cp1252.htm, the good JSONL line
    for table in a:
        assert a[table] == b[table], table
