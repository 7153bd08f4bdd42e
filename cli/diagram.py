"""``prg diagram KIND``: the node machine, the pair, or a trace, as DOT, SVG, PNG or Mermaid."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from prg.diagrams.node import EVENT_VIEWS, node_diagram
from prg.diagrams.pair import full_product_diagram, pair_diagram
from prg.diagrams.render import FORMATS, PNG_MIN_WIDTH, Diagram, render
from prg.diagrams.trace import state_classes, trace_diagram
from prg.model.errors import UsageError
from prg.model.explore import explore
from prg.model.product import Pair, configurations, default_config
from prg.model.progress import Progress
from prg.model.projection import projection
from prg.model.spec import Spec
from prg.model.traces import trace_of
from prg.model.words import config_words, events
from prg.verify.formats.trace import counterexample_breaks_at
from prg.verify.tools.witness import first_counterexample, shortest_witness

from .common import NonEmptyPath, cache_option, fault_budget_option, load_with_settings, spec_option
from .progress import progress_shown, quiet_option

SUFFIXES = {".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png", ".mmd": "mermaid",
            ".mermaid": "mermaid"}
#: Beyond this many joint states the full product takes sfdp minutes and shows nothing more.
FULL_PRODUCT_LIMIT = 20_000


class NothingToDraw(Exception):
    """A trace that does not exist: the row is unreachable, the property holds."""


def trace_for(spec: Spec, fault_budget: int, row: int | None, prop: str | None,
              progress: Progress | None = None) -> Diagram:
    """The timeline of a row's shortest witness or of a property's counterexample, in the
    spec's configurations (the settings applied: only those that agree)."""
    configs = configurations(spec)
    classes = state_classes(spec)
    if row is not None:
        found = shortest_witness(spec, configs, fault_budget, row)
        if found is None:
            raise NothingToDraw(f"Table 2 row {row} is not reachable in the configurations "
                                f"chosen (fault budget {fault_budget}): no witness to draw")
        config, trace = found
        title = (f"Table 2 row {row}: shortest witness, {events(len(trace) - 1)} "
                 f"({config_words(config)})")
        return trace_diagram(trace, classes, title)
    assert prop is not None
    counterexample = first_counterexample(spec, configs, fault_budget, prop, progress)
    if counterexample is None:
        raise NothingToDraw(f"{prop} holds in every configuration chosen (fault budget "
                            f"{fault_budget}): no counterexample to draw")
    config, violation = counterexample
    if violation.graph is None or violation.path is None:
        raise NothingToDraw(f"{prop} is violated ({violation.message}) but has no trace")
    title = f"{prop} violated: {violation.message} ({config_words(config)})"
    trace = trace_of(violation.graph, violation.path)
    return trace_diagram(trace, classes, title, breaks_at=counterexample_breaks_at(trace),
                         property_name=prop)


def _format_of(output_format: str | None, output: str | None) -> str:
    if output_format is not None:
        return output_format
    if output is not None:
        suffix = Path(output).suffix.lower()
        if suffix not in SUFFIXES:
            raise UsageError(f"-o {output}: cannot tell the format from {suffix or 'no suffix'!r}"
                             f"; give --format ({', '.join(FORMATS)})")
        return SUFFIXES[suffix]
    return "svg"


@click.command("diagram")
@click.argument("kind", type=click.Choice(["node", "pair", "trace"]))
@spec_option
@click.option("--set", "--config", "settings", multiple=True, metavar="NAME=VALUE",
              help="Fix a configuration option, as every command's --set (repeatable). pair: "
                   "the default configuration so changed; trace: only the configurations "
                   "that agree.")
@fault_budget_option
@cache_option
@click.option("--format", "output_format", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from -o's suffix, else svg).")
@click.option("-o", "--output", type=NonEmptyPath(dir_okay=False), default=None,
              help="Write to FILE (default: standard output).")
@click.option("--events", type=click.Choice(list(EVENT_VIEWS)), default=None,
              help="node: draw the administrator's actions with the pair's own events "
                   "(actions), the faults with their repairs (faults), or every event (all, "
                   "the default).")
@click.option("--full", is_flag=True,
              help="pair: every joint state instead of the projection (laid out by sfdp).")
@click.option("--no-steps", is_flag=True,
              help="pair: the matrix of cells alone, without the lines of the steps between "
                   "them.")
@click.option("--min-width", type=click.IntRange(100, 16_000), default=None, metavar="PIXELS",
              help=f"png: at least this many pixels wide (default {PNG_MIN_WIDTH}, a slide); "
                   "a wider diagram keeps its size at 96 dpi.")
@click.option("--row", type=int, default=None, help="trace: the shortest witness of this row.")
@click.option("--property", "prop", default=None,
              help="trace: the counterexample of this property.")
@quiet_option
def diagram_command(kind: str, spec_path: str | None, settings: tuple[str, ...],
                    fault_budget: int, output_format: str | None, output: str | None,
                    events: str | None, full: bool, no_steps: bool, min_width: int | None,
                    row: int | None, prop: str | None, quiet: bool) -> None:
    """Draw the node machine (node; --events splits it in two), the pair projected onto both
    nodes' states (pair), or a row's witness or a property's counterexample as a timeline
    (trace), the step where the property breaks framed in red."""
    if kind == "trace" and (row is None) == (prop is None):
        raise UsageError("diagram trace needs one of --row N or --property NAME")
    if kind != "trace" and (row is not None or prop is not None):
        raise UsageError(f"--row and --property are for diagram trace, not {kind}")
    if full and kind != "pair":
        raise UsageError("--full is for diagram pair")
    if events is not None and kind != "node":
        raise UsageError(f"--events is for diagram node, not {kind}")
    if no_steps and (kind != "pair" or full):
        raise UsageError("--no-steps is for the matrix of diagram pair (without --full)")
    chosen_format = _format_of(output_format, output)
    if min_width is not None and chosen_format != "png":
        raise UsageError(f"--min-width is for png, not {chosen_format}")
    if chosen_format == "png" and output is None and sys.stdout.isatty():
        raise UsageError("png is binary: write it to a file with -o FILE")
    spec, _ = load_with_settings(spec_path, settings)
    if kind == "node":
        diagram = node_diagram(spec, events or "all")
    elif kind == "pair":
        with progress_shown("diagram", quiet) as progress:
            graph = explore(Pair(spec, default_config(spec), fault_budget), progress=progress)
        if full and len(graph.states) > FULL_PRODUCT_LIMIT:
            instead = "try --fault-budget 0, or the projection" if fault_budget else \
                "draw the projection (without --full)"
            raise UsageError(f"--full: the product has {len(graph.states):,} joint states at "
                             f"fault budget {fault_budget}, too many to draw (at most "
                             f"{FULL_PRODUCT_LIMIT:,}); {instead}")
        diagram = (full_product_diagram(graph) if full
                   else pair_diagram(projection(graph), spec, steps=not no_steps))
    else:
        try:
            with progress_shown("diagram", quiet) as progress:
                diagram = trace_for(spec, fault_budget, row, prop, progress)
        except NothingToDraw as nothing:
            click.echo(f"prg: {nothing}", err=True)
            sys.exit(1)
    data = render(diagram, chosen_format, min_width or PNG_MIN_WIDTH)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        Path(output).write_bytes(data)
    except OSError as error:
        raise UsageError(f"-o {output}: cannot write: {error.strerror or error}") from None
    click.echo(f"prg: wrote the {diagram.name} diagram to {output}", err=True)
