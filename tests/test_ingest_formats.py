"""Every input format of `ingest`, on real files: WARC and WARC.gz written with warcio (one of them
truncated), RSS and Atom feeds (with broken items and link-only items), JSONL, compressed files,
folders with globs, and stdin. Bad records are reported with their position; the rest goes on."""
from __future__ import annotations

import gzip
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from diplograph.read import ReadError, read_paths

ID_TEXT = ("JAKARTA — Indonesia dan Kazakhstan menandatangani nota kesepahaman kerja sama energi pada "
           "Kamis (6/11/2025). Turki mengecam Israel atas serangan ke Doha.")
EN_TEXT = ("ANKARA — Turkey condemned the Israeli strike on Doha on Tuesday. Qatar and Egypt agreed to expand "
           "cooperation on trade and energy, the foreign ministry said.")
JP_TEXT = ("HANOI — Japan and Vietnam signed an agreement on fisheries and infrastructure in Hanoi on Monday, "
           "officials of both governments said after the talks.")
FR_TEXT = "La France et le Maroc ont signé un accord de coopération énergétique à Rabat, a indiqué le ministère."


def page(body: str, title: str = "Berita", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!doctype html><html><head>{meta}<title>{title}</title></head><body>"
            f"<nav><a href='/'>Beranda</a> <a href='/dunia'>Dunia</a></nav><article><h1>{title}</h1>"
            f"<p>{body}</p></article><footer>© 2025 Contoh Media</footer></body></html>")


def warc_bytes(records: list[tuple[str, bytes, str, int]], gz: bool = True) -> tuple[bytes, list[int]]:
    """(url, payload, content type, status) records as a WARC; also each record's byte offset."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    offsets = []
    for url, payload, ctype, status in records:
        offsets.append(buf.tell())
        headers = StatusAndHeaders(f"{status} OK" if status == 200 else f"{status} Not Found",
                                   [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      length=len(payload), http_headers=headers))
    return buf.getvalue(), offsets


CRAWL = [
    ("https://kabar.example/1", page(ID_TEXT, "Kazakhstan").encode("utf-8"), "text/html; charset=utf-8", 200),
    # charset only in the HTTP header, page says nothing
    ("https://news.example/fr", page(FR_TEXT, "Énergie", None).encode("windows-1252"), "text/html; charset=windows-1252", 200),
    ("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png", 200),
    ("https://news.example/missing", page("Not here").encode(), "text/html", 404),
    ("https://news.example/en", page(EN_TEXT, "Turkey").encode("utf-8"), "text/html", 200),
    ("https://news.example/plain", "Malaysia menyambut baik keputusan Kazakhstan.".encode(), "text/plain; charset=utf-8", 200),
]


def good(items):
    return [i for i in items if not isinstance(i, ReadError)]


def bad(items):
    return [i for i in items if isinstance(i, ReadError)]


def stored(db: Path, sql: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("gz", [True, False])
def test_warc_response_records_with_their_charsets(tmp_path, gz):
    data, _ = warc_bytes(CRAWL, gz)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data)
    items = list(read_paths([path]))
    assert not bad(items)
    docs = good(items)
    assert [d.url for d in docs] == ["https://kabar.example/1", "https://news.example/fr", "https://news.example/en",
                                     "https://news.example/plain"]
    assert "énergétique" in docs[1].html and "Énergie" in docs[1].html  # windows-1252 from the HTTP header
    assert docs[3].text.startswith("Malaysia") and docs[3].html is None
    assert all("#offset=" in d.path for d in docs)


def test_truncated_warc_gz_keeps_the_good_records_and_locates_the_damage(tmp_path, cli):
    data, offsets = warc_bytes(CRAWL)
    cut = offsets[4] + (len(data) - offsets[4]) // 3  # inside the fifth record
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:cut])
    items = list(read_paths([path]))
    errors = bad(items)
    assert [d.url for d in good(items)] == ["https://kabar.example/1", "https://news.example/fr"]
    assert len(errors) == 1 and f"#offset={offsets[4]}" in errors[0].path and "truncated" in errors[0].message

    db = tmp_path / "s.duckdb"
    proc = cli("ingest", str(path), str(tmp_path / "nope.warc.gz"), "--db", str(db))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert any(f"cut.warc.gz#offset={offsets[4]}: truncated" in line for line in lines)
    assert "2 documents read, 2 new" in lines[-1] and "2 inputs failed" in lines[-1]
    assert stored(db, "SELECT count(*) FROM documents")[0][0] == 2
    assert {r[0] for r in stored(db, "SELECT url FROM documents")} == {"https://kabar.example/1", "https://news.example/fr"}


def test_damaged_warc_gz_is_one_located_error(tmp_path):
    data, offsets = warc_bytes(CRAWL[:2])
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data[:offsets[1]] + b"\x1f\x8b\x08\x00garbage-not-deflate" * 20)
    items = list(read_paths([path]))
    assert len(good(items)) == 1 and len(bad(items)) == 1
    assert f"#offset={offsets[1]}" in bad(items)[0].path


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Kabar</title><link>https://kabar.example/</link><language>id-ID</language>
<item><title>Satu</title><link>https://kabar.example/satu</link>
<pubDate>Thu, 06 Nov 2025 02:00:00 +0700</pubDate>
<content:encoded><![CDATA[<p>{id_text}</p>]]></content:encoded></item>
<item><title>Tanpa isi</title></item>
<item><title>Dua</title><link>https://kabar.example/2025/11/dua.html</link><pubDate>Fri, 07 Nov 2025 09:00:00 +0700</pubDate></item>
<item><title>Tiga</title><link>https://elsewhere.example/tiga</link></item>
<item><title>Empat</title><link>https://news.example/en</link></item>
<item><title>Lima</title><link>https://kabar.example/lima</link><description>Malaysia menyambut baik keputusan Kazakhstan bergabung dengan forum itu.</description></item>
<item><title>Enam</title><description>Potongan berita yang terpotong di tengah
</channel></rss>"""


