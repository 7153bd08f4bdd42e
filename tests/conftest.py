"""Shared fixtures: the bundled spec, and broken copies of it made by replacing its text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from prg.model.explore import Graph, explore
from prg.model.load import DEFAULT_SPEC, load_spec, load_spec_text
from prg.model.product import Config, Pair, configurations, default_config
from prg.model.spec import Spec

SPEC_TEXT = DEFAULT_SPEC.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def default_graph(spec: Spec) -> Graph:
    """The default configuration, one outstanding fault at a time."""
    return explore(Pair(spec, default_config(spec), fault_budget=1))


def broken(*replacements: tuple[str, str]) -> Spec:
    """The bundled spec with each ``old`` text replaced by ``new`` (each must occur once)."""
    text = SPEC_TEXT
    for old, new in replacements:
        assert text.count(old) == 1, f"expected exactly one {old!r} in the spec"
        text = text.replace(old, new)
    return load_spec_text(text, "broken.yaml")


def without_rule(rule_id: str) -> tuple[str, str]:
    """A replacement that deletes one rule of the bundled spec."""
    start = SPEC_TEXT.index(f"  - id: {rule_id}\n")
    end = SPEC_TEXT.index("\n  - id: ", start + 1)
    return SPEC_TEXT[start:end + 1], ""


def graphs_of(spec: Spec, fault_budget: int = 1,
              choose: Callable[[Config], bool] = lambda config: True) -> list[Graph]:
    return [explore(Pair(spec, c, fault_budget)) for c in configurations(spec) if choose(c)]


def spec_file(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


#: Failing Over made to serve its users: no_split_brain breaks on the first failover.
SPLIT_BRAIN = ("  - name: Failing Over\n    class: transient\n",
               "  - name: Failing Over\n    class: transient\n    serves: [own]\n")
