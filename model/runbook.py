"""A runbook: the administrator's steps of a maintenance procedure, in order, read from a file.

A step either does something (``do: EVENT@NODE``, an administrator action or a repair of the
spec, as ``prg simulate`` takes them; ``EVENT`` alone for an action on both nodes) or waits
until the admin page shows something (``wait: {node 1: STATE/REASON, node 2: STATE}``, each
node as ``prg explain`` takes it; a node left out may show anything) and, where given, until
the counters show the users active on each node (``active: {node 1: X, node 2: Y}``: X for
node 1's users, Y for node 2's, ``X + Y`` or ``none``; Table 3's JsmSessionsClient). ``says`` gives the step
in the administrator's words. A runbook may fix the configuration it is meant for (``set``, as
``--set``). Every problem is one line naming the file, the line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .cluster import Cluster, high_availability_option, load_cluster, settings_of
from .errors import PrgError
from .load import invalid_as_error, yaml_document
from .load_core import fail, keys, mapping, sequence, text_of, unknown
from .names import Names, NodeQuery
from .node import ACTIONS
from .simulate import parse_step
from .spec import Spec, Value
from .yaml_lines import LDict

_KEYS = ("name", "source", "cluster", "set", "steps")
_STEP_KEYS = ("group", "do", "wait", "says")
_NODES = ("node 1", "node 2")
_WAIT_KEYS = (*_NODES, "active")
#: How the users active on a node are written: the users of node 1 (X), of node 2 (Y).
USER_GROUPS = ("X", "Y")


@dataclass(frozen=True)
class RunbookStep:
    """One step: an action (``event`` on ``node``, None for both nodes) or a wait until each
    node shows what ``until`` asks (None: anything) and, where ``active`` is given, the users
    active on each node are those it names (None: any)."""

    number: int
    line: int
    says: str
    group: str | None = None
    event: str | None = None
    node: int | None = None
    until: tuple[NodeQuery | None, NodeQuery | None] | None = None
    active: tuple[frozenset[str] | None, frozenset[str] | None] = (None, None)

    @property
    def waits(self) -> bool:
        return self.until is not None


@dataclass(frozen=True)
class Runbook:
    """A runbook read against a spec: its name, the document passage it follows, the
    configuration it fixes and its steps; for a cluster's runbook, the cluster (whose group
    spec it is read against), each step naming its group."""

    path: str
    name: str
    source: str
    settings: tuple[tuple[str, Value], ...]
    steps: tuple[RunbookStep, ...]
    cluster: Cluster | None = None

    @property
    def groups(self) -> tuple[str | None, ...]:
        """The groups it runs in: the cluster's, or the one pair (None)."""
        return tuple(g.name for g in self.cluster.groups) if self.cluster else (None,)


def load_runbook(path: str | Path, spec: Spec) -> Runbook:
    """Read the runbook at ``path`` against ``spec``, or against its cluster's group spec
    where it names a cluster (``SpecError``, one line, on a problem)."""
    document = yaml_document(path, "runbook", "runbook")
    with invalid_as_error(str(path)):
        return _read(document, str(path), spec)


def _read(document: LDict, shown: str, spec: Spec) -> Runbook:
    keys(document, "runbook", _KEYS)
    name = text_of(document, "name", "runbook")
    source = text_of(document, "source", "runbook", required=False)
    cluster = None
    if "cluster" in document:
        written = text_of(document, "cluster", "runbook")
        try:
            cluster = load_cluster(Path(shown).parent / written)
        except PrgError as error:
            fail(document.lines["cluster"], "cluster", f"{written}: {error}")
        spec = cluster.spec
    settings = settings_of(document, spec)
    if cluster is not None and any(key == high_availability_option(spec)
                                   for key, _ in settings):
        fail(document.lines["set"], "set", "high availability is set per group, in the cluster")
    if "steps" not in document:
        fail(document.line, "steps", "missing section")
    entries = sequence(document["steps"], document.lines["steps"], "steps")
    if not entries:
        fail(document.lines["steps"], "steps", "a runbook has at least one step")
    names = Names(spec)
    steps = tuple(_step(mapping(item, line, f"steps[{i}]"), line, f"steps[{i}]", i + 1, names,
                        cluster)
                  for i, (item, line) in enumerate(zip(entries, entries.lines, strict=True)))
    return Runbook(shown, name, source, settings, steps, cluster)


