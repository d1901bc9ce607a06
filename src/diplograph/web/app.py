"""The FastAPI application of `diplograph serve`: the API, the dashboard, /docs, and how it runs.

Every answer carries a Content-Security-Policy that forbids inline script (the dashboard is
plain files under static/, built with DOM calls and `textContent`, never `innerHTML` with data),
`nosniff` and no framing. CORS is closed unless `cors_origins` is configured. Errors are JSON.
"""
from __future__ import annotations

import importlib.util
import logging
import socket
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..store import DiskFullError
from . import STATIC_DIR
from .api import DOCUMENT_IN_SCHEMA, ApiError, error, router
from .backend import Backend, QueryTimeout
from .settings import Settings

log = logging.getLogger("diplograph.web")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI sets style attributes in its markup: /docs alone may use inline styles, never inline script
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"),
           (b"cross-origin-resource-policy", b"same-origin")]


class SecurityHeaders:
    """Pure ASGI middleware: the security headers on every HTTP answer."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = (DOCS_CSP if scope.get("path", "").startswith("/docs") else CSP).encode()
        api = scope.get("path", "").startswith("/api/")

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                headers += [(b"content-security-policy", csp), *HEADERS]
                if api:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def swagger_assets() -> Path | None:
    """The Swagger UI files shipped by the swagger-ui-py package (nothing is fetched from a CDN)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def create_app(settings: Settings, backend: Backend | None = None) -> FastAPI:
    backend = backend or Backend(settings)
    app = FastAPI(title="diplograph", version=__version__, docs_url=None, redoc_url=None,
                  description="Diplomatic news as sourced PLOVER events: the store of `diplograph serve`, read "
                              "(and written, with the server's token) over HTTP. Errors are "
                              "`{\"status\": …, \"message\": …}`.")
    app.state.backend = backend
    app.include_router(router)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return error(exc.status, exc.message, exc.details, exc.headers)

    @app.exception_handler(DiskFullError)
    async def disk_full(request: Request, exc: DiskFullError):
        # nothing of the failed batch was written (one transaction), the server goes on serving reads
        log.error("%s", exc)
        return error(507, f"the server's disk is full ({exc.reason}): nothing of this request was stored, what was "
                          f"stored before is intact; send it again once the server has room")

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout):
        return error(503, str(exc), headers={"Retry-After": "1"})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}; the API is under /api (see /docs)"
        return error(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        details = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                   for e in exc.errors()]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(x for x in first["loc"] if x not in ("query", "path", "body")) or "request"
        return error(422, f"invalid {where}: {first['msg']}", details)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("error answering %s %s", request.method, request.url.path)
        return error(500, "internal error; the server's log has the details")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            comps = schema.setdefault("components", {})
            comps.setdefault("schemas", {})["DocumentIn"] = DOCUMENT_IN_SCHEMA
            comps["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer",
                                                   "description": "the server's token (DIPLOGRAPH_TOKEN)"}}
            for param in schema["paths"]["/api/events"]["get"]["parameters"]:
                if param["name"] == "limit":  # this server's page size
                    param["schema"]["maximum"] = settings.max_page
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(STATIC_DIR / "docs.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    assets = swagger_assets()
    if assets is not None:
        app.mount("/docs/assets", StaticFiles(directory=assets), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(SecurityHeaders)
    return app


def serve(settings: Settings, log_level: str = "warning") -> int:
    """Run the server until interrupted; the first line on stderr says where it listens."""
    import uvicorn

    backend = Backend(settings)
    try:
        app = create_app(settings, backend)
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # so asyncio sets TCP_NODELAY
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((settings.host, settings.port))
        except OSError as exc:
            sock.close()
            from ..cli import UsageError

            raise UsageError(f"cannot listen on {settings.host}:{settings.port} ({exc.strerror})") from exc
        sock.listen(2048)  # connections wait in the backlog from now on, not refused while uvicorn starts
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        mode = "writable with the configured token" if backend.writable else \
            "read-only: no token configured (set DIPLOGRAPH_TOKEN to accept documents)"
        sys.stderr.write(f"diplograph: serving {settings.db} at http://{shown}:{port}/ ({mode}); API docs at /docs\n")
        sys.stderr.flush()
        config = uvicorn.Config(app, log_level=log_level, access_log=log_level in ("info", "debug"),
                                timeout_graceful_shutdown=5, server_header=False)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        backend.close()
    return 0
