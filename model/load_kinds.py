"""The kinds of field: each reads the value at one key of a mapping (a ``Reading``) into what
the IR holds, or says why it cannot. A kind that names something (a state, an event) checks the
name against what the spec has declared before it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .load_core import (
    Kind,
    Known,
    Reading,
    fail,
    keys,
    kind,
    mapping,
    one_of,
    sequence,
    some_of,
    text_of,
    unknown,
)
from .load_parsers import parse_inequality, parse_move
from .spec import ANY, DOWN, Guard, Move, Pattern, RowSide, Value
from .yaml_lines import LDict

#: The names a field may take: fixed, or found in what is read so far.
Names = Sequence[str] | Callable[[Reading], Sequence[str]]
#: The variables a guard may read, with their values.
Domains = Callable[[Known], Mapping[str, frozenset[Value]]]


def _resolve(names: Names, at: Reading) -> Sequence[str]:
    return names(at) if callable(names) else names


def text(at: Reading, key: str) -> str:
    """Text, not empty."""
    return text_of(at.item, key, at.field)


def flag(at: Reading, key: str) -> bool:
    """true or false."""
    value = at.item[key]
    if not isinstance(value, bool):
        fail(at.item.lines[key], at.where(key), "expected true or false")
    return value


def anything(at: Reading, key: str) -> Any:
    """The value as written, judged (if at all) by a check that follows."""
    return at.value(key)


def name_in(names: Names, what: str) -> Kind:
    """One of ``names``, the names of a ``what``."""
    return lambda at, key: one_of(at.value(key), at.line(key), at.where(key),
                                  _resolve(names, at), what)


def names_in(names: Names, what: str) -> Kind:
    """One or a non-empty list of ``names``."""
    return lambda at, key: some_of(at.value(key), at.line(key), at.where(key),
                                   _resolve(names, at), what)


def given(read: Kind) -> Kind:
    """``read``, once the key is there ("missing" otherwise)."""

    def read_given(at: Reading, key: str) -> Any:
        if key not in at.item:
            fail(at.item.line, at.where(key), "missing")
        return read(at, key)

    return read_given


def spellings(at: Reading, key: str) -> tuple[str, ...]:
    """A list of text."""
    value = at.value(key)
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        fail(at.line(key), at.where(key), "expected a list of text")
    return tuple(value)


def user_groups(at: Reading, key: str) -> frozenset[str]:
    """The user groups a state serves; an empty value (``[]``, ``""``) is none."""
    if not at.value(key):
        return frozenset()
    return frozenset(names_in(("own", "guests"), "user group")(at, key))


def fact_changes(at: Reading, key: str) -> tuple[tuple[str, str], ...]:
    """``fact: value`` entries."""
    facts = at.known.fact_values
    raw = mapping(at.item[key], at.item.lines[key], at.where(key))
    changes = []
    for name, value in raw.items():
        line = raw.lines[name]
        one_of(name, line, at.where(key), list(facts), "fact")
        one_of(value, line, f"{at.where(key)}.{name}", facts[name], "value")
        changes.append((name, value))
    return tuple(changes)


def guard(domains: Domains) -> Kind:
    """A conjunction of ``variable: value``, ``[values]`` or ``{not: [values]}``."""

    def read(at: Reading, key: str) -> Guard:
        known = domains(at.known)
        raw = mapping(at.item[key], at.item.lines[key], at.where(key))
        atoms = []
        for name, value in raw.items():
            line = raw.lines[name]
            where = f"{at.where(key)}.{name}"
            if name not in known:
                fail(line, where, unknown("variable", name, list(known)))
            domain = known[name]
            if isinstance(value, LDict):
                keys(value, where, ("not",))
                allowed = domain - _values(value.get("not"), line, where, domain)
            else:
                allowed = _values(value, line, where, domain)
            atoms.append((name, frozenset(allowed)))
        return Guard(tuple(atoms))

    return read


def _values(raw: Any, line: int, where: str, domain: frozenset[Value]) -> frozenset[Value]:
    values = raw if isinstance(raw, list) else [raw]
    if not values:
        fail(line, where, "empty list of values")
    for value in values:
        plain = isinstance(value, str | int | bool)  # a list or mapping cannot be hashed
        if not plain or value not in domain or isinstance(value, bool) != any(
            isinstance(d, bool) and d == value for d in domain
        ):
            shown = sorted(str(d) for d in domain)
            fail(line, where, unknown("value", value, shown))
    return frozenset(values)


def sources(at: Reading, key: str) -> frozenset[str]:
    """States a rule applies from: names, ``any``, ``down`` or ``{not: [names]}``."""
    states = at.known.state_names
    line = at.line(key)
    raw = at.value(key)
    known = [*states, DOWN, ANY]
    if isinstance(raw, LDict):
        keys(raw, at.where(key), ("not",))
        excluded = some_of(raw.get("not"), line, f"{at.where(key)}.not", known, "state")
        return frozenset(s for s in states if s not in excluded)
    names = some_of(raw, line, at.where(key), known, "state")
    if ANY in names:
        return frozenset([*states, DOWN])
    return frozenset(names)


def moves(at: Reading, key: str) -> tuple[Move, ...]:
    """A list of user moves."""
    raw = sequence(at.item[key], at.item.lines[key], at.where(key))
    return tuple(parse_move(text, line, f"{at.where(key)}[{i}]")
                 for i, (text, line) in enumerate(zip(raw, raw.lines, strict=True)))


def rule_reason(at: Reading, key: str) -> tuple[str | None, bool]:
    """A reason's name, or ``from peer``: (the reason, whether it is the peer's)."""
    if at.value(key) == "from peer":
        return None, True
    return one_of(at.value(key), at.item.lines[key], at.where(key), at.known.reason_names,
                  "reason"), False


def fault_count(at: Reading, key: str) -> int:
    """How many outstanding faults a rule needs, 0..9."""
    value = at.value(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9:
        fail(at.line(key), at.where(key), "expected a number of faults 0..9")
    return value


def parameter_default(at: Reading, key: str) -> int | bool:
    """A number, or true/false for a switch."""
    value = at.value(key)
    if not isinstance(value, int):  # true and false are ints too
        fail(at.line(key), at.where(key),
             f"expected an integer or true/false, got {kind(value)}")
    return value


def bound(at: Reading, key: str) -> int | None:
    """A number's bound: an integer (a switch has none, whatever is written)."""
    if isinstance(at.values["default"], bool):
        return None
    value = at.item[key]
    if isinstance(value, bool) or not isinstance(value, int):
        fail(at.item.lines[key], at.where(key), f"expected an integer, got {kind(value)}")
    return value


