"""The pair as a Promela model, for SPIN: an independent check of prg's own search.

The model is written from the spec's IR alone (it does not use prg's explorer): one process
picks a configuration, then takes one step at a time. It keeps what ``prg.model.product``
keeps: per node the state, reason, saved state and facts; high availability; the users of each
home node; each in as few bits as its values need. A step is one ``atomic`` sequence: the
observer, then one ``d_step`` for one rule of one node (with the peer's reply to a message) or
for a pair event; rules whose guards cannot hold together share one ``d_step``, which picks the
one enabled, and where the peer may reply in more than one way at once, each reply is a
``d_step`` of its own. The safety properties (no split brain, no user lost, no users added
during failover, documented pairs) are assertions. So that one run gives every verdict, the
observer prints each (node 1, node 2) pair, each Table 2 row and each violated property the
first time it is met (``PAIR``, ``ROW``, ``VIOLATED`` lines); run ``pan`` with ``-c0`` to go on
past violations.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from prg.model.errors import PrgError, UsageError
from prg.model.node import NodeSemantics
from prg.model.spec import (
    DOWN,
    USER_CATEGORIES,
    Move,
    Option,
    Pattern,
    Row,
    RowSide,
    Rule,
    Spec,
    Value,
)

#: The safety properties the model asserts, by their names in ``prg.verify.checks.properties``.
SAFETY = ("documented_pairs", "no_user_lost", "no_split_brain",
          "no_users_added_during_failover")

#: The bits of the key that the observer packs one node into (state, reason, saved state, facts).
KEY_BITS = 64

#: Per home node: the users assigned to it, then each category of ``USER_CATEGORIES``.
_SLOTS = ("assigned", *USER_CATEGORIES)


@dataclass(frozen=True)
class Numbering:
    """How names are numbered in the model, to read SPIN's output back."""

    states: tuple[str, ...]
    reasons: tuple[str, ...]
    facts: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def down(self) -> int:
        return len(self.states)

    @property
    def no_state(self) -> int:
        return len(self.states) + 1

    @property
    def no_reason(self) -> int:
        return len(self.reasons)

    def local(self, numbers: Sequence[int]) -> tuple[str, ...]:
        """A node's local tuple ``(state, reason, saved, *facts)`` from its numbers, in the
        words of ``prg.model.product`` (``none`` for no reason or saved state)."""
        state, reason, saved, *facts = numbers
        names = [self.states[state],
                 self.reasons[reason] if reason < len(self.reasons) else "none",
                 self.states[saved] if saved < len(self.states) else "none"]
        names += [values[v] for (_, values), v in zip(self.facts, facts, strict=True)]
        return tuple(names)


def numbering(spec: Spec) -> Numbering:
    return Numbering(tuple(s.name for s in spec.states), tuple(r.name for r in spec.reasons),
                     tuple((f.name, f.values) for f in spec.facts))


@dataclass(frozen=True)
class _Expression:
    """A Promela integer expression, compared as ``NodeSemantics`` compares numbers: its
    conditions come out as Promela text."""

    text: str

    def __lt__(self, other: int) -> str:
        return f"{self.text} < {other}"


