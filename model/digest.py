"""What a digest of the spec is made of: any value written the same way in every process, and
prg's version, which decides what the spec means. The proofs' certificates and the cache of
compiled tables name what they were made for with it."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from importlib import metadata


def version() -> str:
    """prg's version, as installed."""
    try:
        return metadata.version("prg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def canonical(value: object) -> str:
    """``value`` written the same way in every process: a set's members sorted (Python's
    hashing of strings, and so the order of a set, changes from one process to the next)."""
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
