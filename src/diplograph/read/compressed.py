"""Compressed inputs (.gz, .zst, .bz2, .xz), decompressed as streams: memory stays constant, and a
decompression bomb is stopped at a limit (`Limits.max_decompressed_size`, `max_compression_ratio`)."""
from __future__ import annotations

import io
from typing import BinaryIO

from .base import DEFAULT_LIMITS, Limits, human_size, limit_size

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


def decompressed(stream: BinaryIO, kind: str, limits: Limits = DEFAULT_LIMITS) -> io.BufferedReader:
    """A buffered, peekable stream of the decompressed bytes of `stream` (concatenated members or
    frames included). Data before a truncation or damage is delivered first; then EOFError. Memory
    stays bounded however much the data expands: output comes in steps of at most STEP bytes, and
    expanding past `limits` (in total, or by ratio: a decompression bomb) raises DecompressionLimit."""
    return io.BufferedReader(_Decompressing(stream, kind, limits), BUFFER)


class TruncatedInput(EOFError):
    pass


class DecompressionLimit(Exception):
    """A compressed input expands beyond `max_decompressed_size` or `max_compression_ratio`: what
    happened (`reason`) and which setting raises the limit (`advice`)."""

    def __init__(self, reason: str, advice: str):
        super().__init__(f"{reason}; {advice}")
        self.reason, self.advice = reason, advice


STEP = 1 << 20           # decompressed bytes produced at most per step
RATIO_FLOOR = 1 << 20    # the ratio is not judged before this much is out: small files may be repetitive
# A zstd decompressor returns all it can from what it is fed, and a 4-byte block (RLE) can stand for
# 128 KiB: it is fed 32 bytes at first (1 MiB out at most), then as much as makes about STEP at the
# ratio just seen, growing at most twofold a step and never past 1 KiB (32 MiB out at the very worst).
_ZSTD_MIN_FEED, _ZSTD_MAX_FEED = 32, 1024


class _Decompressing(io.RawIOBase):
    def __init__(self, stream: BinaryIO, kind: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.stream = stream
        self.kind = kind
        self.limits = limits
        self.dec = _decompressor(kind)
        self.pending = b""       # compressed bytes read but not given to the decompressor yet
        self.consumed = 0        # compressed bytes the decompressor has taken
        self.produced = 0        # decompressed bytes out
        self.fed = False
        self.out = b""
        self.error: BaseException | None = None
        self.finished = False
        self.zstd_feed = _ZSTD_MIN_FEED

    def readable(self) -> bool:
        return True

    def _wants_input(self) -> bool:
        if self.dec.eof or self.kind in ("gzip", "zstd"):
            return True
        return self.dec.needs_input  # bz2, xz: False while output is still held back by max_length

    def _fill(self) -> None:
        while not self.out and not self.finished:
            if not self.pending and self._wants_input():
                chunk = self.stream.read(BUFFER)
                if not chunk:
                    self._at_end()
                    return
                self.pending = chunk
            try:
                out = self._step()
            except Exception as exc:  # damaged data: what came before is delivered, then the error
                self.finished = True
                self.error = exc
                return
            self.produced += len(out)
            self.out = out
            self._check_limits()

    def _at_end(self) -> None:
        if self.fed and not self.dec.eof and self.kind == "gzip":
            try:  # output zlib still holds when the input ran out exactly at a step's end
                rest = self.dec.decompress(b"", STEP)
            except Exception as exc:
                self.finished, self.error = True, exc
                return
            if rest:
                self.produced += len(rest)
                self.out = rest
                self._check_limits()
                return
        self.finished = True
        if self.fed and not self.dec.eof:
            self.error = TruncatedInput("compressed data ended before the end-of-stream marker was reached")

    def _step(self) -> bytes:
        data, self.pending = self.pending, b""
        if self.dec.eof:  # the next gzip member or zstd frame
            if self.kind == "gzip" and not data.strip(b"\x00"):
                return b""  # padding after the last member
            self.dec = _decompressor(self.kind)
        self.fed = True
        if self.kind == "zstd":
            data, self.pending = data[:self.zstd_feed], data[self.zstd_feed:]
            out = self.dec.decompress(data)
            self.zstd_feed = max(_ZSTD_MIN_FEED, min(_ZSTD_MAX_FEED, 2 * self.zstd_feed,
                                                     STEP * len(data) // max(len(out), 1)))
        else:
            out = self.dec.decompress(data, STEP)
            if self.kind == "gzip":
                self.pending = self.dec.unconsumed_tail + self.pending
                data = data[:len(data) - len(self.dec.unconsumed_tail)]
        self.consumed += len(data)
        if self.dec.eof and self.dec.unused_data:
            self.consumed -= len(self.dec.unused_data)
            self.pending = self.dec.unused_data + self.pending
        return out

    def _check_limits(self) -> None:
        limits, produced = self.limits, self.produced
        problem = None
        if limits.max_decompressed_size and produced > limits.max_decompressed_size:
            problem = (f"it expands to more than {limit_size(limits.max_decompressed_size)} "
                       f"(max_decompressed_size)", "--max-decompressed-size", "max_decompressed_size")
        elif limits.max_compression_ratio and produced > RATIO_FLOOR \
                and produced > limits.max_compression_ratio * max(self.consumed, 1):
            problem = (f"it expands more than {limits.max_compression_ratio:g} times "
                       f"(max_compression_ratio), as a decompression bomb does",
                       "--max-compression-ratio", "max_compression_ratio")
        if problem is None:
            return
        what, option, key = problem
        if key == "max_decompressed_size":  # deliver up to the limit, not a byte past it
            over = produced - limits.max_decompressed_size
            self.out = self.out[:max(0, len(self.out) - over)]
            produced = limits.max_decompressed_size
        self.finished = True
        self.pending = b""
        self.error = DecompressionLimit(
            f"stopped after {human_size(produced)} decompressed from {human_size(self.consumed)}: {what}",
            f"if the file is genuine, raise the limit with {option} or {key} in diplograph.toml")

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

    if isinstance(exc, (EOFError, zlib.error, TruncatedInput, DecompressionLimit)):
        return True
    name = type(exc).__name__
    if name in ("BadGzipFile", "ZstdError", "LZMAError"):
        return True
    return isinstance(exc, OSError) and ("Invalid data stream" in str(exc) or "not a gzipped file" in str(exc).lower())


def failure(exc: BaseException, kind: str, consequence: str) -> str:
    """The message for a compressed input that failed: what went wrong, what it cost (`consequence`,
    e.g. "nothing could be read from it"), and, for a limit, how to raise it, last."""
    if isinstance(exc, DecompressionLimit):
        return f"{exc.reason}; {consequence}. To read it anyway: {exc.advice}"
    return f"{describe(exc, kind)}; {consequence}"


def describe(exc: BaseException, kind: str) -> str:
    if isinstance(exc, DecompressionLimit):
        return str(exc)
    text = str(exc) or type(exc).__name__
    if isinstance(exc, EOFError) or "ended before" in text or "incomplete" in text.lower():
        return f"truncated {kind} data ({text})"
    return f"damaged {kind} data ({text})"
