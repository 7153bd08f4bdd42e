"""The README's examples run and print what the README says."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess

import pytest

from .helpers import PRG, README, prg

TEXT = README.read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```python\n(.*?)```", TEXT, re.DOTALL)


def test_the_readme_has_its_library_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("source", EXAMPLES, ids=[f"example{i + 1}" for i in range(len(EXAMPLES))])
def test_the_library_example_runs_as_written(source: str) -> None:
    expected = [line[2:] for line in source.splitlines() if line.startswith("# ")]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, str(README), "exec"), {})  # noqa: S102 - our own README
    assert printed.getvalue().splitlines() == expected


def test_the_readme_describes_every_property() -> None:
    from prg.verify.checks.properties import PROPERTIES

    for prop in PROPERTIES:
        assert f"| `{prop.name}` | {prop.description} |" in TEXT


def test_the_explain_example_prints_what_the_readme_shows() -> None:
    """Every line of the README's excerpt (``...`` stands for lines left out) is printed, in
    order."""
    command = re.search(r'```\n(prg explain "[^\n]*)\n```\n(?:.*?)```\n(.*?)```', TEXT, re.DOTALL)
    assert command is not None
    arguments = re.findall(r'"([^"]*)"', command.group(1))
    printed = prg("explain", *arguments).stdout.splitlines()
    position = 0
    for line in command.group(2).splitlines():
        if line == "...":
            continue
        position = printed.index(line, position) + 1


def test_the_readme_diagram_is_what_prg_draws() -> None:
    shown = re.search(r"```mermaid\n(.*?)```", TEXT, re.DOTALL)
    assert shown is not None
    done = subprocess.run([PRG, "diagram", "trace",
                           "--row", "12", "--format", "mermaid"],
                          capture_output=True, text=True, check=True)
    assert shown.group(1) == done.stdout