def write_feed(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "feeds"
    (folder / "kabar.example" / "2025" / "11").mkdir(parents=True)
    (folder / "kabar.example" / "2025" / "11" / "dua.html").write_text(page(JP_TEXT, "Dua"), encoding="utf-8")
    feed = folder / "kabar.rss"
    feed.write_text(RSS.replace("{id_text}", ID_TEXT), encoding="utf-8")
    data, _ = warc_bytes(CRAWL)
    warc = tmp_path / "pages.warc.gz"
    warc.write_bytes(data)
    return feed, warc


def test_rss_items_links_resolved_locally_and_broken_items_located(tmp_path):
    feed, warc = write_feed(tmp_path)
    items = list(read_paths([feed], pages=[warc]))
    docs, errors = good(items), bad(items)
    by_title = {d.title: d for d in docs}
    assert list(by_title) == ["Satu", "Dua", "Empat", "Lima"]
    assert by_title["Satu"].date == "2025-11-06" and by_title["Satu"].lang == "id"  # local date, feed language
    assert "Kazakhstan" in by_title["Satu"].html
    assert "Japan and Vietnam" in by_title["Dua"].html          # the page, from the mirror folder
    assert by_title["Dua"].url == "https://kabar.example/2025/11/dua.html" and by_title["Dua"].date == "2025-11-07"
    assert "Turkey condemned" in by_title["Empat"].html         # the page, from the WARC given as --pages
    assert "Malaysia menyambut" in by_title["Lima"].html        # not local: the description
    assert [e.path for e in errors] == [f"{feed}#item-2 (line 7)", f"{feed}#item-4 (line 9)", f"{feed}#item-7 (line 12)"]
    assert "no content" in errors[0].message
    assert "--fetch" in errors[1].message and "elsewhere.example/tiga" in errors[1].message
    assert "truncated" in errors[2].message


def test_feed_through_the_cli_reports_each_bad_item_and_ingests_the_rest(tmp_path, cli):
    feed, warc = write_feed(tmp_path)
    db = tmp_path / "f.duckdb"
    proc = cli("ingest", str(feed), "--pages", str(warc), "--db", str(db))
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if "#item-" in line]
    assert len(errors) == 3 and all(line.startswith("diplograph: ") for line in errors)
    assert stored(db, "SELECT count(*) FROM documents")[0][0] == 4
    assert stored(db, "SELECT count(*) FROM events WHERE event_type = 'SUPPORT'")[0][0] >= 1


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = page(EN_TEXT, "Fetched").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_fetch_only_with_the_flag(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/news/1"
        feed = tmp_path / "f.xml"
        feed.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>X</title>"
                        f"<link>{url}</link></item></channel></rss>", encoding="utf-8")
        offline = list(read_paths([feed]))
        assert len(bad(offline)) == 1 and "--fetch" in bad(offline)[0].message
        online = list(read_paths([feed], fetch=True))
        assert not bad(online) and "Turkey condemned" in online[0].html and online[0].url == url
    finally:
        server.shutdown()


