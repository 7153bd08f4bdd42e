"""Headless Chromium for the tests: a screenshot, the DOM after scripts ran, and where the
browser draws a diagram's labels, lines and boxes (in CSS pixels, as a person sees them at
100%), with the checks a legible diagram passes."""

from __future__ import annotations

import html
import itertools
import json
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: A rectangle in CSS pixels: left, top, right, bottom.
Box = tuple[float, float, float, float]

#: Run in the page once it is laid out: per inline SVG, its graph's name, its box and own
#: width, each edge's label (the box of each line of its text, and the font size drawn),
#: points along its line, whether a line joins its label to it (Graphviz's decorate: a
#: polyline), and each node's box; written as JSON into a <pre id="geometry">.
GEOMETRY_SCRIPT = """
(() => {
  const box = r => [r.left, r.top, r.right, r.bottom];
  const found = [...document.querySelectorAll('svg')].map(svg => {
    const edges = [...svg.querySelectorAll('g.edge')].map(edge => {
      const texts = [...edge.querySelectorAll('text')];
      const points = [];
      edge.querySelectorAll('path').forEach(path => {
        const matrix = path.getScreenCTM();
        const total = path.getTotalLength();
        for (let i = 0; i <= 400; i++) {
          const p = path.getPointAtLength(total * i / 400).matrixTransform(matrix);
          points.push([p.x, p.y]);
        }
      });
      return {id: edge.id, lines: texts.map(t => box(t.getBoundingClientRect())),
              fonts: texts.map(t => parseFloat(t.getAttribute('font-size'))
                                    * t.getScreenCTM().a),
              points, linked: edge.querySelector('polyline') !== null};
    });
    const nodes = [...svg.querySelectorAll('g.node')].map(
      node => ({id: node.id, box: box(node.getBoundingClientRect())}));
    const title = svg.querySelector('g.graph > title');
    return {name: title ? title.textContent : '', box: box(svg.getBoundingClientRect()),
            width: svg.width.baseVal.value, edges, nodes};
  });
  const pre = document.createElement('pre');
  pre.id = 'geometry';
  pre.textContent = JSON.stringify(found);
  document.body.appendChild(pre);
})();
"""


def browser(*args: str, width: int, height: int) -> subprocess.CompletedProcess[str]:
    """Chromium, headless, in a window of ``width`` by ``height`` CSS pixels."""
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--hide-scrollbars", f"--window-size={width},{height}", *args],
                          capture_output=True, text=True, timeout=180, check=False)


@dataclass(frozen=True)
class Edge:
    """An edge as drawn: its label's box (None: no label), the font size of its label in
    pixels, points along its line, and whether a line joins the label to it."""

    id: str
    label: Box | None
    fonts: tuple[float, ...]
    points: tuple[tuple[float, float], ...]
    linked: bool


@dataclass(frozen=True)
class Drawing:
    """An inline SVG as drawn: the name of the graph it draws, its box, its own width (in CSS
    pixels, from its width attribute), its edges and the boxes of its nodes."""

    name: str
    box: Box
    width: float
    edges: tuple[Edge, ...]
    nodes: dict[str, Box]


def drawings(page: Path) -> list[Drawing]:
    """Every inline SVG of the HTML ``page`` as Chromium lays it out (a copy of the page with
    the measuring script added next to it)."""
    measured = page.with_name(page.stem + "-measured.html")
    text = page.read_text(encoding="utf-8")
    measured.write_text(text.replace("</body>", f"<script>{GEOMETRY_SCRIPT}</script></body>")
                        if "</body>" in text else text + f"<script>{GEOMETRY_SCRIPT}</script>",
                        encoding="utf-8")
    dom = browser("--dump-dom", measured.as_uri(), width=1400, height=900).stdout
    found = re.search(r'<pre id="geometry">(.*?)</pre>', dom, re.DOTALL)
    assert found, "the measuring script did not run"
    result = []
    for svg in json.loads(html.unescape(found.group(1))):
        edges = tuple(
            Edge(edge["id"], _union(edge["lines"]), tuple(edge["fonts"]),
                 tuple((x, y) for x, y in edge["points"]), edge["linked"])
            for edge in svg["edges"])
        result.append(Drawing(svg["name"], tuple(svg["box"]), svg["width"], edges,
                              {node["id"]: tuple(node["box"]) for node in svg["nodes"]}))
    return result


def _union(boxes: list[list[float]]) -> Box | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def overlap(first: Box, second: Box) -> float:
    """The area two boxes share."""
    across = min(first[2], second[2]) - max(first[0], second[0])
    down = min(first[3], second[3]) - max(first[1], second[1])
    return max(across, 0.0) * max(down, 0.0)


def distance(box: Box, points: tuple[tuple[float, float], ...]) -> float:
    """How far the nearest of ``points`` lies from ``box`` (0 inside it)."""
    return min(math.hypot(max(box[0] - x, 0.0, x - box[2]), max(box[1] - y, 0.0, y - box[3]))
               for x, y in points)


def label_faults(drawing: Drawing, reach: float) -> list[str]:
    """What keeps a reader from reading the drawing's edge labels, one line each: labels
    that overlap each other or a node, a label farther than ``reach`` pixels from its line,
    a label nearer another edge's line than its own with no line joining it to its own."""
    labelled = [edge for edge in drawing.edges if edge.label is not None]
    faults = []
    for first, second in itertools.combinations(labelled, 2):
        assert first.label is not None and second.label is not None
        if overlap(first.label, second.label) > 1.0:
            faults.append(f"the labels of {first.id} and {second.id} overlap")
    for edge in labelled:
        assert edge.label is not None
        faults += [f"the label of {edge.id} covers node {node}"
                   for node, box in drawing.nodes.items() if overlap(edge.label, box) > 1.0]
        own = distance(edge.label, edge.points)
        if own > reach:
            faults.append(f"the label of {edge.id} is {own:.0f} px from its line")
        nearer = [other.id for other in drawing.edges
                  if other is not edge and other.points
                  and distance(edge.label, other.points) < own]
        if nearer and not edge.linked:
            faults.append(f"the label of {edge.id} is nearer {', '.join(nearer)} than its own "
                          "line, and no line joins it to its own")
    return faults
