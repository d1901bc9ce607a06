"""`.jsonl` documents: one JSON object a line, `id` plus `text` or `html`; read line by line.

A line longer than `Limits.max_document_size` is skipped without being held in memory. A file
none of whose first lines is a document (a CSV, a log, binary data named `.jsonl`) is one error
for the file, not one a line."""
from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from ..model import Source
from .base import DEFAULT_LIMITS, Limits, ReadError, decode_bytes, looks_binary, too_large
from .compressed import BUFFER, failure, is_decompress_error

# Bad lines before the first good one that are held back: if all of them are bad, the file is not
# JSONL and one error says so; if a good line comes, each is reported with its line number.
NOT_JSONL_AFTER = 20
_OPTIONAL = ("lang", "date", "url", "title")


def jsonl_sources(stream: BinaryIO, where: str, defaults: dict[str, str | None],
                  compression: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Iterator[Source | ReadError]:
    """Each good line as a `Source`; each bad line as a `ReadError` located `FILE:LINE`."""
    lineno = at = 0  # lines read; the line being read
    good = 0
    held: list[ReadError] = []
    cap = limits.max_document_size
    try:
        while True:
            at = lineno + 1
            raw = stream.readline(cap + 1) if cap else stream.readline()
            if not raw:
                break
            lineno = at
            if cap and len(raw) > cap and not raw.endswith(b"\n"):
                size = len(raw) + _skip_line(stream)
                item: Source | ReadError | None = ReadError(f"{where}:{lineno}", "a line of " + too_large(size, limits))
            elif not raw.strip():
                continue
            elif not good and not held and looks_binary(raw):
                yield ReadError(where, "binary data, not JSONL (one JSON document a line); nothing to extract")
                return
            else:
                item = _line(raw, f"{where}:{lineno}", defaults)
            if isinstance(item, ReadError) and not good:
                held.append(item)
                if len(held) >= NOT_JSONL_AFTER:
                    yield ReadError(where, f"not JSONL: none of its first {len(held)} lines is a JSON document "
                                           f"(line {held[0].path.rsplit(':', 1)[1]}: {held[0].message}); the file is "
                                           f"skipped. Check its format, or give it a name that says what it is")
                    return
                continue
            if item is not None:
                if held:
                    yield from held
                    held = []
                good += isinstance(item, Source)
                yield item
    except Exception as exc:  # a truncated or damaged compressed stream, or one that expands too much
        if compression and is_decompress_error(exc):
            yield from held
            yield ReadError(f"{where}:{at}", failure(exc, compression, f"the {at - 1} lines before were read, "
                                                                        f"the rest of the file is not"))
            return
        raise
    yield from held


def _skip_line(stream: BinaryIO) -> int:
    """Read past the rest of an over-long line, a buffer at a time; the bytes skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(BUFFER)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _line(raw: bytes, where: str, defaults: dict[str, str | None]) -> Source | ReadError | None:
    if not raw.endswith(b"\n") and raw.count(b"{") and not raw.rstrip().endswith(b"}"):
        return ReadError(where, "truncated line (no closing brace); fix or remove the line")
    try:
        rec = json.loads(decode_bytes(raw))
    except json.JSONDecodeError as exc:
        return ReadError(where, f"not a JSON object ({exc.msg} column {exc.colno}); fix or remove the line")
    except RecursionError:
        return ReadError(where, "JSON nested too deeply to be a document; fix or remove the line")
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        return ReadError(where, f"not a JSON document ({str(exc)[:120]}); fix or remove the line")
    if not isinstance(rec, dict) or not rec.get("id"):
        return ReadError(where, "a document line needs an 'id' and a 'text' or 'html'")
    doc_id = rec["id"]
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, float)):
        return ReadError(where, f"'id' must be a string or a number, not {_kind(doc_id)}; fix the line")
    text, html = rec.get("text"), rec.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return ReadError(where, f"document {doc_id!r} has neither 'text' nor 'html' (as a string)")
    for key in _OPTIONAL:
        value = rec.get(key)
        if value is not None and not isinstance(value, str):
            return ReadError(where, f"document {doc_id!r}: '{key}' must be a string, not {_kind(value)}; "
                                    f"fix the line or leave the field out")
    return Source(path=where, text=text if isinstance(text, str) else None,
                  html=html if isinstance(html, str) and not isinstance(text, str) else None,
                  id=str(doc_id), lang=rec.get("lang") or defaults.get("lang"),
                  date=rec.get("date") or defaults.get("date"), url=rec.get("url"), title=rec.get("title"))


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true or false"}.get(type(value), type(value).__name__)


def looks_like_jsonl(head: bytes) -> bool:
    """The first line is a JSON object (used for stdin and files without a known suffix)."""
    first = head.lstrip().split(b"\n", 1)[0].strip()
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first.decode("utf-8", "replace")), dict)
    except (ValueError, RecursionError):  # a first line longer than the head we were given
        return b"\n" not in head.lstrip() and first.startswith(b'{"') and b'"id"' in first
