"""Table 2 and the recommended actions' conditions asked of many pairs of nodes at once agree
with the same questions asked of one pair at a time."""

from __future__ import annotations

from prg.model.explore import Graph, triples_of
from prg.model.spec import Guard, Spec
from prg.model.table import (
    condition_holds,
    condition_marks,
    row_acted_on_marks,
    rows_acted_on,
    rows_shown,
)


def test_the_rows_acted_on_agree_pair_by_pair(spec: Spec, default_graph: Graph) -> None:
    pair = default_graph.pair
    first, second = triples_of(default_graph).nodes
    acted_on = [{row.id for row in rows_acted_on(pair, (n1, n2, False, ()))}
                for n1, n2 in zip(first.tolist(), second.tolist(), strict=True)]
    shown = [{row.id for row in rows_shown(pair, n1, n2)}
             for n1, n2 in zip(first.tolist(), second.tolist(), strict=True)]
    also = 0
    for row in spec.rows:
        expected = [row.id in ids for ids in acted_on]
        assert row_acted_on_marks(pair, row, first, second).tolist() == expected, row.id
        also += sum(row.id in ids and row.id not in seen for ids, seen in zip(acted_on, shown))
    assert also  # some pairs are acted on by a row they do not show (``actions_also_from``)


def test_the_conditions_agree_pair_by_pair(spec: Spec, default_graph: Graph) -> None:
    pair = default_graph.pair
    first, second = triples_of(default_graph).nodes
    conditions: set[Guard] = {row.assumes for row in spec.rows}
    conditions |= {step.condition for row in spec.rows for step in row.actions or ()}
    conditions |= {also.condition for row in spec.rows for also in row.actions_also_from}
    assert any(name == "normal" for condition in conditions for name, _ in condition.atoms)
    for condition in conditions:
        expected = [condition_holds(pair, (n1, n2, False, ()), condition)
                    for n1, n2 in zip(first.tolist(), second.tolist(), strict=True)]
        assert condition_marks(pair, first, second, condition).tolist() == expected, condition
        assert any(expected), condition
