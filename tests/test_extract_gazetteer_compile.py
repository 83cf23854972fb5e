"""scripts/compile_gazetteers.py rebuilds the shipped gazetteer byte for byte from ../shared/reference."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
SHIPPED = ROOT / "kgraph" / "data" / "gazetteer.json.gz"

pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"reference data absent: {REFERENCE}")


def compile_to(path: Path) -> bytes:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_gazetteers.py"), str(REFERENCE), "--out", str(path)],
        check=True,
        capture_output=True,
    )
    return path.read_bytes()


def test_two_compiles_are_identical_and_equal_the_shipped_file(tmp_path):
    first = compile_to(tmp_path / "a.json.gz")
    second = compile_to(tmp_path / "b.json.gz")
    assert first == second
    assert first == SHIPPED.read_bytes(), "kgraph/data/gazetteer.json.gz is stale: rerun scripts/compile_gazetteers.py"
