"""`diplograph relations | graph | stories | export | check`: the analyses on the command line.

Heavy modules are imported inside the handlers, so `diplograph extract` does not pay for them.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..cli import FORMATS, UsageError, _emit, _open_store


def _kb(args: argparse.Namespace):
    from ..knowledge import load_knowledge

    return load_knowledge(args.kb_extra or ())


def _actor(kb, name: str) -> str:
    from ..analysis.common import resolve_actor

    try:
        return resolve_actor(kb, name)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from exc


PERIOD_TABLE = ("period", "verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict",
                "negated", "stories", "events", "score")
TIMELINE_TABLE = ("date", "event_type", "direction", "actor", "recipient", "aux", "story_id", "doc_id", "quote")
PARTNER_TABLE = ("rank", "id", "label", "kind", "stories", "events", "score", "first", "last")


def cmd_relations(args: argparse.Namespace) -> int:
    from ..analysis.relations import relations

    kb = _kb(args)
    a = _actor(kb, args.a)
    b = _actor(kb, args.b) if args.b else None
    with _open_store(args.db) as store:
        result = relations(store, kb, a, b, period=args.period, since=args.since, until=args.until)
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
        return 0
    if args.format == "jsonl":
        rows = result["partners"] if b is None else result["timeline"]
        _emit(rows, "jsonl")
        return 0
    out = sys.stdout
    if b is None:
        out.write(f"Partners of {result['a_label']} ({a}), by stories:\n")
        _emit(result["partners"][: args.limit], "table", PARTNER_TABLE)
    else:
        out.write(f"{result['a_label']} ({a}) – {result['b_label']} ({b}): {result['total']['stories']} stories "
                  f"from {result['total']['events']} events, score {result['total']['score']}\n\n")
        _emit(result["periods"], "table", PERIOD_TABLE)
        out.write("\nTimeline:\n")
        _emit(result["timeline"][: args.limit], "table", TIMELINE_TABLE)
    out.write("\nscore = mean cooperation–conflict weight of the stories (-1 … 1): verbal cooperation +0.5, "
              "material cooperation +1, verbal conflict -0.5, material conflict -1; future/hypothetical x0.5, "
              "negated left out (docs/relations.md)\n")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from ..analysis.graph import WRITERS, graph

    kb = _kb(args)
    actor = _actor(kb, args.actor) if args.actor else None
    with _open_store(args.db) as store:
        g = graph(store, kb, since=args.since, until=args.until, category=args.category, actor=actor)
    write = WRITERS[args.format]
    if args.output and args.output != "-":
        with open(args.output, "w", encoding="utf-8") as fh:
            write(g, fh)
        sys.stderr.write(f"{len(g['nodes'])} nodes, {len(g['edges'])} edges written to {args.output}\n")
    else:
        write(g, sys.stdout)
    return 0


STORY_TABLE = ("story_id", "first", "event_type", "actor", "recipient", "agreement", "aux", "documents", "events")


def cmd_stories(args: argparse.Namespace) -> int:
    from ..analysis.stories import stories

    kb = _kb(args)
    actor = _actor(kb, args.actor) if args.actor else None
    with _open_store(args.db) as store:
        events = store.events_between(None if actor is None else [actor], since=args.since, until=args.until,
                                      category=args.category)
        docs = store.documents_meta(sorted({e["doc_id"] for e in events}))
    rows = stories(kb, events, docs)
    if args.min_documents:
        rows = [r for r in rows if r["documents"] >= args.min_documents]
    _emit(rows[: args.limit] if args.format == "table" else rows, args.format, STORY_TABLE)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..analysis.stories import cluster

    kb = _kb(args)
    with _open_store(args.db) as store:
        events = store.events_between(None, since=args.since, until=args.until)
        written = store.export(args.output, args.format, cluster(kb, events), since=args.since, until=args.until)
    sys.stderr.write(", ".join(f"{n} {table}" for table, n in written.items())
                     + f" written to {args.output}/ as {args.format}\n")
    return 0


FINDING_TABLE = ("severity", "kind", "quote", "claim", "fact", "source")


def cmd_check(args: argparse.Namespace) -> int:
    from ..analysis.claims import check_document
    from ..cli import _documents

    kb = _kb(args)
    rows: list[dict[str, Any]] = []
    order = {"high": 0, "medium": 1, "low": 2}
    worst = 3
    for doc in _documents(args):
        if not doc.date:
            sys.stderr.write(f"diplograph: {doc.path}: no publication date; office claims need one (--date)\n")
        found = [f for f in check_document(doc, kb) if order[f["severity"]] <= order[args.min_severity]]
        for f in found:
            worst = min(worst, order[f["severity"]])
            rows.append({"path": doc.path, **f})
    if args.format == "table":
        if rows:
            _emit(rows, "table", ("path", *FINDING_TABLE) if len({r["path"] for r in rows}) > 1 else FINDING_TABLE)
        else:
            sys.stdout.write("no contradiction found\n")
    else:
        _emit(rows, args.format)
    if args.failures:
        return 1
    if args.fail_on and worst <= order[args.fail_on]:
        return 3
    return 0


def add_commands(sub: argparse._SubParsersAction, common) -> None:
    p = sub.add_parser("relations", help="relations of two actors over time, or an actor's partners",
                       description="The timeline of events between A and B (persons rolled up to their state), "
                                   "counts per PLOVER quad class and a cooperation–conflict score per period; "
                                   "with A alone, A's partners ranked.")
    p.add_argument("a", help="actor id or name (KAZ, Kazakhstan, donald-trump)")
    p.add_argument("b", nargs="?", help="the other actor; leave out to rank A's partners")
    p.add_argument("--db", default="diplograph.duckdb")
    p.add_argument("--period", choices=("day", "month", "quarter", "year"), default="year")
    p.add_argument("--since", help="first date (YYYY[-MM[-DD]])")
    p.add_argument("--until", help="last date (YYYY[-MM[-DD]])")
    p.add_argument("--limit", type=int, default=50, help="rows of the timeline or partner table to print")
    p.add_argument("--format", choices=FORMATS, default="table")
    common(p)
    p.set_defaults(func=cmd_relations)

    p = sub.add_parser("graph", help="export the relations graph (GraphML, GEXF, JSON)",
                       description="Actors as nodes, events aggregated into edges with counts, score, first and "
                                   "last date; for Gephi (gexf), networkx/yEd (graphml) and the web (json).")
    p.add_argument("--db", default="diplograph.duckdb")
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--category", help="only events of this PLOVER category")
    p.add_argument("--actor", help="only the events this actor takes part in (its ego network)")
    p.add_argument("--format", choices=("graphml", "gexf", "json"), default="graphml")
    p.add_argument("--output", "-o", help="file to write (default: stdout)")
    common(p)
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("stories", help="events clustered into stories, with all their sources",
                       description="The same happening reported by several documents is one story.")
    p.add_argument("--db", default="diplograph.duckdb")
    p.add_argument("--actor")
    p.add_argument("--category")
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--min-documents", type=int, default=0, help="only stories reported by at least N documents")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--format", choices=FORMATS, default="table")
    common(p)
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("export", help="export events (with story ids), documents and mentions",
                       description="Write events.EXT, documents.EXT and mentions.EXT into a folder.")
    p.add_argument("--db", default="diplograph.duckdb")
    p.add_argument("--format", choices=("parquet", "csv", "jsonl"), default="parquet")
    p.add_argument("--output", "-o", default="export", help="folder to write (default: %(default)s)")
    p.add_argument("--since")
    p.add_argument("--until")
    common(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("check", help="claims of a document that contradict the knowledge base",
                       description="Office, membership and calendar claims checked against the knowledge base at "
                                   "the document's date; each finding with its quote, the fact and its source.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or .jsonl documents ('-' = stdin)")
    p.add_argument("--lang", help="language of inputs that carry none (ISO 639-1)")
    p.add_argument("--date", help="publication date of inputs that carry none (YYYY-MM-DD)")
    p.add_argument("--min-severity", choices=("high", "medium", "low"), default="low",
                   help="report findings of at least this severity")
    p.add_argument("--fail-on", choices=("high", "medium", "low"),
                   help="exit with status 3 when a finding of this severity or worse is reported")
    p.add_argument("--format", choices=FORMATS, default="table")
    common(p)
    p.set_defaults(func=cmd_check)
