"""Run every property on every configuration of a spec and every Table 2 row, with the graph
engine, the Z3 engine or both: the typed report (``prg.verify.results``) that every format
renders."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing import get_context
from multiprocessing.queues import Queue
from typing import Any, Self, TypeVar, cast

from prg.model.digest import version
from prg.model.explore import Graph, explore
from prg.model.product import Config, Pair, configuration_groups, configurations, default_config
from prg.model.progress import Progress, ProgressEvent, TaskProgress
from prg.model.projection import Projection, projection
from prg.model.searching import MAX_STATES, collector_paused
from prg.model.spec import Finding, Row, Spec, Value
from prg.model.traces import Trace, trace_of
from prg.verify.checks.certificates import certificates_folder
from prg.verify.checks.findings import applying, check_findings, judge
from prg.verify.checks.proofs import (
    ROW_DEPTH,
    SAFETY,
    Proved,
    RowWitnesses,
    engines_agree,
    row_witnesses,
    symbolic_proofs,
)
from prg.verify.checks.properties import PROPERTIES, Summary, Violation, summarize
from prg.verify.checks.spec_properties import spec_properties
from prg.verify.results import (
    ConfigResult,
    ConfigVerdict,
    DecisionNote,
    FindingResult,
    ModelSummary,
    Report,
    RowResult,
    SpecSummary,
    Verdict,
    Violated,
)
from prg.verify.tools.recovery import RecoveryTable, recovery_table


@dataclass
class Checked:
    """One configuration checked in a group: its result, what its search cost, the summary
    for the properties about every configuration, and what ``inspect`` made of its graph (for
    the default configuration)."""

    result: ConfigResult
    explore_seconds: float
    explored_states: int
    summary: Summary
    inspected: object = None


def check_group(spec: Spec, configs: Sequence[Config], fault_budget: int,
                inspect: Callable[[Graph], object] | None = None,
                max_states: int = MAX_STATES,
                progress: Progress | None = None) -> list[Checked]:
    """Check configurations that share one transition relation (``configuration_groups``):
    one search from all their initial states, then each configuration's own graph. Where the
    default configuration is among them, ``inspect`` is called on its graph, in this process.

    A configuration whose initial state lies in the graph of one already checked has a graph
    closed under its steps inside that one, so every property that holds there holds for it
    (each is about reachable states, steps, or paths from them); only the others are checked
    again, to name it with its own shortest counterexample. ``progress`` hears how the
    search goes."""
    with collector_paused():
        return _check_group(spec, configs, fault_budget, inspect, max_states, progress)


def _check_group(spec: Spec, configs: Sequence[Config], fault_budget: int,
                 inspect: Callable[[Graph], object] | None,
                 max_states: int, progress: Progress | None) -> list[Checked]:
    pair = Pair(spec, configs[0], fault_budget)
    roots = [pair.initial_for(c) for c in configs]
    union = explore(pair, roots, max_states, progress)
    explored = union.seconds
    root_ids = union.roots
    graphs = [
        union.first_part(c) if root_ids[i] == 0 else union.rooted(root_ids[i], c)
        for i, c in enumerate(configs)
    ]
    checked: list[tuple[set[int], dict[str, ConfigVerdict]]] = []
    results: dict[int, Checked] = {}
    for position in sorted(range(len(configs)), key=lambda i: -len(graphs[i].states)):
        graph = graphs[position]
        inherited = next((v for held, v in checked if root_ids[position] in held), None)
        verdicts: dict[str, ConfigVerdict] = {}
        for prop in PROPERTIES:
            if prop.existential:
                continue
            if inherited is not None and inherited[prop.name].violated is None:
                verdicts[prop.name] = ConfigVerdict(None, 0.0)
                continue
            begin = time.perf_counter()
            judged = judge(prop, graph)
            verdicts[prop.name] = ConfigVerdict(_violated(judged.violation),
                                                time.perf_counter() - begin, judged.findings)
        checked.append((set(() if graph.origin is None else graph.origin.tolist()), verdicts))
        results[position] = Checked(
            ConfigResult(dict(configs[position]), len(graph.states), graph.transitions,
                         verdicts),
            explored if position == 0 else 0.0, len(union.states) if position == 0 else 0,
            summarize(graph),
            inspect(graph) if inspect and configs[position] == default_config(spec) else None,
        )
    return [results[i] for i in range(len(configs))]


def _violated(violation: Violation | None) -> Violated | None:
    if violation is None:
        return None
    graph = violation.graph
    return Violated(
        violation.message,
        trace_of(graph, violation.path)
        if graph is not None and violation.path is not None else violation.trace,
        tuple(violation.lines or _last_rules(violation)),
    )


def _last_rules(violation: Violation) -> tuple[int, ...]:
    """The spec lines of the rules of a counterexample's last step: where it went wrong."""
    if violation.graph is None or not violation.path or violation.path[-1][0] is None:
        return ()
    label = violation.path[-1][0]
    lines = {rule.id: rule.at.line for rule in violation.graph.pair.spec.rules}
    return tuple(lines[rule] for rule in label.rules)