class _Writer:
    """Promela expressions and statements for one spec and fault budget.

    Nodes are numbered 0 and 1 here, as in ``prg.model.product``; a node's variables carry its
    number in the document (``st1`` is node 1's state)."""

    def __init__(self, spec: Spec, fault_budget: int) -> None:
        self.spec = spec
        self.semantics = NodeSemantics(spec)
        self.fault_budget = fault_budget
        self.names = numbering(spec)
        self.state_id = {s: i for i, s in enumerate(self.names.states)}
        self.reason_id = {r: i for i, r in enumerate(self.names.reasons)}
        self.fact_values = dict(self.names.facts)
        self.explored = [o for o in spec.options if o.explore]
        self.fact_ids = _idents(f.name for f in spec.facts)
        self.config_ids = _idents(o.key for o in self.explored)
        self.by_event: dict[str, list[Rule]] = {}
        for rule in spec.rules:
            self.by_event.setdefault(rule.event, []).append(rule)

    # -- the variables of the state ------------------------------------------------------

    def state(self, node: int) -> str:
        return f"st{node + 1}"

    def reason(self, node: int) -> str:
        return f"rs{node + 1}"

    def saved(self, node: int) -> str:
        return f"sv{node + 1}"

    def fact(self, name: str, node: int) -> str:
        return f"f{node + 1}_{self.fact_ids[name]}"

    def users(self, home: int, slot: str) -> str:
        return f"u{home + 1}_{slot}"

    def config(self, key: str) -> str:
        return f"cfg_{self.config_ids[key]}"

    def local(self, node: int) -> list[str]:
        """Node ``node``'s variables in the order of its local tuple (``Numbering.local``)."""
        return [self.state(node), self.reason(node), self.saved(node),
                *(self.fact(f.name, node) for f in self.spec.facts)]

    def replies(self, rule: Rule) -> list[Rule]:
        """The peer's rules that may answer what ``rule`` sends."""
        return self.by_event.get(rule.send, []) if rule.send else []

    def steps(self) -> list[tuple[tuple[Rule, int], ...]]:
        """The rules of each kind of step, each with its node: a rule of a node (with a reply
        of the peer, or none), a pair of rules of a pair event."""
        found: list[tuple[tuple[Rule, int], ...]] = []
        for me in (0, 1):
            for event in self.semantics.acting_events:
                for rule in self.by_event.get(event, ()):
                    found.append(((rule, me),))
                    found += [((rule, me), (reply, 1 - me)) for reply in self.replies(rule)]
        for event in self.semantics.pair_events:
            found += [((first, 0), (second, 1)) for first in self.by_event.get(event, ())
                      for second in self.by_event.get(event, ())]
        return found

    def users_per_mode(self) -> list[tuple[int, int]]:
        """The users of node 1 and node 2 at the start, per user assignment mode."""
        option = next((o for o in self.spec.options if o.sets == "users"), None)
        modes = option.values if option else (next(iter(self.spec.initial.users)),)
        return [self.spec.initial.users[str(mode)] for mode in modes]

    def most_users(self) -> int:
        """The largest count of users a state may hold.

        A move adds users only where the bound ``max_users`` allows (``prg.model.product``);
        where no move has two destinations, no user is counted twice and no count exceeds it.
        Otherwise a state that counts more users than there can be is not expanded, as in
        prg's search, and from one that is, each move of a step can at most add the users it
        moves to each of its destinations."""
        most = max(sum(users) + 1 for users in self.users_per_mode())
        if not self.duplicating:
            return most
        return most * max(math.prod(1 + len(m.destinations) for rule, _ in step
                                    for m in rule.moves) for step in self.steps())

    @property
    def duplicating(self) -> bool:
        """Whether a move may count users twice (it has two destinations)."""
        return any(len(m.destinations) > 1 for rule in self.spec.rules for m in rule.moves)

    def declarations(self) -> list[str]:
        """Every variable of the state, in as few bits as its values need."""
        names = self.names
        node = [(self.state, len(names.states)), (self.reason, names.no_reason + 1),
                (self.saved, names.no_state + 1)]
        out = [_declare(self.config(o.key), len(o.values)) for o in self.explored]
        for n in (0, 1):
            out += [_declare(variable(n), count) for variable, count in node]
            out += [_declare(self.fact(f.name, n), len(f.values)) for f in self.spec.facts]
        out.append(_declare("ha", 2))
        out += [_declare(self.users(home, slot), self.most_users() + 1)
                for home in (0, 1) for slot in _SLOTS]
        return out

    # -- what the values mean ------------------------------------------------------------

    def value_id(self, fact: str, value: str) -> int:
        return self.fact_values[fact].index(value)

    def fact_in(self, name: str, node: int, values: Iterable[Value]) -> str:
        """Node ``node``'s fact ``name`` has one of ``values``."""
        known = self.fact_values[name]
        return _member(self.fact(name, node), [known.index(str(v)) for v in values
                                               if str(v) in known], len(known))

    def facts_outside(self, node: int, values: dict[str, tuple[str, ...]]) -> str:
        """None of node ``node``'s facts has one of the ``values`` given for it."""
        return _all([_member(self.fact(name, node),
                             [i for i, v in enumerate(self.fact_values[name]) if v not in these],
                             len(self.fact_values[name]))
                     for name, these in values.items()])

    def state_in(self, node: int, states: Iterable[str]) -> str:
        return _member(self.state(node), [self.state_id[s] for s in states],
                       len(self.names.states))

    def reason_in(self, node: int, reasons: Iterable[str]) -> str:
        return _member(self.reason(node), [self.reason_id[r] for r in reasons],
                       self.names.no_reason + 1)

    def up(self, node: int) -> str:
        return self.facts_outside(node, self.semantics.down_when)

    def healthy(self, node: int) -> str:
        return _all([self.fact_in(name, node, [value])
                     for name, value in self.semantics.health.items()])

    def services_run(self, node: int) -> str:
        """Its services run: it is up, or down only by values that leave them serving."""
        return self.facts_outside(node, self.semantics.stops_services)

    def serves(self, node: int, group: str) -> str:
        return _all([self.services_run(node), f"HEALTHY{node + 1}",
                     self.state_in(node, self.semantics.serving[group])])

    def faults(self, node: int) -> str:
        """The faults the node holds alone (``NodeInfo.faults``)."""
        terms = [f"({self.fact_in(name, node, values)})"
                 for name, values in self.semantics.fault_when.items()
                 if name not in self.semantics.shared and values]
        return " + ".join(terms) or "0"

    def shared_fault(self, node: int) -> str:
        """It holds a fault of what lies between the nodes (``NodeInfo.shared_fault``)."""
        return _any(self.fact_in(name, node, self.semantics.fault_when[name])
                    for name in sorted(self.semantics.shared))

    def hears(self, node: int) -> str:
        """It hears its peer (``NodeInfo.hears``)."""
        return self.facts_outside(node, self.semantics.unheard_when)

    def macros(self) -> list[str]:
        """What a node's values mean, as macros: ``VIS`` is its state, or the number that
        stands for down; ``SEEN`` is the peer's as the node sees it (down where unheard)."""
        down = self.names.down
        out = []
        for n in (0, 1):
            k = n + 1
            out += [f"#define UP{k} ({self.up(n)})",
                    f"#define HEALTHY{k} ({self.healthy(n)})",
                    f"#define SOWN{k} ({self.serves(n, 'own')})",
                    f"#define SGUEST{k} ({self.serves(n, 'guests')})",
                    f"#define VIS{k} (UP{k} -> {self.state(n)} : {down})",
                    f"#define HEARS{k} ({self.hears(n)})",
                    f"#define RECV{k} (UP{k} && HEARS{k})",
                    f"#define FAULTS{k} ({self.faults(n)})",
                    f"#define SHARED{k} ({self.shared_fault(n)})"]
        out += [f"#define SEEN1 (HEARS1 -> VIS2 : {down})",
                f"#define SEEN2 (HEARS2 -> VIS1 : {down})"]
        # NodeSemantics.pair_faults, as an expression.
        budget_left = self.semantics.budget_left(
            _Expression("FAULTS1 + FAULTS2 + (SHARED1 || SHARED2)"), self.fault_budget)
        failover = [s.name for s in self.spec.states if s.failover]
        bounded = _all(f"{self.users(home, slot)} <= max_users" for home in (0, 1)
                       for slot in _SLOTS) if self.duplicating else "1"
        out += [f"#define BUDGET_LEFT ({budget_left})", f"#define USERS_BOUNDED ({bounded})",
                "#define FAILOVER_SHOWN (" + _any(_all([f"UP{n + 1}", self.state_in(n, failover)])
                                                   for n in (0, 1)) + ")"]
        return out

    # -- guards ----------------------------------------------------------------------------

    def atom(self, name: str, allowed: Iterable[Value], me: int) -> str:
        peer = 1 - me
        allowed = sorted(allowed, key=str)  # a guard's values are a set: one order every run
        facts = {f.name for f in self.spec.facts}
        if name == "node":
            return "1" if me + 1 in allowed else "0"
        if name == "ha":
            return _member("ha", [int(bool(v)) for v in allowed], 2)
        if name.startswith("config."):
            option = self.spec.option(name.removeprefix("config."))
            if not option.explore:
                return "1" if option.default in allowed else "0"
            return _member(self.config(option.key),
                           [option.values.index(v) for v in allowed], len(option.values))
        node, variable = (peer, name.removeprefix("peer.")) if name.startswith("peer.") \
            else (me, name)
        if variable == "state" and node == peer:  # as node ``me`` sees it
            return self.visible_in(f"SEEN{me + 1}", allowed)
        if variable == "state":
            return self.state_in(node, [str(v) for v in allowed if str(v) in self.state_id])
        if variable == "saved":
            return _member(self.saved(node), [self.state_id.get(str(v), self.names.no_state)
                                              for v in allowed], self.names.no_state + 1)
        if variable == "reason":
            return _member(self.reason(node), [self.reason_id.get(str(v), self.names.no_reason)
                                               for v in allowed], self.names.no_reason + 1)
        if variable in ("healthy", "serves_own", "serves_guests"):
            macro = {"healthy": "HEALTHY", "serves_own": "SOWN",
                     "serves_guests": "SGUEST"}[variable]
            wanted = {bool(v) for v in allowed}
            if wanted == {True, False}:
                return "1"
            return f"{macro}{node + 1}" if True in wanted else f"!{macro}{node + 1}"
        if variable in facts:
            return self.fact_in(variable, node, allowed)
        raise ValueError(f"guard variable {name!r}")

    def visible_in(self, expression: str, states: Iterable[Value]) -> str:
        """``expression``, a state or the number that stands for down, is one of ``states``."""
        ids = [self.names.down if s == DOWN else self.state_id[str(s)] for s in states]
        return _member(expression, ids, len(self.names.states) + 1)

    def enabled(self, rule: Rule, me: int) -> str:
        """Source and guard of ``rule`` for node ``me``, on the current values."""
        return _all([self.visible_in(f"VIS{me + 1}", sorted(rule.sources)),
                     *(self.atom(n, a, me) for n, a in rule.guard.atoms)])

    # -- effects ---------------------------------------------------------------------------

    def apply(self, rule: Rule, me: int, peer_reason: str) -> list[str]:
        """Statements that apply ``rule`` to node ``me``; ``peer_reason`` is the expression of
        the reason a ``reason: from peer`` copies."""
        out = []
        state, reason, saved = self.state(me), self.reason(me), self.saved(me)
        if rule.target_state is not None:
            # NodeSemantics.saved_after, as statements.
            target = self.spec.state(rule.target_state)
            if target.name in self.semantics.resuming:
                was = self.state_in(me, self.semantics.resuming)
                out.append(f"if :: !({was}) -> {saved} = {self.persisted(me)} "
                           ":: else -> skip fi")
            else:
                out.append(f"{saved} = {self.names.no_state}")
            out.append(f"{state} = {self.state_id[target.name]}")
        if rule.reason_from_peer:
            out.append(f"{reason} = {peer_reason}")
        elif rule.target_reason is not None:
            out.append(f"{reason} = {self.reason_id[rule.target_reason]}")
        for name, value in rule.facts:
            out.append(f"{self.fact(name, me)} = {self.value_id(name, value)}")
        out.append(f"if :: !(UP{me + 1}) -> {state} = {self.persisted(me)}; "
                   f"{reason} = {self.names.no_reason} :: else -> skip fi")
        return out

    def written(self, rule: Rule, me: int) -> list[str]:
        """The variables ``apply(rule, me)`` may change."""
        out = [self.state(me), self.reason(me)]
        if rule.target_state is not None:
            out.append(self.saved(me))
        out += [self.fact(name, me) for name, _ in rule.facts]
        if rule.high_availability is not None:
            out.append("ha")
        return out

    def persisted(self, me: int) -> str:
        """``NodeSemantics.persisted`` of node ``me``'s state and reason, as an expression."""
        state, reason = self.state(me), self.reason(me)
        found = state
        for (source, shown), target in sorted(self.semantics.resumes_as.items()):
            found = (f"(({state} == {self.state_id[source]} && {reason} == "
                     f"{self.reason_id[shown]}) -> {self.state_id[target]} : {found})")
        return found

    def moves(self, moves: Iterable[tuple[Move, int]]) -> list[str]:
        """Statements that move users on ``t_u`` (the users of the step, by ``slot``), clearing
        ``move_ok`` where a move cannot be made (the step is then undone)."""
        out = []
        for move, actor in moves:
            homes = (actor, 1 - actor)

            def at(home: str, category: str, homes: tuple[int, int] = homes) -> str:
                return f"t_u[{_slot(homes[0 if home == 'self' else 1], category)}]"

            if move.origin is None:
                count = move.count or 0
                assigned = f"t_u[{_slot(homes[0], 'assigned')}]"
                total = f"t_u[{_slot(0, 'assigned')}] + t_u[{_slot(1, 'assigned')}]"
                take = [f"if :: {total} + {count} > max_users -> move_ok = 0",
                        f":: else -> {assigned} = {assigned} + {count}; moved = {count}", "fi"]
            elif move.count is None:
                origin = at(*move.origin)
                take = [f"moved = {origin}; {origin} = 0"]
            else:
                origin = at(*move.origin)
                take = [f"if :: {origin} < {move.count} -> move_ok = 0",
                        f":: else -> moved = {move.count}; {origin} = {origin} - moved", "fi"]
            give = [f"{at(*d)} = {at(*d)} + moved" for d in move.destinations]
            out.append(f"if :: move_ok -> {' '.join(take)}; if :: move_ok -> "
                       f"{'; '.join(give) or 'skip'} :: else -> skip fi :: else -> skip fi")
        return out

    # -- Table 2 ---------------------------------------------------------------------------

    def row(self, row: Row, first: int, second: int) -> str:
        """Node ``first`` and node ``second`` show the row (``prg.model.table.row_matches``)."""
        terms = [_all([self.side(one, first), self.side(other, second)])
                 for one, other in row.shown_as]
        return terms[0] if len(terms) == 1 else _any(terms)

    def side(self, side: RowSide, node: int) -> str:
        if side.states is None:
            return self.down_by(side.down_causes, node)
        return _all([f"UP{node + 1}", self.state_in(node, side.states),
                     self.reason_in(node, side.reasons or ())])

    def pattern(self, pattern: Pattern, node: int) -> str:
        up = _all([
            f"UP{node + 1}",
            "1" if pattern.states is None else self.state_in(node, sorted(pattern.states)),
            "1" if pattern.reasons is None else self.reason_in(node, sorted(pattern.reasons)),
        ]) if pattern.up else "0"
        return _any([up, self.down_by(pattern.down, node) if pattern.down else "0"])

    def down_by(self, causes: tuple[str, ...], node: int) -> str:
        """The node is down, by no fact but ``causes`` (``prg.model.table.down_by``)."""
        others = {name: values for name, values in self.semantics.down_when.items()
                  if name not in causes}
        return _all([f"!UP{node + 1}", self.facts_outside(node, others)])

    def documented(self) -> str:
        terms = []
        for row in self.spec.rows:
            for first, second in ((0, 1), (1, 0)):
                terms.append(self.row(row, first, second))
        for extension in self.spec.extensions:
            for first, second in ((0, 1), (1, 0)):
                terms.append(_all([self.pattern(extension.node1, first),
                                   self.pattern(extension.node2, second)]))
        return _any(terms)

    def users_kept(self) -> str:
        terms = []
        for home in (0, 1):
            at_home, at_peer, out = (self.users(home, c) for c in USER_CATEGORIES)
            terms += [f"{at_home} + {at_peer} + {out} == {self.users(home, 'assigned')}",
                      f"({at_home} == 0 || SOWN{home + 1})",
                      f"({at_peer} == 0 || SGUEST{2 - home})"]
        return _all(terms)


