"""``--config KEY=VALUE``: choosing configurations by the spec's explored options."""

from __future__ import annotations

from collections.abc import Sequence

from prg.model.errors import UsageError
from prg.model.names import did_you_mean
from prg.model.product import Config, configurations, default_config
from prg.model.spec import Spec, Value


def parse_assignments(spec: Spec, assignments: Sequence[str]) -> dict[str, Value]:
    """``["high_availability=false", ...]`` as option values of the spec's explored options."""
    explored = {o.key: o for o in spec.options if o.explore}
    chosen: dict[str, Value] = {}
    for assignment in assignments:
        key, equals, text = assignment.partition("=")
        key, text = key.strip(), text.strip()
        if not equals:
            raise UsageError(f"--config {assignment!r}: expected KEY=VALUE, e.g. "
                             f"{next(iter(explored), 'option')}=...")
        option = explored.get(key)
        if option is None:
            raise UsageError(f"--config: unknown option {key!r}{did_you_mean(key, list(explored))}; "
                             f"options: {', '.join(explored)}")
        by_text = {str(v).lower(): v for v in option.values}
        if text.lower() not in by_text:
            shown = [str(v) for v in option.values]
            hint = did_you_mean(text.lower(), [v.lower() for v in shown])
            raise UsageError(f"--config: {key} cannot be {text!r}{hint}; "
                             f"values: {', '.join(shown)}")
        if key in chosen:  # as --set: not the last value silently
            raise UsageError(f"--config {key} given twice")
        chosen[key] = by_text[text.lower()]
    return chosen


def chosen_configurations(spec: Spec, assignments: Sequence[str]) -> list[Config]:
    """Every configuration that agrees with the assignments, in spec order."""
    chosen = parse_assignments(spec, assignments)
    return [c for c in configurations(spec) if all(dict(c)[k] == v for k, v in chosen.items())]


def chosen_configuration(spec: Spec, assignments: Sequence[str]) -> Config:
    """The default configuration with the assignments applied."""
    chosen = parse_assignments(spec, assignments)
    return tuple((key, chosen.get(key, value)) for key, value in default_config(spec))
