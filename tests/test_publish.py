"""Builds never leave the course folder without a complete site/: parallel builds, killed builds, failed builds.

The swap and the recovery are tested on folders directly (a kill between two steps is simulated
by an exception at that step, with and without the one-step exchange); real `coursesite build`
processes are run side by side while a watcher checks that site/ is complete at every moment.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_course, file_digests, run_cli
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


@pytest.mark.slow  # four builds of its own, as processes
@pytest.mark.parametrize("builds", [3])
def test_parallel_builds_keep_a_complete_site(tmp_path, builds):
    """Several `coursesite build` at once in one folder all succeed, and site/ is complete at every moment."""
    # A small course (the journal club of tests/courses: three people, no notebooks) with the site's settings:
    # what is tested is the swap, which does not depend on the size of the site.
    root = tmp_path / "course"
    shutil.copytree(Path(__file__).parent / "courses" / "journalclub", root)
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
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


@pytest.mark.slow  # three builds of its own, as processes
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


# --- What the system refuses: one line, and the last good site/ as it was -------------------------------------------

EXCHANGE_OFF = "COURSESITE_NO_EXCHANGE"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The seed course with a site/ built once; each test below works on a copy of it."""
    root = copy_course(tmp_path_factory.mktemp("built") / "course")
    assert run_cli(root, "build").returncode == 0
    return root


@pytest.fixture
def course(built, tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(built, root, symlinks=True)
    return root


def refuse(monkeypatch, name: str, code: int, when) -> list:
    """Make `os.<name>` fail with `code`, as the system does, for the calls `when(*args)` picks; the refused calls."""
    real, refused = getattr(os, name), []

    def call(*args, **kwargs):
        if when(*args):
            refused.append(args)
            # Named as the system names them: the path, and for a rename also the destination.
            raise OSError(code, os.strerror(code), os.fsdecode(args[0]), None,
                          *([os.fsdecode(args[1])] if name == "rename" else []))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, call)
    return refused


def build_refused(root: Path) -> list[str]:
    """`coursesite build`, which must fail; the lines it printed (after checking that site/ is the same and no
    staging folder is left)."""
    before = file_digests(root / "site")
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert file_digests(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == [".site.lock"]
    return result.stderr.splitlines()


FULL = "the disk is full; free space on that disk (a build needs about as much again as site/ holds), then build again"
READ_ONLY = ("the file system is read-only; build a copy of the course folder on a writable disk, or have the disk "
             "mounted read-write")
DENIED = ("permission denied; make the folder writable for you (chmod u+w), or build a copy of the course folder in a "
          "folder of your own")
IMMUTABLE = ("not permitted (the folder or a file in it is marked immutable or append-only); remove the mark "
             "(lsattr -d shows it, chattr -i removes it, as root) or ask whoever runs the machine")
OTHER = "Input/output error; check the disk (its space, its permissions, its health), then build again"


def test_read_only_course_folder(course, monkeypatch):
    """The lock file cannot be made in a course folder on a read-only disk: the folder, what to do."""
    refuse(monkeypatch, "open", errno.EROFS, lambda path, *_: os.fspath(path).endswith(publish.LOCK))
    (course / publish.LOCK).unlink()
    assert build_refused_no_lock(course) == [f"error: {course}/: {READ_ONLY}; site/ is unchanged"]


def build_refused_no_lock(root: Path) -> list[str]:
    before = file_digests(root / "site")
    result = run_cli(root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert file_digests(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    return result.stderr.splitlines()


def test_course_folder_not_writable(course, monkeypatch):
    """No staging folder can be made (a folder the organizer may not write in)."""
    refused = refuse(monkeypatch, "mkdir", errno.EACCES,
                     lambda path, *_: Path(os.fsdecode(path)).name.startswith(publish.STAGING))
    assert build_refused(course) == [f"error: {course}/: {DENIED}; site/ is unchanged"]
    assert refused


@pytest.mark.parametrize("named", [True, False], ids=["a folder", "a write"])
def test_disk_full_while_mkdocs_writes(course, monkeypatch, named):
    """The disk fills up while MkDocs writes the new site: refused at a folder it makes (the system names the
    folder) or at a file's write (it names none); either way the course folder is the one to free."""
    if named:
        refused = refuse(monkeypatch, "mkdir", errno.ENOSPC,
                         lambda path, *_: publish.STAGING in os.fsdecode(path)
                         and not Path(os.fsdecode(path)).name.startswith(publish.STAGING))
    else:
        from mkdocs import utils

        refused = []

        def write_file(content, output_path):
            refused.append(output_path)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(utils, "write_file", write_file)
    assert build_refused(course) == [f"error: {course}/: {FULL}; site/ is unchanged"]
    assert refused


def test_immutable_site(course, monkeypatch):
    """site/ marked immutable cannot be moved: the one-step exchange fails (and falls back), then the rename."""
    monkeypatch.setenv(EXCHANGE_OFF, "1")  # what a refused exchange falls back to
    refused = refuse(monkeypatch, "rename", errno.EPERM, lambda src, *_: Path(os.fsdecode(src)) == course / "site")
    assert build_refused(course) == [f"error: site/: {IMMUTABLE}; site/ is unchanged"]
    assert refused


def test_swap_refused_after_site_was_moved_aside_puts_it_back(course, monkeypatch):
    """The new site cannot take site/'s place once the old one was renamed away: the old one is renamed back."""
    monkeypatch.setenv(EXCHANGE_OFF, "1")
    refused = refuse(monkeypatch, "rename", errno.EIO,
                     lambda src, dst=None, *_: Path(os.fsdecode(src)).name.startswith(publish.STAGING)
                     and Path(os.fsdecode(dst)) == course / "site")
    assert build_refused(course) == [f"error: site/: {OTHER}; site/ is unchanged"]
    assert len(refused) == 1


def test_swap_and_putting_back_both_refused(course, monkeypatch):
    """If even the rename back is refused, the line says where the last site waits; the next build puts it back."""
    monkeypatch.setenv(EXCHANGE_OFF, "1")
    before = file_digests(course / "site")
    refuse(monkeypatch, "rename", errno.ENOSPC,
           lambda src, dst=None, *_: Path(os.fsdecode(dst)) == course / "site")
    result = run_cli(course, "build")
    olds = [p.name for p in course.glob(publish.OLD + "*")]
    assert result.returncode == 1 and len(olds) == 1
    assert result.stderr.splitlines() == [f"error: site/: {FULL}; the last site is kept as {olds[0]}, and "
                                          "the next build puts it back as site/"]
    assert not (course / "site").exists() and file_digests(course / olds[0]) == before
    monkeypatch.undo()
    result = run_cli(course, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"note: put back {course / 'site'}, which an interrupted build had moved aside"


def test_unit_swap_puts_the_old_site_back(tmp_path, monkeypatch):
    """publish.swap itself: a refused second rename leaves the old site/ in place, and raises the refusal."""
    monkeypatch.setenv(EXCHANGE_OFF, "1")
    make_site(tmp_path / "site", "old")
    fresh = publish.staging(tmp_path)
    (fresh / "index.html").write_text("new")
    refuse(monkeypatch, "rename", errno.ENOSPC, lambda src, *_: Path(os.fsdecode(src)) == fresh)
    with pytest.raises(OSError) as caught:
        publish.swap(tmp_path, fresh)
    assert caught.value.errno == errno.ENOSPC and site_text(tmp_path) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "site"]
