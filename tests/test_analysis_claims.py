"""Claim checks against the knowledge base: offices, memberships, calendar; true and false statements
in Indonesian and English, the corpus's two deliberate errors, and the development set's precision."""
from __future__ import annotations

import json
import sys

import pytest

from analysis_fixtures import demo_db  # noqa: F401  (fixture)
from conftest import CORPUS, ROOT, SEED, needs_shared
from diplograph.analysis.claims import check_document

FIELDS = {"kind", "severity", "quote", "start", "end", "claim", "fact", "source"}


def findings(process, text, date, lang):
    doc = process(text, lang=lang, date=date)
    found = check_document(doc, doc_kb())
    for f in found:
        assert FIELDS <= set(f) and doc.text[f["start"]:f["end"]] == f["quote"]
        assert f["severity"] in ("high", "medium", "low")
    return found


def doc_kb():
    from diplograph.knowledge import load_knowledge

    return load_knowledge()


CASES = [
    # (kind, lang, date, text, expected quote or None)
    ("office", "id", "2025-11-07", "Mantan Presiden AS Donald Trump mengumumkan keputusan itu di Gedung Putih.",
     "Mantan Presiden AS Donald Trump"),
    ("office", "id", "2024-02-10", "Mantan Presiden AS Donald Trump berkampanye di Iowa pekan ini.", None),
    ("office", "id", "2025-11-07", "Presiden AS Joe Biden menyambut baik keputusan itu.", "Presiden AS Joe Biden"),
    ("office", "id", "2025-11-07", "Pada tahun 2022, Presiden AS Joe Biden mengunjungi Israel.", None),
    ("office", "en", "2025-11-07", "Former U.S. President Donald Trump spoke to reporters on Friday.",
     "Former U.S. President Donald Trump"),
    ("office", "en", "2025-11-07", "U.S. President Donald Trump announced the deal at the White House.", None),
    ("office", "en", "2025-11-07", "Donald Trump, the former U.S. President, said others would follow.",
     "former U.S. President"),
    ("office", "en", "2025-11-07", "Former U.S. President Joe Biden praised the accords.", None),
    ("membership", "en", "2025-11-07", "The Abraham Accords began in 2019 with a deal between Israel and the UAE.",
     "Abraham Accords began in 2019"),
    ("membership", "en", "2025-11-07", "The Abraham Accords were signed in 2020 by Israel, the United Arab Emirates "
     "and Bahrain.", None),
    ("membership", "en", "2025-11-07", "Morocco, the third Arab state to join the Abraham Accords, restored ties.",
     "Morocco, the third Arab state"),
    ("membership", "en", "2025-11-07", "Morocco, the fourth Arab state to join the Abraham Accords, restored ties.",
     None),
    ("membership", "en", "2025-11-07", "Saudi Arabia joined the Abraham Accords last week.",
     "Saudi Arabia joined the Abraham Accords"),
    ("membership", "en", "2025-11-19", "Saudi Arabia wants to join the Abraham Accords if there is a path to a "
     "Palestinian state.", None),
    ("membership", "id", "2025-11-07", "Abraham Accords pertama kali ditandatangani pada tahun 2019 di Gedung Putih.",
     "ditandatangani pada tahun 2019"),
    ("membership", "id", "2025-11-07", "Abraham Accords ditandatangani pada tahun 2020 oleh Israel, Uni Emirat Arab, "
     "dan Bahrain.", None),
    ("membership", "id", "2025-11-07", "Kazakhstan bergabung dengan Abraham Accords pada tahun 2021.",
     "Kazakhstan bergabung dengan Abraham Accords pada tahun 2021"),
    ("membership", "id", "2025-11-07", "Kazakhstan menjadi negara pertama yang bergabung dengan Abraham Accords sejak "
     "Trump kembali menjabat pada Januari 2025.", None),
    ("membership", "id", "2025-11-07", "Maroko bukan anggota Abraham Accords.", "Maroko bukan anggota Abraham Accords"),
    ("membership", "id", "2025-11-07", "Indonesia bukan anggota Abraham Accords.", None),
    ("calendar", "id", "2025-11-07", "Menlu RI bertemu mitranya dari Kazakhstan, Rabu (6/11/2025), di Jakarta.",
     "Rabu (6/11/2025"),
    ("calendar", "id", "2025-11-07", "Menlu RI bertemu mitranya dari Kazakhstan, Kamis (6/11/2025), di Jakarta.", None),
    ("calendar", "id", "2025-11-30", "Pertemuan digelar pada Senin, 31 November 2025, di Astana.",
     "Senin, 31 November 2025"),
    ("calendar", "id", "2025-11-07", "Kedua menteri akan bertemu lagi minggu depan, 14 November, di Jakarta.", None),
    ("calendar", "en", "2025-11-07", "Trump made the announcement on Wednesday, Nov. 6, 2025, after a summit.",
     "Wednesday, Nov. 6, 2025"),
    ("calendar", "en", "2025-11-07", "Trump made the announcement on Thursday, Nov. 6, 2025, after a summit.", None),
]


