"""The two small languages inside spec text: a user move (``self.at_home -> peer.at_peer x1``)
and a constraint's inequality (``heartbeat_timeout >= 2*heartbeat_interval + 1``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .load_core import fail, number, one_of, unknown
from .spec import COMPARISONS, USER_CATEGORIES, Move

_MOVE = re.compile(
    r"^\s*(?:(new)|(self|peer)\.(\w+))\s*->\s*(.*?)\s*(?:x([0-9]+))?\s*$",
)
_EXPRESSION_TOKEN = re.compile(r"<=|>=|==|!=|<|>|\+|-|\*|[0-9]+|[A-Za-z_]\w*|\S")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_NUMBER = re.compile(r"[0-9]+")

#: A term of a sum: (sign, factor, parameter or None for a number).
Term = tuple[int, int, str | None]


def parse_move(text: Any, line: int, where: str) -> Move:
    """The move written ``text``: from a category (or new users) to categories, maybe counted."""
    syntax = "expected 'self|peer|new.<category> -> self|peer.<category>[, ...] [xN]'"
    match = _MOVE.match(text) if isinstance(text, str) else None
    if match is None:
        fail(line, where, syntax)
    new, home, category, destinations_text, count_text = match.groups()
    origin = None if new else (home, _category(category, line, where))
    destinations = []
    for part in (p.strip() for p in destinations_text.split(",")):
        if not part:
            fail(line, where, syntax)
        if "." not in part:
            fail(line, where, f"destination {part!r}: {syntax}")
        dest_home, dest_category = part.split(".", 1)
        if dest_home not in ("self", "peer"):
            fail(line, where, unknown("node", dest_home, ("self", "peer")))
        destinations.append((dest_home, _category(dest_category, line, where)))
    count = number(count_text, line, where) if count_text else None
    if new and count is None:
        fail(line, where, "new users need a count (x1)")
    return Move(origin, tuple(destinations), count, text.strip())


def _category(name: str, line: int, where: str) -> str:
    return one_of(name, line, where, USER_CATEGORIES, "user category")


def parse_inequality(
    text: str, line: int, where: str, parameters: Sequence[str]
) -> tuple[tuple[tuple[str, int], ...], int, str]:
    """``text`` as ``sum(coefficient * parameter) + constant <comparison> 0``."""
    syntax = ("expected 'SUM COMPARISON SUM', each SUM of terms N, PARAMETER or N*PARAMETER "
              "joined by + or -")
    tokens = _EXPRESSION_TOKEN.findall(text)
    comparisons = [i for i, token in enumerate(tokens) if token in COMPARISONS]
    if len(comparisons) != 1:
        fail(line, where, syntax)
    split = comparisons[0]
    coefficients: dict[str, int] = {}
    constant = 0
    for side, sign in ((tokens[:split], 1), (tokens[split + 1:], -1)):
        for term_sign, factor, name in _terms(side, line, where, syntax):
            if name is None:
                constant += sign * term_sign * factor
                continue
            one_of(name, line, where, parameters, "parameter")
            coefficients[name] = coefficients.get(name, 0) + sign * term_sign * factor
    terms = tuple((name, c) for name, c in coefficients.items() if c != 0)
    return terms, constant, tokens[split]


def _terms(tokens: Sequence[str], line: int, where: str, syntax: str) -> list[Term]:
    """The terms of a sum, each a number or a parameter with a factor."""
    terms: list[Term] = []
    position = 0
    sign = 1
    expect_term = True
    while position < len(tokens):
        token = tokens[position]
        if token in ("+", "-") and not expect_term:
            sign = 1 if token == "+" else -1
            expect_term = True
            position += 1
            continue
        if not expect_term:
            fail(line, where, syntax)
        digits = _NUMBER.fullmatch(token)
        if digits and tokens[position + 1:position + 2] == ["*"]:
            name = tokens[position + 2] if position + 2 < len(tokens) else ""
            if not _IDENTIFIER.fullmatch(name):
                fail(line, where, syntax)
            terms.append((sign, number(token, line, where), name))
            position += 3
        elif digits:
            terms.append((sign, number(token, line, where), None))
            position += 1
        elif _IDENTIFIER.fullmatch(token):
            terms.append((sign, 1, token))
            position += 1
        else:
            fail(line, where, syntax)
        expect_term = False
    if expect_term:
        fail(line, where, syntax)
    return terms
