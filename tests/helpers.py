"""Helpers the test modules share: the bundled spec's text and broken copies of it, running
prg (as a command, or in-process for a refusal), and reading a spec error's line."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from prg.cli.main import main
from prg.model.errors import SpecError
from prg.model.explore import Graph, explore
from prg.model.load import DEFAULT_SPEC, load_spec_text
from prg.model.product import Config, Pair, configurations
from prg.model.spec import Spec
from prg.verify.checks.findings import judge
from prg.verify.checks.properties import PROPERTIES, Violation

SPEC_TEXT = DEFAULT_SPEC.read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: The command reference and the model's description, where the README's details went.
COMMANDS_MD = ROOT / "docs" / "commands.md"
MODEL_MD = ROOT / "docs" / "model.md"
#: The prg command installed next to the interpreter running the tests.
PRG = str(Path(sys.executable).with_name("prg"))

#: Failing Over made to serve its users: no_split_brain breaks on the first failover.
SPLIT_BRAIN = ("  - name: Failing Over\n    class: transient\n",
               "  - name: Failing Over\n    class: transient\n    serves: [own]\n")


def broken(*replacements: tuple[str, str]) -> Spec:
    """The bundled spec with each ``old`` text replaced by ``new`` (each must occur once)."""
    text = SPEC_TEXT
    for old, new in replacements:
        assert text.count(old) == 1, f"expected exactly one {old!r} in the spec"
        text = text.replace(old, new)
    return load_spec_text(text, "broken.yaml")


#: Row 23's pair as the document prints it, in the bundled spec.
ALSO_PRINTED = (
    "    also_printed:\n"
    "      node1: {state: Backup Activated, reason: Auto Recover Database Failure}\n"
    "      node2: {state: Failover Affected Services, reason: Auto Recover Critical Service Down}\n")


def without_the_printed_pair() -> Spec:
    """The bundled spec that no longer accepts row 23 as the document prints it."""
    return broken((ALSO_PRINTED, ""))


def without_rule(rule_id: str) -> tuple[str, str]:
    """A replacement that deletes one rule of the bundled spec."""
    start = SPEC_TEXT.index(f"  - id: {rule_id}\n")
    end = SPEC_TEXT.index("\n  - id: ", start + 1)
    return SPEC_TEXT[start:end + 1], ""


def own_violation(name: str, graph: Graph) -> Violation | None:
    """Property ``name``'s violation on ``graph`` that no finding of the spec explains."""
    judged = judge(next(p for p in PROPERTIES if p.name == name), graph)
    return None if judged.findings else judged.violation


def graphs_of(spec: Spec, fault_budget: int = 1,
              choose: Callable[[Config], bool] = lambda config: True) -> list[Graph]:
    return [explore(Pair(spec, c, fault_budget)) for c in configurations(spec) if choose(c)]


def spec_file(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def prg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PRG, *args], capture_output=True, text=True, check=False)


def refused(*argv: str) -> str:
    """Run prg; assert it refused the input as it must; the error line."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            pytest.raises(SystemExit) as done:
        main(list(argv))
    message = err.getvalue()
    assert done.value.code == 2, message
    assert out.getvalue() == ""
    assert message.startswith("prg: error: ") and message.endswith("\n")
    assert message.count("\n") == 1 and "Traceback" not in message
    return message.strip()


def error_of(text: str) -> str:
    with pytest.raises(SpecError) as caught:
        load_spec_text(text, "broken.yaml")
    message = str(caught.value)
    assert "\n" not in message
    return message


def line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment)].count("\n") + 1
