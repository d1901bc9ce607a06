"""Precision and recall of the claim checker on its development set (tests/gold/claims-dev.jsonl).

Each line: `id`, either `file` (relative to the repository) or inline `text` with `lang`, the
publication `date` (null: the file's own), and `expect`: the findings that should be reported,
each a `kind` and a `quote` the finding's span must overlap. A reported finding that overlaps
no expected one of its kind is a false positive.

    .venv/bin/python benchmarks/claims_precision.py [tests/gold/claims-dev.jsonl] [-v]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def evaluate(path: Path = ROOT / "tests" / "gold" / "claims-dev.jsonl", verbose: bool = False) -> dict:
    from diplograph.analysis.claims import check_document
    from diplograph.model import Source
    from diplograph.pipeline import Pipeline

    pipeline = Pipeline.default()
    tp = fp = fn = 0
    per_kind: dict[str, dict[str, int]] = {}
    errors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if "file" in item:
            target = (ROOT / item["file"]).resolve()
            if not target.exists():
                continue
            docs = [d for d in pipeline.run_paths([str(target)], date=item.get("date")) if hasattr(d, "text")]
        else:
            docs = [pipeline.process(Source(path=item["id"], text=item["text"], lang=item.get("lang"),
                                            date=item.get("date")))]
        expected = [dict(e, found=False) for e in item.get("expect", [])]
        for doc in docs:
            for f in check_document(doc, pipeline.kb):
                k = per_kind.setdefault(f["kind"], {"tp": 0, "fp": 0, "fn": 0})
                hit = None
                for e in expected:
                    at = doc.text.find(e["quote"])
                    if e["kind"] == f["kind"] and at >= 0 and f["start"] < at + len(e["quote"]) and at < f["end"]:
                        hit = e
                        break
                if hit and not hit["found"]:
                    hit["found"] = True
                    tp += 1
                    k["tp"] += 1
                elif not hit:
                    fp += 1
                    k["fp"] += 1
                    errors.append(f"FP {item['id']}: {f['kind']} {f['quote']!r} — {f['claim']} / {f['fact']}")
        for e in expected:
            if not e["found"]:
                fn += 1
                per_kind.setdefault(e["kind"], {"tp": 0, "fp": 0, "fn": 0})["fn"] += 1
                errors.append(f"FN {item['id']}: {e['kind']} {e['quote']!r}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    if verbose:
        for e in errors:
            print(e, file=sys.stderr)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3),
            "per_kind": per_kind}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(ROOT / "tests" / "gold" / "claims-dev.jsonl"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list false positives and misses")
    args = ap.parse_args()
    print(json.dumps(evaluate(Path(args.gold), args.verbose)))


if __name__ == "__main__":
    main()
