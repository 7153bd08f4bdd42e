"""The node diagrams as a person sees them: opened in headless Chromium at 100%, where the
browser puts each label, line and box, and a screenshot."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from prg.diagrams.node import node_diagram
from prg.diagrams.render import CLASS_COLOURS, KIND_STYLES, render
from prg.model.spec import Spec

from .browser import CHROMIUM, browser, drawings, label_faults
from .png import read_png

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None or shutil.which("dot") is None,
                                 reason="needs Debian's chromium and graphviz")]
#: How far a label may lie from its line, in CSS pixels: about a line and a half of its text.
REACH = 24.0
#: The smallest text a person reads on a screen at 100%, in CSS pixels.
LEGIBLE = 12.0


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@pytest.fixture(scope="module", params=["actions", "faults", "all"])
def page(request: pytest.FixtureRequest, spec: Spec,
         tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A page showing one node diagram's SVG at its own size, as a wiki page would."""
    events: str = request.param
    svg = render(node_diagram(spec, events), "svg").decode("utf-8")
    path = tmp_path_factory.mktemp(events) / "node.html"
    path.write_text('<!DOCTYPE html><html><body style="margin:0;background:white">'
                    f'{svg[svg.find("<svg"):]}</body></html>', encoding="utf-8")
    return events, path


def test_every_label_reads_on_its_own_edge(page: tuple[str, Path]) -> None:
    _, path = page
    [drawing] = drawings(path)
    labelled = [edge for edge in drawing.edges if edge.label is not None]
    assert len(labelled) >= 5
    assert label_faults(drawing, REACH) == []
    assert min(font for edge in labelled for font in edge.fonts) >= LEGIBLE
    # At its own size: nothing scaled down.
    assert drawing.box[2] - drawing.box[0] == pytest.approx(drawing.width, abs=1)


def test_the_screenshot_shows_the_machine_and_its_legend(page: tuple[str, Path],
                                                        tmp_path: Path) -> None:
    events, path = page
    [drawing] = drawings(path)
    width, height = int(drawing.box[2]) + 1, int(drawing.box[3]) + 1
    shot = tmp_path / "node.png"
    done = browser(f"--screenshot={shot}", path.as_uri(), width=width, height=height)
    assert shot.exists(), done.stderr
    shot_width, shot_height, rows = read_png(shot)
    assert (shot_width, shot_height) == (width, height)
    colours = Counter(pixel for row in rows[::2] for pixel in row[::2])
    background = colours.most_common(1)[0][1]
    assert background < 0.97 * sum(colours.values())  # not blank: a drawing on white
    assert colours[rgb(CLASS_COLOURS["transient"][0])] > 500  # the states' fills
    assert colours[rgb("#f1f3f5")] > 500  # the legend table's heading
    lines = {"actions": ("admin", "automatic"), "faults": ("fault", "repair")}
    for kind in lines.get(events, tuple(KIND_STYLES)):
        assert colours[rgb(KIND_STYLES[kind][0])] > 100, kind
