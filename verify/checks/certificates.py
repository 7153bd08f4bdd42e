"""Certificates of the Z3 engine's proofs: prove once, check every time.

When the Z3 engine proves a safety property it knows an inductive invariant: Spacer's
interpretation of the reachable frames, or, for a proof by 1-induction, the property itself
with the lemmas it assumed. A certificate is that invariant, written as SMT-LIB beside the spec
with the digest of what it was proved for. Checking it takes one inductiveness query, three
checks on one solver: every initial frame satisfies it, every step keeps it, and no frame that
satisfies it is bad. Whatever the file holds, a certificate that passes is a proof; one that
fails, or whose digest is not the spec's, is proved again and never trusted.

The invariant is checked together with the transition system's own invariants (the variables'
domains), which the check proves inductive with it rather than assuming them.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import z3  # type: ignore[import-untyped]
from prg.model.digest import canonical, spec_written, version
from prg.model.errors import PrgError
from prg.model.spec import USER_CATEGORIES, Spec
from prg.model.symbolic import Frame, SymbolicPair, TransitionSystem

from .engines import Bad

#: The tag of the frame a certificate's invariant is written over.
FRAME_TAG = "cert"
_HEADER = re.compile(r"^; (property|fault budget|scope|digest|method): (.*)$")
#: How a certificate file marks each clause of its invariant in words.
WORDS_MARK = " - "
_DECLARED = re.compile(r"\(declare-fun (\S+) \(\) (\w+)\)")


class BadCertificate(PrgError):
    """A certificate file that cannot be read: its path and what is wrong."""


@dataclass(frozen=True)
class Certificate:
    """An inductive invariant that proves ``property`` of a spec at ``fault_budget`` (with
    the findings of ``scope`` set aside, where it names any): over the frame ``FRAME_TAG`` of
    the spec's transition system; ``digest`` names what it was proved for, ``method`` how
    the invariant was found."""

    property: str
    fault_budget: int
    scope: str
    digest: str
    method: str
    invariant: z3.BoolRef
    #: The invariant in the spec's words (``invariant_words``), for people; not read back.
    words: tuple[str, ...] = ()


def digest(spec: Spec, fault_budget: int, scope: str = "") -> str:
    """What a certificate is about: the spec as loaded (wherever its file lies), the fault
    budget, the findings set aside and prg's version, which decides how the spec becomes a
    transition system."""
    text = canonical((spec_written(spec), fault_budget, scope, version()))
    return hashlib.sha256(text.encode()).hexdigest()


def over(system: TransitionSystem, invariant: z3.BoolRef, frame: Frame) -> z3.BoolRef:
    """A certificate's invariant (over the frame ``FRAME_TAG``) over ``frame``."""
    written = system.frame(FRAME_TAG)
    return z3.substitute(invariant, *((written[name], frame[name]) for name, _ in
                                      system.variables))


def certifies(system: TransitionSystem, bad: Bad, invariant: z3.BoolRef) -> bool:
    """Whether ``invariant``, with the system's own invariants, holds in every initial frame,
    is kept by every step and excludes ``bad``: then no reachable frame is bad."""
    before, after = system.frame("check0"), system.frame("check1")

    def holds(frame: Frame) -> z3.BoolRef:
        return z3.And(over(system, invariant, frame), system.invariants(frame))

    solver = z3.SolverFor("QF_LIA")
    if _sat(solver, system.init(before), z3.Not(holds(before))):
        return False
    solver.add(holds(before))
    if bad.state is not None and _sat(solver, bad.state(before)):
        return False
    solver.add(system.trans(before, after))
    if bad.step is not None and _sat(solver, bad.step(before, after)):
        return False
    return not _sat(solver, z3.Not(holds(after)))


def _sat(solver: z3.Solver, *goals: z3.BoolRef) -> bool:
    """Whether the solver's assertions and ``goals`` can hold together (unknown counts as
    possible: a check that cannot decide does not certify)."""
    solver.push()
    solver.add(*goals)
    found: bool = solver.check() != z3.unsat
    solver.pop()
    return found


def certificate_text(certificate: Certificate) -> str:
    """A certificate as an SMT-LIB file: what it is about as comments, the frame's variables
    declared and the invariant asserted."""
    solver = z3.Solver()
    solver.add(certificate.invariant)
    lines = [f"; prg certificate: an inductive invariant that proves {certificate.property}",
             f"; property: {certificate.property}",
             f"; fault budget: {certificate.fault_budget}",
             f"; scope: {certificate.scope}",
             f"; digest: {certificate.digest}",
             f"; method: {certificate.method}"]
    if certificate.words:
        lines.append(f"; the invariant in the spec's words ({len(certificate.words)} clauses):")
        lines += [f";{WORDS_MARK}{line}" for line in certificate.words]
    smt: str = solver.to_smt2()
    return "\n".join(lines) + "\n" + smt


def header_fields(text: str) -> dict[str, str]:
    """What a certificate file's comments say it is about: ``property``, ``fault budget``,
    ``scope``, ``digest``, ``method``, where it says them."""
    return {found[1]: found[2].strip() for line in text.splitlines()
            if (found := _HEADER.match(line))}


