"""The README and the help texts say what the code does: every command, named query and format is documented."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

import kgraph
from kgraph import sources
from kgraph.cli import main
from kgraph.export import EXPORT_FORMATS
from kgraph.query import named_queries

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_named_query_is_in_the_cookbook() -> None:
    missing = [name for name in named_queries() if f"`{name}`" not in README]
    assert missing == []


def test_every_command_has_help_with_an_example_and_is_in_the_readme() -> None:
    runner = CliRunner()
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "kgraph " + name in result.output, f"{name} --help shows no worked example"
        assert f"kgraph {name}" in README, f"README never shows kgraph {name}"


def test_every_input_format_is_in_the_readme() -> None:
    for name in sources.readers():
        assert f"`{name}`" in README, name


def test_export_formats_in_the_help_match_the_code() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    for fmt in EXPORT_FORMATS:
        assert fmt in result.output


def test_the_readme_two_commands_come_first() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    assert "kgraph build --examples -o output/" in blocks[0]
    assert "pip install -q -e '.[test]'" in blocks[1] and "pytest" in blocks[1]
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert blocks[1].strip() in ci  # .ci/run runs exactly the README's test command


def test_public_names() -> None:
    assert set(kgraph.__all__) == {"build", "open_store", "Builder", "BuildReport", "__version__"}
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None
