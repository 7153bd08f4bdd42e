"""The spec's sections and their fields, as a table: for each key, how it is read (its kind),
whether it is required, its default and the IR attribute it fills. ``SPEC`` is the whole
document; ``read_fields`` (``prg.model.load_sections``) reads any of them.

Fields are listed in the order they are read, which is the order their problems are reported
in: a later field may depend on an earlier one (an option's default is one of its values).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .load_core import (
    Field,
    Kind,
    Known,
    Make,
    Reading,
    Section,
    fail,
    mapping,
    one_of,
    sequence,
    text_of,
)
from .load_kinds import (
    anything,
    bound,
    fact_changes,
    fact_values,
    fault_count,
    flag,
    given,
    guard,
    inequality,
    moves,
    name_in,
    names_in,
    option_default,
    option_values,
    parameter_default,
    pattern,
    row_number,
    row_side,
    rule_reason,
    sources,
    spellings,
    text,
    user_groups,
)
from .load_sections import listed, mapped, read_item
from .spec import (
    CLUSTER_NODES,
    DISCONNECTS,
    EVENT_KINDS,
    LOGS_IN_TO,
    SERVED_AGAIN,
    STATE_CLASSES,
    TIMER_STARTS,
    ActionsAlsoFrom,
    CauseStep,
    Claim,
    ClusterRule,
    Constraint,
    Decision,
    Event,
    Extension,
    Fact,
    FailureTiming,
    Finding,
    Guard,
    Ignored,
    Initial,
    Located,
    Option,
    Parameter,
    Printed,
    Reason,
    Row,
    RowSide,
    Rule,
    State,
    Step,
    StepPattern,
    Timing,
)
from .words import value_words
from .yaml_lines import LDict, LList


def _cited(make: Callable[..., Any]) -> Make:
    """Makes an IR item of its fields, with ``at``: its line, ``source`` and ``decision``."""

    def make_cited(line: int, values: Mapping[str, Any]) -> Any:
        fields = {k: v for k, v in values.items() if k not in ("source", "decision")}
        return make(**fields, at=Located(line, values["source"], values["decision"]))

    return make_cited


def _plain(make: Callable[..., Any]) -> Make:
    """Makes an IR item of its fields alone."""
    return lambda line, values: make(**values)


#: Where the document says it, and the reading the spec chose where it is silent.
_CITED = (Field("source", text), Field("decision", text, required=False))


def _states(at: Reading) -> list[str]:
    return at.known.state_names


def _reasons(at: Reading) -> list[str]:
    return at.known.reason_names


def _events(at: Reading) -> list[str]:
    return at.known.event_names()


def _numeric_parameters(at: Reading) -> list[str]:
    return at.known.numeric_parameters


def _boolean_options(at: Reading) -> list[str]:
    return at.known.boolean_options


def _this_facts_values(at: Reading) -> list[str]:
    return list(at.values["values"])


def _node_domains(known: Known) -> Mapping[str, Any]:
    return known.domains


def _conditions(known: Known) -> Mapping[str, Any]:
    return known.conditions


def _initial_users(at: Reading, key: str) -> dict[str, tuple[int, int]]:
    """Users per node, for each user assignment mode (one entry when no option sets it)."""
    where = at.where(key)
    raw = mapping(at.value(key), at.line(key), where)
    modes = [str(m) for m in next((o.values for o in at.known.options if o.sets == "users"), ())]
    if not modes and len(raw) != 1:
        fail(raw.line, where, "no option sets the user assignment mode: expected one entry, "
             f"got {len(raw)}")
    users: dict[str, tuple[int, int]] = {}
    for mode, counts in raw.items():
        line = raw.lines[mode]
        if modes:
            one_of(mode, line, f"{where}.{mode}", modes, "user assignment mode")
        if (
            not isinstance(counts, list)
            or len(counts) != 2
            or not all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 9
                       for c in counts)
        ):
            fail(line, f"{where}.{mode}", "expected [users of node 1, users of node 2], each 0..9")
        users[mode] = (counts[0], counts[1])
    for mode in modes:
        if mode not in users:
            fail(raw.line, where, f"no users for mode {mode!r}")
    return users


def _action_event(at: Reading, key: str) -> str:
    if key not in at.item:
        fail(at.item.line, at.where(key), "an action must name an event")
    return one_of(at.item[key], at.item.lines[key], at.where(key), at.known.event_names(),
                  "event")


def _failure_rows(at: Reading, key: str) -> tuple[int, ...]:
    raw, count = at.value(key), at.known.row_count
    written = raw if isinstance(raw, list) else [raw]
    rows = [r for r in written
            if isinstance(r, int) and not isinstance(r, bool) and 1 <= r <= count]
    if not rows or len(rows) != len(written):
        fail(at.line(key), at.where(key), f"expected Table 2 row numbers 1..{count}")
    return tuple(rows)


def _failure_start(at: Reading, key: str) -> str:
    """What starts the failure; a fault's or an action's own words when one is named."""
    named = at.values["fault"] or at.values["action"]
    return text_of(at.item, key, at.field, required=named is None) or f"{named} on node 1"


def _timer_only(read: Kind, *, required: bool) -> Kind:
    """``read`` where the failure waits for a timer; without a timer the key is refused."""

    def read_timer_only(at: Reading, key: str) -> Any:
        if at.values["timer"] is None:
            if key in at.item:
                fail(at.item.lines[key], at.where(key), "only a timer has one")
            return None
        if not required and key not in at.item:
            return None
        return read(at, key)

    return read_timer_only


def _resumes_as(at: Reading, key: str) -> tuple[tuple[str, str], ...]:
    """``reason: state`` pairs; the states are checked once every state is read."""
    raw = mapping(at.item[key], at.item.lines[key], at.where(key))
    found = []
    for reason, state in raw.items():
        where = f"{at.where(key)}.{reason}"
        if not isinstance(state, str):
            fail(raw.lines[reason], where, "expected a state's name")
        found.append((str(reason), state))
    return tuple(found)


PARAMETER = Section("parameters", (
    Field("key", text),
    Field("default", parameter_default),
    Field("minimum", bound, required=False),
    Field("maximum", bound, required=False),
    Field("name", text),
    Field("unit", text, required=False, default=""),
    Field("per_node", flag, required=False, default=False),
    Field("range", name_in(("documented", "assumed"), "range"), required=False,
          default="documented", into="range_assumed"),
    *_CITED,
), lambda line, values: _cited(Parameter)(
    line, {**values, "range_assumed": values["range_assumed"] == "assumed"}),
    unique=("key", "parameter"))

OPTION = Section("options", (
    Field("values", option_values),
    Field("default", option_default),
    Field("explore", flag, required=False, default=True),
    Field("sets", name_in(("ha", "users"), "initial setting"), required=False),
    Field("key", text),
    Field("name", text),
    *_CITED,
), _cited(Option), unique=("key", "option"))

FACT = Section("facts", (
    Field("name", text),
    Field("values", fact_values),
    Field("healthy", name_in(_this_facts_values, "value")),
    Field("down_when", names_in(_this_facts_values, "value"), required=False, default=()),
    Field("fault_when", names_in(_this_facts_values, "value"), required=False, default=()),
    Field("health", flag, required=False, default=False),
    Field("unheard_when", names_in(_this_facts_values, "value"), required=False, default=()),
    Field("shared", flag, required=False, default=False),
    Field("still_serving", names_in(_this_facts_values, "value"), required=False, default=()),
    *_CITED,
), _cited(Fact), unique=("name", "fact"))

STATE = Section("states", (
    Field("class", name_in(STATE_CLASSES, "state class"), into="klass"),
    Field("serves", user_groups, required=False, default_factory=frozenset),
    Field("name", text),
    Field("spellings", spellings, required=False, default=()),
    Field("failover", flag, required=False, default=False),
    Field("resumes", flag, required=False, default=False),
    Field("implies", fact_changes, required=False, default=()),
    Field("resumes_as", _resumes_as, required=False, default=()),
    Field("description", text),
    *_CITED,
), _cited(State), unique=("name", "state"))

REASON = Section("reasons", (
    Field("name", text),
    Field("spellings", spellings, required=False, default=()),
    *_CITED,
), _cited(Reason), unique=("name", "reason"))

EVENT = Section("events", (
    Field("kind", name_in(EVENT_KINDS, "event kind")),
    Field("scope", name_in(("node", "pair"), "scope"), required=False, default="node"),
    Field("parameter", name_in(lambda at: [p.key for p in at.known.parameters], "parameter"),
          required=False),
    Field("name", text),
    Field("description", text),
    *_CITED,
), _cited(Event), unique=("name", "event"))

INITIAL = Section("initial", (
    Field("state", name_in(_states, "state")),
    Field("reason", name_in(_reasons, "reason")),
    Field("users", _initial_users),
    Field("source", anything, required=False, into=()),  # allowed; the IR keeps no citation
), _plain(Initial))

RULE = Section("rules", (
    Field("id", text),
    Field("on", name_in(_events, "event"), into="event"),
    Field("from", sources, into="sources"),
    Field("when", guard(_node_domains), required=False, default_factory=Guard, into="guard"),
    Field("to", name_in(_states, "state"), required=False, into="target_state"),
    Field("reason", rule_reason, required=False, default=(None, False),
          into=("target_reason", "reason_from_peer")),
    Field("set", fact_changes, required=False, default=(), into="facts"),
    Field("ha", flag, required=False, into="high_availability"),
    Field("send", name_in(_events, "event"), required=False),
    Field("users", moves, required=False, default=(), into="moves"),
    Field("choice", text, required=False),
    Field("needs_faults", fault_count, required=False, default=0),
    *_CITED,
), _cited(Rule), unique=("id", "rule id"))

def _added(at: Reading, key: str) -> str:
    """Why prg adds a step the document does not write."""
    if not isinstance(at.value(key), str):
        fail(at.line(key), at.where(key), "say why prg adds the step (added: <why>), or leave "
             "added out for the document's own action")
    return text(at, key)


STEP = Section("rows.actions", (
    Field("do", _action_event, into="event"),
    Field("node", anything, required=False),
    Field("if", guard(_conditions), required=False, default_factory=Guard, into="condition"),
    Field("text", text),
    Field("added", _added, required=False),
    Field("continues", flag, required=False, default=False),
), _plain(Step))


def _actions(at: Reading, key: str) -> tuple[Step, ...] | None:
    """A row's recommended actions; none written (or ``actions:`` left empty) is None."""
    if at.value(key) is None:
        return None
    raw = sequence(at.item[key], at.item.lines[key], at.where(key))
    steps: list[Step] = []
    for index, (step, line) in enumerate(zip(raw, raw.lines, strict=True)):
        where = f"{at.where(key)}[{index}]"
        item = mapping(step, line, where)
        read = read_item(item, where, STEP, at.known)
        if read.continues:
            line = item.lines["continues"]
        if read.continues and not steps:
            fail(line, f"{where}.continues", "the first step starts an action: it continues none")
        if read.continues and (steps[-1].added is None) != (read.added is None):
            fail(line, f"{where}.continues", "a step continues an action of its own kind: "
                 "the document's, or one prg adds")
        steps.append(read)
    return tuple(steps)


