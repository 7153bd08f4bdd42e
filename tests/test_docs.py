"""The README stays a front page, and the links of the README and of docs/ lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
#: A Markdown link or image: [text](target) or ![alt](target), the target up to a space or ")".
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)


def prose(path: Path) -> str:
    """The document without its code blocks, whose lines are neither links nor headings."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the document's headings (lower case, punctuation dropped,
    spaces as hyphens) and those it names (``<a id="name"></a>``)."""
    text = prose(path)
    headings = re.findall(r"^#{1,6}\s+(.*?)\s*#*\s*$", text, re.MULTILINE)
    return ({re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}
            | set(re.findall(r'<a id="([^"]+)"></a>', text)))


def relative_links(path: Path) -> list[str]:
    return [target for target in LINK.findall(prose(path))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


def test_the_readme_is_at_most_10_kb() -> None:
    assert len(README.read_bytes()) <= 10_000


def test_the_readme_links_into_docs_and_bench() -> None:
    targets = relative_links(README)
    for document in DOCUMENTS[1:]:
        assert any(target.split("#")[0] == document.relative_to(ROOT).as_posix()
                   for target in targets), document


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.relative_to(ROOT).as_posix() for p in DOCUMENTS])
def test_every_relative_link_points_at_a_file_that_exists(path: Path) -> None:
    links = relative_links(path)
    assert links
    for target in links:
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.exists(), f"{path.name}: {target}"
        if anchor and linked.suffix == ".md":
            assert anchor in anchors(linked), f"{path.name}: {target}"
