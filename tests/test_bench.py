"""Smoke test of the benchmark (`make bench`): it runs end to end on a tiny course and prints its tables.

No timing is checked here: the machine is shared, and the figures belong in the README.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # runs the benchmark (several builds) on a tiny course

BENCH = ROOT / "benchmarks" / "bench.py"
_spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
assert _spec is not None and _spec.loader is not None
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)

LIBRARY = 73
"""Entries of the pasted library (bench.py --library): one copy of tests/bibcorpus/, whose files hold 73 papers."""

ROWS = ["a  full build: coursesite build", "b  plain Material, same pages as static files",
        "a2 ... and mkdocs build instead of coursesite build",
        "n0 synthetic 2x5: plain Material", "n1 synthetic 2x5: mkdocs build, as is",
        "n2 synthetic 2x5: personal pages in the nav"]


def row(out: str, label: str, kept: str | None = None) -> list[str]:
    """The figures printed after a row's label (and, for a build row, after its `cold` or `warm`)."""
    for line in out.splitlines():
        if line.startswith(label):
            figures = line[len(label):].split()
            if kept is None:
                return figures
            if figures[0] == kept:
                return figures[1:]
    raise AssertionError(f"no row {label!r} {kept or ''}")


def test_quick_benchmark_prints_every_measurement(tmp_path):
    """On a tiny course, --quick measures each build, the serve rebuild and the generator, prints them, and cleans up."""
    course = synthetic.write(tmp_path / "tiny", 2, 5)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    # As `make bench` runs it, with its temporary folders in `scratch`. The pasted library: one copy of the corpus
    # (every exporter's file once) instead of 1,000 entries, ~4.5 s less CPU for the same rows.
    # Two copies of the course in one repository (g): the fewest that show the edited one rebuilt and the other reused.
    result = subprocess.run([sys.executable, str(BENCH), "--quick", "--course", str(course), "--sizes", "2x5,2x10,4x5,4x10",
                             "--nav-size", "2x5", "--library", str(LIBRARY), "--many", "2"],
                            env=dict(os.environ, TMPDIR=str(scratch)), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    out = result.stdout

    # Each build twice: with nothing kept (cold), then again with what that build kept (warm).
    for label in ROWS:
        for kept in ("cold", "warm"):  # wall, min, max, CPU, runs, peak MB, pages
            figures = row(out, label, kept)
            assert len(figures) == 7 and figures[4] == "1" and float(figures[5]) > 0, (label, kept, figures)
    pages = {(label[:2], kept): int(row(out, label, kept)[6]) for label in ROWS for kept in ("cold", "warm")}
    # 2 sessions, 5 participants: home, info, schedule, roles, rotation, papers, guide, messages, 404 + 2 papers
    # + 5 personal pages
    assert pages == {(name, kept): 16 for name in ("a ", "b ", "a2", "n0", "n1", "n2") for kept in ("cold", "warm")}
    for kept in ("cold", "warm"):
        assert f"full build / plain Material a/b, {kept} = " in out and f"plain Material n1/n0, {kept} = " in out
    assert len(row(out, "d  mkdocs serve: course.yaml edited -> browsers reload")) == 6
    for label in ("g  2 courses, all built", "g  2 courses, 1 changed: the rest reused"):  # wall, CPU
        figures = row(out, label)
        assert len(figures) == 2 and float(figures[1]) > 0, (label, figures)
    assert "a1 full build without the notebooks" not in out  # the tiny course has none

    # generated pages: home, info, schedule, roles, rotation, reading list + one per paper + one per participant
    for name, pages_rendered in [("course", 13), ("synthetic 2x5", 13), ("synthetic 4x10", 20)]:
        assert int(row(out, name + " ")[0]) == pages_rendered, name
    assert "scaling (CPU): 2x the sessions -> " in out and "2x the participants -> " in out
    # The pasted library (f): the tiny course reads its 2 papers, or them and every entry of the library.
    assert [int(row(out, "f  " + label)[2]) for label in ("course reads its own papers", "every entry in further_reading")] == [2, 2 + LIBRARY]
    targets = [line for line in out.splitlines() if line.startswith("  ") and line.endswith((" met", " MISSED"))]
    # Sizes the tiny run does not measure (50x200, 200x1000) print no target.
    assert [line.split(":")[0].strip() for line in targets] == [
        "a/b cold", "a/b warm", "n1/n0 cold", "n1/n0 warm", "preview", "generator, seed course (s)", "time growth / size growth (1 = linear)", "loading a 1,000-entry library (s)"]
    # Every temporary folder is gone (Jinja's cache of compiled templates is meant to stay).
    assert [p for p in scratch.iterdir() if not p.name.startswith("_jinja2-cache")] == []
