"""``prg export promela``: the pair as a Promela model, for SPIN."""

from __future__ import annotations

import click
from prg.model.errors import UsageError
from prg.model.load import load_spec
from prg.verify.exports.promela import to_promela

from .common import NonEmptyPath, fault_budget_option, spec_option


@click.group("export")
def export_command() -> None:
    """Write the model for another tool."""


@export_command.command("promela")
@spec_option
@fault_budget_option
@click.option("-o", "--output", type=NonEmptyPath(dir_okay=False, writable=True), required=True,
              help="Promela file to write ('-' for standard output).")
def promela_command(spec_path: str | None, fault_budget: int, output: str) -> None:
    """The product of both nodes in every configuration, with the safety properties as
    assertions and the Table 2 rows reported as they are reached (run: spin -a FILE; cc -O2
    -DSAFETY -o pan pan.c; ./pan -c0)."""
    model = to_promela(load_spec(spec_path), fault_budget)
    if output == "-":
        click.echo(model, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as file:
            file.write(model)
    except OSError as error:
        raise UsageError(f"{output}: cannot write: {error.strerror or error}") from None
