"""Stages 3–4: language identification and sentence splitting."""
from __future__ import annotations

import pytest

from diplograph.language import detect_language
from diplograph.sentences import split_sentences

ID_TEXT = ("Menteri Luar Negeri RI mengatakan bahwa pemerintah akan terus mendukung kemerdekaan Palestina. "
           "Menurut dia, kerja sama kedua negara sudah berjalan sejak tahun 1993 karena kepentingan bersama.")
MS_TEXT = ("Menteri Luar Negeri berkata bahawa kerajaan akan terus menyokong kemerdekaan Palestin. "
           "Menurut beliau, kerjasama kedua-dua negara telah berjalan sejak 1993 kerana kepentingan bersama.")
EN_TEXT = "The foreign minister said that the government would keep supporting the two-state solution."
ES_TEXT = "El ministro de Asuntos Exteriores dijo que el gobierno seguirá apoyando la solución de dos Estados."


@pytest.mark.parametrize("text, lang", [(ID_TEXT, "id"), (MS_TEXT, "ms"), (EN_TEXT, "en"), (ES_TEXT, "es"),
                                        ("Министр иностранных дел России заявил", "ru"),
                                        ("وزير الخارجية السعودي يلتقي نظيره", "ar")])
def test_language_of_whole_texts(kb, text, lang):
    assert detect_language(text, kb) == lang


def test_malay_does_not_swallow_indonesian(kb):
    # Shared vocabulary everywhere; only "bahwa", "karena", "pemerintah" mark Indonesian.
    text = "Pemerintah menilai langkah itu penting karena kedua negara sepakat bahwa perdamaian harus dijaga."
    assert detect_language(text, kb) == "id"


def test_no_evidence_gives_none(kb):
    assert detect_language("12345 !!!", kb) is None


def _split(kb, text, lang):
    return [s.text for s in split_sentences(text, kb, lang)]


def test_indonesian_abbreviations_do_not_split(kb):
    text = "Kantor itu di Jl. Sudirman No. 5 dipimpin Dr. Hasan. Dia menolak berkomentar."
    assert _split(kb, text, "id") == ["Kantor itu di Jl. Sudirman No. 5 dipimpin Dr. Hasan.", "Dia menolak berkomentar."]


def test_english_abbreviations_and_initials(kb):
    text = "The U.S. envoy met Mr. Tokayev on Nov. 6 in Astana. John F. Kennedy was not there. It rained."
    assert _split(kb, text, "en") == ["The U.S. envoy met Mr. Tokayev on Nov. 6 in Astana.",
                                      "John F. Kennedy was not there.", "It rained."]


def test_lines_are_sentences_and_offsets_hold(kb):
    text = "Judul Berita\nParagraf pertama. Paragraf kedua!\n\n“Kutipan penutup.” Selesai."
    sents = split_sentences(text, kb, "id")
    assert [s.text for s in sents] == ["Judul Berita", "Paragraf pertama.", "Paragraf kedua!",
                                       "“Kutipan penutup.”", "Selesai."]
    assert all(text[s.start:s.end] == s.text for s in sents)
