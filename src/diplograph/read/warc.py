"""WARC and WARC.gz (and ARC) files, the format of news crawls: one document per HTML or text
response record, read as a stream. A truncated or damaged file yields its good records and then
one `ReadError` located at the byte offset where the damage starts."""
from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO, Iterator

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
    offset = 0
    try:
        for record in it:
            n += 1
            offset = it.get_record_offset()
            if record.rec_type not in DOCUMENT_RECORDS or not _status_ok(record):
                continue
            ctype = _content_type(record)
            mime = ctype.split(";")[0].strip().lower()
            if mime not in HTML_TYPES and mime not in TEXT_TYPES:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield ReadError(f"{where}#offset={offset}", f"truncated WARC record {n} ({uri or 'no URI'}): "
                                f"the file ends inside it; the {n - 1} records before were read")
                return
            if not payload.strip():
                continue
            lang = None
            if record.http_headers is not None:
                found = _LANG.match(record.http_headers.get_header("Content-Language") or "")
                lang = found.group(1).lower() if found else None
            src = payload_to_source(payload, ctype, f"{where}#offset={offset}", uri, defaults, lang)
            if src is not None:
                yield src
    except Exception as exc:  # damaged gzip member, garbage instead of a WARC header, ...
        at = it.get_record_offset() if n else 0
        yield ReadError(f"{where}#offset={at}", f"damaged WARC data after record {n} "
                        f"({type(exc).__name__}: {str(exc)[:200]}); the records before were read")
        return
    end = (it.get_record_offset() + (it.get_record_length() or 0)) if n else 0
    if stream.tell() > end:
        yield ReadError(f"{where}#offset={end}", f"truncated WARC file: {stream.tell() - end} bytes after "
                        f"record {n} are not a whole record; the {n} records before were read")


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
