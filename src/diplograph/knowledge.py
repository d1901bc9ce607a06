"""Loads the knowledge under data/ once: actors, titles, languages, lexicons. Validates on load.

Users extend it with their own files (same shapes, see docs/knowledge-format.md); a record whose
id exists already is merged over the shipped one.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml

from .model import AUX_VALUES, CATEGORIES, SECTORS

T = TypeVar("T")

DATA_DIR = Path(__file__).parent / "data"
KINDS = ("country", "person", "organization", "group", "agreement")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.2 booleans: only true/false. Word lists hold "on", "no", "yes" as words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


class KnowledgeError(ValueError):
    """A knowledge file is malformed; the message names the file, the record and the problem."""


def read_data_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_Loader)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else (f" line {exc.lineno}" if hasattr(exc, "lineno") else "")
        raise KnowledgeError(f"{path}:{where} not valid {'JSON' if path.suffix == '.json' else 'YAML'}: "
                             f"{getattr(exc, 'problem', None) or exc}") from exc


def _as_date(value: Any) -> str | None:
    """Dates arrive as YAML dates or strings; keep them as ISO strings (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text
    raise ValueError(f"not a date: {value!r}")


@dataclass
class Office:
    office: str
    country: str | None
    start: str | None
    end: str | None
    organization: str | None = None
    source: str | None = None


@dataclass
class Membership:
    member: str
    role: str
    since: str | None
    announced: str | None
    left: str | None
    source: str | None
    note: str | None = None
    sources: list[str] = field(default_factory=list)  # every URL backing the entry (source among them)


@dataclass
class Actor:
    id: str
    kind: str
    names: dict[str, list[str]]
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    metonyms: dict[str, list[str]] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    wikidata: str | None = None
    country: str | None = None
    offices: list[Office] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    group_members: list[str] = field(default_factory=list)
    signed: str | None = None
    provenance: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        for lang in ("en", *self.names):
            if self.names.get(lang):
                return self.names[lang][0]
        return self.id

    def office_at(self, when: str | None) -> Office | None:
        """The office held at a date; outside every term, the latest one begun before it (or,
        with no date, the latest of all)."""
        if not self.offices:
            return None
        if when:
            current = [o for o in self.offices if (o.start or "") <= when and (o.end is None or when < o.end)]
            if current:
                return max(current, key=lambda o: o.start or "")
            before = [o for o in self.offices if (o.start or "") <= when]
            if before:
                return max(before, key=lambda o: o.start or "")
        return max(self.offices, key=lambda o: o.start or "")

    def country_at(self, when: str | None) -> str | None:
        """The state this actor stands for at a date: itself, its state, or the office held then
        (None while serving an organisation: a UN Secretary-General stands for no state)."""
        if self.kind == "country":
            return self.id
        if self.country:
            return self.country
        office = self.office_at(when)
        return office.country if office else None

    def represents_at(self, when: str | None) -> str | None:
        """The state, or else the organisation, a person or body stands for at a date."""
        country = self.country_at(when)
        if country:
            return country
        office = self.office_at(when)
        if office and office.organization:
            return office.organization
        parent = self.extra.get("parent")
        return parent if isinstance(parent, str) else None


def _names_field(rec: dict, key: str, where: str) -> dict[str, list[str]]:
    value = rec.get(key) or {}
    if not isinstance(value, dict):
        raise KnowledgeError(f"{where}: '{key}' must map language codes to lists of names")
    out: dict[str, list[str]] = {}
    for lang, names in value.items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise KnowledgeError(f"{where}: '{key}.{lang}' must be a list of strings")
        out[str(lang)] = [n.strip() for n in names if n and n.strip()]
    return out


def _actor_from(rec: Any, where: str) -> Actor:
    if not isinstance(rec, dict):
        raise KnowledgeError(f"{where}: a record must be a mapping")
    actor_id, kind = rec.get("id"), rec.get("kind")
    where = f"{where} (id {actor_id})"
    if not isinstance(actor_id, str) or not actor_id:
        raise KnowledgeError(f"{where}: missing 'id'")
    if kind not in KINDS:
        raise KnowledgeError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "country" and not _ISO3.match(actor_id):
        raise KnowledgeError(f"{where}: a country id is an ISO 3166-1 alpha-3 code in upper case")
    if kind != "country" and not _SLUG.match(actor_id):
        raise KnowledgeError(f"{where}: ids other than countries are lower-case ASCII slugs")
    try:
        offices = [Office(office=str(o["office"]), country=o.get("country"), start=_as_date(o.get("start")),
                          end=_as_date(o.get("end")), organization=o.get("organization"), source=o.get("source"))
                   for o in rec.get("offices") or []]
        members = [Membership(member=str(m["member"]), role=str(m.get("role") or "party"),
                              since=_as_date(m.get("since")), announced=_as_date(m.get("announced")),
                              left=_as_date(m.get("left")), source=m.get("source"), note=m.get("note"),
                              sources=[str(u) for u in m.get("sources") or []])
                   for m in rec.get("members") or [] if isinstance(m, dict)]
        signed = _as_date(rec.get("signed"))
    except (KeyError, ValueError, TypeError) as exc:
        raise KnowledgeError(f"{where}: bad office or membership: {exc}") from exc
    group_members = [m for m in rec.get("members") or [] if isinstance(m, str)]
    prov = rec.get("provenance")
    known = {"id", "kind", "names", "demonyms", "metonyms", "ambiguous", "wikidata", "country", "offices",
             "members", "signed", "provenance"}
    return Actor(
        id=actor_id, kind=kind, names=_names_field(rec, "names", where),
        demonyms=_names_field(rec, "demonyms", where), metonyms=_names_field(rec, "metonyms", where),
        ambiguous=set(rec.get("ambiguous") or []), wikidata=rec.get("wikidata"), country=rec.get("country"),
        offices=offices, members=members, group_members=group_members, signed=signed,
        provenance=[prov] if isinstance(prov, str) else list(prov or []),
        extra={k: v for k, v in rec.items() if k not in known},
    )


def _merge(base: Actor, new: Actor) -> None:
    for attr in ("names", "demonyms", "metonyms"):
        target: dict[str, list[str]] = getattr(base, attr)
        for lang, names in getattr(new, attr).items():
            have = target.setdefault(lang, [])
            have.extend(n for n in names if n not in have)
    base.ambiguous |= new.ambiguous
    for attr in ("wikidata", "country", "signed"):
        if getattr(new, attr):
            setattr(base, attr, getattr(new, attr))
    if new.offices:
        base.offices = new.offices
    if new.members:
        base.members = new.members
    if new.group_members:
        base.group_members = new.group_members
    base.provenance += [p for p in new.provenance if p not in base.provenance]
    base.extra.update(new.extra)


@dataclass
class Lexicon:
    """Event trigger patterns of one language, each with its PLOVER category and mode."""

    lang: str
    entries: list[dict[str, Any]]


@dataclass(eq=False)  # hashed by identity: stages cache what they derive from one loaded knowledge base
class Knowledge:
    actors: dict[str, Actor]
    titles: dict[str, dict[str, list[str]]]
    languages: dict[str, dict[str, Any]]
    lexicons: dict[str, Lexicon]
    files: list[str]
    calibration: dict[str, float] = field(default_factory=dict)
    # (office, country) -> its spells, built on first use
    cache_file: str | None = field(default=None, repr=False, compare=False)  # where this was pickled
    _spells: dict[tuple[str, str | None], list[tuple[Any, Actor]]] = field(default_factory=dict, repr=False,
                                                                         compare=False)

    def actor(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def holders(self, office: str, country: str, when: str | None) -> list[Actor]:
        """Who held `office` in `country` at `when` (or most recently before it)."""
        if not self._spells:
            for a in self.actors.values():
                if a.kind == "person":
                    for o in a.offices:
                        self._spells.setdefault((o.office, o.country), []).append((o, a))
        spells = self._spells.get((office, country), [])
        if not spells:
            return []
        if when:
            now = [a for o, a in spells if (o.start or "") <= when and (o.end is None or when < o.end)]
            if now:
                return now
            spells = [(o, a) for o, a in spells if (o.start or "") <= when] or spells
        return [max(spells, key=lambda s: s[0].start or "")[1]]


def _iter_actor_files(extra: Iterable[Path]) -> list[Path]:
    shipped = sorted(p for p in (DATA_DIR / "actors").glob("*") if p.suffix in (".yaml", ".yml", ".json"))
    # generated files first, curated files over them, users' files last
    shipped.sort(key=lambda p: (0 if p.suffix == ".json" else 1, p.name))
    return shipped + [Path(p) for p in extra]


def _validate_lexicon(lang: str, path: Path, data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise KnowledgeError(f"{path}: a lexicon file has a list 'entries'")
    out = []
    for n, entry in enumerate(data["entries"], 1):
        where = f"{path}: entry {n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise KnowledgeError(f"{where}: needs a 'pattern' string")
        if entry.get("category") not in CATEGORIES:
            raise KnowledgeError(f"{where} ({entry.get('pattern')}): unknown category {entry.get('category')!r}")
        for s in entry.get("sectors") or []:
            if s not in SECTORS:
                raise KnowledgeError(f"{where} ({entry['pattern']}): unknown sector {s!r}")
        for a in entry.get("aux") or []:
            if a not in AUX_VALUES:
                raise KnowledgeError(f"{where} ({entry['pattern']}): unknown aux {a!r}")
        out.append(entry)
    return out


def load_knowledge(extra_files: Iterable[str | Path] = ()) -> Knowledge:
    """The knowledge base: shipped files plus the user's, validated. Parsed once per process and
    kept in a pickle under the user's cache folder, rebuilt whenever any file changes."""
    import gc

    extra = tuple(str(Path(p).resolve()) for p in extra_files)
    kb = _load_cached(extra)
    # The knowledge base's hundred thousand objects live as long as the process: moved out of the
    # collector's generations, they are not walked again by every full collection (~8 % of coding).
    gc.freeze()
    return kb


def _data_files(extra: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in DATA_DIR.rglob("*") if p.suffix in (".yaml", ".yml", ".json")) + [Path(p) for p in extra]


def _cache_path(extra: tuple[str, ...]) -> Path | None:
    import hashlib
    import os

    try:
        stamp = "|".join(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in _data_files(extra))
    except OSError:
        return None  # a missing user file: the loader reports it
    digest = hashlib.sha256(f"{CACHE_VERSION}|{stamp}".encode()).hexdigest()[:24]
    base = Path(os.environ.get("DIPLOGRAPH_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "diplograph")
    return base / f"knowledge-{digest}.pickle"


CACHE_VERSION = 3  # bump when the Knowledge classes change shape


@lru_cache(maxsize=4)
def _load_cached(extra: tuple[str, ...]) -> Knowledge:
    import pickle

    cache = _cache_path(extra)
    if cache is not None and cache.exists():
        try:
            with cache.open("rb") as handle:
                kb = pickle.load(handle)
            if isinstance(kb, Knowledge):
                kb.cache_file = str(cache)
                try:
                    os.utime(cache)  # recently used: kept when the cache is pruned
                except OSError:
                    pass
                return kb
        except Exception:  # a stale or damaged cache is rebuilt, never trusted
            pass
    kb = _parse(extra)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
            kb.cache_file = str(cache)
            _prune_cache(cache.parent)
        except OSError:
            pass  # read-only home: parse every time
    return kb


CACHE_KEEP = 8  # knowledge pickles kept (with what was derived from them); the least recently made go


def _prune_cache(folder: Path) -> None:
    """Every change of a file (or of the user's files) makes a new cache entry: keep the most
    recently used few, with what was derived from them. Files being written (.tmp) are left alone."""
    def used(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    pickles = sorted((p for p in folder.glob("knowledge-*.pickle") if p.name.count(".") == 1), key=used, reverse=True)
    keep = {p.name.split(".")[0] for p in pickles[:CACHE_KEEP]}
    for path in folder.glob("knowledge-*"):
        if path.name.split(".")[0] not in keep and path.suffix != ".tmp":
            path.unlink(missing_ok=True)


def derived(kb: Knowledge, name: str, build: Callable[[], T]) -> T:
    """Something costly built from the knowledge base (a name matcher), kept in a pickle next to
    the knowledge base's own, so that it is built once per version of the files, not per process.
    `name` must change whenever the shape of what `build` returns changes."""
    import pickle

    path = Path(kb.cache_file).with_suffix(f".{name}.pickle") if kb.cache_file else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # stale or damaged: rebuilt below
            pass
    value = build()
    if path is not None:
        try:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except (OSError, pickle.PicklingError):
            pass
    return value


def _parse(extra: tuple[str, ...]) -> Knowledge:
    actors: dict[str, Actor] = {}
    files: list[str] = []
    for path in _iter_actor_files(Path(p) for p in extra):
        data = read_data_file(path)
        records = data.get("actors") if isinstance(data, dict) else data
        if not isinstance(records, list):
            raise KnowledgeError(f"{path}: expected a list 'actors'")
        files.append(str(path))
        for n, rec in enumerate(records, 1):
            actor = _actor_from(rec, f"{path}: record {n}")
            if actor.id in actors:
                if actors[actor.id].kind != actor.kind:
                    raise KnowledgeError(f"{path}: record {n} (id {actor.id}): kind {actor.kind} clashes "
                                         f"with {actors[actor.id].kind} defined earlier")
                _merge(actors[actor.id], actor)
            else:
                actors[actor.id] = actor
    titles_path = DATA_DIR / "offices" / "titles.yaml"
    titles: dict[str, dict[str, list[str]]] = {}
    if titles_path.exists():
        tdata = read_data_file(titles_path) or {}
        for key, rec in (tdata.get("titles") or {}).items():
            titles[key] = _names_field(rec, "names", f"{titles_path}: title {key}")
    languages: dict[str, dict[str, Any]] = {}
    for path in sorted((DATA_DIR / "languages").glob("*.yaml")):
        ldata = read_data_file(path)
        if not isinstance(ldata, dict) or "language" not in ldata:
            raise KnowledgeError(f"{path}: a language file names its 'language'")
        languages[ldata["language"]] = ldata
    lexicons: dict[str, Lexicon] = {}
    for folder in sorted(p for p in (DATA_DIR / "lexicons").glob("*") if p.is_dir()):
        entries: list[dict[str, Any]] = []
        for path in sorted(folder.glob("*.yaml")):
            entries += _validate_lexicon(folder.name, path, read_data_file(path))
        lexicons[folder.name] = Lexicon(folder.name, entries)
    calibration_path = DATA_DIR / "calibration.yaml"
    calibration: dict[str, float] = {}
    if calibration_path.exists():
        cdata = read_data_file(calibration_path) or {}
        calibration = {str(k): float(v) for k, v in (cdata.get("confidence") or {}).items()}
    return Knowledge(actors=actors, titles=titles, languages=languages, lexicons=lexicons, files=files,
                     calibration=calibration)