def _slot(home: int, category: str) -> int:
    """Where the users of ``home`` in ``category`` are kept while a step moves them."""
    return home * len(_SLOTS) + _SLOTS.index(category)


def to_promela(spec: Spec, fault_budget: int = 1) -> str:
    """The Promela model of the pair of ``spec`` in every explored configuration."""
    w = _Writer(spec, fault_budget)
    names = w.names
    _check_bytes(names)
    lines = [_comment(f"{spec.title}: the pair as a Promela model, written by prg from "
                      f"{spec.path}.\n   Fault budget {fault_budget}. States: "
                      + ", ".join(f"{i}={s}" for i, s in enumerate(names.states)) + "."), ""]
    lines += w.declarations()
    # Hidden variables are not part of the state: the values before a step (to undo it), the
    # users being moved, the bound on users added.
    lines += [f"hidden int t_u[{2 * len(_SLOTS)}]; hidden int moved; hidden byte move_ok;",
              "hidden byte adding; hidden byte shown_failover; hidden byte max_users;",
              "hidden byte " + "; hidden byte ".join(
                  f"o_{variable}" for variable in [*w.local(0), *w.local(1), "ha"]) + ";"]
    lines += w.macros()
    lines.append("")
    lines += _observer(spec, w)
    lines += _process(spec, w)
    return "\n".join(lines) + "\n"


