"""What a digest of the spec is made of: any value written the same way in every process, and
prg's version, which decides what the spec means. The proofs' certificates and the cache of
compiled tables name what they were made for with it."""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from importlib import metadata


def version() -> str:
    """prg's version, as installed."""
    try:
        return metadata.version("prg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


class Written(str):
    """A part of a value already written by ``canonical``, which takes it as it is."""


def canonical(value: object) -> str:
    """``value`` written the same way in every process: a set's members sorted (Python's
    hashing of strings, and so the order of a set, changes from one process to the next)."""
    if isinstance(value, Written):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return f"{type(value).__name__}(" + ",".join(
            f"{item.name}={canonical(getattr(value, item.name))}"
            for item in fields(value)) + ")"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(canonical(item) for item in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{canonical(key)}:{canonical(item)}"
                                     for key, item in value.items())) + "}"
    if isinstance(value, (tuple, list)):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    return repr(value)


#: The specs written last, by their id (with the spec, whose id may be reused once it is gone).
_spec_texts: dict[int, tuple[object, Written]] = {}
_SPECS_KEPT = 8


def spec_written(spec: object) -> Written:
    """A spec (a dataclass with a ``path``) written by ``canonical`` wherever its file lies:
    worked out once per spec, for the digests that name it are many and it is long."""
    found = _spec_texts.get(id(spec))
    if found is None or found[0] is not spec:
        if len(_spec_texts) >= _SPECS_KEPT:
            del _spec_texts[next(iter(_spec_texts))]
        written = Written(canonical(replace(spec, path="")))  # type: ignore[type-var]
        found = _spec_texts[id(spec)] = (spec, written)
    return found[1]
