"""Settings: a configuration option or a service parameter set to one value
(``NAME=VALUE``), read one way for every command, and the spec in which it holds.

NAME is a key or the document's name (any case; spaces, underscores or dashes), ``node1.NAME``
or ``node2.NAME`` for one node's value of a per-node parameter; VALUE is one of an option's
values, ``on``/``off`` (and the like) for a switch, a whole number for a parameter (read even
out of its range: the range is a rule a parameter set breaks, not a typo). Each command
accepts the settings that change what it computes and refuses the others in one line.

An option set to a value is no longer enumerated: every configuration has that value. A
parameter set to a value is its default. The spec stays the one IR: a what-if is a spec.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import UsageError
from .names import did_you_mean, normalized, unknown
from .product import rule_options
from .spec import Option, Parameter, Spec, Value
from .words import value_words

_TRUE = ("true", "on", "yes", "1", "enabled")
_FALSE = ("false", "off", "no", "0", "disabled")


def truth(text: str) -> bool | None:
    """What a typed true/false value means (``on``, ``yes``, ``enabled``, ``1`` ...), or None
    for a word that is neither."""
    wanted = normalized(text)
    return True if wanted in _TRUE else False if wanted in _FALSE else None


def _forms(*names: str) -> set[str]:
    """The ways a name may be typed: as written, with spaces or underscores or dashes."""
    found = set()
    for name in names:
        base = normalized(name)
        found |= {base, base.replace("_", " "), base.replace(" ", "_"), base.replace("-", "_"),
                  base.replace("_", "-")}
    return found


#: The nodes of the pair, as a per-node parameter's values are kept.
NODES = (1, 2)


@dataclass(frozen=True)
class Setting:
    """One ``NAME=VALUE`` read: the option or parameter, the nodes it is set on (both, unless
    a per-node parameter's node is named), and its value."""

    item: Option | Parameter
    nodes: tuple[int, ...]
    value: Value

    @property
    def key(self) -> str:
        """The option's or parameter's key."""
        return self.item.key


def read_settings(spec: Spec, texts: Iterable[str]) -> list[Setting]:
    """Each ``NAME=VALUE`` as the spec knows it; UsageError, in one line, on one that cannot
    be read or is given twice."""
    found: list[Setting] = []
    seen: set[tuple[str, int]] = set()
    for text in texts:
        name, equals, value = text.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise UsageError(f"--set {text!r}: expected NAME=VALUE")
        nodes, bare = _nodes(name.strip())
        item = _setting(spec, bare)
        if nodes != NODES and not (isinstance(item, Parameter) and item.per_node):
            raise UsageError(f"--set {name.strip()}: {item.key} is clusterwide, one value for "
                             "both nodes")
        if any((item.key, node) in seen for node in nodes):
            raise UsageError(f"--set {item.key} given twice")
        seen |= {(item.key, node) for node in nodes}
        found.append(Setting(item, nodes, _value(item, value.strip())))
    return found


def _nodes(name: str) -> tuple[tuple[int, ...], str]:
    """The nodes a name sets (``node2.KEY``: node 2 alone) and the name without them."""
    prefix, dot, rest = name.partition(".")
    node = prefix.lower().replace(" ", "")
    if dot and node in ("node1", "node2"):
        return (int(node[-1]),), rest.strip()
    return NODES, name


def _setting(spec: Spec, name: str) -> Option | Parameter:
    wanted = normalized(name).replace("-", "_")
    items: list[Option | Parameter] = [*spec.options, *spec.parameters]
    for item in items:
        if wanted in _forms(item.key, item.name):
            return item
    raise unknown("setting", name, [*(o.key for o in spec.options),
                                    *(p.key for p in spec.parameters)])


def _value(item: Option | Parameter, text: str) -> Value:
    if isinstance(item, Option):
        return _option_value(item, text)
    if isinstance(item.default, bool):
        found = truth(text)
        if found is None:
            raise UsageError(f"--set {item.key}={text!r}: not true or false (on or off)")
        return found
    try:
        return int(text)
    except ValueError:
        unit = f" ({item.unit})" if item.unit else ""
        raise UsageError(f"--set {item.key}={text!r}: not a whole number{unit}") from None


def _option_value(option: Option, text: str) -> Value:
    wanted = normalized(text)
    for value in option.values:
        if isinstance(value, bool):
            if truth(text) is value:
                return value
        elif normalized(str(value)) == wanted:
            return value
    shown = [value_words(v) for v in option.values]
    hint = did_you_mean(text, shown)
    raise UsageError(f"--set {option.key}={text!r}: not one of {', '.join(shown)}{hint}")


def model_options(spec: Spec) -> frozenset[str]:
    """The options the model reads: those it explores, those that set its initial state, and
    those a rule's guard names (``config.<option>``)."""
    guarded = rule_options(spec)
    return frozenset(o.key for o in spec.options if o.explore or o.sets or o.key in guarded)


def parse_settings(spec: Spec, texts: Iterable[str]) -> dict[str, Value]:
    """The settings of a command that explores the pair, as ``{key: value}``: options the
    model reads. A setting the model does not read (a service parameter, an option of the
    timing or of the parameter rules only) is refused: it would change nothing here."""
    read = model_options(spec)
    settings: dict[str, Value] = {}
    for setting in read_settings(spec, texts):
        if isinstance(setting.item, Parameter) or setting.key not in read:
            what = "a service parameter" if isinstance(setting.item, Parameter) else "an option"
            raise UsageError(f"--set {setting.key}: {what} the model's states do not depend on "
                             f"(timing or parameter rules only); prg check-config --set "
                             f"{setting.key}=... checks it")
        settings[setting.key] = setting.value
    return settings


def with_settings(spec: Spec, settings: Mapping[str, Value]) -> Spec:
    """The spec in which each setting holds: an option takes only its value, a parameter has
    its value as default."""
    options = tuple(
        dataclasses.replace(o, values=(settings[o.key],), default=settings[o.key])
        if o.key in settings else o
        for o in spec.options
    )
    parameters = tuple(
        dataclasses.replace(p, default=_number(settings[p.key])) if p.key in settings else p
        for p in spec.parameters
    )
    return dataclasses.replace(spec, options=options, parameters=parameters)


def _number(value: Value) -> int | bool:
    if isinstance(value, str):
        raise UsageError(f"{value!r}: a parameter takes a number")
    return value


def defaults(spec: Spec) -> dict[str, Value]:
    """Every explored option at its default: the configuration the document recommends."""
    return {o.key: o.default for o in spec.options if o.explore}
