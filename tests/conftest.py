"""Shared fixtures: the shipped knowledge base, a pipeline, and paths to example and shared data."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.knowledge import load_knowledge
from diplograph.model import Source
from diplograph.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "kazakhstan-abraham-accords.id.txt"


@pytest.fixture(scope="session")
def kb():
    return load_knowledge()


@pytest.fixture(scope="session")
def pipeline(kb):
    return Pipeline(kb)


@pytest.fixture(scope="session")
def process(pipeline):
    def run(text: str, lang: str | None = None, date: str | None = None, html: bool = False):
        src = Source(path="<test>", text=None if html else text, html=text if html else None, lang=lang, date=date)
        return pipeline.process(src)
    return run


def cli_path() -> str:
    exe = Path(sys.executable).with_name("diplograph")
    return str(exe) if exe.exists() else (shutil.which("diplograph") or "diplograph")


@pytest.fixture(scope="session")
def cli():
    exe = cli_path()

    def run(*args: str, stdin: str | None = None, check: bool = False) -> subprocess.CompletedProcess:
        proc = subprocess.run([exe, *args], capture_output=True, text=True, input=stdin, timeout=300)
        if check and proc.returncode != 0:
            raise AssertionError(f"diplograph {' '.join(args)} failed: {proc.stderr}")
        return proc
    return run


def needs_shared(path: Path = SHARED):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not here")
