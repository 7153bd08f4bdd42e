"""A search's compiled tables: the integers the explorer reads in place of working out the
steps of each pair of nodes from the rules' guards.

A search numbers what it meets: the nodes' local tuples, the labels of steps, the sets of user
moves and the controls, each a (node 1, node 2, ha) of the joint states. The tables hold those
numberings and, per control, its steps (label, control after, user moves), as flat arrays of
32-bit integers: the layout a search over arrays reads (``bench/array_search.py``). Strings
(states, reasons, facts, events, rule ids) are numbers into one list of symbols; a user move
is the spec's rule that makes it, its place among that rule's moves and the node that moves.

As bytes, the tables are a line naming the format, a line with the sha256 of the rest, then a
JSON line (the symbols and each array's length) and the arrays, little-endian. ``from_bytes``
checks the sha256 before it reads anything else, then that every number points inside what it
numbers: bytes that fail either are ``BadTables``, never a graph.
"""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import accumulate, pairwise

import numpy as np

from .node import Local
from .product import Label, MoveSet, Pair
from .spec import Move, Spec

FORMAT = b"prg compiled tables 1\n"
#: Integers per label: event, node (1, 2, or 0 for a pair event), first rule, second rule.
LABEL_WIDTH = 4
#: Integers per user move: the rule's index in the spec, the move's index in the rule's moves,
#: the node (0 or 1) that moves as ``self``.
MOVE_WIDTH = 3
#: Integers per control: node 1, node 2, ha (0 or 1).
CONTROL_WIDTH = 3
_INT = "i"
if array(_INT).itemsize != 4:  # pragma: no cover - every platform prg runs on
    _INT = "l"


class BadTables(ValueError):
    """Bytes that are not compiled tables: a wrong checksum, or a number out of range."""


def _ints(values: Sequence[int]) -> array[int]:
    return array(_INT, values)


@dataclass(frozen=True)
class Tables:
    """One search's numberings and steps, as integers (see the module's docstring)."""

    symbols: tuple[str, ...]
    #: How many symbols one local tuple holds.
    local_width: int
    #: Per node, its local tuple: ``local_width`` symbols.
    locals: array[int]
    #: Per label, ``LABEL_WIDTH`` integers: its event, its node, its rules (-1 for none).
    labels: array[int]
    #: Per set of user moves, where its moves start in ``moves``; then where the last ends.
    move_starts: array[int]
    #: Per user move, ``MOVE_WIDTH`` integers.
    moves: array[int]
    #: Per control, ``CONTROL_WIDTH`` integers.
    controls: array[int]
    #: Per control, how many steps it has (-1 where the search did not work them out); its
    #: steps follow those of the controls before it.
    step_counts: array[int]
    #: Per step, its label.
    step_labels: array[int]
    #: Per step, the control after it.
    step_controls: array[int]
    #: Per step, its set of user moves (0: none).
    step_moves: array[int]

    def to_bytes(self) -> bytes:
        """The tables as a file holds them."""
        arrays = {item.name: getattr(self, item.name) for item in fields(self)
                  if isinstance(getattr(self, item.name), array)}
        header = json.dumps({"symbols": self.symbols, "local_width": self.local_width,
                             "lengths": {name: len(values) for name, values in arrays.items()}})
        body = [header.encode() + b"\n"]
        for values in arrays.values():
            if sys.byteorder == "big":  # pragma: no cover - the file is little-endian
                values = array(_INT, values)
                values.byteswap()
            body.append(values.tobytes())
        rest = b"".join(body)
        return FORMAT + hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest

    def control_triples(self) -> list[tuple[int, int, bool]]:
        """Each control's (node 1, node 2, ha), by number."""
        table = _numbers(self.controls).reshape(-1, CONTROL_WIDTH)
        if not len(table):
            return []
        # One int object per node id, shared by every triple: a pair may have hundreds of
        # thousands of triples and only thousands of node ids.
        ids = list(range(int(table[:, :2].max()) + 1))
        return list(zip(map(ids.__getitem__, table[:, 0].tolist()),
                        map(ids.__getitem__, table[:, 1].tolist()),
                        map(bool, table[:, 2].tolist()), strict=True))

    def worked_out(self) -> Iterator[tuple[int, int, int]]:
        """Each control whose steps the search worked out, with where they start and end in
        the step arrays."""
        counts = self.step_counts.tolist()
        starts = accumulate((max(count, 0) for count in counts), initial=0)
        for control, (count, start) in enumerate(zip(counts, starts)):
            if count >= 0:
                yield control, start, start + count

    def numbering(self, spec: Spec) -> tuple[list[Local], list[Label], list[MoveSet]]:
        """The nodes' local tuples, the labels and the sets of user moves, as
        ``Pair.number_as`` takes them. ``BadTables`` where a move is not one of ``spec``'s, or
        something is numbered twice."""
        symbols = self.symbols
        width = self.local_width
        flat = self.locals.tolist()
        locals_: list[Local] = [
            tuple(symbols[s] for s in flat[i:i + width])  # type: ignore[misc]
            for i in range(0, len(flat), width)]
        flat = self.labels.tolist()
        labels = [Label(symbols[flat[i]], flat[i + 1] or None,
                        tuple(symbols[r] for r in flat[i + 2:i + LABEL_WIDTH] if r >= 0))
                  for i in range(0, len(flat), LABEL_WIDTH)]
        flat = self.moves.tolist()
        moves: list[tuple[Move, int]] = []
        for i in range(0, len(flat), MOVE_WIDTH):
            rule, move, actor = flat[i:i + MOVE_WIDTH]
            if rule >= len(spec.rules) or move >= len(spec.rules[rule].moves):
                raise BadTables(f"move {i // MOVE_WIDTH} is not one of the spec's")
            moves.append((spec.rules[rule].moves[move], actor))
        starts = self.move_starts.tolist()
        move_sets = [tuple(moves[start:end]) for start, end in pairwise(starts)]
        for name, numbered in (("node", locals_), ("label", labels), ("set of moves", move_sets),
                               ("control", self.control_triples())):
            if len(set(numbered)) != len(numbered):
                raise BadTables(f"a {name} is numbered twice")
        return locals_, labels, move_sets


