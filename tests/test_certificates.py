"""Certificates of the Z3 engine's proofs: written by prg prove, checked by prg verify with one
inductiveness query, and never trusted where they do not check or are about another spec."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import z3  # type: ignore[import-untyped]
from prg.model.load import DEFAULT_SPEC, load_spec
from prg.model.spec import Spec
from prg.model.symbolic import SymbolicPair, TransitionSystem
from prg.verify.checks.certificates import (
    FRAME_TAG,
    WORDS_MARK,
    BadCertificate,
    certificates_folder,
    certifies,
    digest,
    invariant_words,
    read_certificate,
)
from prg.verify.checks.engines import Bad
from prg.verify.checks.proofs import SAFETY, certified_for, prove_on, symbolic_proofs

from .helpers import SPEC_TEXT, prg, spec_file

#: x starts at 0 and goes up by 2 to at most 10: it is always even, never 7.
COUNTER = TransitionSystem(
    variables=(("x", z3.IntSort()),),
    init=lambda frame: frame["x"] == 0,
    trans=lambda before, after: z3.And(before["x"] < 10, after["x"] == before["x"] + 2),
    invariants=lambda frame: z3.BoolVal(True),
)
SEVEN = Bad(state=lambda frame: frame["x"] == 7)


X = z3.Int("x")


def about_x(formula: z3.BoolRef) -> z3.BoolRef:
    """A formula over the counter's certificate frame, written with ``X`` for its variable."""
    return z3.substitute(formula, (X, COUNTER.frame(FRAME_TAG)["x"]))


@pytest.mark.parametrize("invariant, proves", [
    (z3.And(X >= 0, X % 2 == 0), True),       # inductive, holds initially, excludes 7
    (X >= 0, False),                           # inductive and initial, but 7 satisfies it
    (z3.And(X >= 2, X % 2 == 0), False),       # the initial x = 0 does not satisfy it
    (X == 0, False),                           # a step leaves it
    (z3.And(X >= 0, X % 2 == 0, X <= 8), False),  # 8 steps to 10, which it excludes
])
def test_a_certificate_proves_only_what_it_shows(invariant: z3.BoolRef, proves: bool) -> None:
    assert certifies(COUNTER, SEVEN, about_x(invariant)) is proves


def test_a_step_property_is_checked_on_every_step_from_the_invariant() -> None:
    four_to_six = Bad(step=lambda before, after: z3.And(before["x"] == 4, after["x"] == 6))
    three_to_five = Bad(step=lambda before, after: z3.And(before["x"] == 3, after["x"] == 5))
    even = about_x(z3.And(X >= 0, X % 2 == 0))
    assert not certifies(COUNTER, four_to_six, even)
    assert certifies(COUNTER, three_to_five, even)


@pytest.fixture(scope="module")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="module")
def system(spec: Spec) -> TransitionSystem:
    return SymbolicPair(spec, 0, users="any").system


def test_the_bundled_spec_s_certificates_are_its_own_and_check(spec: Spec) -> None:
    folder = certificates_folder(str(DEFAULT_SPEC))
    files = sorted(folder.glob("*.smt2"))
    assert {path.name for path in files} >= {
        f"{prop.name}-fault-budget-{budget}.smt2" for prop in SAFETY for budget in (0,)}
    by_budget = {budget: SymbolicPair(spec, budget, users="any") for budget in (0, 1)}
    for path in files:
        certificate = read_certificate(path, by_budget[0].system)
        assert certificate.digest == digest(spec, certificate.fault_budget,
                                            certificate.scope), f"{path.name}: run prg prove"
        if certificate.scope:
            continue  # proved with findings set aside: another system
        symbolic = by_budget[certificate.fault_budget]
        prop = next(p for p in SAFETY if p.name == certificate.property)
        assert certifies(symbolic.system, prop.bad(symbolic), certificate.invariant), path.name


def copied(tmp_path: Path, text: str = SPEC_TEXT) -> tuple[Spec, Path]:
    """The spec (``text``) in a folder of its own, with the bundled spec's certificates
    beside it."""
    spec_path = spec_file(tmp_path, text, "presence-redundancy.yaml")
    folder = certificates_folder(str(spec_path))
    shutil.copytree(certificates_folder(str(DEFAULT_SPEC)), folder)
    return load_spec(spec_path), folder


def methods(spec: Spec, folder: Path) -> dict[str, str]:
    return {o.name: o.method for o in symbolic_proofs(spec, 0, str(folder)).outcomes}


@pytest.mark.slow
def test_a_tampered_certificate_is_proved_again(tmp_path: Path) -> None:
    spec, folder = copied(tmp_path)
    assert set(methods(spec, folder).values()) == {"certificate (k-induction)",
                                                   "certificate (spacer)"}
    path = folder / "no_split_brain-fault-budget-0.smt2"
    text = path.read_text(encoding="utf-8")
    body = text.index("(assert")
    path.write_text(text[:body] + "(assert true)\n", encoding="utf-8")
    found = symbolic_proofs(spec, 0, str(folder)).outcomes
    split = next(o for o in found if o.name == "no_split_brain")
    assert (split.status, split.method) == ("holds", "spacer")
    assert {o.name: o.method for o in found}["no_user_lost"] == "certificate (k-induction)"


@pytest.mark.slow
def test_a_certificate_of_another_spec_is_not_used(tmp_path: Path) -> None:
    changed = SPEC_TEXT.replace("title: ", "title: Changed ", 1)
    assert changed != SPEC_TEXT
    spec, folder = copied(tmp_path, changed)
    assert not any(method.startswith("certificate") for method in methods(spec, folder).values())


