"""How long `diplograph extract` takes on one ~3 KB plain-text article, imports included.

Reports the median of several cold runs and, as a baseline measured in the same run, the
start-up of a bare Python interpreter; the target is < 1.5 s wall time.

    .venv/bin/python benchmarks/extract_startup.py [--runs 7]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = ("JAKARTA — Menteri Luar Negeri RI Sugiono bertemu mitranya dari Kazakhstan di Jakarta pada Kamis "
             "(6/11/2025). Kedua negara sepakat memperluas kerja sama di bidang energi, pertanian, dan teknologi. "
             "Indonesia juga mengecam serangan Israel terhadap Qatar dan mendesak Dewan Keamanan PBB bertindak. ")


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    exe = str(Path(sys.executable).with_name("diplograph"))
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "article.txt"
        text = PARAGRAPH * (3000 // len(PARAGRAPH) + 1)
        article.write_text(text[:3100], encoding="utf-8")
        bare = statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(args.runs))
        full = statistics.median(timed([exe, "extract", str(article)]) for _ in range(args.runs))
    print(f"python -c pass:            {bare * 1000:7.0f} ms (baseline)")
    print(f"diplograph extract (3 KB): {full * 1000:7.0f} ms  = {full / bare:.1f}x baseline; target < 1500 ms")


if __name__ == "__main__":
    main()