def _declare(name: str, count: int) -> str:
    """A variable that holds the numbers below ``count``, in as few bits as they need."""
    return f"unsigned {name} : {max(1, (count - 1).bit_length())};"


def _step(w: _Writer, written: Sequence[str], statements: Sequence[str],
          moved: bool, adding: bool) -> list[str]:
    """The statements of a step: ``statements``, and where users are ``moved``, the undo when
    a move cannot be made, and the check of the users ``adding`` brought in."""
    if not moved:
        return list(statements)
    kept = [w.users(home, s) for home in (0, 1) for s in _SLOTS]
    finish = "; ".join(f"{variable} = t_u[{i}]" for i, variable in enumerate(kept))
    if adding:
        finish += "; users_added()"
    undo = "; ".join(f"{variable} = o_{variable}" for variable in dict.fromkeys(written))
    return [*statements, f"if :: move_ok -> {finish} :: else -> {undo} fi"]


def _begin(w: _Writer, written: Sequence[str], moved: bool, adding: bool) -> list[str]:
    """What a step with users ``moved`` keeps before it changes anything."""
    if not moved:
        return []
    kept = [w.users(home, s) for home in (0, 1) for s in _SLOTS]
    out = [" ".join(f"o_{variable} = {variable};" for variable in dict.fromkeys(written))
           .removesuffix(";"),
           "; ".join(f"t_u[{i}] = {variable}" for i, variable in enumerate(kept)),
           "move_ok = 1", "adding = 0"]
    if adding:
        out.append("shown_failover = FAILOVER_SHOWN")
    return out