CAUSE_STEP = Section("rows.caused_by", (
    Field("do", _action_event, into="event"),
    Field("node", anything, required=False),
), _plain(CauseStep))


def _causes(at: Reading, key: str) -> tuple[tuple[CauseStep, ...], ...]:
    """A row's causes: a list of the ways the document gives, each a list of steps."""
    raw = sequence(at.item[key], at.item.lines[key], at.where(key))
    causes = []
    for index, (cause, line) in enumerate(zip(raw, raw.lines, strict=True)):
        where = f"{at.where(key)}[{index}]"
        steps = sequence(cause, line, where)
        if not steps:
            fail(line, where, "a cause has at least one step")
        causes.append(tuple(
            read_item(mapping(step, step_line, f"{where}[{number}]"), f"{where}[{number}]",
                      CAUSE_STEP, at.known)
            for number, (step, step_line) in enumerate(zip(steps, steps.lines, strict=True))))
    return tuple(causes)


ALSO_FROM = Section("rows.actions_also_from", (
    Field("node1", pattern),
    Field("node2", pattern),
    Field("if", guard(_conditions), required=False, default_factory=Guard, into="condition"),
    Field("why", text),
), _plain(ActionsAlsoFrom))


def _also_from(at: Reading, key: str) -> tuple[ActionsAlsoFrom, ...]:
    """The pairs a row's actions are also taken from, each with the words that say so."""
    raw = sequence(at.item[key], at.item.lines[key], at.where(key))
    return tuple(
        read_item(mapping(item, line, f"{at.where(key)}[{index}]"), f"{at.where(key)}[{index}]",
                  ALSO_FROM, at.known)
        for index, (item, line) in enumerate(zip(raw, raw.lines, strict=True)))


