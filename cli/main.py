"""The ``prg`` command: wires the spec, the model and the properties to the terminal.

Exit status: 0 when every property holds (a finding of the spec aside, unless ``--strict``), 1
when one is violated or a finding is stale, 2 on bad input or usage
(one line ``prg: error: ...`` on standard error, never a traceback)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click
from prg.cli.check_config import check_config_command
from prg.model.digest import version
from prg.model.errors import PrgError
from prg.model.searching import MAX_STATES
from prg.verify.checks.proofs import ROW_DEPTH
from prg.verify.report import ENGINES, default_views, verify_inspecting

from .cluster import cluster_command
from .colour import color_option, colour_wanted, coloured
from .common import (
    NonEmptyPath,
    cache_option,
    fault_budget_option,
    load_with_settings,
    set_option,
    spec_option,
)
from .diagram import diagram_command
from .diff import diff_command
from .explain import explain_command
from .export import export_command
from .progress import progress_shown, quiet_option
from .prove import prove_command
from .replay import replay_command
from .reports import FORMATS, WITH_VIEWS, Artifacts, written_message
from .runbook import runbook_command
from .simulate import simulate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version(), prog_name="prg")
def cli() -> None:
    """An executable, verified model of the IM and Presence presence redundancy group."""


@cli.command("verify")
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


for _command in (check_config_command, explain_command, simulate_command, replay_command,
                 diff_command, diagram_command, export_command, prove_command,
                 runbook_command, cluster_command):
    cli.add_command(_command)
for _command in cli.commands.values():
    # prg --help lists each command with its first sentence whole, not cut at 45 characters.
    _command.short_help = " ".join((_command.help or "").split("\n\n")[0].split())


def one_line(message: str) -> str:
    """``message`` with every control character escaped (a line break as ``\\n``): a name
    or a path that holds one cannot split an error over two lines."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in message)


def _fail(message: str) -> NoReturn:
    click.echo(f"prg: error: {one_line(message)}", err=True)
    sys.exit(2)


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's flush at exit does not
    fail a second time on what could not be written."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file descriptor behind it (io.UnsupportedOperation)
        pass


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; turn every kind of bad input into one line and exit status 2."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="prg",
                 standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.exceptions.Abort:
        _fail("interrupted")
    except click.exceptions.NoArgsIsHelpError as error:
        command = error.ctx.command_path if error.ctx is not None else "prg"
        _fail(f"missing command (see '{command} --help')")
    except click.UsageError as error:
        _fail(error.format_message())
    except PrgError as error:
        _fail(str(error))
    except OSError as error:
        # A file prg opens names itself in the error (a write to --output, say); a failed
        # write to standard output (a full disk, a closed terminal) names nothing. Click
        # already ends a broken pipe quietly, with exit status 1.
        if error.filename is not None:
            _fail(f"{error.filename}: {error.strerror or error}")
        _silence_stdout()
        _fail(f"cannot write output: {error.strerror or error}")
    sys.exit(0)


if __name__ == "__main__":
    main()