def _observer(spec: Spec, w: _Writer) -> list[str]:
    facts = len(spec.facts)
    # One 64-bit key per node: a byte each for the state, reason and saved state, and for each
    # fact as many bits as its values need.
    widths = [8, 8, 8, *(max(1, (len(f.values) - 1).bit_length()) for f in spec.facts)]
    if sum(widths) > KEY_BITS:
        raise PrgError(f"{spec.path}: facts: the Promela export keeps a node in {KEY_BITS} "
                       f"bits; the spec's {facts} facts need {sum(widths) - 24}, more than "
                       f"{KEY_BITS - 24}")
    keys = [" ".join(f"k{n} = (k{n} << {width}) | now.{variable};"
                     for variable, width in zip(w.local(n), widths, strict=True))
            for n in (0, 1)]
    shown = ", ".join(f"(int) now.{variable}" for n in (0, 1) for variable in w.local(n))
    formats = " ".join(["%d"] * (2 * (3 + facts)))
    out = [
        "c_code {",
        "  #define PRG_SLOTS (1 << 20)",
        "  static unsigned long long prg_pairs[PRG_SLOTS][2]; static char prg_used[PRG_SLOTS];",
        f"  static char prg_rows[{len(spec.rows) + 1}]; static int prg_new;",
        "  static const char *prg_violated[16]; static int prg_violations;",
        "  static void violated(const char *name) {",
        "    int i; for (i = 0; i < prg_violations; i++) if (prg_violated[i] == name) return;",
        "    prg_violated[prg_violations++] = name; printf(\"VIOLATED %s\\n\", name);",
        "  }",
        "  static void seen_row(int row) {",
        "    if (!prg_rows[row]) { prg_rows[row] = 1; printf(\"ROW %d\\n\", row); }",
        "  }",
        "  /* Whether the (node 1, node 2) pair of the current state is met for the first time. */",
        "  static int new_pair(void) {",
        "    unsigned long long k0 = 0, k1 = 0, h;",
        f"    {keys[0]}",
        f"    {keys[1]}",
        "    h = ((k0 * 0x9E3779B97F4A7C15ULL) ^ (k1 * 0xC2B2AE3D27D4EB4FULL)) >> 44;",
        "    while (prg_used[h] && (prg_pairs[h][0] != k0 || prg_pairs[h][1] != k1))",
        "      h = (h + 1) & (PRG_SLOTS - 1);",
        "    if (prg_used[h]) return 0;",
        "    prg_used[h] = 1; prg_pairs[h][0] = k0; prg_pairs[h][1] = k1;",
        f"    printf(\"PAIR {formats}\\n\", {shown});",
        "    return 1;",
        "  }",
        "}",
        # What depends on the pair alone is checked the first time the pair is met.
        "inline observe() {",
        "  c_code { prg_new = new_pair(); };",
        "  if",
        "  :: c_expr { prg_new } ->",
    ]
    for row in spec.rows:
        out.append(f"     if :: ({w.row(row, 0, 1)}) -> c_code {{ seen_row({row.id}); }} "
                   ":: else -> skip fi;")
    checks = {"documented_pairs": w.documented(),
              "no_split_brain": "!((SOWN1 && SGUEST2) || (SOWN2 && SGUEST1))"}
    for name, expression in checks.items():
        out.append(f"     if :: !({expression}) -> c_code {{ violated(\"{name}\"); }}; "
                   f"assert({expression}) :: else -> skip fi")
    kept = w.users_kept()
    out += ["  :: else -> skip", "  fi;",
            f"  if :: !({kept}) -> c_code {{ violated(\"no_user_lost\"); }}; assert({kept})",
            "  :: else -> skip fi", "}",
            "inline users_added() {",
            "  if :: adding -> c_code { violated(\"no_users_added_during_failover\"); };",
            "     assert(!adding)", "  :: else -> skip fi", "}", ""]
    return out


