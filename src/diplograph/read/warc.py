"""WARC and WARC.gz (and ARC) files, the format of news crawls: one document per HTML or text
response record, read as a stream. A truncated or damaged file yields its good records and then
one `ReadError` located at the byte offset where the damage starts."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..model import Source
from .base import CountingReader, ReadError, charset_of_content_type, declared_charset, decode_bytes

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


def warc_sources(stream: CountingReader, where: str, defaults: dict[str, str | None]) -> Iterator[Source | ReadError]:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(stream, arc2warc=True)
    n = 0
    end = 0  # where the last whole record ends
    try:
        for record in it:
            n += 1
            src = _record_source(record, it, n, where, defaults)
            # (the offset is asked for only after the content is read: asking reads the record to its end)
            offset, length = it.get_record_offset(), it.get_record_length()
            if isinstance(src, str):
                yield ReadError(f"{where}#offset={offset}", src)
                return
            end = offset + (length or 0)
            if src is not None:
                src.path = f"{where}#offset={offset}"
                yield src
    except Exception as exc:  # damaged gzip member, garbage instead of a WARC header, ...
        yield ReadError(f"{where}#offset={end}", f"damaged WARC data after record {n - 1} "
                        f"({type(exc).__name__}: {str(exc)[:200]}); the records before were read")
        return
    if stream.tell() > end + 4:  # (an uncompressed record is followed by a CRLF CRLF its length leaves out)
        yield ReadError(f"{where}#offset={end}", f"truncated WARC file: {stream.tell() - end} bytes after "
                        f"record {n} are not a whole record; the {n} records before were read")


def _record_source(record, it, n: int, where: str, defaults: dict[str, str | None]) -> Source | str | None:
    """The document of one record, None if it holds none, or a message if it is cut short."""
    if record.rec_type not in DOCUMENT_RECORDS or not _status_ok(record):
        return None
    ctype = _content_type(record)
    mime = ctype.split(";")[0].strip().lower()
    if mime not in HTML_TYPES and mime not in TEXT_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    payload = record.content_stream().read()
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
    from warcio.archiveiterator import ArchiveIterator

    index: dict[str, int] = {}
    with path.open("rb") as handle:
        it = ArchiveIterator(handle, arc2warc=True)
        try:
            for record in it:
                if record.rec_type in DOCUMENT_RECORDS and _status_ok(record):
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    if uri:
                        index.setdefault(uri, it.get_record_offset())
        except Exception:  # a damaged tail: what was indexed stays usable
            pass
    return index


def warc_record_at(path: Path, offset: int) -> tuple[bytes, str] | None:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        handle.seek(offset)
        for record in ArchiveIterator(handle, arc2warc=True):
            return record.content_stream().read(), _content_type(record)
    return None


def is_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/") or head.startswith(b"filedesc://")
