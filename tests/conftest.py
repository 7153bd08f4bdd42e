"""Shared fixtures: the bundled spec and the default configuration's graph, and a cache
directory of the test run's own. Plain helpers are in helpers.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prg.model.explore import Graph, explore
from prg.model.load import load_spec
from prg.model.product import Pair, default_config
from prg.model.spec import Spec


@pytest.fixture(scope="session", autouse=True)
def _cache_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The compiled tables of every search the tests run, in prg itself and in the prg
    commands they start, go to a temporary directory, never to the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def default_graph(spec: Spec) -> Graph:
    """The default configuration, one outstanding fault at a time."""
    return explore(Pair(spec, default_config(spec), fault_budget=1))
