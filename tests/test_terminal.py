"""What an engineer reads on a terminal and in a CI log: the trace in the diagrams' words, the
step where a property breaks, lines within 100 columns, verdicts in colour and progress on
standard error."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from prg.cli.colour import colour_wanted, coloured
from prg.cli.main import main
from prg.cli.progress import ProgressLine
from prg.diagrams.trace import state_classes, trace_diagram
from prg.model import progress as progress_module
from prg.model.explore import explore
from prg.model.product import Pair, default_config
from prg.model.progress import ProgressEvent, RunStarted, Searching, TaskProgress
from prg.model.spec import Spec
from prg.model.traces import HomeUsers, Shown, Trace, trace_of
from prg.verify.formats.columns import WIDTH
from prg.verify.formats.text import run_status, to_text
from prg.verify.formats.trace import breaks_at, breaks_mark, trace_text
from prg.verify.report import verify
from prg.verify.results import Report

from .helpers import ROOT, SPEC_TEXT, SPLIT_BRAIN, broken, own_violation, prg, spec_file


@pytest.fixture(scope="module")
def split_brain_trace() -> Trace:
    """no_split_brain's counterexample where Failing Over serves its users: one failover."""
    spec = broken(SPLIT_BRAIN)
    violation = own_violation("no_split_brain",
                              explore(Pair(spec, default_config(spec), fault_budget=0)))
    assert violation is not None and violation.graph is not None and violation.path is not None
    return trace_of(violation.graph, violation.path)


def test_the_trace_text_and_the_timeline_word_steps_and_users_alike(
        spec: Spec, split_brain_trace: Trace) -> None:
    text = trace_text(split_brain_trace)
    assert "node 1's users: 1 logging in again; node 2's users: 1 at home" in text
    assert "node1" not in text and " out" not in text
    assert " 0. start\n" in text and " 1. failover on node 1\n" in text
    timeline = trace_diagram(split_brain_trace, state_classes(spec), "split brain").mermaid
    assert "node 1's users: 1 logging in again<br/>node 2's users: 1 at home" in timeline
    assert "N1->>N1: failover on node 1" in timeline


@pytest.fixture(scope="module")
def split_brain_report() -> Report:
    """A violating run: Failing Over serves its users, at fault budget 0."""
    return verify(broken(SPLIT_BRAIN), fault_budget=0, jobs=1, engine="graph")


def passing(report: Report) -> Report:
    """``report`` as a run where every property holds and every row is reached."""
    return replace(
        report,
        properties=tuple(replace(p, status="holds", message=None, counterexample=None,
                                 config={}) for p in report.properties),
        rows=tuple(replace(r, reachable=True, witness=r.witness or report.rows[0].witness)
                   for r in report.rows))


def test_a_counterexample_marks_the_step_where_its_property_breaks(
        split_brain_report: Report) -> None:
    verdict = next(p for p in split_brain_report.properties if p.name == "no_split_brain")
    assert verdict.counterexample is not None
    assert breaks_at(verdict) == len(verdict.counterexample) - 1 == 1
    assert breaks_at(replace(verdict, status="holds")) is None
    text = to_text(split_brain_report)
    section = text[text.index("VIOLATED no_split_brain"):]
    assert "     1. failover on node 1   <- no_split_brain breaks here\n" in section
    assert "     0. start\n" in section
    assert text.count(breaks_mark("no_split_brain")) == 1


def test_trace_text_marks_the_step_it_is_given(split_brain_trace: Trace) -> None:
    text = trace_text(split_brain_trace, breaks_at=0, property_name="no_user_lost")
    assert text.splitlines()[0] == "     0. start   <- no_user_lost breaks here"
    assert "breaks here" not in trace_text(split_brain_trace)


def test_every_line_of_the_text_report_is_within_100_columns(
        split_brain_report: Report) -> None:
    settings = replace(split_brain_report.model, settings={
        "high_availability": True, "automatic_fallback": False,
        "user_assignment_mode": "Active-Standby", "xcp_authentication_monitoring": True})
    for report in (split_brain_report, passing(split_brain_report),
                   replace(split_brain_report, model=settings)):
        text = to_text(report, decisions=True)
        too_long = [line for line in text.splitlines() if len(line) > WIDTH]
        assert not too_long, too_long
    text = to_text(split_brain_report)
    assert "UNREACHABLE  node 1 Failed Over with Critical Services Not Running / Critical " in text
    assert "\n                   node 2 Running in Backup Mode / Critical Service Down\n" in text
    assert "\n    automatic_fallback=False" in text  # a configuration goes on under its row


