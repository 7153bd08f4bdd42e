"""Everything a verify run can hand over: the report in each format, and with ``--output DIR``
all of them at once with the diagrams, in one folder."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path

from prg.diagrams.node import VIEW_WORDS, node_diagram
from prg.diagrams.pair import pair_diagram
from prg.diagrams.render import CLASS_COLOURS, Diagram, RenderError, render, svg_inline
from prg.diagrams.trace import state_classes, trace_diagram
from prg.model.errors import UsageError
from prg.model.explore import explore
from prg.model.product import Pair, default_config
from prg.model.spec import Spec
from prg.model.words import config_words, events
from prg.verify.formats.html import to_html
from prg.verify.formats.itf import itf_traces, to_itf
from prg.verify.formats.json_report import to_json
from prg.verify.formats.junit import to_junit
from prg.verify.formats.markdown import to_markdown
from prg.verify.formats.sarif import to_sarif
from prg.verify.formats.text import Paint, to_text, unpainted
from prg.verify.formats.trace import breaks_at
from prg.verify.formats.wording import ALL, reported
from prg.verify.report import DefaultViews, default_views
from prg.verify.results import Report
from prg.verify.tools.recovery import RecoveryTable

#: Each report format and the file ``--output`` writes it to.
REPORT_FILES = {"text": "report.txt", "json": "report.json", "junit": "junit.xml",
                "sarif": "report.sarif", "markdown": "summary.md", "html": "report.html"}
#: The folder of ``--output`` that holds each trace as ITF, a file a trace (``itf_traces``).
ITF_FOLDER = "itf"
#: Every format ``--format`` takes: the reports, and the traces as ITF (one a line).
FORMATS = (*REPORT_FILES, "itf")


#: The report formats that show the default configuration's views.
WITH_VIEWS = frozenset(("html",))


class Artifacts:
    """The reports and diagrams of one verify run, each made once, when first asked for.
    ``views`` are ``default_views`` where the verify run made them; else they are made from
    a new search of the default configuration."""

    def __init__(self, spec: Spec, report: Report,
                 views: DefaultViews | None = None) -> None:
        self.spec = spec
        self.report = report
        self.classes = state_classes(spec)
        self._svgs: dict[str, bytes | None] = {}
        #: Per diagram Graphviz could not draw, why.
        self.svg_errors: dict[str, str] = {}
        self._views = views
        self._recovery: RecoveryTable | None = None

    @property
    def views(self) -> DefaultViews:
        """The default configuration's recovery table and projection."""
        if self._views is None:
            pair = Pair(self.spec, default_config(self.spec), self.report.model.fault_budget)
            self._views = default_views(explore(pair))
        return self._views

    @cached_property
    def node_diagrams(self) -> list[Diagram]:
        """The node machine in two diagrams: the administrator's actions with the pair's own
        events, and the faults with their repairs."""
        return [node_diagram(self.spec, "actions"), node_diagram(self.spec, "faults")]

    @cached_property
    def diagrams(self) -> list[Diagram]:
        """The node diagrams and the pair."""
        return [*self.node_diagrams, pair_diagram(self.views.projection, self.spec)]

    @staticmethod
    def title(diagram: Diagram) -> str:
        """How the reports head a diagram of ``diagrams``."""
        if diagram.name == "pair":
            return "The pair, projected onto (node 1 state, node 2 state)"
        return f"One node's machine: {VIEW_WORDS[diagram.name.removeprefix('node-')]}"

    @cached_property
    def counterexamples(self) -> dict[str, Diagram]:
        """Each violated property's counterexample (a finding's too) as a timeline."""
        found = {}
        for item in reported(self.report):
            prop = item.verdict
            if (prop.status in ("violated", "finding") and prop.counterexample
                    and prop.name not in found):
                title = f"{prop.name} {prop.status}: {prop.message}"
                if prop.config:
                    title += f" ({config_words(prop.config, ALL)})"
                found[prop.name] = trace_diagram(prop.counterexample, self.classes, title,
                                                 breaks_at(prop), prop.name)
        return found

    @cached_property
    def witnesses(self) -> dict[int, Diagram]:
        """Each reachable row's shortest witness as a timeline."""
        return {
            row.id: trace_diagram(
                row.witness, self.classes,
                f"Table 2 row {row.id}: shortest witness, "
                f"{events(len(row.witness) - 1)} ({config_words(row.config or {}, ALL)})")
            for row in self.report.rows if row.witness
        }

    def show_recovery(self) -> None:
        """From now on, the reports that can show the default configuration's recovery table
        (JSON, HTML) show it."""
        self._recovery = self.views.recovery

    def svg(self, diagram: Diagram, key: str) -> bytes | None:
        """The diagram as SVG, or None where Graphviz is missing."""
        if key not in self._svgs:
            try:
                self._svgs[key] = render(diagram, "svg")
            except RenderError as error:
                self._svgs[key] = None
                self.svg_errors[key] = str(error)
        return self._svgs[key]

    def _titled_svgs(self) -> list[tuple[str, str]]:
        found = []
        for diagram in self.diagrams:
            svg = self.svg(diagram, diagram.name)
            if svg is not None:
                found.append((self.title(diagram), svg_inline(svg, fit=False)))
        return found

    def _trace_svgs(self) -> dict[str, str]:
        found = {}
        for name, diagram in self.counterexamples.items():
            svg = self.svg(diagram, f"counterexample-{name}")
            if svg is not None:
                found[name] = svg_inline(svg)
        return found

    def render(self, output_format: str, verbose: bool = True,
               paint: Paint = unpainted) -> str:
        """The report in one of ``FORMATS``; the text without the decisions unless
        ``verbose``, its verdicts shown by ``paint``."""
        if output_format == "text":
            return to_text(self.report, decisions=verbose, paint=paint)
        if output_format == "json":
            return to_json(self.report, self._recovery)
        if output_format == "junit":
            return to_junit(self.report)
        if output_format == "itf":
            return to_itf(self.report)
        if output_format == "sarif":
            return to_sarif(self.report)
        if output_format == "markdown":
            traces = {name: d.mermaid for name, d in self.counterexamples.items()}
            nodes = [(self.title(d), d.mermaid) for d in self.node_diagrams]
            return to_markdown(self.report, nodes, traces)
        if output_format == "html":
            self.show_recovery()
            return to_html(self.report, self._titled_svgs(), self._trace_svgs(), CLASS_COLOURS,
                           self._recovery)
        raise UsageError(f"unknown report format {output_format!r}")

    def write(self, directory: Path) -> list[Path]:
        """Every report, every trace as ITF (in ``ITF_FOLDER``) and every diagram (DOT,
        Mermaid, and SVG where Graphviz is there) into ``directory``; the files written."""
        try:
            (directory / "diagrams").mkdir(parents=True, exist_ok=True)
            (directory / ITF_FOLDER).mkdir(exist_ok=True)
        except OSError as error:
            raise UsageError(f"--output {directory}: cannot create: "
                             f"{error.strerror or error}") from None
        self.show_recovery()
        named = [(d.name, d) for d in self.diagrams]
        named += [(f"counterexample-{n}", d) for n, d in self.counterexamples.items()]
        named += [(f"row-{i:02d}", d) for i, d in self.witnesses.items()]
        # Graphviz draws in processes of its own: all of them at once.
        with ThreadPoolExecutor(os.cpu_count()) as pool:
            list(pool.map(lambda item: self.svg(item[1], item[0]), named))
        written = [self._write(directory / name, self.render(fmt))
                   for fmt, name in REPORT_FILES.items()]
        written += [self._write(directory / ITF_FOLDER / name, json.dumps(trace, indent=2))
                    for name, trace in itf_traces(self.report)]
        for name, diagram in named:
            written.append(self._write(directory / "diagrams" / f"{name}.dot", diagram.dot))
            written.append(self._write(directory / "diagrams" / f"{name}.mmd", diagram.mermaid))
            svg = self.svg(diagram, name)
            if svg is not None:
                written.append(self._write(directory / "diagrams" / f"{name}.svg", svg))
        return written

    @staticmethod
    def _write(path: Path, content: str | bytes) -> Path:
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            path.write_bytes(data if data.endswith(b"\n") else data + b"\n")
        except OSError as error:
            raise UsageError(f"--output: cannot write {path}: {error.strerror or error}") from None
        return path


def written_message(directory: Path, written: list[Path],
                    svg_errors: Mapping[str, str] | None = None) -> str:
    """The line that says where the reports and diagrams went (and what is missing)."""
    line = (f"prg: reports and diagrams written to {directory}/ "
            f"(open {directory / REPORT_FILES['html']})")
    if not any(path.suffix == ".svg" for path in written):
        line += "; no SVG diagrams: Graphviz's dot is not installed (Debian package graphviz)"
    elif svg_errors:
        names = ", ".join(sorted(svg_errors))
        line += f"; no SVG for {names}: {next(iter(svg_errors.values()))}"
    return line