@dataclass(frozen=True)
class _Option:
    """One way a step may go: its ``guard``, the statements of its ``d_step``, and where the
    peer may reply in more than one way at once, the ``replies`` that follow it, each a
    ``d_step`` of its own. ``conditions`` are what the guard asks of each variable, by node:
    two options whose conditions on one variable do not meet cannot both be enabled."""

    guard: str
    comment: str
    body: tuple[str, ...]
    conditions: tuple[tuple[tuple[int | str, str], frozenset[Value]], ...]
    replies: tuple[str, ...] = ()

    def excludes(self, other: _Option) -> bool:
        theirs = dict(other.conditions)
        return any(key in theirs and not allowed & theirs[key]
                   for key, allowed in self.conditions)


def _conditions(rule: Rule, me: int) -> dict[tuple[int | str, str], frozenset[Value]]:
    """What ``rule`` asks, on node ``me``, of each variable (``prg.model.spec.Guard``)."""
    found: dict[tuple[int | str, str], frozenset[Value]] = {(me, "source"): rule.sources}
    for name, allowed in rule.guard.atoms:
        key: tuple[int | str, str] = ("pair", name) if name == "ha" or name.startswith(
            "config.") else (me, name)
        found[key] = found[key] & allowed if key in found else frozenset(allowed)
    return found


def _groups(options: Sequence[_Option]) -> list[list[_Option]]:
    """The options in groups of options that exclude one another: one ``d_step`` holds a
    group (at most one of its options is enabled), so that SPIN tries fewer transitions from
    each state. An option followed by replies stays alone."""
    groups: list[list[_Option]] = []
    for option in options:
        home = next((g for g in groups if not option.replies and not g[0].replies
                     and all(option.excludes(o) for o in g)), None)
        if home is None:
            groups.append([option])
        else:
            home.append(option)
    return groups


