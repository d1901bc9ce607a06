#!/usr/bin/env python3
"""Calibrate event confidence on the development gold sets.

Runs `diplograph extract` on each gold file, matches its events with the shared scorer's rules,
and writes src/diplograph/data/calibration.yaml: for each evidence key (the features an event
was coded with, see events/coder.py: evidence_key) the share of such events that matched a gold
event, smoothed toward the overall share; and for each key and category seen often enough
("KEY|CATEGORY"), that pair's share smoothed toward the key's. Run it again after changing the coder or lexicons:

    .venv/bin/python tools/calibrate.py tests/gold/dev_id.jsonl tests/gold/dev_en.jsonl tests/gold/dev_es.jsonl
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from category_report import ROOT, load_scorer  # noqa: E402

OUT = ROOT / "src" / "diplograph" / "data" / "calibration.yaml"
SMOOTHING = 4.0  # pseudo-events pulling a rare key toward the overall precision
MIN_CATEGORY = 5  # events of one key and category before that pair gets its own figure
CATEGORY_SMOOTHING = 8.0  # pseudo-events pulling a pair toward its key (held out, fewer overfit 6/6 cells)
# standard errors taken off each share: a figure seen on few events is promised less, so that
# "confidence >= 0.8" stays >= 80 % right on text the sets have not seen (checked on tests/gold/holdout_*)
CAUTION = 0.5


def cautious(right: float, total: float) -> float:
    share = right / total
    return round(max(0.0, share - CAUTION * math.sqrt(share * (1 - share) / total)), 2)


def outcomes(gold_path: Path, cmd: str, sc) -> list[tuple[str, bool]]:
    golds = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for g in golds:
                rec = {"id": g["doc"], "text": g["text"], **{k: g[k] for k in ("lang", "date") if g.get(k)}}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        rows = subprocess.run([cmd, "extract", str(corpus)], capture_output=True, text=True, check=True).stdout
    by_doc: dict[str, list[dict]] = {}
    for line in rows.splitlines():
        ev = json.loads(line)
        by_doc.setdefault(ev["doc_id"], []).append(ev)
    result = []
    for g in golds:
        events = by_doc.get(g["doc"], [])
        used: dict[int, bool] = {}
        for gold in sorted(g["events"], key=lambda e: not e.get("required", True)):
            for si, ev in enumerate(events):
                if si not in used and sc.matches(ev, gold):
                    used[si] = gold.get("required", True)
                    break
        for si, ev in enumerate(events):
            if used.get(si) is False:
                continue  # matched an optional gold event: neither right nor wrong
            result.append((ev.get("evidence", ""), ev.get("event_type", ""), si in used))
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--cmd", default=str(ROOT / ".venv" / "bin" / "diplograph"))
    args = ap.parse_args()
    sc = load_scorer()
    OUT.write_text("version: 1\nconfidence: {}\n", encoding="utf-8")  # calibrate the raw scores
    seen: list[tuple[str, str, bool]] = []
    for path in args.gold:
        seen += outcomes(path, args.cmd, sc)
    total, right = Counter(k for k, _, _ in seen), Counter(k for k, _, ok in seen if ok)
    overall = sum(right.values()) / max(1, len(seen))
    table = {k: cautious(right[k] + SMOOTHING * overall, total[k] + SMOOTHING) for k in sorted(total)}
    # the same evidence is more reliable for some categories than others (a "met" is often a
    # meeting told again, an "accused" rarely wrong): a category's share, smoothed toward its key's
    by_cat = Counter(f"{k}|{c}" for k, c, _ in seen)
    right_cat = Counter(f"{k}|{c}" for k, c, ok in seen if ok)
    for kc in sorted(by_cat):
        if by_cat[kc] >= MIN_CATEGORY:
            prior = (right[kc.split("|")[0]] + SMOOTHING * overall) / (total[kc.split("|")[0]] + SMOOTHING)
            table[kc] = cautious(right_cat[kc] + CATEGORY_SMOOTHING * prior, by_cat[kc] + CATEGORY_SMOOTHING)
            total[kc], right[kc] = by_cat[kc], right_cat[kc]
    table = dict(sorted(table.items()))
    lines = ["# Written by tools/calibrate.py: confidence = precision observed on the development sets", 
             f"# for events with this evidence ({len(seen)} events, overall precision {overall:.2f}).",
             "version: 1", "confidence:"]
    lines += [f"  {json.dumps(k)}: {v}  # {right[k]}/{total[k]}" for k, v in table.items()]
    lines.append(f'  "*": {round(overall / 0.75, 2)}  # raw-score scale for evidence never seen')
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    high = [ok for k, c, ok in seen if table.get(f"{k}|{c}", table[k]) >= 0.8]
    print(f"{len(table)} evidence keys, overall precision {overall:.2f}; events at confidence >= 0.8: "
          f"{len(high)}, right {sum(high) / max(1, len(high)):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
