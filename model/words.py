"""How prg words the things every format, diagram and message names: a configuration or a set
of settings (``high_availability=True, automatic_fallback=False``) and a count of events. One
home, so that the text report, HTML, Markdown, JUnit, SARIF, the diagrams and the errors say
them alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Settings = Mapping[str, object] | Iterable[tuple[str, object]]


def config_words(config: Settings, empty: str = "") -> str:
    """``key=value, ...`` in the order given; ``empty`` where there is none."""
    items = config.items() if isinstance(config, Mapping) else config
    return ", ".join(f"{key}={value}" for key, value in items) or empty


def events(count: int) -> str:
    """``1 event``, ``3 events``."""
    return f"{count} event" if count == 1 else f"{count} events"
