"""The examples of the README and of docs/ run and print what they say."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path

import pytest

from .helpers import COMMANDS_MD, MODEL_MD, PRG, README, ROOT, prg

COMMANDS = COMMANDS_MD.read_text(encoding="utf-8")
MODEL = MODEL_MD.read_text(encoding="utf-8")
#: Every Python example of the README and of docs/, with the file it is in.
EXAMPLES = [
    (path, source)
    for path in (README, *sorted((ROOT / "docs").glob("*.md")))
    for source in re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
]


def test_the_readme_has_a_library_example() -> None:
    assert any(path == README for path, _ in EXAMPLES)


def test_the_documents_have_their_library_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("path", "source"), EXAMPLES,
                         ids=[f"{path.name}-example{i + 1}" for i, (path, _) in enumerate(EXAMPLES)])
def test_the_library_example_runs_as_written(path: Path, source: str) -> None:
    expected = [line[2:] for line in source.splitlines() if line.startswith("# ")]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, str(path), "exec"), {})  # noqa: S102 - our own documents
    assert printed.getvalue().splitlines() == expected


def test_the_model_page_describes_every_property() -> None:
    from prg.verify.checks.properties import PROPERTIES

    for prop in PROPERTIES:
        assert f'| <a id="{prop.name}"></a>`{prop.name}` | {prop.description} |' in MODEL


def test_the_explain_example_prints_what_the_command_reference_shows() -> None:
    """Every line of the excerpt in docs/commands.md (``...`` stands for lines left out) is
    printed, in order."""
    command = re.search(r'```\n(prg explain "[^\n]*)\n```\n(?:.*?)```\n(.*?)```', COMMANDS,
                        re.DOTALL)
    assert command is not None
    arguments = re.findall(r'"([^"]*)"', command.group(1))
    printed = prg("explain", *arguments).stdout.splitlines()
    position = 0
    for line in command.group(2).splitlines():
        if line == "...":
            continue
        position = printed.index(line, position) + 1


def test_the_command_reference_diagram_is_what_prg_draws() -> None:
    shown = re.search(r"```mermaid\n(.*?)```", COMMANDS, re.DOTALL)
    assert shown is not None
    done = subprocess.run([PRG, "diagram", "trace",
                           "--row", "12", "--format", "mermaid"],
                          capture_output=True, text=True, check=True)
    assert shown.group(1) == done.stdout


def test_the_readme_counterexample_is_what_prg_prints() -> None:
    readme = README.read_text(encoding="utf-8")
    shown = re.search(r"\(`prg verify (--spec \S+ --fault-budget 0)`\):\n\n```\n(.*?)```",
                      readme, re.DOTALL)
    assert shown is not None
    printed = prg("verify", *shown.group(1).split(), "--engine", "graph").stdout
    assert shown.group(2) in printed