def test_a_trace_with_long_states_stays_within_100_columns(split_brain_trace: Trace) -> None:
    long_side = Shown("Failed Over with Critical Services Not Running", "Critical Service Down",
                      (("critical", "down"), ("database", "down"), ("network", "cut")))
    users = HomeUsers(3, 1, 1, 1)
    step = replace(split_brain_trace[-1], node1=long_side, node2=long_side,
                   users=(users, users))
    text = trace_text([*split_brain_trace, step], notes=["", "", "the administrator acts"],
                      breaks_at=2, property_name="service_after_one_fault")
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert ("          node 1's users: 1 at home, 1 at the peer, 1 logging in again\n"
            "          node 2's users: 1 at home, 1 at the peer, 1 logging in again") in text


class FakeTerminal(io.StringIO):
    """Standard error as a terminal: what is written to it is kept."""

    def isatty(self) -> bool:
        return True


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


DEFAULT = (("high_availability", True), ("automatic_fallback", False))


def test_the_progress_line_is_written_over_at_most_ten_times_a_second() -> None:
    stream, clock = FakeTerminal(), FakeClock()
    line = ProgressLine("verify", stream, width=200, clock=clock)
    line(TaskProgress("graph", "configurations", 0, 24))
    assert stream.getvalue() == "\rprg verify: 0 s; graph: 0 of 24 configurations checked"
    line(Searching(DEFAULT, 32768))
    assert stream.getvalue().count("\r") == 1  # no sooner than a tenth of a second after
    clock.now += 0.2
    line(TaskProgress("z3", "proofs", 0, 1))
    assert stream.getvalue().split("\r")[-1] == (
        "prg verify: 0 s; graph: 0 of 24 configurations checked, 32,768 joint states explored; "
        "z3: proofs running; searching high_availability=True, automatic_fallback=False")
    clock.now += 12
    line(Searching(DEFAULT, 40000, finished=True))
    line(TaskProgress("graph", "configurations", 2, 24))
    clock.now += 1
    line.refresh()  # silent work: the seconds go on
    assert stream.getvalue().split("\r")[-1] == (
        "prg verify: 13 s; graph: 2 of 24 configurations checked, 40,000 joint states explored; "
        "z3: proofs running")
    line.close()
    shown = stream.getvalue().split("\r")
    assert shown[-1] == "" and shown[-2] == " " * len(shown[-3])


def test_the_progress_line_fits_the_terminal_and_each_run_starts_anew() -> None:
    stream, clock = FakeTerminal(), FakeClock()
    line = ProgressLine("diff", stream, width=60, clock=clock)
    line(RunStarted("the defaults"))
    line(Searching(DEFAULT, 32768))
    line(RunStarted("with automatic_fallback=True"))
    written = stream.getvalue().split("\r")[1:]
    assert written == ["prg diff: 0 s; the defaults",
                       "prg diff: 0 s; with automatic_fallback=True"]
    clock.now += 1
    line(Searching(DEFAULT, 65536))
    last = stream.getvalue().split("\r")[-1]
    assert last == "prg diff: 1 s; with automatic_fallback=True; graph: 65,5..."
    assert len(last) < 60


