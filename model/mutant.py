"""Seeded defects: a spec written as a small patch of another spec (``load_spec`` reads both).

A mutant file names its ``base`` spec (relative to itself), the property that must catch it
(``caught_by``) and why, and the patch: ``delete_rules`` (rule ids whose whole item goes) and
``replace`` (each ``old`` text must occur exactly once in the base, and becomes ``new``). The
patch is textual so that the patched spec goes through the one loader like any other spec; a
deleted rule leaves blank lines, so lines are named as in the base file wherever a replacement
keeps its number of lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import SpecError

#: A mutant is told from a spec by its top-level ``base:`` key, which no spec has.
_MARKER = re.compile(r"^base:", re.MULTILINE)

_KEYS = ("mutant", "kind", "base", "caught_by", "why", "fault_budget", "delete_rules", "replace")
_REQUIRED = ("mutant", "kind", "base", "caught_by", "why", "replace")


@dataclass(frozen=True)
class Mutant:
    """A broken variant of a base spec, and what must catch it."""

    path: str
    title: str
    kind: str
    base: Path
    caught_by: str
    why: str
    fault_budget: int
    delete_rules: tuple[str, ...]
    replacements: tuple[tuple[str, str], ...]


def is_mutant(text: str) -> bool:
    """Whether spec text is a mutant (a patch) rather than a whole spec."""
    return _MARKER.search(text) is not None


def read_mutant(text: str, path: Path, shown: str) -> Mutant:
    """The mutant written in ``text`` (read from ``path``, named ``shown`` in errors)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise SpecError(shown, mark.line + 1 if mark else None, "", f"YAML syntax: {problem}") \
            from None
    if not isinstance(root, yaml.MappingNode):
        raise SpecError(shown, 1, "mutant", "expected a mapping")
    fields: dict[str, yaml.Node] = {}
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            raise SpecError(shown, key.start_mark.line + 1, "mutant", "a key that is not text")
        name = str(key.value)
        if name not in _KEYS:
            raise SpecError(shown, key.start_mark.line + 1, f"mutant.{name}",
                            f"unknown key (known: {', '.join(_KEYS)})")
        if name in fields:
            raise SpecError(shown, key.start_mark.line + 1, f"mutant.{name}", "given twice")
        fields[name] = value
    for name in _REQUIRED:
        if name not in fields:
            raise SpecError(shown, 1, f"mutant.{name}", "missing")

    def line(node: yaml.Node) -> int:
        return node.start_mark.line + 1

    def scalar(name: str) -> str:
        node = fields[name]
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise SpecError(shown, line(node), f"mutant.{name}", "expected text")
        return str(node.value).strip()

    def texts(node: yaml.Node, field: str) -> list[str]:
        if not isinstance(node, yaml.SequenceNode) or not all(
            isinstance(item, yaml.ScalarNode) for item in node.value
        ):
            raise SpecError(shown, line(node), field, "expected a list of texts")
        return [str(item.value) for item in node.value]

    budget_text = scalar("fault_budget") if "fault_budget" in fields else "1"
    if budget_text not in ("0", "1", "2", "3"):
        raise SpecError(shown, line(fields["fault_budget"]), "mutant.fault_budget",
                        f"expected 0 to 3, got {budget_text!r}")
    replacements = []
    replace = fields["replace"]
    if not isinstance(replace, yaml.SequenceNode):
        raise SpecError(shown, line(replace), "mutant.replace", "expected a list")
    for index, item in enumerate(replace.value):
        field = f"mutant.replace[{index}]"
        if not isinstance(item, yaml.MappingNode):
            raise SpecError(shown, line(item), field, "expected a mapping with old and new")
        pair = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        if set(pair) != {"old", "new"} or not all(
            isinstance(v, yaml.ScalarNode) for v in pair.values()
        ):
            raise SpecError(shown, line(item), field, "expected exactly the texts old and new")
        replacements.append((str(pair["old"].value), str(pair["new"].value)))
    deleted = texts(fields["delete_rules"], "mutant.delete_rules") \
        if "delete_rules" in fields else []
    try:
        base = (path.parent / scalar("base")).resolve()
    except (OSError, RuntimeError, ValueError) as error:  # a symlink loop, a NUL byte
        raise SpecError(shown, line(fields["base"]), "mutant.base", f"not a path: {error}") \
            from None
    return Mutant(
        path=shown,
        title=scalar("mutant"),
        kind=scalar("kind"),
        base=base,
        caught_by=scalar("caught_by"),
        why=scalar("why"),
        fault_budget=int(budget_text),
        delete_rules=tuple(deleted),
        replacements=tuple(replacements),
    )


def patched(mutant: Mutant, base_text: str) -> str:
    """The base spec's text with the mutant's patch applied."""
    text = base_text
    for rule_id in mutant.delete_rules:
        text = _delete_rule(text, rule_id, mutant.path)
    for index, (old, new) in enumerate(mutant.replacements):
        count = text.count(old)
        if count != 1:
            raise SpecError(mutant.path, None, f"mutant.replace[{index}].old",
                            f"occurs {count} times in {mutant.base.name}, expected once")
        text = text.replace(old, new)
    return text


def _delete_rule(text: str, rule_id: str, shown: str) -> str:
    """``text`` without the rule item ``rule_id`` (to the next item or section); lines are
    kept as blank ones so that the rest of the spec keeps its line numbers."""
    match = re.search(rf"^  - id: {re.escape(rule_id)}\n", text, re.MULTILINE)
    if match is None:
        raise SpecError(shown, None, "mutant.delete_rules", f"no rule {rule_id!r} in the base")
    end = re.compile(r"^(?:  - |  #|\S)", re.MULTILINE).search(text, match.end())
    stop = end.start() if end else len(text)
    removed = text[match.start():stop]
    return text[:match.start()] + "\n" * removed.count("\n") + text[stop:]
