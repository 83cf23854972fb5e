"""Shared fixtures: the real corpus beside the repo (skipped with a reason when absent) and small builds."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path} (the shared corpus beside the repo), which is absent here")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    return need(CORPUS)


@pytest.fixture(scope="session")
def seed_file(corpus: Path) -> Path:
    return need(corpus / "seed" / "offences-against-children.txt")


@pytest.fixture(scope="session")
def clquestions(corpus: Path) -> Path:
    return need(corpus / "api" / "clquestions")
