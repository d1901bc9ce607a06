"""A real store for the analysis tests: the sample corpus and the seed article ingested by the CLI,
as `make demo` does, once per test session."""
from __future__ import annotations

import pytest

from conftest import CORPUS, SEED


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, cli):
    db = tmp_path_factory.mktemp("analysis") / "demo.duckdb"
    paths = [str(CORPUS)] + ([str(SEED)] if SEED.exists() else [])
    cli("ingest", *paths, "--db", str(db), check=True)
    return str(db)
