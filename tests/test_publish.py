"""Builds never leave the course folder without a complete site/: parallel builds, killed builds, failed builds.

The swap and the recovery are tested on folders directly (a kill between two steps is simulated
by an exception at that step, with and without the one-step exchange); real `coursesite build`
processes are run side by side while a watcher checks that site/ is complete at every moment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import copy_course
from coursesite.engine import publish


def make_site(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(text)
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_text(text)
    return folder


def site_text(root: Path) -> str:
    return (root / "site" / "index.html").read_text()


@pytest.fixture(params=["exchange", "two renames"])
def mode(request, monkeypatch):
    if request.param == "two renames":
        monkeypatch.setenv("COURSESITE_NO_EXCHANGE", "1")
    return request.param


def test_swap_replaces_site(tmp_path, mode):
    """After a swap site/ holds the new build and no staging or old folder is left."""
    make_site(tmp_path / "site", "old")
    fresh = publish.staging(tmp_path)
    make_site(fresh / "x", "unused")
    (fresh / "index.html").write_text("new")
    publish.swap(tmp_path, fresh)
    assert site_text(tmp_path) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_first_swap_without_a_site(tmp_path, mode):
    """The first build simply becomes site/."""
    fresh = publish.staging(tmp_path)
    (fresh / "index.html").write_text("new")
    publish.swap(tmp_path, fresh)
    assert site_text(tmp_path) == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("killed_at", [1, 2])
def test_build_killed_during_the_swap_leaves_or_restores_a_complete_site(tmp_path, monkeypatch, killed_at):
    """Killed after the first or second of the two renames: the next build's recovery gives a complete site/."""
    monkeypatch.setenv("COURSESITE_NO_EXCHANGE", "1")
    make_site(tmp_path / "site", "old")
    fresh = publish.staging(tmp_path)
    (fresh / "index.html").write_text("new")
    real_rename, calls = Path.rename, []

    def rename(self, target):
        calls.append(self)
        result = real_rename(self, target)
        if len(calls) == killed_at:
            raise KeyboardInterrupt("killed")
        return result

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        publish.swap(tmp_path, fresh)
    monkeypatch.setattr(Path, "rename", real_rename)
    restored = publish.recover(tmp_path)
    assert (restored, site_text(tmp_path)) == ((True, "old") if killed_at == 1 else (False, "new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_recover_removes_staging_leftovers_and_keeps_site(tmp_path):
    """A build killed while building leaves its staging folder; the next one removes it and site/ stays."""
    make_site(tmp_path / "site", "good")
    make_site(tmp_path / ".site-build-abc", "half")
    make_site(tmp_path / ".site-old-def", "older")
    assert publish.recover(tmp_path) is False
    assert site_text(tmp_path) == "good" and sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_lock_serializes(tmp_path):
    """A second holder of the lock waits until the first lets go."""
    order = []

    def hold(name, pause):
        with publish.locked(tmp_path):
            order.append(f"{name} in")
            time.sleep(pause)
            order.append(f"{name} out")

    first = threading.Thread(target=hold, args=("a", 0.5))
    first.start()
    time.sleep(0.1)
    hold("b", 0)
    first.join()
    assert order == ["a in", "a out", "b in", "b out"]


@pytest.mark.parametrize("builds", [3])
def test_parallel_builds_keep_a_complete_site(tmp_path, builds):
    """Several `coursesite build` at once in one folder all succeed, and site/ is complete at every moment."""
    root = copy_course(tmp_path / "course")
    run = [sys.executable, "-m", "coursesite", "--root", str(root), "build"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    assert subprocess.run(run, env=env, capture_output=True).returncode == 0
    missing, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            if not (root / "site" / "index.html").is_file() or not (root / "site" / "handout.pdf").is_file():
                missing.append(time.monotonic())
            time.sleep(0.002)

    watcher = threading.Thread(target=watch)
    watcher.start()
    procs = [subprocess.Popen(run, env=env, stderr=subprocess.PIPE, text=True) for _ in range(builds)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    stop.set()
    watcher.join()
    assert [code for code, _ in results] == [0] * builds, results
    assert "Traceback" not in "".join(err for _, err in results)
    assert missing == []
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def test_killed_build_then_failed_build_says_the_truth(tmp_path):
    """A build killed mid-way is followed by a build that restores site/ and tells whether it is unchanged."""
    root = copy_course(tmp_path / "course")
    run = [sys.executable, "-m", "coursesite", "--root", str(root), "build"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COURSESITE_NO_EXCHANGE="1")
    (root / "docs" / "roles.md").write_text("# by hand\n")
    result = subprocess.run(run, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.splitlines()[-1] == \
        "error: the site could not be built (see above); no site/ was written."
    (root / "docs" / "roles.md").unlink()
    assert subprocess.run(run, env=env, capture_output=True).returncode == 0
    before = site_text(root)
    (root / "site").rename(root / ".site-old-killed")  # what a kill between the two renames leaves
    (root / "docs" / "roles.md").write_text("# by hand\n")
    result = subprocess.run(run, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"note: put back {root / 'site'}, which an interrupted build had moved aside"
    assert result.stderr.splitlines()[-1] == "error: the site could not be built (see above); site/ is unchanged."
    assert site_text(root) == before
