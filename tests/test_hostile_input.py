"""Hostile input and failure: nothing crashes, nothing is lost.

A folder of bad inputs is generated here, at test time, beside good documents, and ingested once by
the real command line (in a subprocess that measures its own peak memory and time) into a real
DuckDB file. Every bad input must end with either stored events or ONE located error line that
says what to do; the good documents must be stored with their events; memory and time must stay
bounded (a 50 MiB page, a gzip that expands to 1 GiB). Limits are then changed through the Python
API, diplograph.toml and the command line.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import duckdb
import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from diplograph.ingest import ingest_paths
from diplograph.read import FileSource, Limits, ReadError, read_paths
from diplograph.read.base import human_size
from diplograph.read.feeds import PageResolver
from diplograph.read.files import ReadContext, stdin_sources

MiB = 1 << 20

EN = ("ANKARA — Turkey condemned the Israeli strike on Doha on Tuesday. Qatar and Egypt agreed to expand "
      "cooperation on trade and energy, the foreign ministry said.")
ID = ("JAKARTA — Indonesia dan Kazakhstan menandatangani nota kesepahaman kerja sama energi pada Kamis "
      "(6/11/2025). Turki mengecam Israel atas serangan ke Doha.")
JP = ("HANOI — Japan and Vietnam signed an agreement on fisheries and infrastructure in Hanoi on Monday, "
      "officials of both governments said after the talks.")
# Accented names the knowledge base knows: they resolve to actors only if the bytes were decoded right.
ACCENTED = ("{city} — Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Prancis Jean-Noël Barrot di "
            "Paris pada Senin. Spanyol dan Meksiko sepakat memperluas kerja sama, kata José Manuel Albares "
            "setelah bertemu Peña Nieto di São Paulo. “Kami sepakat,” ujarnya.")
ACCENTED_NAMES = ("Jean-Noël Barrot", "José Manuel Albares", "Peña Nieto", "São Paulo", "“Kami sepakat,”")
INVISIBLE = ("ANKARA — Presiden Turki mengecam Is\u200brael atas serangan ke Doha. Turkey condemned "
             "\u200fIsrael\u200f on Tuesday, and Qatar thanked Tur\u200bkey and \u2067Egypt\u2069.")
UNCOVERED = {
    "georgian.txt": "საქართველოს პრემიერ-მინისტრი ბრიუსელში ევროკავშირის ლიდერებს შეხვდა და თანამშრომლობაზე ისაუბრა.",
    "tamil.txt": "இந்திய வெளியுறவு அமைச்சர் கொழும்பில் இலங்கை ஜனாதிபதியை சந்தித்து இருதரப்பு ஒத்துழைப்பு குறித்து பேசினார்.",
    "amharic.txt": "የኢትዮጵያ ጠቅላይ ሚኒስትር በአዲስ አበባ ከኬንያ ፕሬዚዳንት ጋር ተገናኝተው በሁለትዮሽ ትብብር ላይ ተወያይተዋል።",
}
SECRET = "TOP-SECRET-XXE-CANARY-7731"


def page(body: str, charset: str | None = "utf-8", title: str = "Berita") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!doctype html><html><head>{meta}<title>{title}</title></head><body><nav><a href='/'>Beranda</a></nav>"
            f"<article><h1>{title}</h1><p>{body}</p></article><footer>Contoh Media</footer></body></html>")


# -- generators: everything is made here, in tmp_path, at test time ------------------------------------
def gzip_bomb(path: Path, size: int = 1 << 30) -> None:
    """A genuine single-member gzip of `size` zero bytes, made in about half a second: after a full
    flush a deflate compressor starts afresh, so the compressed form of one MiB of zeros is the same
    block every time and can be written `size / MiB` times; CRC and length close the member."""
    zeros = bytes(MiB)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    assert comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH) == block  # the property the trick rests on
    crc = 0
    for _ in range(size // MiB):
        crc = zlib.crc32(zeros, crc)
    with path.open("wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")
        for _ in range(size // MiB):
            out.write(block)
        out.write(comp.flush() + struct.pack("<II", crc, size & 0xFFFFFFFF))


def huge_page(path: Path, size: int = 50 * MiB) -> None:
    """A real article followed by paragraphs of filler, `size` bytes in all, written a MiB at a time."""
    filler = "".join(f"<p>Paragraf pengisi nomor {i} tentang cuaca dan lalu lintas kota.</p>\n"
                     for i in range(20000)).encode()
    end = b"</article></body></html>"
    with path.open("wb") as out:
        written = out.write(page(JP).encode().replace(end, b""))
        while written < size - len(end):
            written += out.write(filler[: size - len(end) - written])
        out.write(end)


def warc_records(records: list[tuple[str, str]], gz: bool) -> tuple[bytes, list[int]]:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    offsets = []
    for url, body in records:
        offsets.append(buf.tell())
        payload = page(body).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      length=len(payload), http_headers=headers))
    return buf.getvalue(), offsets


def with_wrong_length(data: bytes, offsets: list[int], which: int, delta: int) -> bytes:
    """The uncompressed WARC with record `which` declaring `delta` bytes more than it holds."""
    start = offsets[which]
    i = data.index(b"Content-Length: ", start)
    j = data.index(b"\r\n", i)
    return data[:i] + b"Content-Length: %d" % (int(data[i + 16:j]) + delta) + data[j:]


LOL = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
       + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">\n' for i in range(1, 10))
       .replace("&lol0;", "&lol;")
       + ']>\n<rss version="2.0"><channel><title>T</title><item><title>Laughs</title><description>'
         "&lol9; " + EN.replace("Tuesday", "Wednesday") + "</description></item></channel></rss>")
XXE = ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n<rss version="2.0"><channel>'
       "<title>T</title><item><title>XXE</title><description>" + EN.replace("Tuesday", "Thursday")
       + " &xxe;</description></item></channel></rss>")

JSONL_LINES: list[str | bytes] = [
    json.dumps({"id": "good-1", "text": EN.replace("Tuesday", "Friday")}),                       # 1 stored
    '{"id": "broken", "text": "no closing quote}',                                              # 2 bad JSON
    "Kazakhstan, 2025-11-06, joined the Abraham Accords",                                       # 3 not JSON
    "[1, 2, 3]",                                                                                # 4 not an object
    json.dumps({"id": "no-text"}),                                                              # 5 no text
    "[" * 100_000,                                                                              # 6 nested too deeply
    json.dumps({"id": "bad-lang", "text": EN, "lang": 5}),                                      # 7 wrong type
    "",                                                                                         # 8 blank: skipped
    b'{"id": "latin-byte", "text": "Turkey condemned Israel \xe9 on Saturday in Ankara, officials said."}',  # 9 stored
    json.dumps({"id": "surrogate", "text": "\ud800 " + ID.replace("Kamis", "Jumat")}),          # 10 stored
    json.dumps({"id": 12345678901234567890, "text": JP.replace("Monday", "Sunday")}),           # 11 stored
    json.dumps({"id": "title-list", "text": JP, "title": ["a", "b"]}),                          # 12 wrong type
    '{"id": "cut", "text": "the dump was cut in the middle of this li',                         # 13 truncated
]
JSONL_BAD = {2: "not a JSON object", 3: "not a JSON object", 4: "needs an 'id'", 5: "neither 'text' nor 'html'",
             6: "nested too deeply", 7: "'lang' must be a string", 12: "'title' must be a string",
             13: "truncated line"}


def write_corpus(root: Path, secret: Path) -> dict[str, str]:
    """The bad inputs (and good ones) under `root`; file name → what must happen to it."""
    rng = random.Random(20251107)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, outcome: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = outcome

    put("good/en.html", page(EN), "events")
    put("good/id.txt", ID, "events")
    put("good/jp.txt.gz", gzip.compress(JP.encode()), "events")
    # empty and binary
    put("empty.txt", b"", "error:empty file")
    put("blank.html", b" \n\t\n  ", "error:empty file")
    put("noise.txt", rng.randbytes(4096), "error:binary data")
    put("noise.html", rng.randbytes(20000), "error:binary data")
    put("noise-without-nul.txt", bytes(b or 1 for b in rng.randbytes(8192)), "error:binary data")
    put("noise.jsonl", rng.randbytes(5000), "error:binary data, not JSONL")
    put("noise.rss", b"<rss>" + rng.randbytes(3000), "error:not a readable RSS or Atom feed")
    put("noise.warc", rng.randbytes(3000), "error:not a WARC file")
    put("noise.txt.gz", b"\x1f\x8b" + rng.randbytes(3000), "error:damaged gzip data")
    put("cut.html.zst", zstandard.ZstdCompressor().compress(page(EN).encode())[:-9], "error:truncated zstd data")
    # invalid UTF-8 inside UTF-8: the good part survives
    put("broken-utf8.html", page(ACCENTED.format(city="BANDUNG")).encode().replace(b"Senin", b"Sen\xffin\xc3"),
        "events")
    # mislabelled charsets
    put("cp1252-undeclared.html", page(ACCENTED.format(city="PARIS"), charset=None).encode("cp1252"), "events")
    put("cp1252.txt", ACCENTED.format(city="LYON").encode("cp1252"), "events")
    latin1 = ACCENTED.format(city="MADRID").replace("“", '"').replace("”", '"').replace("—", "-")
    put("latin1-declared-utf8.html", page(latin1, charset="utf-8").encode("latin-1"), "events")
    put("utf8-declared-latin1.html", page(ACCENTED.format(city="LISBOA"), charset="iso-8859-1").encode(), "events")
    put("utf8-declared-nonsense.html", page(ACCENTED.format(city="ROMA"), charset="x-no-such").encode(), "events")
    put("utf16le-nobom.txt", ACCENTED.format(city="BERLIN").encode("utf-16-le"), "events")
    put("utf16be-nobom.html", page(ACCENTED.format(city="WINA"), charset=None).encode("utf-16-be"), "events")
    # size and structure
    huge_page(root / "huge.html")
    expect["huge.html"] = "error:more than the 8 MiB one document may have"
    put("deep.html", "<html><body>" + "<div>" * 10_000 + f"<p>{EN.replace('Tuesday', 'Sunday')}</p>"
        + "</div>" * 10_000 + "</body></html>", "events")
    gzip_bomb(root / "bomb.txt.gz")
    expect["bomb.txt.gz"] = "error:decompression bomb"
    # XML entities
    put("laughs.rss", LOL, "events")
    put("xxe.rss", XXE.replace("{secret}", str(secret)), "events")
    # WARC records longer / shorter than their Content-Length says (record 2 of 3)
    for name, delta in (("longer.warc", -150), ("shorter.warc", 150)):
        records = [(f"https://news.example/{name}/{i}", f"{JP} Record {i} of {name}.") for i in range(3)]
        data, offsets = warc_records(records, gz=False)
        put(name, with_wrong_length(data, offsets, 1, delta), f"warc:{offsets[1]}")
    # JSONL with broken lines
    put("mixed.jsonl", b"\n".join(line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
                                  for line in JSONL_LINES), "jsonl")  # (no newline at the end: cut)
    # invisible and right-to-left marks inside names
    put("invisible.txt", INVISIBLE, "events")
    # scripts no lexicon covers
    for name, text in UNCOVERED.items():
        put(name, text, "stored")
    # a file name that is not UTF-8
    (root / os.fsdecode(b"caf\xe9-name.txt")).write_bytes(EN.replace("Tuesday", "Monday").encode())
    return expect


WRAPPER = """
import json, resource, sys, time
start = time.monotonic()
from diplograph.cli import main
rc = main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump({"rc": rc, "seconds": time.monotonic() - start,
               "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}, out)
sys.exit(rc)
"""


def run_cli(cwd: Path, *args: str, timeout: float = 300) -> tuple[subprocess.CompletedProcess, dict]:
    """`diplograph ARGS` in a fresh process (its main(), as the console script runs it), with the
    process's own peak RSS and wall time."""
    stats = cwd / "stats.json"
    proc = subprocess.run([sys.executable, "-c", WRAPPER, str(stats), *args], capture_output=True, cwd=cwd,
                          encoding="utf-8", errors="replace", timeout=timeout)
    return proc, json.loads(stats.read_text()) if stats.exists() else {}


def errors_of(stderr: str) -> list[str]:
    return [line[len("diplograph: "):] for line in stderr.splitlines() if line.startswith("diplograph: ")]


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    secret = base / "secret.txt"
    secret.write_text(SECRET)
    root = base / "corpus"
    expect = write_corpus(root, secret)
    db = base / "store.duckdb"
    # near-duplicate linking off: the charset variants share most of their words, and the point here
    # is that each of them is read, not that copies are linked
    proc, stats = run_cli(base, "ingest", str(root), "--db", str(db), "--near-duplicates", "0", "--no-progress")
    # the same run without the 50 MiB page and the 1 GiB bomb: what memory the rest costs
    _, baseline = run_cli(base, "ingest", str(root), "--db", str(base / "baseline.duckdb"), "--near-duplicates", "0",
                          "--no-progress", "--exclude", "huge.html", "--exclude", "bomb.txt.gz")
    return {"root": root, "db": db, "proc": proc, "stats": stats, "baseline": baseline, "expect": expect,
            "errors": errors_of(proc.stderr)}


def stored(corpus, name: str) -> list[tuple]:
    path = str(corpus["root"] / name)
    return rows(corpus["db"], "SELECT id, text, lang, n_events, warnings FROM documents WHERE path = ? OR path LIKE ?",
                path, path + "#%")


# -- the batch -------------------------------------------------------------------------------------------
def test_nothing_crashes_and_the_batch_goes_on(corpus):
    proc = corpus["proc"]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 1 and corpus["stats"]["rc"] == 1  # some inputs failed, and said so
    summary = proc.stderr.strip().splitlines()[-1]
    assert re.match(r"\d+ documents read, \d+ new in .*, \d+ events coded, \d+ inputs failed", summary), summary
    for name in ("good/en.html", "good/id.txt", "good/jp.txt.gz"):
        docs = stored(corpus, name)
        assert len(docs) == 1 and docs[0][3] >= 1, (name, docs)
    # every error line is located: it names a file of the corpus
    root = str(corpus["root"])
    assert corpus["errors"] and all(e.startswith(root) for e in corpus["errors"]), corpus["errors"]


def test_each_bad_file_is_one_located_error_that_says_what_to_do(corpus):
    errors = corpus["errors"]
    for name, outcome in corpus["expect"].items():
        path = str(corpus["root"] / name)
        mine = [e for e in errors if e.split(": ", 1)[0].split("#")[0].rsplit(":", 1)[0] == path
                or e.split(": ", 1)[0] == path]
        if outcome.startswith("error:"):
            assert len(mine) == 1, (name, mine)
            assert outcome[6:] in mine[0], (name, mine[0])
            assert not stored(corpus, name), name
        elif outcome in ("events", "stored"):
            assert not mine, (name, mine)
            docs = stored(corpus, name)
            assert len(docs) == 1, (name, docs)
            if outcome == "events":
                assert docs[0][3] >= 1, (name, docs[0])
    by_name = {e.split(": ", 1)[0]: e for e in errors}
    for name in ("huge.html", "bomb.txt.gz"):
        message = by_name[str(corpus["root"] / name)]
        assert "raise the limit with --max-" in message and "diplograph.toml" in message, message


def test_large_page_and_decompression_bomb_in_bounded_memory_and_time(corpus):
    root = corpus["root"]
    assert (root / "huge.html").stat().st_size == 50 * MiB
    bomb = (root / "bomb.txt.gz").read_bytes()
    assert len(bomb) < 2 * MiB and struct.unpack("<I", bomb[-4:])[0] == 1 << 30  # genuinely 1 GiB inside
    stats, baseline = corpus["stats"], corpus["baseline"]
    # Reading the 50 MiB page whole would take more than 50 MiB, parsing it gigabytes; inflating the
    # bomb, a GiB. With them the run costs what it costs without them, give or take allocator noise.
    assert stats["peak_mib"] - baseline["peak_mib"] < 25, (stats, baseline)
    assert stats["seconds"] < baseline["seconds"] + 10, (stats, baseline)
    message = next(e for e in corpus["errors"] if "bomb.txt.gz" in e)
    assert "expands more than 200 times (max_compression_ratio)" in message and "stopped after" in message


# -- what comes out readable ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["cp1252-undeclared.html", "cp1252.txt", "latin1-declared-utf8.html",
                                  "utf8-declared-latin1.html", "utf8-declared-nonsense.html", "utf16le-nobom.txt",
                                  "utf16be-nobom.html", "broken-utf8.html"])
