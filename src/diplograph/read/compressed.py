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


def _decompressor(kind: str):
    if kind == "gzip":
        import zlib

        return zlib.decompressobj(47)  # gzip or zlib header
    if kind == "zstd":
        import zstandard

        return zstandard.ZstdDecompressor().decompressobj()
    if kind == "bz2":
        import bz2

        return bz2.BZ2Decompressor()
    if kind == "xz":
        import lzma

        return lzma.LZMADecompressor()
    raise ValueError(kind)  # pragma: no cover - callers pass a kind from SUFFIXES or sniff_compression


def decompressed(stream: BinaryIO, kind: str) -> io.BufferedReader:
    """A buffered, peekable stream of the decompressed bytes of `stream` (concatenated members or
    frames included). Data before a truncation or damage is delivered first; then EOFError."""
    return io.BufferedReader(_Decompressing(stream, kind), BUFFER)


class TruncatedInput(EOFError):
    pass


class _Decompressing(io.RawIOBase):
    def __init__(self, stream: BinaryIO, kind: str) -> None:
        self.stream = stream
        self.kind = kind
        self.dec = _decompressor(kind)
        self.fed = False
        self.out = b""
        self.error: BaseException | None = None
        self.finished = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        while not self.out and not self.finished:
            chunk = self.stream.read(BUFFER)
            if not chunk:
                self.finished = True
                if self.fed and not self.dec.eof:
                    self.error = TruncatedInput("compressed data ended before the end-of-stream marker was reached")
                return
            try:
                out = self._feed(chunk)
            except Exception as exc:  # damaged data: what came before is delivered, then the error
                self.finished = True
                self.error = exc
                return
            self.out = out

    def _feed(self, chunk: bytes) -> bytes:
        self.fed = True
        if self.dec.eof:  # a member or frame ended exactly at a chunk's end
            self.dec = _decompressor(self.kind)
        out = self.dec.decompress(chunk)
        while self.dec.eof and self.dec.unused_data:  # the next gzip member or zstd frame
            rest = self.dec.unused_data
            if self.kind == "gzip" and not rest.strip(b"\x00"):
                break  # padding after the last member
            self.dec = _decompressor(self.kind)
            out += self.dec.decompress(rest)
        return out

    def readinto(self, buffer) -> int:  # type: ignore[override]
        self._fill()
        if not self.out:
            if self.error is not None:
                exc, self.error = self.error, None
                raise exc
            return 0
        n = min(len(buffer), len(self.out))
        buffer[:n] = self.out[:n]
        self.out = self.out[n:]
        return n


def is_decompress_error(exc: BaseException) -> bool:
    """Errors that mean "the compressed data is truncated or damaged"."""
    import zlib

    if isinstance(exc, (EOFError, zlib.error, TruncatedInput)):
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
