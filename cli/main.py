"""The ``prg`` command: wires the spec, the model and the properties to the terminal.

Exit status: 0 when every property holds, 1 when one is violated, 2 on bad input or usage
(one line ``prg: error: ...`` on standard error, never a traceback)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
from prg.model.errors import PrgError
from prg.model.load import load_spec
from prg.verify.report import passed, to_json, to_text, verify, version

from .export import export_command

MAX_FAULT_BUDGET = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version(), prog_name="prg")
def cli() -> None:
    """An executable, verified model of the IM and Presence presence redundancy group."""


@cli.command("verify")
@click.option("--spec", "spec_path", type=click.Path(dir_okay=False), default=None,
              help="Spec file (default: the bundled presence redundancy group spec).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report for people (text) or for CI (json).")
@click.option("--fault-budget", type=click.IntRange(0, MAX_FAULT_BUDGET), default=1,
              show_default=True, help="How many faults may be outstanding at once.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Configurations checked at once (default: one per processor).")
def verify_command(
    spec_path: str | None, output_format: str, fault_budget: int, jobs: int | None
) -> None:
    """Check every property on every configuration and every Table 2 row."""
    spec = load_spec(spec_path)
    report = verify(spec, fault_budget, jobs)
    click.echo(to_json(report) if output_format == "json" else to_text(report))
    sys.exit(0 if passed(report) else 1)


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
