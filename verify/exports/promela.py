"""The pair as a Promela model, for SPIN: an independent check of prg's own search.

The model is written from the spec's IR alone (it does not use prg's explorer): one process
picks a configuration, then takes one step at a time; each step is an ``atomic`` block for one
rule of one node (with the peer's reply to a message), or for a pair event. It keeps what
``prg.model.product`` keeps: per node the state, reason, saved state and facts; high
availability; the users of each home node. The safety properties (no split brain, no user lost,
no users added during failover, documented pairs) are assertions; each Table 2 row is a
reachability label. So that one run gives every verdict, a small C observer prints each
(node 1, node 2) pair, each row and each violated property the first time it is met
(``PAIR``, ``ROW``, ``VIOLATED`` lines); run ``pan`` with ``-c0`` to go on past violations.
"""

from __future__ import annotations

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

_BLOCK = 1 + len(USER_CATEGORIES)
_CATEGORY = {name: i + 1 for i, name in enumerate(USER_CATEGORIES)}


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
    """Promela expressions and statements for one spec and fault budget."""

    def __init__(self, spec: Spec, fault_budget: int) -> None:
        self.spec = spec
        self.semantics = NodeSemantics(spec)
        self.fault_budget = fault_budget
        self.names = numbering(spec)
        self.state_id = {s: i for i, s in enumerate(self.names.states)}
        self.reason_id = {r: i for i, r in enumerate(self.names.reasons)}
        self.explored = [o for o in spec.options if o.explore]
        self.fact_ids = _idents(f.name for f in spec.facts)
        self.config_ids = _idents(o.key for o in self.explored)

    # -- values and derived variables --------------------------------------------------------

    def fact(self, name: str, node: int | str) -> str:
        return f"f_{self.fact_ids[name]}[{node}]"

    def value_id(self, fact: str, value: str) -> int:
        return dict(self.names.facts)[fact].index(value)

    def up(self, node: int) -> str:
        terms = [f"{self.fact(name, node)} != {self.value_id(name, v)}"
                 for name, values in self.semantics.down_when.items() for v in values]
        return _all(terms)

    def healthy(self, node: int) -> str:
        terms = [f"{self.fact(name, node)} == {self.value_id(name, value)}"
                 for name, value in self.semantics.health.items()]
        return _all(terms)

    def services_run(self, node: int) -> str:
        """Its services run: it is up, or down only by values that leave them serving."""
        return _all([f"{self.fact(name, node)} != {self.value_id(name, v)}"
                     for name, values in self.semantics.stops_services.items() for v in values])

    def serves(self, node: int, group: str) -> str:
        states = [self.state_id[s.name] for s in self.spec.states
                  if s.name in self.semantics.serving[group]]
        return _all([self.services_run(node), f"HEALTHY{node}",
                     _any(f"n_st[{node}] == {i}" for i in states)])

    def faults(self, node: int) -> str:
        """The faults the node holds alone (``NodeInfo.faults``)."""
        terms = [f"({self.fact(name, node)} == {self.value_id(name, v)})"
                 for name, values in self.semantics.fault_when.items()
                 if name not in self.semantics.shared for v in values]
        return " + ".join(terms) or "0"

    def shared_fault(self, node: int) -> str:
        """It holds a fault of what lies between the nodes (``NodeInfo.shared_fault``)."""
        return _any(f"{self.fact(name, node)} == {self.value_id(name, v)}"
                    for name in sorted(self.semantics.shared)
                    for v in self.semantics.fault_when[name])

    def hears(self, node: int) -> str:
        """It hears its peer (``NodeInfo.hears``)."""
        return _all([f"{self.fact(name, node)} != {self.value_id(name, v)}"
                     for name, values in self.semantics.unheard_when.items() for v in values])

    def config(self, key: str) -> str:
        return f"cfg_{self.config_ids[key]}"

    # -- guards ----------------------------------------------------------------------------

    def atom(self, name: str, allowed: Iterable[Value], me: int) -> str:
        peer = 1 - me
        allowed = sorted(allowed, key=str)  # a guard's values are a set: one order every run
        facts = {f.name for f in self.spec.facts}
        if name == "node":
            return "1" if me + 1 in allowed else "0"
        if name == "ha":
            return _any(f"ha == {int(bool(v))}" for v in allowed)
        if name.startswith("config."):
            option = self.spec.option(name.removeprefix("config."))
            if not option.explore:
                return "1" if option.default in allowed else "0"
            return _any(f"{self.config(option.key)} == {option.values.index(v)}"
                        for v in allowed)
        node, variable = (peer, name.removeprefix("peer.")) if name.startswith("peer.") \
            else (me, name)
        if variable == "state" and node == peer:  # as node ``me`` sees it
            return _any(f"SEEN{me} == {self._state_or_down(v)}" for v in allowed)
        if variable in ("state", "saved"):
            array = "n_st" if variable == "state" else "n_sv"
            return _any(f"{array}[{node}] == {self._state_or_none(v)}" for v in allowed)
        if variable == "reason":
            return _any(f"n_rs[{node}] == {self._reason_or_none(v)}" for v in allowed)
        if variable in ("healthy", "serves_own", "serves_guests"):
            macro = {"healthy": "HEALTHY", "serves_own": "SOWN",
                     "serves_guests": "SGUEST"}[variable]
            wanted = {bool(v) for v in allowed}
            if wanted == {True, False}:
                return "1"
            return f"{macro}{node}" if True in wanted else f"!{macro}{node}"
        if variable in facts:
            return _any(f"{self.fact(variable, node)} == {self.value_id(variable, str(v))}"
                        for v in allowed)
        raise ValueError(f"guard variable {name!r}")

    def _state_or_down(self, value: Value) -> int:
        return self.names.down if value == DOWN else self.state_id[str(value)]

    def _state_or_none(self, value: Value) -> int:
        return self.state_id.get(str(value), self.names.no_state)

    def _reason_or_none(self, value: Value) -> int:
        return self.reason_id.get(str(value), self.names.no_reason)

    def enabled(self, rule: Rule, me: int) -> str:
        """Source and guard of ``rule`` for node ``me``, on the current values."""
        sources = _any(f"VIS{me} == {self._state_or_down(s)}" for s in sorted(rule.sources))
        return _all([sources, *(self.atom(n, a, me) for n, a in rule.guard.atoms)])

    # -- effects ---------------------------------------------------------------------------

    def apply(self, rule: Rule, me: int, peer_reason: str) -> list[str]:
        """Statements that apply ``rule`` to node ``me``; ``peer_reason`` is the expression of
        the reason a ``reason: from peer`` copies."""
        out = []
        if rule.target_state is not None:
            # NodeSemantics.saved_after, as statements.
            target = self.spec.state(rule.target_state)
            resuming = [self.state_id[s.name] for s in self.spec.states
                        if s.name in self.semantics.resuming]
            if target.name in self.semantics.resuming:
                was = _any(f"n_st[{me}] == {i}" for i in resuming)
                out.append(f"if :: !({was}) -> n_sv[{me}] = {self.persisted(me)} "
                           ":: else -> skip fi")
            else:
                out.append(f"n_sv[{me}] = {self.names.no_state}")
            out.append(f"n_st[{me}] = {self.state_id[target.name]}")
        if rule.reason_from_peer:
            out.append(f"n_rs[{me}] = {peer_reason}")
        elif rule.target_reason is not None:
            out.append(f"n_rs[{me}] = {self.reason_id[rule.target_reason]}")
        for name, value in rule.facts:
            out.append(f"{self.fact(name, me)} = {self.value_id(name, value)}")
        out.append(f"if :: !(UP{me}) -> n_st[{me}] = {self.persisted(me)}; "
                   f"n_rs[{me}] = {self.names.no_reason} :: else -> skip fi")
        return out

    def persisted(self, me: int) -> str:
        """``NodeSemantics.persisted`` of node ``me``'s state and reason, as an expression."""
        found = f"n_st[{me}]"
        for (source, shown), target in sorted(self.semantics.resumes_as.items()):
            found = (f"((n_st[{me}] == {self.state_id[source]} && n_rs[{me}] == "
                     f"{self.reason_id[shown]}) -> {self.state_id[target]} : {found})")
        return found

    def moves(self, moves: Iterable[tuple[Move, int]], max_users: str) -> list[str]:
        """Statements that move users on ``t_u``, clearing ``move_ok`` where a move cannot be made
        (the step is then undone)."""
        out = []
        for move, actor in moves:
            homes = (actor, 1 - actor)

            def slot(home: str, category: str, homes: tuple[int, int] = homes) -> int:
                return homes[0 if home == "self" else 1] * _BLOCK + _CATEGORY[category]

            if move.origin is None:
                count = move.count or 0
                assigned = f"t_u[{homes[0] * _BLOCK}]"
                take = [f"if :: t_u[0] + t_u[{_BLOCK}] + {count} > {max_users} -> move_ok = 0",
                        f":: else -> {assigned} = {assigned} + {count}; moved = {count}", "fi"]
            else:
                origin = slot(*move.origin)
                amount = f"t_u[{origin}]" if move.count is None else str(move.count)
                take = [f"if :: t_u[{origin}] < {amount} -> move_ok = 0",
                        f":: else -> moved = {amount}; t_u[{origin}] = t_u[{origin}] - moved", "fi"]
            give = [f"t_u[{slot(*d)}] = t_u[{slot(*d)}] + moved" for d in move.destinations]
            out.append(f"if :: move_ok -> {' '.join(take)}; if :: move_ok -> {'; '.join(give) or 'skip'}"
                       " :: else -> skip fi :: else -> skip fi")
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
        return _all([f"UP{node}",
                     _any(f"n_st[{node}] == {self.state_id[s]}" for s in side.states),
                     _any(f"n_rs[{node}] == {self.reason_id[r]}" for r in side.reasons or ())])

    def pattern(self, pattern: Pattern, node: int) -> str:
        up = _all([
            f"UP{node}",
            "1" if pattern.states is None else _any(
                f"n_st[{node}] == {self.state_id[s]}" for s in sorted(pattern.states)),
            "1" if pattern.reasons is None else _any(
                f"n_rs[{node}] == {self.reason_id[r]}" for r in sorted(pattern.reasons)),
        ]) if pattern.up else "0"
        return _any([up, self.down_by(pattern.down, node) if pattern.down else "0"])

    def down_by(self, causes: tuple[str, ...], node: int) -> str:
        """The node is down, by no fact but ``causes`` (``prg.model.table.down_by``)."""
        outside = [f"{self.fact(name, node)} != {self.value_id(name, v)}"
                   for name, values in self.semantics.down_when.items()
                   if name not in causes for v in values]
        return _all([f"!UP{node}", *outside])

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
            base = home * _BLOCK
            at_home, at_peer, out = (base + _CATEGORY[c] for c in USER_CATEGORIES)
            terms += [f"users[{at_home}] + users[{at_peer}] + users[{out}] == users[{base}]",
                      f"(users[{at_home}] == 0 || SOWN{home})",
                      f"(users[{at_peer}] == 0 || SGUEST{1 - home})"]
        return _all(terms)

    def failover_shown(self) -> str:
        states = [self.state_id[s.name] for s in self.spec.states if s.failover]
        return _any(f"(UP{n} && n_st[{n}] == {i})" for n in (0, 1) for i in states)


