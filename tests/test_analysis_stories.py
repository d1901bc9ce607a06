"""Story clustering: one happening reported many times is one story with all its sources."""
from __future__ import annotations

import json

from diplograph.analysis.stories import cluster, compatible, stories
from diplograph.store import Store


def ev(i, date, actor=("KAZ",), recipient=(), kind="SUPPORT", aux=(), agreement="abraham-accords", doc=None, quote="q"):
    return {"id": f"e{i}", "doc_id": doc or f"d{i}", "event_type": kind, "quad": "verbal-cooperation",
            "actor": list(actor), "recipient": list(recipient), "actor_countries": [], "recipient_countries": [],
            "aux": list(aux), "agreement": agreement, "date": date, "quote": quote}


def test_date_compatibility():
    assert compatible("2020", "2020-09-15") and compatible("2025-11-06", "2025-11-07")
    assert not compatible("2025-11-06", "2025-11-08") and not compatible("2020", "2021")
    assert not compatible(None, "2020")


def test_reports_a_day_apart_are_one_story_and_a_chain_does_not_grow(kb):
    events = [ev(1, "2025-11-06"), ev(2, "2025-11-07"), ev(3, "2025-11-08"), ev(4, "2025-11-09")]
    got = cluster(kb, events)
    assert got["e1"] == got["e2"] != got["e3"] and got["e3"] == got["e4"]


def test_modality_category_and_sides_separate_stories(kb):
    events = [ev(1, "2025-11-07"), ev(2, "2025-11-07", aux=["negation"]), ev(3, "2025-11-07", kind="AGREE"),
              ev(4, "2025-11-07", actor=("KAZ", "ISR")), ev(5, "2025-11-07", aux=["historical"])]
    got = cluster(kb, events)
    assert len({got[f"e{i}"] for i in (1, 2, 3, 4)}) == 4 and got["e5"] == got["e1"]


def test_background_year_joins_the_dated_report_and_persons_roll_up(kb):
    events = [ev(1, "2020", actor=("ISR", "ARE")), ev(2, "2020-09-15", actor=("ARE", "ISR")),
              ev(3, "2025-11-06", actor=("kassym-jomart-tokayev",)), ev(4, "2025-11-07", actor=("KAZ",))]
    got = cluster(kb, events)
    assert got["e1"] == got["e2"] == "e2" and got["e3"] == got["e4"]


def test_undated_events_join_only_copies_of_their_sentence(kb):
    events = [ev(1, None, quote="Kazakhstan joins."), ev(2, None, quote="Kazakhstan  joins."),
              ev(3, None, quote="Another sentence.")]
    got = cluster(kb, events)
    assert got["e1"] == got["e2"] != got["e3"]


def test_syndicated_copies_in_a_store_are_one_story_with_every_source(cli, kb, tmp_path):
    text = ("ASTANA, Nov 7 (Wire) - Kazakhstan's foreign ministry confirmed on Friday that Kazakhstan joined the "
            "Abraham Accords. Israel and Kazakhstan signed a memorandum on water cooperation in Astana.")
    lines = [{"id": f"outlet-{i}", "text": text, "lang": "en", "date": "2025-11-07", "url": f"https://o{i}.example/a"}
             for i in range(3)]
    src = tmp_path / "wire.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    cli("ingest", str(src), "--db", db, "--near-duplicates", "0", check=True)
    with Store(db, read_only=True) as store:
        events = store.events_between(None)
        docs = store.documents_meta()
    assert len({e["doc_id"] for e in events}) == 3
    result = stories(kb, events, docs)
    assert len(result) * 3 == len(events)
    assert all(s["documents"] == 3 and {x["url"] for x in s["sources"]} == {f"https://o{i}.example/a" for i in range(3)}
               for s in result)
    rows = json.loads(cli("stories", "--db", db, "--format", "json", check=True).stdout)
    assert len(rows) == len(result) and rows[0]["documents"] == 3
