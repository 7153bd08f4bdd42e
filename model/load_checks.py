"""Checks that relate one field to another, or one item to the others: each says one thing.

``CHECKS`` lists them with the point each runs at: after a field of a section
(``"rules.send"``, once per rule, when the rule's fields up to ``send`` are read) or, for
``"spec.<section>"``, after that whole section. Names themselves (a rule's ``to`` is a state) are
checked as they are read, by the field's kind (``prg.model.load_kinds``).
"""

from __future__ import annotations

from collections.abc import Callable

from .guards import NODE_DERIVED
from .load_core import Reading, fail, unknown
from .spec import ANY, DOWN, Option, Printed, Row, RowSide, Rule, cause_fault

#: What a guard or an action's condition reads of a node besides its facts.
NODE_VARIABLES = frozenset(("state", "reason", "saved", "ha", "node", "normal", *NODE_DERIVED))

Check = Callable[[Reading], None]


def _check_minimum_not_above_maximum(at: Reading) -> None:
    minimum, maximum = at.values["minimum"], at.values["maximum"]
    if minimum is not None and maximum is not None and minimum > maximum:
        fail(at.item.lines["minimum"], at.where("minimum"), "exceeds maximum")


def _check_default_within_bounds(at: Reading) -> None:
    default, minimum, maximum = at.values["default"], at.values["minimum"], at.values["maximum"]
    if (minimum is not None and default < minimum) or (maximum is not None and default > maximum):
        fail(at.item.lines["default"], at.where("default"),
             f"{default} is outside the valid range {minimum}..{maximum}")


def _check_one_option_per_initial_setting(at: Reading) -> None:
    options: tuple[Option, ...] = at.values["options"]
    for role in ("ha", "users"):
        setting = [o for o in options if o.sets == role]
        if len(setting) > 1:
            fail(setting[1].at.line, "options", f"two options set the initial {role}")


def _check_fact_name_is_no_guard_variable(at: Reading) -> None:
    name = at.values["name"]
    if name in NODE_VARIABLES or "." in name:
        fail(at.item.lines["name"], at.where("name"),
             f"{name!r} names a guard variable already (a fact's name is none "
             f"of {', '.join(sorted(NODE_VARIABLES))} and has no '.')")


def _check_still_serving_is_down(at: Reading) -> None:
    """A node still serves only where a fact's value puts it down (else it serves anyway)."""
    outside = [v for v in at.values["still_serving"] if v not in at.values["down_when"]]
    if outside:
        fail(at.item.lines["still_serving"], at.where("still_serving"),
             f"{outside[0]!r} is not one of down_when: only a node that is down can still "
             "serve")


def _check_state_name_is_no_spec_word(at: Reading) -> None:
    name = at.values["name"]
    if name in (DOWN, ANY):
        fail(at.item.lines["name"], at.where("name"),
             f"{name!r} is a word of the spec's own (from: {DOWN}, from: {ANY}), "
             "not a state's name")


def _check_event_parameter_is_a_time(at: Reading) -> None:
    parameter = at.values["parameter"]
    switches = {p.key for p in at.known.parameters if isinstance(p.default, bool)}
    if parameter in switches:  # a timer or a client's wait lasts seconds
        fail(at.item.lines["parameter"], at.where("parameter"),
             f"{parameter!r} is true or false, not a time")


def _check_sent_event_is_a_message(at: Reading) -> None:
    send = at.values["send"]
    if send is not None and at.known.events[send].kind != "message":
        fail(at.item.lines["send"], at.where("send"), f"event {send!r} is not a message")


def _check_message_handlers_send_nothing(at: Reading) -> None:
    rules: tuple[Rule, ...] = at.values["rules"]
    events = at.known.events
    for rule in rules:
        if events[rule.event].kind == "message" and rule.send is not None:
            fail(rule.at.line, "send", "a rule that handles a message cannot send one")


def _check_action_is_admin_or_repair(at: Reading) -> None:
    event = at.known.events[at.values["do"]]
    if event.kind not in ("admin", "repair"):
        fail(at.item.lines["do"], at.where("do"),
             f"event {event.name!r} is a {event.kind}, not an action")


def _check_node_action_names_its_node(at: Reading) -> None:
    if at.known.events[at.values["do"]].scope == "node" and at.values["node"] not in (1, 2):
        fail(at.line("node"), at.where("node"), "expected 1 or 2")


def _check_pair_action_names_no_node(at: Reading) -> None:
    event = at.known.events[at.values["do"]]
    if event.scope == "pair" and at.values["node"] is not None:
        fail(at.item.lines["node"], at.where("node"),
             f"{event.name!r} acts on the pair, not on a node")


def _check_cause_is_no_own_event(at: Reading) -> None:
    event = at.known.events[at.values["do"]]
    if event.kind not in ("admin", "repair", "fault"):
        fail(at.item.lines["do"], at.where("do"),
             f"event {event.name!r} is a {event.kind}, one of the pair's own events: a cause "
             "is an administrator's action, a repair or a fault")


def _same_side(a: RowSide, b: RowSide) -> bool:
    return (a.states, a.reasons, frozenset(a.down_causes)) == (
        b.states, b.reasons, frozenset(b.down_causes))


def _sides_overlap(a: RowSide, b: RowSide) -> bool:
    """Whether some node shows both sides (``prg.model.table.side_matches``)."""
    if a.states is None or b.states is None:
        return a.states is None and b.states is None and bool(
            set(a.down_causes) & set(b.down_causes))
    return bool(set(a.states) & set(b.states)) and bool(
        set(a.reasons or ()) & set(b.reasons or ()))