@pytest.mark.parametrize("kind,lang,date,text,expected", CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_claims(process, kind, lang, date, text, expected):
    found = findings(process, text, date, lang)
    if expected is None:
        assert found == [], found
    else:
        assert len(found) == 1 and found[0]["kind"] == kind, found
        assert expected in found[0]["quote"] or found[0]["quote"] in expected, found[0]


def test_office_finding_names_the_fact_and_its_source(process):
    (f,) = findings(process, "Mantan Presiden AS Donald Trump berbicara.", "2025-11-07", "id")
    assert f["severity"] == "high" and "2025-01-20" in f["fact"] and f["source"].startswith("kb:donald-trump#president")


@needs_shared(SEED)
def test_check_the_seed_article_at_two_dates(cli):
    out = json.loads(cli("check", str(SEED), "--date", "2025-11-07", "--format", "json", check=True).stdout)
    assert [(f["kind"], f["quote"]) for f in out] == [("office", "mantan Presiden AS, Donald Trump")]
    assert "2025-01-20" in out[0]["fact"]
    assert json.loads(cli("check", str(SEED), "--date", "2022-06-01", "--format", "json", check=True).stdout) == []
    assert "no contradiction" in cli("check", str(SEED), "--date", "2022-06-01", check=True).stdout
    assert cli("check", str(SEED), "--date", "2025-11-07", "--fail-on", "high").returncode == 3


def test_the_corpus_errors_are_found_and_nothing_else(cli):
    dated = {"kazakhstan-joins-accords.en.txt": "2025-11-07", "reaksi-indonesia-kazakhstan.id.txt": "2025-11-07",
             "saar-visit-astana.en.txt": "2026-01-27", "thailand-cambodia-ceasefire.en.txt": "2025-07-29",
             "oki-kecam-serangan-doha.id.txt": "2025-09-16", "timor-leste-anggota-asean.id.txt": "2025-10-27"}
    found = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".md":
            continue
        args = ["check", str(path), "--format", "json"] + (["--date", dated[path.name]] if path.name in dated else [])
        found += [(path.name, f["kind"], f["quote"]) for f in json.loads(cli(*args, check=True).stdout)]
    assert sorted(found) == [("reaksi-indonesia-kazakhstan.id.txt", "calendar", "Kamis, 7 November 2025"),
                             ("ri-tak-akan-normalisasi.id.html", "office", "mantan Presiden AS Donald Trump")]


def test_ingest_stores_the_findings_with_the_document(kb, demo_db):
    from diplograph.store import Store

    with Store(demo_db, read_only=True) as store:
        docs = store.documents_meta()
        by_path = {m["path"]: doc_id for doc_id, m in docs.items()}
        doc = store.document(by_path[str(CORPUS / "ri-tak-akan-normalisasi.id.html")])
    assert [(f["kind"], f["quote"]) for f in doc["findings"]] == [("office", "mantan Presiden AS Donald Trump")]


def test_precision_on_the_development_set():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from claims_precision import evaluate

    result = evaluate(ROOT / "tests" / "gold" / "claims-dev.jsonl")
    assert result["precision"] >= 0.9 and result["recall"] >= 0.8, result
    assert set(result["per_kind"]) == {"office", "membership", "calendar"}
