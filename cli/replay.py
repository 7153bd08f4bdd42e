"""``prg replay FILE``: check an observed history of the admin page against the model."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from prg.verify.tools.replay import replay, to_json, to_text

from .common import (
    NonEmptyPath,
    cache_option,
    fault_budget_option,
    format_option,
    load_with_settings,
    set_option,
    spec_option,
)
from .progress import progress_shown, quiet_option


@click.command("replay")
@click.argument("history", type=NonEmptyPath(dir_okay=False))
@spec_option
@format_option
@fault_budget_option
@cache_option
@set_option
@quiet_option
def replay_command(history: str, spec_path: str | None, output_format: str, fault_budget: int,
                   settings: tuple[str, ...], quiet: bool) -> None:
    """Check an observed history against the model.

    HISTORY is a CSV file with the header
    time,node1_state,node1_reason,node2_state,node2_reason (one snapshot per line; empty
    fields for a node that is down). The history is explained as one run of the model, with
    the fewest faults, and each line names its root cause (the faults since the pair was last
    Normal / Normal). Exit 0 when the model explains every snapshot, 1 at the first it cannot
    reach."""
    spec, _ = load_with_settings(spec_path, settings)
    with progress_shown("replay", quiet) as progress:
        result = replay(spec, Path(history), fault_budget, progress)
    if output_format == "json":
        click.echo(json.dumps(to_json(result), indent=2))
    else:
        click.echo(to_text(result))
    sys.exit(0 if result.holds else 1)
