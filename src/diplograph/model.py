"""The one document model every stage reads and writes."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# PLOVER quad classes, used by relations and summaries.
QUAD: dict[str, str] = {
    "AGREE": "verbal-cooperation", "CONSULT": "verbal-cooperation", "SUPPORT": "verbal-cooperation",
    "CONCEDE": "verbal-cooperation", "COOPERATE": "material-cooperation", "AID": "material-cooperation",
    "RETREAT": "material-cooperation", "REQUEST": "verbal-conflict", "ACCUSE": "verbal-conflict",
    "REJECT": "verbal-conflict", "THREATEN": "verbal-conflict", "PROTEST": "material-conflict",
    "SANCTION": "material-conflict", "MOBILIZE": "material-conflict", "COERCE": "material-conflict",
    "ASSAULT": "material-conflict",
}
AUX_VALUES: tuple[str, ...] = ("historical", "future", "hypothetical", "negation")
SECTORS: tuple[str, ...] = (
    "agriculture", "culture", "economy", "education", "energy", "environment", "health", "humanitarian",
    "infrastructure", "justice", "migration", "science", "security", "technology", "tourism", "water",
)


def content_id(text: str) -> str:
    """Documents are keyed by their cleaned content, so the same text twice is one document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Source:
    """A document as read, before cleaning: exactly one of `text` and `html` is set."""

    path: str
    text: str | None = None
    html: str | None = None
    id: str | None = None
    lang: str | None = None
    date: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    id: str
    text: str
    start: int
    end: int
    kind: str
    via: str = "name"  # name | demonym | metonym | title | coreference
    absorbed: bool = False  # part of a larger mention (the country inside "Presiden AS Donald Trump")

    def as_record(self, doc_id: str) -> dict[str, Any]:
        return {"doc_id": doc_id, "id": self.id, "text": self.text, "start": self.start,
                "end": self.end, "kind": self.kind, "via": self.via}


@dataclass(slots=True)
class Event:
    event_type: str
    mode: str | None
    actor: list[str]
    recipient: list[str]
    quote: str
    start: int
    end: int
    contexts: list[str] = field(default_factory=list)
    aux: list[str] = field(default_factory=list)
    actor_countries: list[str] = field(default_factory=list)
    recipient_countries: list[str] = field(default_factory=list)
    agreement: str | None = None
    sectors: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    confidence: float = 0.5
    trigger: str = ""
    evidence: str = ""  # the features confidence is calibrated on (events/coder.py: evidence_key)

    def key(self) -> tuple:
        """Two records with this key in one document are the same event told twice."""
        return (self.event_type, tuple(sorted(self.actor)), tuple(sorted(self.recipient)),
                self.agreement, tuple(sorted(self.aux)))


@dataclass
class Document:
    id: str
    path: str
    text: str
    lang: str | None = None
    date: str | None = None
    url: str | None = None
    title: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)  # claim checks (analysis/claims.py)

    def event_records(self) -> list[dict[str, Any]]:
        """Events as the output contract (docs/output-format.md) spells them."""
        out = []
        for ev in self.events:
            rec = asdict(ev)
            out.append({"doc_id": self.id, "path": self.path, "lang": self.lang, **rec})
        return out

    def mention_records(self) -> list[dict[str, Any]]:
        return [m.as_record(self.id) for m in self.mentions]