def to_promela(spec: Spec, fault_budget: int = 1) -> str:
    """The Promela model of the pair of ``spec`` in every explored configuration."""
    w = _Writer(spec, fault_budget)
    names = w.names
    _check_bytes(names)
    lines = [_comment(f"{spec.title}: the pair as a Promela model, written by prg from "
                      f"{spec.path}.\n   Fault budget {fault_budget}. States: "
                      + ", ".join(f"{i}={s}" for i, s in enumerate(names.states)) + "."), ""]
    lines += [f"byte n_st[2]; byte n_rs[2]; byte n_sv[2]; bool ha; byte users[{2 * _BLOCK}];"]
    lines += [f"byte f_{w.fact_ids[f.name]}[2];" for f in spec.facts]
    lines += [f"byte {w.config(o.key)};" for o in w.explored]
    # Hidden variables are not part of the state: the values before a step, the users
    # being moved, the bound on users added.
    lines += ["hidden byte o_st[2]; hidden byte o_rs[2]; hidden byte o_sv[2]; hidden byte o_ha;",
              f"hidden byte t_u[{2 * _BLOCK}]; hidden byte moved; hidden byte move_ok;",
              "hidden byte adding; hidden byte shown_failover; hidden byte max_users;"]
    lines += [f"hidden byte o_{w.fact_ids[f.name]}[2];" for f in spec.facts]
    for node in (0, 1):
        lines += [f"#define UP{node} ({w.up(node)})",
                  f"#define HEALTHY{node} ({w.healthy(node)})",
                  f"#define SOWN{node} ({w.serves(node, 'own')})",
                  f"#define SGUEST{node} ({w.serves(node, 'guests')})",
                  f"#define VIS{node} (UP{node} -> n_st[{node}] : {names.down})",
                  f"#define HEARS{node} ({w.hears(node)})",
                  f"#define RECV{node} (UP{node} && HEARS{node})",
                  f"#define FAULTS{node} ({w.faults(node)})",
                  f"#define SHARED{node} ({w.shared_fault(node)})"]
    for node in (0, 1):  # the peer as node ``node`` sees it: down where it is not heard
        lines.append(f"#define SEEN{node} (HEARS{node} -> VIS{1 - node} : {names.down})")
    # NodeSemantics.pair_faults, as an expression.
    budget_left = w.semantics.budget_left(
        _Expression("FAULTS0 + FAULTS1 + (SHARED0 || SHARED1)"), fault_budget)
    lines += [f"#define BUDGET_LEFT ({budget_left})", ""]
    lines += _observer(spec, w)
    lines += _save_and_finish(spec, w)
    lines += _process(spec, w)
    return "\n".join(lines) + "\n"


