"""Questions asked of the nodes of a pair once, for the checks that read the answers per triple
of nodes (node 1, node 2, high availability: ``Graph.controls``, as arrays in
``prg.model.explore.triples_of``), per state or per step.

A pair has a few hundred nodes, a graph tens of thousands of triples and millions of steps.
A question that reads only some of what a node is (how Table 2 shows it, what it implies) has
one answer per *kind* of node: ``NodeKinds`` sorts a pair's nodes into kinds and asks each
question once per pair of kinds, for every graph of the pair; a question of one node is asked
once per node (``node_marks``). numpy indexing spreads the answers to the triples, and from
there to the states (``control``) and the steps.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar, cast
from weakref import WeakKeyDictionary

import numpy as np

from .explore import Triples
from .graphs import Array, Marks, distinct
from .product import Pair

_Answer = TypeVar("_Answer")


class NodeKinds:
    """The nodes of a pair (by id) sorted into kinds by ``kind_of``: what a family of questions
    reads of a node. Each question is asked of one example node of each kind, once per pair
    of kinds (node 1's, node 2's), and the answers are kept for every graph of the pair."""

    def __init__(self, pair: Pair, kind_of: Callable[[int], Hashable]) -> None:
        self.count = len(pair.nodes.locals)
        ids: dict[Hashable, int] = {}
        #: Per node, the id of its kind; per kind, the first node of it.
        self.kind = np.fromiter((ids.setdefault(kind_of(node), len(ids))
                                 for node in range(self.count)), np.int64, self.count)
        self.examples: list[int] = [0] * len(ids)
        for node in reversed(range(self.count)):
            self.examples[int(self.kind[node])] = node
        self._answers: dict[Hashable, dict[int, object]] = {}

    @property
    def kinds(self) -> int:
        return len(self.examples)

    def of_triples(self, triples: Triples) -> Array:
        """Per triple, the id of the pair of kinds of its nodes: node 1's kind times
        ``kinds``, plus node 2's."""
        first, second = triples.nodes
        pairs: Array = self.kind[first] * self.kinds + self.kind[second]
        return pairs

    def answers(self, question: Hashable, pairs: Array,
                answer: Callable[[int, int], _Answer]) -> list[_Answer]:
        """Per pair of kinds of ``pairs`` (ids), ``answer`` of an example node of each (node
        1's kind, node 2's); kept under the name ``question``."""
        known = self._answers.setdefault(question, {})
        found = []
        for pair in pairs.tolist():
            if pair not in known:
                first, second = divmod(pair, self.kinds)
                known[pair] = answer(self.examples[first], self.examples[second])
            found.append(known[pair])
        return cast(list[_Answer], found)

    def marks(self, question: Hashable, triples: Triples,
              answer: Callable[[int, int], bool]) -> Marks:
        """Per triple, ``answer`` of the kinds of its two nodes (as ``answers``)."""
        pairs = self.of_triples(triples)
        present = distinct(pairs)
        table = np.zeros(self.kinds * self.kinds, np.bool_)
        table[present] = self.answers(question, present, answer)
        marks: Marks = table[pairs]
        return marks


_KINDS: WeakKeyDictionary[Pair, dict[Hashable, NodeKinds]] = WeakKeyDictionary()


def node_kinds(pair: Pair, name: Hashable, kind_of: Callable[[int], Hashable]) -> NodeKinds:
    """The pair's nodes sorted by ``kind_of`` (kept under ``name``; sorted again where the pair
    has met new nodes since)."""
    by_name = _KINDS.setdefault(pair, {})
    found = by_name.get(name)
    if found is None or found.count != len(pair.nodes.locals):
        found = by_name[name] = NodeKinds(pair, kind_of)
    return found


_NODE_MARKS: WeakKeyDictionary[Pair, dict[Hashable, Marks]] = WeakKeyDictionary()


def node_marks(pair: Pair, question: Hashable, predicate: Callable[[int], bool],
               nodes: Array) -> Marks:
    """Per node of ``nodes`` (the pair's node ids), ``predicate`` of it. The answers are kept
    under the name ``question`` per node of the pair, each asked once for every graph of the
    pair: what a pair of nodes is made of one node at a time is then read by indexing."""
    known = _NODE_MARKS.setdefault(pair, {})
    found = known.get(question)
    size = len(pair.nodes.locals)
    if found is None or len(found) < size:
        begin = 0 if found is None else len(found)
        fresh = np.fromiter(map(predicate, range(begin, size)), np.bool_, size - begin)
        found = known[question] = fresh if found is None else np.concatenate((found, fresh))
    marks: Marks = found[nodes]
    return marks


def either_node_marks(pair: Pair, question: Hashable, predicate: Callable[[int], bool],
                      nodes: Sequence[Array], read: Sequence[int] = (0, 1)) -> Marks:
    """Per triple (its node ids in ``nodes``, node 1's then node 2's), whether ``predicate``
    holds of one of the nodes ``read`` (0: node 1, 1: node 2; none: never), each node asked
    once (``node_marks``)."""
    found = np.zeros(len(nodes[0]), np.bool_)
    for index in read:
        found |= node_marks(pair, question, predicate, nodes[index])
    return found

