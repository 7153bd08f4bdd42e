"""The cache of compiled tables: a search read from it gives the graph a search from the rules
gives; what does not match what it was made for, or its checksum, is searched again; prg runs
without it when asked to, or when it cannot write it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import z3
from prg.cli.main import main
from prg.model.cache import (
    STALE_PART_SECONDS,
    EncodingCache,
    TableCache,
    caching,
    search_key,
    tables_cache,
)
from prg.model.explore import Graph, explore
from prg.model.product import Pair, configuration_groups, default_config
from prg.model.spec import Spec
from prg.model.symbolic import SymbolicPair
from prg.model.tables import BadTables, from_bytes

from .helpers import SPLIT_BRAIN, broken

#: Table 2's row 3, which the pair shows without a fault.
ROW_3 = ("Idle/On Admin Request", "Running in Backup Mode/On Admin Request")


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def searched(spec: Spec) -> Graph:
    """The search of the group of two configurations that holds the default one, fault budget
    0, as ``prg verify`` runs it."""
    group = next(g for g in configuration_groups(spec) if default_config(spec) in g)
    assert len(group) == 2
    pair = Pair(spec, group[0], fault_budget=0)
    return explore(pair, [pair.initial_for(config) for config in group])


def same_graph(found: Graph, expected: Graph) -> None:
    assert found.pair.numbering() == expected.pair.numbering()
    assert (found.states, found.edges, found.parent, found.labels, found.closed, found.roots) == (
        expected.states, expected.edges, expected.parent, expected.labels, expected.closed,
        expected.roots)


def stored(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "prg" / "tables").glob("*.tables"))


@pytest.fixture(scope="module")
def uncached(spec: Spec) -> Graph:
    with caching(False):
        return searched(spec)


def test_a_warm_search_gives_the_graph_of_a_cold_one_without_working_out_steps(
        spec: Spec, uncached: Graph, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = searched(spec)
    assert len(stored(cache_home)) == 1
    monkeypatch.setattr(Pair, "steps", lambda *_: pytest.fail("a step worked out again"))
    warm = searched(spec)
    same_graph(cold, uncached)
    same_graph(warm, uncached)


def test_a_stale_entry_is_not_used(spec: Spec, cache_home: Path) -> None:
    searched(spec)
    changed = broken(SPLIT_BRAIN)
    with caching(False):
        expected = searched(changed)
    same_graph(searched(changed), expected)
    assert len(stored(cache_home)) == 2


def test_a_tampered_entry_is_caught_and_rebuilt(spec: Spec, uncached: Graph,
                                                cache_home: Path) -> None:
    searched(spec)
    [path] = stored(cache_home)
    good = path.read_bytes()
    tampered = bytearray(good)
    tampered[-3] ^= 1  # a step's user moves
    path.write_bytes(bytes(tampered))
    with pytest.raises(BadTables, match="checksum"):
        from_bytes(bytes(tampered))
    same_graph(searched(spec), uncached)
    assert path.read_bytes() == good


def test_numbers_out_of_range_are_refused_even_under_a_right_checksum(spec: Spec) -> None:
    pair = Pair(spec, default_config(spec), fault_budget=0)
    explore(pair)
    cache = tables_cache()
    assert cache is not None
    tables = cache.read(search_key(Pair(spec, default_config(spec), 0), [pair.initial]))
    assert tables is not None
    tables.step_controls[0] = len(tables.controls)
    with pytest.raises(BadTables, match="step's control out of range"):
        from_bytes(tables.to_bytes())


def run_prg(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_no_cache_reads_and_writes_nothing(capsys: pytest.CaptureFixture[str],
                                           cache_home: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    explained = run_prg(capsys, "explain", *ROW_3, "--fault-budget", "0")
    assert explained[0] == 0 and len(stored(cache_home)) == 1
    [path] = stored(cache_home)
    path.write_bytes(b"not tables")
    monkeypatch.setattr(Path, "read_bytes", lambda _: pytest.fail("the cache was read"))
    assert run_prg(capsys, "explain", *ROW_3, "--fault-budget", "0", "--no-cache") == explained
    monkeypatch.undo()
    assert stored(cache_home) == [path] and path.read_bytes() == b"not tables"


def test_an_unwritable_cache_directory_costs_one_line(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    expected = run_prg(capsys, "explain", *ROW_3, "--fault-budget", "0", "--no-cache")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))
    status, out, err = run_prg(capsys, "explain", *ROW_3, "--fault-budget", "0")
    assert (status, out) == expected[:2]
    assert err.startswith("prg: warning: cannot write the cache directory ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_the_cache_keeps_within_its_size_the_tables_used_last(tmp_path: Path) -> None:
    folder = tmp_path / "prg" / "tables"
    folder.mkdir(parents=True)
    cache = TableCache(tmp_path / "prg")
    for age, name in enumerate(("newest", "middle", "oldest")):
        path = folder / f"{name}.tables"
        path.write_bytes(b"x" * 100)
        os.utime(path, (time.time() - 10 * age, time.time() - 10 * age))
    stale, fresh = folder / "killed.part", folder / "writing.part"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    old = time.time() - 2 * STALE_PART_SECONDS
    os.utime(stale, (old, old))
    cache.prune(limit=250)
    assert sorted(p.name for p in folder.iterdir()) == ["middle.tables", "newest.tables",
                                                         "writing.part"]


def encodings(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "prg" / "encodings").glob("*.smt2"))


def same_relation(first: z3.BoolRef, second: z3.BoolRef) -> bool:
    solver = z3.Solver()
    solver.add(first != second)
    return solver.check() == z3.unsat


def relations(symbolic: SymbolicPair) -> tuple[z3.BoolRef, z3.BoolRef]:
    """``trans`` with and without the step, over frames of the test's own."""
    return (symbolic.trans(symbolic.system.frame("a"), symbolic.system.frame("b")),
            symbolic.trans(symbolic.unlabelled.frame("a"), symbolic.unlabelled.frame("b")))