def _process(spec: Spec, w: _Writer) -> list[str]:
    out = ["active proctype pair() {", "  atomic {"]
    ha_option = next((o for o in spec.options if o.sets == "ha"), None)
    users_option = next((o for o in spec.options if o.sets == "users"), None)
    for option in w.explored:
        choices = " ".join(f":: {w.config(option.key)} = {i}" for i in range(len(option.values)))
        out.append(f"    if {choices} fi;")
    initial_state = w.state_id[spec.initial.state]
    initial_reason = w.reason_id[spec.initial.reason]
    for n in (0, 1):
        out.append(f"    {w.state(n)} = {initial_state}; {w.reason(n)} = {initial_reason}; "
                   f"{w.saved(n)} = {w.names.no_state};")
        out.append("    " + " ".join(f"{w.fact(f.name, n)} = {w.value_id(f.name, f.healthy)};"
                                     for f in spec.facts))
    out.append(_choose("ha", ha_option, w, lambda v: [f"ha = {int(bool(v))}"], ["ha = 1"]))

    def users(mode: Value) -> list[str]:
        counts = spec.initial.users[str(mode)]
        return [f"{w.users(home, slot)} = {count}" for home, count in enumerate(counts)
                for slot in ("assigned", "at_home")] + [f"max_users = {sum(counts) + 1}"]

    out.append(_choose("users", users_option, w, users, users(next(iter(spec.initial.users)))))
    options = []
    for me in (0, 1):
        # Rules that hold many sources first: they leave the fewest groups.
        rules = [r for event in w.semantics.acting_events for r in w.by_event.get(event, ())]
        for rule in sorted(rules, key=lambda r: -len(r.sources)):
            options.append(_rule_option(w, rule, me, w.replies(rule)))
    for event in w.semantics.pair_events:
        for first in w.by_event.get(event, ()):
            for second in w.by_event.get(event, ()):
                options.append(_pair_option(w, first, second))
    # Every state is observed once it is current, by the first d_step of the step taken from
    # it; a state where nothing is enabled (or that counts more users than there can be) loops
    # on itself (``else``) so that it is observed too.
    out += ["  };", "end:", "  do", "  :: atomic {", "    d_step { observe() };", "    if"]
    for group in _groups(options):
        out += _group(group)
    out += ["    :: else -> skip", "    fi }", "  od", "}"]
    return out


def _group(group: Sequence[_Option]) -> list[str]:
    """The ``d_step`` of a group of options (and the replies of a lone option)."""
    if len(group) == 1:
        option = group[0]
        out = [f"    :: d_step {{ ({option.guard}) && USERS_BOUNDED -> {_comment(option.comment)}"]
        out += [f"       {statement};" for statement in option.body]
        out[-1] = out[-1].removesuffix(";") + (" };" if option.replies else " }")
        if option.replies:
            out += ["       if", *(f"       {line}" for line in option.replies), "       fi"]
        return out
    out = ["    :: d_step { (" + _any(o.guard for o in group) + ") && USERS_BOUNDED ->",
           "       if"]
    for option in group:
        out.append(f"       :: ({option.guard}) -> {_comment(option.comment)}")
        out += [f"          {statement};" for statement in option.body]
        out[-1] = out[-1].removesuffix(";")
    out.append("       fi }")
    return out


def _rule_option(w: _Writer, rule: Rule, me: int, replies: Sequence[Rule]) -> _Option:
    """The step of ``rule`` on node ``me``, with each of the peer's ``replies`` to what it
    sends."""
    peer = 1 - me
    guard = w.enabled(rule, me)
    if w.semantics.is_fault(rule.event):
        guard = _all([guard, "BUDGET_LEFT"])
    written = [*w.written(rule, me), *(v for r in replies for v in w.written(r, peer))]
    alone = [(m, me) for m in rule.moves]
    moved = bool(rule.moves) or any(r.moves for r in replies)
    adding = _adds(rule.moves) or any(_adds(r.moves) for r in replies)
    body = [*_begin(w, written, moved, adding), *w.apply(rule, me, w.reason(peer))]
    if rule.high_availability is not None:
        body.append(f"ha = {int(rule.high_availability)}")
    if _adds(rule.moves):
        body.append("adding = shown_failover")
    comment = f"{rule.id}, node {me + 1}"
    conditions = tuple(_conditions(rule, me).items())
    if not replies:
        return _Option(guard, comment, tuple(_step(w, written, [*body, *w.moves(alone)],
                                                   moved, adding)), conditions)
    branches = []
    for reply in replies:
        steps = w.apply(reply, peer, w.reason(me))
        if _adds(reply.moves):
            steps.append("adding = shown_failover")
        steps += w.moves([*alone, *((m, peer) for m in reply.moves)])
        branches.append((f"(RECV{peer + 1}) && ({w.enabled(reply, peer)})",
                         "; ".join(_step(w, written, steps, moved, adding))))
    no_reply = "; ".join(_step(w, written, w.moves(alone), moved, adding)) or "skip"
    reply_options = [_Option("", "", (), tuple(_conditions(r, peer).items())) for r in replies]
    if all(a.excludes(b) for i, a in enumerate(reply_options) for b in reply_options[i + 1:]):
        # At most one reply is enabled: the d_step picks it.
        choice = " ".join(f":: {when} -> {then}" for when, then in branches)
        return _Option(guard, comment, (*body, f"if {choice} :: else -> {no_reply} fi"),
                       conditions)
    return _Option(guard, comment, tuple(body), conditions, (
        *(f":: d_step {{ {when} -> {then} }}" for when, then in branches),
        f":: else -> d_step {{ {no_reply} }}"))