def written_words(text: str) -> list[str]:
    """The invariant in the spec's words, as a certificate file's comments give it."""
    mark = ";" + WORDS_MARK
    return [line[len(mark):] for line in text.splitlines() if line.startswith(mark)]


def read_certificate(path: Path, system: TransitionSystem) -> Certificate:
    """The certificate in ``path``, its invariant over ``system``'s variables;
    ``BadCertificate`` where the file is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadCertificate(f"{path}: cannot be read ({error})") from error
    fields = header_fields(text)
    missing = [key for key in ("property", "fault budget", "digest", "method")
               if key not in fields]
    if missing:
        raise BadCertificate(f"{path}: not a prg certificate (no {', '.join(missing)})")
    if not fields["fault budget"].isdigit():
        raise BadCertificate(f"{path}: fault budget {fields['fault budget']!r} is not a number")
    frame = {str(term): term.sort() for term in system.frame(FRAME_TAG).values()}
    for name, sort in _DECLARED.findall(text):
        if name not in frame or str(frame[name]) != sort:
            raise BadCertificate(f"{path}: declares {name} ({sort}), which is not a variable "
                                 "of the spec's transition system")
    try:
        # The file's declarations name the frame's own variables: they are the same terms.
        assertions = z3.parse_smt2_string(text)
    except z3.Z3Exception as error:
        raise BadCertificate(f"{path}: not SMT-LIB over the spec's variables "
                             f"({str(error).strip()})") from error
    return Certificate(fields["property"], int(fields["fault budget"]),
                       fields.get("scope", ""), fields["digest"], fields["method"],
                       z3.And(*assertions))


def certificate_path(folder: Path, property_name: str, fault_budget: int,
                     scope: str = "") -> Path:
    """Where the certificate of a property at a fault budget lies in ``folder``."""
    suffix = f"-without-{scope}" if scope else ""
    return folder / f"{property_name}-fault-budget-{fault_budget}{suffix}.smt2"


def certificates_folder(spec_path: str) -> Path:
    """The folder beside a spec file that holds its certificates:
    ``specs/presence-redundancy.certificates/`` for ``specs/presence-redundancy.yaml``."""
    path = Path(spec_path)
    return path.with_name(path.stem + ".certificates")


def invariant_words(symbolic: SymbolicPair, invariant: z3.BoolRef,
                    besides: Bad | None = None) -> list[str]:
    """A certificate's invariant in the spec's words, one line per clause: the values no
    reachable frame has together ("never at once: node 1's state Taking Over; node 2's power
    on"), or what always holds of the users' counts ("always: ..."). What the variables'
    domains already exclude is left out; with ``besides``, the bad frames of the property
    the invariant proves, so is every clause that the property itself implies: what is left
    is what else keeps the property true."""
    subjects = _subjects(symbolic)
    lines = []
    implied = _implied_by(symbolic.system, besides)
    for clause in _flattened(invariant, z3.is_and):
        if not implied(clause):
            lines += _clause_words(clause, subjects)
    return lines


#: The most combinations of values of a clause's variables looked at, and told (one line each).
_COMBINATIONS_READ, _COMBINATIONS_TOLD = 64, 8


def _clause_words(clause: z3.BoolRef, subjects: dict[str, _Subject]) -> list[str]:
    """One clause of an invariant in words: what no reachable frame has, which is every
    literal of the clause false at once. The literals about one variable of known values are
    told together, as the values that make them all false; a clause of one literal over
    several such variables, as the combinations of their values it excludes. Nothing where
    the clause holds of every frame."""
    literals = _flattened(clause, z3.is_or)
    if len(literals) == 1 and not _about_one_value(literals[0], subjects):
        excluded = _excluded_combinations(literals[0], subjects)
        if excluded is None:
            return [f"always: {_formula_words(literals[0], subjects)}"]
        return [f"never at once: {'; '.join(words)}" for words in excluded]
    # Per variable of known values, the negated literals about it; else a literal alone.
    parts: dict[str, list[z3.BoolRef]] = {}
    for number, literal in enumerate(literals):
        about = (str(_variables(literal)[0]) if _about_one_value(literal, subjects)
                 else f"literal {number}")
        parts.setdefault(about, []).append(_negated(literal))
    shown: list[str] = []
    for conditions in parts.values():
        words = _condition_words(z3.And(conditions) if len(conditions) > 1 else conditions[0],
                                 subjects)
        if words is None:  # no value meets them all: the clause holds of every frame
            return []
        if words:
            shown.append(words)
    if len(shown) == 1:
        return [f"never: {shown[0]}"]
    return ["never at once: " + "; ".join(shown)] if shown else []


def _excluded_combinations(condition: z3.BoolRef, subjects: dict[str, _Subject]
                           ) -> list[list[str]] | None:
    """The combinations of values of a condition's variables that make it false, each as
    the variables' values in words; None where a variable's values are not known, or the
    combinations are too many to tell."""
    order = {name: place for place, name in enumerate(subjects)}
    variables = sorted(_variables(condition), key=lambda term: order.get(str(term), len(order)))
    known = [subjects.get(str(term), (str(term), None)) for term in variables]
    domains = [values for _, values in known if values is not None]
    if len(domains) < len(known) or math.prod(map(len, domains)) > _COMBINATIONS_READ:
        return None
    excluded = []
    for chosen in itertools.product(*(list(enumerate(values)) for values in domains)):
        given = [(term, _value_term(term, number, value))
                 for term, (number, value) in zip(variables, chosen, strict=True)]
        if z3.is_false(z3.simplify(z3.substitute(condition, *given))):
            excluded.append([f"{name} {value}"
                             for (name, _), (_, value) in zip(known, chosen, strict=True)])
    return excluded if len(excluded) <= _COMBINATIONS_TOLD else None


def _implied_by(system: TransitionSystem, property_bad: Bad | None
                ) -> Callable[[z3.BoolRef], bool]:
    """Whether a clause over the certificate's frame holds in every frame that the property
    of ``property_bad`` allows (with the variables' domains); never, where there is no such
    property or it is about steps, not frames."""
    if property_bad is None or property_bad.state is None:
        return lambda clause: False
    frame = system.frame(FRAME_TAG)
    solver = z3.SolverFor("QF_LIA")
    solver.add(system.invariants(frame), z3.Not(property_bad.state(frame)))
    return lambda clause: not _sat(solver, z3.Not(clause))


def _about_one_value(condition: z3.BoolRef, subjects: dict[str, _Subject]) -> bool:
    """Whether a condition reads one variable whose values are known."""
    variables = _variables(condition)
    return len(variables) == 1 and subjects.get(str(variables[0]), ("", None))[1] is not None


def _formula_words(condition: z3.BoolRef, subjects: dict[str, _Subject]) -> str:
    """A condition as a formula, its variables named as the spec names them."""
    text = str(z3.simplify(condition))
    for term in sorted(_variables(condition), key=lambda t: -len(str(t))):
        text = text.replace(str(term), subjects.get(str(term), (str(term), None))[0])
    return " ".join(text.split())


#: A variable of the transition system as the spec names it, and the values it can take
#: (None: any integer), by the variable's name in the certificate's frame.
_Subject = tuple[str, tuple[object, ...] | None]


def _subjects(symbolic: SymbolicPair) -> dict[str, _Subject]:
    frame = symbolic.system.frame(FRAME_TAG)
    found: dict[str, _Subject] = {}
    for index in (1, 2):
        for name in symbolic.fields:
            found[str(frame[f"n{index}.{name}"])] = (
                f"node {index}'s {'saved state' if name == 'saved' else name}",
                symbolic.domains[name].values)
        for category in ("assigned", *USER_CATEGORIES):
            term = symbolic.users_term(frame, index, category)
            found[str(term)] = (f"node {index}'s users {category.replace('_', ' ')}", None)
    for option in symbolic.explored:
        found[str(frame[f"config.{option.key}"])] = (option.key, tuple(option.values))
    if "ha" in frame:
        found[str(frame["ha"])] = ("high availability", (False, True))
    return found


def _flattened(formula: z3.BoolRef, kind: object) -> list[z3.BoolRef]:
    """The parts of a conjunction (``z3.is_and``) or disjunction (``z3.is_or``), nested ones
    too; the formula itself where it is neither."""
    if kind(formula):  # type: ignore[operator]
        return [part for child in formula.children() for part in _flattened(child, kind)]
    return [formula]


def _negated(literal: z3.BoolRef) -> z3.BoolRef:
    return literal.arg(0) if z3.is_not(literal) else z3.Not(literal)


def _condition_words(condition: z3.BoolRef, subjects: dict[str, _Subject]) -> str | None:
    """One condition in words: the values of its variable that meet it, where it reads one
    variable with known values ("" where every value does, None where none does); else the
    formula with the variables named."""
    variables = _variables(condition)
    if len(variables) == 1:
        (term,) = variables
        name, values = subjects.get(str(term), (str(term), None))
        if values is not None:
            meeting = [value for number, value in enumerate(values)
                       if z3.is_true(z3.simplify(z3.substitute(
                           condition, (term, _value_term(term, number, value)))))]
            others = [value for value in values if value not in meeting]
            if not meeting:
                return None
            if not others:
                return ""
            if len(meeting) == 1:
                return f"{name} {meeting[0]}"
            if len(others) < len(meeting):
                return f"{name} anything but {', '.join(str(value) for value in others)}"
            return f"{name} one of {', '.join(str(value) for value in meeting)}"
    return _formula_words(condition, subjects)


def _value_term(term: z3.ExprRef, number: int, value: object) -> z3.ExprRef:
    """The constant a variable holds for its ``number``-th value."""
    if z3.is_bool(term):
        return z3.BoolVal(bool(value))
    return z3.IntVal(number)


def _variables(formula: z3.ExprRef) -> list[z3.ExprRef]:
    """The uninterpreted constants of a formula, each once."""
    found: dict[int, z3.ExprRef] = {}
    todo = [formula]
    while todo:
        term = todo.pop()
        if z3.is_const(term) and term.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            found[term.get_id()] = term
        else:
            todo += term.children()
    return list(found.values())
