"""Files and folders: the format of each file from its name (or, failing that, its first bytes),
folders walked recursively in a stable order with include/exclude globs, and stdin."""
from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence, TypeVar

from ..model import Source
from .base import (DEFAULT_LIMITS, CountingReader, Limits, ReadError, ReadProgress, clean_str, declared_charset,
                   decode_bytes, looks_binary, looks_like_html, printable, too_large)
from .compressed import BUFFER, decompressed, failure, is_decompress_error, sniff_compression, split_compression
from .feeds import PageResolver, feed_sources, looks_like_feed
from .jsonl import jsonl_sources, looks_like_jsonl
from .warc import is_warc, warc_sources

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".arc"}
FEED_SUFFIXES = {".rss", ".atom"}
XML_SUFFIXES = {".xml"}
READABLE = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_KINDS = ((TEXT_SUFFIXES, "text"), (HTML_SUFFIXES, "html"), (JSONL_SUFFIXES, "jsonl"), (WARC_SUFFIXES, "warc"),
          (FEED_SUFFIXES, "feed"), (XML_SUFFIXES, "xml"))
HEAD = 1 << 16


@dataclass
class ReadContext:
    defaults: dict[str, str | None]
    resolver: PageResolver
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    progress: ReadProgress | None = None
    seen_dirs: set = field(default_factory=set)
    limits: Limits = DEFAULT_LIMITS
    # Plain text and HTML files (uncompressed, known by their name) are handed on as `FileSource`s,
    # to be read and decoded by whoever prepares them: a Dask worker, not the driver, which on a
    # small machine shares its cores with the workers.
    lazy: bool = False


@dataclass(slots=True)
class FileSource:
    """A plain text or HTML file not read yet: `load` reads it where it is prepared, with the outcome
    the eager reader gives (the same `Source`, or the same located `ReadError`). Only the path and
    the reading settings travel, not the bytes."""

    path: str                # as the document's `path` and in errors (printable, storable)
    file: str                # what to open: absolute (a worker's working folder may differ), as the OS names it
    kind: str                # "text" or "html"
    size: int                # from the stat the driver made (the limit and the message use it)
    defaults: dict[str, str | None] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS

    def load(self) -> Source | ReadError:
        try:
            return _storable(self._load())
        except Exception as exc:  # as `file_sources`: a reader bug on a hostile file costs this file only
            return _storable(_reader_bug(self.path, exc))

    def _load(self) -> Source | ReadError:
        # the steps (and so the errors) of `_file_sources` for such a file, in the same order
        try:
            handle = open(self.file, "rb")
        except OSError as exc:
            return _cannot_open(self.path, exc)
        with handle:
            if self.limits.over_document(self.size):
                return ReadError(self.path, too_large(self.size, self.limits))
            cap = self.limits.max_document_size
            data = handle.read(cap + 1) if cap else handle.read()
        return _page_source(data, self.kind, self.path, self.defaults, self.limits, self.size)


_SOURCE_FIELDS = ("path", "text", "html", "id", "lang", "date", "url", "title")
_Item = TypeVar("_Item", Source, ReadError, FileSource)


def _storable(item: _Item) -> _Item:
    """Every string a reader hands on is one the store can write: no lone surrogates (from JSON
    escapes, or file names that are not UTF-8), and text fields are strings or None. An error is
    one printable line. (A `FileSource` keeps the name it opens as it is.)"""
    if isinstance(item, ReadError):
        item.path, item.message = printable(clean_str(str(item.path))), printable(clean_str(str(item.message)))
        return item
    if isinstance(item, FileSource):
        item.path = clean_str(item.path)
        return item
    for name in _SOURCE_FIELDS:
        value = getattr(item, name)
        if value is not None:
            setattr(item, name, clean_str(value if isinstance(value, str) else str(value)))
    return item


def _cannot_open(where: str, exc: OSError) -> ReadError:
    return ReadError(where, f"cannot read ({exc.strerror}); check the path and its permissions")


def _reader_bug(where: str, exc: Exception) -> ReadError:
    return ReadError(where, f"cannot read this file ({type(exc).__name__}: {str(exc)[:160]}); it is skipped and "
                            f"the other files go on. Please report it, with the file, as a diplograph bug")


def kind_of_name(name: str) -> tuple[str | None, str | None]:
    """(format, compression) from a file name: `a.jsonl.gz` → (`jsonl`, `gzip`)."""
    inner, compression = split_compression(name)
    suffix = os.path.splitext(inner)[1].lower()
    for suffixes, kind in _KINDS:
        if suffix in suffixes:
            return kind, compression
    return None, compression


