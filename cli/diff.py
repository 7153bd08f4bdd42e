"""``prg diff --set NAME=VALUE ...``: which properties and Table 2 rows change verdict against
the defaults."""

from __future__ import annotations

import sys

import click
from prg.model.errors import UsageError
from prg.model.load import load_spec
from prg.model.settings import parse_settings
from prg.verify.tools.whatif import diff, to_json, to_text

from .common import cache_option, fault_budget_option, format_option, set_option, spec_option
from .progress import progress_shown, quiet_option


@click.command("diff")
@spec_option
@format_option
@fault_budget_option
@cache_option
@set_option
@quiet_option
def diff_command(spec_path: str | None, output_format: str, fault_budget: int,
                 settings: tuple[str, ...], quiet: bool) -> None:
    """Show which properties and rows change verdict under --set settings.

    Compares the defaults (every option at its default) with the defaults changed by each
    --set, with the trace that shows each change. Exit 0 when nothing changes, 1 when
    something does."""
    if not settings:
        raise UsageError("diff needs at least one --set NAME=VALUE")
    spec = load_spec(spec_path)
    parsed = parse_settings(spec, settings)
    with progress_shown("diff", quiet) as progress:
        result = diff(spec, parsed, fault_budget, progress=progress)
    click.echo(to_json(result) if output_format == "json" else to_text(result))
    sys.exit(1 if result.changed else 0)
