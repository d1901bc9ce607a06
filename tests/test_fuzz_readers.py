"""Property-based fuzzing of the readers and the actor matcher: whatever the bytes, a reader yields
documents and `ReadError`s (the documented failure type) and nothing else, never raises, and every
offset it or the matcher gives is inside the text. Bounded for CI (about 15 s on two cores);
HYPOTHESIS_PROFILE=long runs twenty times as many examples.

Inputs that once crashed a reader are kept as @example or in REGRESSIONS, forever.
"""
from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import re

import pytest
import zstandard
from hypothesis import HealthCheck, example, given, settings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from diplograph.actors.matcher import build_matcher
from diplograph.actors.resolve import find_mentions
from diplograph.clean import clean, normalise, truncate_text
from diplograph.model import Document, Source
from diplograph.read import Limits, ReadError, decode_bytes, read_paths
from diplograph.read.base import CountingReader
from diplograph.read.compressed import DecompressionLimit, decompressed, is_decompress_error
from diplograph.read.feeds import PageResolver, feed_sources, without_entity_declarations
from diplograph.read.files import ReadContext, _document_sources
from diplograph.read.jsonl import jsonl_sources
from diplograph.read.warc import warc_sources

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def runs(n: int) -> settings:
    """`2n` examples in CI (about 15 s for the file on two cores), 40n in the long profile."""
    return settings(max_examples=n * 40 if LONG else n * 2)


SMALL = Limits(max_document_size=64 * 1024, max_decompressed_size=4 << 20, max_compression_ratio=200,
               max_text_chars=5000)
NEWS = ["Turkey", "condemned", "Israel", "Qatar", "Kazakhstan", "menandatangani", "kerja", "sama", "Jean-Noël",
        "Barrot", "Peña", "São", "Paulo", "“quoted”", "—", ".", ",", "\n", "Is\u200brael", "\u200fإسرائيل\u200f",
        "\u2067Egypt\u2069", "ქართველი", "தமிழ்", "ኢትዮጵያ", "\ufffd", "\x00", "&amp;", "<b>", "</p>"]
news_text = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(NEWS), max_size=40).map(" ".join))


def check_items(items: list, where: str) -> None:
    """What every reader promises: Sources with exactly one of text and html, or located ReadErrors."""
    for item in items:
        if isinstance(item, ReadError):
            assert item.path.startswith(where) and item.message and "\n" not in item.message
        else:
            assert isinstance(item, Source), item
            assert (item.text is None) != (item.html is None)
            for name in ("path", "text", "html", "id", "lang", "date", "url", "title"):
                value = getattr(item, name)
                assert value is None or isinstance(value, str), (name, value)


# -- JSONL ----------------------------------------------------------------------------------------------
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4), max_leaves=12)
doc_line = st.fixed_dictionaries({"id": st.one_of(st.text(min_size=1, max_size=12), st.integers(min_value=1)),
                                  "text": news_text},
                                 optional={"lang": st.sampled_from(["id", "en", "xx", ""]), "title": news_text,
                                           "date": st.sampled_from(["2025-11-07", "2025", "not a date"])})
jsonl_line = st.one_of(
    doc_line.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.dictionaries(st.sampled_from(["id", "text", "html", "lang", "title", "url", "date", "x"]), json_values,
                    max_size=5).map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=120),
    news_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
)
# inputs that crashed the JSONL reader before, or reached the store with values it cannot hold
JSONL_REGRESSIONS = [
    b"[" * 100_000,                                                   # RecursionError out of json.loads
    b'{"id": ' + b"9" * 5000 + b', "text": "x"}',                     # ValueError: int longer than 4300 digits
    b'{"id": "a", "text": "Turkey", "lang": 5}',                      # AttributeError in the pipeline
    b'{"id": "a", "text": "Turkey", "title": ["x"]}',                 # ArrowTypeError in the store
    b'{"id": "a", "text": "\\ud800 Turkey condemned Israel"}',        # lone surrogate: UnicodeEncodeError in the store
    b'{"id": true, "text": "x"}',
    b'{"id": "a", "text": "x"',                                       # cut at the end of the file
]


@runs(150)
@given(lines=st.lists(jsonl_line, max_size=30), newline=st.sampled_from([b"\n", b"\r\n"]), final=st.booleans())
@example(lines=JSONL_REGRESSIONS, newline=b"\n", final=False)
@example(lines=[b"x" * 70_000, b'{"id": "after", "text": "Turkey condemned Israel."}'], newline=b"\n", final=True)
def test_jsonl_reader_on_any_lines(lines, newline, final):
    data = newline.join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines) + (newline if final else b"")
    items = list(jsonl_sources(io.BytesIO(data), "f.jsonl", {"lang": None, "date": None}, None, SMALL))
    check_items(items, "f.jsonl")
    numbers = []
    for item in items:
        where = item.path
        if where != "f.jsonl":
            numbers.append(int(where.rsplit(":", 1)[1]))
    assert numbers == sorted(numbers) and all(1 <= n <= len(lines) for n in numbers)
    assert len(numbers) == len(set(numbers))  # one outcome a line, at most


