"""RSS 2.0 / RSS 1.0 / Atom feeds: one document per item.

An item's text is its full content (`content:encoded`, Atom `content`); an item that only links to
its page is resolved against local pages — the feed's own folder, `--pages` folders (mirror layout,
`host/path`) and WARC files — and fetched from the internet only with `--fetch`; failing all that,
its description is used. Each broken item is one `ReadError` located by item number and line.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Source
from .base import DEFAULT_LIMITS, Limits, ReadError, decode_bytes, looks_like_html, too_large, utf16_without_bom
from .warc import payload_to_source

_FEED_ROOT = re.compile(rb"<(?:[A-Za-z]+:)?(rss|feed|RDF)[\s>]")
_OPEN = re.compile(rb"<(item|entry)[\s>/]")
_CLOSE = re.compile(rb"</(item|entry)\s*>")
_LANG = re.compile(r"^\s*([A-Za-z]{2})(?:[-_]|$)")
# The internal subset of a DOCTYPE: where entities are declared. Feeds have no use for them; they
# are how "billion laughs" (entities expanding to entities) and XXE (an entity reading a local file
# or a URL) attacks are made. Removed before parsing, whatever the parser would do with them.
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.S | re.I)
_ENTITY_NAME = re.compile(rb"<!ENTITY\s+([A-Za-z_][\w.-]*)")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def looks_like_feed(head: bytes) -> bool:
    head = head[:4096]
    return bool(_FEED_ROOT.search(head)) and not looks_like_html(head.lstrip(b"\xef\xbb\xbf"))


def _iso_date(raw: str | None, parsed) -> str | None:
    """The publication date as the feed gives it, in its own time zone (not shifted to UTC)."""
    if raw:
        from email.utils import parsedate_to_datetime

        raw = raw.strip()
        try:
            return parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
        try:
            return date.fromisoformat(raw[:10]).isoformat()
        except ValueError:
            pass
    if parsed:
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _lang(value: str | None) -> str | None:
    found = _LANG.match(value or "")
    return found.group(1).lower() if found else None


class PageResolver:
    """Finds the page a feed item links to, locally; over the network only if `fetch` is set."""

    def __init__(self, pages: Iterable[str | Path] = (), fetch: bool = False, timeout: float = 20.0,
                 limits: Limits = DEFAULT_LIMITS):
        pages = [Path(p) for p in pages]
        self.folders = [p for p in pages if p.is_dir()]
        self.warcs = [p for p in pages if p.is_file()]
        self.fetch = fetch
        self.timeout = timeout
        self.limits = limits
        self._index: dict[str, tuple[Path, int]] | None = None

    def _warc_lookup(self, url: str) -> tuple[bytes, str, str] | str | None:
        if not self.warcs:
            return None
        if self._index is None:
            from .warc import warc_index

            self._index = {}
            for warc in self.warcs:
                for uri, offset in warc_index(warc).items():
                    self._index.setdefault(uri, (warc, offset))
        hit = self._index.get(url) or self._index.get(url.rstrip("/")) or self._index.get(url + "/")
        if hit is None:
            return None
        from .warc import warc_record_at

        got = warc_record_at(*hit, self.limits)
        if isinstance(got, str) or got is None:
            return got
        return got[0], got[1], f"{hit[0]}#offset={hit[1]}"

    @staticmethod
    def _candidates(folder: Path, url: str) -> Iterator[Path]:
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        rel = unquote(parts.path).strip("/")
        names = [f"{parts.netloc}/{rel}".rstrip("/"), rel] if rel else [parts.netloc]
        for name in names:
            if not name:
                continue
            for suffix in ("", ".html", ".htm", "/index.html", "/index.htm"):
                yield folder / (name + suffix)
        if rel:
            base = rel.rsplit("/", 1)[-1]
            for suffix in ("", ".html", ".htm"):
                yield folder / (base + suffix)

    def _folder_lookup(self, url: str, folders: list[Path]) -> tuple[bytes, str, str] | str | None:
        for folder in folders:
            root = folder.resolve()
            for cand in self._candidates(folder, url):
                try:
                    real = cand.resolve()
                    if not real.is_relative_to(root) or not real.is_file():
                        continue
                    size = real.stat().st_size
                    if self.limits.over_document(size):
                        return f"the page of {url} ({cand}): {too_large(size, self.limits)}"
                    data = real.read_bytes()
                except (OSError, ValueError):  # (ValueError: a URL path with a NUL in it)
                    continue
                if real.suffix.lower() in (".txt", ".text"):
                    ctype = "text/plain"
                elif real.suffix.lower() in (".html", ".htm", ".xhtml") or looks_like_html(data):
                    ctype = "text/html"
                else:
                    continue  # another feed, an image, ...: not the page
                return data, ctype, str(cand)
        return None

    def _fetch(self, url: str) -> tuple[bytes, str, str] | str:
        import urllib.request
        from urllib.parse import urlsplit

        if urlsplit(url).scheme not in ("http", "https"):
            return f"cannot fetch {url!r} (not http or https)"
        req = urllib.request.Request(url, headers={"User-Agent": "diplograph/0.1 (feed item fetch)"})
        cap = self.limits.max_document_size
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = resp.read(cap + 1) if cap else resp.read()
                if cap and len(data) > cap:
                    return f"the page of {url}: {too_large(None, self.limits)}"
                return data, resp.headers.get("Content-Type") or "", url
        except Exception as exc:  # network, HTTP status, time-out: one located error for this item
            return f"fetching {url} failed ({type(exc).__name__}: {str(exc)[:120]})"

    def resolve(self, url: str, feed_dir: Path | None) -> tuple[bytes, str, str] | str | None:
        """(payload, content type, where) of the page, an error message, or None if not found."""
        folders = ([feed_dir] if feed_dir else []) + [f for f in self.folders if f != feed_dir]
        found = self._folder_lookup(url, folders) or self._warc_lookup(url)
        if found is None and self.fetch:
            return self._fetch(url)
        return found


def _positions(data: bytes) -> tuple[list[int], int]:
    """Line of each item's opening tag, and how many items are closed."""
    lines, last, line = [], 0, 1
    for m in _OPEN.finditer(data):
        line += data.count(b"\n", last, m.start())
        last = m.start()
        lines.append(line)
    return lines, len(_CLOSE.findall(data))