def compile_tables(pair: Pair, controls: Sequence[tuple[int, int, bool]],
                   step_counts: Sequence[int], step_labels: Sequence[int],
                   step_controls: Sequence[int], step_moves: Sequence[int]) -> Tables:
    """The tables of a search over ``pair``: its ``controls`` by number, how many steps each
    has (-1 where it was not expanded), and the steps, control after control (see
    ``Tables``)."""
    locals_, labels, move_sets = pair.numbering()
    symbol_ids: dict[str, int] = {}

    def symbol(text: str) -> int:
        return symbol_ids.setdefault(text, len(symbol_ids))

    place: dict[Move, tuple[int, int]] = {}
    for rule_index, rule in enumerate(pair.spec.rules):
        for move_index, move in enumerate(rule.moves):
            place.setdefault(move, (rule_index, move_index))
    coded_locals = _ints([symbol(text) for local in locals_ for text in local])
    coded_labels = _ints([value for label in labels for value in (
        symbol(label.event), label.node or 0,
        *(symbol(rule) for rule in label.rules), *[-1] * (2 - len(label.rules)))])
    return Tables(
        tuple(symbol_ids), len(locals_[0]), coded_locals, coded_labels,
        _ints(list(accumulate((len(moves) for moves in move_sets), initial=0))),
        _ints([value for moves in move_sets for move, actor in moves
               for value in (*place[move], actor)]),
        _ints([value for n1, n2, ha in controls for value in (n1, n2, int(ha))]),
        _ints(step_counts), _ints(step_labels), _ints(step_controls), _ints(step_moves),
    )


