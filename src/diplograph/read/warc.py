"""WARC and WARC.gz (and ARC) files, the format of news crawls: one document per HTML or text
response record, read as a stream. A truncated or damaged file yields its good records and then
one `ReadError` located at the byte offset where the damage starts."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Generator, Iterator

from ..model import Source
from .base import (DEFAULT_LIMITS, CountingReader, Limits, ReadError, charset_of_content_type, declared_charset,
                   decode_bytes, too_large)
from .compressed import DecompressionLimit

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
DOCUMENT_RECORDS = ("response", "resource")
_LANG = re.compile(r"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)?\s*(?:,|$)")


def _content_type(record) -> str:
    if record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type")
    else:
        value = record.rec_headers.get_header("Content-Type")
    return value or ""


def _status_ok(record) -> bool:
    if record.http_headers is None or record.rec_type != "response":
        return True
    try:
        status = int(record.http_headers.get_statuscode() or 0)
    except ValueError:
        return False
    return 200 <= status < 300


def payload_to_source(payload: bytes, content_type: str, where: str, url: str | None,
                      defaults: dict[str, str | None], lang: str | None = None) -> Source | None:
    """A fetched or archived page to a `Source`: the charset the headers declare, then the one the
    page declares, then detection. None if it is not HTML or text."""
    mime = content_type.split(";")[0].strip().lower()
    charset = charset_of_content_type(content_type)
    if mime in HTML_TYPES or (not mime and payload.lstrip()[:1] == b"<"):
        html = decode_bytes(payload, charset or declared_charset(payload))
        return Source(path=where, html=html, url=url, lang=lang or defaults.get("lang"), date=defaults.get("date"))
    if mime in TEXT_TYPES:
        return Source(path=where, text=decode_bytes(payload, charset), url=url,
                      lang=lang or defaults.get("lang"), date=defaults.get("date"))
    return None


def _iterator(stream):
    from warcio.archiveiterator import ArchiveIterator

    class QuietIterator(ArchiveIterator):
        # warcio prints a warning when a record is not followed by a blank line (its Content-Length
        # is wrong); we report that ourselves, located, instead of letting it reach the terminal
        INC_RECORD = ""

    return QuietIterator(stream, arc2warc=True)


def warc_sources(stream: CountingReader, where: str, defaults: dict[str, str | None],
                 limits: Limits = DEFAULT_LIMITS, reopen: Callable[[int], CountingReader] | None = None
                 ) -> Iterator[Source | ReadError]:
    """The documents of a WARC stream. A record whose Content-Length is wrong, or that is larger than
    `limits.max_document_size`, is one located error; the records after it are read. After damage
    that warcio cannot step over, a file (`reopen` given: a stream of the same file from an offset)
    is searched for the next record and read on from there."""
    n = 0
    gz: bool | None = None
    while True:
        outcome = yield from _records(stream, where, defaults, limits, n)
        n, damage = outcome
        if damage is None:
            return
        at, problem, count = damage
        resume = None
        if reopen is not None:
            if gz is None:
                gz = reopen(0).read(2) == b"\x1f\x8b"
            resume = _next_record_start(reopen, at + 1, gz)
        if resume is None:
            done = f"the {count} records before were read" if count or at else "nothing could be read from it"
            yield ReadError(f"{where}#offset={at}", f"{problem}; {done}")
            return
        yield ReadError(f"{where}#offset={at}", f"{problem}; skipped up to the next record (offset {resume}), "
                                                f"where reading goes on")
        stream = reopen(resume)  # type: ignore[misc]


def _records(stream: CountingReader, where: str, defaults: dict[str, str | None], limits: Limits, n: int
             ) -> Generator[Source | ReadError, None, tuple[int, tuple[int, str, int] | None]]:
    """Records from the stream's position on; returns how many were seen in all and, if damage
    stopped the reading, (offset, what is wrong, records read before)."""
    it = _iterator(stream)
    start = end = stream.tell()  # where the last whole record ends
    whole = n  # records read to their end
    mismatch: tuple[int, int, str] | None = None  # (offset, number, uri) of a record whose length is wrong
    # a record whose content ended before its Content-Length: the file ends there (truncated), unless
    # another record follows (a WARC.gz member shorter than the length it declares)
    short: tuple[int, int, str, str] | None = None
    try:
        for record in it:
            n += 1
            errors = it.err_count
            src = _record_source(record, n, where, defaults, limits)
            uri = record.rec_headers.get_header("WARC-Target-URI") or "no URI"
            # (the offset is asked for only after the content is read: asking reads the record to its end)
            offset, length = it.get_record_offset(), it.get_record_length()
            for pending in (short, mismatch):
                if pending is not None:
                    yield _mismatch_error(where, *pending[:3])
            short = mismatch = None
            end = offset + (length or 0)
            whole = n
            if isinstance(src, str):
                short = (offset, n, uri, src)
                continue
            if it.err_count > errors:  # no blank line after it: the record does not end where it says
                mismatch = (offset, n, uri)
                continue
            if isinstance(src, ReadError):
                src.path = f"{where}#offset={offset}"
                yield src
            elif src is not None:
                src.path = f"{where}#offset={offset}"
                yield src
    except Exception as exc:  # damaged gzip member, garbage instead of a WARC header, ...
        if isinstance(exc, DecompressionLimit):
            raise  # (a .warc.zst or .warc.xz expanding too much: the caller says which limit, and how to raise it)
        if short is not None:
            yield ReadError(f"{where}#offset={short[0]}", short[3])
            return n, None
        if mismatch is not None:
            offset, number, uri = mismatch
            return n, (offset, f"WARC record {number} ({uri}) is not as long as its Content-Length says, "
                               f"and the data after it is not a record", number - 1)
        what = f"{type(exc).__name__}: {str(exc)[:80]}"
        if start == 0 and whole == 0:
            return whole, (0, f"not a WARC file, or damaged from its start ({what})", 0)
        return whole, (end, f"damaged WARC data after record {whole} ({what})", whole)
    if short is not None:
        yield ReadError(f"{where}#offset={short[0]}", short[3])
        return n, None
    if mismatch is not None:
        yield _mismatch_error(where, *mismatch)
    if stream.tell() > end + 4:  # (an uncompressed record is followed by a CRLF CRLF its length leaves out)
        yield ReadError(f"{where}#offset={end}", f"truncated WARC file: {stream.tell() - end} bytes after "
                        f"record {n} are not a whole record; the {n} records before were read")
    return n, None


def _mismatch_error(where: str, offset: int, number: int, uri: str) -> ReadError:
    return ReadError(f"{where}#offset={offset}", f"WARC record {number} ({uri}) is not as long as its "
                     f"Content-Length says, so its content cannot be trusted; skipped (the records after it "
                     f"are read). Rewrite the record, or drop it from the file")


_WARC_START = re.compile(rb"\n(WARC/1\.[01]\r?\n)")  # a record starts a line (after the blank lines)
_SCAN = 1 << 20


def _next_record_start(reopen: Callable[[int], CountingReader], position: int, gz: bool) -> int | None:
    """The offset of the first record that starts at or after `position`: a line "WARC/1.x", or, in a
    WARC.gz, a gzip member whose data starts with one. None if there is none."""
    import zlib

    handle = reopen(position)
    carry = b""
    base = position
    while True:
        chunk = handle.read(_SCAN)
        if not chunk:
            return None
        data = carry + chunk
        if gz:
            at = data.find(b"\x1f\x8b\x08")
            while at != -1:
                try:
                    head = zlib.decompressobj(31).decompress(data[at:at + 4096], 16)
                except zlib.error:
                    head = b""
                if head.startswith(b"WARC/"):
                    return base + at
                at = data.find(b"\x1f\x8b\x08", at + 1)
        else:
            found = _WARC_START.search(data)
            if found:
                return base + found.start(1)
        keep = 4096 if gz else 16
        carry = data[-keep:]
        base += len(data) - len(carry)


def _record_source(record, n: int, where: str, defaults: dict[str, str | None],
                   limits: Limits) -> Source | ReadError | str | None:
    """The document of one record; None if it holds none; a ReadError if it cannot be read (the
    next records can); a message if the file ends inside it."""
    if record.rec_type not in DOCUMENT_RECORDS or not _status_ok(record):
        return None
    ctype = _content_type(record)
    mime = ctype.split(";")[0].strip().lower()
    if mime not in HTML_TYPES and mime not in TEXT_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    cap = limits.max_document_size
    payload = record.content_stream().read(cap + 1 if cap else -1)
    if cap and len(payload) > cap:
        return ReadError(where, f"WARC record {n} ({uri or 'no URI'}): {too_large(record.length, limits)}")
    if getattr(record.raw_stream, "limit", 0) > 0:
        return (f"truncated WARC record {n} ({uri or 'no URI'}): the file ends inside it; "
                f"the {n - 1} records before were read")
    if not payload.strip():
        return None
    lang = None
    if record.http_headers is not None:
        found = _LANG.match(record.http_headers.get_header("Content-Language") or "")
        lang = found.group(1).lower() if found else None
    return payload_to_source(payload, ctype, where, uri, defaults, lang)


def warc_index(path: Path) -> dict[str, int]:
    """URL → byte offset of its HTML or text response record (for resolving feed links)."""
    index: dict[str, int] = {}
    with path.open("rb") as handle:
        it = _iterator(handle)
        try:
            for record in it:
                if record.rec_type in DOCUMENT_RECORDS and _status_ok(record):
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    if uri:
                        index.setdefault(uri, it.get_record_offset())
        except Exception:  # a damaged tail: what was indexed stays usable
            pass
    return index


def warc_record_at(path: Path, offset: int, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, str] | str | None:
    """The payload and content type of the record at `offset`; a message if it is too large."""
    with path.open("rb") as handle:
        handle.seek(offset)
        for record in _iterator(handle):
            cap = limits.max_document_size
            payload = record.content_stream().read(cap + 1 if cap else -1)
            if cap and len(payload) > cap:
                return f"the page in {path}#offset={offset}: {too_large(record.length, limits)}"
            return payload, _content_type(record)
    return None


def is_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/") or head.startswith(b"filedesc://")
