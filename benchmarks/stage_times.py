"""Where one document's time goes: each stage of the pipeline timed over a generated corpus of
plain-text articles (make_corpus.py), in one process, as ms per document and share of the total.

    .venv/bin/python benchmarks/stage_times.py [--docs 500]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # noqa: E402

from diplograph.actors.resolve import find_mentions  # noqa: E402
from diplograph.analysis.claims import check_document  # noqa: E402
from diplograph.dates import dateline, find_dates  # noqa: E402
from diplograph.events.coder import code_document  # noqa: E402
from diplograph.language import detect_language  # noqa: E402
from diplograph.minhash import signature  # noqa: E402
from diplograph.model import Source  # noqa: E402
from diplograph.pipeline import Pipeline  # noqa: E402
from diplograph.sentences import split_sentences  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=500)
    args = ap.parse_args()
    pipe = Pipeline.default()
    texts = [make_corpus.text_of(d) for d in make_corpus.documents(args.docs, dups=0.0)]
    pipe.process(Source(path="<warm-up>", text=texts[0]))  # warm: matchers, lexicons, rules
    spent: dict[str, float] = {}

    def timed(name: str, fn, *a):
        t = time.perf_counter()
        out = fn(*a)
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return out

    kb = pipe.kb
    sentences = 0
    start = time.perf_counter()
    for text in texts:
        doc = timed("clean + id", pipe.prepare, Source(path="<bench>", text=text))
        timed("minhash", signature, doc.text)
        doc.lang = timed("language", detect_language, doc.text, kb)
        doc.date = timed("dateline", dateline, doc.text, kb, doc.lang)
        doc.sentences = timed("sentences", split_sentences, doc.text, kb, doc.lang)
        doc.mentions = timed("actors", find_mentions, doc, kb)
        dates = timed("dates", find_dates, doc.text, kb, doc.lang, doc.date)
        doc.events = timed("events", code_document, doc, kb, dates)
        doc.findings = timed("claims", check_document, doc, kb)
        sentences += len(doc.sentences)
    total = time.perf_counter() - start
    print(f"{len(texts)} documents, {sentences} sentences, {total:.2f} s: "
          f"{len(texts) / total:.0f} documents/s, {sentences / total:.0f} sentences/s (store not included)")
    for name, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:12s} {secs / len(texts) * 1000:6.2f} ms/doc  {secs / total:6.1%}")


if __name__ == "__main__":
    main()
