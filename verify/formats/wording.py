"""How the report formats word a verdict: which engine decided it, one node's columns of a
Table 2 row, and how a verdict about every configuration at once names them. The words every
format shares beyond the report (a configuration, a count of events) are in
``prg.model.words``."""

from __future__ import annotations

from typing import Any

#: How a verdict about every configuration at once names them.
ALL = "all configurations"


def engine_words(prop: dict[str, Any]) -> str:
    """Which engine decided a property, and how, as far as the report says."""
    words = str(prop.get("engine", "graph"))
    if prop.get("method"):
        words += f", {prop['method']}"
    if prop.get("k") is not None:
        words += f", k={prop['k']}"
    return words


def side_words(side: dict[str, Any]) -> str:
    """One node's columns of a Table 2 row."""
    if side["state"] is None:
        return "down (" + ", ".join(side.get("down", [])) + ")"
    return f"{side['state']} / {side['reason']}"
