"""The relations graph: loads in networkx, and its counts equal SQL counts over the events table."""
from __future__ import annotations

import json

import duckdb
import pytest

from analysis_fixtures import demo_db  # noqa: F401  (fixture)

nx = pytest.importorskip("networkx")

# An edge between two states counts the events where one is on the actor side and the other on the
# recipient side, or both are co-actors of reciprocal cooperation (no recipient): docs/relations.md.
EDGE_SQL = """
    SELECT count(*) FROM events WHERE
      (list_contains(list_concat(actor, actor_countries), $a) AND list_contains(list_concat(recipient, recipient_countries), $b))
   OR (list_contains(list_concat(actor, actor_countries), $b) AND list_contains(list_concat(recipient, recipient_countries), $a))
   OR (len(recipient) = 0 AND quad LIKE '%cooperation'
       AND list_contains(list_concat(actor, actor_countries), $a) AND list_contains(list_concat(actor, actor_countries), $b))
"""
NODE_SQL = "SELECT count(*) FROM events WHERE list_contains(list_concat(actor, recipient, actor_countries, recipient_countries), $n)"


@pytest.fixture(scope="module")
def files(cli, demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("graph")
    for fmt in ("graphml", "gexf", "json"):
        cli("graph", "--db", demo_db, "--format", fmt, "--output", str(out / f"g.{fmt}"), check=True)
    return out


def test_every_format_loads_in_networkx_with_the_same_graph(files):
    g1 = nx.read_graphml(files / "g.graphml")
    g2 = nx.read_gexf(files / "g.gexf")
    g3 = nx.node_link_graph(json.loads((files / "g.json").read_text()), edges="edges")
    assert g1.number_of_edges() > 10
    assert {frozenset(e) for e in g1.edges} == {frozenset(e) for e in g2.edges} == {frozenset(e) for e in g3.edges}
    assert g1.nodes["KAZ"]["kind"] == "country" and g1.nodes["KAZ"]["label"] == "Kazakhstan"
    for u, v, data in g1.edges(data=True):
        assert data["stories"] <= data["events"] and -1 <= data["score"] <= 1
        assert ("first" in data) == ("last" in data) and data.get("first", "") <= data.get("last", "")
        assert g2.edges[u, v]["events"] == data["events"] == g3.edges[u, v]["events"]


def test_counts_equal_sql_counts_over_the_events_table(files, demo_db, kb):
    g = nx.read_graphml(files / "g.graphml")
    countries = [n for n, d in g.nodes(data=True) if d["kind"] == "country"]
    with duckdb.connect(demo_db, read_only=True) as con:
        checked = 0
        for u, v, data in g.edges(data=True):
            if u in countries and v in countries:
                assert con.execute(EDGE_SQL, {"a": u, "b": v}).fetchall()[0][0] == data["events"], (u, v)
                checked += 1
        for n in countries:
            assert con.execute(NODE_SQL, {"n": n}).fetchall()[0][0] == g.nodes[n]["events"], n
    assert checked >= 10
    assert g.edges["ISR", "KAZ"]["events"] >= 10


def test_filters(cli, demo_db):
    since = json.loads(cli("graph", "--db", demo_db, "--format", "json", "--since", "2025-01-01", check=True).stdout)
    assert all(e["first"] >= "2025" for e in since["edges"])
    ego = json.loads(cli("graph", "--db", demo_db, "--format", "json", "--actor", "KAZ", check=True).stdout)
    assert any("KAZ" in (e["source"], e["target"]) for e in ego["edges"])
    assert "eu" not in {n["id"] for n in ego["nodes"]} and "RUS" not in {n["id"] for n in ego["nodes"]}
    conflict = json.loads(cli("graph", "--db", demo_db, "--format", "json", "--category", "COERCE", check=True).stdout)
    assert all(e["quads"]["material-conflict"] + e["negated"] == e["stories"] for e in conflict["edges"])


def test_export_writes_events_with_story_ids_and_documents(cli, demo_db, tmp_path):
    with duckdb.connect(demo_db, read_only=True) as con:
        n_events, n_docs = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM documents)").fetchall()[0]
    for fmt in ("parquet", "csv", "jsonl"):
        out = tmp_path / fmt
        cli("export", "--db", demo_db, "--format", fmt, "--output", str(out), check=True)
        if fmt == "jsonl":
            events = [json.loads(x) for x in (out / "events.jsonl").read_text().splitlines()]
            docs = (out / "documents.jsonl").read_text().splitlines()
            assert len(events) == n_events and len(docs) == n_docs and all(e["story_id"] for e in events)
            continue
        reader = "read_parquet" if fmt == "parquet" else "read_csv"
        with duckdb.connect() as con:
            got = con.execute(f"SELECT count(*), count(story_id), count(DISTINCT story_id) FROM {reader}(?)",
                              [str(out / f"events.{fmt}")]).fetchall()[0]
            docs = con.execute(f"SELECT count(*) FROM {reader}(?)", [str(out / f"documents.{fmt}")]).fetchall()[0][0]
        assert got[0] == got[1] == n_events and got[2] < n_events and docs == n_docs