def without_entity_declarations(data: bytes) -> bytes:
    """The feed with its DOCTYPE's internal subset (entity declarations) removed, and the references
    to the entities it declared; the line count is kept so that items stay located."""
    head = data[:65536]
    found = _DOCTYPE_SUBSET.search(head)
    if found is None:
        return data
    body = data[found.end():]
    names = set(_ENTITY_NAME.findall(found.group()))
    if names and len(names) <= 1000:
        body = re.sub(b"&(?:" + b"|".join(map(re.escape, names)) + b");", b"", body)
    return data[:found.start()] + b"\n" * found.group().count(b"\n") + body


def _valid_char_ref(m: re.Match) -> bytes:
    # feedparser's lenient parser turns a reference into chr(n) and fails on surrogates, on numbers
    # past U+10FFFF and on numbers too large for C: the whole feed would be lost for one character
    try:
        n = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    except ValueError:
        return b"&#xFFFD;"
    return m.group() if 0 < n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF else b"&#xFFFD;"


def safe_char_refs(data: bytes) -> bytes:
    """Numeric character references to code points no text can hold become U+FFFD (in a feed in
    UTF-8 or another encoding where ASCII is ASCII: see as_utf8)."""
    return _CHAR_REF.sub(_valid_char_ref, data) if b"&#" in data else data


_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def as_utf8(data: bytes) -> bytes:
    """A feed in UTF-16 or UTF-32 as UTF-8 (with its declaration saying so), so that what is
    checked byte-wise before parsing is seen; other feeds as they are."""
    wide = data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or utf16_without_bom(data[:4096])
    if not wide:
        return data
    text = _XML_ENCODING.sub(lambda m: f'{m.group(1)}"utf-8"', decode_bytes(data), count=1)
    return text.encode("utf-8", "replace")