def from_bytes(data: bytes) -> Tables:
    """The tables a file holds; ``BadTables`` where its checksum or a number is wrong."""
    if not data.startswith(FORMAT):
        raise BadTables("not compiled tables of this format")
    checksum, _, rest = data[len(FORMAT):].partition(b"\n")
    if hashlib.sha256(rest).hexdigest().encode() != checksum:
        raise BadTables("the checksum does not match")
    line, _, arrays = rest.partition(b"\n")
    try:
        header = json.loads(line)
        symbols = tuple(str(s) for s in header["symbols"])
        local_width = int(header["local_width"])
        lengths = {str(name): int(length) for name, length in header["lengths"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BadTables(f"a header that cannot be read: {error}") from error
    names = [item.name for item in fields(Tables)][2:]
    if list(lengths) != names or len(arrays) != 4 * sum(lengths.values()):
        raise BadTables("the arrays are not the format's")
    read = {}
    offset = 0
    for name in names:
        values = array(_INT)
        values.frombytes(arrays[offset:offset + 4 * lengths[name]])
        if sys.byteorder == "big":  # pragma: no cover - the file is little-endian
            values.byteswap()
        read[name] = values
        offset += 4 * lengths[name]
    tables = Tables(symbols, local_width, **read)
    _check_ranges(tables)
    return tables


def _numbers(values: array[int]) -> np.ndarray:
    """A table's numbers as an array, without copying them."""
    return np.frombuffer(values, dtype=np.int32) if len(values) else np.zeros(0, np.int32)


def _check_ranges(tables: Tables) -> None:
    """``BadTables`` unless every number of ``tables`` points inside what it numbers."""
    symbols = len(tables.symbols)
    width = tables.local_width
    if width < 1 or len(tables.locals) % width or not tables.locals:
        raise BadTables("the nodes are not whole local tuples")
    nodes = len(tables.locals) // width
    for name, values, size in (("labels", tables.labels, LABEL_WIDTH),
                               ("moves", tables.moves, MOVE_WIDTH),
                               ("controls", tables.controls, CONTROL_WIDTH)):
        if len(values) % size:
            raise BadTables(f"the {name} are not whole")
    labels = len(tables.labels) // LABEL_WIDTH
    move_sets = len(tables.move_starts) - 1
    controls = len(tables.controls) // CONTROL_WIDTH
    starts = tables.move_starts.tolist()
    if (not starts or starts[0] != 0 or starts[-1] != len(tables.moves) // MOVE_WIDTH
            or move_sets < 1 or starts[1] != 0
            or any(a > b for a, b in pairwise(starts))):
        raise BadTables("the sets of moves do not follow one another")
    counts = _numbers(tables.step_counts)
    steps = int(np.maximum(counts, 0).sum())
    if (len(counts) != controls or (counts.size and int(counts.min()) < -1)
            or not len(tables.step_labels) == len(tables.step_controls)
            == len(tables.step_moves) == steps):
        raise BadTables("the steps do not belong to the controls")
    for name, values, first, stride, low, high in (
        ("local tuple", tables.locals, 0, 1, 0, symbols),
        ("label's event", tables.labels, 0, LABEL_WIDTH, 0, symbols),
        ("label's node", tables.labels, 1, LABEL_WIDTH, 0, 3),
        ("label's first rule", tables.labels, 2, LABEL_WIDTH, 0, symbols),
        ("label's second rule", tables.labels, 3, LABEL_WIDTH, -1, symbols),
        ("move's rule", tables.moves, 0, MOVE_WIDTH, 0, sys.maxsize),
        ("move's place", tables.moves, 1, MOVE_WIDTH, 0, sys.maxsize),
        ("move's node", tables.moves, 2, MOVE_WIDTH, 0, 2),
        ("control's node 1", tables.controls, 0, CONTROL_WIDTH, 0, nodes),
        ("control's node 2", tables.controls, 1, CONTROL_WIDTH, 0, nodes),
        ("control's ha", tables.controls, 2, CONTROL_WIDTH, 0, 2),
        ("step's label", tables.step_labels, 0, 1, 0, labels),
        ("step's control", tables.step_controls, 0, 1, 0, controls),
        ("step's moves", tables.step_moves, 0, 1, 0, move_sets),
    ):
        part = _numbers(values)[first::stride]
        if part.size and not (low <= int(part.min()) and int(part.max()) < high):
            raise BadTables(f"a {name} out of range")
