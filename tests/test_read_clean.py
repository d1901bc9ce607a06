"""Stages 1–2: reading inputs and cleaning them to main text."""
from __future__ import annotations

import json

import pytest

from diplograph.clean import clean, normalise, strip_furniture
from diplograph.read import ReadError, decode_bytes, read_paths

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Kazakhstan dan Israel</title>
<meta property="article:published_time" content="2025-11-07T09:00:00+07:00"></head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/dunia">Dunia</a></li><li><a href="/olahraga">Olahraga</a></li></ul></nav>
<article><h1>Kazakhstan Perkuat Hubungan dengan Israel</h1>
<p>ASTANA — Pemerintah Kazakhstan dan Israel menandatangani nota kesepahaman di bidang pertanian dan air pada Kamis (6/11/2025), kata kementerian luar negeri.</p>
<p>Kedua negara sepakat memperluas kerja sama teknologi dalam beberapa tahun mendatang, menurut pernyataan bersama yang dirilis di Astana.</p>
</article>
<aside><h3>Baca Juga</h3><ul><li><a href="/a">Harga cabai naik di pasar induk</a></li><li><a href="/b">Timnas menang 2-0</a></li></ul></aside>
<footer>© 2025 Contoh Media. Semua hak dilindungi.</footer></body></html>"""


def test_reads_text_html_jsonl_and_folders(tmp_path):
    (tmp_path / "a.txt").write_text("Judul\n\nIsi berita.", encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.jsonl").write_text(
        json.dumps({"id": "doc-1", "text": "Satu.", "lang": "id", "date": "2025-11-07"}) + "\n"
        + "{broken\n" + json.dumps({"id": "doc-2", "html": "<p>Dua.</p>"}) + "\n", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    sources = [i for i in items if not isinstance(i, ReadError)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [s.id for s in sources] == [None, None, "doc-1", "doc-2"]
    assert sources[0].text.startswith("Judul") and sources[1].html.startswith("<!doctype")
    assert sources[2].date == "2025-11-07" and sources[3].html == "<p>Dua.</p>"
    assert len(errors) == 1 and errors[0].path.endswith("c.jsonl:2")


def test_bad_inputs_are_located_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02garbage" * 10)
    items = list(read_paths([tmp_path / "missing.txt", tmp_path / "empty.txt", tmp_path / "blob.txt"]))
    assert all(isinstance(i, ReadError) for i in items)
    assert "no such file" in str(items[0]) and "empty" in str(items[1]) and "binary" in str(items[2])


def test_decoding_falls_back_from_utf8():
    assert decode_bytes("Kazakhstan–Israel café".encode("utf-8")) == "Kazakhstan–Israel café"
    assert decode_bytes("Perjanjian café".encode("cp1252"), declared="windows-1252") == "Perjanjian café"
    assert "caf" in decode_bytes("Perjanjian café à Paris".encode("latin-1"))


def test_html_main_text_without_furniture(kb):
    cleaned = clean(None, PAGE, kb)
    assert "menandatangani nota kesepahaman" in cleaned.text
    for furniture in ("Beranda", "Olahraga", "Harga cabai", "Timnas", "hak dilindungi"):
        assert furniture not in cleaned.text
    assert cleaned.date == "2025-11-07"


def test_plain_text_furniture_block_is_dropped(kb):
    text = ("Kazakhstan bergabung dengan Abraham Accords.\n\nMore From Author\n\n"
            "Arah Baru Kebijakan Industri\n\nMeet & Greet Sinetron di Cibubur")
    assert strip_furniture(normalise(text), kb) == "Kazakhstan bergabung dengan Abraham Accords."


def test_normalise_removes_invisible_characters():
    assert normalise("Is\u200brael  dan\u00a0UEA\r\n\r\n\r\n\r\nBaru") == "Israel dan UEA\n\nBaru"


@pytest.mark.parametrize("heading", ["Komentar (3)", "12 Comments", "Comentarios"])
def test_a_readers_comment_section_is_dropped_to_the_end(kb, heading):
    text = (f"Kazakhstan joined the Abraham Accords on Thursday.\n{heading}\nbangjoe88 · 2 jam lalu\n"
            "Indonesia jangan ikut-ikutan normalisasi dengan Israel!\nTulis komentar Anda...")
    assert strip_furniture(text, kb) == "Kazakhstan joined the Abraham Accords on Thursday."
