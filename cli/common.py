"""Options the prg commands share, and loading the spec with what-if settings applied."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import click
from prg.model.cache import caching
from prg.model.load import load_spec
from prg.model.settings import parse_settings, with_settings
from prg.model.spec import Spec, Value

MAX_FAULT_BUDGET = 3

Command = TypeVar("Command", bound=Callable[..., Any])


class NonEmptyPath(click.Path):
    """A path on the command line; an empty one is refused, naming the option (the operating
    system would take it for the current folder, or for no file at all)."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value:
            self.fail("empty path", param, ctx)
        return super().convert(value, param, ctx)


def spec_option(command: Command) -> Command:
    return click.option(
        "--spec", "spec_path", type=NonEmptyPath(dir_okay=False), default=None,
        help="Spec file (default: the bundled presence redundancy group spec).")(command)


def format_option(command: Command) -> Command:
    return click.option(
        "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
        show_default=True, help="Output for people (text) or for programs (json).")(command)


def fault_budget_from(default: int) -> Callable[[Command], Command]:
    """The --fault-budget option, the same for every command that searches, with ``default``
    (1, but for a runbook: a procedure is meant for a healthy pair)."""
    def option(command: Command) -> Command:
        return click.option(
            "--fault-budget", type=click.IntRange(0, MAX_FAULT_BUDGET), default=default,
            show_default=True, help="How many faults may be outstanding at once.")(command)
    return option


fault_budget_option = fault_budget_from(1)


def cache_option(command: Command) -> Command:
    """The --no-cache option of every command that searches or proves. The command runs with
    the cache of what prg compiles from a spec (``prg.model.cache``: the searches' tables, the
    Z3 engine's encodings), or without it where asked, or where the cache directory cannot be
    written (said in one line on standard error)."""

    @functools.wraps(command)
    def with_cache(*args: Any, no_cache: bool, **kwargs: Any) -> Any:
        with caching(not no_cache) as problem:
            if problem is not None:
                click.echo(f"prg: warning: {problem}", err=True)
            return command(*args, **kwargs)

    option = click.option(
        "--no-cache", is_flag=True,
        help="Work out every search's steps and the Z3 engine's encoding from the rules, "
             "without reading or writing the cache of compiled tables ($XDG_CACHE_HOME/prg).")
    return option(cast(Command, with_cache))


def set_option(command: Command) -> Command:
    return click.option(
        "--set", "settings", multiple=True, metavar="NAME=VALUE",
        help="Fix a configuration option (repeatable), e.g. automatic_fallback=on, "
             "user_assignment_mode=Active-Standby; one the model does not read is refused.")(command)


def load_with_settings(spec_path: str | None,
                       settings: Sequence[str]) -> tuple[Spec, dict[str, Value]]:
    """The spec, with every ``NAME=VALUE`` setting applied, and the settings read."""
    spec = load_spec(spec_path)
    parsed = parse_settings(spec, settings)
    return with_settings(spec, parsed), parsed
