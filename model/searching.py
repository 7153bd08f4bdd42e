"""What every search of a pair shares: how many joint states it may hold, what it stops with
past that, and Python's cyclic garbage collector paused while it runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from .product import Config, Pair
from .words import config_words


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. A search allocates millions of small tuples
    and lists that never form cycles; the collector would only rescan them, which costs a
    large share of the time (see bench/README.md)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


#: How many joint states one search may hold by default. A search and its checks take memory
#: in proportion to the joint states they hold (bench/README.md gives the figures and what this
#: default comes to): a spec that grows past it is stopped with a one-line error rather than
#: by the machine running out of memory.
MAX_STATES = 2_000_000


def limit_message(pair: Pair, limit: int) -> str:
    """What a search that finds more than ``limit`` joint states stops with."""
    return (f"more than {limit:,} joint states in one search (fault budget "
            f"{pair.fault_budget}, {_shown(pair.config_items)}): lower --fault-budget, or "
            "raise --max-states")


def _shown(config: Config) -> str:
    return config_words(config, "the default configuration")
