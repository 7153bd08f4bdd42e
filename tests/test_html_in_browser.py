"""The HTML report as a person sees it: opened in headless Chromium, screenshot and DOM."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from .helpers import PRG, SPEC_TEXT, SPLIT_BRAIN, spec_file
from .png import read_png

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None or shutil.which("dot") is None,
                                 reason="needs Debian's chromium and graphviz")]
WIDTH, HEIGHT = 1400, 2400


def browser(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--hide-scrollbars", f"--window-size={WIDTH},{HEIGHT}", *args],
                          capture_output=True, text=True, timeout=180, check=False)


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
