"""diplograph: diplomatic news, in many languages, to sourced PLOVER events.

    >>> import diplograph
    >>> events = diplograph.extract("Kazakhstan joined the Abraham Accords on Thursday.", date="2025-11-07")
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract", "process", "__version__"]


def process(text_or_html: str, lang: str | None = None, date: str | None = None, doc_id: str | None = None):
    """Run the whole pipeline on one text or HTML page and return the `Document`."""
    from .model import Source
    from .pipeline import Pipeline
    from .read import looks_like_html

    is_html = looks_like_html(text_or_html)
    src = Source(path="<api>", text=None if is_html else text_or_html, html=text_or_html if is_html else None,
                 id=doc_id, lang=lang, date=date)
    return Pipeline.default().process(src)


def extract(text_or_html: str, lang: str | None = None, date: str | None = None) -> list[dict[str, Any]]:
    """The event records of one text or HTML page, exactly as `diplograph extract --format jsonl` prints them."""
    return process(text_or_html, lang=lang, date=date).event_records()