def test_mislabelled_charsets_come_out_readable(corpus, name):
    (doc_id, text, lang, n_events, _), = stored(corpus, name)
    names = ACCENTED_NAMES if not name.startswith("latin1") else ACCENTED_NAMES[:4]
    for accented in names:
        assert accented in text, (name, text)
    assert "\ufffd" not in text or name == "broken-utf8.html"
    actors = {r[0] for r in rows(corpus["db"], "SELECT actor_id FROM mentions WHERE doc_id = ?", doc_id)}
    assert {"jean-noel-barrot", "enrique-pena-nieto"} <= actors, (name, actors)
    assert lang == "id" and n_events >= 2


def test_jsonl_good_lines_stored_and_each_bad_line_reported_by_number(corpus):
    path = str(corpus["root"] / "mixed.jsonl")
    found = {int(e.split(": ", 1)[0].rsplit(":", 1)[1]): e for e in corpus["errors"] if e.startswith(path + ":")}
    assert sorted(found) == sorted(JSONL_BAD)
    for line, phrase in JSONL_BAD.items():
        assert phrase in found[line], found[line]
    docs = {r[0]: r[1] for r in rows(corpus["db"], "SELECT id, text FROM documents WHERE path LIKE ?", path + ":%")}
    assert sorted(docs) == ["12345678901234567890", "good-1", "latin-byte", "surrogate"]
    assert "\ufffd" in docs["surrogate"] and "Kazakhstan" in docs["surrogate"]


