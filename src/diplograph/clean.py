"""Stage 2: the main text of a page, without page furniture, in normalised Unicode."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .knowledge import Knowledge

# Invisible format characters: zero-width spaces and joiners, soft hyphens, and the bidirectional
# marks, embeddings and isolates right-to-left text carries ("Is\u200brael", "\u200fIsrael\u200f"
# must be the name). Removed before any offset exists, so offsets point into the text as stored.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060-\u2064\ufeff\u00ad\u200e\u200f\u202a-\u202e"
                         "\u2066-\u2069\u061c\u180e]")
# Control characters (but tab and line ends), which no text means; lone surrogates, which no
# encoder writes (the store could not hold them).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
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
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", text)))
    text = _CONTROLS.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


@lru_cache(maxsize=8)
def _furniture_markers(kb: Knowledge) -> frozenset[str]:
    return frozenset(m.casefold() for data in kb.languages.values() for m in data.get("furniture") or [])


def _comment_headings(kb: Knowledge) -> frozenset[str]:
    return frozenset(m.casefold() for data in kb.languages.values() for m in data.get("comment_headings") or [])


_COUNT = re.compile(r"^\d+\s+|\s*\(\d+\)$")  # "Komentar (3)", "12 Comments"


def strip_furniture(text: str, kb: Knowledge) -> str:
    """Drop furniture blocks of plain-text pages: a marker line ("More From Author", "Baca Juga")
    and the list of short, unpunctuated lines (titles) that follows it; and a readers' comment
    section ("Komentar (3)", "12 Comments") with everything after it — readers are no source."""
    markers = _furniture_markers(kb)
    comments = _comment_headings(kb)
    out: list[str] = []
    skipping = False
    for line in text.split("\n"):
        key = line.strip().rstrip(":").casefold()
        if comments and len(key) < 40 and (key in comments or _COUNT.sub("", key) in comments):
            break
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

    html = _SURROGATES.sub("\ufffd", html)
    try:
        doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True,
                                          include_tables=False, favor_precision=True)
    except _PARSER_ERRORS:
        doc = None
    if doc is None or not (doc.text or "").strip():
        # Not an article page: fall back to all visible text so nothing is silently lost.
        try:
            doc_text = trafilatura.html2txt(html) or ""
        except _PARSER_ERRORS:
            doc_text = ""
        if not doc_text.strip():
            # lxml gives up on some pages (nesting deeper than it allows, markup it cannot repair):
            # their text is still there, between the tags
            doc_text = markup_text(html)
        return Cleaned(text=normalise(doc_text))
    return Cleaned(text=normalise(doc.text), title=doc.title, date=doc.date, url=doc.url, site=doc.sitename)


# what trafilatura and lxml raise on markup they choke on (a bug there must not lose the page)
_PARSER_ERRORS = (ValueError, RecursionError, AttributeError, TypeError, IndexError, KeyError)
_INVISIBLE_ELEMENTS = re.compile(r"<(script|style|noscript|template|svg|head)\b.*?</\1\s*>", re.I | re.S)
_COMMENTS = re.compile(r"<!--.*?(?:-->|$)", re.S)
_BLOCK_TAGS = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|article|section|blockquote|pre|table|ul|ol)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]*>")


def markup_text(html: str) -> str:
    """The text between the tags, without a parser: scripts, styles and comments dropped, block
    elements as line breaks, entities resolved. Linear in the page, whatever its nesting."""
    from html import unescape

    text = _COMMENTS.sub(" ", _INVISIBLE_ELEMENTS.sub(" ", html))
    text = _TAGS.sub("", _BLOCK_TAGS.sub("\n", text))
    return unescape(text)


_CUT_AT = (re.compile(r"\n\s*\n"), re.compile(r"[.!?…][\"'”’)]*\s"), re.compile(r"\s"))


def truncate_text(text: str, max_chars: int) -> str:
    """The text cut to at most `max_chars` characters: at the last paragraph break in the final
    tenth, else at the last sentence end there, else at the last space; a hard cut only when
    there is none. The result is a prefix of the text: offsets into it are offsets into the whole."""
    if not max_chars or len(text) <= max_chars:
        return text
    floor = max_chars - max_chars // 10
    window = text[floor:max_chars]
    for boundary in _CUT_AT:
        ends = [m.end() for m in boundary.finditer(window)]
        if ends:
            return text[:floor + ends[-1]].rstrip()
    return text[:max_chars]


def clean(text: str | None, html: str | None, kb: Knowledge) -> Cleaned:
    if html is not None:
        cleaned = clean_html(html)
        cleaned.text = strip_furniture(cleaned.text, kb)
        return cleaned
    return Cleaned(text=strip_furniture(normalise(text or ""), kb))
