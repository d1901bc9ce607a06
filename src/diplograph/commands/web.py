"""`diplograph serve`: the HTTP API and the dashboard over one store (see docs/web.md).

FastAPI and uvicorn are imported only when the command runs, so `diplograph --help` and
`diplograph extract` stay fast.
"""
from __future__ import annotations

import argparse
from typing import Any, Callable


def cmd_serve(args: argparse.Namespace) -> int:
    from ..cli import UsageError
    from ..web.settings import SettingsError, load_settings

    try:
        settings = load_settings(args.config, db=args.db, host=args.host, port=args.port,
                                 kb_extra=args.kb_extra or None, max_page=args.max_page, max_body=args.max_body,
                                 query_timeout=args.query_timeout)
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    from ..web.app import serve

    return serve(settings, log_level=args.log_level)


def add_commands(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser(
        "serve", help="HTTP API and web dashboard over a store",
        description="Serve the store over HTTP: a JSON API (OpenAPI at /docs) and a dashboard at /. The server is "
                    "the one process that opens the DuckDB file. It is read-only unless a token is configured "
                    "(DIPLOGRAPH_TOKEN or 'token' in diplograph.toml); then 'diplograph ingest --server URL' "
                    "sends it documents.")
    p.add_argument("--db", help="database file (default: 'db' in the config, else diplograph.duckdb)")
    p.add_argument("--host", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: 8000; 0 = any free port, printed on start)")
    p.add_argument("--config", metavar="FILE", help="config file (default: ./diplograph.toml when present)")
    p.add_argument("--max-page", type=int, metavar="N", help="events per page at most (default: 500)")
    p.add_argument("--max-body", type=int, metavar="BYTES", help="size of one upload at most (default: 16 MiB)")
    p.add_argument("--query-timeout", type=float, metavar="SECONDS", help="time one request may query (default: 10)")
    p.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="warning",
                   help="server log level; 'info' logs every request (default: %(default)s)")
    common(p)
    p.set_defaults(func=cmd_serve)
