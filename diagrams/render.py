"""A diagram in two languages (Graphviz DOT and Mermaid), and its rendering to a file format.

DOT and Mermaid are text that prg writes itself; SVG and PNG need Graphviz's layout programs
(Debian's ``graphviz`` package), which prg runs through the ``graphviz`` Python package."""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import graphviz  # type: ignore[import-untyped]
from prg.model.errors import PrgError

#: What ``render`` can produce: text prg writes itself, then what Graphviz renders.
FORMATS = ("dot", "mermaid", "svg", "png")

#: Fill and line colours of a node state's class, shared by every diagram and report.
CLASS_COLOURS = {
    "stable": ("#d3f9d8", "#2b8a3e"),
    "transient": ("#fff3bf", "#e67700"),
    "failed": ("#ffc9c9", "#c92a2a"),
    "unknown": ("#e9ecef", "#495057"),
    "down": ("#495057", "#212529"),
}

#: Colour and line style of a step by the kind of its event.
KIND_STYLES = {
    "fault": ("#c92a2a", "dashed"),
    "admin": ("#1864ab", "bold"),
    "repair": ("#2b8a3e", "bold"),
    "automatic": ("#868e96", "solid"),
}

FONT = "Helvetica"

#: The width a PNG has at least, in pixels: a full-HD slide. A diagram wider than that at
#: Graphviz's 96 dpi keeps its own size.
PNG_MIN_WIDTH = 1920
#: Graphviz's resolution for PNG, in dots per inch; SVG and DOT coordinates are points (72 per
#: inch).
PNG_DPI = 96


class RenderError(PrgError):
    """A diagram that cannot be rendered (Graphviz missing or failing)."""


@dataclass(frozen=True)
class Diagram:
    """One diagram: its DOT source with the layout engine it needs, and its Mermaid text."""

    name: str
    dot: str
    mermaid: str
    engine: str = "dot"
    #: Where the layout puts an edge's label nearer another edge than its own, a line joins
    #: the label to its own edge (Graphviz's ``decorate``); the edges need an ``id``.
    link_labels: bool = False


def render(diagram: Diagram, output_format: str, min_width: int = PNG_MIN_WIDTH) -> bytes:
    """The diagram in ``output_format`` (one of ``FORMATS``), as bytes; a PNG at least
    ``min_width`` pixels wide."""
    if output_format == "dot":
        return diagram.dot.encode("utf-8")
    if output_format == "mermaid":
        return diagram.mermaid.encode("utf-8")
    if output_format not in FORMATS:
        raise RenderError(f"unknown diagram format {output_format!r}")
    try:
        text = _with_linked_labels(diagram) if diagram.link_labels else diagram.dot
        source = graphviz.Source(text, engine=diagram.engine)
        if output_format == "png":
            return _png(source, min_width)
        data: bytes = source.pipe(format=output_format, quiet=True)
        return data
    except graphviz.ExecutableNotFound:
        raise RenderError(
            f"rendering {output_format} needs Graphviz's {diagram.engine!r} program (Debian "
            "package graphviz); --format dot and mermaid work without it"
        ) from None
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(
            f"Graphviz {diagram.engine} failed on the {diagram.name} diagram: "
            f"{detail[0] if detail else 'exit status ' + str(error.returncode)}"
        ) from None


#: How much nearer its own edge than any other a label must be to go without a line to it,
#: in points: Graphviz measures text by its own font metrics, a browser by the fonts it has.
LABEL_MARGIN = 6.0
Point = tuple[float, float]
#: A rectangle: left, bottom, right, top.
Box = tuple[float, float, float, float]


def _with_linked_labels(diagram: Diagram) -> str:
    """The diagram's DOT with ``decorate`` on each edge whose label the layout puts nearer
    another edge than its own."""
    layout = json.loads(graphviz.Source(diagram.dot, engine=diagram.engine).pipe(
        format="json", quiet=True))
    text = diagram.dot
    for edge_id in sorted(misread_labels(layout.get("edges", []))):
        text = re.sub(rf"(\bid={re.escape(edge_id)})\b", r"\1 decorate=true", text)
    return text


def misread_labels(edges: Sequence[Mapping[str, Any]]) -> set[str]:
    """The ids of the edges, laid out by Graphviz (its JSON output's ``edges``), whose label
    is not plainly nearer its own line than any other (by ``LABEL_MARGIN``): a reader could
    take it for the other's."""
    lines = [_curve_points(edge) for edge in edges]
    # A line's bounding box is never farther from a label than the line: it rules most out.
    bounds = [(min(x for x, _ in points), min(y for _, y in points),
               max(x for x, _ in points), max(y for _, y in points)) if points else None
              for points in lines]
    misread = set()
    for index, edge in enumerate(edges):
        box = label_box(edge.get("_ldraw_", []))
        if box is None or not lines[index] or "id" not in edge:
            continue
        near = min(box_distance(box, point) for point in lines[index]) + LABEL_MARGIN
        if any(other != index and bound is not None and _box_gap(box, bound) < near
               and any(box_distance(box, point) < near for point in lines[other])
               for other, bound in enumerate(bounds)):
            misread.add(str(edge["id"]))
    return misread


