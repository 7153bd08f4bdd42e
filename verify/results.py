"""What a verify run finds, as typed values: each property's verdict, each configuration's,
each Table 2 row's, and the report that holds them. The checks build these; every format
(``prg.verify.formats``: text, JSON, HTML, Markdown, JUnit, SARIF) only renders them, and
nothing edits a report once it is built."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prg.model.spec import Printed, RowSide, Value
from prg.model.traces import Trace

if TYPE_CHECKING:
    # For a type only: the rules' checks import Z3, which what reads a result (prg explain's
    # JSON) need not load.
    from prg.verify.checks.rules import Situation

#: A property's verdict: it holds, it is violated only where a finding of the spec says the
#: document's behaviour breaks it (``finding``), it is violated, or no engine could decide it.
STATUSES = ("holds", "finding", "violated", "unknown")
#: A finding's status in a run: it occurs, it applies but no longer occurs (``stale``), or the
#: run did not check it (another fault budget, engine or configuration).
FINDING_STATUSES = ("occurs", "stale", "not checked")


@dataclass(frozen=True)
class Verdict:
    """One property, decided by one engine: ``config`` is the configuration its
    counterexample is in (empty where it is about every configuration). ``method`` and ``k``
    say how the Z3 engine decided it (None for the graph engine's); ``situations`` are where a
    spec-level check found the rules wrong (None where the check is not one of those)."""

    name: str
    description: str
    status: str
    engine: str
    config: Mapping[str, Value]
    message: str | None
    counterexample: Trace | None
    spec_lines: tuple[int, ...]
    seconds: float
    method: str | None = None
    k: int | None = None
    situations: tuple[Situation, ...] | None = None
    #: The findings that explain the violation, where the status is ``finding``.
    findings: tuple[str, ...] = ()
    #: Where Z3 proved the property (for a finding: with the findings set aside) from an
    #: inductive invariant, what else that invariant says, in the spec's words, one clause a
    #: line: what keeps the property true besides itself.
    invariant: tuple[str, ...] = ()

    @property
    def holds(self) -> bool:
        return self.status == "holds"

    @property
    def fails(self) -> bool:
        """Whether the verdict fails the run: violated or undecided (a finding does so only
        under ``--strict``)."""
        return self.status in ("violated", "unknown")


@dataclass(frozen=True)
class Violated:
    """Why a property fails in one configuration, and where."""

    message: str
    counterexample: Trace | None
    spec_lines: tuple[int, ...]


@dataclass(frozen=True)
class ConfigVerdict:
    """One property in one configuration: ``violated`` None where it holds."""

    violated: Violated | None
    seconds: float
    #: The findings that explain the violation (empty: it is a violation of its own).
    findings: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        if self.violated is None:
            return "holds"
        return "finding" if self.findings else "violated"


@dataclass(frozen=True)
class ConfigResult:
    """One configuration checked by the graph engine: its size and a verdict per property."""

    config: Mapping[str, Value]
    joint_states: int
    transitions: int
    verdicts: Mapping[str, ConfigVerdict]


@dataclass(frozen=True)
class RowResult:
    """A Table 2 row: its sides as the spec writes them, whether it is reachable, and its
    shortest witness (in ``config``); ``engines``: the witness length each engine found,
    where more than the graph engine ran; ``bmc_confirms``: where the Z3 engine ran and the
    row has a witness, whether BMC confirms its length as the shortest (a witness of that
    length, none of one step fewer); ``also_printed``: the row as the document prints it,
    where the spec reads it otherwise."""

    id: int
    node1: RowSide
    node2: RowSide
    cause: str
    line: int
    reachable: bool
    config: Mapping[str, Value] | None
    witness: Trace | None
    engines: Mapping[str, int | None] | None = None
    also_printed: Printed | None = None
    bmc_confirms: bool | None = None


@dataclass(frozen=True)
class SpecSummary:
    """What the report says of the spec."""

    path: str
    title: str
    states: int
    reasons: int
    rules: int
    rows: int
    rule_lines: Mapping[str, int]
    state_classes: Mapping[str, str]
    #: Each node state and the spec line it starts on.
    state_lines: Mapping[str, int]
    #: The configuration the document recommends: each explored option at its default.
    default_config: Mapping[str, Value]


@dataclass(frozen=True)
class ModelSummary:
    """What the report says of the model searched."""

    configurations: int
    fault_budget: int
    joint_states: int
    transitions: int
    explored_states: int
    explore_seconds: float
    settings: Mapping[str, Value]


@dataclass(frozen=True)
class DecisionNote:
    """A reading the spec chose where the document is inconsistent or silent."""

    what: str
    why: str
    source: str


@dataclass(frozen=True)
class FindingResult:
    """A finding of the spec in one run: whether it ``occurs``, is ``stale`` or was ``not
    checked`` (``note`` says why, or where it occurs), the configurations where it occurs
    and its shortest counterexample there."""

    id: str
    property: str
    fault_budget: int
    status: str
    note: str
    why: str
    source: str
    line: int
    configs: tuple[Mapping[str, Value], ...]
    counterexample: Trace | None


@dataclass(frozen=True)
class Report:
    """A verify run: every verdict, configuration and row."""

    tool: str
    version: str
    spec: SpecSummary
    model: ModelSummary
    properties: tuple[Verdict, ...]
    engine: str
    configurations: tuple[ConfigResult, ...]
    rows: tuple[RowResult, ...]
    decisions: tuple[DecisionNote, ...]
    elapsed_s: float
    findings: tuple[FindingResult, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every property holds or fails only where a finding says so, and no finding
        is stale."""
        return not any(p.fails for p in self.properties) and not self.stale

    @property
    def stale(self) -> tuple[FindingResult, ...]:
        return tuple(f for f in self.findings if f.status == "stale")

    @property
    def clean(self) -> bool:
        """Whether every property holds, findings aside from none (``--strict``)."""
        return self.passed and all(p.holds for p in self.properties)
