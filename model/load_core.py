"""The loader's vocabulary: a problem at a line (``Invalid``), the readers every section uses
(text, a name out of a list, a mapping, a list), and the table's types (``Field``, ``Section``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NoReturn

from .guards import cluster_node_domains, condition_domains, node_domains
from .names import did_you_mean
from .spec import Event, Fact, Option, Parameter, Row, State, Value
from .yaml_lines import LDict, LList


class Invalid(Exception):
    """A spec that does not validate, at ``line`` and ``field``; the caller names the file."""

    def __init__(self, line: int | None, field: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.message = message


def fail(line: int | None, field: str, message: str) -> NoReturn:
    """Stop reading: ``field`` at ``line`` is wrong, as ``message`` says."""
    raise Invalid(line, field, message)


def kind(value: Any) -> str:
    """What ``value`` is, in the words of an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def unknown(what: str, value: Any, known: Sequence[Any]) -> str:
    """The message for ``value`` that is none of the ``known`` names of a ``what``."""
    if isinstance(value, list | dict):  # never shown whole: an alias may repeat it vastly
        return f"expected a {what}, got {kind(value)}"
    hint = did_you_mean(str(value), [str(k) for k in known])
    return f"unknown {what} {value!r}{hint}"


def mapping(value: Any, line: int, field: str) -> LDict:
    """``value``, which must be a mapping."""
    if not isinstance(value, LDict):
        fail(line, field, f"expected a mapping, got {kind(value)}")
    return value


def sequence(value: Any, line: int, field: str) -> LList:
    """``value``, which must be a list."""
    if not isinstance(value, LList):
        fail(line, field, f"expected a list, got {kind(value)}")
    return value


def text_of(item: LDict, key: str, field: str, *, required: bool = True) -> str:
    """The text at ``key`` of ``item``, stripped; "" when it is absent and not required."""
    if key not in item:
        if required:
            fail(item.line, f"{field}.{key}", "missing")
        return ""
    value = item[key]
    if not isinstance(value, str) or not value.strip():
        fail(item.lines[key], f"{field}.{key}", f"expected text, got {kind(value)}")
    return value.strip()


def keys(item: LDict, field: str, allowed: Iterable[str]) -> None:
    """Refuse a key of ``item`` that is not ``allowed``."""
    allowed_keys = tuple(allowed)
    for key in item:
        if key not in allowed_keys:
            fail(item.lines[key], f"{field}.{key}", unknown("key", key, allowed_keys))


def one_of(value: Any, line: int, field: str, known: Sequence[str], what: str) -> str:
    """``value``, which must be one of the ``known`` names of a ``what``."""
    if not isinstance(value, str) or value not in known:
        fail(line, field, unknown(what, value, known))
    return value


def some_of(value: Any, line: int, field: str, known: Sequence[str], what: str) -> tuple[str, ...]:
    """``value``, one name or a non-empty list of names, each one of the ``known``."""
    values = value if isinstance(value, list) else [value]
    if not values:
        fail(line, field, f"empty list of {what}s")
    return tuple(one_of(v, line, field, known, what) for v in values)


def items(document: LDict, key: str) -> list[tuple[LDict, str]]:
    """The entries of the list section ``key``, each a mapping, with its field name."""
    if key not in document:
        fail(document.line, key, "missing section")
    entries = sequence(document[key], document.lines[key], key)
    result = []
    for index, (item, line) in enumerate(zip(entries, entries.lines, strict=True)):
        name = f"{key}[{index}]"
        result.append((mapping(item, line, name), name))
    return result


def number(digits: str, line: int, where: str) -> int:
    """A count or constant written with ``digits`` (0-9), at most a billion."""
    if len(digits.lstrip("0")) > 9:
        fail(line, where, f"{digits[:12]}... is too large (at most 999999999)")
    return int(digits)


