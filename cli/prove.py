"""``prg prove``: prove the pair's safety properties with Z3 and write each proof's certificate
beside the spec, for ``prg verify`` to check instead of proving again."""

from __future__ import annotations

import sys

import click
from prg.model.errors import UsageError
from prg.model.load import load_spec
from prg.verify.checks.certificates import (
    certificate_path,
    certificates_folder,
    header_fields,
    written_words,
)
from prg.verify.checks.proofs import symbolic_proofs

from .common import cache_option, fault_budget_option, spec_option


@click.command("prove")
@spec_option
@fault_budget_option
@cache_option
def prove_command(spec_path: str | None, fault_budget: int) -> None:
    """Prove the safety properties with Z3 and write their certificates beside the spec.

    Each proof's inductive invariant goes to SPEC.certificates/ as SMT-LIB, with a digest of
    the spec it is about; prg verify checks it with one query and proves again only where
    the check fails or the spec has changed. Exit 0 when every property is proved (or fails
    only as a finding says), 1 when one is not."""
    spec = load_spec(spec_path)
    folder = certificates_folder(spec.path)
    # Proved afresh: a certificate already there is what this replaces.
    proved = symbolic_proofs(spec, fault_budget)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{folder}: cannot make the folder: {error.strerror or error}") from None
    failed = False
    for outcome in proved.outcomes:
        scope = ",".join(outcome.findings)
        path = certificate_path(folder, outcome.name, fault_budget, scope)
        how = outcome.method + (f", k={outcome.k}" if outcome.k is not None else "")
        if outcome.certificate is None:
            failed = failed or outcome.status in ("violated", "unknown")
            click.echo(f"{outcome.name}: {outcome.status} ({how}), no certificate")
            continue
        try:
            path.write_text(outcome.certificate, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"{path}: cannot write: {error.strerror or error}") from None
        if outcome.status != "holds":
            # The violation's method is not the proof's: the certificate says how it was found.
            how = header_fields(outcome.certificate)["method"]
        several = "," in scope
        verdict = "holds" if outcome.status == "holds" else (
            f"violated as finding{'s' if several else ''} {scope} "
            f"say{'' if several else 's'}; holds without {'them' if several else 'it'}")
        click.echo(f"{outcome.name}: {verdict} ({how}); certificate {path}")
        words = written_words(outcome.certificate)
        if words:
            click.echo(f"  the invariant in the spec's words ({len(words)} clauses):")
            click.echo("\n".join(f"    {line}" for line in words))
    sys.exit(1 if failed else 0)
