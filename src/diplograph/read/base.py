"""What every reader shares: the limits, the error record, byte decoding, HTML sniffing, and byte
counting."""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)
_HTML_START = re.compile(r"\s*(<!doctype html|<html|<head|<body)", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECODED_MULTIBYTE = re.compile("[^\x00-\x7f\ufffd]")  # what valid UTF-8 sequences of 2 to 4 bytes become

MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one input may cost. Every limit is checked while reading, so that memory and
    time stay bounded whatever the input; docs/limits.md says what happens when one is hit.
    0 turns a limit off."""

    max_document_size: int = 8 * MiB         # bytes of one document: a file, a JSONL line, a WARC record, a feed
    max_decompressed_size: int = 4 * GiB     # bytes one compressed file may expand to
    max_compression_ratio: float = 200.0     # decompressed / compressed bytes, checked past the first MiB
    max_text_chars: int = 200_000            # characters of cleaned text coded per document; the rest is cut

    def over_document(self, size: int) -> bool:
        return bool(self.max_document_size) and size > self.max_document_size


DEFAULT_LIMITS = Limits()


def human_size(n: float) -> str:
    """A measured byte count: `1,234 bytes`, `2.0 KiB`, `50.0 MiB`."""
    n = int(n)
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:,} bytes"


def limit_size(n: int) -> str:
    """A limit as it was most likely set: `8 MiB`, `64 MB`, else as a measured size."""
    for unit, size in (("GiB", 1 << 30), ("GB", 10 ** 9), ("MiB", 1 << 20), ("MB", 10 ** 6), ("KiB", 1 << 10),
                       ("KB", 10 ** 3)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return human_size(n)


def too_large(size: int | None, limits: Limits) -> str:
    """The message for a document over `max_document_size`, with what to do about it."""
    what = f"{human_size(size)}, more than" if size is not None else "more than"
    return (f"{what} the {limit_size(limits.max_document_size)} one document may have (max_document_size); "
            f"skipped. Split it, or raise the limit with --max-document-size or max_document_size in "
            f"diplograph.toml")


@dataclass(slots=True)
class ReadError:
    """Where an input failed and what the user can do about it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(value: str) -> str:
    """A message fit for one terminal line: control characters (from a file name, or from the
    bytes an exception quotes) shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def clean_str(value: str) -> str:
    """A string the store can hold: lone surrogates (from JSON escapes like \\ud800, or from file
    names that are not UTF-8) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


# Codecs Python knows that are not a page's character set: a page "declaring" one of them is wrong,
# and some of them raise errors other than UnicodeDecodeError.
_NOT_CHARSETS = {"idna", "punycode", "undefined", "unicode_escape", "raw_unicode_escape", "utf_7", "mbcs", "oem",
                 "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}


def _charset(name: str | None) -> str | None:
    """The Python codec of a declared charset, or None for an unknown or unusable name. UTF-16 and
    UTF-32 are refused too: a declaration that could be read as ASCII is not in either."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in _NOT_CHARSETS:
        return None
    return info.name


def utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` for UTF-16 text without a byte-order mark: mostly Latin text has
    a NUL in every other byte, on one side only. None otherwise."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for codec, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.25 * half and other <= 0.02 * half:
            try:
                sample.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a page glued from two sources, a cut character) decoded with
    U+FFFD for those bytes; None if the invalid sequences outnumber the valid multi-byte ones (then
    it is another encoding, not damaged UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # U+FFFD written as such is not damage
    multibyte = len(_DECODED_MULTIBYTE.findall(text))
    return text if multibyte and bad <= multibyte else None


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes  # only for inputs that are not UTF-8

    results = list(from_bytes(data[:200_000]))
    if not results:
        return data.decode("utf-8", errors="replace")
    best = results[0]
    # Windows-1252 is what mislabelled Western pages are in nearly always; the detector often ranks a
    # sibling code page first at equal scores, which turns "Peña" into "Peńa" and "São" into "Săo".
    for cand in results[1:]:
        if cand.encoding == "cp1252" and abs(cand.chaos - best.chaos) < 1e-3 \
                and abs(cand.coherence - best.coherence) < 1e-3:
            best = cand
            break
    try:
        return data.decode(best.encoding, errors="replace")
    except (LookupError, UnicodeError):  # pragma: no cover - the detector names codecs Python has
        return data.decode("utf-8", errors="replace")


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: a byte-order mark; else UTF-16 without one; else valid UTF-8 (whatever the
    page declares: pages that say Latin-1 but are UTF-8 are common, the converse cannot be valid
    UTF-8); else the declared charset; else UTF-8 with a few damaged bytes; else detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = _charset(declared)
    if charset and charset != "utf-8":
        try:
            return data.decode(charset)
        except (UnicodeError, ValueError):
            pass
    return _mostly_utf8(data) or _detected(data)


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # control characters but \t \n \v \f \r
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def looks_binary(data: bytes, text: str | None = None) -> bool:
    """Bytes that are not text in any encoding: NULs (outside UTF-16), or, once decoded, many
    control characters, replacement characters or unassigned code points."""
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and not utf16_without_bom(head):
        return True
    sample = (text if text is not None else decode_bytes(head))[:4096]
    if not sample:
        return False
    # ASCII is checked by one expression; only the other characters need the Unicode database
    odd = len(_ASCII_CONTROL.findall(sample))
    if not sample.isascii():
        odd += sum(1 for c in _NON_ASCII.findall(sample)
                   if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Cn", "Co"))
    return odd > 0.1 * len(sample)


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
