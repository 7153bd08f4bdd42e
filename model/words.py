"""How prg words the things every format, diagram and message names: a configuration or a set
of settings (``high_availability=True, automatic_fallback=False``), a step (``failover on node
1``) and a count of events. One
home, so that the text report, HTML, Markdown, JUnit, SARIF, the diagrams and the errors say
them alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Settings = Mapping[str, object] | Iterable[tuple[str, object]]


def config_words(config: Settings, empty: str = "") -> str:
    """``key=value, ...`` in the order given; ``empty`` where there is none."""
    items = config.items() if isinstance(config, Mapping) else config
    return ", ".join(f"{key}={value}" for key, value in items) or empty


def step_words(event: str, node: int | None) -> str:
    """``failover on node 1``; ``recovery (pair)`` for an event of the pair."""
    return f"{event} (pair)" if node is None else f"{event} on node {node}"


def events(count: int) -> str:
    """``1 event``, ``3 events``."""
    return f"{count} event" if count == 1 else f"{count} events"
