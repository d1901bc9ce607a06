"""`diplograph kb import-wikidata`: actors from a Wikidata JSON dump, streamed.

The dump is the documented format: a JSON array with one entity per line
(`[`, `{...},`, …, `]`), plain or compressed (.gz, .bz2). Two passes keep memory constant: the
first collects the few small maps the second needs (state items → ISO codes; position items →
office and state), the second writes states, people holding those offices, organisations and
treaties, one record at a time, in the knowledge-file format. Which classes and positions count
is data: `data/offices/wikidata.yaml`.
"""
from __future__ import annotations

import bz2
import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator

from .knowledge import DATA_DIR, read_data_file


class DumpError(ValueError):
    """A line of the dump is not an entity; the message gives the line number."""


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8")


def entities(path: Path) -> Iterator[dict[str, Any]]:
    with _open(path) as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.strip().rstrip(",")
            if line in ("", "[", "]"):
                continue
            try:
                entity = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DumpError(f"{path}:{lineno}: not a Wikidata entity ({exc.msg})") from exc
            if isinstance(entity, dict) and entity.get("id"):
                yield entity


def _values(entity: dict, prop: str) -> list[Any]:
    out = []
    for claim in (entity.get("claims") or {}).get(prop, []):
        value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if value is not None:
            out.append(value)
    return out


def _ids(entity: dict, prop: str) -> list[str]:
    return [v["id"] for v in _values(entity, prop) if isinstance(v, dict) and "id" in v]


def _time(value: Any) -> str | None:
    """Wikidata time "+2019-03-20T00:00:00Z" → "2019-03-20" (month/day 00 drop to coarser)."""
    if not isinstance(value, dict) or "time" not in value:
        return None
    found = re.match(r"[+-]?(\d{4})-(\d{2})-(\d{2})", value["time"])
    if not found:
        return None
    y, m, d = found.groups()
    return y if m == "00" else f"{y}-{m}" if d == "00" else f"{y}-{m}-{d}"


def _qualifier_time(claim: dict, prop: str) -> str | None:
    for q in (claim.get("qualifiers") or {}).get(prop, []):
        got = _time((q.get("datavalue") or {}).get("value"))
        if got:
            return got
    return None


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _names(entity: dict, languages: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lang, label in (entity.get("labels") or {}).items():
        if lang in languages and label.get("value"):
            out.setdefault(lang, []).append(label["value"])
    for lang, aliases in (entity.get("aliases") or {}).items():
        if lang in languages:
            for alias in aliases:
                value = alias.get("value")
                if value and value not in out.get(lang, []):
                    out.setdefault(lang, []).append(value)
    return out


@dataclass
class Settings:
    state_classes: set[str]
    person_class: str
    organization_classes: set[str]
    treaty_classes: set[str]
    office_classes: dict[str, str]  # position class QID → office key
    positions: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # position QID → (office, state QID)

    @classmethod
    def load(cls) -> "Settings":
        data = read_data_file(DATA_DIR / "offices" / "wikidata.yaml")
        return cls(state_classes=set(data["state_classes"]), person_class=data["person_class"],
                   organization_classes=set(data["organization_classes"]),
                   treaty_classes=set(data["treaty_classes"]), office_classes=dict(data["office_classes"]),
                   positions={q: (o[0], o[1] if len(o) > 1 else None) for q, o in (data.get("positions") or {}).items()})


def import_dump(path: str | Path, out: IO[str], languages: set[str]) -> dict[str, int]:
    """Write the actors of a dump to `out` as a JSON knowledge file; returns counts per kind."""
    path = Path(path)
    settings = Settings.load()
    states: dict[str, str] = {}  # state QID → ISO alpha-3
    # Pass 1: states and positions (both small), whatever their order in the dump.
    for entity in entities(path):
        classes = set(_ids(entity, "P31"))
        if classes & settings.state_classes:
            iso = next((v for v in _values(entity, "P298") if isinstance(v, str)), None)
            if iso:
                states[entity["id"]] = iso.upper()
        office = next((settings.office_classes[c] for c in _ids(entity, "P279") + list(classes)
                       if c in settings.office_classes), None)
        if office:
            jurisdiction = next(iter(_ids(entity, "P1001")), None)
            settings.positions[entity["id"]] = (office, jurisdiction)
    counts = {"country": 0, "person": 0, "organization": 0, "agreement": 0}
    out.write('{"version": 1, "provenance": "Wikidata dump %s", "actors": [\n' % path.name)
    first = True
    seen: set[str] = set()
    # Pass 2: the records.
    for entity in entities(path):
        record = _record(entity, settings, states, languages)
        if record is None or record["id"] in seen:
            continue
        seen.add(record["id"])
        out.write(("" if first else ",\n") + json.dumps(record, ensure_ascii=False))
        first = False
        counts[record["kind"]] += 1
    out.write("\n]}\n")
    return counts


def _record(entity: dict, settings: Settings, states: dict[str, str], languages: set[str]) -> dict | None:
    classes = set(_ids(entity, "P31"))
    names = _names(entity, languages)
    if not names:
        return None
    label = (names.get("en") or next(iter(names.values())))[0]
    base = {"wikidata": entity["id"], "names": names, "provenance": f"wikidata:{entity['id']}"}
    if entity["id"] in states:
        return {"id": states[entity["id"]], "kind": "country", **base}
    if settings.person_class in classes:
        offices = []
        for claim in (entity.get("claims") or {}).get("P39", []):
            value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value") or {}
            position = settings.positions.get(value.get("id", ""))
            if position is None:
                continue
            office, state = position
            offices.append({"office": office, "country": states.get(state or ""),
                            "start": _qualifier_time(claim, "P580"), "end": _qualifier_time(claim, "P582"),
                            "source": f"https://www.wikidata.org/wiki/{entity['id']}"})
        if not offices:
            return None
        return {"id": slug(label), "kind": "person", **base, "offices": offices}
    if classes & settings.treaty_classes:
        return {"id": slug(label), "kind": "agreement", **base}
    if classes & settings.organization_classes:
        return {"id": slug(label), "kind": "organization", **base}
    return None
