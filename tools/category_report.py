#!/usr/bin/env python3
"""Per-category precision and recall of `diplograph extract` on gold files, with the shared
scorer's own matching rules (imported from ../shared/tools/score_events.py, not copied).

    .venv/bin/python tools/category_report.py tests/gold/dev_id.jsonl tests/gold/dev_en.jsonl
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score_events.py"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--cmd", default=str(ROOT / ".venv" / "bin" / "diplograph"))
    ap.add_argument("--confidence", action="store_true", help="also report precision per confidence band")
    args = ap.parse_args()
    sc = load_scorer()
    tp, fp, fn = Counter(), Counter(), Counter()
    bands = defaultdict(lambda: [0, 0])
    for gold_path in args.gold:
        golds = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "in.jsonl"
            with corpus.open("w", encoding="utf-8") as out:
                for g in golds:
                    rec = {"id": g["doc"], "text": g.get("text") or (gold_path.parent.parent / g["file"]).read_text()}
                    for k in ("lang", "date"):
                        if g.get(k):
                            rec[k] = g[k]
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            rows = subprocess.run([args.cmd, "extract", str(corpus)], capture_output=True, text=True, check=True).stdout
        by_doc = defaultdict(list)
        for line in rows.splitlines():
            ev = json.loads(line)
            by_doc[ev["doc_id"]].append(ev)
        for g in golds:
            events = by_doc.get(g["doc"], [])
            if g.get("only_types") is not None:
                events = [e for e in events if e["event_type"] in g["only_types"]]
            used = set()
            order = sorted(range(len(g["events"])), key=lambda i: not g["events"][i].get("required", True))
            for gi in order:
                gold = g["events"][gi]
                hit = next((si for si, e in enumerate(events) if si not in used and sc.matches(e, gold)), None)
                if hit is not None:
                    used.add(hit)
                    if gold.get("required", True):
                        tp[events[hit]["event_type"]] += 1
                        bands[min(9, int(events[hit]["confidence"] * 10))][0] += 1
                elif gold.get("required", True):
                    fn[gold["event_type"]] += 1
            for si, e in enumerate(events):
                if si not in used:
                    fp[e["event_type"]] += 1
                    bands[min(9, int(e["confidence"] * 10))][1] += 1
    print(f"{'category':<10} {'P':>5} {'R':>5} {'F1':>5}   tp  fp  fn")
    for cat in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[cat] / (tp[cat] + fp[cat]) if tp[cat] + fp[cat] else 0.0
        r = tp[cat] / (tp[cat] + fn[cat]) if tp[cat] + fn[cat] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{cat:<10} {p:5.2f} {r:5.2f} {f:5.2f} {tp[cat]:4d} {fp[cat]:3d} {fn[cat]:3d}")
    if args.confidence:
        print("\nconfidence band: precision (matched / all)")
        for band in sorted(bands):
            ok, bad = bands[band]
            print(f"  {band / 10:.1f}-{(band + 1) / 10:.1f}: {ok / (ok + bad):.2f} ({ok}/{ok + bad})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
