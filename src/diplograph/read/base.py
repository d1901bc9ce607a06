"""What every reader shares: the error record, byte decoding, HTML sniffing, and byte counting."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import BinaryIO

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)
_HTML_START = re.compile(r"\s*(<!doctype html|<html|<head|<body)", re.I)


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


def looks_like_html(data: str | bytes) -> bool:
    head = data[:512].decode("utf-8", "replace") if isinstance(data, bytes) else data[:512]
    return bool(_HTML_START.match(head))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag (first 4 KB), if any."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", "ignore") if found else None


def charset_of_content_type(value: str | None) -> str | None:
    """`text/html; charset=windows-1252` → `windows-1252`."""
    if not value:
        return None
    for part in value.split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            return val.strip().strip("\"'")
    return None


class CountingReader(io.RawIOBase):
    """A read-only stream that counts the bytes taken from the one it wraps (for progress and
    for locating errors in streams that cannot tell())."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.count

    def close(self) -> None:
        try:
            self.raw.close()
        finally:
            super().close()


class ReadProgress:
    """How many input bytes the readers have consumed so far (for an ETA against the total)."""

    def __init__(self) -> None:
        self.done = 0
        self.current: CountingReader | None = None

    def start(self, reader: CountingReader) -> None:
        self.current = reader

    def finish(self, size: int | None = None) -> None:
        if self.current is not None:
            self.done += size if size is not None else self.current.count
        elif size:
            self.done += size
        self.current = None

    def position(self) -> int:
        return self.done + (self.current.count if self.current is not None else 0)
