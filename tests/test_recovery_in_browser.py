"""The HTML report's recovery table as a person scans it, in headless Chromium: Table 2's
rows first, the pairs only extensions excuse folded away."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from prg.model.explore import Graph
from prg.model.spec import Spec
from prg.verify.formats.html import to_html
from prg.verify.report import verify
from prg.verify.tools.recovery import recovery_table

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")]
#: Measures the page once laid out, into an attribute that the dumped DOM shows.
MEASURE = ("<script>const r = document.getElementById('recovery');"
           "document.body.dataset.recovery = r.offsetHeight;"
           "document.body.dataset.rows = r.querySelectorAll('tr.row-head').length;"
           "document.body.dataset.visible = [...r.querySelectorAll('tr')]"
           ".filter(t => t.checkVisibility()).length;</script>")


def measured(page: str, folder: Path) -> dict[str, int]:
    """The recovery section's height in pixels, its row headings and its visible rows, at
    1400 pixels wide."""
    path = folder / "report.html"
    path.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    assert CHROMIUM is not None
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                          "--window-size=1400,1000", "--dump-dom", path.as_uri()],
                         capture_output=True, text=True, timeout=180, check=False).stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body is not None, dom[:500]
    return {name: int(value) for name, value in re.findall(r'data-(\w+)="(\d+)"', body[1])}


def test_the_recovery_table_is_one_a_person_can_scan(spec: Spec, default_graph: Graph,
                                                      tmp_path: Path) -> None:
    table = recovery_table(default_graph)
    report = verify(spec, fault_budget=0, jobs=1, engine="graph")
    found = measured(to_html(report, recovery=table), tmp_path)
    documented = {(e.row, e.row_swapped) for e in table.entries if e.row is not None}
    undocumented = any(e.row is None and not e.extension for e in table.entries)
    assert found["rows"] == len(documented) + undocumented
    extensions = sum(e.extension for e in table.entries)
    assert extensions > 50, found
    # Each documented failed pair is a visible row, and its row's heading; the extensions'
    # pairs are folded away.
    shown = len(table.entries) - extensions
    assert found["visible"] == 1 + found["rows"] + shown
    assert found["recovery"] < 120 * (found["rows"] + shown), found
