"""`.jsonl` documents: one JSON object a line, `id` plus `text` or `html`; read line by line."""
from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from ..model import Source
from .base import ReadError, decode_bytes
from .compressed import describe, is_decompress_error


def jsonl_sources(stream: BinaryIO, where: str, defaults: dict[str, str | None],
                  compression: str | None = None) -> Iterator[Source | ReadError]:
    """Each good line as a `Source`; each bad line as a `ReadError` located `FILE:LINE`."""
    lineno = 0
    try:
        for raw in stream:
            lineno += 1
            if not raw.strip():
                continue
            item = _line(raw, f"{where}:{lineno}", defaults)
            if item is not None:
                yield item
    except Exception as exc:  # a truncated or damaged compressed stream
        if compression and is_decompress_error(exc):
            yield ReadError(f"{where}:{lineno + 1}", f"{describe(exc, compression)}; the {lineno} lines "
                            f"before were read, the rest of the file is lost")
            return
        raise


def _line(raw: bytes, where: str, defaults: dict[str, str | None]) -> Source | ReadError | None:
    if not raw.endswith(b"\n") and raw.count(b"{") and not raw.rstrip().endswith(b"}"):
        return ReadError(where, "truncated line (no closing brace); fix or remove the line")
    try:
        rec = json.loads(decode_bytes(raw))
    except json.JSONDecodeError as exc:
        return ReadError(where, f"not a JSON object ({exc.msg}); fix or remove the line")
    if not isinstance(rec, dict) or not rec.get("id"):
        return ReadError(where, "a document line needs an 'id' and a 'text' or 'html'")
    text, html = rec.get("text"), rec.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return ReadError(where, f"document {rec['id']!r} has neither 'text' nor 'html'")
    return Source(path=where, text=text if isinstance(text, str) else None,
                  html=html if isinstance(html, str) and not isinstance(text, str) else None,
                  id=str(rec["id"]), lang=rec.get("lang") or defaults.get("lang"),
                  date=rec.get("date") or defaults.get("date"), url=rec.get("url"), title=rec.get("title"))


def looks_like_jsonl(head: bytes) -> bool:
    """The first line is a JSON object (used for stdin and files without a known suffix)."""
    first = head.lstrip().split(b"\n", 1)[0].strip()
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first.decode("utf-8", "replace")), dict)
    except json.JSONDecodeError:  # a first line longer than the head we were given
        return b"\n" not in head.lstrip() and first.startswith(b'{"') and b'"id"' in first
