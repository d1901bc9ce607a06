"""The knowledge base: validation, users' files, commands, the Wikidata import, disambiguation
and coreference rules in both languages."""
from __future__ import annotations

import bz2
import gzip
import json

import pytest

from diplograph.knowledge import KnowledgeError, load_knowledge
from diplograph.model import Source
from diplograph.pipeline import Pipeline


def entity(qid, label, p31=(), extra_claims=None, aliases=None, labels=None):
    claims = {"P31": [{"mainsnak": {"datavalue": {"value": {"id": c}}}} for c in p31]}
    claims.update(extra_claims or {})
    labels = labels or {"en": label}
    return {"id": qid, "type": "item", "labels": {k: {"language": k, "value": v} for k, v in labels.items()},
            "aliases": {k: [{"language": k, "value": v} for v in vs] for k, vs in (aliases or {}).items()},
            "claims": claims}


def write_dump(path, entities, opener=open):
    with opener(path, "wt", encoding="utf-8") as out:
        out.write("[\n")
        out.write(",\n".join(json.dumps(e, ensure_ascii=False) for e in entities))
        out.write("\n]\n")


@pytest.fixture()
def dump_entities():
    held = {"P39": [{"mainsnak": {"datavalue": {"value": {"id": "Q900"}}},
                     "qualifiers": {"P580": [{"datavalue": {"value": {"time": "+2019-03-20T00:00:00Z"}}}]}}]}
    return [
        # the person comes first: positions and states are read in a first pass
        entity("Q800", "Kassym-Jomart Tokayev", ["Q5"], held, aliases={"en": ["Tokayev"]},
               labels={"en": "Kassym-Jomart Tokayev", "ru": "Касым-Жомарт Токаев"}),
        entity("Q232", "Kazakhstan", ["Q3624078"], {"P298": [{"mainsnak": {"datavalue": {"value": "KAZ"}}}]},
               labels={"en": "Kazakhstan", "id": "Kazakhstan", "kk": "Қазақстан"}),
        entity("Q900", "President of Kazakhstan", ["Q4164871"],
               {"P279": [{"mainsnak": {"datavalue": {"value": {"id": "Q48352"}}}}],
                "P1001": [{"mainsnak": {"datavalue": {"value": {"id": "Q232"}}}}]}),
        entity("Q7184", "NATO", ["Q484652"], aliases={"fr": ["OTAN"]}),
        entity("Q123", "Treaty of Example", ["Q131569"]),
        entity("Q555", "Some mountain", ["Q8502"]),
        entity("Q556", "John Doe", ["Q5"]),  # a human who held no listed office: left out
    ]


@pytest.mark.parametrize("suffix, opener", [(".json", open), (".json.gz", gzip.open), (".json.bz2", bz2.open)])
def test_import_wikidata_streams_a_dump(cli, tmp_path, dump_entities, suffix, opener):
    dump = tmp_path / f"dump{suffix}"
    write_dump(dump, dump_entities, opener)
    out = tmp_path / "wd.json"
    proc = cli("kb", "import-wikidata", str(dump), "--output", str(out), "--languages", "en,ru,kk,fr,id")
    assert proc.returncode == 0, proc.stderr
    records = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["actors"]}
    assert set(records) == {"KAZ", "kassym-jomart-tokayev", "nato", "treaty-of-example"}
    person = records["kassym-jomart-tokayev"]
    assert person["offices"] == [{"office": "president", "country": "KAZ", "start": "2019-03-20", "end": None,
                                  "source": "https://www.wikidata.org/wiki/Q800"}]
    assert person["names"]["ru"] == ["Касым-Жомарт Токаев"] and records["nato"]["names"]["fr"] == ["OTAN"]
    kb = load_knowledge([out])  # the output is a valid knowledge file
    assert kb.actor("KAZ").wikidata in ("Q232", None) and "Қазақстан" in kb.actor("KAZ").names["kk"]


def test_import_wikidata_reports_a_broken_dump(cli, tmp_path):
    dump = tmp_path / "bad.json"
    dump.write_text('[\n{"id": "Q1", "labels": {}},\n{broken\n]\n', encoding="utf-8")
    proc = cli("kb", "import-wikidata", str(dump))
    assert proc.returncode == 2 and "bad.json:3" in proc.stderr


