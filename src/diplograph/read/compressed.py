"""Compressed inputs (.gz, .zst, .bz2, .xz), decompressed as streams: memory stays constant."""
from __future__ import annotations

import io
from typing import BinaryIO

SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd", ".bz2": "bz2", ".xz": "xz"}
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
BUFFER = 1 << 16


def split_compression(name: str) -> tuple[str, str | None]:
    """`news.jsonl.gz` → (`news.jsonl`, `gzip`); `page.html` → (`page.html`, None)."""
    lower = name.lower()
    for suffix, kind in SUFFIXES.items():
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return name[: -len(suffix)], kind
    return name, None


def sniff_compression(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def decompressed(stream: BinaryIO, kind: str) -> io.BufferedReader:
    """A buffered, peekable stream of the decompressed bytes of `stream`."""
    if kind == "gzip":
        import gzip

        raw: BinaryIO = gzip.GzipFile(fileobj=stream, mode="rb")
    elif kind == "zstd":
        import zstandard

        raw = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True, closefd=False)
    elif kind == "bz2":
        import bz2

        raw = bz2.BZ2File(stream, mode="rb")
    elif kind == "xz":
        import lzma

        raw = lzma.LZMAFile(stream, mode="rb")
    else:  # pragma: no cover - callers pass a kind from SUFFIXES or sniff_compression
        raise ValueError(kind)
    return io.BufferedReader(_Raw(raw), BUFFER)


class _Raw(io.RawIOBase):
    """Adapts any object with read(n) to RawIOBase so that BufferedReader can wrap it."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()


def is_decompress_error(exc: BaseException) -> bool:
    """Errors that mean "the compressed data is truncated or damaged"."""
    import zlib

    if isinstance(exc, (EOFError, zlib.error)):
        return True
    name = type(exc).__name__
    if name in ("BadGzipFile", "ZstdError", "LZMAError"):
        return True
    return isinstance(exc, OSError) and ("Invalid data stream" in str(exc) or "not a gzipped file" in str(exc).lower())


def describe(exc: BaseException, kind: str) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, EOFError) or "ended before" in text or "incomplete" in text.lower():
        return f"truncated {kind} data ({text})"
    return f"damaged {kind} data ({text})"