def _save_and_finish(spec: Spec, w: _Writer) -> list[str]:
    """``save()`` keeps the values before a step (to undo it where a user move cannot be
    made); ``finish()`` keeps the step's users or undoes it, and checks that no user was added
    while a node showed a failover state."""
    facts = [(w.fact(f.name, 0), w.fact(f.name, 1), f"o_{w.fact_ids[f.name]}")
             for f in spec.facts]
    users = range(2 * _BLOCK)
    added = 'c_code { violated("no_users_added_during_failover"); }; assert(!adding)'
    return [
        "inline save() {",
        "  o_st[0] = n_st[0]; o_st[1] = n_st[1]; o_rs[0] = n_rs[0]; o_rs[1] = n_rs[1];",
        "  o_sv[0] = n_sv[0]; o_sv[1] = n_sv[1]; o_ha = ha;",
        *(f"  {saved}[0] = {first}; {saved}[1] = {second};" for first, second, saved in facts),
        "  " + " ".join(f"t_u[{i}] = users[{i}];" for i in users),
        f"  move_ok = 1; adding = 0; shown_failover = ({w.failover_shown()})",
        "}",
        "inline finish() {",
        "  if",
        "  :: move_ok -> " + " ".join(f"users[{i}] = t_u[{i}];" for i in users),
        f"     if :: adding -> {added} :: else -> skip fi",
        "  :: else -> n_st[0] = o_st[0]; n_st[1] = o_st[1]; n_rs[0] = o_rs[0];",
        "     n_rs[1] = o_rs[1]; n_sv[0] = o_sv[0]; n_sv[1] = o_sv[1]; ha = o_ha;",
        *(f"     {first} = {saved}[0]; {second} = {saved}[1];" for first, second, saved in facts),
        "  fi",
        "}",
        "",
    ]