def _printed_side(at: Reading, key: str) -> RowSide:
    """One node of a row as the document prints it, written as a row's side; the document's
    words are the row's own ``as_written``."""
    side = mapping(at.value(key), at.line(key), at.where(key))
    if "as_written" in side:
        fail(side.lines["as_written"], f"{at.where(key)}.as_written",
             f"the printed words are the row's {key}.as_written")
    return row_side(at, key)


PRINTED = Section("rows.also_printed", (
    Field("node1", _printed_side),
    Field("node2", _printed_side),
), _plain(Printed))


def _also_printed(at: Reading, key: str) -> Printed:
    """The row as the document prints it, where the spec reads it otherwise."""
    where = at.where(key)
    printed: Printed = read_item(mapping(at.item[key], at.item.lines[key], where), where,
                                 PRINTED, at.known)
    return printed


ROW = Section("rows", (
    Field("id", row_number),
    Field("node1", row_side),
    Field("node2", row_side),
    Field("also_printed", _also_printed, required=False),
    Field("actions", _actions, required=False),
    Field("assumes", guard(_conditions), required=False, default_factory=Guard),
    Field("caused_by", _causes, required=False, default=(), into="causes"),
    Field("actions_also_from", _also_from, required=False, default=()),
    Field("cause", text),
    *_CITED,
), _cited(Row))