def test_jsonl_regressions_end_as_errors_or_storable_documents(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(b"\n".join(JSONL_REGRESSIONS[:-1]) + b"\n" + JSONL_REGRESSIONS[-1])
    items = list(read_paths([path]))
    check_items(items, str(path))
    by_line = {int(i.path.rsplit(":", 1)[1]): i for i in items}
    assert sorted(by_line) == list(range(1, len(JSONL_REGRESSIONS) + 1))
    assert isinstance(by_line[5], Source) and by_line[5].text.startswith("\ufffd Turkey")  # surrogate replaced
    assert all(isinstance(by_line[n], ReadError) for n in (1, 2, 3, 4, 6, 7))


# -- WARC ----------------------------------------------------------------------------------------------
def warc(pages: list[tuple[str, bytes, str]], gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, payload, ctype in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      length=len(payload), http_headers=headers))
    return buf.getvalue()


warc_page = st.tuples(st.integers(0, 99).map(lambda i: f"https://news.example/{i}"),
                      news_text.map(lambda t: t.encode("utf-8", "replace")),
                      st.sampled_from(["text/html; charset=utf-8", "text/plain", "text/html; charset=x-bogus",
                                       "image/png", "text/html; charset=utf-16"]))
mutation = st.one_of(
    st.tuples(st.just("cut"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=40)),
    st.tuples(st.just("length"), st.integers(0, 3), st.integers(-300, 300)),
)


def mutate(data: bytes, op: tuple) -> bytes:
    if op[0] == "cut":
        return data[:int(len(data) * op[1])]
    if op[0] == "flip":
        at = min(len(data) - 1, int(len(data) * op[1]))
        return data[:at] + bytes([data[at] ^ op[2]]) + data[at + 1:] if data else data
    if op[0] == "insert":
        at = int(len(data) * op[1])
        return data[:at] + op[2] + data[at:]
    found = list(re.finditer(rb"Content-Length: (\d+)", data))
    if not found:
        return data
    m = found[op[1] % len(found)]
    return data[:m.start(1)] + str(max(0, int(m.group(1)) + op[2])).encode() + data[m.end(1):]


@runs(120)
@given(pages=st.lists(warc_page, min_size=1, max_size=4), gz=st.booleans(), ops=st.lists(mutation, max_size=3))
def test_warc_reader_on_damaged_crawls(tmp_path_factory, pages, gz, ops):
    data = warc(pages, gz)
    for op in ops:
        data = mutate(data, op)
    path = tmp_path_factory.mktemp("w") / ("c.warc.gz" if gz else "c.warc")
    path.write_bytes(data)
    items = list(read_paths([path], limits=SMALL))
    check_items(items, str(path))
    for item in items:
        offset = int(item.path.split("#offset=")[1].split(":")[0]) if "#offset=" in item.path else 0
        assert 0 <= offset <= len(data)
    if not ops:
        assert not [i for i in items if isinstance(i, ReadError)]


@runs(80)
@given(data=st.binary(max_size=3000))
@example(data=b"WARC/1.0\r\nContent-Length: 99999999999\r\n\r\nabc")
@example(data=b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: text/html\r\nContent-Length: -5\r\n\r\n")
def test_warc_reader_on_any_bytes(data):
    items = list(warc_sources(CountingReader(io.BytesIO(data)), "x.warc", {}, SMALL))
    check_items(items, "x.warc")


# -- feeds ---------------------------------------------------------------------------------------------
feed_piece = st.sampled_from([
    "<item>", "</item>", "<title>Turkey</title>", "<description>Turkey condemned Israel.</description>",
    "<link>https://news.example/x</link>", "<link>file:///etc/passwd</link>", "<link>../../../etc/passwd</link>",
    "<![CDATA[<p>Qatar</p>]]>", "&lol;", "&xxe;", "&amp;", "&#0;", "&#xD800;", "&#1114112;", "&#x41;", "<content:encoded>",
    "</content:encoded>", "<pubDate>Thu, 06 Nov 2025 02:00:00 +0700</pubDate>", "<pubDate>yesterday</pubDate>",
    "<entry>", "</entry>", '<link href="https://a.example/"/>', "\x00", "\ufffd", "<language>id</language>"])
doctype = st.sampled_from([
    "", '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
    '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://x/">%p;]>',
    '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://x/rss-0.91.dtd">'])


@runs(120)
@example(head="", root="rss", body="<item><title>a&#xD800;b&#1114112;&#99999999999999999999999;</title></item>",
         encoding="utf-8")  # chr() errors inside feedparser: the whole feed was lost
@given(head=doctype, root=st.sampled_from(["rss", "feed", "rdf:RDF"]),
       body=st.lists(st.one_of(feed_piece, news_text), max_size=30).map("".join),
       encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "windows-1252"]))
