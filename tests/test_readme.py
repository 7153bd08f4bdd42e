"""The README's example runs and prints what the README says."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_library_example_runs_as_written() -> None:
    text = README.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert code is not None
    source = code.group(1)
    expected = [line[2:] for line in source.splitlines() if line.startswith("# ")]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, str(README), "exec"), {})  # noqa: S102 - our own README
    assert printed.getvalue().splitlines() == expected


def test_the_readme_describes_every_property() -> None:
    from prg.verify.properties import PROPERTIES

    text = README.read_text(encoding="utf-8")
    for prop in PROPERTIES:
        assert f"| `{prop.name}` | {prop.description} |" in text


def test_the_readme_diagram_is_what_prg_draws() -> None:
    text = README.read_text(encoding="utf-8")
    shown = re.search(r"```mermaid\n(.*?)```", text, re.DOTALL)
    assert shown is not None
    prg = str(Path(sys.executable).with_name("prg"))
    done = subprocess.run([prg, "diagram", "trace", "--row", "12", "--format", "mermaid"],
                          capture_output=True, text=True, check=True)
    assert shown.group(1) == done.stdout
