"""Load a spec: YAML text to the frozen IR of ``prg.model.spec``, validated.

Every error names the file, the line and the field (``specs/x.yaml:120: rules[4].to: unknown
state 'Idel' (did you mean 'Idle'?)``). Each ``_check``/``_read`` function says one thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .errors import SpecError
from .guards import NODE_DERIVED, condition_domains, node_domains
from .mutant import is_mutant, patched, read_mutant
from .names import did_you_mean
from .spec import (
    ANY,
    COMPARISONS,
    DISCONNECTS,
    DOWN,
    EVENT_KINDS,
    SERVED_AGAIN,
    STATE_CLASSES,
    TIMER_STARTS,
    USER_CATEGORIES,
    Constraint,
    Decision,
    Event,
    Extension,
    Fact,
    FailureTiming,
    Guard,
    Ignored,
    Initial,
    Located,
    Move,
    Option,
    Parameter,
    Pattern,
    Reason,
    Row,
    RowSide,
    Rule,
    Spec,
    State,
    Step,
    Timing,
    Value,
)
from .yaml_lines import LDict, LList, read_yaml

DEFAULT_SPEC = Path(__file__).resolve().parent.parent / "specs" / "presence-redundancy.yaml"
#: The bundled spec is about 100 KiB; a file far larger (``/dev/zero``) is not read whole.
MAX_SPEC_BYTES = 16 << 20


def load_spec(path: str | Path | None = None) -> Spec:
    """Read and validate the spec at ``path`` (the bundled spec when None)."""
    spec_path = Path(path) if path is not None else DEFAULT_SPEC
    shown = str(path) if path is not None else _shown(spec_path)
    text = _read_text(spec_path, shown)
    if is_mutant(text):
        mutant = read_mutant(text, spec_path, shown)
        base_shown = _shown(mutant.base)
        try:
            base_text = _read_text(mutant.base, base_shown)
        except SpecError as error:
            raise SpecError(shown, None, "mutant.base", str(error)) from None
        if is_mutant(base_text):
            raise SpecError(shown, None, "mutant.base", f"{base_shown} is a mutant, not a spec")
        return load_spec_text(patched(mutant, base_text), f"{shown} (patched {base_shown})")
    return load_spec_text(text, shown)


def _read_text(path: Path, shown: str) -> str:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SPEC_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise SpecError(shown, None, "", f"cannot read spec: {reason}") from None
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError(shown, None, "", f"larger than {MAX_SPEC_BYTES >> 20} MiB: not a spec")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SpecError(shown, None, "", f"not UTF-8 text (byte {error.start})") from None


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_spec_text(text: str, path: str = "<spec>") -> Spec:
    """Validate spec YAML given as text; ``path`` is how errors name it."""
    document = read_yaml(text, path)
    if document is None:
        raise SpecError(path, None, "", "empty spec")
    return _Reader(path).read(document)


_TOP_LEVEL = (
    "title",
    "document",
    "parameters",
    "options",
    "facts",
    "states",
    "reasons",
    "events",
    "initial",
    "rules",
    "rows",
    "extensions",
    "ignored",
    "constraints",
    "timing",
    "decisions",
)

#: What a guard or an action's condition reads of a node besides its facts.
_NODE_VARIABLES = frozenset(("state", "reason", "saved", "ha", "node", "normal", *NODE_DERIVED))

_MOVE = re.compile(
    r"^\s*(?:(new)|(self|peer)\.(\w+))\s*->\s*(.*?)\s*(?:x([0-9]+))?\s*$",
)


class _Reader:
    """Builds the IR section by section; ``_fail`` turns any problem into a SpecError."""

    def __init__(self, path: str) -> None:
        self.path = path

    # -- plumbing ---------------------------------------------------------------------------

    def _fail(self, line: int | None, field: str, message: str) -> NoReturn:
        raise SpecError(self.path, line, field, message)

    def _mapping(self, value: Any, line: int, field: str) -> LDict:
        if not isinstance(value, LDict):
            self._fail(line, field, f"expected a mapping, got {_kind(value)}")
        return value

    def _list(self, value: Any, line: int, field: str) -> LList:
        if not isinstance(value, LList):
            self._fail(line, field, f"expected a list, got {_kind(value)}")
        return value

    def _str(self, item: LDict, key: str, field: str, *, required: bool = True) -> str:
        if key not in item:
            if required:
                self._fail(item.line, f"{field}.{key}", "missing")
            return ""
        value = item[key]
        if not isinstance(value, str) or not value.strip():
            self._fail(item.lines[key], f"{field}.{key}", f"expected text, got {_kind(value)}")
        return value.strip()

    def _keys(self, item: LDict, field: str, allowed: Iterable[str]) -> None:
        allowed_keys = tuple(allowed)
        for key in item:
            if key not in allowed_keys:
                self._fail(item.lines[key], f"{field}.{key}", _unknown("key", key, allowed_keys))

    def _located(self, item: LDict, field: str) -> Located:
        source = self._str(item, "source", field)
        decision = self._str(item, "decision", field, required=False) or None
        return Located(item.line, source, decision)

    def _name(self, value: Any, line: int, field: str, known: Sequence[str], what: str) -> str:
        if not isinstance(value, str) or value not in known:
            self._fail(line, field, _unknown(what, value, known))
        return value

    def _names(
        self, value: Any, line: int, field: str, known: Sequence[str], what: str
    ) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [value]
        if not values:
            self._fail(line, field, f"empty list of {what}s")
        return tuple(self._name(v, line, field, known, what) for v in values)

    def _items(self, document: LDict, key: str) -> list[tuple[LDict, str]]:
        if key not in document:
            self._fail(document.line, key, "missing section")
        items = self._list(document[key], document.lines[key], key)
        result = []
        for index, (item, line) in enumerate(zip(items, items.lines, strict=True)):
            field = f"{key}[{index}]"
            result.append((self._mapping(item, line, field), field))
        return result

    def _unique(self, names: Iterable[tuple[str, int, str]], what: str) -> None:
        seen: set[str] = set()
        for name, line, field in names:
            if name in seen:
                self._fail(line, field, f"duplicate {what} {name!r}")
            seen.add(name)

    # -- sections ---------------------------------------------------------------------------

    def read(self, document: Any) -> Spec:
        document = self._mapping(document, 1, "spec")
        self._keys(document, "spec", _TOP_LEVEL)
        parameters = self._parameters(document)
        options = self._options(document)
        facts = self._facts(document)
        states = self._states(document, facts)
        reasons = self._reasons(document)
        events = self._events(document, parameters)
        state_names = [s.name for s in states]
        reason_names = [r.name for r in reasons]
        domains = node_domains(
            state_names,
            reason_names,
            {f.name: f.values for f in facts},
            {o.key: o.values for o in options},
        )
        initial = self._initial(document, state_names, reason_names, options)
        rules = self._rules(document, states, reason_names, facts, events, domains)
        conditions = condition_domains(
            state_names, reason_names, {f.name: f.values for f in facts}
        )
        rows = self._rows(document, state_names, reason_names, facts, events, conditions)
        extensions = self._extensions(document, state_names, reason_names)
        decisions = self._decisions(document)
        ignored = self._ignored(document, state_names, events, domains)
        constraints = self._constraints(document, parameters)
        timing = self._timing(document, parameters, options, events, len(rows))
        return Spec(
            path=self.path,
            title=self._str(document, "title", "spec"),
            document=self._str(document, "document", "spec"),
            states=states,
            reasons=reasons,
            facts=facts,
            events=events,
            rules=rules,
            rows=rows,
            extensions=extensions,
            parameters=parameters,
            options=options,
            decisions=decisions,
            initial=initial,
            ignored=ignored,
            constraints=constraints,
            timing=timing,
        )

    def _parameters(self, document: LDict) -> tuple[Parameter, ...]:
        result = []
        for item, field in self._items(document, "parameters"):
            self._keys(
                item,
                field,
                ("key", "name", "default", "minimum", "maximum", "unit", "source", "decision"),
            )
            key = self._str(item, "key", field)
            default = item.get("default")
            if isinstance(default, bool):
                minimum = maximum = None
            elif isinstance(default, int):
                minimum = self._bound(item, "minimum", field)
                maximum = self._bound(item, "maximum", field)
                if minimum is not None and maximum is not None and minimum > maximum:
                    self._fail(item.lines["minimum"], f"{field}.minimum", "exceeds maximum")
                if (minimum is not None and default < minimum) or (
                    maximum is not None and default > maximum
                ):
                    self._fail(
                        item.lines["default"],
                        f"{field}.default",
                        f"{default} is outside the valid range {minimum}..{maximum}",
                    )
            else:
                self._fail(
                    item.lines.get("default", item.line),
                    f"{field}.default",
                    f"expected an integer or true/false, got {_kind(default)}",
                )
            result.append(
                Parameter(
                    key=key,
                    name=self._str(item, "name", field),
                    default=default,
                    minimum=minimum,
                    maximum=maximum,
                    unit=self._str(item, "unit", field, required=False),
                    at=self._located(item, field),
                )
            )
        self._unique(((p.key, p.at.line, "parameters") for p in result), "parameter")
        return tuple(result)

    def _bound(self, item: LDict, key: str, field: str) -> int | None:
        if key not in item:
            return None
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self._fail(item.lines[key], f"{field}.{key}", f"expected an integer, got {_kind(value)}")
        return value

    def _options(self, document: LDict) -> tuple[Option, ...]:
        result = []
        for item, field in self._items(document, "options"):
            self._keys(
                item, field,
                ("key", "name", "values", "default", "explore", "sets", "source", "decision"),
            )
            values = self._list(item.get("values"), item.lines.get("values", item.line),
                                    f"{field}.values")
            if not values or not all(isinstance(v, str | int | bool) for v in values):
                self._fail(values.line, f"{field}.values", "expected a list of plain values")
            written = item.get("default")
            # 1 == true and 0.0 == false in Python: the default is the value equal to the one
            # written and of its type.
            default = next((v for v in values if v == written and type(v) is type(written)),
                           None)
            if default is None:
                self._fail(
                    item.lines.get("default", item.line),
                    f"{field}.default",
                    f"{_kind(written)} is not one of {list(values)}",
                )
            explore = item.get("explore", True)
            if not isinstance(explore, bool):
                self._fail(item.lines["explore"], f"{field}.explore", "expected true or false")
            sets = None
            if "sets" in item:
                sets = self._name(item["sets"], item.lines["sets"], f"{field}.sets",
                                  ("ha", "users"), "initial setting")
            result.append(
                Option(
                    key=self._str(item, "key", field),
                    name=self._str(item, "name", field),
                    values=tuple(values),
                    default=default,
                    explore=explore,
                    sets=sets,
                    at=self._located(item, field),
                )
            )
        self._unique(((o.key, o.at.line, "options") for o in result), "option")
        for role in ("ha", "users"):
            setting = [o for o in result if o.sets == role]
            if len(setting) > 1:
                self._fail(setting[1].at.line, "options", f"two options set the initial {role}")
        return tuple(result)

    def _facts(self, document: LDict) -> tuple[Fact, ...]:
        result = []
        for item, field in self._items(document, "facts"):
            self._keys(
                item,
                field,
                ("name", "values", "healthy", "down_when", "fault_when", "source", "decision"),
            )
            name = self._str(item, "name", field)
            if name in _NODE_VARIABLES or "." in name:
                self._fail(item.lines["name"], f"{field}.name",
                           f"{name!r} names a guard variable already (a fact's name is none "
                           f"of {', '.join(sorted(_NODE_VARIABLES))} and has no '.')")
            values_raw = self._list(item.get("values"), item.lines.get("values", item.line),
                                    f"{field}.values")
            values = tuple(str(v) for v in values_raw)
            if len(values) < 2 or len(set(values)) != len(values):
                self._fail(values_raw.line, f"{field}.values", "expected two or more distinct values")
            healthy = self._name(
                item.get("healthy"), item.lines.get("healthy", item.line), f"{field}.healthy",
                values, "value",
            )
            down_when = self._fact_values(item, "down_when", field, values)
            fault_when = self._fact_values(item, "fault_when", field, values)
            result.append(
                Fact(name, values, healthy, down_when, fault_when, self._located(item, field))
            )
        self._unique(((f.name, f.at.line, "facts") for f in result), "fact")
        return tuple(result)

    def _fact_values(
        self, item: LDict, key: str, field: str, values: Sequence[str]
    ) -> tuple[str, ...]:
        if key not in item:
            return ()
        raw = item[key]
        return self._names(raw, item.lines[key], f"{field}.{key}", values, "value")

    def _states(self, document: LDict, facts: Sequence[Fact]) -> tuple[State, ...]:
        fact_values = {f.name: f.values for f in facts}
        result = []
        for item, field in self._items(document, "states"):
            self._keys(
                item,
                field,
                ("name", "spellings", "class", "serves", "failover", "resumes", "implies",
                 "description", "source", "decision"),
            )
            klass = self._name(
                item.get("class"), item.lines.get("class", item.line), f"{field}.class",
                STATE_CLASSES, "state class",
            )
            serves_raw = item.get("serves", [])
            serves = self._names(
                serves_raw, item.lines.get("serves", item.line), f"{field}.serves",
                ("own", "guests"), "user group",
            ) if serves_raw else ()
            name = self._str(item, "name", field)
            if name in (DOWN, ANY):
                self._fail(item.lines["name"], f"{field}.name",
                           f"{name!r} is a word of the spec's own (from: {DOWN}, from: {ANY}), "
                           "not a state's name")
            result.append(
                State(
                    name=name,
                    spellings=self._spellings(item, field),
                    klass=klass,
                    serves=frozenset(serves),
                    failover=self._flag(item, "failover", field),
                    resumes=self._flag(item, "resumes", field),
                    implies=self._fact_changes(item, field, fact_values, key="implies"),
                    description=self._str(item, "description", field),
                    at=self._located(item, field),
                )
            )
        self._unique(((s.name, s.at.line, "states") for s in result), "state")
        return tuple(result)

    def _flag(self, item: LDict, key: str, field: str) -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            self._fail(item.lines[key], f"{field}.{key}", "expected true or false")
        return value

    def _reasons(self, document: LDict) -> tuple[Reason, ...]:
        result = []
        for item, field in self._items(document, "reasons"):
            self._keys(item, field, ("name", "spellings", "source", "decision"))
            result.append(
                Reason(self._str(item, "name", field), self._spellings(item, field),
                       self._located(item, field))
            )
        self._unique(((r.name, r.at.line, "reasons") for r in result), "reason")
        return tuple(result)

    def _spellings(self, item: LDict, field: str) -> tuple[str, ...]:
        spellings = item.get("spellings", [])
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            self._fail(item.lines.get("spellings", item.line), f"{field}.spellings",
                       "expected a list of text")
        return tuple(spellings)

    def _events(self, document: LDict, parameters: Sequence[Parameter]) -> tuple[Event, ...]:
        result = []
        parameter_keys = [p.key for p in parameters]
        switches = {p.key for p in parameters if isinstance(p.default, bool)}
        for item, field in self._items(document, "events"):
            self._keys(
                item,
                field,
                ("name", "kind", "scope", "parameter", "description", "source", "decision"),
            )
            kind = self._name(item.get("kind"), item.lines.get("kind", item.line),
                              f"{field}.kind", EVENT_KINDS, "event kind")
            scope = self._name(item.get("scope", "node"), item.lines.get("scope", item.line),
                               f"{field}.scope", ("node", "pair"), "scope")
            parameter = None
            if "parameter" in item:
                parameter = self._name(item["parameter"], item.lines["parameter"],
                                       f"{field}.parameter", parameter_keys, "parameter")
                if parameter in switches:  # a timer or a client's wait lasts seconds
                    self._fail(item.lines["parameter"], f"{field}.parameter",
                               f"{parameter!r} is true or false, not a time")
            result.append(
                Event(
                    name=self._str(item, "name", field),
                    kind=kind,
                    scope=scope,
                    parameter=parameter,
                    description=self._str(item, "description", field),
                    at=self._located(item, field),
                )
            )
        self._unique(((e.name, e.at.line, "events") for e in result), "event")
        return tuple(result)

    def _initial(
        self,
        document: LDict,
        states: Sequence[str],
        reasons: Sequence[str],
        options: Sequence[Option],
    ) -> Initial:
        if "initial" not in document:
            self._fail(document.line, "initial", "missing section")
        item = self._mapping(document["initial"], document.lines["initial"], "initial")
        self._keys(item, "initial", ("state", "reason", "users", "source"))
        state = self._name(item.get("state"), item.lines.get("state", item.line),
                           "initial.state", states, "state")
        reason = self._name(item.get("reason"), item.lines.get("reason", item.line),
                            "initial.reason", reasons, "reason")
        users_raw = self._mapping(item.get("users"), item.lines.get("users", item.line),
                                  "initial.users")
        modes = [str(m) for m in next((o.values for o in options if o.sets == "users"), ())]
        if not modes and len(users_raw) != 1:
            self._fail(users_raw.line, "initial.users",
                       "no option sets the user assignment mode: expected one entry, "
                       f"got {len(users_raw)}")
        users: dict[str, tuple[int, int]] = {}
        for mode, counts in users_raw.items():
            line = users_raw.lines[mode]
            if modes:
                self._name(mode, line, f"initial.users.{mode}", modes, "user assignment mode")
            if (
                not isinstance(counts, list)
                or len(counts) != 2
                or not all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 9
                           for c in counts)
            ):
                self._fail(line, f"initial.users.{mode}",
                           "expected [users of node 1, users of node 2], each 0..9")
            users[mode] = (counts[0], counts[1])
        for mode in modes:
            if mode not in users:
                self._fail(users_raw.line, "initial.users", f"no users for mode {mode!r}")
        return Initial(state, reason, users)

    def _rules(
        self,
        document: LDict,
        states: Sequence[State],
        reasons: Sequence[str],
        facts: Sequence[Fact],
        events: Sequence[Event],
        domains: Mapping[str, frozenset[Value]],
    ) -> tuple[Rule, ...]:
        state_names = [s.name for s in states]
        event_names = [e.name for e in events]
        fact_values = {f.name: f.values for f in facts}
        result = []
        for item, field in self._items(document, "rules"):
            self._keys(
                item,
                field,
                ("id", "on", "from", "when", "to", "reason", "set", "ha", "send", "users",
                 "choice", "needs_faults", "source", "decision"),
            )
            rule_id = self._str(item, "id", field)
            event = self._name(item.get("on"), item.lines.get("on", item.line), f"{field}.on",
                               event_names, "event")
            sources = self._sources(item, field, state_names)
            guard = self._guard(item, "when", field, domains)
            target = None
            if "to" in item:
                target = self._name(item["to"], item.lines["to"], f"{field}.to", state_names,
                                    "state")
            reason = None
            reason_from_peer = False
            if "reason" in item:
                if item["reason"] == "from peer":
                    reason_from_peer = True
                else:
                    reason = self._name(item["reason"], item.lines["reason"], f"{field}.reason",
                                        reasons, "reason")
            fact_changes = self._fact_changes(item, field, fact_values)
            ha = None
            if "ha" in item:
                if not isinstance(item["ha"], bool):
                    self._fail(item.lines["ha"], f"{field}.ha", "expected true or false")
                ha = item["ha"]
            send = None
            if "send" in item:
                send = self._name(item["send"], item.lines["send"], f"{field}.send",
                                  event_names, "event")
                if next(e for e in events if e.name == send).kind != "message":
                    self._fail(item.lines["send"], f"{field}.send",
                               f"event {send!r} is not a message")
            moves = self._moves(item, field)
            choice = self._str(item, "choice", field, required=False) or None
            needs_faults = item.get("needs_faults", 0)
            if isinstance(needs_faults, bool) or not isinstance(needs_faults, int) or not (
                0 <= needs_faults <= 9
            ):
                self._fail(item.lines.get("needs_faults", item.line), f"{field}.needs_faults",
                           "expected a number of faults 0..9")
            result.append(
                Rule(
                    id=rule_id,
                    event=event,
                    sources=sources,
                    guard=guard,
                    target_state=target,
                    target_reason=reason,
                    reason_from_peer=reason_from_peer,
                    facts=fact_changes,
                    high_availability=ha,
                    send=send,
                    moves=moves,
                    choice=choice,
                    needs_faults=needs_faults,
                    at=self._located(item, field),
                )
            )
        self._unique(((r.id, r.at.line, "rules") for r in result), "rule id")
        self._check_message_rules(result, events)
        return tuple(result)

    def _check_message_rules(self, rules: Sequence[Rule], events: Sequence[Event]) -> None:
        kinds = {e.name: e.kind for e in events}
        for rule in rules:
            if kinds[rule.event] == "message" and rule.send is not None:
                self._fail(rule.at.line, "send", "a rule that handles a message cannot send one")

    def _sources(self, item: LDict, field: str, states: Sequence[str]) -> frozenset[str]:
        line = item.lines.get("from", item.line)
        raw = item.get("from")
        known = [*states, DOWN, ANY]
        if isinstance(raw, LDict):
            self._keys(raw, f"{field}.from", ("not",))
            excluded = self._names(raw.get("not"), line, f"{field}.from.not", known, "state")
            return frozenset(s for s in states if s not in excluded)
        names = self._names(raw, line, f"{field}.from", known, "state")
        if ANY in names:
            return frozenset([*states, DOWN])
        return frozenset(names)

    def _guard(
        self, item: LDict, key: str, field: str, domains: Mapping[str, frozenset[Value]]
    ) -> Guard:
        if key not in item:
            return Guard()
        raw = self._mapping(item[key], item.lines[key], f"{field}.{key}")
        atoms = []
        for name, value in raw.items():
            line = raw.lines[name]
            where = f"{field}.{key}.{name}"
            if name not in domains:
                self._fail(line, where, _unknown("variable", name, list(domains)))
            domain = domains[name]
            if isinstance(value, LDict):
                self._keys(value, where, ("not",))
                excluded = self._values(value.get("not"), line, where, domain)
                allowed = domain - excluded
            else:
                allowed = self._values(value, line, where, domain)
            atoms.append((name, frozenset(allowed)))
        return Guard(tuple(atoms))

    def _values(
        self, raw: Any, line: int, where: str, domain: frozenset[Value]
    ) -> frozenset[Value]:
        values = raw if isinstance(raw, list) else [raw]
        if not values:
            self._fail(line, where, "empty list of values")
        for value in values:
            plain = isinstance(value, str | int | bool)  # a list or mapping cannot be hashed
            if not plain or value not in domain or isinstance(value, bool) != any(
                isinstance(d, bool) and d == value for d in domain
            ):
                shown = sorted(str(d) for d in domain)
                self._fail(line, where, _unknown("value", value, shown))
        return frozenset(values)

    def _fact_changes(
        self, item: LDict, field: str, facts: Mapping[str, Sequence[str]], key: str = "set"
    ) -> tuple[tuple[str, str], ...]:
        if key not in item:
            return ()
        raw = self._mapping(item[key], item.lines[key], f"{field}.{key}")
        changes = []
        for name, value in raw.items():
            line = raw.lines[name]
            self._name(name, line, f"{field}.{key}", list(facts), "fact")
            self._name(value, line, f"{field}.{key}.{name}", facts[name], "value")
            changes.append((name, value))
        return tuple(changes)

    def _moves(self, item: LDict, field: str) -> tuple[Move, ...]:
        if "users" not in item:
            return ()
        raw = self._list(item["users"], item.lines["users"], f"{field}.users")
        return tuple(
            self._move(text, line, f"{field}.users[{i}]")
            for i, (text, line) in enumerate(zip(raw, raw.lines, strict=True))
        )

    def _move(self, text: Any, line: int, where: str) -> Move:
        syntax = "expected 'self|peer|new.<category> -> self|peer.<category>[, ...] [xN]'"
        match = _MOVE.match(text) if isinstance(text, str) else None
        if match is None:
            self._fail(line, where, syntax)
        new, home, category, destinations_text, count_text = match.groups()
        origin = None if new else (home, self._category(category, line, where))
        destinations = []
        for part in (p.strip() for p in destinations_text.split(",")):
            if not part:
                self._fail(line, where, syntax)
            if "." not in part:
                self._fail(line, where, f"destination {part!r}: {syntax}")
            dest_home, dest_category = part.split(".", 1)
            if dest_home not in ("self", "peer"):
                self._fail(line, where, _unknown("node", dest_home, ("self", "peer")))
            destinations.append((dest_home, self._category(dest_category, line, where)))
        count = self._number(count_text, line, where) if count_text else None
        if new and count is None:
            self._fail(line, where, "new users need a count (x1)")
        return Move(origin, tuple(destinations), count, text.strip())

    def _number(self, digits: str, line: int, where: str) -> int:
        """A count or constant written with ``digits`` (0-9), at most a billion."""
        if len(digits.lstrip("0")) > 9:
            self._fail(line, where, f"{digits[:12]}... is too large (at most 999999999)")
        return int(digits)

    def _category(self, name: str, line: int, where: str) -> str:
        return self._name(name, line, where, USER_CATEGORIES, "user category")

    def _rows(
        self,
        document: LDict,
        states: Sequence[str],
        reasons: Sequence[str],
        facts: Sequence[Fact],
        events: Sequence[Event],
        conditions: Mapping[str, frozenset[Value]],
    ) -> tuple[Row, ...]:
        result = []
        for index, (item, field) in enumerate(self._items(document, "rows")):
            self._keys(item, field, ("id", "node1", "node2", "cause", "actions", "assumes",
                                     "source", "decision"))
            row_id = item.get("id")
            if row_id != index + 1:
                self._fail(item.lines.get("id", item.line), f"{field}.id",
                           f"expected {index + 1} (rows are numbered in Table 2 order)")
            node1 = self._row_side(item, "node1", field, states, reasons, facts)
            node2 = self._row_side(item, "node2", field, states, reasons, facts)
            actions = self._actions(item, field, events, conditions)
            assumes = self._guard(item, "assumes", field, conditions)
            result.append(
                Row(row_id, node1, node2, self._str(item, "cause", field), actions, assumes,
                    self._located(item, field))
            )
        return tuple(result)

    def _row_side(
        self,
        item: LDict,
        key: str,
        field: str,
        states: Sequence[str],
        reasons: Sequence[str],
        facts: Sequence[Fact],
    ) -> RowSide:
        where = f"{field}.{key}"
        side = self._mapping(item.get(key), item.lines.get(key, item.line), where)
        self._keys(side, where, ("state", "reason", "down", "as_written"))
        as_written = self._str(side, "as_written", where, required=False)
        if "down" in side:
            causes = self._names(side["down"], side.lines["down"], f"{where}.down",
                                 [f.name for f in facts], "fact")
            if "state" in side or "reason" in side:
                self._fail(side.line, where, "a node that is down has no state or reason")
            return RowSide(None, None, causes, as_written or "down")
        line = side.lines.get("state", side.line)
        row_states = self._names(side.get("state"), line, f"{where}.state", states, "state")
        row_reasons = self._names(side.get("reason"), side.lines.get("reason", side.line),
                                  f"{where}.reason", reasons, "reason")
        written = as_written or f"{' or '.join(row_states)} / {' or '.join(row_reasons)}"
        return RowSide(row_states, row_reasons, (), written)

    def _actions(
        self,
        item: LDict,
        field: str,
        events: Sequence[Event],
        conditions: Mapping[str, frozenset[Value]],
    ) -> tuple[Step, ...] | None:
        if item.get("actions") is None:
            return None
        raw = self._list(item["actions"], item.lines["actions"], f"{field}.actions")
        steps = []
        event_names = [e.name for e in events]
        for index, (step, line) in enumerate(zip(raw, raw.lines, strict=True)):
            where = f"{field}.actions[{index}]"
            step = self._mapping(step, line, where)
            self._keys(step, where, ("do", "node", "if", "text"))
            if "do" not in step:
                self._fail(step.line, f"{where}.do", "an action must name an event")
            event_name = self._name(step["do"], step.lines["do"], f"{where}.do", event_names,
                                    "event")
            event = next(e for e in events if e.name == event_name)
            if event.kind not in ("admin", "repair"):
                self._fail(step.lines["do"], f"{where}.do",
                           f"event {event_name!r} is a {event.kind}, not an action")
            node = step.get("node")
            if event.scope == "node" and node not in (1, 2):
                self._fail(step.lines.get("node", step.line), f"{where}.node",
                           "expected 1 or 2")
            if event.scope == "pair" and node is not None:
                self._fail(step.lines["node"], f"{where}.node",
                           f"{event_name!r} acts on the pair, not on a node")
            condition = self._guard(step, "if", where, conditions)
            steps.append(Step(event_name, node, condition, self._str(step, "text", where)))
        return tuple(steps)

    def _extensions(
        self, document: LDict, states: Sequence[str], reasons: Sequence[str]
    ) -> tuple[Extension, ...]:
        result = []
        for item, field in self._items(document, "extensions"):
            self._keys(item, field, ("node1", "node2", "why", "source", "decision"))
            result.append(
                Extension(
                    self._pattern(item, "node1", field, states, reasons),
                    self._pattern(item, "node2", field, states, reasons),
                    self._str(item, "why", field),
                    self._located(item, field),
                )
            )
        return tuple(result)

    def _pattern(
        self, item: LDict, key: str, field: str, states: Sequence[str], reasons: Sequence[str]
    ) -> Pattern:
        where = f"{field}.{key}"
        raw = item.get(key)
        if raw == DOWN:
            return Pattern(None, None, up=False, down=True)
        if raw == ANY:
            return Pattern(None, None, up=True, down=True)
        side = self._mapping(raw, item.lines.get(key, item.line), where)
        self._keys(side, where, ("state", "reason"))
        pattern_states = (
            frozenset(self._names(side["state"], side.lines["state"], f"{where}.state", states,
                                  "state"))
            if "state" in side else None
        )
        pattern_reasons = (
            frozenset(self._names(side["reason"], side.lines["reason"], f"{where}.reason",
                                  reasons, "reason"))
            if "reason" in side else None
        )
        return Pattern(pattern_states, pattern_reasons, up=True, down=False)

    def _ignored(
        self,
        document: LDict,
        states: Sequence[str],
        events: Sequence[Event],
        domains: Mapping[str, frozenset[Value]],
    ) -> tuple[Ignored, ...]:
        if "ignored" not in document:
            return ()
        event_names = [e.name for e in events]
        result = []
        for item, field in self._items(document, "ignored"):
            self._keys(item, field, ("on", "from", "when", "why", "source", "decision"))
            if "on" not in item:
                self._fail(item.line, f"{field}.on", "missing")
            ignored_events = self._names(item["on"], item.lines["on"], f"{field}.on",
                                         event_names, "event")
            if "from" not in item:
                self._fail(item.line, f"{field}.from", "missing")
            result.append(
                Ignored(
                    events=ignored_events,
                    sources=self._sources(item, field, states),
                    guard=self._guard(item, "when", field, domains),
                    why=self._str(item, "why", field),
                    at=self._located(item, field),
                )
            )
        return tuple(result)

    def _constraints(
        self, document: LDict, parameters: Sequence[Parameter]
    ) -> tuple[Constraint, ...]:
        if "constraints" not in document:
            return ()
        numeric = [p.key for p in parameters if not isinstance(p.default, bool)]
        result = []
        for item, field in self._items(document, "constraints"):
            self._keys(item, field, ("name", "require", "source", "decision"))
            name = self._str(item, "name", field)
            text = self._str(item, "require", field)
            line = item.lines["require"]
            terms, constant, comparison = self._inequality(text, line, f"{field}.require",
                                                           numeric)
            result.append(Constraint(name, text, terms, constant, comparison,
                                     self._located(item, field)))
        self._unique(((c.name, c.at.line, "constraints") for c in result), "constraint")
        return tuple(result)

    def _inequality(
        self, text: str, line: int, where: str, parameters: Sequence[str]
    ) -> tuple[tuple[tuple[str, int], ...], int, str]:
        """``text`` as ``sum(coefficient * parameter) + constant <comparison> 0``."""
        syntax = ("expected 'SUM COMPARISON SUM', each SUM of terms N, PARAMETER or N*PARAMETER "
                  "joined by + or -")
        tokens = _EXPRESSION_TOKEN.findall(text)
        comparisons = [i for i, token in enumerate(tokens) if token in COMPARISONS]
        if len(comparisons) != 1:
            self._fail(line, where, syntax)
        split = comparisons[0]
        coefficients: dict[str, int] = {}
        constant = 0
        for side, sign in ((tokens[:split], 1), (tokens[split + 1:], -1)):
            for term_sign, factor, name in self._terms(side, line, where, syntax):
                if name is None:
                    constant += sign * term_sign * factor
                    continue
                self._name(name, line, where, parameters, "parameter")
                coefficients[name] = coefficients.get(name, 0) + sign * term_sign * factor
        terms = tuple((name, c) for name, c in coefficients.items() if c != 0)
        return terms, constant, tokens[split]

    def _terms(
        self, tokens: Sequence[str], line: int, where: str, syntax: str
    ) -> list[tuple[int, int, str | None]]:
        """(sign, factor, parameter or None for a number) per term of a sum."""
        terms: list[tuple[int, int, str | None]] = []
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
                self._fail(line, where, syntax)
            number = _NUMBER.fullmatch(token)
            if number and tokens[position + 1:position + 2] == ["*"]:
                name = tokens[position + 2] if position + 2 < len(tokens) else ""
                if not _IDENTIFIER.fullmatch(name):
                    self._fail(line, where, syntax)
                terms.append((sign, self._number(token, line, where), name))
                position += 3
            elif number:
                terms.append((sign, self._number(token, line, where), None))
                position += 1
            elif _IDENTIFIER.fullmatch(token):
                terms.append((sign, 1, token))
                position += 1
            else:
                self._fail(line, where, syntax)
            expect_term = False
        if expect_term:
            self._fail(line, where, syntax)
        return terms

    def _timing(
        self,
        document: LDict,
        parameters: Sequence[Parameter],
        options: Sequence[Option],
        events: Sequence[Event],
        row_count: int,
    ) -> Timing | None:
        if "timing" not in document:
            return None
        item = self._mapping(document["timing"], document.lines["timing"], "timing")
        self._keys(item, "timing", ("heartbeat_interval", "relogin_lower", "relogin_upper",
                                    "slowdown", "failures", "source", "decision"))
        numeric = [p.key for p in parameters if not isinstance(p.default, bool)]

        def parameter(key: str) -> str:
            return self._name(item.get(key), item.lines.get(key, item.line), f"timing.{key}",
                              numeric, "parameter")

        interval = parameter("heartbeat_interval")
        lower, upper = parameter("relogin_lower"), parameter("relogin_upper")
        slowdown_option = slowdown_factor = None
        if "slowdown" in item:
            slowdown = self._mapping(item["slowdown"], item.lines["slowdown"], "timing.slowdown")
            self._keys(slowdown, "timing.slowdown", ("option", "factor"))
            slowdown_option = self._boolean_option(slowdown, "option", "timing.slowdown",
                                                   options)
            slowdown_factor = self._name(
                slowdown.get("factor"), slowdown.lines.get("factor", slowdown.line),
                "timing.slowdown.factor", numeric, "parameter",
            )
            factor = next(p for p in parameters if p.key == slowdown_factor)
            if factor.minimum is None or factor.minimum < 1:
                self._fail(slowdown.lines.get("factor", slowdown.line), "timing.slowdown.factor",
                           f"{slowdown_factor!r} may be below 1 (minimum {factor.minimum}): "
                           "a slowdown multiplies times, and cannot make a failure quicker")
        failures = []
        for entry, field in self._items(item, "failures"):
            failures.append(self._failure_timing(entry, f"timing.{field}", options, events,
                                                 row_count))
        return Timing(interval, lower, upper, slowdown_option, slowdown_factor, tuple(failures),
                      self._located(item, "timing"))

    def _boolean_option(
        self, item: LDict, key: str, field: str, options: Sequence[Option]
    ) -> str:
        booleans = [o.key for o in options if set(o.values) == {True, False}]
        return self._name(item.get(key), item.lines.get(key, item.line), f"{field}.{key}",
                          booleans, "true/false option")

    def _failure_timing(
        self,
        item: LDict,
        field: str,
        options: Sequence[Option],
        events: Sequence[Event],
        row_count: int,
    ) -> FailureTiming:
        self._keys(item, field, ("rows", "start", "fault", "timer", "timer_from",
                                 "disconnected", "served_again", "option", "slowed",
                                 "source", "decision"))
        rows_raw = item.get("rows")
        rows_line = item.lines.get("rows", item.line)
        rows: list[int] = [
            r for r in (rows_raw if isinstance(rows_raw, list) else [rows_raw])
            if isinstance(r, int) and not isinstance(r, bool) and 1 <= r <= row_count
        ]
        if not rows or len(rows) != (len(rows_raw) if isinstance(rows_raw, list) else 1):
            self._fail(rows_line, f"{field}.rows", f"expected Table 2 row numbers 1..{row_count}")
        kinds = {e.name: e for e in events}
        fault = None
        if "fault" in item:
            fault = self._name(item["fault"], item.lines["fault"], f"{field}.fault",
                               [e.name for e in events if e.kind == "fault"], "fault event")
        start = self._str(item, "start", field, required=fault is None) or f"{fault} on node 1"

        def choice(key: str, allowed: Sequence[str]) -> str:
            return self._name(item.get(key), item.lines.get(key, item.line), f"{field}.{key}",
                              allowed, key.replace("_", " "))

        timer = timer_from = option = None
        if "timer" in item:
            timer = self._name(item["timer"], item.lines["timer"], f"{field}.timer",
                               [e.name for e in events if e.kind == "timer"], "timer event")
            if kinds[timer].parameter is None:
                self._fail(item.lines["timer"], f"{field}.timer",
                           f"timer {timer!r} names no parameter")
            timer_from = choice("timer_from", TIMER_STARTS)
            if "option" in item:
                option = self._boolean_option(item, "option", field, options)
        else:
            for key in ("timer_from", "option"):
                if key in item:
                    self._fail(item.lines[key], f"{field}.{key}", "only a timer has one")
        return FailureTiming(
            rows=tuple(rows),
            start=start,
            fault=fault,
            timer=timer,
            timer_from=timer_from,
            disconnected=choice("disconnected", DISCONNECTS),
            served_again=choice("served_again", SERVED_AGAIN),
            option=option,
            slowed=self._flag(item, "slowed", field) if "slowed" in item else True,
            at=self._located(item, field),
        )

    def _decisions(self, document: LDict) -> tuple[Decision, ...]:
        result = []
        for item, field in self._items(document, "decisions"):
            self._keys(item, field, ("what", "why", "source"))
            result.append(
                Decision(
                    self._str(item, "what", field),
                    self._str(item, "why", field),
                    self._str(item, "source", field),
                    item.line,
                )
            )
        return tuple(result)


_EXPRESSION_TOKEN = re.compile(r"<=|>=|==|!=|<|>|\+|-|\*|[0-9]+|[A-Za-z_]\w*|\S")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_NUMBER = re.compile(r"[0-9]+")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _unknown(what: str, value: Any, known: Sequence[Any]) -> str:
    if isinstance(value, list | dict):  # never shown whole: an alias may repeat it vastly
        return f"expected a {what}, got {_kind(value)}"
    hint = did_you_mean(str(value), [str(k) for k in known])
    return f"unknown {what} {value!r}{hint}"