def _step(item: LDict, line: int, field: str, number: int, names: Names,
          cluster: Cluster | None) -> RunbookStep:
    keys(item, field, _STEP_KEYS)
    if ("do" in item) == ("wait" in item):
        fail(line, field, "a step is one of do: EVENT@NODE or wait: {node 1: ..., node 2: ...}")
    says = text_of(item, "says", field, required=False)
    group = _group(item, line, field, cluster)
    if "do" in item:
        return replace(_action(item, field, number, names, says), group=group)
    wait = mapping(item["wait"], item.lines["wait"], f"{field}.wait")
    keys(wait, f"{field}.wait", _WAIT_KEYS)
    if not wait:
        fail(item.lines["wait"], f"{field}.wait", "wait names node 1, node 2 or active")
    until: list[NodeQuery | None] = [None, None]
    for index, key in enumerate(_NODES):
        if key in wait:
            shown = text_of(wait, key, f"{field}.wait")
            try:
                until[index] = names.node(shown)
            except PrgError as error:
                fail(wait.lines[key], f"{field}.wait.{key}", str(error))
    active: list[frozenset[str] | None] = [None, None]
    if "active" in wait:
        counters = mapping(wait["active"], wait.lines["active"], f"{field}.wait.active")
        keys(counters, f"{field}.wait.active", _NODES)
        for index, key in enumerate(_NODES):
            if key in counters:
                active[index] = _active(counters, key, f"{field}.wait.active.{key}")
    words = says or "wait until " + " and ".join(
        [f"{key} shows {query}" for key, query in zip(_NODES, until, strict=True)
         if query is not None]
        + [f"{active_words(users)} active on {key}"
           for key, users in zip(_NODES, active, strict=True) if users is not None])
    return RunbookStep(number, line, words, group=group, until=(until[0], until[1]),
                       active=(active[0], active[1]))


def _group(item: LDict, line: int, field: str, cluster: Cluster | None) -> str | None:
    """The group a step runs in: one of the cluster's (every step of a cluster's runbook names
    one), None for a pair's runbook."""
    if cluster is None:
        if "group" in item:
            fail(item.lines["group"], f"{field}.group", "a group is named only in a runbook "
                                                        "of a cluster (cluster: FILE)")
        return None
    name = text_of(item, "group", field)
    if cluster.group(name) is None:
        fail(item.lines["group"], f"{field}.group",
             unknown("group", name, [g.name for g in cluster.groups]))
    return name


def _active(counters: LDict, key: str, field: str) -> frozenset[str]:
    """The users written as active on a node: ``X``, ``Y``, ``X + Y`` or ``none``."""
    value = counters[key]
    text = str(value).strip() if isinstance(value, str | int) else ""
    if text.lower() in ("none", "0"):
        return frozenset()
    parts = [part.strip() for part in text.split("+")]
    if not text or any(part not in USER_GROUPS for part in parts):
        fail(counters.lines[key], field, f"expected X (node 1's users), Y (node 2's), X + Y or "
                                         f"none, got {value!r}")
    return frozenset(parts)


def active_words(users: frozenset[str]) -> str:
    """Users active on a node, as a runbook writes them."""
    return " + ".join(sorted(users)) or "none"


def _action(item: LDict, field: str, number: int, names: Names, says: str) -> RunbookStep:
    text = text_of(item, "do", field)
    where = item.lines["do"]
    try:
        written, node, rule = parse_step(text)
        event = names.event(written)
    except PrgError as error:
        fail(where, f"{field}.do", str(error))
    if rule is not None:
        fail(where, f"{field}.do", f"{text!r}: a runbook step names no rule")
    described = names.spec.event(event)
    if described.kind not in ACTIONS:
        fail(where, f"{field}.do", f"{event!r} is a {described.kind} event, not an action the "
                                   "administrator takes")
    if described.scope == "pair" and node is not None:
        fail(where, f"{field}.do", f"{event!r} happens to both nodes at once: give no node")
    if described.scope != "pair" and node is None:
        fail(where, f"{field}.do", f"{event!r} is taken on one node: {event}@1 or {event}@2")
    words = says or (f"{event} on node {node}" if node is not None else event)
    return RunbookStep(number, where, words, event=event, node=node)
