"""How the report formats word a verdict: which engine decided it, which verdicts are one
violation reported once, one node's columns of a Table 2 row, and how a verdict about every
configuration at once names them. The words every format shares beyond the report (a
configuration, a count of events) are in ``prg.model.words``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from prg.model.spec import RowSide, Value
from prg.model.words import config_words, counted
from prg.verify.results import Report, RowResult, Verdict

#: How a verdict about every configuration at once names them.
ALL = "all configurations"
#: The engine whose verdict a violation is reported with, where several engines find it: the
#: graph engine's names the first configuration (spec order) that breaks the property.
PRIMARY_ENGINE = "graph"
#: Each engine as the reports name it in a sentence.
ENGINE_NAMES = {"graph": "the graph engine", "z3": "Z3"}
#: The page that describes each property under an anchor of its name, as a URI relative to
#: the repository's root: the project names no public address, so a report read beside the
#: checkout it was made in (as CI does) links into that checkout's documentation.
PROPERTIES_DOC = "docs/model.md"
#: Where the documentation says what a finding of the spec is.
FINDINGS_DOC = f"{PROPERTIES_DOC}#findings"


def property_doc(name: str) -> str:
    """Where the documentation describes property ``name``."""
    return f"{PROPERTIES_DOC}#{name}"


@dataclass(frozen=True)
class Reported:
    """A property that does not hold, reported once: ``verdict`` is the one shown (with its
    message, configuration and counterexample), ``confirmed_by`` the verdicts of the other
    engines that found the same status."""

    verdict: Verdict
    confirmed_by: tuple[Verdict, ...] = ()


def reported(report: Report) -> tuple[Reported, ...]:
    """The report's verdicts that do not hold, one per property and status, in the report's
    order: where several engines find a property violated (or a finding, or undecided), the
    graph engine's verdict is shown and the others confirm it. Where the engines disagree
    (violated by one, undecided by the other) each verdict stays."""
    groups: dict[tuple[str, str], list[Verdict]] = {}
    for prop in report.properties:
        if not prop.holds:
            groups.setdefault((prop.name, prop.status), []).append(prop)
    found = []
    for verdicts in groups.values():
        shown = next((v for v in verdicts if v.engine == PRIMARY_ENGINE), verdicts[0])
        found.append(Reported(shown, tuple(v for v in verdicts if v is not shown)))
    return tuple(found)


def verdict_id(prop: Verdict) -> str:
    """A verdict's name, unique when several engines check the same property: the property's
    name for the graph engine's, ``name.engine`` for another's."""
    return prop.name if prop.engine == PRIMARY_ENGINE else f"{prop.name}.{prop.engine}"


def confirmed_words(item: Reported) -> str:
    """``confirmed by Z3 (k-induction, k=3)``: the engines that found the same as the verdict
    shown, and how; "" where no other engine did."""
    return "; ".join(f"confirmed by {decided_words(v)}" for v in item.confirmed_by)


def decided_words(prop: Verdict) -> str:
    """The engine that decided a verdict, and how, in a sentence: ``Z3 (k-induction, k=3)``,
    ``the graph engine``."""
    details = method_words(prop)
    return ENGINE_NAMES.get(prop.engine, prop.engine) + (f" ({details})" if details else "")


def method_words(prop: Verdict) -> str:
    """How the Z3 engine decided a verdict: ``k-induction, k=3``; "" for the graph engine."""
    return ", ".join(([prop.method] if prop.method else [])
                     + ([f"k={prop.k}"] if prop.k is not None else []))


def engine_words(prop: Verdict) -> str:
    """Which engine decided a property, and how, as far as the report says."""
    details = method_words(prop)
    return f"{prop.engine}, {details}" if details else prop.engine


def short_config_words(config: Mapping[str, Value], defaults: Mapping[str, Value]) -> str:
    """A configuration in short: the options not at their default (``defaults``), as
    ``high_availability=False``; ``default configuration`` where every one is."""
    return config_words({key: value for key, value in config.items()
                         if key not in defaults or defaults[key] != value},
                        "default configuration")


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


def bmc_words(row: RowResult) -> str:
    """What BMC says of a row's shortest witness length: ``shortest: 3 steps, confirmed by
    BMC (none at 2)``, or that it does not confirm it; "" where the Z3 engine did not run or
    the row has no witness."""
    if row.bmc_confirms is None or row.witness is None:
        return ""
    length = len(row.witness) - 1
    shortest = f"shortest: {counted(length, 'step')}"
    if row.bmc_confirms:
        below = f"none at {length - 1}" if length else "the first state shows the row"
        return f"{shortest}, confirmed by BMC ({below})"
    found = (row.engines or {}).get("z3")
    if found is None:
        return f"{shortest}, not confirmed by BMC (none within --bmc-depth steps)"
    if found == length:
        return f"{shortest}, not confirmed by BMC (it could not rule out a shorter one)"
    return f"{shortest}, not confirmed by BMC (it finds one of {counted(found, 'step')})"


#: What the reports' part on the proofs' invariants shows.
INVARIANTS_TITLE = ("What keeps each property Z3 proved true, besides the property itself "
                    "(its proof's inductive invariant, in the spec's words)")


def with_invariant(report: Report) -> tuple[Verdict, ...]:
    """The properties Z3 proved (for a finding: with the findings set aside) from an
    inductive invariant that says more than the property, in the report's order."""
    return tuple(p for p in report.properties if p.engine == "z3" and p.invariant)


def invariant_heading(prop: Verdict) -> str:
    """``no_split_brain, with the findings a, b set aside (37 clauses)``: whose invariant
    follows, and how long it is."""
    aside = f", with the findings {', '.join(prop.findings)} set aside" if prop.findings else ""
    return f"{prop.name}{aside} ({counted(len(prop.invariant), 'clause')})"


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
