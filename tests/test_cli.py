"""The command line end to end, on real files and a real DuckDB store."""
from __future__ import annotations

import json

import duckdb
import pytest

import diplograph
from conftest import CORPUS, SEED, needs_shared

SPEC_FIELDS = {"doc_id", "path", "lang", "event_type", "mode", "contexts", "aux", "actor", "recipient",
               "actor_countries", "recipient_countries", "agreement", "sectors", "date", "date_precision",
               "quote", "start", "end", "confidence"}
ARTICLE = ("JAKARTA — Indonesia dan Kazakhstan menandatangani nota kesepahaman kerja sama energi pada "
           "Kamis (6/11/2025). Turki mengecam Israel atas serangan ke Doha.\n")


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "berita.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_help_on_every_command(cli):
    for command in ("extract", "mentions", "ingest", "events", "members", "summary", "kb"):
        proc = cli(command, "--help")
        assert proc.returncode == 0 and "usage:" in proc.stdout


def test_extract_prints_the_output_contract(cli, article):
    rows = jsonl(cli("extract", str(article), "--date", "2025-11-07", check=True).stdout)
    assert rows and all(SPEC_FIELDS <= set(r) for r in rows)
    text = ARTICLE.strip()
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"] and r["lang"] == "id"
    signed = [r for r in rows if r["event_type"] == "SUPPORT"]
    assert signed and sorted(signed[0]["actor"]) == ["IDN", "KAZ"] and "energy" in signed[0]["sectors"]
    assert signed[0]["date"] == "2025-11-06" and signed[0]["date_precision"] == "day"
    assert any(r["event_type"] == "ACCUSE" and r["actor"] == ["TUR"] and r["recipient"] == ["ISR"] for r in rows)


def test_extract_formats(cli, article):
    as_json = json.loads(cli("extract", str(article), "--format", "json", check=True).stdout)
    table = cli("extract", str(article), "--format", "table", check=True).stdout
    assert isinstance(as_json, list) and as_json
    assert table.splitlines()[0].split()[:2] == ["doc_id", "event_type"]


def test_python_api_returns_the_cli_records(cli, article):
    from_cli = jsonl(cli("extract", str(article), check=True).stdout)
    from_api = diplograph.extract(ARTICLE)
    strip = lambda rows: [{k: v for k, v in r.items() if k != "path"} for r in rows]  # noqa: E731
    assert strip(from_api) == strip(from_cli)


def test_mentions(cli, article):
    rows = jsonl(cli("mentions", str(article), check=True).stdout)
    assert {"IDN", "KAZ", "TUR", "ISR", "QAT"} <= {r["id"] for r in rows}
    assert all(set(r) >= {"doc_id", "id", "text", "start", "end", "kind"} for r in rows)


def test_bad_paths_fail_clearly_and_the_batch_goes_on(cli, article, tmp_path):
    proc = cli("extract", str(tmp_path / "nope.txt"), str(article))
    assert proc.returncode == 1
    assert "nope.txt: no such file" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert jsonl(proc.stdout)


def test_ingest_is_idempotent_on_a_real_store(cli, article, tmp_path):
    db = tmp_path / "store.duckdb"
    first = cli("ingest", str(article), str(CORPUS), "--db", str(db), check=True)
    with duckdb.connect(str(db), read_only=True) as con:
        docs, evs = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)").fetchone()
    cli("ingest", str(article), str(CORPUS), "--db", str(db), check=True)
    with duckdb.connect(str(db), read_only=True) as con:
        again = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)").fetchone()
    assert docs >= 13 and evs > 0 and again == (docs, evs)
    assert "new in" in first.stderr


def test_events_filters(cli, article, tmp_path):
    db = str(tmp_path / "f.duckdb")
    cli("ingest", str(article), "--db", db, "--date", "2025-11-07", check=True)
    accuse = jsonl(cli("events", "--db", db, "--category", "ACCUSE", "--format", "jsonl", check=True).stdout)
    assert accuse and all(r["event_type"] == "ACCUSE" for r in accuse)
    by_actor = jsonl(cli("events", "--db", db, "--actor", "TUR", "--format", "jsonl", check=True).stdout)
    assert by_actor and all("TUR" in r["actor"] + r["actor_countries"] for r in by_actor)
    assert jsonl(cli("events", "--db", db, "--since", "2030", "--format", "jsonl", check=True).stdout) == []
    assert jsonl(cli("events", "--db", db, "--lang", "en", "--format", "jsonl", check=True).stdout) == []


def test_events_on_a_missing_store_is_a_clear_error(cli, tmp_path):
    proc = cli("events", "--db", str(tmp_path / "none.duckdb"))
    assert proc.returncode == 2 and "no such database" in proc.stderr


def test_summary_and_members(cli, tmp_path):
    db = str(tmp_path / "demo.duckdb")
    cli("ingest", str(CORPUS), "--db", db, check=True)
    out = cli("summary", "--db", db, check=True).stdout
    assert "documents" in out and "Events per category" in out and "Members of the Abraham Accords" in out
    members = json.loads(cli("members", "abraham-accords", "--db", db, "--format", "json", check=True).stdout)
    got = {m["member"]: m for m in members}
    assert {"ISR", "ARE", "BHR", "MAR", "SDN", "KAZ"} <= set(got)
    assert got["KAZ"]["since"] == "2025-11-06" and all(m["sources"] for m in members)


@needs_shared(SEED)
def test_seed_article_runs(cli):
    rows = jsonl(cli("extract", str(SEED), check=True).stdout)
    assert any(r["event_type"] == "SUPPORT" and "KAZ" in r["actor"] and r["agreement"] == "abraham-accords"
               for r in rows)


def test_doctor_passes_a_clean_store_and_names_damage(cli, article, tmp_path):
    db = str(tmp_path / "d.duckdb")
    cli("ingest", str(article), "--db", db, check=True)
    ok = cli("doctor", "--db", db)
    assert ok.returncode == 0 and "consistent" in ok.stdout
    with duckdb.connect(db) as con:  # damage it the way a foreign writer could
        con.execute("DELETE FROM documents")
    bad = cli("doctor", "--db", db, "--format", "json")
    report = {r["check"]: r for r in json.loads(bad.stdout)}
    assert bad.returncode == 1 and not report["events belong to stored documents"]["ok"]
    assert report["events belong to stored documents"]["advice"]
