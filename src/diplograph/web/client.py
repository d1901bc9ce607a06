"""`diplograph ingest PATH... --server URL`: read documents here, code and store them in the
running server (which owns the DuckDB file). Standard library only.

Documents travel as the `.jsonl` format of EVENTS.md (plus `path`, where they were read), in
requests of at most `--batch` documents and ~4 MB; the token comes from DIPLOGRAPH_TOKEN.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any, Iterable, Iterator

from ..model import Source

MAX_REQUEST = 4 * 1024 * 1024


class ServerError(RuntimeError):
    pass


def _line(src: Source) -> bytes:
    rec: dict[str, Any] = {"id": src.id, "lang": src.lang, "date": src.date, "url": src.url, "title": src.title,
                           "path": src.path}
    if src.text is not None:
        rec["text"] = src.text
    else:
        rec["html"] = src.html or ""
    rec = {k: v for k, v in rec.items() if v is not None}
    return json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n"


def batches(sources: Iterable[Source], size: int, max_bytes: int = MAX_REQUEST) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    total = 0
    for src in sources:
        line = _line(src)
        if batch and (len(batch) >= size or total + len(line) > max_bytes):
            yield batch
            batch, total = [], 0
        batch.append(line)
        total += len(line)
    if batch:
        yield batch


def post(url: str, token: str | None, body: bytes, timeout: float = 600) -> dict[str, Any]:
    req = urllib.request.Request(url.rstrip("/") + "/api/documents", data=body, method="POST",
                                 headers={"Content-Type": "application/x-ndjson", "Accept": "application/json"})
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read().decode("utf-8")).get("message") or exc.reason
        except (ValueError, AttributeError):
            message = exc.reason
        hint = " (set DIPLOGRAPH_TOKEN to the server's token)" if exc.code == 401 else ""
        raise ServerError(f"{url}: {exc.code} {message}{hint}") from exc
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        # a server that dies mid-answer (IncompleteRead) is unreachable too, not a traceback
        reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"
        raise ServerError(f"{url}: cannot reach the server ({reason}); is 'diplograph serve' running there?") from exc


def ingest_to_server(args: argparse.Namespace) -> int:
    """The `ingest` command with --server: read here, send there, print the same summary line."""
    from ..read import ReadError, read_paths

    token = os.environ.get("DIPLOGRAPH_TOKEN")
    url = args.server

    def sources() -> Iterator[Source]:
        for item in read_paths(args.paths, lang=args.lang, date=args.date, include=getattr(args, "include", None) or (),
                               exclude=getattr(args, "exclude", None) or ()):
            if isinstance(item, ReadError):
                sys.stderr.write(f"diplograph: {item}\n")
                args.failures += 1
                continue
            yield item

    totals = {"read": 0, "new": 0, "skipped": 0, "linked": 0, "events": 0}
    try:
        for batch in batches(sources(), max(1, args.batch)):
            result = post(url, token, b"".join(batch))
            for key in totals:
                totals[key] += int(result.get(key) or 0)
            for err in result.get("errors") or []:
                sys.stderr.write(f"diplograph: {err.get('where')}: {err.get('message')}\n")
                args.failures += 1
    except ServerError as exc:
        sys.stderr.write(f"diplograph: {exc}\n")
        return 2
    extra = ""
    if totals["skipped"]:
        extra += f", {totals['skipped']} already stored"
    if totals["linked"]:
        extra += f", {totals['linked']} near-duplicates linked"
    sys.stderr.write(f"{totals['read']} documents read, {totals['new']} new in {url}, {totals['events']} events coded"
                     f"{extra}{f', {args.failures} inputs failed' if args.failures else ''}\n")
    return 1 if args.failures else 0
