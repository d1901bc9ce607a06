"""`GET /api/events` under load: p50/p95/p99 latency with N concurrent clients on loopback, over a
store of 1 million events built synthetically by bulk insert. A benchmark, not a test.

    .venv/bin/python benchmarks/api_load.py [--events 1000000] [--clients 16] [--duration 30]
                                            [--layout ingest|random] [--db PATH] [--keep]

The store: documents in publication order over six years, 8 events each (the order in which a
news feed is ingested); 80% of events carry their document's date, 20% are background events
with an older date (as "signed in 2020" is). Actors follow a skewed distribution over 60
countries. `--layout random` inserts the same rows in random order (a worst case for DuckDB's
zone maps). The server is `diplograph serve` in its own process; the clients are threads with
one keep-alive connection each, sending a mix of the requests the dashboard's event explorer
makes: first pages (newest and oldest first), next pages through the cursor, filters by actor,
actor and recipient, category, quad class, month, language, agreement, and words in the quote.
The target is p95 < 100 ms with 16 clients.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

COUNTRIES = ["USA", "CHN", "RUS", "IDN", "ISR", "UKR", "IRN", "TUR", "SAU", "IND", "PAK", "GBR", "FRA", "DEU", "JPN",
             "KOR", "PRK", "ARE", "QAT", "EGY", "KAZ", "MYS", "THA", "KHM", "VNM", "PHL", "MMR", "SGP", "AUS", "BRA",
             "MEX", "ZAF", "NGA", "ETH", "HUN", "SVK", "POL", "ITA", "ESP", "CAN", "SYR", "IRQ", "AFG", "LBN", "JOR",
             "PSE", "BHR", "MAR", "SDN", "DZA", "TUN", "LBY", "KEN", "AZE", "ARM", "GEO", "UZB", "BGD", "LKA", "NPL"]
CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
              "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
CATEGORY_WEIGHTS = [14, 20, 14, 2, 10, 4, 2, 5, 8, 4, 3, 2, 5, 2, 3, 2]
QUADS = ["verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict"]
TOPICS = ["trade", "energy", "security", "water", "health", "fisheries", "tourism", "migration", "climate", "visa",
          "investment", "railway", "ceasefire", "sanctions", "border", "nuclear", "grain", "pipeline", "education", "cyber"]


def build_store(path: Path, n_events: int, layout: str = "ingest", seed: int = 7) -> None:
    """Bulk insert (one INSERT … SELECT inside DuckDB) of `n_events` synthetic events and their documents."""
    import duckdb

    from diplograph.model import QUAD
    from diplograph.store import Store

    path.unlink(missing_ok=True)
    Store(path).close()  # the schema, exactly as the application creates it
    con = duckdb.connect(str(path))
    n_docs = max(1, n_events // 8)
    weights = [1 / (i + 1) ** 0.9 for i in range(len(COUNTRIES))]  # a few countries are in most of the news
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc / sum(weights))
    cat_cum, acc = [], 0
    for w in CATEGORY_WEIGHTS:
        acc += w
        cat_cum.append(acc / sum(CATEGORY_WEIGHTS))
    con.execute("CREATE TEMP TABLE c AS SELECT unnest(?::VARCHAR[]) AS code, unnest(?::DOUBLE[]) AS upto, "
                "generate_subscripts(?::VARCHAR[], 1) AS i", [COUNTRIES, cum, COUNTRIES])
    con.execute("CREATE TEMP TABLE k AS SELECT unnest(?::VARCHAR[]) AS cat, unnest(?::DOUBLE[]) AS upto, "
                "unnest(?::VARCHAR[]) AS quad", [CATEGORIES, cat_cum, [QUAD[c] for c in CATEGORIES]])
    con.execute(f"SELECT setseed({(seed % 1000) / 1000})")
    days = 6 * 365
    order = "ORDER BY doc_no, seq" if layout == "ingest" else "ORDER BY random()"
    con.execute(f"""
        INSERT INTO events
        WITH base AS (
            SELECT i, i // 8 AS doc_no, (i % 8)::INTEGER AS seq, random() AS ra, random() AS rb, random() AS rc,
                   random() AS rh, random() AS rt, random() AS rl
            FROM range({n_events}) t(i)),
        dated AS (
            SELECT *, DATE '2020-01-01' + (doc_no * {days} // {n_docs})::INTEGER AS published FROM base),
        picked AS (
            SELECT d.*,
                (SELECT code FROM c WHERE c.upto >= d.ra ORDER BY c.upto LIMIT 1) AS a,
                (SELECT code FROM c WHERE c.upto >= d.rb ORDER BY c.upto LIMIT 1) AS b,
                (SELECT cat FROM k WHERE k.upto >= d.rc ORDER BY k.upto LIMIT 1) AS cat
            FROM dated d)
        SELECT substr(md5(i::VARCHAR), 1, 20), 'doc' || lpad(doc_no::VARCHAR, 8, '0'), seq, cat, NULL,
               (SELECT quad FROM k WHERE k.cat = picked.cat),
               [], CASE WHEN rh < 0.2 THEN ['historical'] WHEN rh < 0.27 THEN ['future'] ELSE [] END,
               [a], CASE WHEN a <> b AND rt < 0.7 THEN [b] ELSE [] END,
               [a], CASE WHEN a <> b AND rt < 0.7 THEN [b] ELSE [] END,
               CASE WHEN rl < 0.01 THEN 'abraham-accords' WHEN rl < 0.02 THEN 'paris-agreement' ELSE NULL END,
               CASE WHEN rt < 0.3 THEN ['economy'] ELSE [] END,
               CASE WHEN rh < 0.1 THEN strftime(published - (365 * (1 + (rb * 30)::INTEGER))::INTEGER, '%Y')
                    WHEN rh < 0.2 THEN strftime(published - (30 + (rb * 3000)::INTEGER), '%Y-%m-%d')
                    WHEN rh > 0.995 THEN NULL
                    ELSE strftime(published - (rt * 2)::INTEGER, '%Y-%m-%d') END,
               CASE WHEN rh < 0.1 THEN 'year' WHEN rh > 0.995 THEN NULL ELSE 'day' END,
               'Officials of ' || a || ' and ' || b || ' discussed ' || ?[1 + (rt * {len(TOPICS)})::INTEGER % {len(TOPICS)}]
                   || ' cooperation and ' || ?[1 + (rl * {len(TOPICS)})::INTEGER % {len(TOPICS)}]
                   || ' on the sidelines of a regional meeting, according to statement ' || i::VARCHAR || '.',
               0, 120, 0.4 + rc * 0.5, 'discussed', CASE WHEN rl < 0.55 THEN 'en' ELSE 'id' END
        FROM picked {order}""", [TOPICS, TOPICS])
    con.execute(f"""
        INSERT INTO documents
        SELECT 'doc' || lpad(j::VARCHAR, 8, '0'), 'synthetic/' || j::VARCHAR || '.txt', NULL,
               'Synthetic document ' || j::VARCHAR, 'en',
               strftime(DATE '2020-01-01' + (j * {days} // {n_docs})::INTEGER, '%Y-%m-%d'),
               'Synthetic text of document ' || j::VARCHAR || '.', 8, 8, [], '[]', now()::TIMESTAMP
        FROM range({n_docs}) t(j)""")
    con.execute("CHECKPOINT")
    con.close()


def pick(rng: random.Random, months: list[str]) -> tuple[str, dict]:
    r = rng.random()
    country = lambda: COUNTRIES[min(int(rng.paretovariate(1.2)) - 1, len(COUNTRIES) - 1)]  # noqa: E731
    if r < 0.15:
        return "first page, newest", {"order": "desc"}
    if r < 0.20:
        return "first page, oldest", {"order": "asc"}
    if r < 0.35:
        return "actor", {"actor": country(), "order": "desc"}
    if r < 0.40:
        return "actor+recipient", {"actor": country(), "recipient": country(), "order": "desc"}
    if r < 0.50:
        return "category", {"category": rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0], "order": "desc"}
    if r < 0.55:
        return "quad", {"quad": rng.choice(QUADS), "order": "desc"}
    if r < 0.65:
        m = rng.choice(months)
        return "month", {"since": m, "until": m, "order": "asc"}
    if r < 0.70:
        return "language", {"lang": rng.choice(["en", "id"]), "order": "desc"}
    if r < 0.75:
        return "agreement", {"agreement": "abraham-accords", "order": "desc"}
    if r < 0.80:
        return "text", {"text": rng.choice(TOPICS) + " cooperation", "order": "desc"}
    return "next page", {}


def run_load(url: str, clients: int, duration: float, seed: int) -> dict:
    parsed = urllib.parse.urlparse(url)
    months = [f"{y}-{m:02d}" for y in range(2020, 2026) for m in range(1, 13)]
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        last: tuple[dict, str] | None = None
        mine = []
        while time.monotonic() < stop_at:
            kind, params = pick(rng, months)
            if kind == "next page":
                if not last:
                    kind, params = "first page, newest", {"order": "desc"}
                else:
                    params = {**last[0], "cursor": last[1]}
            query = urllib.parse.urlencode({**params, "limit": 50})
            start = time.perf_counter()
            conn.request("GET", "/api/events?" + query)
            resp = conn.getresponse()
            body = resp.read()
            took = time.perf_counter() - start
            mine.append((kind, took, resp.status))
            if resp.status == 200:
                nxt = json.loads(body)["next"]
                base = {k: v for k, v in params.items() if k != "cursor"}
                last = (base, nxt) if nxt else None
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    return summarize(results, elapsed, clients)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))] * 1000


def summarize(results: list[tuple[str, float, int]], elapsed: float, clients: int) -> dict:
    times = [t for _, t, _ in results]
    out = {"clients": clients, "requests": len(results), "seconds": round(elapsed, 1),
           "throughput_rps": round(len(results) / elapsed, 1),
           "errors": sum(1 for _, _, s in results if s != 200),
           "p50_ms": round(pct(times, 50), 1), "p95_ms": round(pct(times, 95), 1), "p99_ms": round(pct(times, 99), 1),
           "max_ms": round(max(times) * 1000, 1), "mean_ms": round(statistics.mean(times) * 1000, 1), "kinds": {}}
    for kind in sorted({k for k, _, _ in results}):
        ts = [t for k, t, _ in results if k == kind]
        out["kinds"][kind] = {"requests": len(ts), "p50_ms": round(pct(ts, 50), 1), "p95_ms": round(pct(ts, 95), 1)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of load (after a warm-up)")
    ap.add_argument("--layout", choices=("ingest", "random"), default="ingest")
    ap.add_argument("--db", help="store to build (or reuse with --reuse); default: a temporary file")
    ap.add_argument("--reuse", action="store_true", help="use --db as it is, do not rebuild it")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="also write the figures as JSON here")
    args = ap.parse_args()
    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="diplograph-bench-")
        db = Path(tmp.name) / "events.duckdb"
    if not (args.reuse and db.exists()):
        began = time.monotonic()
        build_store(db, args.events, args.layout, args.seed)
        print(f"built {args.events:,} events ({args.layout} order) in {time.monotonic() - began:.1f} s: {db}", file=sys.stderr)
    exe = Path(sys.executable).with_name("diplograph")
    env = {k: v for k, v in os.environ.items() if k != "DIPLOGRAPH_TOKEN"}  # read-only
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", "0"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stderr.readline()
        if " at http://" not in line:
            raise SystemExit("the server did not start: " + line + proc.stderr.read())
        url = line.split(" at ", 1)[1].split("/ ", 1)[0].rstrip("/")
        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
        warm = run_load(url, args.clients, min(5.0, args.duration), args.seed + 99)
        print(f"warm-up: {warm['requests']} requests", file=sys.stderr)
        result = run_load(url, args.clients, args.duration, args.seed)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        result["store_events"] = con.execute("SELECT count(*) FROM events").fetchone()[0]
    result.update({"layout": args.layout, "cpus": os.cpu_count()})
    print(json.dumps(result, indent=2))
    print(f"\nGET /api/events on {result['store_events']:,} events, {args.clients} clients, {args.layout} layout: "
          f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
          f"{result['throughput_rps']} requests/s, {result['errors']} errors", file=sys.stderr)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
