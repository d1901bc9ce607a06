"""Sentences coded per second on one core, plain text, Indonesian and English (issue 4: >= 1,000/s).

Runs the whole per-document pipeline (clean, language, sentences, actors, dates, events) over the
development gold texts, repeated; the baseline in the same run is sentence splitting alone.

    .venv/bin/python benchmarks/coder_speed.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from diplograph.knowledge import load_knowledge
from diplograph.model import Source
from diplograph.pipeline import Pipeline
from diplograph.sentences import split_sentences

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    kb = load_knowledge()
    pipe = Pipeline(kb)
    for name in ("dev_id.jsonl", "dev_en.jsonl"):
        docs = [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        texts = [(d["text"], d.get("lang"), d.get("date")) for d in docs]
        for text, lang, date in texts[:3]:  # warm the caches (matchers, lexicons) outside the timing
            pipe.process(Source(path="w", text=text, lang=lang, date=date))
        start = time.perf_counter()
        sentences = events = 0
        for _ in range(args.repeat):
            for i, (text, lang, date) in enumerate(texts):
                doc = pipe.process(Source(path="b", text=text, id=str(i), lang=lang, date=date))
                sentences += len(doc.sentences)
                events += len(doc.events)
        full = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(args.repeat):
            for text, lang, _ in texts:
                split_sentences(text, kb, lang)
        floor = time.perf_counter() - start
        print(f"{name}: {sentences / full:8.0f} sentences/s end to end ({events / full:.0f} events/s); "
              f"splitting alone {sentences / floor:.0f}/s = {full / floor:.1f}x the floor")


if __name__ == "__main__":
    main()
