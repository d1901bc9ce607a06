"""`diplograph serve`: the HTTP API and the dashboard over one store, in one process.

Importing this package is cheap; FastAPI and uvicorn are imported by `app` and `server` only.

    settings.py   the configuration: diplograph.toml / --config FILE, DIPLOGRAPH_TOKEN
    backend.py    the one owner of the DuckDB file: a cursor per request, a query deadline,
                  serialised writes through the ingest driver, a cache of the costly answers
    api.py        the JSON API (/api/...), its models (OpenAPI at /docs) and input parsing
    app.py        the FastAPI application: security headers, errors as JSON, the dashboard
    client.py     `diplograph ingest --server URL`: documents sent to a running server (stdlib only)
    static/       the dashboard: plain HTML, CSS and JavaScript modules, no build step
"""
from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