def test_feed_reader_on_any_markup(head, root, body, encoding):
    xml = f'<?xml version="1.0" encoding="{encoding}"?>{head}<{root} version="2.0"><channel>{body}</channel></{root}>'
    data = xml.encode(encoding, "replace")
    items = list(feed_sources(data, "f.rss", {}, PageResolver(limits=SMALL), None, SMALL))
    check_items(items, "f.rss")
    for item in items:
        if isinstance(item, Source):
            assert "root:" not in (item.html or item.text)  # nothing of /etc/passwd


@runs(60)
@given(data=st.binary(max_size=2000))
def test_feed_reader_on_any_bytes(data):
    check_items(list(feed_sources(b"<rss>" + data, "f.rss", {}, None, None, SMALL)), "f.rss")
    without_entity_declarations(b"<!DOCTYPE x [" + data + b"]>")


# -- HTML and text bytes, any declared charset -----------------------------------------------------------
charsets = st.one_of(st.sampled_from(["utf-8", "UTF8", "latin-1", "iso-8859-1", "windows-1252", "cp1250", "koi8-r",
                                      "shift_jis", "gb2312", "utf-16", "utf-16le", "utf-32", "utf-7", "idna",
                                      "punycode", "undefined", "unicode_escape", "rot13", "base64", "x-user-defined",
                                      "", "\x00", "utf-8\x00"]),
                     st.text(max_size=12))
page_encodings = st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1252", "latin-1", "cp1251",
                                  "shift_jis", "utf-32"])


@runs(150)
@given(declared=charsets, body=news_text, encoding=page_encodings, noise=st.binary(max_size=30),
       kind=st.sampled_from(["html", "text", "sniffed"]))
@example(declared="idna", body="x", encoding="utf-8", noise=b"\xff", kind="html")        # UnicodeError, not a
@example(declared="undefined", body="x", encoding="utf-8", noise=b"\xff", kind="html")   # UnicodeDecodeError
@example(declared="punycode", body="Peña", encoding="cp1252", noise=b"", kind="html")
def test_html_and_text_bytes_with_any_declared_charset(kb, declared, body, encoding, noise, kind):
    html = f'<html><head><meta charset="{declared}"><title>t</title></head><body><p>{body}</p></body></html>'
    data = html.encode(encoding, "replace") + noise
    assert isinstance(decode_bytes(data, declared), str)
    ctx = ReadContext(defaults={"lang": None, "date": None}, resolver=PageResolver(), limits=SMALL)
    items = list(_document_sources(data, kind, "p.html", ctx, None, len(data)))
    check_items(items, "p.html")
    for item in items:
        if isinstance(item, Source):
            cleaned = clean(item.text, item.html, kb)
            assert isinstance(cleaned.text, str) and not re.search("[\x00\u200b\u200f\ud800-\udfff]", cleaned.text)


LATIN_WORDS = [w for w in NEWS if w.isascii() and w.isprintable() and w.strip()] + ["Jean-Noël", "Peña", "São", "“quoted”"]


@runs(100)
@given(words=st.lists(st.sampled_from(LATIN_WORDS), min_size=4, max_size=60), encoding=st.sampled_from(["utf-16-le",
                                                                                                      "utf-16-be"]))
def test_utf16_without_bom_is_read_back(words, encoding):
    # without a byte-order mark the byte order is a guess: a good one for the mostly-Latin text it is meant for
    text = " ".join(words)
    assert decode_bytes(text.encode(encoding)) == text


