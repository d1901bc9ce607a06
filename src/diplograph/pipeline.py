"""The ordered stages: read → clean → language → sentences → actors → events → dates → store.

`Pipeline.process` turns one `Source` into a `Document`; `Pipeline.pipe` streams many.
Each stage is a plain function of its own module, testable alone on a hand-built Document.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator

from .actors.resolve import find_mentions
from .clean import clean
from .dates import dateline, find_dates, parse_iso
from .events.coder import code_document
from .knowledge import Knowledge, load_knowledge
from .language import detect_language
from .model import Document, Source, content_id
from .read import ReadError, read_paths
from .sentences import split_sentences


@dataclass
class Pipeline:
    kb: Knowledge
    today: date | None = None

    @classmethod
    def default(cls, kb_extra: Iterable[str] = ()) -> "Pipeline":
        return cls(load_knowledge(kb_extra))

    def process(self, src: Source) -> Document:
        return self.code(self.prepare(src))

    def prepare(self, src: Source) -> Document:
        """The cheap half: read → clean → id and metadata. A resumed ingest stops here for
        documents already stored (the id is the content hash of the cleaned text, or the user's)."""
        cleaned = clean(src.text, src.html, self.kb)
        published = src.date or cleaned.date
        if published and parse_iso(published) is None and not (len(published) in (4, 7) and published[:4].isdigit()):
            published = None
        doc = Document(
            id=src.id or content_id(cleaned.text), path=src.path, text=cleaned.text,
            lang=(src.lang or "").lower() or None, date=published, url=src.url or cleaned.url,
            title=src.title or cleaned.title,
        )
        return doc

    def code(self, doc: Document) -> Document:
        """The costly half on a prepared document: language, dates, sentences, actors, events."""
        if not doc.lang:
            doc.lang = detect_language(doc.text, self.kb)
        if not doc.date:
            doc.date = dateline(doc.text, self.kb, doc.lang)
        doc.sentences = split_sentences(doc.text, self.kb, doc.lang)
        doc.mentions = find_mentions(doc, self.kb)
        dates = find_dates(doc.text, self.kb, doc.lang, doc.date)
        doc.events = code_document(doc, self.kb, dates, self.today)
        from .analysis.claims import check_document  # statements contradicting the knowledge base

        doc.findings = check_document(doc, self.kb)
        if doc.lang not in self.kb.lexicons:
            doc.warnings.append(f"no event lexicon for language {doc.lang or 'unknown'}; actors only")
        return doc

    def pipe(self, sources: Iterable[Source | ReadError]) -> Iterator[Document | ReadError]:
        for src in sources:
            yield src if isinstance(src, ReadError) else self.process(src)

    def run_paths(self, paths: Iterable[str], lang: str | None = None,
                  date: str | None = None) -> Iterator[Document | ReadError]:
        return self.pipe(read_paths(paths, lang=lang, date=date))
