"""``prg runbook FILE``: check a maintenance procedure against the model before running it."""

from __future__ import annotations

import json
import sys

import click
from prg.model.errors import UsageError
from prg.model.load import load_spec
from prg.model.runbook import load_runbook
from prg.model.settings import parse_settings, with_settings
from prg.model.words import value_words
from prg.verify.tools.runbook import check_everywhere, to_json, to_text

from .common import (
    NonEmptyPath,
    cache_option,
    fault_budget_from,
    format_option,
    set_option,
    spec_option,
)
from .progress import progress_shown, quiet_option


@click.command("runbook")
@click.argument("runbook_path", metavar="FILE", type=NonEmptyPath(dir_okay=False))
@spec_option
@format_option
@fault_budget_from(0)
@set_option
@quiet_option
@cache_option
def runbook_command(runbook_path: str, spec_path: str | None, output_format: str,
                    fault_budget: int, settings: tuple[str, ...], quiet: bool) -> None:
    """Check a runbook (the administrator's steps, in order) before running it.

    In every configuration the runbook allows, and every order of the pair's own events and
    up to --fault-budget faults (none by default): each step must be possible when it is due,
    each wait must end, every user must be served throughout, and the pair must end Normal /
    Normal. Prints what the admin page and the counters should show at each step. Exit 0 when
    the runbook is safe, 1 when it is not, 2 on a bad runbook."""
    spec = load_spec(spec_path)
    fixed = parse_settings(spec, settings)
    runbook = load_runbook(runbook_path, spec)
    if runbook.cluster is not None and (spec_path is not None or settings):
        raise UsageError(f"{'--spec' if spec_path is not None else '--set'}: the runbook's "
                         f"cluster ({runbook.cluster.path}) gives the group spec and its "
                         "settings")
    for key, value in runbook.settings:
        if key in fixed and fixed[key] != value:
            raise UsageError(f"--set {key}={value_words(fixed[key])}: the runbook fixes "
                             f"{key}={value_words(value)}")
    with progress_shown("runbook", quiet) as progress:
        report = check_everywhere(with_settings(spec, fixed), runbook, fault_budget, progress)
    if output_format == "json":
        click.echo(json.dumps(to_json(report), indent=2))
    else:
        click.echo(to_text(report))
    sys.exit(0 if report.safe else 1)