def _box_gap(first: Box, second: Box) -> float:
    """How far apart two rectangles are (0 where they meet)."""
    return math.hypot(max(first[0] - second[2], 0.0, second[0] - first[2]),
                      max(first[1] - second[3], 0.0, second[1] - first[3]))


def label_box(operations: Iterable[Mapping[str, Any]]) -> Box | None:
    """The rectangle a label's text covers, from Graphviz's drawing operations for it (each
    line a ``T`` after the ``F`` that sets its font size); None for no text."""
    size = 14.0
    boxes: list[Box] = []
    for operation in operations:
        if operation["op"] == "F":
            size = float(operation["size"])
        elif operation["op"] == "T":
            x, y = operation["pt"]
            width = float(operation["width"])
            left = {"l": x, "r": x - width}.get(operation["align"], x - width / 2)
            # The baseline is at y: descenders go a quarter of the size below it.
            boxes.append((left, y - 0.25 * size, left + width, y + 0.8 * size))
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _curve_points(edge: Mapping[str, Any], samples: int = 12) -> list[Point]:
    """Points along an edge's line (its cubic Bezier pieces, from ``_draw_``)."""
    points: list[Point] = []
    for operation in edge.get("_draw_", []):
        if operation["op"] != "b":
            continue
        controls = [(float(x), float(y)) for x, y in operation["points"]]
        for start in range(0, len(controls) - 3, 3):
            p0, p1, p2, p3 = controls[start:start + 4]
            for step in range(samples + 1):
                t = step / samples
                u = 1 - t
                points.append((u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0]
                               + t**3 * p3[0],
                               u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1]
                               + t**3 * p3[1]))
    return points


def box_distance(box: Box, point: Point) -> float:
    """How far ``point`` lies from the rectangle ``box`` (0 inside it)."""
    dx = max(box[0] - point[0], 0.0, point[0] - box[2])
    dy = max(box[1] - point[1], 0.0, point[1] - box[3])
    return math.hypot(dx, dy)


def _png(source: graphviz.Source, min_width: int) -> bytes:
    """Drawn by Cairo, written by GD as a 256-colour PNG: smaller than Cairo's own PNG and
    quicker for the pair diagram, and as sharp (see bench/README.md). Graphviz builds without
    the GD plugin fall back to Cairo's writer. The resolution is Graphviz's 96 dpi, or more
    where that gives fewer than ``min_width`` pixels across."""
    layout = json.loads(source.pipe(format="json0", quiet=True))
    width = float(layout["bb"].split(",")[2])  # points
    dpi = max(PNG_DPI, math.ceil(min_width * 72 / width)) if width else PNG_DPI
    # A graph attribute statement anywhere in the graph sets it for the whole drawing.
    text = source.source.replace("{", f"{{\n\tgraph [dpi={dpi}]", 1)
    scaled = graphviz.Source(text, engine=source.engine)
    try:
        data: bytes = scaled.pipe(format="png", renderer="cairo", formatter="gd", quiet=True)
    except graphviz.CalledProcessError:
        data = scaled.pipe(format="png", quiet=True)
    return data


def svg_inline(svg: bytes, fit: bool = True) -> str:
    """An SVG document as an element to put inside HTML: without its XML prolog and DOCTYPE;
    scaled down to the width available where ``fit``, else at its own size (for a map whose
    text would be too small to read scaled down)."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    text = text[start:] if start >= 0 else text
    if not fit:
        return text
    return re.sub(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"',
                  r'<svg style="max-width:100%;height:auto" width="\1pt" height="\2pt"',
                  text, count=1)


def label_text(text: str) -> str:
    """Text as a Graphviz HTML-like label shows it as written: ``&``, ``<`` and ``>`` as
    entities (quotes need none)."""
    return html.escape(text, quote=False)


def mermaid_text(text: str) -> str:
    """Text Mermaid shows as written: its statement separators and quotes as entity codes."""
    return text.translate(_MERMAID_CODES)


_MERMAID_CODES = {ord("#"): "#35;", ord(";"): "#59;", ord('"'): "#quot;", ord("\n"): "<br/>"}


def mermaid_id(text: str) -> str:
    """An identifier Mermaid accepts for a name."""
    return re.sub(r"\W+", "_", text).strip("_").lower() or "x"