def _observer(spec: Spec, w: _Writer) -> list[str]:
    facts = len(spec.facts)
    # One 64-bit key per node: a byte each for the state, reason and saved state, and for each
    # fact as many bits as its values need.
    widths = [8, 8, 8, *(max(1, (len(f.values) - 1).bit_length()) for f in spec.facts)]
    if sum(widths) > KEY_BITS:
        raise PrgError(f"{spec.path}: facts: the Promela export keeps a node in {KEY_BITS} "
                       f"bits; the spec's {facts} facts need {sum(widths) - 24}, more than "
                       f"{KEY_BITS - 24}")
    fields = ["now.n_st[{n}]", "now.n_rs[{n}]", "now.n_sv[{n}]",
              *(f"now.f_{w.fact_ids[f.name]}[{{n}}]" for f in spec.facts)]
    keys = [" ".join(f"k{n} = (k{n} << {width}) | {field.format(n=n)};"
                     for field, width in zip(fields, widths, strict=True))
            for n in (0, 1)]
    shown = ", ".join(field.format(n=n) for n in (0, 1) for field in fields)
    formats = " ".join(["%d"] * (2 * (3 + facts)))
    out = [
        "c_code {",
        "  #define PRG_SLOTS (1 << 20)",
        "  static unsigned long long prg_pairs[PRG_SLOTS][2]; static char prg_used[PRG_SLOTS];",
        f"  static char prg_rows[{len(spec.rows) + 1}];",
        "  static const char *prg_violated[16]; static int prg_violations;",
        "  static void violated(const char *name) {",
        "    int i; for (i = 0; i < prg_violations; i++) if (prg_violated[i] == name) return;",
        "    prg_violated[prg_violations++] = name; printf(\"VIOLATED %s\\n\", name);",
        "  }",
        "  static void seen_row(int row) {",
        "    if (!prg_rows[row]) { prg_rows[row] = 1; printf(\"ROW %d\\n\", row); }",
        "  }",
        "}",
        "inline observe() {",
        "  c_code {",
        "    unsigned long long k0 = 0, k1 = 0, h;",
        f"    {keys[0]}",
        f"    {keys[1]}",
        "    h = ((k0 * 0x9E3779B97F4A7C15ULL) ^ (k1 * 0xC2B2AE3D27D4EB4FULL)) >> 44;",
        "    while (prg_used[h] && (prg_pairs[h][0] != k0 || prg_pairs[h][1] != k1))",
        "      h = (h + 1) & (PRG_SLOTS - 1);",
        "    if (!prg_used[h]) { prg_used[h] = 1; prg_pairs[h][0] = k0; prg_pairs[h][1] = k1;",
        f"      printf(\"PAIR {formats}\\n\", {shown}); }}",
        "  };",
    ]
    for row in spec.rows:
        expression = w.row(row, 0, 1)
        out.append(f"  if :: ({expression}) -> row_{row.id}: c_code {{ seen_row({row.id}); }} "
                   ":: else -> skip fi;")
    checks = {"documented_pairs": w.documented(), "no_user_lost": w.users_kept(),
              "no_split_brain": "!((SOWN0 && SGUEST1) || (SOWN1 && SGUEST0))"}
    for name, expression in checks.items():
        out.append(f"  if :: !({expression}) -> c_code {{ violated(\"{name}\"); }}; "
                   f"assert({expression}) :: else -> skip fi;")
    out += ["  skip", "}", ""]
    return out


