"""The store queries added for the HTTP API: `event_page` walks exactly the rows of `events` in the
same order (and in reverse), whatever the filters, page size, undated events and ties on a date."""
from __future__ import annotations

import random

import duckdb
import pytest

from diplograph.model import CATEGORIES, QUAD
from diplograph.store import EVENT_COLUMNS, Store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "pages.duckdb"
    Store(path).close()
    rng = random.Random(5)
    countries = ["KAZ", "ISR", "IDN", "USA", "ARE"]
    dates = [None, "2020", "2020-09", "2020-09-15", "2025-11-06", "2025-11-07", "2025-11-07", "2026-01-27"]
    rows = []
    for i in range(700):
        cat = rng.choice(CATEGORIES)
        a, b = rng.choice(countries), rng.choice(countries)
        rows.append([f"{rng.getrandbits(64):016x}{i:04d}", f"doc{i // 5}", i % 5, cat, None, QUAD[cat], [], [], [a], [b],
                     [a], [b], rng.choice([None, "abraham-accords"]), [], rng.choice(dates), None,
                     f"{a} and {b} quote {rng.choice(['energy', 'Water', 'trade'])}", 0, 10, 0.5, "t",
                     rng.choice(["en", "id"])])
    con = duckdb.connect(str(path))
    con.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})", rows)
    con.close()
    s = Store(path, read_only=True)
    yield s
    s.close()


def walk(store, size, descending=False, **filters):
    out, after = [], None
    for _ in range(10_000):
        page = store.event_page(limit=size, after=after, descending=descending, **filters)
        out += page
        if len(page) < size:
            return out
        after = (page[-1]["date"], page[-1]["id"])
    raise AssertionError("no end")


@pytest.mark.parametrize("filters", [{}, {"actor": "KAZ"}, {"recipient": "ISR", "category": "SUPPORT"},
                                     {"since": "2020-09", "until": "2025-11"}, {"text": "water"}, {"lang": "id"},
                                     {"agreement": "abraham-accords", "quad": "verbal-cooperation"}])
@pytest.mark.parametrize("size", [1, 3, 50, 1000])
def test_pages_are_the_events_in_order(store, filters, size):
    expected = [e["id"] for e in store.events(limit=10**6, **filters)]
    assert expected
    assert [e["id"] for e in walk(store, size, **filters)] == expected
    assert [e["id"] for e in walk(store, size, descending=True, **filters)] == expected[::-1]


def test_participant_count_and_lookups(store):
    either = {e["id"] for e in store.events(limit=10**6, actor="KAZ")} | \
        {e["id"] for e in store.events(limit=10**6, recipient="KAZ")}
    assert {e["id"] for e in walk(store, 40, participant="KAZ")} == either
    assert store.count_events(participant="KAZ") == len(either)
    assert store.count_events() == 700
    some = store.events(limit=5)
    assert store.events_by_id([some[3]["id"], "nope", some[0]["id"]]) == [some[3], some[0]]
    assert store.event(some[1]["id"]) == some[1] and store.event("nope") is None
    months = store.quad_timeline("month")
    assert sum(r["events"] for r in months) == 700 and {r["period"] for r in months} >= {None, "2020", "2020-09"}
    assert {r["period"] for r in store.quad_timeline("year")} == {None, "2020", "2025", "2026"}
