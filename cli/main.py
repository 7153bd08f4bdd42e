"""The ``prg`` command: wires the spec, the model and the properties to the terminal.

Exit status: 0 when every property holds, 1 when one is violated, 2 on bad input or usage
(one line ``prg: error: ...`` on standard error, never a traceback)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click
from prg.cli.check_config import check_config_command
from prg.model.errors import PrgError
from prg.verify.proofs import ROW_DEPTH
from prg.verify.report import ENGINES, passed, verify_inspecting, version

from .common import MAX_FAULT_BUDGET, load_with_settings, set_option
from .diagram import diagram_command
from .diff import diff_command
from .explain import explain_command
from .export import export_command
from .replay import replay_command
from .reports import REPORT_FILES, WITH_VIEWS, Artifacts, default_views, written_message
from .simulate import simulate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version(), prog_name="prg")
def cli() -> None:
    """An executable, verified model of the IM and Presence presence redundancy group."""


@cli.command("verify")
@click.option("--spec", "spec_path", type=click.Path(dir_okay=False), default=None,
              help="Spec file (default: the bundled presence redundancy group spec).")
@click.option("--format", "output_format", type=click.Choice(list(REPORT_FILES)),
              default="text", show_default=True,
              help="Report for people (text, html), for CI (json, junit, sarif, markdown).")
@click.option("--output", "output_dir", type=click.Path(file_okay=False), default=None,
              help="Also write every report and diagram into this folder.")
@click.option("--fault-budget", type=click.IntRange(0, MAX_FAULT_BUDGET), default=1,
              show_default=True, help="How many faults may be outstanding at once.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Configurations checked at once (default: one per processor).")
@click.option("--engine", type=click.Choice(ENGINES), default="all", show_default=True,
              help="Explicit search (graph), Z3 proofs for every user count and BMC (z3), or "
                   "both, which must agree (all).")
@click.option("--bmc-depth", type=click.IntRange(0, 50), default=ROW_DEPTH, show_default=True,
              help="How many steps the Z3 engine searches for each Table 2 row's witness.")
@set_option
def verify_command(
    spec_path: str | None, output_format: str, output_dir: str | None, fault_budget: int,
    jobs: int | None, engine: str, bmc_depth: int, settings: tuple[str, ...],
) -> None:
    """Check every property on every configuration and every Table 2 row."""
    spec, what_if = load_with_settings(spec_path, settings)
    # The reports that show the default configuration's views get them from the run.
    make_views = default_views if output_dir is not None or output_format in WITH_VIEWS else None
    report, views = verify_inspecting(spec, fault_budget, jobs, what_if, engine, bmc_depth,
                                      make_views)
    artifacts = Artifacts(spec, report, views)
    click.echo(artifacts.render(output_format))
    if output_dir is not None:
        written = artifacts.write(Path(output_dir))
        click.echo(written_message(Path(output_dir), written), err=True)
    sys.exit(0 if passed(report) else 1)


cli.add_command(check_config_command)
cli.add_command(explain_command)
cli.add_command(simulate_command)
cli.add_command(replay_command)
cli.add_command(diff_command)
cli.add_command(diagram_command)
cli.add_command(export_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; turn every kind of bad input into one line and exit status 2."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="prg",
                 standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.exceptions.Abort:
        click.echo("prg: error: interrupted", err=True)
        sys.exit(2)
    except click.UsageError as error:
        click.echo(f"prg: error: {error.format_message()}", err=True)
        sys.exit(2)
    except PrgError as error:
        click.echo(f"prg: error: {error}", err=True)
        sys.exit(2)
    sys.exit(0)


if __name__ == "__main__":
    main()
