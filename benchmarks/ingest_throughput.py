"""Ingest throughput, from one run, on a synthetic corpus made by make_corpus.py:

  (a) diplograph end to end (`diplograph ingest`, into a fresh DuckDB store), on ~3 KB plain-text
      articles and on HTML pages with furniture: documents/s and sentences/s, wall clock of the
      real command (start-up included)
  (b) the HTML-extraction step alone (read + decode + trafilatura main text), the floor
  (c) `--engine dask` with one and with two LocalCluster workers on the HTML pages
  (d) peak memory (max RSS; for Dask, the whole process tree sampled) of each, and optionally of
      a large input (`--memory-docs 100000`, JSONL.gz of plain-text articles)

and the ratios the targets are stated in. Everything is generated locally; nothing is fetched.

    .venv/bin/python benchmarks/ingest_throughput.py [--docs 1000] [--dask-docs 3000] [--memory-docs 0] [--out report.json]
    .venv/bin/python benchmarks/ingest_throughput.py --dask-only [--dask-docs 3000] [--repeat 3]   # (c) alone
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402

EXE = str(Path(sys.executable).with_name("diplograph"))


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_ingest(args: list[str], db: Path) -> dict:
    """Run `diplograph ingest` for real; wall time, peak RSS of the process (and of its tree)."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen([EXE, "ingest", *args, "--db", str(db), "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss(proc.pid))
            time.sleep(0.5)  # sampling the process tree costs CPU the measured run needs

    sampler = threading.Thread(target=sample, daemon=True)
    if "--engine" in args:  # one process: its own peak (wait4) is the figure, no sampling needed
        sampler.start()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    stop.set()
    if sampler.is_alive():
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed: {stderr}")
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        docs, sents, events = con.execute("SELECT count(*), sum(n_sentences), sum(n_events) FROM documents").fetchone()
        linked = con.execute("SELECT count(*) FROM near_duplicates").fetchone()[0]
    read = docs + linked
    cpu = usage.ru_utime + usage.ru_stime  # this process and the worker processes it waited for
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "documents_per_cpu_s": round(read / cpu, 1),
            "load_average_before": round(load_before, 2), "documents_read": read, "coded": docs, "near_duplicates": linked,
            "events": int(events or 0), "sentences": int(sents or 0),
            "documents_per_s": round(read / wall, 1), "sentences_per_s": round((sents or 0) / wall, 1),
            "events_per_s": round((events or 0) / wall, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "peak_tree_rss_mb": round(peak_tree / 2**20, 1),
            "summary": stderr.strip().splitlines()[-1] if stderr.strip() else ""}


EXTRACT_ONLY = r"""
import json, sys, time
from pathlib import Path
from diplograph.clean import clean
from diplograph.knowledge import load_knowledge
from diplograph.read import read_paths
kb = load_knowledge()
clean(None, "<html><body><p>warm up</p></body></html>", kb)
start = time.perf_counter()
cpu0 = time.process_time()
n = chars = 0
for src in read_paths([sys.argv[1]]):
    cleaned = clean(src.text, src.html, kb)
    n += 1
    chars += len(cleaned.text)
wall = time.perf_counter() - start
cpu = time.process_time() - cpu0
print(json.dumps({"documents": n, "wall_s": round(wall, 2), "documents_per_s": round(n / wall, 1),
                  "cpu_s": round(cpu, 2), "documents_per_cpu_s": round(n / cpu, 1), "chars": chars}))
"""


