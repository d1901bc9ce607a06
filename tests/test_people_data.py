"""Checks on the shipped person and office-title data (standard library + PyYAML only).

Run: .venv/bin/python -m pytest tests/test_people_data.py   (or run this file directly for counts)
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "diplograph" / "data"
PEOPLE = DATA / "actors" / "people.yaml"
# people.yaml: G20, MENA, Central Asia, ASEAN; people-world.yaml: the other states and the heads of
# international organisations; people-historical.yaml: earlier leaders; people-other.yaml: persons
# without an office of state (a `role` instead of `offices`).
PEOPLE_FILES = [PEOPLE, *(DATA / "actors" / f"people-{part}.yaml" for part in ("world", "historical", "other"))]
NO_OFFICE_FILES = {"people-other.yaml"}
ORG_FILE = DATA / "actors" / "organizations.yaml"
TITLES = DATA / "offices" / "titles.yaml"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2}$")
ORGANIZATIONS = {"eu", "un", "gcc", "asean", "au", "arab-league", "oic", "nato"}


def organization_ids() -> set[str]:
    """Offices of organisations may name any organisation of organizations.yaml."""
    with open(ORG_FILE, encoding="utf-8") as fh:
        return ORGANIZATIONS | {r["id"] for r in yaml.safe_load(fh)["actors"]}

# ISO 3166-1 alpha-3 (officially assigned) plus the user-assigned XKX used for Kosovo.
ISO3 = set("""
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX
""".split())

# (office, country) pairs where two holders at once are real: rival governments, two foreign
# ministers, or a short acting spell next to a formal term.
CONCURRENT_OK = {
    ("prime-minister", "LBY"),   # GNA/GNU in Tripoli vs. HoR-backed governments in the east
    ("chairman", "LBY"),         # Presidential Council chair vs. House of Representatives speaker
    ("chairman", "YEM"),         # Presidential Leadership Council vs. Houthi Supreme Political Council
    ("foreign-minister", "BRN"),  # the Sultan holds the portfolio; a Minister of Foreign Affairs II
    ("vice-president", "ARE"),   # two vice-presidents since 2023
    ("president", "eu"),         # European Council and European Commission presidents
    ("president", "VEN"),        # Maduro and Juan Guaido's interim presidency (2019-2023)
    ("president", "NIC"),        # Daniel Ortega and Rosario Murillo, co-presidents since 2025
}
# Offices that several people hold at once as a matter of course: not checked for overlaps.
MANY_HOLDERS = {"crown-prince", "chairman", "deputy-prime-minister", "special-envoy", "spokesperson",
                "commissioner"}


def _load(path: Path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _date(value, where):
    if isinstance(value, dt.date):
        return value
    assert isinstance(value, str), f"{where}: not a date: {value!r}"
    return dt.date.fromisoformat(value)


def load_all():
    """Titles, and all person files as one document (records carry their file in `_file`)."""
    actors = []
    for path in PEOPLE_FILES:
        doc = _load(path)
        assert doc["version"] == 1, path.name
        for rec in doc["actors"]:
            actors.append({**rec, "_file": path.name})
    return _load(TITLES), {"version": 1, "actors": actors}


def test_titles_shape():
    titles, _ = load_all()
    assert titles["version"] == 1
    assert isinstance(titles["titles"], dict) and titles["titles"]
    for key, rec in titles["titles"].items():
        assert SLUG.match(key), key
        names = rec["names"]
        for lang in ("en", "id", "ms", "es"):
            assert names.get(lang), f"title {key}: no {lang} names"
        for lang, lst in names.items():
            assert LANG.match(lang), f"title {key}: bad language {lang}"
            assert isinstance(lst, list) and all(isinstance(n, str) and n.strip() for n in lst), (key, lang)
            assert len(lst) == len(set(lst)), f"title {key}/{lang}: duplicate names"


def test_people_records():
    titles, people = load_all()
    keys = set(titles["titles"])
    orgs = organization_ids()
    assert people["version"] == 1
    actors = people["actors"]
    ids = Counter(a["id"] for a in actors)
    dup = [i for i, n in ids.items() if n > 1]
    assert not dup, f"duplicate ids: {dup}"
    today = dt.date.today()
    for n, a in enumerate(actors):
        where = f"record {n} (id {a.get('id')})"
        assert SLUG.match(a["id"]), f"{where}: id is not a lower-case ASCII slug"
        assert a["kind"] == "person", where
        if "wikidata" in a:
            assert re.fullmatch(r"Q\d+", a["wikidata"]), where
        names = a["names"]
        assert names.get("en"), f"{where}: no English name"
        for lang, lst in names.items():
            assert LANG.match(lang), f"{where}: bad language {lang}"
            assert isinstance(lst, list) and lst, f"{where}: {lang} names must be a non-empty list"
            for name in lst:
                assert isinstance(name, str) and name == name.strip() and name, f"{where}: bad name {name!r}"
            assert len(lst) == len(set(lst)), f"{where}: duplicate {lang} names"
        if a["_file"] in NO_OFFICE_FILES:
            assert isinstance(a.get("role"), str) and a["role"].strip(), f"{where}: needs a `role`"
        else:
            assert a.get("offices"), f"{where}: no offices"
        for o in a.get("offices") or []:
            ow = f"{where} office {o.get('office')}"
            assert o["office"] in keys, f"{ow}: office key not in titles.yaml"
            if o.get("country") is None:
                assert o.get("organization") in orgs, f"{ow}: needs a country or an organization"
            else:
                assert o["country"] in ISO3, f"{ow}: {o['country']} is not ISO 3166-1 alpha-3"
            start = _date(o["start"], ow)
            end = None if o.get("end") is None else _date(o["end"], ow)
            assert start <= today, f"{ow}: start in the future"
            if end is not None:
                assert start <= end, f"{ow}: start {start} after end {end}"
            assert isinstance(o.get("approx", False), bool), ow
            assert str(o.get("source", "")).startswith("https://"), f"{ow}: source must be a URL"


def _terms():
    _, people = load_all()
    terms = defaultdict(list)
    for a in people["actors"]:
        for o in a.get("offices") or []:
            holder = o.get("country") or o.get("organization")
            end = o.get("end")
            terms[(o["office"], holder)].append(
                (_date(o["start"], a["id"]), None if end is None else _date(end, a["id"]), a["id"]))
    return terms


def test_no_unexpected_overlaps():
    """Two people holding the same office of the same state at once (beyond a 2-day handover)."""
    far = dt.date(9999, 1, 1)
    problems = []
    for (office, holder), lst in _terms().items():
        if (office, holder) in CONCURRENT_OK or office in MANY_HOLDERS:
            continue
        lst.sort(key=lambda t: t[0])
        for i, (s1, e1, p1) in enumerate(lst):
            for s2, e2, p2 in lst[i + 1:]:
                if p1 == p2:
                    continue
                overlap = (min(e1 or far, e2 or far) - max(s1, s2)).days
                if overlap > 2:
                    problems.append(f"{office}/{holder}: {p1} and {p2} overlap {overlap} days")
    assert not problems, "\n".join(problems)


def test_known_ids_and_reference_facts():
    _, people = load_all()
    by_id = {a["id"]: a for a in people["actors"]}
    for pid in ("donald-trump", "kassym-jomart-tokayev", "antonio-guterres", "sergey-lavrov",
                "mohammed-bin-salman", "abdel-fattah-al-burhan", "joe-biden", "benjamin-netanyahu",
                "gideon-saar", "abdullah-bin-zayed-al-nahyan", "abdullatif-bin-rashid-al-zayani",
                "saadeddine-othmani"):
        assert pid in by_id, pid

    def terms(pid, office):
        return [(str(o["start"]), None if o["end"] is None else str(o["end"]))
                for o in by_id[pid]["offices"] if o["office"] == office]

    # shared/reference/facts-abraham-accords.json
    assert terms("donald-trump", "president") == [("2017-01-20", "2021-01-20"), ("2025-01-20", None)]
    assert terms("joe-biden", "president") == [("2021-01-20", "2025-01-20")]
    assert ("2019-03-20", None) in terms("kassym-jomart-tokayev", "president")

    def holds(pid, office, country, day):
        day = dt.date.fromisoformat(day)
        for o in by_id[pid]["offices"]:
            if o["office"] == office and (o["country"] or o.get("organization")) == country:
                end = o["end"]
                if _date(o["start"], pid) <= day and (end is None or day < _date(end, pid)):
                    return True
        return False

    # signatories of 2020-09-15 and 2020-12-22, Sa'ar's visit to Astana 2026-01-26
    assert holds("abdullah-bin-zayed-al-nahyan", "foreign-minister", "ARE", "2020-09-15")
    assert holds("abdullatif-bin-rashid-al-zayani", "foreign-minister", "BHR", "2020-09-15")
    assert holds("benjamin-netanyahu", "prime-minister", "ISR", "2020-09-15")
    assert holds("saadeddine-othmani", "prime-minister", "MAR", "2020-12-22")
    assert holds("gideon-saar", "foreign-minister", "ISR", "2026-01-26")
    assert holds("kassym-jomart-tokayev", "president", "KAZ", "2026-01-26")

    # people-world.yaml and people-historical.yaml (ids of the development gold among them)
    for pid in ("volodymyr-zelensky", "alexander-lukashenko", "mark-rutte", "radoslaw-sikorski",
                "nicolas-maduro", "gustavo-petro", "lai-ching-te", "albin-kurti", "aleksandar-vucic",
                "nikol-pashinyan", "ilham-aliyev", "shehbaz-sharif", "rafael-grossi", "george-w-bush",
                "pedro-sanchez", "daniel-ortega", "daniel-noboa", "willem-alexander", "sukarno",
                "lloyd-austin", "steve-witkoff", "maros-sefcovic", "dmitry-peskov", "evan-gershkovich"):
        assert pid in by_id, pid
    assert holds("volodymyr-zelensky", "president", "UKR", "2022-02-24")
    assert holds("petro-poroshenko", "president", "UKR", "2015-02-12")
    assert holds("mark-rutte", "prime-minister", "NLD", "2022-12-19")
    assert holds("mark-rutte", "secretary-general", "nato", "2025-06-24")
    assert holds("jens-stoltenberg", "secretary-general", "nato", "2022-02-24")
    assert holds("rafael-grossi", "director-general", "iaea", "2023-03-04")
    assert holds("yukiya-amano", "director-general", "iaea", "2015-07-14")
    assert holds("tedros-adhanom-ghebreyesus", "director-general", "who", "2020-03-11")
    assert holds("karim-khan", "prosecutor", "icc", "2024-05-20")
    assert holds("radoslaw-sikorski", "foreign-minister", "POL", "2024-06-01")
    assert holds("nikol-pashinyan", "prime-minister", "ARM", "2025-08-08")
    assert holds("ilham-aliyev", "president", "AZE", "2025-08-08")
    assert holds("gustavo-petro", "president", "COL", "2023-08-03")
    assert holds("nicolas-maduro", "president", "VEN", "2024-07-28")
    assert holds("lai-ching-te", "president", "TWN", "2025-04-01")
    assert holds("shehbaz-sharif", "prime-minister", "PAK", "2024-08-30")
    assert holds("hibatullah-akhundzada", "supreme-leader", "AFG", "2023-01-01")
    assert holds("george-w-bush", "president", "USA", "2003-03-20")
    assert holds("colin-powell", "foreign-minister", "USA", "2003-02-05")
    assert holds("yasser-arafat", "president", "PSE", "2000-07-25")
    assert holds("ariel-sharon", "prime-minister", "ISR", "2005-08-15")
    assert holds("saddam-hussein", "president", "IRQ", "1990-08-02")
    assert holds("hosni-mubarak", "president", "EGY", "2005-01-01")
    assert holds("susilo-bambang-yudhoyono", "president", "IDN", "2010-01-01")
    assert holds("sukarno", "president", "IDN", "1955-04-18")


def test_person_ids_unique_across_actor_files():
    """A person file must not reuse an id of another actor file: a later file would replace the
    earlier record's offices instead of adding a person."""
    _, people = load_all()
    mine = {a["id"] for a in people["actors"]}
    for path in sorted((DATA / "actors").iterdir()):
        if path in PEOPLE_FILES or path.suffix not in (".yaml", ".yml", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        clash = mine & {r.get("id") for r in doc.get("actors", [])}
        assert not clash, f"{path.name} reuses person ids {sorted(clash)}"


def counts():
    titles, people = load_all()
    by_country = Counter()
    for a in people["actors"]:
        holders = {o.get("country") or o.get("organization") for o in a.get("offices") or []}
        for h in holders:
            by_country[h] += 1
    offices = Counter(o["office"] for a in people["actors"] for o in a.get("offices") or [])
    return len(titles["titles"]), len(people["actors"]), by_country, offices


if __name__ == "__main__":
    import sys
    failures = 0
    for name, fn in sorted(globals().items()):
        if name.startswith("test_") and callable(fn):
            try:
                fn()
                print(f"ok    {name}")
            except AssertionError as exc:
                failures += 1
                print(f"FAIL  {name}: {exc}")
    n_titles, n_people, by_country, offices = counts()
    print(f"titles: {n_titles}   persons: {n_people}")
    print("office entries:", dict(offices.most_common()))
    print("persons per country/organisation:", dict(sorted(by_country.items())))
    sys.exit(1 if failures else 0)