class Known:
    """The spec's sections read so far, and the names later sections may refer to."""

    def __init__(self, sections: dict[str, Any]) -> None:
        self.sections = sections

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The parameters section."""
        result: tuple[Parameter, ...] = self.sections["parameters"]
        return result

    @property
    def numeric_parameters(self) -> list[str]:
        """The keys of the parameters that are numbers, not true/false."""
        return [p.key for p in self.parameters if not isinstance(p.default, bool)]

    @property
    def options(self) -> tuple[Option, ...]:
        """The options section."""
        result: tuple[Option, ...] = self.sections["options"]
        return result

    @property
    def boolean_options(self) -> list[str]:
        """The keys of the options that are true or false."""
        return [o.key for o in self.options if set(o.values) == {True, False}]

    @property
    def fact_values(self) -> dict[str, tuple[str, ...]]:
        """Each fact's values, by its name."""
        facts: tuple[Fact, ...] = self.sections["facts"]
        return {f.name: f.values for f in facts}

    @property
    def state_names(self) -> list[str]:
        """The states' names."""
        states: tuple[State, ...] = self.sections["states"]
        return [s.name for s in states]

    @property
    def reason_names(self) -> list[str]:
        """The reasons' names."""
        return [r.name for r in self.sections["reasons"]]

    @property
    def events(self) -> dict[str, Event]:
        """The events, by name."""
        return {e.name: e for e in self.sections["events"]}

    def event_names(self, *kinds: str) -> list[str]:
        """The names of the events (of one of ``kinds``, when given)."""
        return [name for name, e in self.events.items() if not kinds or e.kind in kinds]

    @property
    def row_count(self) -> int:
        """How many rows Table 2 has."""
        rows: tuple[Row, ...] = self.sections["rows"]
        return len(rows)

    @cached_property  # asked for by every rule: the sections it is made of are read by then
    def domains(self) -> dict[str, frozenset[Value]]:
        """What a rule's guard may read, with its values."""
        options = {o.key: o.values for o in self.options}
        return node_domains(self.state_names, self.reason_names, self.fact_values, options)

    @cached_property
    def conditions(self) -> dict[str, frozenset[Value]]:
        """What a recommended action's condition may read, with its values."""
        return condition_domains(self.state_names, self.reason_names, self.fact_values)

    @cached_property
    def cluster_conditions(self) -> dict[str, frozenset[Value]]:
        """What a cluster rule's condition may read of a node, with its values."""
        return cluster_node_domains(self.state_names, self.reason_names, self.fact_values)


@dataclass
class Reading:
    """One mapping being read: its entries, its field name, what is read of it so far
    (``values``, by key), its index in its list, and the spec around it (``known``)."""

    item: LDict
    field: str
    known: Known
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    index: int = 0

    def value(self, key: str) -> Any:
        """The raw value at ``key``, None when absent."""
        return self.item.get(key)

    def line(self, key: str) -> int:
        """The line of ``key``, the mapping's own when absent."""
        return self.item.lines.get(key, self.item.line)

    def where(self, key: str) -> str:
        """The field name of ``key``."""
        return f"{self.field}.{key}"


#: Reads the value at a key of a mapping (``Reading``, key) into what the IR holds.
Kind = Callable[[Reading, str], Any]
#: Builds a section's IR item from its line and the values of its fields (by ``Field.into``).
Make = Callable[[int, Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Field:
    """One key of a section. ``required``: ``kind`` reads it even when absent and says what
    its absence means (most say "missing"); else an absent key is ``default`` (or a new
    ``default_factory()``), unread. ``into`` names the IR's attribute (the key's own name when
    None); a tuple of names unpacks a value read into several."""

    key: str
    kind: Kind
    required: bool = True
    default: Any = None
    default_factory: Callable[[], Any] | None = None
    into: str | tuple[str, ...] | None = None


@dataclass(frozen=True)
class Section:
    """A mapping of the spec (or one entry of a list of them): its name (where the checks
    that run after its fields find it, ``rules`` for ``rules.send``), its fields in the
    order they are read, what makes its IR item (None for the spec itself, which
    ``load_spec_text`` makes with the file's name) and the attribute no two items may share."""

    name: str
    fields: tuple[Field, ...]
    make: Make | None = None
    unique: tuple[str, str] | None = None  # (attribute, what it is called in the message)