@dataclass(frozen=True)
class DefaultViews:
    """What the reports show of the default configuration's graph beside the verdicts: its
    recovery table and its projection onto both nodes' states (the pair diagram's data)."""

    recovery: RecoveryTable
    projection: Projection


def default_views(graph: Graph) -> DefaultViews:
    """The default configuration's views, worked out from its graph (``verify_inspecting``
    asks for them where the graph already is)."""
    return DefaultViews(recovery_table(graph), projection(graph))


ENGINES = ("graph", "z3", "all")
Inspected = TypeVar("Inspected")


def verify(spec: Spec, fault_budget: int = 1, jobs: int | None = None,
           settings: Mapping[str, Value] | None = None, engine: str = "all",
           bmc_depth: int = ROW_DEPTH, max_states: int = MAX_STATES,
           progress: Progress | None = None) -> Report:
    """Check every configuration (``jobs`` at a time, in processes), every property and every
    Table 2 row with the graph engine, the Z3 engine (``prg.verify.checks.proofs``) or both,
    which then must agree. ``settings`` are the what-if settings ``spec`` was made with
    (``prg.model.settings``), recorded in the report. ``progress`` hears how the run goes
    (``prg.model.progress``), in this process, one event at a time."""
    return verify_inspecting(spec, fault_budget, jobs, settings, engine, bmc_depth,
                             max_states=max_states, progress=progress)[0]


