"""Stage 2: the main text of a page, without page furniture, in normalised Unicode."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .knowledge import Knowledge

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
_ENDS_SENTENCE = re.compile(r"[.!?…:\"'”’)]\s*$")


@dataclass(slots=True)
class Cleaned:
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    site: str | None = None


def normalise(text: str) -> str:
    """NFC, no invisible format characters, single spaces, at most one blank line in a row."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


@lru_cache(maxsize=8)
def _furniture_markers(kb: Knowledge) -> frozenset[str]:
    return frozenset(m.casefold() for data in kb.languages.values() for m in data.get("furniture") or [])


def strip_furniture(text: str, kb: Knowledge) -> str:
    """Drop furniture blocks of plain-text pages: a marker line ("More From Author", "Baca Juga")
    and the list of short, unpunctuated lines (titles) that follows it."""
    markers = _furniture_markers(kb)
    out: list[str] = []
    skipping = False
    for line in text.split("\n"):
        key = line.strip().rstrip(":").casefold()
        if key in markers:
            skipping = True
            continue
        if skipping:
            if not line.strip() or (len(line) < 120 and not _ENDS_SENTENCE.search(line)):
                continue
            skipping = False
        out.append(line)
    return _BLANKS.sub("\n\n", "\n".join(out)).strip()


def clean_html(html: str) -> Cleaned:
    import trafilatura  # imported on first HTML page only: plain-text runs stay fast to start

    doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True,
                                      include_tables=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        # Not an article page: fall back to all visible text so nothing is silently lost.
        doc_text = trafilatura.html2txt(html) or ""
        return Cleaned(text=normalise(doc_text))
    return Cleaned(text=normalise(doc.text), title=doc.title, date=doc.date, url=doc.url, site=doc.sitename)


def clean(text: str | None, html: str | None, kb: Knowledge) -> Cleaned:
    if html is not None:
        cleaned = clean_html(html)
        cleaned.text = strip_furniture(cleaned.text, kb)
        return cleaned
    return Cleaned(text=strip_furniture(normalise(text or ""), kb))
