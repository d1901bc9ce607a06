"""Crash safety: a real `kill -9` of a real `diplograph export` and of a real `diplograph serve` in
the middle of an ingest sent to it, and a full disk (a small tmpfs where mounting is allowed, and a
file-size limit that works everywhere) under `diplograph ingest`, `export` and `serve`.

After each: the store opens, `diplograph doctor` passes, what was stored before is intact (a subset
of a clean run's rows), and finishing the same work gives exactly the store (or the files) of one
clean run. Every kill is checked to have happened before the work was done, so no test can pass by
killing a process that had already finished."""
from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, cli_path
from test_ingest_resume import snapshot

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_corpus  # noqa: E402

TOKEN = "crash-safety-token-" + "5" * 24
EXPORTED = ("events", "documents", "mentions")
# Run a command with a file-size limit (RLIMIT_FSIZE): a write past it fails with EFBIG instead of
# killing the process with SIGXFSZ, which is ignored here and stays ignored across exec.
LIMITED = ("import os, resource, signal, sys\n"
           "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
           "limit = int(sys.argv[1])\n"
           "if limit:\n"
           "    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))\n"
           "os.execv(sys.argv[2], sys.argv[2:])\n")


def run(*args: str, fsize: int | None = None, env: dict[str, str] | None = None,
        timeout: int = 300) -> subprocess.CompletedProcess:
    """`diplograph ARGS`, optionally under a file-size limit of `fsize` bytes."""
    cmd = [cli_path(), *args] if fsize is None else [sys.executable, "-c", LIMITED, str(fsize), cli_path(), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)