def verify_inspecting(spec: Spec, fault_budget: int = 1, jobs: int | None = None,
                      settings: Mapping[str, Value] | None = None, engine: str = "all",
                      bmc_depth: int = ROW_DEPTH,
                      inspect: Callable[[Graph], Inspected] | None = None,
                      max_states: int = MAX_STATES, progress: Progress | None = None,
                      ) -> tuple[Report, Inspected | None]:
    """``verify``, and what ``inspect`` made of the default configuration's graph (None where
    the graph engine did not run): worked out where that graph already is, rather than
    searched again. ``inspect`` must be a module-level function, to reach other processes.
    ``StateLimit`` where a search would hold more than ``max_states`` joint states."""
    start = time.perf_counter()
    check_findings(spec, [p.name for p in SAFETY])
    groups = configuration_groups(spec) if engine != "z3" else []
    # The symbolic engine runs as two tasks (proofs, rows) beside the graph engine's groups.
    tasks = len(groups) + (2 if engine != "graph" else 0)
    workers = max(1, min(jobs or os.cpu_count() or 1, tasks))
    symbolic: tuple[Proved, RowWitnesses] | None = None
    tally = _Tally(progress, sum(len(group) for group in groups))
    # The Z3 engine checks the proofs of the certificates beside the spec, where there are.
    certificates = str(certificates_folder(spec.path))
    if workers > 1:
        with _Relay(progress) as relay, ProcessPoolExecutor(
                workers, mp_context=get_context("fork"), initializer=relay.initializer,
                initargs=relay.initargs) as pool:
            # The long symbolic tasks first; the graph engine's groups fill in around them.
            proving = witnessing = None
            if engine != "graph":
                proving = tally.z3_future("proofs", pool.submit(
                    symbolic_proofs, spec, fault_budget, certificates))
                witnessing = tally.z3_future("row witnesses", pool.submit(
                    row_witnesses, spec, fault_budget, bmc_depth))
            checking = [tally.group_future(len(group), pool.submit(
                check_group, spec, group, fault_budget, inspect, max_states,
                relay.worker_progress)) for group in groups]
            batches = [future.result() for future in checking]
            if proving is not None and witnessing is not None:
                symbolic = (proving.result(), witnessing.result())
    else:
        batches = []
        for group in groups:
            batches.append(check_group(spec, group, fault_budget, inspect, max_states,
                                       progress))
            tally.checked(len(group))
        if engine != "graph":
            with tally.z3_task("proofs"):
                proved = in_own_process(symbolic_proofs, spec, fault_budget, certificates)
            with tally.z3_task("row witnesses"):
                witnessed = in_own_process(row_witnesses, spec, fault_budget, bmc_depth)
            symbolic = (proved, witnessed)
    order = {config: i for i, config in enumerate(configurations(spec))}
    checked = sorted((c for batch in batches for c in batch),
                     key=lambda c: order[tuple(c.result.config.items())])
    results = [c.result for c in checked]
    properties = [] if engine == "z3" else _graph_verdicts(spec, checked)
    rows = [_row_result(row, checked) for row in spec.rows]
    if symbolic is not None:
        proved, witnesses = symbolic
        properties += [o.verdict(_description(o.name)) for o in proved.outcomes]
        if engine == "all":
            properties.append(engines_agree(
                properties, {row.id: _length(row.witness) for row in rows}, proved, witnesses))
        rows = [_with_symbolic_witness(row, witnesses, engine) for row in rows]
    if engine != "graph":
        properties += spec_properties(spec)  # spec-level, once for every configuration
    findings = finding_results(spec, fault_budget, engine, results, properties)
    report = Report(
        tool="prg",
        version=version(),
        spec=SpecSummary(
            path=spec.path,
            title=spec.title,
            states=len(spec.states),
            reasons=len(spec.reasons),
            rules=len(spec.rules),
            rows=len(spec.rows),
            rule_lines={rule.id: rule.at.line for rule in spec.rules},
            state_classes={state.name: state.klass for state in spec.states},
            state_lines={state.name: state.at.line for state in spec.states},
            default_config=dict(default_config(spec)),
        ),
        model=ModelSummary(
            configurations=len(configurations(spec)),
            fault_budget=fault_budget,
            joint_states=sum(r.joint_states for r in results),
            transitions=sum(r.transitions for r in results),
            explored_states=sum(c.explored_states for c in checked),
            explore_seconds=sum(c.explore_seconds for c in checked),
            settings=dict(settings or {}),
        ),
        properties=tuple(properties),
        engine=engine,
        configurations=tuple(results),
        rows=tuple(rows),
        decisions=decisions(spec),
        elapsed_s=time.perf_counter() - start,
        findings=findings,
    )
    inspected = next((c.inspected for c in checked if c.inspected is not None), None)
    return report, cast("Inspected | None", inspected)


class _Tally:
    """Tells ``progress`` (where there is one) what share of a run is done: how many of the
    graph engine's ``configurations`` are checked, which of the Z3 engine's tasks began and
    ended. Futures end in a thread of the pool's; the count is kept under a lock."""

    def __init__(self, progress: Progress | None, configurations: int) -> None:
        self._progress = progress
        self._total = configurations
        self._done = 0
        self._lock = threading.Lock()
        if configurations:
            self._tell(TaskProgress("graph", "configurations", 0, configurations))

    def _tell(self, event: ProgressEvent) -> None:
        if self._progress is not None:
            self._progress(event)

    def checked(self, configurations: int) -> None:
        """``configurations`` more are checked."""
        with self._lock:
            self._done += configurations
            self._tell(TaskProgress("graph", "configurations", self._done, self._total))

    @contextmanager
    def z3_task(self, task: str) -> Iterator[None]:
        """The Z3 engine's ``task`` runs for as long as the block does."""
        self._tell(TaskProgress("z3", task, 0, 1))
        yield
        self._tell(TaskProgress("z3", task, 1, 1))

    def z3_future(self, task: str, future: Future[Result]) -> Future[Result]:
        """The Z3 engine's ``task`` runs until ``future`` is done; ``future``."""
        self._tell(TaskProgress("z3", task, 0, 1))
        future.add_done_callback(lambda _: self._tell(TaskProgress("z3", task, 1, 1)))
        return future

    def group_future(self, configurations: int, future: Future[Result]) -> Future[Result]:
        """``configurations`` are checked once ``future`` is done; ``future``."""
        future.add_done_callback(lambda _: self.checked(configurations))
        return future


#: In a worker process of a verify run that reports progress: where its events go.
_to_parent: Queue[ProgressEvent | None] | None = None


def _report_to(queue: Queue[ProgressEvent | None] | None) -> None:
    """Run first in each worker process: its progress goes onto ``queue`` (None: nowhere)."""
    global _to_parent
    _to_parent = queue


