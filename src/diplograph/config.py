"""Configuration of the command line and the server: defaults, then `diplograph.toml` (or
`--config FILE`), then the environment (`DIPLOGRAPH_TOKEN`), then command-line options.

    # diplograph.toml
    db = "diplograph.duckdb"
    token = "a long random string"       # writes need it as 'Authorization: Bearer …'
    kb_extra = ["my-actors.yaml"]
    # optional: host, port, max_page, max_body, query_timeout, cors_origins
    # what one input may cost when reading (docs/limits.md); sizes as bytes or "8MiB", "4GiB"
    max_document_size = "8MiB"
    max_decompressed_size = "4GiB"
    max_compression_ratio = 200
    max_text_chars = 200000

Without a token the server is read-only and says so (GET /api/info, and 403 on writes).
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .read.base import DEFAULT_LIMITS, Limits

CONFIG_NAME = "diplograph.toml"
TOKEN_ENV = "DIPLOGRAPH_TOKEN"


class SettingsError(ValueError):
    """The configuration is wrong; the message names the file and the key."""


@dataclass
class Settings:
    db: str = "diplograph.duckdb"
    token: str | None = None
    kb_extra: list[str] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 8000
    max_page: int = 500                 # events per page at most
    max_body: int = 16 * 1024 * 1024    # bytes of one POST /api/documents
    query_timeout: float = 10.0         # seconds one request may spend in the store
    cors_origins: list[str] = field(default_factory=list)  # closed by default
    # reading limits (diplograph.read.Limits; docs/limits.md); 0 turns one off
    max_document_size: int = DEFAULT_LIMITS.max_document_size           # bytes of one document
    max_decompressed_size: int = DEFAULT_LIMITS.max_decompressed_size   # bytes one compressed file expands to
    max_compression_ratio: float = DEFAULT_LIMITS.max_compression_ratio  # decompressed / compressed bytes
    max_text_chars: int = DEFAULT_LIMITS.max_text_chars                 # characters coded per document
    config_file: str | None = None

    @property
    def writable(self) -> bool:
        return bool(self.token)

    @property
    def limits(self) -> Limits:
        """The reading limits, as the readers and the ingest take them."""
        return Limits(max_document_size=self.max_document_size, max_decompressed_size=self.max_decompressed_size,
                      max_compression_ratio=float(self.max_compression_ratio), max_text_chars=self.max_text_chars)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "ki": 1 << 10, "kib": 1 << 10, "m": 1000 ** 2, "mb": 1000 ** 2,
          "mi": 1 << 20, "mib": 1 << 20, "g": 1000 ** 3, "gb": 1000 ** 3, "gi": 1 << 30, "gib": 1 << 30,
          "t": 1000 ** 4, "tb": 1000 ** 4, "ti": 1 << 40, "tib": 1 << 40}
SIZE_KEYS = ("max_document_size", "max_decompressed_size")


def parse_size(value: str | int) -> int:
    """A byte count from `8388608`, `"8MiB"`, `"64MB"` or `"1.5GiB"` (KB/MB/GB are powers of 1000,
    KiB/MiB/GiB of 1024). ValueError if it is none of those."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a size")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is negative")
        return value
    found = _SIZE.match(str(value))
    unit = (found.group(2) or "").lower() if found else None
    if found is None or unit not in _UNITS:
        raise ValueError(f"{value!r} is not a size (say e.g. 8388608, '8MiB' or '64MB')")
    return int(float(found.group(1)) * _UNITS[unit])


_TYPES: dict[str, type | tuple[type, ...]] = {
    "db": str, "token": str, "kb_extra": list, "host": str, "port": int, "max_page": int, "max_body": int,
    "query_timeout": (int, float), "cors_origins": list,
    "max_document_size": (int, str), "max_decompressed_size": (int, str), "max_compression_ratio": (int, float),
    "max_text_chars": int,
}


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _TYPES:
            raise SettingsError(f"{path}: unknown key {key!r}; known keys: {', '.join(sorted(_TYPES))}")
        if key == "kb_extra" and isinstance(value, str):
            value = [value]
        expected = _TYPES[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise SettingsError(f"{path}: {key!r} has the wrong type ({type(value).__name__})")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise SettingsError(f"{path}: {key!r} must be a list of strings")
        if key == "kb_extra":  # relative to the file that names them
            value = [str((path.parent / v) if not Path(v).is_absolute() else Path(v)) for v in value]
        if key == "db" and not Path(value).is_absolute():
            value = str(path.parent / value)
        if key in SIZE_KEYS:
            try:
                value = parse_size(value)
            except ValueError as exc:
                raise SettingsError(f"{path}: {key!r}: {exc}") from exc
        out[key] = value
    return out


def load_settings(config: str | None = None, cwd: str | Path | None = None,
                  env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, the config file, DIPLOGRAPH_TOKEN and the given overrides (None = not given)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = Path(config) if config else Path(cwd or ".") / CONFIG_NAME
    if config and not path.is_file():
        raise SettingsError(f"{path}: no such config file")
    if path.is_file():
        values.update(_read_file(path))
        values["config_file"] = str(path)
    token = env.get(TOKEN_ENV)
    if token:
        values["token"] = token
    for key, value in overrides.items():
        if value is not None:
            values[key] = list(value) if key == "kb_extra" else value
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in values.items() if k in known})
    if settings.token is not None:
        settings.token = settings.token.strip() or None
    if settings.max_page < 1 or settings.max_body < 1 or settings.query_timeout <= 0:
        raise SettingsError("max_page, max_body and query_timeout must be positive")
    if not 0 <= settings.port < 65536:
        raise SettingsError(f"port {settings.port} is not a TCP port")
    if min(settings.max_document_size, settings.max_decompressed_size, settings.max_compression_ratio,
           settings.max_text_chars) < 0:
        raise SettingsError("max_document_size, max_decompressed_size, max_compression_ratio and max_text_chars "
                            "cannot be negative (0 turns a limit off)")
    return settings
