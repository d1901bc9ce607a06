"""Checks of the organisation, group and agreement knowledge files.

Standard library + PyYAML only, so it runs before the package itself exists.
Files: src/diplograph/data/actors/{organizations,groups,agreements}.yaml
(format: docs/knowledge-format.md).
"""
from __future__ import annotations

import datetime as dt
import json
import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
ACTORS = ROOT / "src" / "diplograph" / "data" / "actors"
FILES = {
    "organizations.yaml": "organization",
    "groups.yaml": "group",
    "agreements.yaml": "agreement",
}
# shared/ lies beside the repository (in CI too); the facts check is skipped without it.
FACTS = ROOT.parent / "shared" / "reference" / "facts-abraham-accords.json"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^(?:[a-z]{2,3}|xx)$")
QID = re.compile(r"^Q[1-9][0-9]*$")
URL = re.compile(r"^https?://[^\s]+$")
PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

# ISO 3166-1 alpha-3 (249 codes) plus XKX for Kosovo.
ISO3 = set(
    """ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA
    BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV
    CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI
    ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD
    GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY
    JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF
    MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM
    NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT
    PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD
    STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN
    TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX""".split()
)
assert len(ISO3) == 250


def _load(name: str) -> dict:
    with open(ACTORS / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict]]:
    return {name: _load(name)["actors"] for name in FILES}


@pytest.fixture(scope="module")
def by_id(data) -> dict[str, dict]:
    return {rec["id"]: rec for recs in data.values() for rec in recs}


@pytest.fixture(scope="module")
def org_ids(data) -> set[str]:
    return {rec["id"] for rec in data["organizations.yaml"]}


def _is_date(value) -> bool:
    if isinstance(value, dt.date):
        return True
    if isinstance(value, str) and PARTIAL_DATE.match(value):
        parts = [int(p) for p in value.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            return False
        return True
    return False


def _as_date(value):
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _names(rec) -> list[str]:
    return [n for names in rec["names"].values() for n in names]


# ---------------------------------------------------------------- shape


@pytest.mark.parametrize("name,kind", sorted(FILES.items()))
def test_file_shape(name, kind):
    doc = _load(name)
    assert doc["version"] == 1
    assert isinstance(doc["actors"], list) and doc["actors"]
    for rec in doc["actors"]:
        where = f"{name}: {rec.get('id')}"
        assert rec.get("kind") == kind, where
        names = rec.get("names")
        assert isinstance(names, dict) and names.get("en"), f"{where}: needs English names"
        for lang, values in names.items():
            assert LANG.match(lang), f"{where}: language code {lang!r}"
            assert isinstance(values, list) and values, f"{where}: {lang} names must be a list"
            for value in values:
                assert isinstance(value, str) and value.strip() == value and value, (
                    f"{where}: bad name {value!r} ({lang})"
                )
            # case variants are allowed (short all-caps names match case-sensitively)
            assert len(set(values)) == len(values), f"{where}: duplicate {lang} name"
        ambiguous = rec.get("ambiguous", [])
        assert isinstance(ambiguous, list) and all(isinstance(a, str) and a for a in ambiguous), where
        assert not set(ambiguous) & set(_names(rec)), f"{where}: a name is both plain and ambiguous"
        assert isinstance(rec.get("provenance", ""), str), where


def test_ids_unique_and_slugs(data):
    seen: dict[str, str] = {}
    for name, recs in data.items():
        for rec in recs:
            rid = rec["id"]
            assert SLUG.match(rid), f"{name}: id {rid!r} is not a lower-case ASCII slug"
            assert rid not in seen, f"id {rid!r} in both {seen[rid]} and {name}"
            seen[rid] = name


def test_ids_do_not_collide_with_other_actor_files(data):
    mine = {rec["id"] for recs in data.values() for rec in recs}
    for path in sorted(ACTORS.iterdir()):
        if path.name in FILES or path.suffix not in {".yaml", ".yml", ".json"}:
            continue
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh) if path.suffix == ".json" else yaml.safe_load(fh)
        others = {rec.get("id") for rec in (doc or {}).get("actors", [])}
        assert not mine & others, f"{path.name} reuses ids {sorted(mine & others)}"


