"""What a pair of node states means, answered from the model: the Table 2 row, the shortest
trace from Normal / Normal that reaches it (the witness) and the shortest way back (the
recovery), compared with the row's recommended actions.

The witness is searched in the configuration the document recommends first, then in the
others, one group of configurations sharing a transition relation at a time. The recovery
takes as few administrator actions and repairs as it can, then as few steps; faults are not
part of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prg.model.explore import Graph, explore
from prg.model.names import Names, NodeQuery
from prg.model.node import ACTIONS
from prg.model.product import Config, Label, Pair, configuration_groups, default_config
from prg.model.progress import Progress
from prg.model.searching import collector_paused
from prg.model.spec import Extension, Row, RowSide, Spec, Step
from prg.model.table import (
    condition_holds,
    documentation,
    printed_row,
    query_shows,
    row_matches,
    row_read,
)
from prg.model.traces import Trace, trace_of
from prg.model.words import (
    action_marks,
    action_words,
    added_steps,
    config_words,
    counted,
    events,
    oriented,
    step_words,
)
from prg.verify.checks.properties import actions_from
from prg.verify.formats.json_report import added_json
from prg.verify.formats.trace import trace_json_or_none, trace_text
from prg.verify.formats.wording import states_words
from prg.verify.tools.recovery import recovery_ways

Path = list[tuple[Label | None, int]]


@dataclass
class Explanation:
    """The answer for one pair: see ``to_json`` for the fields."""

    node1: NodeQuery
    node2: NodeQuery
    row: Row | None
    swapped: bool
    extension: Extension | None
    config: dict[str, Any] | None
    witness: Trace | None
    recovery: Trace | None
    recovery_notes: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    documented_recover: bool | None = None
    documented_problem: str | None = None
    nearest: list[Row] = field(default_factory=list)
    #: Other rows that show the same states, where a reason was left out.
    also: list[Row] = field(default_factory=list)
    fault_budget: int = 1
    #: The pair asked about is the row as the document prints it, which the spec reads
    #: otherwise: the witness and the recovery are of the row as the spec reads it.
    printed: bool = False

    @property
    def reachable(self) -> bool:
        return self.witness is not None


def explain(spec: Spec, node1: str | NodeQuery, node2: str | NodeQuery,
            fault_budget: int = 1, progress: Progress | None = None) -> Explanation:
    """Explain what node 1 and node 2 show (``STATE/REASON``, ``STATE`` or ``down`` in the
    document's words, or ``NodeQuery``); ``progress`` hears how the searches go. To explain
    many pairs, keep a ``Reference``."""
    return Reference(spec, fault_budget, progress).explain(node1, node2)


class Reference:
    """A spec's pair ready to explain: the graphs of its configurations are searched when
    first needed and kept: the default configuration's first, then one search per group of
    the other configurations sharing a transition relation. ``progress`` hears how each
    search goes."""

    def __init__(self, spec: Spec, fault_budget: int = 1,
                 progress: Progress | None = None) -> None:
        self.spec = spec
        self.fault_budget = fault_budget
        self.progress = progress
        self.names = Names(spec)
        default = default_config(spec)
        others = [[c for c in group if c != default] for group in configuration_groups(spec)]
        self._groups = [[default], *(group for group in others if group)]
        self._graphs: dict[int, tuple[Graph, list[Graph]]] = {}

    def graphs(self, group: int) -> tuple[Graph, list[Graph]]:
        """The search of one group (from every initial state of its configurations) and the
        graph of each of its configurations."""
        found = self._graphs.get(group)
        if found is None:
            configs = self._groups[group]
            pair = Pair(self.spec, configs[0], self.fault_budget)
            union = explore(pair, [pair.initial_for(c) for c in configs],
                            progress=self.progress)
            found = self._graphs[group] = (union, [
                _config_graph(union, position, config) for position, config in enumerate(configs)
            ])
        return found

    def explain(self, node1: str | NodeQuery, node2: str | NodeQuery) -> Explanation:
        """Explain what node 1 and node 2 show (see ``explain``). The cyclic collector is
        paused, as in a search: the graphs are made of hundreds of thousands of tuples that
        form no cycle, which it would only rescan."""
        with collector_paused():
            return self._explain(node1, node2)

    def _explain(self, node1: str | NodeQuery, node2: str | NodeQuery) -> Explanation:
        spec = self.spec
        first = node1 if isinstance(node1, NodeQuery) else self.names.node(node1)
        second = node2 if isinstance(node2, NodeQuery) else self.names.node(node2)
        printed = printed_row(spec, first, second)
        found = self._search(lambda pair: _asked(pair, first, second, printed))
        if found is None:
            row, swapped = printed or _documented_row(spec, first, second)
            return Explanation(first, second, row, swapped, None, None, None, None,
                               nearest=[] if row else _nearest_rows(spec, first, second),
                               fault_budget=self.fault_budget, printed=printed is not None)
        graph, path = found
        end = path[-1][1]
        n1, n2, _, _ = graph.states[end]
        shown = printed[0] if printed else documentation(graph.pair, n1, n2)
        row = shown if isinstance(shown, Row) else None
        swapped = printed[1] if printed else (
            row is not None and not row_matches(graph.pair, n1, n2, row))
        result = Explanation(
            first, second, row, swapped, shown if isinstance(shown, Extension) else None,
            dict(graph.config), trace_of(graph, path), None, fault_budget=self.fault_budget,
            printed=printed is not None,
        )
        recovery = _recovery(graph, end)
        if recovery is not None:
            result.recovery = trace_of(graph, recovery)
            result.recovery_notes, result.differences = _compare(graph, recovery, row, swapped)
        result.also = [other for distance, _, other in _distances(spec, first, second)
                       if distance == 0 and other is not row]
        if row is not None and row.actions is not None and not swapped:
            problem = actions_from(graph, row, end)
            result.documented_recover = problem is None
            result.documented_problem = problem.message if problem else None
        return result

    def _search(self, asked: Callable[[Pair], Callable[[int, int], bool]]
                ) -> tuple[Graph, Path] | None:
        """The shortest witness of a joint state whose nodes show what is ``asked`` in the
        default configuration, or else in the first group of other configurations where one
        exists (on a tie, the configuration that comes first)."""
        for group in range(len(self._groups)):
            union, graphs = self.graphs(group)
            shows = _Shows(asked(union.pair))
            if shows.first(union) is None:
                continue
            best: tuple[Graph, Path] | None = None
            for graph in graphs:
                index = shows.first(graph)
                if index is not None and (best is None
                                          or len(graph.path_to(index)) < len(best[1])):
                    best = (graph, graph.path_to(index))
            return best
        return None


def _asked(pair: Pair, first: NodeQuery, second: NodeQuery,
           printed: tuple[Row, bool] | None) -> Callable[[int, int], bool]:
    """Whether node 1 and node 2 show the two nodes asked for; where those are a row as the
    document prints it, whether they show the row as the spec reads it (the same way round)."""
    if printed is not None:
        row, swapped = printed
        if swapped:
            return lambda n1, n2: row_read(pair, n2, n1, row)
        return lambda n1, n2: row_read(pair, n1, n2, row)
    return lambda n1, n2: first.shown_by(pair.view(n1)) and second.shown_by(pair.view(n2))


class _Shows:
    """Whether a joint state's two nodes show what is asked (memoised per pair of nodes)."""

    def __init__(self, nodes_show: Callable[[int, int], bool]) -> None:
        self.nodes_show = nodes_show
        self.known: dict[tuple[int, int], bool] = {}

    def first(self, graph: Graph) -> int | None:
        """The first state of ``graph`` (breadth-first) whose nodes show what is asked."""
        control, controls = graph.controls()
        answers: dict[int, bool] = {}
        # A block at a time: the state is most often among the first.
        for begin in range(0, len(control), 1024):
            for index, triple in enumerate(control[begin:begin + 1024].tolist(), begin):
                found = answers.get(triple)
                if found is None:
                    nodes = controls[triple][:2]
                    found = self.known.get(nodes)
                    if found is None:
                        found = self.known[nodes] = self.nodes_show(*nodes)
                    answers[triple] = found
                if found:
                    return index
        return None


def _config_graph(union: Graph, position: int, config: Config) -> Graph:
    root = union.roots[position]
    return union.first_part(config) if root == 0 else union.rooted(root, config)


def _recovery(graph: Graph, start: int) -> Path | None:
    """The way from ``start`` to Normal / Normal with every user at home, without faults,
    that does the least harm: the recovery table's (``recovery_ways``)."""
    ways = recovery_ways(graph, start)
    if ways.harm(start) is None:
        return None
    return [(None, start), *((graph.labels[label], state) for label, state in ways.path(start))]


def _compare(graph: Graph, path: Path, row: Row | None,
             swapped: bool) -> tuple[list[str], list[str]]:
    """A note per step of the recovery (which recommended action it is, or that it is not
    one), and the differences from the row's recommended actions. Where Table 2 writes the
    nodes the other way round, its node 1 is the pair's node 2."""
    pair = graph.pair
    actions = row.actions if row is not None and row.actions is not None else ()
    names = [_action_name(mark) for mark in action_marks(actions)]

    def node_of(step: Step) -> int | None:
        return 3 - step.node if swapped and step.node is not None else step.node

    def applies(step: Step, state: int) -> bool:
        n1, n2, ha, users = graph.states[state]
        return condition_holds(pair, (n2, n1, ha, users) if swapped else (n1, n2, ha, users),
                               step.condition)

    def is_action(label: Label, number: int) -> bool:
        return number < len(actions) and label.event == actions[number].event and (
            label.node == node_of(actions[number]))

    notes = ["here"]
    differences: list[str] = []
    taken = 0
    for (label, _), (_, before) in zip(path[1:], path, strict=False):
        assert label is not None
        if pair.event_kind(label.event) not in ACTIONS:
            notes.append("by itself")
            continue
        # An action whose condition does not hold here is one the document would skip too.
        while taken < len(actions) and not is_action(label, taken) and not applies(
                actions[taken], before):
            taken += 1
        if is_action(label, taken):
            notes.append(names[taken])
            taken += 1
            continue
        notes.append("not a recommended action")
        what = step_words(label.event, label.node)
        differences.append(f"{what} is not among the row's recommended actions" if actions
                           else f"{what}: Table 2 gives no action for this row")
    for number in range(taken, len(actions)):
        step = actions[number]
        if applies(step, path[-1][1]):
            differences.append(f"{names[number]} "
                               f"({step_words(step.event, node_of(step))}) is not needed")
    return notes, differences


def _action_name(mark: str) -> str:
    """``recommended action 1`` (the document's), ``added step a`` (prg's)."""
    words = action_words(mark)
    return f"recommended {words}" if mark.isdigit() else words


def _side_distance(side: RowSide, query: NodeQuery) -> int:
    """How far a row's side is from what a node shows: 0 the same, 1 the state only, 2 not."""
    if query_shows(query, side):
        return 0
    return 1 if query.state is not None and query.state in (side.states or ()) else 2


def _distances(spec: Spec, first: NodeQuery, second: NodeQuery) -> list[tuple[int, bool, Row]]:
    """Per row, how far the pair is from it (as the spec reads it or as the document prints
    it, whichever is nearer) and whether it is nearer the other way round."""
    result = []
    for row in spec.rows:
        written = min(_side_distance(one, first) + _side_distance(other, second)
                      for one, other in row.shown_as)
        turned = min(_side_distance(one, second) + _side_distance(other, first)
                     for one, other in row.shown_as)
        result.append((min(written, turned), turned < written, row))
    return result


def _documented_row(spec: Spec, first: NodeQuery, second: NodeQuery) -> tuple[Row | None, bool]:
    """The row that lists the pair (either orientation), whether or not it is reachable."""
    for distance, swapped, row in _distances(spec, first, second):
        if distance == 0:
            return row, swapped
    return None, False


def _nearest_rows(spec: Spec, first: NodeQuery, second: NodeQuery, count: int = 3) -> list[Row]:
    ranked = sorted(_distances(spec, first, second), key=lambda found: found[0])
    return [row for distance, _, row in ranked[:count] if distance < 4]


# -- output --------------------------------------------------------------------------------------


def to_json(result: Explanation) -> dict[str, Any]:
    """``{"row", "reachable", "cause", "recommended_actions", "witness", "recovery"}`` and
    what the text says besides."""
    row = result.row
    return {
        "node1": _query_json(result.node1),
        "node2": _query_json(result.node2),
        "row": row.id if row else None,
        "row_nodes_swapped": result.swapped,
        "as_printed": result.printed,
        "printed": _pair_json(row, _written) if row and row.also_printed else None,
        "read_as": _pair_json(row, _read) if row and row.also_printed else None,
        "decision": row.at.decision if row else None,
        "reachable": result.reachable,
        "cause": oriented(row.cause, result.swapped) if row else None,
        "recommended_actions": [oriented(text, result.swapped)
                                for text in row.document_actions] if row else [],
        "added_steps": [added_json(step)
                        for step in added_steps(row.actions or (), result.swapped)]
        if row else [],
        "extension": result.extension.why if result.extension else None,
        "config": result.config,
        "fault_budget": result.fault_budget,
        "witness": trace_json_or_none(result.witness),
        "recovery": trace_json_or_none(result.recovery),
        "recovery_notes": result.recovery_notes,
        "differences": result.differences,
        "recommended_actions_recover": result.documented_recover,
        "nearest_rows": [r.id for r in result.nearest],
        "also_rows": [r.id for r in result.also],
    }


def _query_json(query: NodeQuery) -> dict[str, Any]:
    return {"state": query.state, "reason": query.reason}


def _pair_json(row: Row, words: Callable[[RowSide], str]) -> dict[str, str]:
    return {"node1": words(row.node1), "node2": words(row.node2)}


def _row_sides(row: Row, words: Callable[[RowSide], str] | None = None) -> str:
    say = words or _written
    return f"node 1 {say(row.node1)}  |  node 2 {say(row.node2)}"


def _row_lines(row: Row, printed: bool) -> list[str]:
    """The row as the document prints it; where the spec reads it otherwise, the row as it
    was asked about, the other reading and why."""
    if row.also_printed is None:
        return [f"Table 2, row {row.id}:", f"  node 1: {_written(row.node1)}",
                f"  node 2: {_written(row.node2)}"]
    shown, other = (_written, _read) if printed else (_read, _written)
    heading = "as printed in the document" if printed else "as the model reads it"
    lines = [f"Table 2, row {row.id}, {heading}:", f"  node 1: {shown(row.node1)}",
             f"  node 2: {shown(row.node2)}"]
    if printed:
        lines += _wrap(f"The model reads it as {_row_sides(row, other)}, and shows that pair "
                       "below:", "  ")
    else:
        lines += _wrap(f"The document prints it as {_row_sides(row, other)}:", "  ")
    return lines + _wrap(row.at.decision or "", "    ")


def _written(side: RowSide) -> str:
    """One side of a row in the document's words."""
    return side.as_written or _read(side)


def _read(side: RowSide) -> str:
    """One side of a row as the spec reads it."""
    return "(down)" if side.states is None else states_words(side)


def _wrap(text: str, indent: str, width: int = 96) -> list[str]:
    lines: list[str] = []
    current = indent
    for word in text.split():
        if len(current) + len(word) + 1 > width and current.strip():
            lines.append(current.rstrip())
            current = indent
        current += word + " "
    if current.strip():
        lines.append(current.rstrip())
    return lines


def to_text(result: Explanation) -> str:
    """The answer for a UC engineer: the row, how the pair gets there, how to get back."""
    lines = [f"node 1: {result.node1}", f"node 2: {result.node2}", ""]
    row = result.row
    if row is not None:
        lines += _row_lines(row, result.printed)
        if result.swapped:
            lines.append("  (Table 2 writes the nodes the other way round: its node 1 is your "
                         "node 2. Below, its words name each node as it is here.)")
        lines.append("  Cause:")
        lines += _wrap(oriented(row.cause, result.swapped), "    ")
        if row.document_actions:
            lines.append("  Recommended actions (as the document writes them):")
            for number, text in enumerate(row.document_actions, 1):
                lines += _numbered(str(number), oriented(text, result.swapped))
        else:
            lines.append("  Recommended actions: none (Table 2 gives none for this row)")
        lines += _added_lines(row, result.swapped)
    elif result.extension is not None:
        lines.append("Not in Table 2; the spec lists it as a pair the admin page can show:")
        lines += _wrap(result.extension.why, "  ")
    elif result.reachable:
        lines.append("Not in Table 2, and not among the pairs the spec accepts beside it.")
    else:
        lines.append("Not in Table 2.")
    if result.also:
        lines.append("With other reasons, Table 2 also lists these states in rows "
                     + ", ".join(str(r.id) for r in result.also) + ".")
    lines.append("")
    if not result.reachable:
        what = f"row {row.id} as it reads it" if row is not None and result.printed else (
            "this pair")
        lines.append(f"The model never shows {what} (fault budget {result.fault_budget}, every "
                     "configuration).")
        if result.nearest:
            lines.append("Nearest documented rows:")
            lines += [f"  row {r.id}: {_row_sides(r)}" for r in result.nearest]
        return "\n".join(lines)
    config = config_words(result.config or {})
    assert result.witness is not None
    if result.recovery is not None:
        lines.append("What to do, by the model: " + _to_do(result))
        lines.append("")
    subject = "the row as the model reads it" if result.printed else "the pair"
    lines.append(f"How {subject} gets there (the shortest trace from Normal / Normal: "
                 f"{events(len(result.witness) - 1)}; configuration {config}):")
    lines.append(trace_text(result.witness))
    lines.append("")
    if result.recovery is None:
        lines.append("No way back to Normal / Normal from here without another fault.")
        return "\n".join(lines)
    actions = sum(note not in ("here", "by itself") for note in result.recovery_notes)
    lines.append(f"The way back to Normal / Normal with every user at home ({actions} "
                 f"administrator action{'s' if actions != 1 else ''} or repair"
                 f"{'s' if actions != 1 else ''}, {counted(len(result.recovery) - 1, 'step')}):")
    lines.append(trace_text(result.recovery, notes=result.recovery_notes))
    if row is not None and row.actions:
        lines.append("")
        taken = "Table 2's recommended actions" + (
            " with the steps prg adds" if added_steps(row.actions) else "")
        if result.documented_recover is True:
            lines.append(f"{taken}, taken from here, bring the pair back to Normal / Normal.")
        elif result.documented_recover is False:
            lines.append(f"{taken} do NOT recover from here: {result.documented_problem}")
    if result.differences:
        lines.append("Where the way back differs from Table 2:")
        lines += [f"  - {difference}" for difference in result.differences]
    elif row is not None and row.actions:
        lines.append("The way back is the recommended actions" + (
            ", with the steps prg adds." if added_steps(row.actions) else "."))
    return "\n".join(lines)


def _to_do(result: Explanation) -> str:
    """The administrator actions and repairs of the recovery, in order."""
    assert result.recovery is not None
    steps = [
        step_words(str(entry.event), entry.node)
        for entry, note in zip(result.recovery, result.recovery_notes, strict=True)
        if note not in ("here", "by itself")
    ]
    if not steps:
        return "nothing; the pair gets back to Normal / Normal by itself."
    return "; then ".join(steps) + " (the pair does the rest by itself)."


def _added_lines(row: Row, swapped: bool) -> list[str]:
    """The steps prg adds to the row's recommended actions, each with where it is taken and
    why."""
    added = added_steps(row.actions or (), swapped)
    if not added:
        return []
    lines = ["  Steps prg adds (not in the document):"]
    for step in added:
        where = f"before action {step.before}" if step.before else "after the last action"
        lines += _numbered(step.mark, f"{step.text} ({where})")
        lines += _wrap(f"Why: {step.why}", "       ")
    return lines


def _numbered(mark: str, text: str) -> list[str]:
    wrapped = _wrap(text, "       ")
    if not wrapped:
        return []
    return [f"    {mark}. {wrapped[0].strip()}", *wrapped[1:]]

