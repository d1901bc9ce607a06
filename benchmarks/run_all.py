"""Every benchmark in turn, with defaults sized for a laptop (about ten minutes in all); each
prints its own figures. `make bench` runs this.

    .venv/bin/python benchmarks/run_all.py [--quick]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (script, arguments, arguments with --quick)
RUNS = [
    ("extract_startup.py", [], ["--runs", "3"]),
    ("knowledge_matcher.py", [], []),
    ("coder_speed.py", [], ["--repeat", "2"]),
    ("stage_times.py", [], ["--docs", "200"]),
    ("ingest_throughput.py", ["--docs", "2000", "--dask-docs", "3000"], ["--docs", "500", "--no-dask"]),
    ("long_text.py", [], ["--articles", "20", "80"]),
    ("claims_precision.py", [], []),
    ("api_load.py", ["--events", "200000", "--duration", "20"], ["--events", "20000", "--duration", "5"]),
    ("serve_while_ingesting.py", [], ["--docs", "200", "--duration", "10"]),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller inputs: a smoke run of every benchmark")
    args = ap.parse_args()
    failed = []
    for script, full, quick in RUNS:
        print(f"\n=== {script}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *(quick if args.quick else full)])
        print(f"=== {script}: exit {code} after {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
