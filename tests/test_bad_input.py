"""A build of broken input keeps the last good site: every case of the bad-input corpus (corpus.py) with errors.

Each case breaks a course folder whose site/ was built successfully, and runs `coursesite build`
(its `main`, in this process) as an organizer would. The build must print exactly the case's lines
(file, line, path, what is wrong, what to do), the same as `check`, and leave site/ byte for byte
as it was. Two tests run real processes: `mkdocs build` without our command line, and
`python -m coursesite build` for its exit code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_site, file_digests, run_cli, run_process
from corpus import BASES, CASES, prepare, undo

FAILING = [c for c in CASES if c.errors and not c.parser_crash]


@pytest.fixture(scope="module")
def good(site, tmp_path_factory) -> dict[str, tuple[Path, dict[str, str]]]:
    """For each base course, a folder with a good site/ and the digest of that site.

    The seed's folder is a copy of the session's seed build (site/ included); the starter is built once here.
    """
    seed = tmp_path_factory.mktemp("seed") / "course"
    shutil.copytree(site.root, seed, symlinks=True)
    starter = tmp_path_factory.mktemp("starter")
    for name in ("mkdocs.yml", "docs"):
        (starter / name).symlink_to(site.root / name)
    for name, content in BASES["starter"].items():
        (starter / name).write_bytes(content)
    build_site(starter)
    return {"seed": (seed, file_digests(seed / "site")), "starter": (starter, file_digests(starter / "site"))}


@pytest.mark.parametrize("case", FAILING, ids=[c.name for c in FAILING])
def test_build_refuses_broken_input_and_keeps_the_site(case, good):
    """A broken input stops the build with exactly the case's lines, no traceback, and site/ untouched."""
    root, digest = good[case.base]
    prepare(case, root)
    try:
        result = run_cli(root, "build")
    finally:
        undo(case, root)  # the next case starts from the good files again
    assert result.returncode == 1
    assert result.stderr.splitlines() == case.lines(root)
    assert file_digests(root / "site") == digest
    assert not list(root.glob(".site-build-*")) and not list(root.glob(".site-old-*"))


def test_mkdocs_build_directly_keeps_site_and_prints_the_same_line(good, tmp_path):
    """`mkdocs build` without the CLI also stops before touching site/ and prints the problem as one line."""
    root, digest = good["seed"]
    copy = tmp_path / "course"
    shutil.copytree(root, copy, symlinks=True)
    case = next(c for c in CASES if c.name == "feb-30")
    prepare(case, copy)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=copy, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "Traceback" not in output
    assert f"ERROR   -  {case.errors[0]}" in output.splitlines()
    assert file_digests(copy / "site") == digest


def test_the_command_exits_non_zero_on_broken_input(tmp_path):
    """`python -m coursesite build`, as `make build` runs it, exits with 1 and prints the lines, and builds nothing."""
    case = next(c for c in CASES if c.name == "several-problems")
    prepare(case, tmp_path)
    result = run_process(tmp_path, "build")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == case.lines(tmp_path)
    assert not (tmp_path / "site").exists()


def test_unquoted_time_is_read_as_a_time(course_dir):
    """`start: 18:00` without quotes (a number in YAML 1.1) is accepted as the time 18:00, not refused."""
    path = course_dir / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('start: "18:00"', "start: 18:00"), encoding="utf-8")
    result = run_cli(course_dir, "check")
    assert result.returncode == 0, result.stderr
    from coursesite.course.load import load
    course = load(path, course_dir / "papers.bib").course
    assert course.meetings.start.strftime("%H:%M") == "18:00"
    assert course.organizational_meeting.start.strftime("%H:%M") == "18:00"
