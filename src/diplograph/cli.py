"""The command line: a thin face over the pipeline, the store and the analyses."""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Iterable, Sequence

from . import __version__

FORMATS = ("jsonl", "json", "table")


class UsageError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


def _emit(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, out=None) -> None:
    out = out or sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        _table(rows, columns or (list(rows[0]) if rows else []), out)


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if value is None:
        return ""
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def _table(rows: list[dict[str, Any]], columns: Sequence[str], out) -> None:
    if not rows:
        out.write("(nothing)\n")
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")


def _size(value: str) -> int:
    from .config import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _err(message: str) -> None:
    sys.stderr.write(f"diplograph: {message}\n")


def _pipeline(args: argparse.Namespace):
    from .pipeline import Pipeline

    return Pipeline.default(args.kb_extra or ())


def _limits(args: argparse.Namespace):
    """The reading limits: defaults, then diplograph.toml, then the command line."""
    from .config import load_settings

    # commands without the limit options (check, …) read with the configured limits
    options = {key: getattr(args, key, None) for key in
               ("max_document_size", "max_decompressed_size", "max_compression_ratio", "max_text_chars")}
    return load_settings(getattr(args, "config", None), **options).limits


def _documents(args: argparse.Namespace) -> Iterable:
    """Documents of the given paths; read errors are reported and counted, the batch goes on."""
    from .ingest import cap_text
    from .read import ReadError, read_paths

    pipeline = _pipeline(args)
    limits = _limits(args)
    for item in read_paths(args.paths, lang=args.lang, date=args.date, limits=limits):
        if isinstance(item, ReadError):
            _err(str(item))
            args.failures += 1
            continue
        try:
            doc = pipeline.prepare(item)
            cap_text(doc, limits.max_text_chars)
            doc = pipeline.code(doc)
        except Exception as exc:  # as in ingest: one document the pipeline fails on does not stop the others
            _err(f"{item.path}: cannot code this document ({type(exc).__name__}: {str(exc)[:160]})")
            args.failures += 1
            continue
        yield doc


EVENT_TABLE = ("doc_id", "event_type", "mode", "actor", "recipient", "agreement", "aux", "sectors", "date", "confidence")
MENTION_TABLE = ("doc_id", "id", "kind", "text", "start", "end")


def _print_records(args: argparse.Namespace, records_of, columns: Sequence[str]) -> int:
    """Stream JSONL as each document is done; collect for json and table."""
    rows = []
    for doc in _documents(args):
        recs = records_of(doc)
        if args.format == "jsonl":
            _emit(recs, "jsonl")
        else:
            rows += recs
    if args.format != "jsonl":
        _emit(rows, args.format, columns)
    return 1 if args.failures else 0


def cmd_extract(args: argparse.Namespace) -> int:
    return _print_records(args, lambda doc: doc.event_records(), EVENT_TABLE)


def cmd_mentions(args: argparse.Namespace) -> int:
    return _print_records(args, lambda doc: doc.mention_records(), MENTION_TABLE)


def cmd_ingest(args: argparse.Namespace) -> int:
    if getattr(args, "server", None):  # a running 'diplograph serve' owns the store: send it the documents
        from .web.client import ingest_to_server

        return ingest_to_server(args)
    from .ingest import ingest_paths

    if args.engine != "dask" and (args.workers or args.scheduler):
        raise UsageError("--workers and --scheduler need --engine dask")
    if args.workers and args.scheduler:
        raise UsageError("give either --workers N (a local cluster) or --scheduler ADDRESS (an existing one)")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.batch < 1:
        raise UsageError("--batch must be at least 1")
    if not 0 <= args.near_duplicates <= 1:
        raise UsageError("--near-duplicates is a similarity between 0 and 1 (0 turns detection off)")
    progress = not args.no_progress and sys.stderr.isatty()

    def report_error(err) -> None:
        if progress:
            sys.stderr.write("\r\x1b[K")
        _err(str(err))

    report = ingest_paths(args.paths, args.db, lang=args.lang, date=args.date, include=args.include or (),
                          exclude=args.exclude or (), pages=args.pages or (), fetch=args.fetch, batch=args.batch,
                          near_threshold=args.near_duplicates, engine=args.engine, workers=args.workers,
                          scheduler=args.scheduler, shards=args.shards, kb_extra=args.kb_extra or (),
                          progress=progress, on_error=report_error, limits=_limits(args))
    args.failures += report.failures
    extra = ""
    if report.skipped:
        extra += f", {report.skipped} already stored"
    if report.linked:
        extra += f", {report.linked} near-duplicates linked"
    sys.stderr.write(f"{report.read} documents read, {report.new} new in {args.db}, {report.events} events coded"
                     f"{extra}{f', {args.failures} inputs failed' if args.failures else ''}\n")
    return 1 if args.failures else 0


