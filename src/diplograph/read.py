"""Stage 1: read documents from paths (files, folders, .jsonl) into `Source` records.

Unreadable inputs do not stop a batch: they are yielded as `ReadError`s for the caller to report.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .model import Source

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
READABLE = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)


@dataclass(slots=True)
class ReadError:
    """Where an input failed and what the user can do about it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOM, then the declared charset, then UTF-8, then detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for inputs that are not UTF-8

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


_HTML_START = re.compile(r"\s*(<!doctype html|<html|<head|<body)", re.I)


def looks_like_html(data: str | bytes) -> bool:
    head = data[:512].decode("utf-8", "replace") if isinstance(data, bytes) else data[:512]
    return bool(_HTML_START.match(head))


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", "ignore") if found else None


def _jsonl_sources(path: Path, defaults: dict[str, str | None]) -> Iterator[Source | ReadError]:
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(decode_bytes(raw))
            except json.JSONDecodeError as exc:
                yield ReadError(where, f"not a JSON object ({exc.msg}); fix or remove the line")
                continue
            if not isinstance(rec, dict) or not rec.get("id"):
                yield ReadError(where, "a document line needs an 'id' and a 'text' or 'html'")
                continue
            text, html = rec.get("text"), rec.get("html")
            if not isinstance(text, str) and not isinstance(html, str):
                yield ReadError(where, f"document {rec['id']!r} has neither 'text' nor 'html'")
                continue
            yield Source(path=where, text=text if isinstance(text, str) else None,
                         html=html if isinstance(html, str) and not isinstance(text, str) else None,
                         id=str(rec["id"]), lang=rec.get("lang") or defaults.get("lang"),
                         date=rec.get("date") or defaults.get("date"), url=rec.get("url"), title=rec.get("title"))


def _file_source(path: Path, defaults: dict[str, str | None]) -> Iterator[Source | ReadError]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_sources(path, defaults)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(str(path), f"cannot read ({exc.strerror}); check the path and its permissions")
        return
    if not data.strip():
        yield ReadError(str(path), "empty file; nothing to extract")
        return
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield ReadError(str(path), "binary data, not a text, HTML or JSONL document")
        return
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(data[:512]))
    if is_html:
        yield Source(path=str(path), html=decode_bytes(data, _declared_charset(data)), **defaults)
    else:
        yield Source(path=str(path), text=decode_bytes(data), **defaults)


def read_paths(paths: Iterable[str | Path], lang: str | None = None,
               date: str | None = None) -> Iterator[Source | ReadError]:
    """Every document under the given paths, in a stable order; folders are walked recursively."""
    defaults: dict[str, str | None] = {"lang": lang, "date": date}
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            import sys

            yield Source(path="<stdin>", text=decode_bytes(sys.stdin.buffer.read()), **defaults)
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                # folders: documents only (a README.md beside a corpus is not news); a file named
                # explicitly is read whatever its suffix
                if child.suffix.lower() in READABLE and not child.name.startswith("."):
                    yield from _file_source(child, defaults)
        elif path.is_file():
            yield from _file_source(path, defaults)
        else:
            yield ReadError(str(path), "no such file or folder")
