"""The HTML report as a person sees it: opened in headless Chromium, screenshot and DOM."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from .browser import CHROMIUM, drawings, label_faults
from .browser import browser as browser_at
from .helpers import PRG, SPEC_TEXT, SPLIT_BRAIN, spec_file
from .png import read_png

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None or shutil.which("dot") is None,
                                 reason="needs Debian's chromium and graphviz")]
WIDTH, HEIGHT = 1400, 2400


def browser(*args: str) -> subprocess.CompletedProcess[str]:
    return browser_at(*args, width=WIDTH, height=HEIGHT)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report of a spec that breaks no_split_brain, without faults."""
    folder = tmp_path_factory.mktemp("report")
    spec = spec_file(folder, SPEC_TEXT.replace(*SPLIT_BRAIN))
    done = subprocess.run([PRG, "verify", "--fault-budget", "0", "--engine", "graph",
                           "--spec", str(spec),
                           "--output", str(folder / "out")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1, done.stderr
    return folder / "out" / "report.html"


def test_the_screenshot_shows_the_report(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = browser(f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), done.stderr
    width, height, rows = read_png(shot)
    assert (width, height) == (WIDTH, HEIGHT)
    assert rows[10][10] == (33, 37, 41)  # the dark header
    colours = Counter(pixel for row in rows[::4] for pixel in row[::4])
    assert colours[(211, 249, 216)] > 100  # stable states' chips in the rows table
    assert colours[(201, 42, 42)] > 20  # the red verdict
    background = colours.most_common(1)[0][1]
    assert background < 0.8 * sum(colours.values())  # not a blank page


def test_the_page_has_its_sections_and_diagrams(page: Path) -> None:
    dom = browser("--dump-dom", page.as_uri()).stdout
    for section in ("properties", "rows", "counterexamples", "diagrams", "recovery",
                    "decisions"):
        assert f'<section id="{section}">' in dom
    # The node machine in two halves, the pair, and a timeline per counterexample
    # (no_user_lost breaks too).
    assert dom.count("<svg") == 5
    assert "One node's machine: administrator actions and the pair's own events" in dom
    assert "One node's machine: faults and repairs" in dom and "no_split_brain violated" in dom


def test_the_node_diagrams_read_at_100_percent(page: Path) -> None:
    shown = {drawing.name: drawing for drawing in drawings(page)}
    for name in ("node_actions", "node_faults"):
        drawing = shown[name]
        # At its own size, not fitted to the page: its box scrolls.
        assert drawing.box[2] - drawing.box[0] == pytest.approx(drawing.width, abs=1)
        assert label_faults(drawing, reach=24.0) == [], name
        assert min(font for edge in drawing.edges for font in edge.fonts) >= 12.0


def test_the_screenshot_of_the_diagrams_section(page: Path, tmp_path: Path) -> None:
    text = page.read_text(encoding="utf-8")
    head = text[:text.index("<body>")]
    section = re.search(r'<section id="diagrams">.*?</section>', text, re.DOTALL)
    assert section
    alone = tmp_path / "diagrams.html"
    alone.write_text(f"{head}<body><main>{section.group(0)}</main></body></html>",
                     encoding="utf-8")
    shot = tmp_path / "diagrams.png"
    done = browser(f"--screenshot={shot}", alone.as_uri())
    assert shot.exists(), done.stderr
    width, height, rows = read_png(shot)
    assert (width, height) == (WIDTH, HEIGHT)
    colours = Counter(pixel for row in rows[::2] for pixel in row[::2])
    assert colours[(255, 243, 191)] > 500  # transient states' fill, in the node machine
    assert colours[(241, 243, 245)] > 500  # the legend table's heading
    assert colours[(24, 100, 171)] > 100  # administrator actions' edges
    background = colours.most_common(1)[0][1]
    assert background < 0.9 * sum(colours.values())  # not a blank page