@runs(100)
@given(text=st.text(max_size=200), encoding=st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-8"]))
@example(text="\U00010000", encoding="utf-16-le")  # reads as "ØÜ" in UTF-16-BE just as well: decoded, not raised
def test_any_text_in_any_unicode_encoding_decodes(text, encoding):
    assert isinstance(decode_bytes(text.encode(encoding, "surrogatepass")), str)


# -- compressed streams: truncated, damaged, bombs ------------------------------------------------------
COMPRESS = {"gzip": gzip.compress, "zstd": lambda d: zstandard.ZstdCompressor().compress(d), "bz2": bz2.compress,
            "xz": lzma.compress}


@runs(150)
@given(kind=st.sampled_from(sorted(COMPRESS)), data=st.binary(max_size=5000) | news_text.map(str.encode),
       cut=st.floats(0, 1), flip=st.one_of(st.none(), st.tuples(st.floats(0, 1), st.integers(1, 255))),
       members=st.integers(1, 3))
def test_compressed_streams_truncated_or_damaged(kind, data, cut, flip, members):
    packed = b"".join(COMPRESS[kind](data) for _ in range(members)) if kind in ("gzip", "zstd") else COMPRESS[kind](data)
    whole = data * members if kind in ("gzip", "zstd") else data
    damaged = packed[:int(len(packed) * cut)] if cut < 1 else packed
    if flip is not None and damaged:
        at = min(len(damaged) - 1, int(len(damaged) * flip[0]))
        damaged = damaged[:at] + bytes([damaged[at] ^ flip[1]]) + damaged[at + 1:]
    out = b""
    stream = decompressed(io.BytesIO(damaged), kind, SMALL)
    try:
        while chunk := stream.read(4096):
            out += chunk
    except Exception as exc:  # the only failures there are: truncated, damaged, or over a limit
        assert is_decompress_error(exc), repr(exc)
    if flip is None:
        assert whole.startswith(out)  # a truncated stream gives a prefix of the data, nothing else


@runs(12)
@given(kind=st.sampled_from(sorted(COMPRESS)), size=st.integers(5, 8), byte=st.binary(min_size=1, max_size=1))
def test_bombs_stop_at_the_limits_with_bounded_steps(kind, size, byte):
    packed = COMPRESS[kind](byte * (size << 20))
    stream = decompressed(io.BytesIO(packed), kind, Limits(max_decompressed_size=4 << 20, max_compression_ratio=0))
    out = 0
    with pytest.raises(DecompressionLimit, match="max_decompressed_size"):
        while chunk := stream.read(1 << 16):
            out += len(chunk)
    assert out == 4 << 20  # exactly up to the limit


@runs(40)
@given(name=st.sampled_from(["a.txt.gz", "a.jsonl.zst", "a.html.bz2", "a.warc.xz", "a.rss.gz", "a.gz"]),
       data=st.binary(max_size=400), cut=st.integers(0, 60))
def test_read_paths_on_compressed_files_never_raises(tmp_path_factory, name, data, cut):
    kind = {"gz": "gzip", "zst": "zstd", "bz2": "bz2", "xz": "xz"}[name.rsplit(".", 1)[1]]
    path = tmp_path_factory.mktemp("c") / name
    packed = COMPRESS[kind](data)
    path.write_bytes(packed[:len(packed) - cut] if cut else packed)
    check_items(list(read_paths([path], limits=SMALL)), str(path))


# -- the cleaner's limits ------------------------------------------------------------------------------
@runs(150)
@given(text=st.text(max_size=600) | st.lists(st.sampled_from(NEWS + ["\n\n", ". "]), max_size=200).map(" ".join),
       limit=st.integers(0, 700))
def test_truncate_text_is_a_prefix_within_the_limit(text, limit):
    cut = truncate_text(text, limit)
    assert text.startswith(cut)
    assert len(cut) <= limit or not limit and cut == text


# -- the actor matcher ------------------------------------------------------------------------------------
MATCHER_REGRESSIONS = ["", "\x01", "\x01Israel\x01", "İsrail", "ǅ" * 4, "ﬁ Israel", "Is\u0307rael", "Δ" * 3 + " Israel"]


@pytest.mark.parametrize("text", MATCHER_REGRESSIONS)
def test_matcher_regressions(kb, text):
    _check_hits(kb, text, "en")


def _check_hits(kb, text: str, lang: str | None) -> None:
    reach = 0
    for hit in build_matcher(kb, lang).find(text):
        assert 0 <= hit.start < hit.end <= len(text) and hit.start >= reach and hit.entries
        reach = hit.end


@runs(150)
@given(text=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(NEWS + ["AS", "UEA", "U.S.", "RI", "PBB"]),
                                                      max_size=60).map(" ".join)),
       lang=st.sampled_from(["id", "en", "ar", "ms", "xx", None]))
def test_matcher_and_mentions_offsets_stay_in_the_text(kb, text, lang):
    _check_hits(kb, text, lang)
    clean_text = normalise(text)
    doc = Document(id="f", path="f", text=clean_text, lang=lang, date="2025-11-07")
    for m in find_mentions(doc, kb):
        assert 0 <= m.start < m.end <= len(clean_text) and clean_text[m.start:m.end] == m.text