def test_a_search_reports_its_joint_states_as_it_goes(
        spec: Spec, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "SEARCH_REPORT_EVERY", 1000)
    heard: list[ProgressEvent] = []
    graph = explore(Pair(spec, default_config(spec), fault_budget=0), progress=heard.append)
    config = default_config(spec)
    # A search on arrays reports at the end of a breadth-first level: once past each thousand.
    found = [event.states for event in heard[:-1] if isinstance(event, Searching)]
    assert len(found) == len(heard) - 1 >= 2
    thousands = [n // 1000 for n in found]
    assert thousands == sorted(set(thousands)) and thousands[0] >= 1
    assert thousands[-1] == len(graph.states) // 1000
    assert heard[-1] == Searching(config, len(graph.states), finished=True)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_verify_run_reports_its_searches_and_its_configurations(jobs: int) -> None:
    """From worker processes too: every search's end arrives, in this process."""
    heard: list[ProgressEvent] = []
    report = verify(broken(SPLIT_BRAIN), fault_budget=0, jobs=jobs, engine="graph",
                    progress=heard.append)
    found = [e.states for e in heard if isinstance(e, Searching) and e.finished]
    assert sum(found) == report.model.explored_states
    checked = [e.done for e in heard if isinstance(e, TaskProgress)]
    assert checked[0] == 0 and checked[-1] == report.model.configurations == 24
    assert checked == sorted(checked)


def test_no_progress_and_no_colour_where_nothing_is_a_terminal(tmp_path: Path) -> None:
    done = prg("verify", "--spec", str(ROOT / "specs/mutants/both-serving-failing-over.yaml"),
               "--fault-budget", "0", "--engine", "graph")
    assert done.returncode == 1 and done.stderr == ""
    assert "VIOLATED no_split_brain" in done.stdout and "\x1b[" not in done.stdout


def run_in_terminal(*argv: str) -> tuple[int, str, str]:
    """Run prg with standard error a terminal: the exit status, standard output and error."""
    out, err = io.StringIO(), FakeTerminal()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            pytest.raises(SystemExit) as done:
        main(list(argv))
    return int(done.value.code or 0), out.getvalue(), err.getvalue()


def test_a_search_on_a_terminal_shows_progress_unless_quiet() -> None:
    status, out, err = run_in_terminal("explain", "Normal", "Normal", "--fault-budget", "0")
    assert status == 0 and "\r" not in out
    assert err.startswith("\rprg explain: 0 s; graph: ") and "joint states explored" in err
    assert err.endswith("\r") and err.split("\r")[-2].strip() == ""  # cleared at the end
    for quiet in ("--quiet", "-q"):
        assert run_in_terminal("explain", "Normal", "Normal", "--fault-budget", "0",
                               quiet) == (status, out, "")


@pytest.mark.parametrize("drawing", [("pair",), ("trace", "--property", "no_split_brain")])
def test_a_diagram_that_searches_shows_progress_unless_quiet(drawing: tuple[str, ...],
                                                             tmp_path: Path) -> None:
    spec = spec_file(tmp_path, SPEC_TEXT.replace(*SPLIT_BRAIN))
    command = ("diagram", *drawing, "--spec", str(spec), "--fault-budget", "0",
               "--format", "dot", "-o", str(tmp_path / "out.dot"))
    status, _, err = run_in_terminal(*command)
    assert status == 0 and err.startswith("\rprg diagram: ") and "joint states" in err
    status, _, err = run_in_terminal(*command, "-q")
    assert status == 0 and "\r" not in err and "joint states" not in err


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_verdicts_are_painted_by_status_and_the_layout_does_not_move(
        split_brain_report: Report) -> None:
    plain = to_text(split_brain_report)
    painted = to_text(split_brain_report, paint=coloured)
    assert ANSI.sub("", painted) == plain
    lines = painted.splitlines()
    assert any(line.startswith("no_split_brain                   \x1b[1;31mviolated\x1b[0m  graph")
               for line in lines)
    assert any(line.startswith("no_deadlock                      \x1b[32mholds\x1b[0m     graph")
               for line in lines)
    assert "\x1b[1;31mVIOLATED\x1b[0m no_split_brain: " in painted
    assert lines[-1] == coloured(plain.splitlines()[-1], "violated")
    assert run_status(split_brain_report) == "violated"
    assert run_status(passing(split_brain_report)) == "holds"
    assert to_text(passing(split_brain_report), paint=coloured).splitlines()[-1].startswith(
        "\x1b[32mall properties hold")
    with_finding = replace(passing(split_brain_report), properties=(
        replace(split_brain_report.properties[0], status="finding", findings=("a-finding",)),))
    assert run_status(with_finding) == "finding"
    assert "\x1b[36mFINDING (a-finding)\x1b[0m states_reachable" in to_text(
        with_finding, paint=coloured)
    assert coloured("x", "unknown") == "\x1b[33mx\x1b[0m"


@pytest.mark.parametrize(("choice", "terminal", "environ", "wanted"), [
    ("auto", True, {}, True),
    ("auto", False, {}, False),
    ("auto", True, {"NO_COLOR": "1"}, False),
    ("auto", True, {"NO_COLOR": ""}, True),  # no-color.org: set and not empty
    ("auto", False, {"FORCE_COLOR": "1"}, True),
    ("auto", False, {"FORCE_COLOR": ""}, False),
    ("auto", True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ("always", False, {"NO_COLOR": "1"}, True),
    ("never", True, {"FORCE_COLOR": "1"}, False),
])
def test_colour_follows_the_option_the_environment_and_the_terminal(
        choice: str, terminal: bool, environ: dict[str, str], wanted: bool) -> None:
    output = FakeTerminal() if terminal else io.StringIO()
    assert colour_wanted(choice, output, environ) is wanted


def test_verify_on_a_terminal_shows_progress_and_colour_but_writes_plain_files(
        tmp_path: Path) -> None:
    status, out, err = run_in_terminal(
        "verify", "--spec", str(ROOT / "specs/mutants/both-serving-failing-over.yaml"),
        "--fault-budget", "0", "--engine", "graph", "--color", "always",
        "--output", str(tmp_path))
    assert status == 1
    assert "\x1b[1;31mVIOLATED\x1b[0m no_split_brain" in out
    assert err.startswith("\rprg verify: 0 s; graph: 0 of 24 configurations checked")
    assert "prg: reports and diagrams written to" in err
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "VIOLATED no_split_brain" in report and "\x1b[" not in report
