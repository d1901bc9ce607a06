"""Stage 1: read documents from paths into `Source` records, as a stream.

Inputs: plain text, HTML, `.jsonl` documents, WARC/WARC.gz crawls, RSS and Atom feeds, any of
them compressed (.gz, .zst, .bz2, .xz), folders (recursive, with include/exclude globs) and stdin.
Encodings are detected and normalised (BOM, UTF-16 without one, UTF-8, declared charset, then
detection). Unreadable inputs do not stop a batch: they are yielded as `ReadError`s, located
(file, line, record offset or feed item), for the caller to report; whatever the bytes, nothing
else is raised. Nothing is held in memory beyond the document being read (a feed file is parsed
whole), and `Limits` bound the size of a document and how far compressed data may expand
(docs/limits.md).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..model import Source
from .base import DEFAULT_LIMITS, Limits, ReadError, ReadProgress, decode_bytes, declared_charset, looks_like_html
from .feeds import PageResolver
from .files import (HTML_SUFFIXES, JSONL_SUFFIXES, READABLE, TEXT_SUFFIXES, FileSource, ReadContext, _storable,
                    file_sources, kind_of_name, stdin_sources, total_bytes, walk)

__all__ = ["ReadError", "ReadProgress", "PageResolver", "Limits", "DEFAULT_LIMITS", "decode_bytes", "looks_like_html",
           "read_paths", "total_bytes", "walk", "READABLE", "TEXT_SUFFIXES", "HTML_SUFFIXES", "JSONL_SUFFIXES",
           "FileSource"]

_declared_charset = declared_charset  # the name the single-module reader had


def read_paths(paths: Iterable[str | Path], lang: str | None = None, date: str | None = None, *,
               include: Sequence[str] = (), exclude: Sequence[str] = (), pages: Sequence[str | Path] = (),
               fetch: bool = False, progress: ReadProgress | None = None,
               limits: Limits | None = None, lazy: bool = False) -> Iterator[Source | ReadError | FileSource]:
    """Every document under the given paths, in a stable order; folders are walked recursively.

    `include`/`exclude` are globs over names (`*.html`) or paths relative to a folder given
    (`2025/*/*.warc.gz`); `pages` are folders or WARC files that feed items' links are looked up
    in (besides the feed's own folder and the WARC files given as paths); `fetch` lets feed items
    whose page is not local be downloaded; `progress` counts the input bytes consumed; `limits`
    bound what one input may cost (DEFAULT_LIMITS when not given). With `lazy`, plain text and HTML
    files (uncompressed, known by their name) come as `FileSource`s, read by `FileSource.load`
    where they are prepared (the Dask engine's workers)."""
    limits = limits or DEFAULT_LIMITS
    paths = list(paths)
    warcs = [p for p in paths if str(p) != "-" and Path(p).is_file() and kind_of_name(Path(p).name)[0] == "warc"]
    ctx = ReadContext(defaults={"lang": lang, "date": date},
                      resolver=PageResolver([*pages, *warcs], fetch, limits=limits), include=include, exclude=exclude,
                      progress=progress, limits=limits, lazy=lazy)
    for item in _read(paths, ctx):
        yield _storable(item)


def _read(paths: list, ctx: ReadContext) -> Iterator[Source | ReadError | FileSource]:
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            yield from stdin_sources(ctx)
        elif path.is_dir():
            for child in walk(path, ctx.include, ctx.exclude):
                yield from file_sources(child, ctx, explicit=False)
        elif path.is_file():
            yield from file_sources(path, ctx, explicit=True)
        else:
            yield ReadError(str(path), "no such file or folder")
