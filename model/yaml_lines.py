"""YAML read so that every mapping and list knows its line and the line of each entry.

The loader names the line of every problem it finds; PyYAML's plain ``dict`` and ``list`` forget
where they came from, so the spec is read into ``LDict`` and ``LList`` instead.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import SpecError


class LDict(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    lines: dict[str, int]


class LList(list[Any]):
    """A YAML sequence that remembers the line of itself and of each item."""

    line: int = 0
    lines: list[int]


class YamlShapeError(Exception):
    """YAML that parses but cannot be a spec's (a key that is not text, a key given twice)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_yaml(text: str, path: str) -> Any:
    """The YAML document in ``text`` (None when empty); ``path`` is how errors name it."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except YamlShapeError as error:
        raise SpecError(path, error.line, "", str(error)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise SpecError(path, line, "", f"YAML syntax: {problem}") from None
    except RecursionError:
        raise SpecError(path, None, "", "YAML nested too deeply") from None


#: libyaml's parser where PyYAML was built with it (several times faster), else PyYAML's own.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A safe loader that keeps lines and reads booleans as YAML 1.2 does: ``on``, ``off``,
    ``yes`` and ``no`` stay words (a power fact is ``on``), only ``true``/``false`` are booleans."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """The value of ``node``; a scalar that its tag cannot be read as (``2001-13-45``,
        ``!!int abc``, an integer of 5,000 digits) is named with its line."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as error:
            if not isinstance(node, yaml.ScalarNode):
                raise
            kind = str(node.tag).rsplit(":", 1)[-1]
            text = node.value if len(node.value) <= 40 else f"{node.value[:40]}..."
            reason = (str(error).split(";")[0].split("\n")[0]
                      if isinstance(error, ValueError | OverflowError) else "malformed")
            raise YamlShapeError(node.start_mark.line + 1,
                                 f"cannot read {text!r} as {kind}: {reason}") from None


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    result = LDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise YamlShapeError(line, f"mapping key {key!r} is not a string")
        if key in result:
            raise YamlShapeError(line, f"duplicate key {key!r}")
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [item.start_mark.line + 1 for item in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