@pytest.mark.parametrize("change, expected", [
    (lambda text: "; nothing here\n", ("not a prg certificate (no property, fault budget, "
                                       "digest, method)")),
    (lambda text: text.replace("(assert", "(assert (", 1), ("not SMT-LIB over the spec's "
                                                             "variables")),
    (lambda text: text.replace("(declare-fun", "(declare-fun stranger@cert () Int)\n"
                                               "(declare-fun", 1),
     "declares stranger@cert (Int), which is not a variable of the spec's transition system"),
])
def test_a_file_that_is_not_a_certificate_is_said_so(tmp_path: Path, system: TransitionSystem,
                                                     change: object, expected: str) -> None:
    source = certificates_folder(str(DEFAULT_SPEC)) / "no_user_lost-fault-budget-0.smt2"
    path = tmp_path / "broken.smt2"
    path.write_text(change(source.read_text(encoding="utf-8")),  # type: ignore[operator]
                    encoding="utf-8")
    with pytest.raises(BadCertificate) as raised:
        read_certificate(path, system)
    assert str(raised.value).startswith(f"{path}: {expected}")


@pytest.mark.slow
def test_prove_writes_the_certificates_verify_checks(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    spec_path = spec_file(tmp_path, SPEC_TEXT, "presence-redundancy.yaml")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    uncached = prg("prove", "--spec", str(spec_path), "--fault-budget", "0", "--no-cache")
    assert uncached.returncode == 0 and not (tmp_path / "cache").exists()
    done = prg("prove", "--spec", str(spec_path), "--fault-budget", "0")
    assert done.returncode == 0, done.stderr
    assert done.stdout == uncached.stdout
    assert list((tmp_path / "cache" / "prg" / "encodings").glob("*.smt2"))
    folder = certificates_folder(str(spec_path))
    assert sorted(p.name for p in folder.glob("*.smt2")) == sorted(
        f"{prop.name}-fault-budget-0.smt2" for prop in SAFETY)
    assert "no_split_brain: holds (spacer); certificate " in done.stdout
    assert "  the invariant in the spec's words (" in done.stdout
    assert "    never: node 1's srm anything but running\n" in done.stdout  # no faults
    assert set(methods(load_spec(spec_path), folder).values()) <= {
        "certificate (k-induction)", "certificate (spacer)"}


def test_a_certificate_says_its_invariant_in_the_spec_s_words(spec: Spec) -> None:
    symbolic = SymbolicPair(spec, 0, users="any")
    path = certificates_folder(str(DEFAULT_SPEC)) / "no_split_brain-fault-budget-0.smt2"
    words = invariant_words(symbolic, read_certificate(path, symbolic.system).invariant)
    assert words and all("@" not in line and "Var(" not in line for line in words)
    assert all(line.startswith(("never: ", "never at once: ")) for line in words)
    # No line says what the variables' domains say anyway (a state no node can have).
    assert not any(line.endswith("one of ") for line in words)
    written = [line[len(";" + WORDS_MARK):] for line in path.read_text(encoding="utf-8")
               .splitlines() if line.startswith(";" + WORDS_MARK)]
    assert written == words
    lemmas = certificates_folder(str(DEFAULT_SPEC)) / "no_user_lost-fault-budget-0.smt2"
    assert "; - users of node 1 are conserved" in lemmas.read_text(encoding="utf-8")


def test_a_proof_says_what_besides_the_property_keeps_it_true_from_its_invariant(
        spec: Spec) -> None:
    """The words come from the certificate's invariant, less what the property implies: for
    no_user_lost, the conservation of users is the property itself; the saved state is not.
    Another invariant that proves it gives other words."""
    symbolic = SymbolicPair(spec, 0, users="any")
    folder = certificates_folder(str(DEFAULT_SPEC))
    lost = next(prop for prop in SAFETY if prop.name == "no_user_lost")
    certified = certified_for(spec, 0, lost, "", folder, symbolic.system)
    assert certified.certificate is not None
    proved = prove_on(symbolic, lost, certified=certified)
    assert proved.method == "certificate (k-induction)"
    assert len(proved.invariant) == 2
    assert all("saved state" in line and "users" not in line for line in proved.invariant)
    # Strengthened with no_split_brain's invariant (inductive too), it still proves the
    # property, and says so.
    split = read_certificate(folder / "no_split_brain-fault-budget-0.smt2", symbolic.system)
    stronger = z3.And(certified.certificate.invariant, split.invariant)
    changed = prove_on(symbolic, lost, certified=replace(
        certified, certificate=replace(certified.certificate, invariant=stronger)))
    assert changed.method == "certificate (k-induction)"
    assert changed.invariant[:2] == proved.invariant
    assert changed.invariant[2:] == tuple(invariant_words(symbolic, split.invariant))


def test_a_clause_is_told_per_variable_and_per_excluded_combination(spec: Spec) -> None:
    symbolic = SymbolicPair(spec, 0, users="any")
    frame = symbolic.system.frame(FRAME_TAG)
    power, link, ha = frame["n1.power"], frame["n2.link"], frame["ha"]
    on, booting = (symbolic.domains["power"].index[v] for v in ("on", "booting"))
    cut = symbolic.domains["link"].index["cut"]
    # Two literals about node 1's power, told together as the value they leave.
    assert invariant_words(symbolic, z3.Or(power == on, power == booting, ha)) == [
        "never at once: node 1's power off; high availability False"]
    # Whatever node 1's power, one literal holds: the clause says nothing.
    assert invariant_words(symbolic, z3.Or(power == on, power != on, ha)) == []
    # One literal over two variables: the combinations of values it excludes.
    assert invariant_words(symbolic, z3.Not((power == on) == (link == cut))) == [
        "never at once: node 1's power on; node 2's link cut",
        "never at once: node 1's power off; node 2's link up",
        "never at once: node 1's power booting; node 2's link up"]