def sniff(head: bytes) -> str:
    """The format of (decompressed) bytes whose name says nothing."""
    if is_warc(head):
        return "warc"
    if looks_like_html(head):
        return "html"
    if looks_like_feed(head):
        return "feed"
    if looks_like_jsonl(head):
        return "jsonl"
    return "text"


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    for pat in patterns:
        pat = pat.rstrip("/")
        if "/" not in pat:
            if fnmatchcase(name, pat):
                return True
        elif fnmatchcase(rel, pat) or (pat.startswith("**/") and fnmatchcase(rel, pat[3:])):
            return True
    return False


def walk(folder: Path, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Files under `folder`, depth first, names sorted in each folder; hidden files and folders
    are left out. Without `include`, only the formats diplograph reads are taken (a README beside a
    corpus is not news); with it, every file it matches. Memory: one folder listing at a time."""
    stack: list[tuple[Path, str]] = [(folder, "")]
    while stack:
        current, prefix = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            if exclude and _matches(rel, entry.name, exclude):
                continue
            try:
                if entry.is_dir():
                    subdirs.append((Path(entry.path), rel + "/"))
                    continue
                if not entry.is_file():
                    continue
            except OSError:
                continue
            if include:
                if _matches(rel, entry.name, include):
                    yield Path(entry.path)
            elif kind_of_name(entry.name)[0] is not None:
                yield Path(entry.path)
        # files of a folder first, then its sub-folders in name order
        stack.extend(reversed(subdirs))


def total_bytes(paths: Sequence[str | Path], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> int | None:
    """Size of everything `read_paths` will read, or None when it cannot be known (stdin)."""
    total = 0
    for raw in paths:
        if str(raw) == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            for child in walk(path, include, exclude):
                try:
                    total += child.stat().st_size
                except OSError:
                    pass
        elif path.is_file():
            total += path.stat().st_size
    return total


def _head_of(path: Path, compression: str | None, limits: Limits) -> bytes:
    with path.open("rb") as raw:
        if compression is None:
            return raw.read(HEAD)
        try:
            return decompressed(raw, compression, limits).read(HEAD)
        except Exception:
            return b""


def file_sources(path: Path, ctx: ReadContext, explicit: bool) -> Iterator[Source | ReadError | FileSource]:
    """The documents of one file. A file named on the command line is read whatever its name.
    Whatever the bytes, the outcome is documents and located errors, never an exception: the other
    files of the batch go on. With `ctx.lazy`, a plain text or HTML file is one `FileSource`."""
    try:
        yield from _file_sources(path, ctx, explicit)
    except Exception as exc:  # a reader bug on a hostile file must cost this file only
        yield _reader_bug(str(path), exc)


def _file_sources(path: Path, ctx: ReadContext, explicit: bool) -> Iterator[Source | ReadError | FileSource]:
    kind, compression = kind_of_name(path.name)
    if ctx.lazy and compression is None and kind in ("text", "html"):
        yield from _pending_file(path, kind, ctx)
        return
    size = 0
    try:
        size = path.stat().st_size
        if compression is None and kind is None:
            with path.open("rb") as raw:
                compression = sniff_compression(raw.read(8))
        if kind in (None, "xml"):
            head = _head_of(path, compression, ctx.limits)
            if kind == "xml":
                if not looks_like_feed(head):
                    if explicit:
                        yield ReadError(str(path), "an XML file that is not an RSS or Atom feed")
                    return
                kind = "feed"
            else:
                kind = sniff(head) if head.strip() else "text"
        handle = path.open("rb")
    except OSError as exc:
        yield _cannot_open(str(path), exc)
        return
    if compression is None and kind in ("text", "html", "feed") and ctx.limits.over_document(size):
        handle.close()  # (not read at all: its size says enough)
        yield ReadError(str(path), too_large(size, ctx.limits))
        if ctx.progress is not None:
            ctx.progress.finish(size)
        return
    counting = CountingReader(handle)
    if ctx.progress is not None:
        ctx.progress.start(counting)

    def reopen(offset: int) -> CountingReader:
        handle.seek(offset)
        counting.count = offset
        return counting

    try:
        if kind == "warc" and compression in (None, "gzip"):
            # warcio reads per-record gzip itself
            yield from warc_sources(counting, str(path), ctx.defaults, ctx.limits, reopen)
            return
        stream = (io.BufferedReader(counting, BUFFER) if compression is None
                  else decompressed(counting, compression, ctx.limits))
        yield from _stream_sources(stream, kind, compression, str(path), ctx, feed_dir=path.parent,
                                   size=size if compression is None else None)
    finally:
        handle.close()
        if ctx.progress is not None:
            ctx.progress.finish(size)


def _pending_file(path: Path, kind: str, ctx: ReadContext) -> Iterator[ReadError | FileSource]:
    """A plain text or HTML file as a `FileSource`: only its size is looked at here; opening it,
    the size limit and decoding are left to `FileSource.load`, in the order `_file_sources` takes."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield _cannot_open(str(path), exc)
        return
    yield FileSource(str(path), os.path.abspath(path), kind, size, dict(ctx.defaults), ctx.limits)
    if ctx.progress is not None:
        ctx.progress.finish(size)


def _stream_sources(stream: BinaryIO, kind: str, compression: str | None, where: str, ctx: ReadContext,
                    feed_dir: Path | None, size: int | None = None) -> Iterator[Source | ReadError]:
    if kind == "warc":
        try:
            yield from warc_sources(CountingReader(stream), where, ctx.defaults, ctx.limits)
        except Exception as exc:  # (a limit or damage met while warcio was between records)
            if compression and is_decompress_error(exc):
                yield ReadError(where, failure(exc, compression, "the records before were read"))
                return
            raise
        return
    if kind == "jsonl":
        yield from jsonl_sources(stream, where, ctx.defaults, compression, ctx.limits)
        return
    cap = ctx.limits.max_document_size
    try:
        data = stream.read(cap + 1) if cap else stream.read()
    except Exception as exc:
        if compression and is_decompress_error(exc):
            yield ReadError(where, failure(exc, compression, "nothing could be read from it"))
            return
        raise
    yield from _document_sources(data, kind, where, ctx, feed_dir, size)


def _document_sources(data: bytes, kind: str, where: str, ctx: ReadContext, feed_dir: Path | None,
                      size: int | None) -> Iterator[Source | ReadError]:
    """One text or HTML document, or a feed's items, from all the bytes of a file (or stdin)."""
    if kind != "feed":
        yield _page_source(data, kind, where, ctx.defaults, ctx.limits, size)
        return
    unusable = _unusable(data, where, ctx.limits, size)
    if unusable is not None:
        yield unusable
        return
    yield from feed_sources(data, where, ctx.defaults, ctx.resolver, feed_dir, ctx.limits)


def _unusable(data: bytes, where: str, limits: Limits, size: int | None) -> ReadError | None:
    if limits.over_document(len(data)):
        return ReadError(where, too_large(size, limits))
    if not data.strip():
        return ReadError(where, "empty file; nothing to extract")
    return None


def _page_source(data: bytes, kind: str, where: str, defaults: dict[str, str | None], limits: Limits,
                 size: int | None) -> Source | ReadError:
    """One text or HTML document from all the bytes of a file (or stdin)."""
    unusable = _unusable(data, where, limits, size)
    if unusable is not None:
        return unusable
    html = kind == "html" or (kind != "text" and looks_like_html(data[:512]))
    text = decode_bytes(data, declared_charset(data) if html else None)
    if looks_binary(data, text):
        return ReadError(where, "binary data, not a text, HTML, JSONL, WARC or feed document; nothing to "
                                "extract (if it is text, it is in an encoding that could not be recognised)")
    if html:
        return Source(path=where, html=text, **defaults)
    return Source(path=where, text=text, **defaults)


def stdin_sources(ctx: ReadContext, stream: BinaryIO | None = None) -> Iterator[Source | ReadError]:
    """stdin, streamed: compressed or not; a WARC, a feed, JSONL lines, or one text or HTML page."""
    stream = stream if stream is not None else sys.stdin.buffer
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream, BUFFER)  # type: ignore[arg-type]
    head = stream.peek(HEAD)[:HEAD]  # type: ignore[union-attr]
    compression = sniff_compression(head)
    if compression:
        stream = decompressed(stream, compression, ctx.limits)
        try:
            head = stream.peek(HEAD)[:HEAD]
        except Exception as exc:
            if not is_decompress_error(exc):
                raise
            yield ReadError("<stdin>", failure(exc, compression, "nothing could be read from it"))
            return
    kind = sniff(head) if head.strip() else "text"
    try:
        yield from _stream_sources(stream, kind, compression, "<stdin>", ctx, feed_dir=None)
    except Exception as exc:  # as for a file: an error, located, never a crash
        yield ReadError("<stdin>", f"cannot read it ({type(exc).__name__}: {str(exc)[:160]}). Please report "
                                   f"this, with the input, as a diplograph bug")
