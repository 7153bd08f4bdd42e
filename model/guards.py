"""Guard variables: what a rule may read, and the values each can take.

A guard is a conjunction of ``variable in {values}``. A rule reads its own node (``state``,
``reason``, ``saved``, the facts, ``healthy``, ``serves_own``), the peer as it is seen
(``peer.state`` is ``down`` when the peer is down), the pair (``ha``), which node it is
(``node``) and the configuration (``config.<option>``). A recommended action's condition reads
both nodes (``node1.*``, ``node2.*``) and ``normal``. A cluster rule's condition reads one node of the
cluster as it is shown. The domains here are what the loader
validates against and what a symbolic engine declares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .spec import DOWN, Value

NONE = "none"

#: Derived booleans, defined by the product (``prg.model.product``).
NODE_DERIVED = ("healthy", "serves_own", "serves_guests")


def node_domains(
    states: Sequence[str],
    reasons: Sequence[str],
    facts: Mapping[str, Sequence[str]],
    options: Mapping[str, Sequence[Value]],
) -> dict[str, frozenset[Value]]:
    """Every variable a rule's guard may name, with its values."""
    booleans = frozenset((True, False))
    own: dict[str, frozenset[Value]] = {
        "state": frozenset(states),
        "reason": frozenset(reasons),
        "saved": frozenset([*states, NONE]),
        **{name: frozenset(values) for name, values in facts.items()},
        **{name: booleans for name in NODE_DERIVED},
    }
    domains = dict(own)
    for name, values in own.items():
        if name == "saved":
            continue
        domains[f"peer.{name}"] = values | {DOWN} if name == "state" else values
    domains["ha"] = booleans
    domains["node"] = frozenset((1, 2))
    for key, option_values in options.items():
        domains[f"config.{key}"] = frozenset(option_values)
    return domains


def condition_domains(
    states: Sequence[str],
    reasons: Sequence[str],
    facts: Mapping[str, Sequence[str]],
) -> dict[str, frozenset[Value]]:
    """Every variable a recommended action's condition may name, with its values."""
    booleans = frozenset((True, False))
    domains: dict[str, frozenset[Value]] = {"normal": booleans}
    for node in ("node1", "node2"):
        domains[f"{node}.state"] = frozenset([*states, DOWN])
        domains[f"{node}.reason"] = frozenset(reasons)
        domains[f"{node}.healthy"] = booleans
        for name, values in facts.items():
            domains[f"{node}.{name}"] = frozenset(values)
    return domains


def cluster_node_domains(
    states: Sequence[str],
    reasons: Sequence[str],
    facts: Mapping[str, Sequence[str]],
) -> dict[str, frozenset[Value]]:
    """Every variable a cluster rule's condition may read of a node of the cluster, as the
    node is shown (``state`` is ``down`` while it is down), with its values."""
    return {
        "state": frozenset([*states, DOWN]),
        "reason": frozenset(reasons),
        "healthy": frozenset((True, False)),
        **{name: frozenset(values) for name, values in facts.items()},
    }


def holds(atoms: Iterable[tuple[str, frozenset[Value]]], view: Mapping[str, Value]) -> bool:
    """Whether every atom's variable takes one of its allowed values in ``view``."""
    return all(view[name] in allowed for name, allowed in atoms)
