"""`diplograph serve` read while it writes: a generated corpus is ingested THROUGH the server
(POST /api/documents with the token, one batch a request) while reader threads hit the read
endpoints, on loopback, for a bounded time. A benchmark, not a test (tests/test_web_security.py
runs a short version of it and asserts zero errors).

    .venv/bin/python benchmarks/serve_while_ingesting.py [--docs 600] [--readers 8] [--duration 30]
                                                         [--batch 20] [--seed 7] [--db PATH] [--out FILE]

Reported: reads/s, read latency p50/p95/p99, documents ingested/s (new documents stored over the
writer's time), POST latency, how many reads were answered while a POST was being coded and
stored, and errors (any status other than 200, or a failed connection) — which must be zero.

The readers send what the dashboard sends: first pages of events (newest and oldest first), next
pages through the cursor, filters (actor, category, language, words of the quote), the overview,
documents opened from an event, and actor pages. The store starts with the first batch only, so
most reads run against a store that grows under them.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import make_corpus  # noqa: E402

TOKEN = "bench-token-" + "7" * 24
ACTORS = ["IDN", "MYS", "KAZ", "JPN", "CHN", "USA", "AUS", "TUR", "SAU", "QAT"]
CATEGORIES = ["CONSULT", "AGREE", "COOPERATE", "ACCUSE", "SUPPORT", "AID", "SANCTION", "REJECT"]
WORDS = ["kerja sama", "cooperation", "bantuan", "sanctions", "agreement"]


def corpus_lines(n: int, seed: int) -> list[bytes]:
    """`n` generated news documents as JSONL lines of EVENTS.md (id, lang, date, title, text)."""
    out = []
    for doc in make_corpus.documents(n, seed=seed, dups=0.05):
        rec = {"id": doc["id"], "lang": doc["lang"], "date": doc["date"], "title": doc["title"],
               "text": make_corpus.text_of(doc)}
        out.append(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
    return out


def start_server(db: Path, token: str, *extra: str) -> tuple[subprocess.Popen, str]:
    """`diplograph serve` on a free loopback port with a write token; (process, base URL)."""
    exe = Path(sys.executable).with_name("diplograph")
    env = {**os.environ, "DIPLOGRAPH_TOKEN": token}
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", "0", *extra], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stderr.readline() if proc.stderr else ""
    if " at http://" not in line:
        proc.kill()
        raise RuntimeError("the server did not start: " + line + (proc.stderr.read() if proc.stderr else ""))
    # the pipe must be read on, or a chatty server would block on a full pipe
    threading.Thread(target=lambda: [None for _ in proc.stderr or ()], daemon=True).start()
    return proc, line.split(" at ", 1)[1].split("/ ", 1)[0].rstrip("/")


@dataclass
class Log:
    """What the threads saw: (kind, start, end, status) of every request; errors as text."""
    reads: list[tuple[str, float, float, int]] = field(default_factory=list)
    writes: list[tuple[float, float, int, int]] = field(default_factory=list)  # start, end, status, new docs
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _request(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    return resp.status, resp.read()


def _writer(url: str, lines: list[bytes], batch: int, stop_at: float, log: Log, done: threading.Event) -> None:
    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=300)
    headers = {"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {TOKEN}"}
    try:
        for i in range(0, len(lines), batch):
            if time.monotonic() >= stop_at:
                break
            began = time.monotonic()
            try:
                status, body = _request(conn, "POST", "/api/documents", b"".join(lines[i:i + batch]), headers)
            except (OSError, http.client.HTTPException) as exc:
                with log.lock:
                    log.errors.append(f"POST: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=300)
                continue
            new = json.loads(body).get("new", 0) if status == 200 else 0
            with log.lock:
                log.writes.append((began, time.monotonic(), status, new))
                if status != 200:
                    log.errors.append(f"POST: {status} {body[:200]!r}")
    finally:
        conn.close()
        done.set()


def _reader(url: str, n: int, seed: int, stop_at: float, log: Log, writer_done: threading.Event) -> None:
    rng = random.Random(seed * 1000 + n)
    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
    cursor: tuple[dict[str, Any], str] | None = None
    doc_ids: list[str] = []
    mine: list[tuple[str, float, float, int]] = []
    errors: list[str] = []
    while time.monotonic() < stop_at and not writer_done.is_set():
        r = rng.random()
        params: dict[str, Any] = {"limit": 50}
        if r < 0.2:
            kind, path = "events newest", "/api/events?" + urllib.parse.urlencode({**params, "order": "desc"})
        elif r < 0.3:
            kind, path = "events oldest", "/api/events?" + urllib.parse.urlencode(params)
        elif r < 0.45 and cursor:
            kind, path = "next page", "/api/events?" + urllib.parse.urlencode({**cursor[0], "cursor": cursor[1]})
        elif r < 0.55:
            kind, path = "actor filter", "/api/events?" + urllib.parse.urlencode({**params, "actor": rng.choice(ACTORS),
                                                                                   "order": "desc"})
        elif r < 0.62:
            kind, path = "category filter", "/api/events?" + urllib.parse.urlencode(
                {**params, "category": rng.choice(CATEGORIES), "lang": rng.choice(["id", "en"])})
        elif r < 0.67:
            kind, path = "text filter", "/api/events?" + urllib.parse.urlencode({**params, "text": rng.choice(WORDS)})
        elif r < 0.80:
            kind, path = "overview", "/api/overview"
        elif r < 0.93 and doc_ids:
            kind, path = "document", "/api/documents/" + urllib.parse.quote(rng.choice(doc_ids), safe="")
        else:
            kind, path = "actor page", "/api/actors/" + rng.choice(ACTORS)
        began = time.monotonic()
        try:
            status, body = _request(conn, "GET", path)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"GET {path}: {type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
            continue
        mine.append((kind, began, time.monotonic(), status))
        if status != 200:
            errors.append(f"GET {path}: {status} {body[:200]!r}")
            continue
        if path.startswith("/api/events?"):
            page = json.loads(body)
            doc_ids = (doc_ids + [e["doc_id"] for e in page["events"][:5]])[-200:]
            base = {k: v for k, v in urllib.parse.parse_qsl(path.split("?", 1)[1]) if k != "cursor"}
            cursor = (base, page["next"]) if page["next"] else None
    conn.close()
    with log.lock:
        log.reads.extend(mine)
        log.errors.extend(errors)


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`, in milliseconds."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))] * 1000


def run(db: Path, docs: int = 600, readers: int = 8, duration: float = 30.0, batch: int = 20,
        seed: int = 7) -> dict[str, Any]:
    """Start a server over `db` (created), ingest `docs` generated documents through it while
    `readers` threads read, for at most `duration` seconds; the figures as a dict."""
    lines = corpus_lines(docs, seed)
    proc, url = start_server(db, TOKEN)
    log = Log()
    try:
        parsed = urllib.parse.urlparse(url)
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=300)
        # a first batch, so that readers find something from the start
        status, body = _request(conn, "POST", "/api/documents", b"".join(lines[:batch]),
                                {"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {TOKEN}"})
        conn.close()
        if status != 200:
            raise RuntimeError(f"the first batch was refused: {status} {body[:300]!r}")
        first_new = json.loads(body)["new"]
        began = time.monotonic()
        stop_at = began + duration
        writer_done = threading.Event()
        writer = threading.Thread(target=_writer, args=(url, lines[batch:], batch, stop_at, log, writer_done))
        threads = [threading.Thread(target=_reader, args=(url, n, seed, stop_at, log, writer_done))
                   for n in range(readers)]
        writer.start()
        for t in threads:
            t.start()
        writer.join()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        status, body = _request(conn, "GET", "/api/overview")
        conn.close()
        stored = json.loads(body)["documents"] if status == 200 else None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    times = [end - start for _, start, end, _ in log.reads]
    spans = [(start, end) for start, end, _, _ in log.writes]
    during = sum(1 for _, start, end, _ in log.reads if any(s < end and start < e for s, e in spans))
    write_time = sum(e - s for s, e in spans)
    new = sum(n for _, _, _, n in log.writes)
    kinds = {}
    for kind in sorted({k for k, _, _, _ in log.reads}):
        ts = [end - start for k, start, end, _ in log.reads if k == kind]
        kinds[kind] = {"reads": len(ts), "p50_ms": round(pct(ts, 50), 1), "p95_ms": round(pct(ts, 95), 1)}
    return {
        "readers": readers, "batch": batch, "seconds": round(elapsed, 1),
        "reads": len(log.reads), "reads_per_s": round(len(log.reads) / elapsed, 1) if elapsed else 0.0,
        "read_p50_ms": round(pct(times, 50), 1), "read_p95_ms": round(pct(times, 95), 1),
        "read_p99_ms": round(pct(times, 99), 1),
        "read_mean_ms": round(statistics.mean(times) * 1000, 1) if times else 0.0,
        "reads_during_writes": during,
        "posts": len(log.writes), "post_p50_ms": round(pct([e - s for s, e in spans], 50), 1),
        "documents_sent": min(docs, batch + batch * len(log.writes)),
        "documents_new": first_new + new, "documents_stored": stored,
        "documents_per_s": round(new / write_time, 1) if write_time else 0.0,
        "documents_per_s_wall": round(new / elapsed, 1) if elapsed else 0.0,
        "errors": len(log.errors), "error_samples": log.errors[:5], "kinds": kinds, "cpus": os.cpu_count(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=600, help="generated documents to ingest (default: %(default)s)")
    ap.add_argument("--readers", type=int, default=8, help="reader threads (default: %(default)s)")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds at most (default: %(default)s)")
    ap.add_argument("--batch", type=int, default=20, help="documents per POST (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", help="store to create (default: a temporary file); must not exist")
    ap.add_argument("--out", help="also write the figures as JSON here")
    args = ap.parse_args()
    tmp = None
    if args.db:
        db = Path(args.db)
        if db.exists():
            raise SystemExit(f"{db} exists; give a new file")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="diplograph-bench-")
        db = Path(tmp.name) / "served.duckdb"
    try:
        result = run(db, args.docs, args.readers, args.duration, args.batch, args.seed)
    finally:
        if tmp:
            tmp.cleanup()
    print(json.dumps(result, indent=2))
    print(f"\nserve while ingesting, {args.readers} readers, batches of {args.batch}: {result['reads_per_s']} reads/s, "
          f"p50 {result['read_p50_ms']} ms, p95 {result['read_p95_ms']} ms, {result['reads_during_writes']} reads "
          f"answered during writes; {result['documents_new']} documents stored, {result['documents_per_s']} documents/s "
          f"while writing; {result['errors']} errors", file=sys.stderr)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    if result["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