def feed_sources(data: bytes, where: str, defaults: dict[str, str | None], resolver: PageResolver | None,
                 feed_dir: Path | None, limits: Limits = DEFAULT_LIMITS) -> Iterator[Source | ReadError]:
    import feedparser

    data = safe_char_refs(without_entity_declarations(as_utf8(data)))
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:  # feedparser's lenient parser has failure modes of its own
        yield ReadError(where, f"not a readable RSS or Atom feed ({type(exc).__name__}: {str(exc)[:120]}); "
                               f"check the file")
        return
    entries = parsed.entries
    if not entries:  # (a well-formed feed with no items is not an error: there is just nothing in it)
        if parsed.bozo:
            exc = parsed.get("bozo_exception")
            yield ReadError(where, f"not a readable RSS or Atom feed ({exc}); check the file")
        return
    lines, closed = _positions(data)
    feed_lang = _lang(parsed.feed.get("language"))
    resolver = resolver or PageResolver(limits=limits)
    for i, entry in enumerate(entries, 1):
        line = lines[i - 1] if len(lines) == len(entries) else None
        loc = f"{where}#item-{i}"
        at = f"{loc} (line {line})" if line else loc
        if parsed.bozo and len(lines) == len(entries) and i > closed:
            yield ReadError(at, "truncated item: the feed ends inside it; the items before were read")
            continue
        title = (entry.get("title") or "").strip() or None
        link = (entry.get("link") or "").strip() or None
        meta = {"id": None, "title": title, "url": link,
                "date": _iso_date(entry.get("published") or entry.get("updated") or entry.get("created"),
                                  entry.get("published_parsed") or entry.get("updated_parsed"))
                or defaults.get("date"),
                "lang": feed_lang or defaults.get("lang")}
        src = _content_source(entry, loc, meta)
        if src is not None:
            yield src
            continue
        problem = None
        if link:
            page = resolver.resolve(link, feed_dir)
            if isinstance(page, tuple):
                payload, ctype, page_where = page
                got = payload_to_source(payload, ctype, loc, link, defaults)
                if got is not None:
                    got.title, got.date = title or got.title, meta["date"]
                    got.lang = got.lang if got.lang else meta["lang"]
                    yield got
                    continue
                problem = f"the page of {link} ({page_where}) is not HTML or text"
            elif isinstance(page, str):
                problem = page
        summary = _summary_source(entry, loc, meta)
        if summary is not None:
            yield summary
            continue
        if problem is None and link:
            problem = (f"links to {link}, which is not among the local pages; give the folder or WARC "
                       f"holding it with --pages, or --fetch to download it")
        yield ReadError(at, problem or "an item with no content, no description and no link; nothing to read")


def _content_source(entry, loc: str, meta: dict) -> Source | None:
    for content in entry.get("content") or []:
        value = (content.get("value") or "").strip()
        if not value:
            continue
        lang = _lang(content.get("language")) or meta["lang"]
        if "html" in (content.get("type") or "text/html"):
            return Source(path=loc, html=_wrap(value), **{**meta, "lang": lang})
        return Source(path=loc, text=value, **{**meta, "lang": lang})
    return None


def _summary_source(entry, loc: str, meta: dict) -> Source | None:
    value = (entry.get("summary") or "").strip()
    if not value:
        return None
    kind = (entry.get("summary_detail") or {}).get("type") or "text/html"
    if "html" in kind:
        return Source(path=loc, html=_wrap(value), **meta)
    return Source(path=loc, text=value, **meta)


def _wrap(fragment: str) -> str:
    """Item content is an HTML fragment: give it a body so that extraction treats it as the article."""
    return fragment if looks_like_html(fragment) else f"<html><body><article>{fragment}</article></body></html>"