def option_values(at: Reading, key: str) -> tuple[Value, ...]:
    """A non-empty list of plain values."""
    values = sequence(at.value(key), at.line(key), at.where(key))
    if not values or not all(isinstance(v, str | int | bool) for v in values):
        fail(values.line, at.where(key), "expected a list of plain values")
    return tuple(values)


def option_default(at: Reading, key: str) -> Value:
    """One of the option's values."""
    values, written = at.values["values"], at.value(key)
    # 1 == true and 0.0 == false in Python: the default is the value equal to the one written
    # and of its type.
    default: Value | None = next(
        (v for v in values if v == written and type(v) is type(written)), None)
    if default is None:
        fail(at.line(key), at.where(key), f"{kind(written)} is not one of {list(values)}")
    return default


def fact_values(at: Reading, key: str) -> tuple[str, ...]:
    """Two or more distinct values, as text."""
    raw = sequence(at.value(key), at.line(key), at.where(key))
    values = tuple(str(v) for v in raw)
    if len(values) < 2 or len(set(values)) != len(values):
        fail(raw.line, at.where(key), "expected two or more distinct values")
    return values


def row_side(at: Reading, key: str) -> RowSide:
    """What one node of a Table 2 row shows: states and reasons, or down with its causes."""
    where = at.where(key)
    side = mapping(at.value(key), at.line(key), where)
    keys(side, where, ("state", "reason", "down", "as_written"))
    as_written = text_of(side, "as_written", where, required=False)
    if "down" in side:
        facts = list(at.known.fact_values)
        causes = some_of(side["down"], side.lines["down"], f"{where}.down", facts, "fact")
        if "state" in side or "reason" in side:
            fail(side.line, where, "a node that is down has no state or reason")
        return RowSide(None, None, causes, as_written or "down")
    states = some_of(side.get("state"), side.lines.get("state", side.line), f"{where}.state",
                     at.known.state_names, "state")
    reasons = some_of(side.get("reason"), side.lines.get("reason", side.line),
                      f"{where}.reason", at.known.reason_names, "reason")
    written = as_written or f"{' or '.join(states)} / {' or '.join(reasons)}"
    return RowSide(states, reasons, (), written)


def row_number(at: Reading, key: str) -> int:
    """The row's number, its place in Table 2."""
    row_id: int = at.value(key)
    if row_id != at.index + 1:
        fail(at.line(key), at.where(key),
             f"expected {at.index + 1} (rows are numbered in Table 2 order)")
    return row_id


def pattern(at: Reading, key: str) -> Pattern:
    """One node of an extension: ``any`` (visible state), ``{state: [...], reason: [...]}``
    or ``{down: [facts]}``, a node down by those facts alone."""
    raw = at.value(key)
    where = at.where(key)
    if raw == DOWN:
        fail(at.line(key), where, "say why the node is down, as a row does: {down: [facts]}")
    if raw == ANY:
        return Pattern(None, None, up=True, down=())
    side = mapping(raw, at.line(key), where)
    keys(side, where, ("state", "reason", "down"))
    if "down" in side:
        if "state" in side or "reason" in side:
            fail(side.line, where, "a node that is down has no state or reason")
        facts = some_of(side["down"], side.lines["down"], f"{where}.down",
                        list(at.known.fact_values), "fact")
        return Pattern(None, None, up=False, down=tuple(facts))
    states = reasons = None
    if "state" in side:
        states = frozenset(some_of(side["state"], side.lines["state"], f"{where}.state",
                                   at.known.state_names, "state"))
    if "reason" in side:
        reasons = frozenset(some_of(side["reason"], side.lines["reason"], f"{where}.reason",
                                    at.known.reason_names, "reason"))
    return Pattern(states, reasons, up=True, down=())


def inequality(at: Reading, key: str) -> tuple[str, tuple[tuple[str, int], ...], int, str]:
    """A constraint between numeric parameters: its text, terms, constant and comparison."""
    written = text_of(at.item, key, at.field)
    terms, constant, comparison = parse_inequality(
        written, at.item.lines[key], at.where(key), at.known.numeric_parameters)
    return written, terms, constant, comparison