@pytest.fixture(scope="module")
def built(spec: Spec) -> tuple[z3.BoolRef, z3.BoolRef]:
    with caching(False):
        return relations(SymbolicPair(spec, 0))


def read_without_building(spec: Spec, monkeypatch: pytest.MonkeyPatch) -> SymbolicPair:
    """The pair's encoding at fault budget 0, which must come from the cache."""
    read = SymbolicPair(spec, 0)
    monkeypatch.setattr(read, "_action_terms", [lambda _: pytest.fail("an action built")]
                        * len(read.actions))
    return read


def test_a_warm_encoding_is_the_cold_one_without_building_it(
        spec: Spec, built: tuple[z3.BoolRef, z3.BoolRef], cache_home: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    relations(SymbolicPair(spec, 0))
    assert len(encodings(cache_home)) == 1
    read = read_without_building(spec, monkeypatch)
    assert all(same_relation(w, b) for w, b in zip(relations(read), built, strict=True))
    assert len(read.action_terms()[1]) == len(read.actions)


def test_a_tampered_or_misshapen_encoding_is_built_again(
        spec: Spec, built: tuple[z3.BoolRef, z3.BoolRef], cache_home: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    relations(SymbolicPair(spec, 0))
    [path] = encodings(cache_home)
    good = path.read_bytes()
    tampered = good.replace(b"(assert", b"(assert (not", 1)
    path.write_bytes(tampered)
    assert EncodingCache(cache_home / "prg").read(path.stem) is None
    assert all(same_relation(w, b)
               for w, b in zip(relations(SymbolicPair(spec, 0)), built, strict=True))
    assert path.read_bytes() != tampered
    # A text under a right checksum that is not this system's encoding: one assertion short.
    body = good.partition(b"\n")[2]
    short = body[:body.rindex(b"(assert")].decode()
    EncodingCache(cache_home / "prg").write(path.stem, short)
    assert all(same_relation(w, b)
               for w, b in zip(relations(SymbolicPair(spec, 0)), built, strict=True))
    assert EncodingCache(cache_home / "prg").read(path.stem) != short
    relations(read_without_building(spec, monkeypatch))


def test_an_encoding_is_named_by_what_it_encodes(spec: Spec, cache_home: Path) -> None:
    relations(SymbolicPair(spec, 0))
    relations(SymbolicPair(broken(SPLIT_BRAIN), 0))
    relations(SymbolicPair(spec, 1))
    relations(SymbolicPair(spec, 0, users="any"))
    assert len(encodings(cache_home)) == 4
    with caching(False):
        relations(SymbolicPair(spec, 2))
    assert len(encodings(cache_home)) == 4
