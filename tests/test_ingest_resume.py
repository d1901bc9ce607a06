"""Resumable, idempotent ingest: a real `diplograph ingest` process killed with SIGKILL, twice, then
run to the end, leaves exactly the store of one uninterrupted run, without coding again what was
stored; near-duplicates are linked, not coded; the progress line shows on a terminal only."""
from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, cli_path

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_corpus  # noqa: E402

TABLES = {
    "documents": "SELECT * EXCLUDE (ingested_at) FROM documents",
    "mentions": "SELECT * FROM mentions",
    "events": "SELECT * FROM events",
    "near_duplicates": "SELECT * EXCLUDE (linked_at) FROM near_duplicates",
    "doc_minhash": "SELECT * FROM doc_minhash",
    "minhash_bands": "SELECT * FROM minhash_bands",
}


def snapshot(db: Path) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in TABLES.items()}


def ingest(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([cli_path(), "ingest", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    make_corpus.write(out / "txt", 150, "txt", seed=3, dups=0.1)
    make_corpus.write(out / "html", 60, "html", seed=4, dups=0.1)
    return out


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    proc = ingest(str(corpus), "--db", str(db), "--batch", "10")
    assert proc.returncode == 0, proc.stderr
    return db, proc.stderr


def test_reference_run_links_near_duplicates_instead_of_coding_them(reference):
    db, stderr = reference
    snap = snapshot(db)
    docs = {row[0] for row in snap["documents"]}
    links = snap["near_duplicates"]
    assert len(docs) > 150 and len(links) >= 5
    for doc_id, of_id, sim, *_ in links:
        assert doc_id not in docs and of_id in docs and sim >= 0.8
    linked = {row[0] for row in links}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM events WHERE list_contains(?, doc_id)", [list(linked)]).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM doc_minhash").fetchone()[0] == len(docs)
    assert f"{len(links)} near-duplicates linked" in stderr


def _kill_after_commits(args: list[str], db: Path, wait_for: int) -> None:
    """Start a real ingest and SIGKILL it once `wait_for` more batches are in the write-ahead log."""
    wal = Path(str(db) + ".wal")
    before = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([cli_path(), "ingest", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        grown = 0
        last = before
        while time.monotonic() < deadline and proc.poll() is None:
            size = wal.stat().st_size if wal.exists() else 0
            last = min(last, size)  # a checkpoint empties the log
            if size > last + 20_000:  # a batch of documents, not the schema's few bytes
                grown += 1
                last = size
                if grown >= wait_for:
                    break
            time.sleep(0.02)
        assert proc.poll() is None, "the ingest finished before it could be killed; give it more to do"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_twice_then_resume_equals_an_uninterrupted_run(corpus, reference, tmp_path):
    ref_db, _ = reference
    db = tmp_path / "killed.duckdb"
    args = [str(corpus), "--db", str(db), "--batch", "10"]
    _kill_after_commits(args, db, wait_for=2)
    first = snapshot(db)
    _kill_after_commits(args, db, wait_for=3)
    second = snapshot(db)
    expected = snapshot(ref_db)
    n_first, n_second, n_all = len(first["documents"]), len(second["documents"]), len(expected["documents"])
    assert 0 < n_first <= n_second < n_all  # killed in the middle, both times
    # what was written survived whole: every stored document has all its events
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents d WHERE n_events != "
                           "(SELECT count(*) FROM events e WHERE e.doc_id = d.id)").fetchone()[0] == 0
    proc = ingest(*args)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(db) == expected
    # the documents stored before were skipped, not coded again
    handled = n_second + len(second["near_duplicates"])
    assert f"{n_all - n_second} new in" in proc.stderr and f"{handled} already stored" in proc.stderr
    again = ingest(*args)
    assert "0 new in" in again.stderr and snapshot(db) == expected


def test_near_duplicates_across_runs_and_exact_duplicates(tmp_path, cli):
    rng = make_corpus.random.Random(11)
    title, paras = make_corpus.article(rng, "en")
    original = "\n\n".join(paras)
    copy = "\n\n".join(make_corpus.edited_copy(rng, paras))
    _, other = make_corpus.article(rng, "en")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "original.txt").write_text(original, encoding="utf-8")
    (tmp_path / "a" / "exact-copy.txt").write_text(original, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "syndicated.txt").write_text(copy, encoding="utf-8")
    (tmp_path / "b" / "other.txt").write_text("\n\n".join(other), encoding="utf-8")
    db = tmp_path / "n.duckdb"
    first = cli("ingest", str(tmp_path / "a"), "--db", str(db), check=True)
    assert "2 documents read, 1 new" in first.stderr and "1 already stored" in first.stderr
    second = cli("ingest", str(tmp_path / "b"), "--db", str(db), check=True)  # a later run: the index is in the store
    assert "2 documents read, 1 new" in second.stderr and "1 near-duplicates linked" in second.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        (doc_id, of_id, sim, path), = con.execute("SELECT doc_id, of_id, similarity, path FROM near_duplicates").fetchall()
        original_id = con.execute("SELECT id FROM documents WHERE path LIKE '%/a/%'").fetchone()[0]
    assert of_id == original_id and path.endswith("syndicated.txt") and 0.8 <= sim < 1
    off = tmp_path / "off.duckdb"
    proc = cli("ingest", str(tmp_path / "a"), str(tmp_path / "b"), "--db", str(off), "--near-duplicates", "0", check=True)
    assert "3 new in" in proc.stderr


def test_progress_line_on_a_terminal_only(corpus, tmp_path):
    db = tmp_path / "p.duckdb"
    parent, child = pty.openpty()
    proc = subprocess.Popen([cli_path(), "ingest", str(corpus / "html"), "--db", str(db), "--batch", "5"],
                            stdout=subprocess.DEVNULL, stderr=child, stdin=subprocess.DEVNULL)
    os.close(child)
    out = b""
    while True:
        ready, _, _ = select.select([parent], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(parent, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    proc.wait(timeout=120)
    os.close(parent)
    text = out.decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "documents/s" in text and "events/s" in text and "ETA 0:" in text and "%" in text
    assert "\r" in text and "60 documents read" in text
    quiet = ingest(str(corpus / "html"), "--db", str(tmp_path / "q.duckdb"))
    assert "documents/s" not in quiet.stderr and len(quiet.stderr.strip().splitlines()) == 1
