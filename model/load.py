"""Load a spec: YAML text to the frozen IR of ``prg.model.spec``, validated.

Every error names the file, the line and the field (``specs/x.yaml:120: rules[4].to: unknown
state 'Idel' (did you mean 'Idle'?)``). The sections and their fields are a table
(``prg.model.load_table``) that one validator reads (``prg.model.load_sections``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import SpecError
from .load_core import Invalid, Known, Reading, mapping
from .load_sections import read_fields
from .load_table import SPEC
from .mutant import is_mutant, patched, read_mutant
from .spec import Spec
from .yaml_lines import LDict, read_yaml

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


def _read_text(path: Path, shown: str, what: str = "spec") -> str:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SPEC_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise SpecError(shown, None, "", f"cannot read {what}: {reason}") from None
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


def yaml_document(path: str | Path, what: str, field: str) -> LDict:
    """The YAML mapping of the file at ``path`` (a ``what``: cluster file, runbook; errors
    name its top ``field``), read as a spec is: ``SpecError`` in one line on a file that
    cannot be read, is empty or is no mapping."""
    shown = str(path)
    document = read_yaml(_read_text(Path(path), shown, what), shown)
    if document is None:
        raise SpecError(shown, None, "", f"empty {what}")
    with invalid_as_error(shown):
        return mapping(document, 1, field)


@contextmanager
def invalid_as_error(shown: str) -> Iterator[None]:
    """A problem found while reading the file ``shown`` as the one-line ``SpecError`` that
    names it."""
    try:
        yield
    except Invalid as problem:
        raise SpecError(shown, problem.line, problem.field, problem.message) from None


def load_spec_text(text: str, path: str = "<spec>") -> Spec:
    """Validate spec YAML given as text; ``path`` is how errors name it."""
    document = read_yaml(text, path)
    if document is None:
        raise SpecError(path, None, "", "empty spec")
    with invalid_as_error(path):
        known = Known({})
        at = Reading(mapping(document, 1, "spec"), "spec", known, values=known.sections)
        return Spec(path=path, **read_fields(at, SPEC))
