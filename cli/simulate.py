"""``prg simulate``: drive the pair event by event from Normal / Normal, from the command line
or interactively."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import click
from prg.model.errors import UsageError
from prg.model.product import default_config
from prg.model.simulate import Refused, Simulation, parse_step
from prg.model.traces import Trace, step_of
from prg.verify.formats.trace import trace_json, trace_text

from .common import fault_budget_option, format_option, load_with_settings, set_option, spec_option

HELP = ("type a number or EVENT@NODE (EVENT for an event of both nodes), "
        "u = undo, t = trace, q = quit")


def steps_taken(simulation: Simulation) -> Trace:
    """The steps taken so far."""
    return tuple(step_of(simulation.pair, label, joint) for label, joint in simulation.history)


@click.command("simulate")
@click.argument("events", nargs=-1)
@click.option("--interactive", "-i", is_flag=True,
              help="List the enabled events at each step and take the one you choose.")
@spec_option
@format_option
@fault_budget_option
@set_option
def simulate_command(events: tuple[str, ...], interactive: bool, spec_path: str | None,
                     output_format: str, fault_budget: int, settings: tuple[str, ...]) -> None:
    """Drive the pair event by event from Normal / Normal.

    Takes EVENTS in turn (each EVENT@NODE, as failover@1; an event of both nodes, as
    recovery, without @; add #RULE where an event can go more than one way) and prints each
    joint state. Exit 1 when an event is refused, with why."""
    spec, _ = load_with_settings(spec_path, settings)
    simulation = Simulation(spec, default_config(spec), fault_budget)
    steps = [parse_step(text) for text in events]
    refused: str | None = None
    for number, (event, node, rule) in enumerate(steps, 1):
        try:
            simulation.step(event, node, rule)
        except Refused as why:
            refused = f"event {number} ({events[number - 1]}): {why}"
            break
    if interactive:
        try:
            _interact(simulation, sys.stdin, refused)
        except KeyboardInterrupt:  # click would print a blank line before main's error
            raise click.exceptions.Abort() from None
    elif output_format == "json":
        click.echo(json.dumps({"trace": trace_json(steps_taken(simulation)), "refused": refused},
                              indent=2))
    else:
        click.echo(trace_text(steps_taken(simulation)))
        if refused:
            click.echo(f"refused: {refused}")
    sys.exit(1 if refused and not interactive else 0)


def _interact(simulation: Simulation, source: TextIO, refused: str | None) -> None:
    if refused:
        click.echo(f"refused: {refused}")
    click.echo(HELP)
    while True:
        trace = steps_taken(simulation)
        click.echo(trace_text(trace[-1:], first=len(trace) - 1))
        steps = simulation.steps()
        click.echo("enabled:")
        for number, step in enumerate(steps, 1):
            kind = simulation.spec.event(step.label.event).kind
            rules = ", ".join(step.label.rules)
            click.echo(f"  {number:>2}. {step}  ({kind}; {rules})")
        click.echo("> ", nl=False)
        line = source.readline()
        if not line:
            click.echo()
            return
        answer = line.strip()
        if answer in ("q", "quit"):
            return
        if answer in ("u", "undo"):
            simulation.undo()
        elif answer in ("t", "trace"):
            click.echo(trace_text(steps_taken(simulation)))
        elif answer.isdigit() and 1 <= int(answer) <= len(steps):
            simulation.take(steps[int(answer) - 1])
        elif answer:
            try:
                simulation.step(*parse_step(answer))
            except UsageError as why:  # a refusal or a name it does not know: ask again
                click.echo(f"refused: {why}" if isinstance(why, Refused) else f"error: {why}")