def _pair_option(w: _Writer, first: Rule, second: Rule) -> _Option:
    """The step of a pair event: ``first`` on node 1 and ``second`` on node 2."""
    guard = _all([w.enabled(first, 0), w.enabled(second, 1)])
    if w.semantics.is_fault(first.event):
        guard = _all([guard, "BUDGET_LEFT"])
    written = [*w.written(first, 0), *w.written(second, 1)]
    moves = [*((m, 0) for m in first.moves), *((m, 1) for m in second.moves)]
    moved = bool(moves)
    adding = _adds((*first.moves, *second.moves))
    # ``reason: from peer`` copies the peer's reason before the step.
    keep = [f"o_{w.reason(0)} = {w.reason(0)}"] if second.reason_from_peer else []
    body = [*_begin(w, written, moved, adding), *keep,
            *w.apply(first, 0, w.reason(1)), *w.apply(second, 1, f"o_{w.reason(0)}")]
    for rule in (first, second):
        if rule.high_availability is not None:
            body.append(f"ha = {int(rule.high_availability)}")
    if adding:
        body.append("adding = shown_failover")
    body += w.moves(moves)
    conditions = _conditions(first, 0)
    for key, allowed in _conditions(second, 1).items():
        conditions[key] = conditions[key] & allowed if key in conditions else allowed
    return _Option(guard, f"{first.id} + {second.id}",
                   tuple(_step(w, written, body, moved, adding)), tuple(conditions.items()))


def _adds(moves: Iterable[Move]) -> bool:
    return any(m.origin is None for m in moves)


def _choose(what: str, option: Option | None, w: _Writer,
            statements: Callable[[Value], list[str]], default: list[str]) -> str:
    """Statements that set ``what`` from ``option``: by the configuration chosen when the
    option is explored, else from its default."""
    if option is None:
        return "    " + "; ".join(default) + ";"
    if not option.explore:
        return "    " + "; ".join(statements(option.default)) + ";"
    branches = " ".join(f":: {w.config(option.key)} == {i} -> " + "; ".join(statements(v))
                        for i, v in enumerate(option.values))
    return f"    if {branches} fi; {_comment(what)}"


def _ident(name: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in name)


def _idents(names: Iterable[str]) -> dict[str, str]:
    """A Promela identifier part per name, each its own (``a-b`` and ``a_b``: ``a_b``,
    ``a_b_2``)."""
    found: dict[str, str] = {}
    for name in names:
        base = chosen = _ident(name)
        number = 2
        while chosen in found.values():
            chosen, number = f"{base}_{number}", number + 1
        found[name] = chosen
    return found


def _comment(text: str) -> str:
    """A Promela comment holding ``text``, which cannot end it early."""
    return "/* " + text.replace("*/", "* /") + " */"


def _check_bytes(names: Numbering) -> None:
    """Every number the model stores fits a byte, as the model declares it."""
    largest = max(names.no_state, names.no_reason, *(len(v) for _, v in names.facts))
    if largest > 255:
        raise UsageError(f"Promela export keeps a node's state, reason and facts in a byte each: "
                         f"{len(names.states)} states and {len(names.reasons)} reasons are too "
                         "many (at most 254 and 255)")


def _member(expression: str, values: Iterable[int], count: int) -> str:
    """``expression``, a number below ``count``, is one of ``values``: a comparison, or a test
    of one bit of a constant where there are several."""
    chosen = sorted({v for v in values if v < count})
    others = [v for v in range(count) if v not in chosen]
    if not others:
        return "1"
    if not chosen:
        return "0"
    if len(chosen) == 1:
        return f"{expression} == {chosen[0]}"
    if len(others) == 1:
        return f"{expression} != {others[0]}"
    if count <= 31:
        return f"(({sum(1 << v for v in chosen)} >> {expression}) & 1)"
    return _any(f"{expression} == {v}" for v in chosen)


def _all(terms: Iterable[str]) -> str:
    kept = [t for t in terms if t != "1"]
    if "0" in kept:
        return "0"
    return " && ".join(f"({t})" for t in kept) if kept else "1"


def _any(terms: Iterable[str]) -> str:
    kept = [t for t in terms if t != "0"]
    if "1" in kept:
        return "1"
    return " || ".join(f"({t})" for t in kept) if kept else "0"
