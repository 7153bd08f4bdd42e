"""``prg verify``: every property on every configuration and every Table 2 row, one report.

Exit status: 0 when every property holds (a finding of the spec aside, unless ``--strict``), 1
when one is violated or a finding is stale."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from prg.model.searching import MAX_STATES
from prg.verify.checks.proofs import ROW_DEPTH
from prg.verify.report import ENGINES, default_views, verify_inspecting

from .colour import color_option, colour_wanted, coloured
from .common import (
    NonEmptyPath,
    cache_option,
    fault_budget_option,
    load_with_settings,
    set_option,
    spec_option,
)
from .progress import progress_shown, quiet_option
from .reports import FORMATS, WITH_VIEWS, Artifacts, written_message


@click.command("verify")
@spec_option
@click.option("--format", "output_format", type=click.Choice(FORMATS),
              default="text", show_default=True,
              help="Report for people (text, html), for CI (json, junit, sarif, markdown); "
                   "itf: each counterexample and witness as an ITF trace, one a line.")
@click.option("--output", "output_dir", type=NonEmptyPath(file_okay=False), default=None,
              help="Also write every report and diagram into this folder.")
@fault_budget_option
@cache_option
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Configurations checked at once (default: one per processor).")
@click.option("--engine", type=click.Choice(ENGINES), default="all", show_default=True,
              help="Explicit search (graph), Z3 proofs for every user count and BMC (z3), or "
                   "both, which must agree (all).")
@click.option("--bmc-depth", type=click.IntRange(0, 50), default=ROW_DEPTH, show_default=True,
              help="How many steps the Z3 engine searches for each Table 2 row's witness.")
@click.option("--max-states", type=click.IntRange(1), default=MAX_STATES, show_default=True,
              help="Stop, with an error, a search that would hold more joint states.")
@click.option("--verbose", "-v", is_flag=True,
              help="text: list the spec's decisions too (report.txt of --output always does).")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) on findings too: violations the spec says the document's "
                   "own behaviour causes.")
@set_option
@color_option
@quiet_option
def verify_command(
    spec_path: str | None, output_format: str, output_dir: str | None, fault_budget: int,
    jobs: int | None, engine: str, bmc_depth: int, max_states: int, verbose: bool,
    strict: bool, settings: tuple[str, ...], color: str, quiet: bool,
) -> None:
    """Check every property on every configuration and every Table 2 row."""
    spec, what_if = load_with_settings(spec_path, settings)
    # The reports that show the default configuration's views get them from the run.
    make_views = default_views if output_dir is not None or output_format in WITH_VIEWS else None
    with progress_shown("verify", quiet) as progress:
        report, views = verify_inspecting(spec, fault_budget, jobs, what_if, engine, bmc_depth,
                                          make_views, max_states, progress)
    artifacts = Artifacts(spec, report, views)
    if output_format == "text" and colour_wanted(color, sys.stdout, os.environ):
        click.echo(artifacts.render(output_format, verbose, coloured), color=True)
    else:
        click.echo(artifacts.render(output_format, verbose))
    if output_dir is not None:
        written = artifacts.write(Path(output_dir))
        click.echo(written_message(Path(output_dir), written, artifacts.svg_errors), err=True)
    sys.exit(0 if (report.clean if strict else report.passed) else 1)