def extraction_floor(folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", EXTRACT_ONLY, str(folder)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000, help="documents per corpus (default: %(default)s)")
    ap.add_argument("--memory-docs", type=int, default=0, help="also ingest this many documents for peak memory")
    ap.add_argument("--dask-docs", type=int, default=3000, help="HTML pages for the Dask runs (default: %(default)s)")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--dask-only", action="store_true", help="only (c), the Dask 1-vs-2-worker runs")
    ap.add_argument("--repeat", type=int, default=1, help="Dask 1-vs-2-worker pairs to run (default: %(default)s)")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = ap.parse_args()
    report: dict = {"cores": os.cpu_count(), "docs": args.docs}
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other work skews wall-clock "
          f"figures; CPU-second figures much less)", flush=True)
    with tempfile.TemporaryDirectory(prefix="diplograph-bench-") as tmp:
        root = Path(tmp)
        if not args.dask_only:
            txt = make_corpus.write(root / "txt", args.docs, "txt", seed=1)
            html = make_corpus.write(root / "html", args.docs, "html", seed=2)
            sizes = {name: sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // args.docs
                     for name, folder in (("txt", txt), ("html", html))}
            report["mean_bytes"] = sizes
            print(f"corpus: {args.docs} plain-text articles (~{sizes['txt']} B) and {args.docs} HTML pages "
                  f"(~{sizes['html']} B), Indonesian and English, 5% syndicated copies", flush=True)

            # the fixed cost of a run (interpreter, imports, knowledge base, store open and checkpoint):
            # one document, so that the rate over a long input can be told from the rate of this one
            one = root / "one"
            one.mkdir()
            first = next(p for p in sorted(txt.rglob("*.txt")))
            (one / first.name).write_bytes(first.read_bytes())
            report["start_up"] = s0 = run_ingest([str(one)], root / "one.duckdb")
            report["text_end_to_end"] = r = run_ingest([str(txt)], root / "txt.duckdb")
            steady = (r["documents_read"] - 1) / max(r["wall_s"] - s0["wall_s"], 1e-9)
            r["documents_per_s_after_start_up"] = round(steady, 1)
            print(f"(a) end to end, plain text: {r['documents_per_s']} documents/s, {r['sentences_per_s']} sentences/s "
                  f"({r['documents_per_cpu_s']} documents per CPU-second), peak {r['peak_rss_mb']} MB  [{r['summary']}]",
                  flush=True)
            print(f"    start-up of a run (one document): {s0['wall_s']} s; rate after it: {steady:.1f} documents/s "
                  f"(what a long input sees)", flush=True)
            report["html_end_to_end"] = r = run_ingest([str(html)], root / "html.duckdb")
            print(f"(a) end to end, HTML:       {r['documents_per_s']} documents/s, {r['sentences_per_s']} sentences/s "
                  f"({r['documents_per_cpu_s']} documents per CPU-second), peak {r['peak_rss_mb']} MB", flush=True)
            report["html_extraction_only"] = f = extraction_floor(html)
            ratio = f["documents_per_s"] / report["html_end_to_end"]["documents_per_s"]
            cpu_ratio = f["documents_per_cpu_s"] / report["html_end_to_end"]["documents_per_cpu_s"]
            report["html_end_to_end_vs_extraction"] = round(ratio, 2)
            report["html_end_to_end_vs_extraction_cpu"] = round(cpu_ratio, 2)
            print(f"(b) HTML extraction alone:  {f['documents_per_s']} documents/s ({f['documents_per_cpu_s']} per CPU-second)"
                  f" -> end to end takes {ratio:.2f}x the floor's time ({cpu_ratio:.2f}x its CPU time; target <= 2x)",
                  flush=True)
        if not args.no_dask:
            pages = None if args.dask_only else html
            if pages is None or args.dask_docs != args.docs:  # enough work that cluster start-up (~3 s) does not dominate
                pages = make_corpus.write(root / "dask-html", args.dask_docs, "html", seed=3)
            report["dask_docs"] = args.dask_docs
            # pairs run one after the other: the ratio of one pair is noisy on a small machine
            for i in range(max(1, args.repeat)):
                one = run_ingest([str(pages), "--engine", "dask", "--workers", "1"], root / f"d1-{i}.duckdb")
                two = run_ingest([str(pages), "--engine", "dask", "--workers", "2"], root / f"d2-{i}.duckdb")
                report["dask_1_worker"], report["dask_2_workers"] = one, two
                speedup = two["documents_per_s"] / one["documents_per_s"]
                report.setdefault("dask_speedups", []).append(round(speedup, 2))
                report["dask_speedup_2_vs_1"] = round(speedup, 2)
                print(f"(c) Dask, {args.dask_docs} HTML pages, wall clock with cluster start-up: 1 worker {one['documents_per_s']} documents/s, 2 workers {two['documents_per_s']} "
                      f"documents/s = {speedup:.2f}x (target >= 1.7x); peak tree RSS {one['peak_tree_rss_mb']} / "
                      f"{two['peak_tree_rss_mb']} MB; wall {one['wall_s']} / {two['wall_s']} s", flush=True)
        if args.memory_docs:
            big = make_corpus.write(root / "big", args.memory_docs, "jsonl", seed=5, gzip_jsonl=True)
            report["large_input"] = r = run_ingest([str(big)], root / "big.duckdb")
            r["input_documents"] = args.memory_docs
            print(f"(d) {args.memory_docs} documents (JSONL.gz): peak {r['peak_rss_mb']} MB (target < 1024 MB), "
                  f"{r['documents_per_s']} documents/s", flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