def assert_doctor_passes(db: Path) -> None:
    proc = run("doctor", "--db", str(db), "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert all(f["ok"] for f in json.loads(proc.stdout))


def assert_within(part: dict[str, list], whole: dict[str, list]) -> None:
    """Every row of `part` is a row of `whole`: what an interrupted run stored is whole and right."""
    for table, rows in part.items():
        known = {repr(r) for r in whole[table]}
        assert all(repr(r) in known for r in rows), table


def assert_one_clear_message(proc: subprocess.CompletedProcess, *hints: str) -> None:
    """A non-zero exit with one line that says what happened and what to do; no traceback."""
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("diplograph: "), proc.stderr
    for hint in ("disk is full", "intact", "free some space", *hints):
        assert hint in lines[0], (hint, lines[0])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("crash-corpus")
    make_corpus.write(out / "txt", 150, "txt", seed=3, dups=0.1)
    return out


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """One clean, uninterrupted `diplograph ingest` of the corpus."""
    db = tmp_path_factory.mktemp("crash-ref") / "ref.duckdb"
    proc = run("ingest", str(corpus), "--db", str(db), "--batch", "10")
    assert proc.returncode == 0, proc.stderr
    return db


@pytest.fixture(scope="module")
def expected(reference) -> dict[str, list]:
    return snapshot(reference)


# -- kill -9 during an export -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def big_store(reference, tmp_path_factory) -> Path:
    """The reference store plus 3,000 uncoded documents of ~30 KB of hex each (no events, so every
    check of doctor holds): enough bytes that writing documents.EXT takes a good part of a second."""
    db = tmp_path_factory.mktemp("crash-big") / "big.duckdb"
    shutil.copy(reference, db)
    with duckdb.connect(str(db)) as con:
        con.execute("""
            INSERT INTO documents
            SELECT 'bulk-' || lpad(i::VARCHAR, 6, '0'), 'bulk/' || i::VARCHAR || '.txt', NULL,
                   'Bulk ' || i::VARCHAR, 'en', '2025-01-01',
                   (SELECT string_agg(md5((i * 100000 + j)::VARCHAR), ' ') FROM range(900) r(j)),
                   0, 0, [], '[]', TIMESTAMP '2025-01-01 00:00:00'
            FROM range(3000) t(i)""")
        con.execute("CHECKPOINT")
    return db


def fingerprint(db: Path) -> tuple:
    """Counts and digests of the tables an export reads: cheap to compare on a large store."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("""
            SELECT (SELECT count(*) FROM documents),
                   (SELECT md5(string_agg(md5(id || coalesce(text, '')), '' ORDER BY id)) FROM documents),
                   (SELECT md5(string_agg(id || quote, '' ORDER BY id)) FROM events),
                   (SELECT count(*) FROM mentions)""").fetchone()


def digests(folder: Path, fmt: str) -> dict[str, str]:
    return {t: hashlib.sha256((folder / f"{t}.{fmt}").read_bytes()).hexdigest() for t in EXPORTED}


def partials(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".partial"))


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        return fh.read().rsplit(")", 1)[1].split()[0]


def kill_export_mid_write(args: list[str], folder: Path, table: str, fmt: str) -> list[str]:
    """Start a real export, wait until it writes `table`, let it write on for a random moment, then
    kill -9 it. It is frozen (SIGSTOP) just before, so that the moment of the kill is known: the
    file of `table` was being written. Returns the folder's names at that moment."""
    proc = subprocess.Popen([cli_path(), "export", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    before = set(os.listdir(folder))
    # its temporary name, or (an export that writes in place) the final one appearing
    writing = (f".{table}.{fmt}.", *([f"{table}.{fmt}"] if f"{table}.{fmt}" not in before else []))
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if any(n.startswith(writing) for n in os.listdir(folder)):
                break
            time.sleep(0.002)
        assert proc.poll() is None, "the export finished before it could be killed: give it more to write"
        time.sleep(random.uniform(0.0, 0.15))
        os.kill(proc.pid, signal.SIGSTOP)
        while _state(proc.pid) not in ("T", "t", "Z"):
            time.sleep(0.001)
        assert _state(proc.pid) != "Z", "the export finished before it could be killed: give it more to write"
        names = sorted(os.listdir(folder))
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert any(n.startswith(writing) for n in names), f"not killed while writing {table}: {names}"
    return names


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_kill_9_during_export_leaves_no_half_written_file(big_store, tmp_path, fmt):
    before = fingerprint(big_store)
    clean = tmp_path / "clean"
    proc = run("export", "--db", str(big_store), "--format", fmt, "-o", str(clean))
    assert proc.returncode == 0, proc.stderr
    reference_files = digests(clean, fmt)
    out = tmp_path / "out"
    out.mkdir()
    args = ["--db", str(big_store), "--format", fmt, "-o", str(out)]

    # into an empty folder: killed while documents.EXT was being written, nothing looks exported
    names = kill_export_mid_write(args, out, "documents", fmt)
    assert not [n for n in names if not n.startswith(".")], names
    assert not any((out / f"{t}.{fmt}").exists() for t in EXPORTED)
    assert partials(out)  # the killed export's temporary files, hidden, named as such
    assert fingerprint(big_store) == before  # the store is untouched and whole
    assert_doctor_passes(big_store)

    # the same export again: complete, equal to a clean run, and the leftovers are gone
    proc = run("export", *args)
    assert proc.returncode == 0, proc.stderr
    assert digests(out, fmt) == reference_files and partials(out) == []

    # over a previous export: killed in the middle, the previous files stay whole and untouched
    inodes = {t: (out / f"{t}.{fmt}").stat().st_ino for t in EXPORTED}
    kill_export_mid_write(args, out, "documents", fmt)
    assert digests(out, fmt) == reference_files
    assert {t: (out / f"{t}.{fmt}").stat().st_ino for t in EXPORTED} == inodes
    proc = run("export", *args)
    assert proc.returncode == 0, proc.stderr
    assert digests(out, fmt) == reference_files and partials(out) == []
    assert fingerprint(big_store) == before


# -- kill -9 of the server while documents are posted to it -----------------------------------------
class Server:
    """`diplograph serve` with a token on a free loopback port (its own process), optionally started
    through `prefix` (a command that execs the server, e.g. to set a resource limit)."""

    def __init__(self, db: Path, prefix: tuple[str, ...] = ()):
        env = {**os.environ, "DIPLOGRAPH_TOKEN": TOKEN}
        self.proc = subprocess.Popen([*prefix, cli_path(), "serve", "--db", str(db), "--port", "0"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stderr.readline() if self.proc.stderr else ""
        if " at http://" not in line:
            self.proc.kill()
            raise AssertionError("the server did not start: " + line + (self.proc.stderr.read() or ""))
        self.url = line.split(" at ", 1)[1].split("/ ", 1)[0].rstrip("/")
        self.log: list[str] = [line]
        threading.Thread(target=lambda: self.log.extend(self.proc.stderr or ()), daemon=True).start()

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=60) as resp:
            return json.loads(resp.read())

    def post(self, body: bytes) -> tuple[int, dict]:
        req = urllib.request.Request(self.url + "/api/documents", data=body, method="POST", headers={
            "Content-Type": "application/x-ndjson", "Authorization": f"Bearer {TOKEN}"})
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def documents(self) -> int:
        return self.get("/api/overview")["documents"]

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=60)
        assert self.proc.returncode == -signal.SIGKILL

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=60)


def send(corpus: Path, url: str) -> subprocess.Popen:
    """`diplograph ingest --server`: read here, POST there, five documents a request."""
    return subprocess.Popen([cli_path(), "ingest", str(corpus), "--server", url, "--batch", "5"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "DIPLOGRAPH_TOKEN": TOKEN})


def test_kill_9_of_the_server_mid_ingest_then_resume_equals_a_clean_run(corpus, expected, tmp_path):
    db = tmp_path / "served.duckdb"
    total = len(expected["documents"])
    stored = 0
    for _ in range(2):
        server = Server(db)
        client = send(corpus, server.url)
        try:
            target = stored + random.randint(10, 35)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and client.poll() is None and server.documents() < target:
                time.sleep(0.01)
            assert client.poll() is None, "the ingest ended before the server could be killed"
            server.kill()
        finally:
            _, err = client.communicate(timeout=120)
        assert client.returncode == 2 and "cannot reach the server" in err and "Traceback" not in err, err
        assert_doctor_passes(db)  # the store opens and is whole
        partial = snapshot(db)
        assert stored <= len(partial["documents"]) < total  # killed before the end, nothing lost
        assert_within(partial, expected)
        stored = len(partial["documents"])
    assert stored > 0
    server = Server(db)
    try:
        client = send(corpus, server.url)
        _, err = client.communicate(timeout=300)
        assert client.returncode == 0, err
    finally:
        server.stop()
    assert_doctor_passes(db)
    assert snapshot(db) == expected


# -- a full disk ------------------------------------------------------------------------------------
def check_full_then_freed(corpus: Path, expected: dict[str, list], db: Path, fill, free) -> None:
    """Ingest with no room left (`fill`'s doing): one clear message and a non-zero exit; what was
    stored stays whole (doctor passes while the disk is still full); then `free` and run again: the
    store of a clean run."""
    args = ["ingest", str(corpus), "--db", str(db), "--batch", "10"]
    proc = fill(args)
    assert_one_clear_message(proc, "--db", "run the same command again")
    assert_doctor_passes(db)
    partial = snapshot(db)
    assert 0 < len(partial["documents"]) < len(expected["documents"])
    assert_within(partial, expected)
    free()
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    handled = len(partial["documents"]) + len(partial["near_duplicates"])
    assert f"{handled} already stored" in proc.stderr, proc.stderr  # resumed: not coded again
    assert_doctor_passes(db)
    assert snapshot(db) == expected


def test_full_disk_by_a_file_size_limit(corpus, expected, tmp_path):
    check_full_then_freed(corpus, expected, tmp_path / "limited.duckdb",
                          fill=lambda args: run(*args, fsize=900_000), free=lambda: None)


@pytest.fixture
def small_disk(tmp_path):
    """An 8 MB tmpfs, where this runs as root with the right to mount (skipped elsewhere)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_full_disk_on_a_small_tmpfs(corpus, expected, small_disk):
    ballast = small_disk / "ballast"

    def fill(args: list[str]) -> subprocess.CompletedProcess:
        # leave about 1 MB: a few batches fit, then the write-ahead log meets a full disk
        ballast.write_bytes(b"\0" * (shutil.disk_usage(small_disk).free - 1_000_000))
        return run(*args)

    check_full_then_freed(corpus, expected, small_disk / "store.duckdb", fill=fill, free=ballast.unlink)


def test_export_on_a_full_disk_fails_clearly_and_leaves_nothing(reference, tmp_path):
    for fmt in ("parquet", "jsonl"):
        out = tmp_path / fmt
        proc = run("export", "--db", str(reference), "--format", fmt, "-o", str(out), fsize=60_000)
        assert_one_clear_message(proc, "--output")
        assert os.listdir(out) == []  # neither a truncated file nor a temporary one
        proc = run("export", "--db", str(reference), "--format", fmt, "-o", str(out))
        assert proc.returncode == 0 and sorted(os.listdir(out)) == sorted(f"{t}.{fmt}" for t in EXPORTED)
    assert_doctor_passes(reference)


def test_server_on_a_full_disk_answers_507_and_goes_on(corpus, tmp_path):
    """The server's file-size limit is lowered while it runs (prlimit), then lifted: the POST that
    meets it is refused whole with 507, reads go on, the same POST succeeds afterwards; a kill -9
    at the end leaves a log that replays into the store of a clean run."""
    lines = [json.dumps({"id": d["id"], "lang": d["lang"], "date": d["date"], "text": make_corpus.text_of(d)},
                        ensure_ascii=False).encode() + b"\n" for d in make_corpus.documents(60, seed=9, dups=0.0)]
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_bytes(b"".join(lines))
    ref = tmp_path / "ref.duckdb"
    assert run("ingest", str(jsonl), "--db", str(ref)).returncode == 0
    db = tmp_path / "served.duckdb"
    server = Server(db, prefix=(sys.executable, "-c", LIMITED, "0"))
    try:
        status, first = server.post(b"".join(lines[:20]))
        assert status == 200 and first["new"] == 20
        wal = Path(str(db) + ".wal")
        room = max(db.stat().st_size, wal.stat().st_size if wal.exists() else 0) + 4096
        resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE, (room, resource.RLIM_INFINITY))
        status, refused = server.post(b"".join(lines[20:]))
        assert status == 507 and "disk is full" in refused["message"] and "intact" in refused["message"], refused
        assert server.documents() == 20  # nothing of the refused request, all of the one before
        assert server.get("/api/events?limit=5")["events"]
        resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        status, again = server.post(b"".join(lines[20:]))
        assert status == 200 and again["new"] == 40, again
        assert server.proc.poll() is None
        server.kill()  # no checkpoint: the next open replays the log, failed commit and all
    finally:
        server.stop()
    assert_doctor_passes(db)
    got, want = snapshot(db), snapshot(ref)
    # the server records where a document came from as 'body:N'; the CLI as the file's line
    assert {k: v for k, v in got.items() if k != "documents"} == {k: v for k, v in want.items() if k != "documents"}
    assert [r[:1] + r[2:] for r in got["documents"]] == [r[:1] + r[2:] for r in want["documents"]]
