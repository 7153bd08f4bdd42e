"""Shared fixtures: the bundled spec and the default configuration's graph. Plain helpers are
in helpers.py."""

from __future__ import annotations

import pytest
from prg.model.explore import Graph, explore
from prg.model.load import load_spec
from prg.model.product import Pair, default_config
from prg.model.spec import Spec


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def default_graph(spec: Spec) -> Graph:
    """The default configuration, one outstanding fault at a time."""
    return explore(Pair(spec, default_config(spec), fault_budget=1))