def _process(spec: Spec, w: _Writer) -> list[str]:
    out = ["active proctype pair() {", "  atomic {"]
    users_option = next((o for o in spec.options if o.sets == "users"), None)
    ha_option = next((o for o in spec.options if o.sets == "ha"), None)
    for option in w.explored:
        choices = " ".join(f":: {w.config(option.key)} = {i}" for i in range(len(option.values)))
        out.append(f"    if {choices} fi;")
    initial_state = w.state_id[spec.initial.state]
    initial_reason = w.reason_id[spec.initial.reason]
    out.append(f"    n_st[0] = {initial_state}; n_st[1] = {initial_state}; n_rs[0] = {initial_reason};"
               f" n_rs[1] = {initial_reason}; n_sv[0] = {w.names.no_state}; "
               f"n_sv[1] = {w.names.no_state};")
    for fact in spec.facts:
        value = w.value_id(fact.name, fact.healthy)
        out.append(f"    {w.fact(fact.name, 0)} = {value}; {w.fact(fact.name, 1)} = {value};")
    out.append(_choose("ha", ha_option, w, lambda v: [f"ha = {int(bool(v))}"], ["ha = 1"]))
    modes = users_option.values if users_option else (next(iter(spec.initial.users)),)

    def users(mode: Value) -> list[str]:
        first, second = spec.initial.users[str(mode)]
        return [f"users[0] = {first}", f"users[1] = {first}", f"users[{_BLOCK}] = {second}",
                f"users[{_BLOCK + 1}] = {second}", f"max_users = {first + second + 1}"]

    out.append(_choose("users", users_option, w, users, users(modes[0])))
    # Every state is observed once it is current; a state where nothing is enabled loops on
    # itself (``else``) so that it is observed too.
    out += ["  };", "end:", "  do", "  :: atomic { observe();", "    if"]
    by_event: dict[str, list[Rule]] = {}
    for rule in spec.rules:
        by_event.setdefault(rule.event, []).append(rule)
    for me in (0, 1):
        peer = 1 - me
        for event in w.semantics.acting_events:
            for rule in by_event.get(event, ()):
                guard = w.enabled(rule, me)
                if w.semantics.is_fault(event):
                    guard = _all([guard, "BUDGET_LEFT"])
                body = ["save()", *w.apply(rule, me, f"o_rs[{peer}]")]
                if rule.high_availability is not None:
                    body.append(f"ha = {int(rule.high_availability)}")
                alone = [(m, me) for m in rule.moves]
                if _adds(rule.moves):
                    body.append("adding = shown_failover")
                replies = by_event.get(rule.send, []) if rule.send else []
                if replies:
                    no_reply = "; ".join(w.moves(alone, "max_users")) or "skip"
                    branches = [f":: !(RECV{peer}) -> {no_reply}"]
                    for reply in replies:
                        steps = w.apply(reply, peer, f"n_rs[{me}]")
                        if _adds(reply.moves):
                            steps.append("adding = shown_failover")
                        steps += w.moves([*alone, *((m, peer) for m in reply.moves)],
                                         "max_users")
                        branches.append(f":: (RECV{peer}) && ({w.enabled(reply, peer)}) -> "
                                        + "; ".join(steps))
                    body.append("if " + " ".join(branches) + f" :: else -> {no_reply} fi")
                else:
                    body += w.moves(alone, "max_users")
                out.append(f"    :: ({guard}) -> {_comment(f'{rule.id}, node {me + 1}')}")
                out += [f"       {statement};" for statement in body]
                out.append("       finish()")
    for event in w.semantics.pair_events:
        for first in by_event.get(event, ()):
            for second in by_event.get(event, ()):
                guard = _all([w.enabled(first, 0), w.enabled(second, 1)])
                if w.semantics.is_fault(event):
                    guard = _all([guard, "BUDGET_LEFT"])
                body = ["save()", *w.apply(first, 0, "o_rs[1]"), *w.apply(second, 1, "o_rs[0]")]
                for rule in (first, second):
                    if rule.high_availability is not None:
                        body.append(f"ha = {int(rule.high_availability)}")
                if _adds((*first.moves, *second.moves)):
                    body.append("adding = shown_failover")
                body += w.moves([*((m, 0) for m in first.moves), *((m, 1) for m in second.moves)],
                                "max_users")
                out.append(f"    :: ({guard}) -> {_comment(f'{first.id} + {second.id}')}")
                out += [f"       {statement};" for statement in body]
                out.append("       finish()")
    out += ["    :: else -> skip", "    fi }", "  od", "}"]
    return out


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