def _check_printed_is_not_the_reading(at: Reading) -> None:
    printed: Printed | None = at.values["also_printed"]
    if printed is not None and _same_side(printed.node1, at.values["node1"]) and _same_side(
            printed.node2, at.values["node2"]):
        fail(at.line("also_printed"), at.where("also_printed"),
             "is the row as the spec reads it (node1, node2): also_printed is the pair the "
             "document prints where the spec reads it otherwise")


def _check_printed_row_says_why(at: Reading) -> None:
    if at.values["also_printed"] is not None and at.values["decision"] is None:
        fail(at.line("also_printed"), at.where("also_printed"),
             "the row's decision must say why the spec reads the row otherwise than the "
             "document prints it")


def _check_printed_pair_is_no_other_row(at: Reading) -> None:
    """A pair the document prints for one row shows no other row, node 1 first or node 2
    first: a pair that shows it shows one row."""
    rows: tuple[Row, ...] = at.values["rows"]
    for index, row in enumerate(rows):
        if row.also_printed is None:
            continue
        printed = (row.also_printed.node1, row.also_printed.node2)
        for other in rows:
            if other is not row and any(
                    _sides_overlap(printed[0], first) and _sides_overlap(printed[1], second)
                    or _sides_overlap(printed[1], first) and _sides_overlap(printed[0], second)
                    for first, second in other.shown_as):
                fail(row.at.line, f"rows[{index}].also_printed",
                     f"a pair that shows it shows row {other.id} too")


def _check_timed_failure_has_its_cause(at: Reading) -> None:
    """Each row a timing failure is about has a cause in steps, and one that ends in the
    failure's fault where it names one: the timing is checked on that cause."""
    fault = at.values["fault"]
    rows = {row.id: row for row in at.known.sections["rows"]}
    for row_id in at.values["rows"]:
        row = rows[row_id]
        if not row.causes:
            fail(at.line("rows"), at.where("rows"), f"row {row_id} has no caused_by: the timing "
                 "of a row is checked on its cause")
        kinds = {name: event.kind for name, event in at.known.events.items()}
        if fault is not None and not any(cause_fault(cause, kinds) == fault
                                         for cause in row.causes):
            fail(at.item.lines["fault"], at.where("fault"),
                 f"no cause of row {row_id} ends in the fault {fault!r}")


def _check_slowdown_cannot_speed_up(at: Reading) -> None:
    name = at.values["factor"]
    factor = next(p for p in at.known.parameters if p.key == name)
    if factor.minimum is None or factor.minimum < 1:
        fail(at.line("factor"), at.where("factor"),
             f"{name!r} may be below 1 (minimum {factor.minimum}): "
             "a slowdown multiplies times, and cannot make a failure quicker")


def _check_timer_names_a_parameter(at: Reading) -> None:
    timer = at.values["timer"]
    if timer is not None and at.known.events[timer].parameter is None:
        fail(at.item.lines["timer"], at.where("timer"), f"timer {timer!r} names no parameter")


def _check_resumes_as(at: Reading) -> None:
    """A state's ``resumes_as`` names reasons and states, from a state the SRM does not resume
    from to one it does not resume from either."""
    states = {s.name: s for s in at.known.sections["states"]}
    reasons = at.known.reason_names
    for index, state in enumerate(states.values()):
        where = f"states[{index}].resumes_as"
        if state.resumes_as and state.resumes:
            fail(state.at.line, where, f"{state.name!r} resumes itself; it cannot resume as "
                 "another state")
        for reason, target in state.resumes_as:
            if reason not in reasons:
                fail(state.at.line, f"{where}.{reason}", unknown("reason", reason, reasons))
            if target not in states:
                fail(state.at.line, f"{where}.{reason}", unknown("state", target, list(states)))
            if states[target].resumes:
                fail(state.at.line, f"{where}.{reason}",
                     f"{target!r} is a state the SRM resumes from, not one it resumes as")


CHECKS: tuple[tuple[str, Check], ...] = (
    ("parameters.maximum", _check_minimum_not_above_maximum),
    ("parameters.maximum", _check_default_within_bounds),
    ("spec.options", _check_one_option_per_initial_setting),
    ("facts.name", _check_fact_name_is_no_guard_variable),
    ("facts.still_serving", _check_still_serving_is_down),
    ("states.name", _check_state_name_is_no_spec_word),
    ("spec.reasons", _check_resumes_as),
    ("events.parameter", _check_event_parameter_is_a_time),
    ("rules.send", _check_sent_event_is_a_message),
    ("spec.rules", _check_message_handlers_send_nothing),
    ("rows.also_printed", _check_printed_is_not_the_reading),
    ("rows.decision", _check_printed_row_says_why),
    ("spec.rows", _check_printed_pair_is_no_other_row),
    ("rows.actions.do", _check_action_is_admin_or_repair),
    ("rows.actions.node", _check_node_action_names_its_node),
    ("rows.actions.node", _check_pair_action_names_no_node),
    ("rows.caused_by.do", _check_cause_is_no_own_event),
    ("rows.caused_by.node", _check_node_action_names_its_node),
    ("rows.caused_by.node", _check_pair_action_names_no_node),
    ("timing.slowdown.factor", _check_slowdown_cannot_speed_up),
    ("timing.failures.fault", _check_timed_failure_has_its_cause),
    ("timing.failures.timer", _check_timer_names_a_parameter),
)