def _tell_parent(event: ProgressEvent) -> None:
    """The progress of a worker process's work: onto the queue its parent reads."""
    if _to_parent is not None:
        _to_parent.put(event)


class _Relay:
    """Carries the progress events of a pool's worker processes to ``progress`` in this one:
    each worker puts them on a queue it is handed when it starts (``initializer``); a thread
    here reads them, in order, until the pool is done. Without ``progress``, nothing."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._queue: Queue[ProgressEvent | None] | None = None
        self._reader: threading.Thread | None = None

    def __enter__(self) -> Self:
        if self._progress is not None:
            self._queue = get_context("fork").Queue()
            self._reader = threading.Thread(target=self._read, args=(self._queue, self._progress),
                                            daemon=True)
            self._reader.start()
        return self

    @staticmethod
    def _read(queue: Queue[ProgressEvent | None], progress: Progress) -> None:
        while (event := queue.get()) is not None:
            progress(event)

    def __exit__(self, *exception: object) -> None:
        if self._queue is not None and self._reader is not None:
            self._queue.put(None)  # after every event of the workers, which have ended
            self._reader.join()
            self._queue.close()

    #: What each worker process runs first: ``_report_to(initargs...)``.
    initializer = staticmethod(_report_to)

    @property
    def initargs(self) -> tuple[Queue[ProgressEvent | None] | None]:
        return (self._queue,)

    @property
    def worker_progress(self) -> Progress | None:
        """What the work in a worker process reports its progress to."""
        return _tell_parent if self._queue is not None else None


def _graph_verdicts(spec: Spec, checked: Sequence[Checked]) -> list[Verdict]:
    """The graph engine's verdict on each property: from the summaries for those about every
    configuration, else the first configuration (spec order) where it is violated."""
    verdicts = []
    summaries = [c.summary for c in checked]
    results = [c.result for c in checked]
    for prop in PROPERTIES:
        config: Mapping[str, Value] = {}
        if prop.existential:
            begin = time.perf_counter()
            violation = prop.check(spec, summaries)  # type: ignore[call-arg,arg-type]
            found = _violated(violation)
            seconds = time.perf_counter() - begin
            status = "holds" if found is None else "violated"
            findings: tuple[str, ...] = ()
        else:
            # The first configuration (spec order) with a violation of its own, else the
            # first with a finding's.
            failing = next((r for r in results if r.verdicts[prop.name].status == "violated"),
                           None) or next((r for r in results
                                          if r.verdicts[prop.name].status == "finding"), None)
            verdict = failing.verdicts[prop.name] if failing is not None else None
            found = verdict.violated if verdict is not None else None
            status = verdict.status if verdict is not None else "holds"
            findings = verdict.findings if verdict is not None else ()
            config = failing.config if failing is not None else {}
            seconds = sum(r.verdicts[prop.name].seconds for r in results)
        verdicts.append(Verdict(
            name=prop.name,
            description=prop.description,
            status=status,
            engine="graph",
            config=config,
            message=found.message if found else None,
            counterexample=found.counterexample if found else None,
            spec_lines=found.spec_lines if found else (),
            seconds=seconds,
            findings=findings,
        ))
    return verdicts


def finding_results(spec: Spec, fault_budget: int, engine: str,
                    results: Sequence[ConfigResult],
                    properties: Sequence[Verdict]) -> tuple[FindingResult, ...]:
    """Each finding of the spec in this run: where it occurs (the configurations whose
    verdict it explains, or the Z3 engine's), else stale where the run checked its property
    in a configuration it applies to, else not checked, and why."""
    graph_checked = {p.name for p in PROPERTIES if not p.existential} if engine != "z3" else set()
    z3_checked = {p.name for p in SAFETY} if engine != "graph" else set()
    found = []
    for finding in spec.findings:
        configs = [r for r in results
                   if finding in applying(spec, finding.property, fault_budget, r.config)]
        z3_applies = finding.property in z3_checked and fault_budget >= finding.fault_budget
        occurs = [r for r in configs if finding.id in r.verdicts[finding.property].findings]
        by_z3 = next((p for p in properties if p.engine == "z3" and finding.id in p.findings),
                     None)
        counterexamples = [r.verdicts[finding.property].violated for r in occurs]
        shortest = min((v.counterexample for v in counterexamples
                        if v is not None and v.counterexample is not None),
                       key=len, default=by_z3.counterexample if by_z3 else None)
        checked = (finding.property in graph_checked and configs) or z3_applies
        if occurs or by_z3 is not None:
            status = "occurs"
            note = (f"{finding.property} fails as it says in {len(occurs)} of {len(results)} "
                    "configurations" if occurs else f"the Z3 engine finds {finding.property} "
                    "failing as it says")
        elif checked:
            status = "stale"
            note = (f"no violation of {finding.property} needs it at fault budget "
                    f"{fault_budget} (it no longer occurs, or another finding covers it): "
                    "remove it or find why the model changed")
        else:
            status = "not checked"
            note = _not_checked(spec, finding, fault_budget, engine, graph_checked | z3_checked)
        found.append(FindingResult(
            finding.id, finding.property, finding.fault_budget, status, note, finding.why,
            finding.at.source, finding.at.line,
            tuple(dict(r.config) for r in occurs), shortest))
    return tuple(found)


def _not_checked(spec: Spec, finding: Finding, fault_budget: int, engine: str,
                 checked: set[str]) -> str:
    if fault_budget < finding.fault_budget:
        return (f"it needs fault budget {finding.fault_budget}; this run has "
                f"{fault_budget}")
    if finding.property not in checked:
        return f"the {engine} engine does not check {finding.property}"
    return "no configuration of this run is one the finding names"


Result = TypeVar("Result")


def in_own_process(work: Callable[..., Result], *args: Any) -> Result:
    """``work`` in a process of its own, forked from this one. What Z3 answers, and how fast,
    depends on what its context already holds; forked from here, each half of the symbolic
    engine starts from the same context however many processes run (in parallel, each is the
    first task of its process)."""
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
        return pool.submit(work, *args).result()


def _length(witness: Trace | None) -> int | None:
    return len(witness) - 1 if witness else None


def _description(name: str) -> str:
    found = next((p.description for p in PROPERTIES if p.name == name), "")
    return found + " (proved for every number of users)"


def _row_result(row: Row, checked: Sequence[Checked]) -> RowResult:
    found = [(c.summary.witnesses[row.id], c.result.config) for c in checked
             if c.summary.witnesses[row.id] is not None]
    witness, config = min(found, key=lambda f: len(f[0] or ())) if found else (None, None)
    return RowResult(row.id, row.node1, row.node2, row.cause, row.at.line,
                     reachable=witness is not None, config=config, witness=witness,
                     also_printed=row.also_printed)


def _with_symbolic_witness(row: RowResult, witnesses: RowWitnesses, engine: str) -> RowResult:
    """``row`` with the Z3 engine's witness length beside the graph engine's, and whether BMC
    confirms the row's witness length as the shortest; with the Z3 engine alone, its witness
    is the row's."""
    witness = witnesses.witnesses[row.id]
    engines = {"z3": _length(witness)} | (
        {"graph": _length(row.witness)} if engine == "all" else {})
    if engine == "z3":
        row = replace(row, reachable=witness is not None, witness=witness, config=None)
    length = _length(row.witness)
    return replace(row, engines=engines, bmc_confirms=None if length is None
                   else witnesses.confirms(row.id, length))


def decisions(spec: Spec) -> tuple[DecisionNote, ...]:
    """Every reading the spec chose where the document is inconsistent or silent."""
    found = [DecisionNote(d.what, d.why, d.source) for d in spec.decisions]
    items: list[tuple[str, Any]] = [
        *((f"parameter {p.name}", p) for p in spec.parameters),
        *((f"option {o.name}", o) for o in spec.options),
        *((f"fact {f.name}", f) for f in spec.facts),
        *((f"state {s.name}", s) for s in spec.states),
        *((f"reason {r.name}", r) for r in spec.reasons),
        *((f"event {e.name}", e) for e in spec.events),
        *((f"rule {r.id}", r) for r in spec.rules),
        *((f"row {r.id}", r) for r in spec.rows),
        *((f"ignored {', '.join(i.events)} (line {i.at.line})", i) for i in spec.ignored),
        *((f"constraint {c.name}", c) for c in spec.constraints),
        *((("timing", spec.timing),) if spec.timing else ()),
        *((f"timing of {f.start}", f) for f in (spec.timing.failures if spec.timing else ())),
    ]
    for what, item in items:
        if item.at.decision:
            found.append(DecisionNote(what, item.at.decision, item.at.source))
    return tuple(found)
