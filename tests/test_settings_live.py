"""Every option and service parameter that a command accepts changes what that command
computes: the model's states (``prg verify --set`` and the commands that explore the pair) or
the consistency and timing of a parameter set (``prg check-config --set``). A setting that
would change nothing is refused, with a one-line reason."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from prg.model.errors import UsageError
from prg.model.explore import explore
from prg.model.product import Pair, default_config
from prg.model.settings import parse_settings, with_settings
from prg.model.spec import Option, Parameter, Spec, Value
from prg.verify.checks.parameters import breaches, checked_options, parameter_set
from prg.verify.checks.timing import failure_bounds

from .helpers import broken


def _text(value: Value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _other_values(item: Option | Parameter, spec: Spec) -> list[Value]:
    """The values to try instead of the default: an option's other values; for a number, the
    other values within its range that a rule or a timer may tell apart."""
    if isinstance(item, Option):
        return [v for v in item.values if v != item.default]
    if isinstance(item.default, bool):
        return [not item.default]
    low = item.minimum if item.minimum is not None else item.default - 1
    high = item.maximum if item.maximum is not None else item.default + 1
    others = {p.default for p in spec.parameters if not isinstance(p.default, bool)}
    return sorted(v for v in {low, high, item.default - 1, item.default + 1, *others}
                  if low <= v <= high and v != item.default)


def _model_of(spec: Spec, key: str, value: Value | None) -> tuple[int, int]:
    """How many joint states and transitions the pair has in the default configuration, with
    ``key`` fixed to ``value`` (None: as it is)."""
    fixed = spec if value is None else with_settings(spec, {key: value})
    graph = explore(Pair(fixed, default_config(fixed), 1))
    return len(graph.states), sum(len(edges) for edges in graph.edges)


def _checked(spec: Spec, assignments: list[str]) -> tuple[object, ...]:
    values = parameter_set(spec, assignments)
    found = breaches(spec, values)
    return (tuple(found), tuple(failure_bounds(spec, values)) if not found else ())


def _contexts(spec: Spec) -> list[list[str]]:
    """The defaults, and the defaults with each true/false option of the check turned over: a
    parameter may matter only under one (the slowdown factor, under Multiple Device
    Messaging)."""
    flipped = [o for o in spec.options if o.key in checked_options(spec)
               and set(o.values) == {True, False}]
    return [[], *([f"{o.key}={_text(not o.default)}"] for o in flipped)]


def changes_nothing(spec: Spec, keys: Sequence[str] | None = None) -> list[str]:
    """Each command that accepts a setting (of ``keys``; None: every one) and computes the
    same with every other value of it, as ``command: key``."""
    found = []
    items = [i for i in [*spec.options, *spec.parameters] if keys is None or i.key in keys]
    baseline = _model_of(spec, "", None)
    checked: dict[tuple[str, ...], tuple[object, ...]] = {}

    def check(assignments: list[str]) -> tuple[object, ...]:
        if tuple(assignments) not in checked:
            checked[tuple(assignments)] = _checked(spec, assignments)
        return checked[tuple(assignments)]

    contexts = _contexts(spec)
    for item in items:
        others = _other_values(item, spec)
        if not others:
            continue  # one admissible value: a fact of the document, nothing to change
        try:
            parse_settings(spec, [f"{item.key}={_text(others[0])}"])
        except UsageError:
            pass
        else:
            if all(_model_of(spec, item.key, value) == baseline for value in others):
                found.append(f"verify: {item.key}")
        try:
            parameter_set(spec, [f"{item.key}={_text(others[0])}"])
        except UsageError:
            continue
        if all(check([*context, f"{item.key}={_text(value)}"]) == check(context)
               for value in others for context in contexts
               if not context or not context[0].startswith(f"{item.key}=")):
            found.append(f"check-config: {item.key}")
    return found


def refused_everywhere(spec: Spec) -> list[str]:
    """The settings no command accepts."""
    refused = []
    for item in [*spec.options, *spec.parameters]:
        others = _other_values(item, spec) or [item.default]
        text = f"{item.key}={_text(others[0])}"
        accepted = 0
        for read in (parse_settings, parameter_set):
            try:
                read(spec, [text])
                accepted += 1
            except UsageError:
                pass
        if not accepted:
            refused.append(item.key)
    return refused


def test_every_setting_a_command_accepts_changes_what_it_computes(spec: Spec) -> None:
    assert changes_nothing(spec) == []
    assert refused_everywhere(spec) == []


def test_an_option_no_rule_tells_apart_is_found() -> None:
    # Both readings of a stopped SRM made to apply whatever the option says.
    spec = broken(
        ("    when: {config.srm_stop_reading: [both, services stop]}\n",
         "    when: {config.srm_stop_reading: [both, services stop, services keep serving]}\n"),
        ("    when: {config.srm_stop_reading: [both, services keep serving]}\n",
         "    when: {config.srm_stop_reading: [both, services stop, services keep serving]}\n"))
    assert changes_nothing(spec, ["srm_stop_reading"]) == ["verify: srm_stop_reading"]


def test_a_parameter_the_timing_no_longer_reads_is_found() -> None:
    # A timing without its slowdown: the factor of Multiple Device Messaging is read by nothing.
    slowdown = ("  slowdown: {option: multiple_device_messaging, "
                "factor: multiple_device_messaging_factor}\n")
    spec = broken((slowdown, ""))
    assert changes_nothing(spec, ["multiple_device_messaging_factor"]) == [
        "check-config: multiple_device_messaging_factor"]
    assert refused_everywhere(spec) == ["multiple_device_messaging"]


@pytest.mark.parametrize("command", ["verify", "check-config"])
def test_a_refused_setting_says_which_command_reads_it(command: str, spec: Spec) -> None:
    read = parse_settings if command == "verify" else parameter_set
    setting = "multiple_device_messaging=on" if command == "verify" else "srm_stop_reading=both"
    with pytest.raises(UsageError) as refused:
        read(spec, [setting])
    other = "check-config" if command == "verify" else "verify"
    assert f"prg {other} --set" in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("setting", ["automatic_fallback=maybe", "automatic_fallbak=on",
                                     "high_availability", "node2.automatic_fallback=on",
                                     "automatic_fallback=on,automatic_fallback=off"])
def test_every_command_words_a_bad_setting_alike(spec: Spec, setting: str) -> None:
    texts = setting.split(",")
    messages = []
    for read in (parse_settings, parameter_set):
        with pytest.raises(UsageError) as refused:
            read(spec, texts)
        messages.append(str(refused.value))
    assert messages[0] == messages[1]