def _open_store(db: str):
    from .store import Store

    return Store(db, read_only=True)


def cmd_events(args: argparse.Namespace) -> int:
    with _open_store(args.db) as store:
        rows = store.events(actor=args.actor, recipient=args.recipient, category=args.category, quad=args.quad,
                            lang=args.lang, agreement=args.agreement, since=args.since, until=args.until,
                            text=args.text, limit=args.limit)
    _emit(rows, args.format, EVENT_TABLE)
    return 0


def cmd_members(args: argparse.Namespace) -> int:
    from .analysis.members import members
    from .knowledge import load_knowledge

    kb = load_knowledge(args.kb_extra or ())
    store = _open_store(args.db) if args.db else None
    try:
        result = members(args.agreement, kb, store)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from exc
    finally:
        if store:
            store.close()
    rows = result["candidates"] if args.candidates else result["members"]
    if args.format == "table":
        _emit(result["members"], "table", ("member", "announced", "since", "role", "status", "sources"))
        sys.stdout.write("\ncandidates (not members):\n")
        _emit(result["candidates"], "table", ("member", "stance", "modality", "last", "documents"))
    else:
        _emit(rows, args.format)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .analysis.members import members
    from .knowledge import load_knowledge

    kb = load_knowledge(args.kb_extra or ())
    with _open_store(args.db) as store:
        counts = store.counts()
        dyads = store.dyads(limit=args.top)
        abraham = members("abraham-accords", kb, store) if kb.actor("abraham-accords") else None
    if args.format == "json":
        _emit([{"counts": counts, "dyads": dyads, "abraham_accords": abraham}], "json")
        return 0
    out = sys.stdout
    out.write(f"{args.db}: {counts['documents']} documents, {counts['events']} events\n\nEvents per category:\n")
    for cat, n in counts["per_category"].items():
        out.write(f"  {cat:<10} {n}\n")
    out.write("\nStrongest relations (events between two countries):\n")
    for d in dyads:
        out.write(f"  {d['a']} – {d['b']}: {d['events']}\n")
    if abraham:
        out.write("\nMembers of the Abraham Accords:\n")
        for m in abraham["members"]:
            docs = [s for s in m["sources"] if not s.startswith("kb:")]
            out.write(f"  {m['member']:<4} since {m['since'] or '?':<10} {m['role']:<9} "
                      f"{len(m['sources']) - len(docs)} kb fact(s), {len(docs)} document(s)\n")
        if abraham["candidates"]:
            out.write("  candidates: " + ", ".join(f"{c['member']} ({'/'.join(c['modality'])})"
                                                 for c in abraham["candidates"]) + "\n")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import examine

    findings = examine(args.db)
    if args.format == "json":
        _emit([f.as_dict() for f in findings], "json")
    else:
        for f in findings:
            sys.stdout.write(f"{'ok ' if f.ok else 'BAD'}  {f.check}" + ("" if f.ok else f" ({f.count}): {f.advice}") + "\n")
    bad = [f for f in findings if not f.ok]
    if not bad and args.format != "json":
        sys.stdout.write(f"{args.db}: consistent\n")
    return 1 if bad else 0