EXTENSION = Section("extensions", (
    Field("node1", pattern),
    Field("node2", pattern),
    Field("why", text),
    *_CITED,
), _cited(Extension))

DECISION = Section("decisions", (
    Field("what", text),
    Field("why", text),
    Field("source", text),
), lambda line, values: Decision(**values, line=line))

IGNORED = Section("ignored", (
    Field("on", given(names_in(_events, "event")), into="events"),
    Field("from", given(sources), into="sources"),
    Field("when", guard(_node_domains), required=False, default_factory=Guard, into="guard"),
    Field("why", text),
    *_CITED,
), _cited(Ignored))

def _option_domains(known: Known) -> Mapping[str, Any]:
    """The options a finding's configurations and a constraint's conditions are named by:
    every option, explored or fixed at its default (a finding on a fixed value applies where
    the default is that value)."""
    return {o.key: frozenset(o.values) for o in known.options}


def _requirement(at: Reading, key: str) -> tuple[str, tuple[tuple[str, int], ...], int, str,
                                                  Guard]:
    """What a constraint requires: an inequality between parameters, or (a mapping) values of
    options, as a guard."""
    if not isinstance(at.item.get(key), LDict):
        return (*inequality(at, key), Guard())
    options = guard(_option_domains)(at, key)
    written = ", ".join(f"{name} = {' or '.join(value_words(v) for v in sorted(allowed, key=str))}"
                        for name, allowed in options.atoms)
    return written, (), 0, "==", options


CONSTRAINT = Section("constraints", (
    Field("name", text),
    Field("when", guard(_option_domains), required=False, default_factory=Guard),
    Field("require", _requirement, into=("text", "terms", "constant", "comparison",
                                         "options")),
    *_CITED,
), _cited(Constraint), unique=("name", "constraint"))

SLOWDOWN = Section("timing.slowdown", (
    Field("option", name_in(_boolean_options, "true/false option")),
    Field("factor", name_in(_numeric_parameters, "parameter")),
), lambda line, values: (values["option"], values["factor"]))

FAILURE = Section("timing.failures", (
    Field("rows", _failure_rows),
    Field("fault", name_in(lambda at: at.known.event_names("fault"), "fault event"),
          required=False),
    Field("action", name_in(lambda at: at.known.event_names("admin"), "administrator's action"),
          required=False),
    Field("start", _failure_start),
    Field("timer", name_in(lambda at: at.known.event_names("timer"), "timer event"),
          required=False),
    Field("timer_from", _timer_only(name_in(TIMER_STARTS, "timer from"), required=True)),
    Field("option", _timer_only(name_in(_boolean_options, "true/false option"),
                                required=False)),
    Field("disconnected", name_in(DISCONNECTS, "disconnected")),
    Field("served_again", name_in(SERVED_AGAIN, "served again")),
    Field("logs_in_to", name_in(LOGS_IN_TO, "node logged in to"), required=False,
          default="backup"),
    Field("slowed", flag, required=False, default=True),
    *_CITED,
), _cited(FailureTiming))

STEP_PATTERN = Section("claims.step", (
    Field("event", names_in(_events, "event"), required=False, into="events"),
    Field("enters", names_in(_states, "state"), required=False, into="enters"),
    Field("reason", names_in(_reasons, "reason"), required=False, into="reasons"),
), lambda line, values: StepPattern(
    **{key: frozenset(value) if value is not None else None for key, value in values.items()}))


