"""Loading the knowledge base and matching names.

Targets (issue 3): load every knowledge file and build the matcher in < 1 s and < 300 MB;
match a 5,000-word text in < 10 ms. Baseline in the same run: a plain `str.count` scan of the
same text for one name, the cheapest possible look at it.

    .venv/bin/python benchmarks/knowledge_matcher.py
"""
from __future__ import annotations

import resource
import statistics
import time

WORDS = ("Presiden Kazakhstan Kassym-Jomart Tokayev bertemu Menlu RI Sugiono di Astana untuk membahas kerja sama "
         "energi dengan Uni Emirat Arab, Israel dan Amerika Serikat; PBB dan ASEAN menyambut baik langkah itu. ").split()


def main() -> None:
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    from diplograph.actors.matcher import build_matcher
    from diplograph.knowledge import load_knowledge

    from diplograph.knowledge import _parse

    cold_start = time.perf_counter()
    _parse(())  # every file parsed and validated, as on a first run or after an edit
    cold = time.perf_counter() - cold_start
    t0 = time.perf_counter()
    kb = load_knowledge()  # the per-user cache written after a parse
    t1 = time.perf_counter()
    matchers = {lang: build_matcher(kb, lang) for lang in ("id", "en")}
    t2 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = " ".join(WORDS[i % len(WORDS)] for i in range(5000))
    runs = []
    for _ in range(30):
        s = time.perf_counter()
        hits = matchers["id"].find(text)
        runs.append(time.perf_counter() - s)
    base = []
    for _ in range(30):
        s = time.perf_counter()
        text.count("Kazakhstan")
        base.append(time.perf_counter() - s)
    match, floor = statistics.median(runs), statistics.median(base)
    print(f"knowledge: {len(kb.actors)} actors from {len(kb.files)} files")
    print(f"parse + validate files:  {1000 * cold:7.1f} ms (cold: first run, or after a knowledge file changed)")
    print(f"load knowledge (cached): {1000 * (t1 - t0):7.1f} ms")
    print(f"build id+en matchers:    {1000 * (t2 - t1):7.1f} ms   load+build total {1000 * (t2 - t0):.0f} ms (target < 1000)")
    print(f"peak memory:             {rss / 1024:7.1f} MB (was {rss0 / 1024:.1f} MB before loading; target < 300)")
    print(f"match 5,000 words:       {1000 * match:7.2f} ms, {len(hits)} hits (target < 10 ms); "
          f"str.count baseline {1000 * floor:.3f} ms = {match / floor:.0f}x")


if __name__ == "__main__":
    main()
