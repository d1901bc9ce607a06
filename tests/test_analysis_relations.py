"""Relations over time between two actors, and an actor's partners ranked, on a real store."""
from __future__ import annotations

import json

import pytest

from analysis_fixtures import demo_db  # noqa: F401  (fixture)
from conftest import ROOT
from diplograph.analysis.common import QUAD_WEIGHTS, QUADS, extended, rollup
from diplograph.analysis.relations import relations
from diplograph.store import Store


@pytest.fixture(scope="module")
def kaz_isr(kb, demo_db):
    with Store(demo_db, read_only=True) as store:
        return relations(store, kb, "KAZ", "ISR", period="year")


def test_timeline_holds_only_events_between_the_two(kb, kaz_isr):
    assert kaz_isr["timeline"]
    for row in kaz_isr["timeline"]:
        ev = {**row, "actor_countries": [], "recipient_countries": []}
        a_ext, r_ext = extended(kb, ev)
        both = a_ext | r_ext
        assert {"KAZ", "ISR"} <= both or {"KAZ", "ISR"} <= {rollup(kb, x, row["date"]) for x in both}
        assert {"id", "doc_id", "date", "event_type", "quad", "actor", "recipient", "quote", "story_id"} <= set(row)
    dates = [r["date"] or "~" for r in kaz_isr["timeline"]]
    assert dates == sorted(dates)


def test_persons_are_rolled_up_to_their_state(kaz_isr):
    persons_only = [r for r in kaz_isr["timeline"] if not {"KAZ", "ISR"} & set(r["actor"] + r["recipient"])]
    assert persons_only, "an event between Saar and Tokayev is an event between Israel and Kazakhstan"


def test_periods_count_stories_per_quad_with_a_bounded_score(kaz_isr):
    periods = kaz_isr["periods"]
    assert [p["period"] for p in periods][:2] == ["1992", "2025"]
    for p in periods:
        assert set(QUADS) <= set(p) and -1 <= p["score"] <= 1
        assert sum(p[q] for q in QUADS) + p["negated"] == p["stories"] <= p["events"]
    y1992 = periods[0]
    assert y1992["stories"] < y1992["events"], "ties of 1992 told by several documents count once"
    assert kaz_isr["weights"]["quad"] == QUAD_WEIGHTS and kaz_isr["total"]["score"] > 0


def test_month_period_and_date_range(kb, demo_db):
    with Store(demo_db, read_only=True) as store:
        monthly = relations(store, kb, "KAZ", "ISR", period="month", since="2025-01-01")
    assert monthly["periods"] and all(p["period"].startswith("2025-") for p in monthly["periods"])
    assert all((r["date"] or "") >= "2025" for r in monthly["timeline"])


def test_partners_ranked(kb, demo_db):
    with Store(demo_db, read_only=True) as store:
        result = relations(store, kb, "KAZ")
    partners = result["partners"]
    assert partners[0]["id"] == "ISR" and {"IDN", "USA"} <= {p["id"] for p in partners}
    assert [p["stories"] for p in partners] == sorted((p["stories"] for p in partners), reverse=True)
    for p in partners:
        assert {"id", "label", "kind", "events", "score", "first", "last"} <= set(p) and p["id"] != "KAZ"


def test_cli_relations(cli, demo_db):
    table = cli("relations", "Kazakhstan", "Israel", "--db", demo_db, check=True).stdout
    assert "Kazakhstan (KAZ) – Israel (ISR)" in table and "verbal-cooperation" in table and "Timeline" in table
    data = json.loads(cli("relations", "KAZ", "ISR", "--db", demo_db, "--format", "json", check=True).stdout)
    assert data["a"] == "KAZ" and data["b"] == "ISR" and data["periods"]
    partners = json.loads(cli("relations", "KAZ", "--db", demo_db, "--format", "json", check=True).stdout)
    assert partners["partners"][0]["id"] == "ISR"
    bad = cli("relations", "Atlantis", "--db", demo_db)
    assert bad.returncode == 2 and "unknown actor" in bad.stderr


def test_the_weights_are_documented():
    doc = (ROOT / "docs" / "relations.md").read_text(encoding="utf-8")
    for quad, weight in QUAD_WEIGHTS.items():
        assert quad in doc and f"{weight:+g}" in doc