def test_warc_records_with_a_wrong_length_are_skipped_and_located(corpus):
    for name in ("longer.warc", "shorter.warc"):
        offset = int(corpus["expect"][name].split(":")[1])
        path = str(corpus["root"] / name)
        mine = [e for e in corpus["errors"] if e.startswith(path)]
        assert len(mine) == 1 and mine[0].startswith(f"{path}#offset={offset}: WARC record 2 "), mine
        assert "not as long as its Content-Length says" in mine[0]
        urls = sorted(r[0] for r in rows(corpus["db"], "SELECT url FROM documents WHERE path LIKE ?", path + "#%"))
        assert urls == [f"https://news.example/{name}/0", f"https://news.example/{name}/2"]


def test_xml_entities_neither_expand_nor_read_local_files(corpus):
    for name in ("laughs.rss", "xxe.rss"):
        (_, text, _, n_events, _), = stored(corpus, name)
        assert len(text) < 1000 and "lollol" not in text and SECRET not in text, text
        assert "Turkey condemned" in text and n_events >= 1
    everything = rows(corpus["db"], "SELECT string_agg(text, ' ') FROM documents")[0][0]
    assert SECRET not in everything


def test_invisible_and_right_to_left_marks_keep_offsets_true(corpus):
    (doc_id, text, _, n_events, _), = stored(corpus, "invisible.txt")
    assert "Israel" in text and "Turkey" in text and not re.search("[\u200b\u200f\u2067\u2069]", text)
    mentions = rows(corpus["db"], "SELECT actor_id, text, start_char, end_char FROM mentions WHERE doc_id = ?", doc_id)
    assert {"ISR", "TUR", "QAT", "EGY"} <= {m[0] for m in mentions}
    for _, quote, start, end in mentions:
        assert text[start:end] == quote
    events = rows(corpus["db"], "SELECT quote, start_char, end_char FROM events WHERE doc_id = ?", doc_id)
    assert n_events >= 1 and events
    for quote, start, end in events:
        assert text[start:end] == quote


