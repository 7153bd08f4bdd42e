"""The one validator: reads any mapping of the spec by its ``Section`` of the table, field by
field in the table's order, running the checks (``prg.model.load_checks``) that follow each."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .load_checks import CHECKS, Check
from .load_core import Kind, Known, Reading, Section, fail, items, keys, mapping
from .yaml_lines import LDict

_CHECKS_AT: dict[str, list[Check]] = defaultdict(list)
for _point, _check in CHECKS:
    _CHECKS_AT[_point].append(_check)


def read_fields(at: Reading, section: Section) -> dict[str, Any]:
    """The values of ``section``'s fields read from ``at.item``, by the IR's names."""
    keys(at.item, at.field, (f.key for f in section.fields))
    made: dict[str, Any] = {}
    for field in section.fields:
        if field.required or field.key in at.item:
            value = field.kind(at, field.key)
        elif field.default_factory is not None:  # one per item, not one object shared by all
            value = field.default_factory()
        else:
            value = field.default
        at.values[field.key] = value
        for check in _CHECKS_AT.get(f"{section.name}.{field.key}", ()):
            check(at)
        into = field.key if field.into is None else field.into
        if isinstance(into, str):
            made[into] = value
        elif into:  # () keeps the key's value nowhere
            made.update(zip(into, value, strict=True))
    return made


def read_item(item: LDict, field: str, section: Section, known: Known, index: int = 0) -> Any:
    """The IR item ``section`` makes of ``item`` (named ``field``, ``index`` in its list)."""
    assert section.make is not None, section.name
    return section.make(item.line, read_fields(Reading(item, field, known, index=index), section))


def listed(section: Section, prefix: str = "") -> Kind:
    """The kind of a list of ``section`` items; every entry is a mapping before any is read.
    The items' fields are named ``prefix`` + ``key[index]``."""

    def read(at: Reading, key: str) -> tuple[Any, ...]:
        result = tuple(
            read_item(item, prefix + field, section, at.known, index)
            for index, (item, field) in enumerate(items(at.item, key))
        )
        if section.unique is not None:
            attribute, what = section.unique
            seen: set[Any] = set()
            for made in result:
                name = getattr(made, attribute)
                if name in seen:
                    fail(made.at.line, key, f"duplicate {what} {name!r}")
                seen.add(name)
        return result

    return read


def mapped(section: Section) -> Kind:
    """The kind of one mapping of ``section``, named by the section."""

    def read(at: Reading, key: str) -> Any:
        if key not in at.item:
            fail(at.item.line, key, "missing section")
        item = mapping(at.item[key], at.item.lines[key], section.name)
        return read_item(item, section.name, section, at.known)

    return read