def test_required_ids_and_counts(data, by_id):
    counts = {name: len(recs) for name, recs in data.items()}
    assert counts["organizations.yaml"] >= 70
    assert counts["agreements.yaml"] >= 32
    assert counts["groups.yaml"] >= 15
    required = """un un-security-council un-general-assembly unhcr unicef unrwa who wfp iaea icc icj imf
    world-bank wto unesco ilo fao ohchr un-human-rights-council undp eu european-commission
    european-parliament asean oic arab-league gcc african-union sco brics nato csto eaeu opec
    opec-plus g7 g20 apec osce council-of-europe interpol red-cross msf amnesty-international
    human-rights-watch cis ecowas saarc mercosur oas d-8 cica turkic-states non-aligned-movement
    hamas hezbollah houthis islamic-state al-qaeda taliban palestinian-authority plo fatah
    islamic-jihad al-shabaab boko-haram rapid-support-forces pkk sdf hts wagner-group free-syrian-army
    gulf-states arab-states western-countries muslim-countries european-countries african-states
    central-asian-states international-community
    abraham-accords jcpoa paris-agreement npt new-start inf-treaty aukus camp-david-accords
    oslo-accords israel-jordan-peace-treaty egypt-israel-peace-treaty minsk-agreements
    good-friday-agreement kyoto-protocol unfccc ctbt chemical-weapons-convention
    biological-weapons-convention rome-statute un-charter geneva-conventions unclos
    open-skies-treaty rcep cptpp usmca doha-agreement black-sea-grain-initiative
    belt-and-road-initiative arab-peace-initiative istanbul-convention""".split()
    missing = [rid for rid in required if rid not in by_id]
    assert not missing, f"missing ids: {missing}"


def test_wikidata_ids(data):
    seen: dict[str, str] = {}
    for recs in data.values():
        for rec in recs:
            qid = rec.get("wikidata")
            if qid is None:
                continue
            assert isinstance(qid, str) and QID.match(qid), f"{rec['id']}: wikidata {qid!r}"
            assert qid not in seen, f"{qid} on both {seen[qid]} and {rec['id']}"
            seen[qid] = rec["id"]


# ---------------------------------------------------------------- references


def test_organisation_references(data, org_ids):
    for rec in data["organizations.yaml"]:
        if "parent" in rec:
            assert rec["parent"] in org_ids and rec["parent"] != rec["id"], rec["id"]
        if "country" in rec:
            assert rec["country"] in ISO3, f"{rec['id']}: country {rec['country']!r}"
            # state organs, and movements that event data codes under one state (PLO, Hezbollah)
            assert rec.get("category") in ("government-body", "movement", "armed-group"), \
                f"{rec['id']}: country only for state organs and movements coded under one state"
        for member in rec.get("members", []):
            assert member in ISO3 or member in org_ids, f"{rec['id']}: member {member!r}"
        for key in ("founded", "dissolved"):
            if rec.get(key) is not None:
                assert _is_date(rec[key]), f"{rec['id']}: {key}"


def test_group_references(data, org_ids):
    for rec in data["groups.yaml"]:
        if "members_ref" in rec:
            assert rec["members_ref"] in org_ids, rec["id"]
        for member in rec.get("members", []):
            assert member in ISO3 or member in org_ids, f"{rec['id']}: member {member!r}"
        assert "country" not in rec, f"{rec['id']}: a group stands for no single state"


# ---------------------------------------------------------------- agreements


def test_agreement_members(data, org_ids):
    for rec in data["agreements.yaml"]:
        aid = rec["id"]
        assert "signed" in rec, f"{aid}: `signed` must be present (null allowed)"
        for key in ("signed", "announced", "adopted", "in_force", "ended", "expires"):
            if rec.get(key) is not None:
                assert _is_date(rec[key]), f"{aid}: {key} {rec[key]!r}"
        assert isinstance(rec.get("members_complete", False), bool), aid
        members = rec.get("members")
        assert isinstance(members, list) and members, f"{aid}: no members"
        spells: dict[str, list[tuple]] = {}
        for m in members:
            where = f"{aid}/{m.get('member')}"
            assert m["member"] in ISO3 or m["member"] in org_ids, f"{where}: unknown member"
            assert m["role"] in {"party", "supporter"}, where
            for key in ("announced", "since", "left"):
                assert key in m, f"{where}: `{key}` must be present (null allowed)"
            for key in ("announced", "since", "left", "ratified", "left_announced", "suspended",
                        "in_force", "ratification_revoked"):
                if m.get(key) is not None:
                    assert _is_date(m[key]), f"{where}: {key} {m[key]!r}"
            assert isinstance(m.get("source"), str) and URL.match(m["source"]), f"{where}: source"
            for url in m.get("sources", []):
                assert URL.match(url), f"{where}: sources"
            if "status" in m:
                assert m["status"] == "signatory", where
            if "approx" in m:
                assert isinstance(m["approx"], bool), where
            since, left = _as_date(m.get("since")), _as_date(m.get("left"))
            announced = _as_date(m.get("announced"))
            if announced and since:
                assert announced <= since, f"{where}: announced after since"
            if since and left:
                assert since <= left, f"{where}: left before since"
            if m.get("left_announced") and left:
                assert _as_date(m["left_announced"]) <= left, f"{where}: left_announced after left"
            if m.get("ratified") and since:
                assert since <= _as_date(m["ratified"]), f"{where}: ratified before since"
            spells.setdefault(m["member"], []).append((since, left))
        for member, sp in spells.items():
            if len(sp) < 2:
                continue
            assert all(s is not None for s, _ in sp), f"{aid}/{member}: several spells need `since`"
            sp.sort(key=lambda x: x[0])
            for (_, left), (nxt, _) in zip(sp, sp[1:]):
                assert left is not None and left <= nxt, f"{aid}/{member}: overlapping spells"