def test_user_files_extend_and_override(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("version: 1\nactors:\n"
                     "  - {id: KAZ, kind: country, names: {id: [Negeri Stepa]}}\n"
                     "  - {id: astana-club, kind: organization, names: {en: [Astana Club]}}\n", encoding="utf-8")
    kb = load_knowledge([extra])
    assert "Negeri Stepa" in kb.actor("KAZ").names["id"] and "Kazakhstan" in kb.actor("KAZ").names["id"]
    doc = Pipeline(kb).process(Source(path="t", text="Negeri Stepa menjadi tuan rumah Astana Club.", lang="id"))
    assert [m.id for m in doc.mentions if not m.absorbed] == ["KAZ", "astana-club"]


@pytest.mark.parametrize("content, problem", [
    ("actors:\n  - {id: kaz, kind: country, names: {en: [X]}}\n", "ISO 3166-1 alpha-3"),
    ("actors:\n  - {id: Foo Bar, kind: person, names: {en: [X]}}\n", "slugs"),
    ("actors:\n  - {id: foo, kind: planet, names: {en: [X]}}\n", "'kind' must be one of"),
    ("actors:\n  - {id: foo, kind: person\n", "not valid YAML"),
])
def test_invalid_files_name_file_record_and_problem(tmp_path, content, problem):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge([bad])
    assert str(bad) in str(err.value) and problem in str(err.value)


def test_cli_reports_a_bad_user_file(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {id: kaz, kind: country, names: {en: [X]}}\n", encoding="utf-8")
    proc = cli("kb", "stats", "--kb-extra", str(bad))
    assert proc.returncode == 2 and "bad.yaml: record 1 (id kaz)" in proc.stderr


def test_kb_commands(cli):
    found = json.loads(cli("kb", "search", "Uni Emirat Arab", "--format", "json", check=True).stdout)
    assert found[0]["id"] == "ARE"
    shown = json.loads(cli("kb", "show", "kassym-jomart-tokayev", check=True).stdout)
    assert shown["offices"][0]["country"] == "KAZ"
    stats = json.loads(cli("kb", "stats", "--format", "json", check=True).stdout)
    assert stats["per_kind"]["country"] >= 249 and stats["per_kind"]["organization"] >= 60
    assert stats["per_kind"]["agreement"] >= 30 and stats["languages"] >= 40
    assert cli("kb", "show", "no-such-actor").returncode == 2


def test_every_iso_state_and_the_special_cases(kb):
    for code in ("PSE", "XKX", "TWN", "KAZ", "IDN", "ARE"):
        assert kb.actor(code) is not None and kb.actor(code).kind == "country"


def mentions(process, text, lang, date=None):
    return [m.id for m in process(text, lang=lang, date=date).mentions if not m.absorbed]


def test_georgia_the_state_needs_context(process):
    assert "GEO" not in mentions(process, "The storm hit Atlanta, Georgia, on Tuesday.", "en")
    assert "GEO" in mentions(process, "Georgia recalled its envoy. Tbilisi accused Moscow of meddling.", "en")


def test_metonyms_stand_for_governments(process):
    assert mentions(process, "Gedung Putih dan Kremlin berselisih soal Ukraina.", "id")[:2] == ["USA", "RUS"]
    assert mentions(process, "Tel Aviv welcomed the decision taken in Astana.", "en") == ["ISR", "KAZ"]


def test_central_asian_nation_resolves_through_its_group(process):
    text = "Israel and Kazakhstan signed a deal. The Central Asian nation will open an embassy."
    doc = process(text, lang="en")
    assert [m.id for m in doc.mentions if m.via == "coreference"] == ["KAZ"]
    doc = process("Israel dan Kazakhstan meneken perjanjian. Negara Asia Tengah itu akan membuka kedutaan.", lang="id")
    assert [m.id for m in doc.mentions if m.via == "coreference"] == ["KAZ"]


def test_the_kingdom_is_the_last_country_in_focus(process):
    doc = process("Saudi Arabia hosted the talks. The kingdom said it wants a Palestinian state.", lang="en")
    assert [(m.text, m.id) for m in doc.mentions if m.via == "coreference"] == [("The kingdom", "SAU"), ("it", "SAU")]


def test_config_file_adds_knowledge_files(cli, tmp_path):
    import subprocess

    from conftest import cli_path

    (tmp_path / "mine.yaml").write_text(
        "version: 1\nactors:\n  - {id: astana-club, kind: organization, names: {en: [Astana Club]}}\n", encoding="utf-8")
    (tmp_path / "diplograph.toml").write_text('kb_extra = ["mine.yaml"]\n', encoding="utf-8")
    proc = subprocess.run([cli_path(), "kb", "show", "astana-club"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and '"astana-club"' in proc.stdout
    (tmp_path / "diplograph.toml").write_text('kb_extras = ["mine.yaml"]\n', encoding="utf-8")
    bad = subprocess.run([cli_path(), "kb", "stats"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown key 'kb_extras'" in bad.stderr
