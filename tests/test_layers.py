"""Imports go one way: the model reads only the spec; the checks, reports and tools read the
model; the diagrams read the model and the typed traces; only the CLI reads everything. So
the verify run's worker processes run no diagram code, and nothing imports the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .helpers import ROOT

#: Per package, the prg packages it may import.
ALLOWED = {
    "model": {"model"},
    "verify": {"model", "verify"},
    "diagrams": {"model", "diagrams"},
    "cli": {"model", "verify", "diagrams", "cli"},
}


def imported_packages(path: Path) -> set[str]:
    """The prg packages a module imports (``prg.<package>``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {name.split(".")[1] for name in names
                  if name.startswith("prg.") and name.count(".") >= 1}
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_go_one_way(package: str) -> None:
    modules = sorted((ROOT / package).rglob("*.py"))
    assert len(modules) > 3  # the package is where the test looks
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - ALLOWED[package])
        for path in modules
        if imported_packages(path) - ALLOWED[package]
    }
    assert wrong == {}
