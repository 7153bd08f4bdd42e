"""``prg explain NODE1 NODE2``: what the admin page's two node states mean, how the pair gets
there and how to get back, from the model."""

from __future__ import annotations

import json
import sys

import click
from prg.verify.tools.explain import explain, to_json, to_text

from .common import (
    cache_option,
    fault_budget_option,
    format_option,
    load_with_settings,
    set_option,
    spec_option,
)
from .progress import progress_shown, quiet_option


@click.command("explain")
@click.argument("node1")
@click.argument("node2")
@spec_option
@format_option
@fault_budget_option
@cache_option
@set_option
@quiet_option
def explain_command(node1: str, node2: str, spec_path: str | None, output_format: str,
                    fault_budget: int, settings: tuple[str, ...], quiet: bool) -> None:
    """Explain two node states: the row, how the pair gets there, how to get back.

    NODE1 and NODE2 are each STATE/REASON, STATE (any reason) or down, in the document's
    words (any case). Exit 0 when the model reaches the pair, 1 when it never does."""
    spec, _ = load_with_settings(spec_path, settings)
    with progress_shown("explain", quiet) as progress:
        result = explain(spec, node1, node2, fault_budget, progress)
    if output_format == "json":
        click.echo(json.dumps(to_json(result), indent=2))
    else:
        click.echo(to_text(result))
    sys.exit(0 if result.reachable else 1)