class _ListReading(Reading):
    """The entries of a list read as a mapping from their index: ``field[index]``."""

    def where(self, key: str) -> str:
        return f"{self.field}[{key}]"


def _alternatives(domains: Callable[[Known], Mapping[str, Any]]) -> Kind:
    """One guard over ``domains``, or a list of guards of which one must hold
    (``key[index]``)."""
    read = guard(domains)

    def read_alternatives(at: Reading, key: str) -> tuple[Guard, ...]:
        raw = at.item[key]
        if not isinstance(raw, LList):
            return (read(at, key),)
        if not raw:
            fail(at.line(key), at.where(key), "empty list of guards")
        found = []
        for index, alternative in enumerate(raw):
            holder = LDict({str(index): alternative})
            holder.line, holder.lines = raw.lines[index], {str(index): raw.lines[index]}
            found.append(read(_ListReading(holder, at.where(key), at.known), str(index)))
        return tuple(found)

    return read_alternatives


_guards = _alternatives(_node_domains)


CLAIM = Section("claims", (
    Field("id", text),
    Field("says", text),
    Field("step", mapped(STEP_PATTERN)),
    Field("only_when", _guards, required=False, default=()),
    Field("after", mapped(STEP_PATTERN), required=False),
    Field("until", listed(STEP_PATTERN), required=False, default=()),
    *_CITED,
), _cited(Claim), unique=("id", "claim"))

def _cluster_conditions(known: Known) -> Mapping[str, Any]:
    return known.cluster_conditions


CLUSTER_RULE = Section("cluster", (
    Field("id", text),
    Field("says", text),
    Field("refuses", names_in(_events, "event")),
    Field("of", name_in(CLUSTER_NODES, "node of the cluster")),
    Field("while", _alternatives(_cluster_conditions), into="when"),
    *_CITED,
), _cited(ClusterRule), unique=("id", "cluster rule"))

FINDING = Section("findings", (
    Field("id", text),
    Field("property", text),
    Field("fault_budget", fault_count),
    Field("config", guard(_option_domains), required=False, default_factory=Guard),
    Field("faults", names_in(lambda at: at.known.event_names("fault"), "fault event"),
          required=False, default=()),
    Field("rows", _failure_rows, required=False, default=()),
    Field("claims", names_in(lambda at: [c.id for c in at.known.sections["claims"]], "claim"),
          required=False, default=()),
    Field("why", text),
    *_CITED,
), _cited(Finding), unique=("id", "finding"))

TIMING = Section("timing", (
    Field("heartbeat_interval", name_in(_numeric_parameters, "parameter")),
    Field("relogin_lower", name_in(_numeric_parameters, "parameter")),
    Field("relogin_upper", name_in(_numeric_parameters, "parameter")),
    Field("slowdown", mapped(SLOWDOWN), required=False, default=(None, None),
          into=("slowdown_option", "slowdown_factor")),
    Field("failover", name_in(_boolean_options, "true/false option"), required=False,
          into="failover_option"),
    Field("dual_connection", name_in(_boolean_options, "true/false option"), required=False,
          into="dual_connection_option"),
    # The list and its entries are named as a section of their own ("failures[0]"), their
    # fields under timing ("timing.failures[0].rows").
    Field("failures", listed(FAILURE, prefix="timing.")),
    *_CITED,
), _cited(Timing))

SPEC = Section("spec", (
    Field("parameters", listed(PARAMETER)),
    Field("options", listed(OPTION)),
    Field("facts", listed(FACT)),
    Field("states", listed(STATE)),
    Field("reasons", listed(REASON)),
    Field("events", listed(EVENT)),
    Field("initial", mapped(INITIAL)),
    Field("rules", listed(RULE)),
    Field("rows", listed(ROW)),
    Field("extensions", listed(EXTENSION)),
    Field("decisions", listed(DECISION)),
    Field("ignored", listed(IGNORED), required=False, default=()),
    Field("constraints", listed(CONSTRAINT), required=False, default=()),
    Field("timing", mapped(TIMING), required=False),
    Field("claims", listed(CLAIM), required=False, default=()),
    Field("findings", listed(FINDING), required=False, default=()),
    Field("cluster", listed(CLUSTER_RULE), required=False, default=()),
    Field("title", text),
    Field("document", text),
))
