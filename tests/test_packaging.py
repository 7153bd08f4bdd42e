"""The committed prg/ folder, which type checkers, linters and editors read, mirrors the
package mapping installs use (pyproject.toml's package-dir)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_prg_links_each_mapped_folder_and_nothing_else() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["setuptools"]["package-dir"]
    top = {name.removeprefix("prg."): folder for name, folder in mapping.items()
           if name.count(".") == 1}
    assert top and all(name == folder for name, folder in top.items())
    links = {path.name: path for path in (ROOT / "prg").iterdir()}
    assert set(links) == set(top)
    for name, link in links.items():
        # Relative, so that the checkout works wherever it is.
        assert link.is_symlink() and str(link.readlink()) == f"../{name}", link
    for name, folder in mapping.items():
        assert (ROOT / "prg" / name.removeprefix("prg.").replace(".", "/")).resolve() == \
            (ROOT / folder).resolve(), name
