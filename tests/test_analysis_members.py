"""Memberships: knowledge-base facts merged with stored evidence; candidates apart."""
from __future__ import annotations

import json

from analysis_fixtures import demo_db  # noqa: F401  (fixture)
from conftest import SHARED, needs_shared
from diplograph.analysis.members import members
from diplograph.store import Store

FACTS = SHARED / "reference" / "facts-abraham-accords.json"
EXPECTED = {"ISR": "2020-09-15", "ARE": "2020-09-15", "BHR": "2020-09-15", "MAR": "2020-12-22", "SDN": "2021-01-06",
            "KAZ": "2025-11-06"}


def test_members_json_lists_the_parties_with_dates_and_sources(cli, demo_db):
    rows = json.loads(cli("members", "abraham-accords", "--db", demo_db, "--format", "json", check=True).stdout)
    got = {r["member"]: r for r in rows}
    for member, since in EXPECTED.items():
        assert got[member]["since"] == since, got[member]
        assert got[member]["role"] == "party" and got[member]["sources"]
        assert got[member]["sources"][0].startswith(f"kb:abraham-accords#{member} http")
    assert "2020" <= got["ARE"]["announced"] < "2021" and got["KAZ"]["announced"] == "2025-11-06"
    # stored documents back the members, each with the quote it was read from
    assert got["KAZ"]["documents"] and all(e["quote"] and e["doc_id"] for e in got["KAZ"]["evidence"])
    assert any("Kazakhstan" in e["quote"] for e in got["KAZ"]["evidence"])
    assert got["USA"]["role"] == "supporter"
    assert not {"SAU", "IDN"} & set(got), "candidates are never members"


def test_candidates_are_apart_with_their_modality_and_quotes(cli, demo_db):
    rows = json.loads(cli("members", "abraham-accords", "--db", demo_db, "--candidates", "--format", "json",
                          check=True).stdout)
    got = {r["member"]: r for r in rows}
    assert {"SAU", "IDN"} <= set(got)
    assert not set(EXPECTED) & set(got)
    saudi = got["SAU"]
    assert saudi["stance"] == "conditional" and {"condition", "desire"} <= set(saudi["modality"])
    assert any("wants to" in s["quote"] for s in saudi["sources"])
    indonesia = got["IDN"]
    assert "negation" in indonesia["modality"]
    assert any("tidak akan menormalisasi" in s["quote"] for s in indonesia["sources"])
    for cand in rows:
        assert cand["sources"] and all(s["doc_id"] and s["quote"] for s in cand["sources"])


def test_table_shows_members_then_candidates(cli, demo_db):
    out = cli("members", "abraham-accords", "--db", demo_db, check=True).stdout
    head, _, tail = out.partition("candidates (not members):")
    assert "KAZ" in head and "2025-11-06" in head and "SAU" in tail and "SAU" not in head


def test_python_api_without_a_store_is_the_knowledge_base_alone(kb):
    result = members("abraham-accords", kb)
    assert {m["member"] for m in result["members"]} >= set(EXPECTED) and result["candidates"] == []
    assert all(m["status"] == "kb" and m["kb"][0]["sources"] for m in result["members"])


def test_news_alone_never_makes_a_refusal_a_member(kb, demo_db):
    with Store(demo_db, read_only=True) as store:
        result = members("abraham-accords", kb, store)
    reported = [m for m in result["members"] if m["status"] == "reported"]
    assert all(m["member"] not in {"SAU", "IDN", "UZB", "AZE"} for m in reported)


@needs_shared(FACTS)
def test_knowledge_base_agrees_with_the_shared_facts(kb):
    facts = {f["id"]: f for f in json.loads(FACTS.read_text(encoding="utf-8"))}
    spells = {m.member: m for m in kb.actor("abraham-accords").members}
    pairs = {"AA-UAE-announce": ("ARE", "announced"), "AA-BHR-announce": ("BHR", "announced"),
             "AA-SDN-announce": ("SDN", "announced"), "AA-MAR-announce": ("MAR", "announced"),
             "AA-MAR-jointdecl": ("MAR", "since"), "AA-SDN-sign": ("SDN", "since"),
             "AA-KAZ-announce": ("KAZ", "announced"), "AA-sign-WH": ("ARE", "since")}
    for fact_id, (member, field) in pairs.items():
        assert getattr(spells[member], field) == facts[fact_id]["date"], fact_id
    assert spells["BHR"].since == spells["ISR"].since == facts["AA-sign-WH"]["date"]
    trump = [o for o in kb.actor("donald-trump").offices if o.office == "president"]
    assert {(o.start, o.end) for o in trump} == {(facts["US-pres-T1"]["start"], facts["US-pres-T1"]["end"]),
                                                 (facts["US-pres-T2"]["start"], None)}
    biden = [o for o in kb.actor("joe-biden").offices if o.office == "president"]
    assert (biden[0].start, biden[0].end) == (facts["US-pres-B"]["start"], facts["US-pres-B"]["end"])
