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
import re
from dataclasses import dataclass, fields, is_dataclass, replace
from importlib import metadata
from pathlib import Path

import z3  # type: ignore[import-untyped]
from prg.model.errors import PrgError
from prg.model.spec import Spec
from prg.model.symbolic import Frame, TransitionSystem

from .engines import Bad

#: The tag of the frame a certificate's invariant is written over.
FRAME_TAG = "cert"
_HEADER = re.compile(r"^; (property|fault budget|scope|digest|method): (.*)$")
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


def digest(spec: Spec, fault_budget: int, scope: str = "") -> str:
    """What a certificate is about: the spec as loaded (wherever its file lies), the fault
    budget, the findings set aside and prg's version, which decides how the spec becomes a
    transition system."""
    try:
        version = metadata.version("prg")
    except metadata.PackageNotFoundError:
        version = "unknown"
    text = _canonical((replace(spec, path=""), fault_budget, scope, version))
    return hashlib.sha256(text.encode()).hexdigest()


def _canonical(value: object) -> str:
    """``value`` written the same way in every process: a set's members sorted (Python's
    hashing of strings, and so the order of a set, changes from one process to the next)."""
    if is_dataclass(value) and not isinstance(value, type):
        return f"{type(value).__name__}(" + ",".join(
            f"{item.name}={_canonical(getattr(value, item.name))}"
            for item in fields(value)) + ")"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(item) for item in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{_canonical(key)}:{_canonical(item)}"
                                     for key, item in value.items())) + "}"
    if isinstance(value, (tuple, list)):
        return "[" + ",".join(_canonical(item) for item in value) + "]"
    return repr(value)


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
    smt: str = solver.to_smt2()
    return "\n".join(lines) + "\n" + smt


def read_certificate(path: Path, system: TransitionSystem) -> Certificate:
    """The certificate in ``path``, its invariant over ``system``'s variables;
    ``BadCertificate`` where the file is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadCertificate(f"{path}: cannot be read ({error})") from error
    fields = {}
    for line in text.splitlines():
        found = _HEADER.match(line)
        if found:
            fields[found[1]] = found[2].strip()
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