def cmd_kb(args: argparse.Namespace) -> int:
    from .kbtools import kb_command

    return kb_command(args, _emit)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="diplograph", description="Diplomatic news to sourced PLOVER events.")
    parser.add_argument("--version", action="version", version=f"diplograph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--kb-extra", action="append", metavar="FILE", help="your own actor file (repeatable)")

    def inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or .jsonl documents ('-' = stdin)")
        p.add_argument("--lang", help="language of inputs that carry none (ISO 639-1)")
        p.add_argument("--date", help="publication date of inputs that carry none (YYYY-MM-DD)")
        common(p)
        limits = p.add_argument_group("limits", "what one input may cost (defaults from diplograph.toml, else "
                                                "those below; 0 turns a limit off; see docs/limits.md)")
        limits.add_argument("--max-document-size", type=_size, metavar="SIZE",
                            help="largest document (a file, JSONL line, WARC record or feed) read; larger ones "
                                 "are skipped with an error (default: 8MiB)")
        limits.add_argument("--max-decompressed-size", type=_size, metavar="SIZE",
                            help="bytes one compressed file may expand to (default: 4GiB)")
        limits.add_argument("--max-compression-ratio", type=float, metavar="N",
                            help="how many times compressed data may expand, as decompression bombs do "
                                 "(default: 200)")
        limits.add_argument("--max-text-chars", type=int, metavar="N",
                            help="characters of cleaned text coded per document; longer texts are cut at a "
                                 "paragraph or sentence end (default: 200000)")

    p = sub.add_parser("extract", help="events of documents, printed", description="Print the events of documents.")
    inputs(p)
    p.add_argument("--format", choices=FORMATS, default="jsonl")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("mentions", help="actor mentions of documents, printed",
                       description="Print every recognised actor mention.")
    inputs(p)
    p.add_argument("--format", choices=FORMATS, default="jsonl")
    p.set_defaults(func=cmd_mentions)

    p = sub.add_parser("ingest", help="code documents into a DuckDB store",
                       description="Code documents into the store; documents already stored are skipped.")
    inputs(p)
    p.add_argument("--db", default="diplograph.duckdb", help="database file (default: %(default)s)")
    p.add_argument("--server", metavar="URL", help="send the documents to a running 'diplograph serve' at URL "
                                                   "instead of opening --db (token from DIPLOGRAPH_TOKEN)")
    p.add_argument("--batch", type=int, default=200, help="documents per transaction")
    p.add_argument("--include", action="append", metavar="GLOB",
                   help="in folders, read only files matching (a name like '*.warc.gz' or a path like '2025/*'; repeatable)")
    p.add_argument("--exclude", action="append", metavar="GLOB", help="in folders, skip files and folders matching (repeatable)")
    p.add_argument("--pages", action="append", metavar="DIR|WARC",
                   help="where the pages that feed items link to are looked up (repeatable; the feed's folder "
                        "and WARC files given as PATH are looked in too)")
    p.add_argument("--fetch", action="store_true",
                   help="download the page of a feed item that is not found locally (off by default: nothing is fetched)")
    p.add_argument("--near-duplicates", type=float, default=0.8, metavar="SIMILARITY",
                   help="link a document to an earlier one whose MinHash similarity is at least this, instead "
                        "of coding it (default: %(default)s; 0 turns it off)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where documents are coded: this process, or a Dask cluster (default: %(default)s)")
    p.add_argument("--workers", type=int, help="with --engine dask: workers of a local cluster (default: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: an existing cluster, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--shards", metavar="DIR",
                   help="with --engine dask: folder for the shards workers write (on an existing cluster, "
                        "a path every worker and this machine see; default: a temporary folder beside the store)")
    p.add_argument("--no-progress", action="store_true", help="no progress line (it is shown only on a terminal)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("events", help="query stored events", description="Query the stored events.")
    p.add_argument("--db", default="diplograph.duckdb")
    p.add_argument("--actor", help="actor id (also matches the countries actors stand for)")
    p.add_argument("--recipient")
    p.add_argument("--category", help="PLOVER category, e.g. SUPPORT")
    p.add_argument("--quad", help="verbal-cooperation, material-cooperation, verbal-conflict, material-conflict")
    p.add_argument("--lang")
    p.add_argument("--agreement")
    p.add_argument("--since", help="first date (YYYY[-MM[-DD]])")
    p.add_argument("--until", help="last date (YYYY[-MM[-DD]])")
    p.add_argument("--text", help="words the quote contains")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("members", help="members of an agreement, with sources",
                       description="Members of an agreement: knowledge-base facts and stored evidence.")
    p.add_argument("agreement", help="agreement id, e.g. abraham-accords")
    p.add_argument("--db", help="store with documents to take evidence from")
    p.add_argument("--candidates", action="store_true", help="list the candidates (not members) instead")
    p.add_argument("--format", choices=FORMATS, default="table")
    common(p)
    p.set_defaults(func=cmd_members)

    p = sub.add_parser("summary", help="what a store holds", description="Documents, events, relations, members.")
    p.add_argument("--db", default="diplograph.duckdb")
    p.add_argument("--top", type=int, default=8)
    p.add_argument("--format", choices=("table", "json"), default="table")
    common(p)
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("doctor", help="check that a store is consistent",
                       description="Check a store's integrity (read-only); exit 1 when a check fails.")
    p.add_argument("--db", default="diplograph.duckdb")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("kb", help="search and inspect the knowledge base", description="The knowledge base.")
    kb_sub = p.add_subparsers(dest="kb_command", metavar="SUBCOMMAND", required=True)
    q = kb_sub.add_parser("search", help="actors whose names match")
    q.add_argument("name")
    q.add_argument("--limit", type=int, default=20)
    q.add_argument("--format", choices=FORMATS, default="table")
    common(q)
    q = kb_sub.add_parser("show", help="one actor, whole")
    q.add_argument("id")
    q.add_argument("--format", choices=("json", "table"), default="json")
    common(q)
    q = kb_sub.add_parser("import-wikidata", help="actors from a Wikidata JSON dump, as a knowledge file",
                          description="Stream a Wikidata JSON dump (.json, .json.gz, .json.bz2; one entity per "
                                      "line) and write states, office holders, organisations and treaties "
                                      "as a knowledge file for --kb-extra.")
    q.add_argument("dump")
    q.add_argument("--output", "-o", help="file to write (default: stdout)")
    q.add_argument("--languages", default="en,id,ms,es,fr,ar,ru,he,tr,fa,de,pt,zh,ja,ko,kk",
                   help="label and alias languages to keep (default: %(default)s)")
    common(q)
    q = kb_sub.add_parser("stats", help="counts per kind and language")
    q.add_argument("--format", choices=("json", "table"), default="table")
    common(q)
    p.set_defaults(func=cmd_kb)
    for module in COMMAND_MODULES:
        importlib.import_module(module).add_commands(sub, common)
    return parser


# Faces added by later stages register their subcommands here: each module has
# add_commands(subparsers, common) and imports its heavy dependencies only inside its handlers.
COMMAND_MODULES: tuple[str, ...] = ("diplograph.commands.web", "diplograph.commands.analysis")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    args.failures = 0
    from .config import SettingsError, load_settings
    from .knowledge import KnowledgeError
    from .store import StoreError

    try:
        if hasattr(args, "kb_extra"):
            # the knowledge files named in diplograph.toml come first, those on the command line last
            configured = load_settings(getattr(args, "config", None)).kb_extra
            args.kb_extra = [*configured, *(args.kb_extra or [])]
        return args.func(args)
    except (UsageError, KnowledgeError, StoreError, SettingsError) as exc:
        _err(str(exc))
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        _err("interrupted; what was written before stays in the store, and re-running resumes")
        return 130


if __name__ == "__main__":
    sys.exit(main())
