"""`diplograph kb …`: search, show and count the knowledge base."""
from __future__ import annotations

import argparse
import unicodedata
from collections import Counter
from dataclasses import asdict
from typing import Any, Callable

from .knowledge import Actor, Knowledge, load_knowledge


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def search(kb: Knowledge, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Actors with a name in any language that equals, starts with or contains the query."""
    q = _fold(query.strip())
    scored = []
    for actor in kb.actors.values():
        best, hit_name, hit_lang = 9, "", ""
        if _fold(actor.id) == q:
            best, hit_name = 0, actor.id
        for field in (actor.names, actor.demonyms, actor.metonyms):
            for lang, names in field.items():
                for name in names:
                    f = _fold(name)
                    rank = 0 if f == q else 1 if f.startswith(q) else 2 if q in f else 9
                    if rank < best:
                        best, hit_name, hit_lang = rank, name, lang
        if best < 9:
            scored.append((best, actor.kind != "country", actor.id, hit_name, hit_lang, actor))
    scored.sort(key=lambda s: s[:3])
    return [{"id": a.id, "kind": a.kind, "label": a.label, "matched": name, "lang": lang}
            for _, _, _, name, lang, a in scored[:limit]]


def show(actor: Actor) -> dict[str, Any]:
    rec = asdict(actor)
    rec["ambiguous"] = sorted(actor.ambiguous)
    return rec


def stats(kb: Knowledge) -> dict[str, Any]:
    kinds = Counter(a.kind for a in kb.actors.values())
    langs: Counter[str] = Counter()
    names = 0
    for a in kb.actors.values():
        for lang, values in a.names.items():
            langs[lang] += 1
            names += len(values)
    return {"actors": len(kb.actors), "per_kind": dict(sorted(kinds.items())), "names": names,
            "languages": len(langs), "actors_per_language": dict(langs.most_common()),
            "titles": len(kb.titles), "lexicons": {k: len(v.entries) for k, v in kb.lexicons.items()},
            "files": kb.files}


def import_wikidata(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from .wikidata import DumpError, import_dump

    languages = {code.strip() for code in args.languages.split(",") if code.strip()}
    source = Path(args.dump)
    if not source.exists():
        from .cli import UsageError

        raise UsageError(f"{source}: no such file")
    target = Path(args.output) if args.output else None
    tmp = target.with_suffix(target.suffix + ".part") if target else None
    try:
        with (tmp.open("w", encoding="utf-8") if tmp else sys.stdout) as out:  # type: ignore[union-attr]
            counts = import_dump(source, out, languages)
    except DumpError as exc:
        if tmp:
            tmp.unlink(missing_ok=True)
        from .cli import UsageError

        raise UsageError(f"{exc}; is this a Wikidata JSON dump (one entity per line)?") from exc
    if tmp and target:
        tmp.replace(target)
    sys.stderr.write(", ".join(f"{n} {kind}" for kind, n in counts.items())
                     + (f" written to {target}; use it with --kb-extra {target}\n" if target else "\n"))
    return 0


def kb_command(args: argparse.Namespace, emit: Callable[..., None]) -> int:
    if args.kb_command == "import-wikidata":
        return import_wikidata(args)
    kb = load_knowledge(args.kb_extra or ())
    if args.kb_command == "search":
        emit(search(kb, args.name, args.limit), args.format, ("id", "kind", "label", "matched", "lang"))
        return 0
    if args.kb_command == "show":
        actor = kb.actor(args.id)
        if actor is None:
            from .cli import UsageError

            raise UsageError(f"no actor with id {args.id!r}; try 'diplograph kb search NAME'")
        record = show(actor)
        if args.format == "table":
            emit([{"field": k, "value": v} for k, v in record.items() if v], "table", ("field", "value"))
        else:
            emit_json(record)
        return 0
    result = stats(kb)
    if args.format == "json":
        emit_json(result)
    else:
        print(f"{result['actors']} actors, {result['names']} names in {result['languages']} languages")
        for kind, n in result["per_kind"].items():
            print(f"  {kind:<13} {n}")
        print("lexicon entries: " + ", ".join(f"{k} {v}" for k, v in result["lexicons"].items()))
    return 0


def emit_json(value: Any) -> None:
    import json
    import sys

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")