def test_atom_feed(tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Wire</title><id>urn:wire</id>
<entry><title>Turkey</title><id>urn:1</id><link href="https://wire.example/1"/>
<updated>2025-11-04T23:30:00-05:00</updated><content type="html">&lt;p&gt;{EN_TEXT}&lt;/p&gt;</content></entry>
<entry><title>Empty</title><id>urn:2</id></entry>
</feed>"""
    path = tmp_path / "wire.atom"
    path.write_text(atom, encoding="utf-8")
    items = list(read_paths([path]))
    docs = good(items)
    assert len(docs) == 1 and docs[0].url == "https://wire.example/1" and docs[0].date == "2025-11-04"
    assert docs[0].lang == "en" and "Turkey condemned" in docs[0].html
    assert len(bad(items)) == 1 and "#item-2" in bad(items)[0].path


def test_jsonl_plain_gzip_zstd_and_a_truncated_gzip(tmp_path):
    lines = [json.dumps({"id": f"d{i}", "text": t, "lang": "id"}) for i, t in enumerate([ID_TEXT, EN_TEXT, FR_TEXT])]
    blob = ("\n".join(lines) + "\n").encode()
    (tmp_path / "a.jsonl").write_bytes(blob)
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(blob))
    (tmp_path / "c.ndjson.zst").write_bytes(zstandard.ZstdCompressor().compress(blob))
    big = ("\n".join(json.dumps({"id": f"t{i}", "text": f"{EN_TEXT} {i}"}) for i in range(300)) + "\n").encode()
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(big)[:-200])
    items = list(read_paths([tmp_path]))
    docs, errors = good(items), bad(items)
    assert [d.id for d in docs[:9]] == ["d0", "d1", "d2"] * 3
    assert docs[3].path.endswith("b.jsonl.gz:1") and docs[6].path.endswith("c.ndjson.zst:1")
    truncated = [d for d in docs if d.id.startswith("t")]
    assert 200 < len(truncated) < 300 and [d.id for d in truncated] == [f"t{i}" for i in range(len(truncated))]
    assert len(errors) == 1 and "d.jsonl.gz:" in errors[0].path and "truncated gzip" in errors[0].message


def test_compressed_single_documents_and_encodings(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ID_TEXT.encode()))
    (tmp_path / "b.html.zst").write_bytes(zstandard.ZstdCompressor().compress(page(FR_TEXT, "Énergie").encode()))
    # no declared charset anywhere: detected
    (tmp_path / "c.html").write_bytes(page(FR_TEXT * 3, "Énergie", None).encode("latin-1"))
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(ID_TEXT.encode())[:20])
    docs = list(read_paths([tmp_path]))
    assert docs[0].text == ID_TEXT
    assert "énergétique" in docs[1].html
    assert "énergétique" in docs[2].html
    assert isinstance(docs[3], ReadError) and "d.txt.gz" in docs[3].path and "truncated gzip" in docs[3].message


def test_folders_recursive_with_include_and_exclude(tmp_path):
    for rel in ("2025/11/a.txt", "2025/11/b.html", "2025/12/c.txt", "drafts/d.txt", "notes.md", ".hidden/e.txt",
                "2025/11/f.dat"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{EN_TEXT} {rel}", encoding="utf-8")
    names = lambda items: [Path(i.path).relative_to(tmp_path).as_posix() for i in items]  # noqa: E731
    assert names(read_paths([tmp_path])) == ["2025/11/a.txt", "2025/11/b.html", "2025/12/c.txt", "drafts/d.txt"]
    assert names(read_paths([tmp_path], exclude=["drafts", "*.html"])) == ["2025/11/a.txt", "2025/12/c.txt"]
    assert names(read_paths([tmp_path], include=["2025/11/*"])) == ["2025/11/a.txt", "2025/11/b.html", "2025/11/f.dat"]
    assert names(read_paths([tmp_path], include=["*.txt"], exclude=["2025/12"])) == ["2025/11/a.txt", "drafts/d.txt"]


def test_stdin_jsonl_and_warc_gz(cli, tmp_path):
    lines = "\n".join(json.dumps({"id": f"s{i}", "text": t}) for i, t in enumerate([ID_TEXT, EN_TEXT])) + "\n"
    db = tmp_path / "in.duckdb"
    proc = cli("ingest", "-", "--db", str(db), stdin=lines)
    assert proc.returncode == 0 and "2 documents read, 2 new" in proc.stderr
    assert sorted(r[0] for r in stored(db, "SELECT id FROM documents")) == ["s0", "s1"]

    import subprocess

    from conftest import cli_path

    data, _ = warc_bytes(CRAWL)
    done = subprocess.run([cli_path(), "extract", "-"], input=data, capture_output=True, timeout=120)
    assert done.returncode == 0
    paths = {json.loads(line)["path"].split("#")[0] for line in done.stdout.decode().splitlines()}
    assert paths == {"<stdin>"}
    plain = cli("mentions", "-", stdin="Presiden Tokayev bertemu Menlu RI di Astana.", check=True)
    assert "kassym-jomart-tokayev" in plain.stdout
