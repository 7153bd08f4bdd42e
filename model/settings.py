"""What-if settings: a configuration option or a service parameter set to one value
(``NAME=VALUE``), and the spec in which it holds.

An option set to a value is no longer enumerated: every configuration has that value. A
parameter set to a value is its default. The spec stays the one IR: a what-if is a spec.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from .errors import UsageError
from .names import normalized, unknown
from .product import rule_options
from .spec import Option, Parameter, Spec, Value

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


def _setting(spec: Spec, name: str) -> Option | Parameter:
    wanted = normalized(name).replace("-", "_")
    items: list[Option | Parameter] = [*spec.options, *spec.parameters]
    for item in items:
        if wanted in _forms(item.key, item.name):
            return item
    raise unknown("setting", name, [*(o.key for o in spec.options),
                                    *(p.key for p in spec.parameters)])


def _option_value(option: Option, text: str) -> Value:
    wanted = normalized(text)
    for value in option.values:
        if isinstance(value, bool):
            if truth(text) is value:
                return value
        elif normalized(str(value)) == wanted:
            return value
    values = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in option.values)
    raise UsageError(f"{option.key}={text!r}: not one of {values}")


def model_options(spec: Spec) -> frozenset[str]:
    """The options the model reads: those it explores, those that set its initial state, and
    those a rule's guard names (``config.<option>``)."""
    guarded = rule_options(spec)
    return frozenset(o.key for o in spec.options if o.explore or o.sets or o.key in guarded)


def parse_settings(spec: Spec, texts: Iterable[str]) -> dict[str, Value]:
    """``NAME=VALUE`` texts as ``{key: value}``; names and values as the spec knows them
    (an option's key or name, any case; ``on``/``off`` for a boolean). A setting the model
    does not read (a service parameter, an option of the timing or of the parameter rules
    only) is refused: it would change nothing here."""
    settings: dict[str, Value] = {}
    read = model_options(spec)
    for text in texts:
        name, equals, value = text.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise UsageError(f"--set {text!r}: expected NAME=VALUE")
        item = _setting(spec, name)
        if isinstance(item, Parameter) or item.key not in read:
            what = "a service parameter" if isinstance(item, Parameter) else "an option"
            raise UsageError(f"--set {item.key}: {what} the model's states do not depend on "
                             f"(timing or parameter rules only); prg check-config --set "
                             f"{item.key}=... checks it")
        if item.key in settings:
            raise UsageError(f"--set {item.key} given twice")
        settings[item.key] = _option_value(item, value)
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