ABRAHAM = {
    # member: (role, announced, since)
    "ISR": ("party", "2020-08-13", "2020-09-15"),
    "ARE": ("party", "2020-08-13", "2020-09-15"),
    "BHR": ("party", "2020-09-11", "2020-09-15"),
    "USA": ("supporter", None, "2020-09-15"),
    "MAR": ("party", "2020-12-10", "2020-12-22"),
    "SDN": ("party", "2020-10-23", "2021-01-06"),
    "KAZ": ("party", "2025-11-06", "2025-11-06"),
}


def test_abraham_accords(by_id):
    rec = by_id["abraham-accords"]
    assert str(rec["signed"]) == "2020-09-15"
    got = {m["member"]: m for m in rec["members"]}
    assert set(got) == set(ABRAHAM)
    for member, (role, announced, since) in ABRAHAM.items():
        m = got[member]
        assert m["role"] == role, member
        assert (str(m["announced"]) if m["announced"] else None) == announced, member
        assert str(m["since"]) == since, member
        assert m["left"] is None, member
        assert m.get("fact_id"), f"{member}: fact ids"


@pytest.mark.skipif(not FACTS.exists(), reason="shared/reference not beside the repository")
def test_abraham_accords_agrees_with_reference_facts(by_id):
    facts = {f["id"]: f for f in json.loads(FACTS.read_text(encoding="utf-8"))}
    for m in by_id["abraham-accords"]["members"]:
        urls = {m["source"], *m.get("sources", [])}
        for fid in m["fact_id"]:
            assert fid in facts, f"{m['member']}: unknown fact {fid}"
            fact = facts[fid]
            assert set(fact["sources"]) <= urls, f"{m['member']}: sources of {fid} missing"
            if fid.endswith("-announce"):
                assert str(m["announced"]) == fact["date"], f"{m['member']}: {fid}"
            if fid in {"AA-sign-WH", "AA-MAR-jointdecl", "AA-SDN-sign"}:
                assert str(m["since"]) == fact["date"], f"{m['member']}: {fid}"
        assert m["source"] in urls
    kaz = next(m for m in by_id["abraham-accords"]["members"] if m["member"] == "KAZ")
    assert str(kaz["announced"]) == facts["AA-KAZ-announce"]["date"]
    assert "AA-KAZ-mfa" in kaz["fact_id"]


def _spells(rec, member):
    return sorted(
        (m for m in rec["members"] if m["member"] == member), key=lambda m: str(m["since"])
    )


def test_recorded_withdrawals(by_id):
    (usa,) = _spells(by_id["jcpoa"], "USA")
    assert str(usa["left"]) == "2018-05-08"

    first, second = _spells(by_id["paris-agreement"], "USA")
    assert str(first["left"]) == "2020-11-04"
    assert str(second["since"]) == "2021-02-19"
    assert str(second["left_announced"]) == "2025-01-20"
    assert str(second["left"]) == "2026-01-27"

    for member in ("USA", "RUS"):
        (m,) = _spells(by_id["inf-treaty"], member)
        assert str(m["left"]) == "2019-08-02"

    (rus,) = _spells(by_id["new-start"], "RUS")
    assert str(rus["suspended"]) == "2023-02-21"


def test_ids_used_by_the_development_gold(by_id):
    """Organisations and agreements the dev gold (tests/gold/dev_*.jsonl) refers to."""
    for rid in ("celac", "eln", "georgian-dream", "histadrut", "cgt", "bakamla", "aha-centre",
                "wall-street-journal", "ecb", "five-point-consensus", "e3"):
        assert rid in by_id, rid
    assert by_id["bakamla"]["country"] == "IDN" and by_id["bakamla"]["category"] == "government-body"
    assert by_id["aha-centre"]["parent"] == "asean"
    fpc = by_id["five-point-consensus"]
    assert str(fpc["signed"]) == "2021-04-24"
    asean = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"}
    assert asean <= {m["member"] for m in fpc["members"] if m["role"] == "party"}
