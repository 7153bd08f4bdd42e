"""How the report formats word a verdict: which engine decided it, one node's columns of a
Table 2 row, and how a verdict about every configuration at once names them. The words every
format shares beyond the report (a configuration, a count of events) are in
``prg.model.words``."""

from __future__ import annotations

from prg.model.spec import RowSide
from prg.verify.results import Report, RowResult, Verdict

#: How a verdict about every configuration at once names them.
ALL = "all configurations"


def engine_words(prop: Verdict) -> str:
    """Which engine decided a property, and how, as far as the report says."""
    words = prop.engine
    if prop.method:
        words += f", {prop.method}"
    if prop.k is not None:
        words += f", k={prop.k}"
    return words


def states_words(side: RowSide) -> str:
    """The states and reasons one node's columns of a Table 2 row allow, for a node that is
    up: ``Idle / On Admin Request``, alternatives joined by ``or``."""
    return f"{' or '.join(side.states or ())} / {' or '.join(side.reasons or ())}"


def side_words(side: RowSide) -> str:
    """One node's columns of a Table 2 row."""
    if side.states is None:
        return "down (" + ", ".join(side.down_causes) + ")"
    return states_words(side)


def printed_sides(row: RowResult) -> tuple[RowSide | None, RowSide | None]:
    """Node 1's and node 2's sides of the row as the document prints it (None: as the spec
    reads it)."""
    printed = row.also_printed
    return (None, None) if printed is None else (printed.node1, printed.node2)


def printed_words(side: RowSide, printed: RowSide | None) -> str:
    """`` (printed: ...)`` after a side of a row the document prints otherwise; "" where it
    prints the side as the spec reads it."""
    if printed is None or side_words(printed) == side_words(side):
        return ""
    return f" (printed: {side_words(printed)})"


def verdict_heading(prop: Verdict) -> str:
    """How a property that does not hold is headed: ``VIOLATED``, ``FINDING (ids)`` where
    findings of the spec explain it, else its status."""
    if prop.status == "finding":
        return f"FINDING ({', '.join(prop.findings)})"
    return prop.status.upper()


def run_words(report: Report) -> str:
    """The run's verdict in a few words."""
    if report.stale:
        return ("stale findings: " + ", ".join(f.id for f in report.stale)
                + (", and some properties are violated"
                   if any(p.fails for p in report.properties) else ""))
    if not report.passed:
        return "some properties are violated"
    occurring = [f for f in report.findings if f.status == "occurs"]
    if occurring:
        return (f"all properties hold but where {len(occurring)} finding"
                f"{'s' if len(occurring) > 1 else ''} of the spec say the document's "
                "behaviour breaks them")
    return "all properties hold"
