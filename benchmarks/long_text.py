"""Coding time against a text's length: one document made of N generated articles, for growing N;
reports microseconds per character and the ratio of the largest to the smallest (1.0 = linear).

    .venv/bin/python benchmarks/long_text.py [--articles 50 200 400]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # noqa: E402

from diplograph.model import Source  # noqa: E402
from diplograph.pipeline import Pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[50, 200, 400])
    args = ap.parse_args()
    pipe = Pipeline.default()
    texts = [make_corpus.text_of(d) for d in make_corpus.documents(max(args.articles), dups=0.0)]
    pipe.process(Source(path="<warm-up>", text=texts[0]))
    per_char = []
    for n in sorted(args.articles):
        text = "\n\n".join(texts[:n])
        start = time.perf_counter()
        doc = pipe.process(Source(path="<long>", text=text))
        spent = time.perf_counter() - start
        per_char.append(spent / len(text) * 1e6)
        print(f"{n:4d} articles, {len(text):9,d} characters: {spent:6.2f} s, {per_char[-1]:.2f} µs/character, "
              f"{len(doc.events)} events")
    print(f"largest/smallest time per character: {per_char[-1] / per_char[0]:.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()