def test_scripts_no_lexicon_covers_are_stored_with_language_and_no_crash(corpus):
    for name, original in UNCOVERED.items():
        (_, text, lang, n_events, warnings), = stored(corpus, name)
        assert text == original and n_events == 0
        assert lang in (None, "ka")  # Georgian has a script of its own; Tamil and Ethiopic are unknown
        assert any("no event lexicon" in w for w in warnings)


def test_a_file_name_that_is_not_utf8_is_stored(corpus):
    paths = [r[0] for r in rows(corpus["db"], "SELECT path FROM documents WHERE path LIKE '%-name.txt'")]
    assert paths == [str(corpus["root"] / "caf\ufffd-name.txt")]


# -- limits are configurable -----------------------------------------------------------------------------
def test_limits_through_the_python_api(tmp_path):
    gzip_bomb(tmp_path / "bomb.jsonl.gz", 256 * MiB)
    (tmp_path / "long.txt").write_text("\n\n".join(f"{EN} Paragraph {i}." for i in range(300)), encoding="utf-8")
    (tmp_path / "page.html").write_text(page(ID), encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(json.dumps({"id": "long", "text": EN * 30}) + "\n"
                                          + json.dumps({"id": "short", "text": JP}) + "\n", encoding="utf-8")
    (tmp_path / "news.example").mkdir()
    (tmp_path / "news.example" / "big.html").write_text(page(EN * 30), encoding="utf-8")
    (tmp_path / "links.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                                        "<title>Big</title><link>https://news.example/big.html</link></item>"
                                        "</channel></rss>", encoding="utf-8")
    errors: list[ReadError] = []
    limits = Limits(max_document_size=2000, max_compression_ratio=0, max_decompressed_size=64 * MiB,
                    max_text_chars=2000)
    # (the mirror of the page the feed links to is not an input itself)
    report = ingest_paths([str(tmp_path)], str(tmp_path / "s.duckdb"), limits=limits, near_threshold=0,
                          on_error=errors.append, exclude=["news.example"])
    assert [Path(e.path.split(":")[0].split("#")[0]).name for e in errors] == ["bomb.jsonl.gz", "lines.jsonl",
                                                                              "links.rss", "long.txt"]
    assert "expands to more than 64 MiB (max_decompressed_size)" in errors[0].message
    assert errors[0].path.endswith("bomb.jsonl.gz:1")
    assert errors[1].path.endswith("lines.jsonl:1") and errors[1].message.startswith("a line of 4.")
    assert "the page of https://news.example/big.html" in errors[2].message
    for error in errors[1:]:
        assert "more than the 2 KB one document may have (max_document_size)" in error.message
    assert report.new == 2 and report.events >= 2  # page.html, and the short line after the long one
    # the text limit cuts at a paragraph end, keeps offsets true, and says so in the warnings
    report = ingest_paths([str(tmp_path / "long.txt")], str(tmp_path / "t.duckdb"), near_threshold=0,
                          limits=Limits(max_text_chars=2000))
    (text, warnings, doc_id), = rows(tmp_path / "t.duckdb", "SELECT text, warnings, id FROM documents")
    assert 1800 <= len(text) <= 2000 and text.endswith(".") and text == text.rstrip()
    assert any("max_text_chars" in w for w in warnings)
    for quote, start, end in rows(tmp_path / "t.duckdb", "SELECT quote, start_char, end_char FROM events"):
        assert text[start:end] == quote


def test_limits_through_diplograph_toml_and_the_command_line(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(JP * 20, encoding="utf-8")
    (tmp_path / "diplograph.toml").write_text('max_document_size = "1KiB"\n', encoding="utf-8")
    proc, _ = run_cli(tmp_path, "ingest", "in", "--db", "s.duckdb", "--no-progress")
    assert proc.returncode == 1
    size = human_size((tmp_path / "in" / "b.txt").stat().st_size)
    assert errors_of(proc.stderr) == [f"in/b.txt: {size}, more than the 1 KiB one document may have "
                                      f"(max_document_size); skipped. Split it, or raise the limit with "
                                      f"--max-document-size or max_document_size in diplograph.toml"]
    proc, _ = run_cli(tmp_path, "ingest", "in", "--db", "s.duckdb", "--no-progress", "--max-document-size", "64KB")
    assert proc.returncode == 0, proc.stderr
    assert rows(tmp_path / "s.duckdb", "SELECT count(*) FROM documents")[0][0] == 2
    proc, _ = run_cli(tmp_path, "ingest", "in", "--db", "s.duckdb", "--max-document-size", "lots")
    assert proc.returncode == 2 and "'lots' is not a size" in proc.stderr
    (tmp_path / "diplograph.toml").write_text("max_document_size = [1]\n", encoding="utf-8")
    proc, _ = run_cli(tmp_path, "ingest", "in", "--db", "s.duckdb")
    assert proc.returncode == 2 and "max_document_size" in proc.stderr and "Traceback" not in proc.stderr


def test_defaults_are_the_documented_ones():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "limits.md").read_text(encoding="utf-8")
    defaults = Limits()
    for key, shown in (("max_document_size", "8 MiB"), ("max_decompressed_size", "4 GiB"),
                       ("max_compression_ratio", "200"), ("max_text_chars", "200,000")):
        assert re.search(rf"`{key}`.*{re.escape(shown)}", docs), key
    assert (defaults.max_document_size, defaults.max_decompressed_size) == (8 * MiB, 4 << 30)
    assert (defaults.max_compression_ratio, defaults.max_text_chars) == (200, 200_000)


def test_stdin_bomb_and_binary_are_errors_too(tmp_path):
    gzip_bomb(tmp_path / "b.gz", 64 * MiB)
    for data, phrase in (((tmp_path / "b.gz").read_bytes(), "decompression bomb"),
                         (random.Random(3).randbytes(3000), "binary data")):
        items = list(stdin_sources(ReadContext(defaults={}, resolver=PageResolver()), io.BytesIO(data)))
        assert len(items) == 1 and isinstance(items[0], ReadError) and phrase in items[0].message, items
        assert items[0].path == "<stdin>"


def test_read_paths_alone_never_raises_on_the_corpus(corpus):
    items = list(read_paths([corpus["root"]]))
    assert all(isinstance(i, ReadError) or (i.text is not None) != (i.html is not None) for i in items)


def test_files_left_to_be_read_where_they_are_prepared_read_as_here(corpus, tmp_path):
    """`read_paths(lazy=True)` (the Dask engine's workers read plain files themselves): each
    `FileSource`, once loaded, is the document or the located error the eager reader gives."""
    eager = list(read_paths([corpus["root"]]))
    pending = list(read_paths([corpus["root"]], lazy=True))
    names = {Path(i.path).name for i in pending if isinstance(i, FileSource)}
    assert {"noise.txt", "huge.html", "empty.txt", "cp1252.txt", "utf16be-nobom.html", "en.html",
            "caf\ufffd-name.txt"} <= names
    assert not names & {"jp.txt.gz", "mixed.jsonl", "laughs.rss", "cut.html.zst"}  # those are read here, as before
    assert [i.load() if isinstance(i, FileSource) else i for i in pending] == eager
    # a file gone (or unreadable) by the time it is prepared is a located error, not an exception
    (tmp_path / "gone.txt").write_text(EN, encoding="utf-8")
    (gone,) = read_paths([tmp_path / "gone.txt"], lazy=True)
    (tmp_path / "gone.txt").unlink()
    assert gone.load() == ReadError(str(tmp_path / "gone.txt"),
                                    "cannot read (No such file or directory); check the path and its permissions")
