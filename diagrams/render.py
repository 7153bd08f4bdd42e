"""A diagram in two languages (Graphviz DOT and Mermaid), and its rendering to a file format.

DOT and Mermaid are text that prg writes itself; SVG and PNG need Graphviz's layout programs
(Debian's ``graphviz`` package), which prg runs through the ``graphviz`` Python package."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


class RenderError(PrgError):
    """A diagram that cannot be rendered (Graphviz missing or failing)."""


@dataclass(frozen=True)
class Diagram:
    """One diagram: its DOT source with the layout engine it needs, and its Mermaid text."""

    name: str
    dot: str
    mermaid: str
    engine: str = "dot"


def render(diagram: Diagram, output_format: str) -> bytes:
    """The diagram in ``output_format`` (one of ``FORMATS``), as bytes."""
    if output_format == "dot":
        return diagram.dot.encode("utf-8")
    if output_format == "mermaid":
        return diagram.mermaid.encode("utf-8")
    if output_format not in FORMATS:
        raise RenderError(f"unknown diagram format {output_format!r}")
    source = graphviz.Source(diagram.dot, engine=diagram.engine)
    try:
        if output_format == "png":
            return _png(source)
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


def _png(source: graphviz.Source) -> bytes:
    """Drawn by Cairo, written by GD as a 256-colour PNG: smaller than Cairo's own PNG and
    quicker for the pair diagram, and as sharp (see bench/README.md). Graphviz builds without
    the GD plugin fall back to Cairo's writer."""
    try:
        data: bytes = source.pipe(format="png", renderer="cairo", formatter="gd", quiet=True)
    except graphviz.CalledProcessError:
        data = source.pipe(format="png", quiet=True)
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


def mermaid_text(text: str) -> str:
    """Text Mermaid shows as written: its statement separators and quotes as entity codes."""
    return text.translate(_MERMAID_CODES)


_MERMAID_CODES = {ord("#"): "#35;", ord(";"): "#59;", ord('"'): "#quot;", ord("\n"): "<br/>"}


def mermaid_id(text: str) -> str:
    """An identifier Mermaid accepts for a name."""
    return re.sub(r"\W+", "_", text).strip("_").lower() or "x"
