"""Shared fixtures: course folders to edit, builds to read as a user would; the markers and options.

Markers (registered in pytest.ini): `browser` is added here to every test that uses the `browser`,
`page` or `served` fixture; `notebook` and `slow` are set in the test modules. `make test-fast`
runs `-m "not browser and not notebook"`.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import functools
import gc
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

import notebook_report

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

# The product and bs4 are imported where they are used: pytest's main process loads this file before it starts the
# xdist workers, and needs neither (~0.4 s of CPU before the first worker starts); the workers import them with the
# test modules.

# Hypothesis' default deadline (200 ms an example) is a timing goal inside tests: on a machine shared by several
# runs it failed examples that were only slow (timing goals belong in the benchmark).
settings.register_profile("coursesite", deadline=None)
settings.load_profile("coursesite")

# A full garbage collection walks every object a worker holds (the parsed pages of the shared builds, hypothesis' data,
# the tests' caches): ~0.15 s of CPU each here. Python runs one after every 10 collections of the middle generation
# (once the long-lived objects grew by a quarter); after every 100th, a worker of the fast tier runs 6 instead of 15
# (13 of its modules side by side: 2.7 -> 1.3 s of CPU in the collector), for ~25 MB more at its peak.
gc.set_threshold(*gc.get_threshold()[:2], 100)

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # as the Makefile sets it, for the builds run in this process

ROOT = Path(__file__).resolve().parent.parent
# What a course folder needs to build: the two data files plus the site settings.
COURSE_FILES = ("course.yaml", "papers.bib", "mkdocs.yml")
COURSE_DIRS = ("docs", "notebooks")


NOTEBOOK_CACHE = ROOT / ".cache"
"""Executed notebooks (notebook_pages.CACHE, keyed by notebook content), shared by the test builds."""


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


def copy_course(target: Path, share_notebook_cache: bool = True) -> Path:
    """A private copy of the repository's course that a test may edit.

    Copies share the repository's notebook cache, so that each notebook runs once per
    change, not once per test build. A test that edits a notebook should not share it.
    """
    target.mkdir(parents=True, exist_ok=True)
    if share_notebook_cache:
        warm_notebook_cache()
        (target / ".cache").symlink_to(NOTEBOOK_CACHE, target_is_directory=True)
    for name in COURSE_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in COURSE_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return target


@functools.cache
def warm_notebook_cache() -> None:
    """Run the repository's notebooks into the shared cache, once: the first test process to get here runs
    what the cache lacks, under a lock, and the others wait, instead of each running all of them at once.

    Each run also reports the notebook's `result` dict for test_notebooks (`notebook_results`), so that on a fresh
    clone the five notebooks run once, not once for the cache and once more for the tests (~20 s of CPU)."""
    from coursesite.course.load import load
    from coursesite.engine import notebook_pages
    from coursesite.engine import site as engine_site

    NOTEBOOK_CACHE.mkdir(exist_ok=True)
    with _exclusive(NOTEBOOK_CACHE / "tests-notebooks.lock"):
        loaded = load(ROOT / "course.yaml", ROOT / "papers.bib")
        reports: dict[str, Any] = {}
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(notebook_pages, "_run", functools.partial(_run_reporting, notebook_pages._run, reports))
            # One BLAS thread, as test_notebooks' own runs: the matrices are small, and extra threads only wait.
            for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                patch.setenv(name, "1")
            notebook_pages.load(engine_site.notebooks(loaded), ROOT / notebook_pages.CACHE, ROOT, loaded.course.language)
        if reports:
            NOTEBOOK_RESULTS.write_text(json.dumps({"run": TEST_RUN, "results": reports}), encoding="utf-8")


NOTEBOOK_RESULTS = NOTEBOOK_CACHE / "tests-notebook-results.json"
"""The `result` dicts of the notebook runs `warm_notebook_cache` made, with the test run that made them."""
TEST_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
"""This test run (its pytest-xdist workers share xdist's id)."""


def _run_reporting(run: Callable[[Path], dict[str, Any]], reports: dict[str, Any], notebook: Path) -> dict[str, Any]:
    """`run(notebook)` (the product's runner) on a copy of the notebook with notebook_report's cell appended, in a copy
    of its folder (what a cell may read beside it): that cell's report goes to `reports`, the rest is the run."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / notebook.parent.name
        shutil.copytree(notebook.parent, folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        copy = folder / notebook.name
        copy.write_text(notebook_report.with_report(notebook.read_text(encoding="utf-8")), encoding="utf-8")
        start = time.perf_counter()
        made = run(copy)
        seconds = time.perf_counter() - start
    reports[notebook.stem] = {**notebook_report.read_report(made["cells"].pop()), "seconds": seconds}
    return made


def notebook_results() -> dict[str, Any]:
    """By notebook name: {"result", "executable", "seconds"} of the runs this test run made for the shared notebook
    cache (none when the cache had them already: then test_notebooks runs the notebooks itself)."""
    warm_notebook_cache()
    with _exclusive(NOTEBOOK_CACHE / "tests-notebooks.lock"):
        try:
            kept = json.loads(NOTEBOOK_RESULTS.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
    return kept["results"] if kept.get("run") == TEST_RUN else {}


def file_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below a folder, by relative path (to show that a site is unchanged)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# Tests that use these fixtures drive a real browser.
BROWSER_FIXTURES = {"browser", "page", "served", "served_deadlines"}

# Where the French variant is published: plain web space under a sub-path, as many universities give
# their staff (test_subpath.py serves the build there).
SUBPATH_SITE_URL = "https://www.uni.example/~chair/seminar/"

# The seed course and two variants of it that the golden files and the shared builds cover.
VARIANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "seed": (),
    "german": (("\nlanguage: en\n", "\nlanguage: de\n"),),
    "no-participants": (("\nparticipants: 10\n", "\n"),),
    # Deadlines as issue 14 lets a course say them: the reviewer's review the evening before each session
    # (participant 5 reviews in session 2, on 21 November), and one for everyone in session 3.
    "deadlines": (
        ("    summary: Judges the paper as if it had just been submitted to a conference.\n",
         "    summary: Judges the paper as if it had just been submitted to a conference.\n"
         "    due: {days_before: 1, time: \"23:59\", what: Send your review to the organizers}\n"),
        ("  - date: 2023-12-05\n",
         "  - date: 2023-12-05\n    deadlines: [{date: 2023-12-04, time: \"12:00\", what: Vote for the paper of session 4}]\n"),
    ),
    # French, and what the seed leaves out, so that the golden files show those labels in French too: the
    # site's address (under a sub-path), organizers, an announcement, deadlines of three kinds, a meeting moved and held online
    # with slides and a talk, a cancelled one, a closing session without a paper, a drop-out, a late joiner
    # and the parts of the grade.
    "french": (
        ("\nlanguage: en\n", "\nlanguage: fr\n"),
        ("# site_url: https://<user>.github.io/<repository>/   # set this once the site is published\n",
         f"site_url: {SUBPATH_SITE_URL}\n"),
        ("    summary: Judges the paper as if it had just been submitted to a conference.\n",
         "    summary: Judges the paper as if it had just been submitted to a conference.\n"
         "    due: {days_before: 1, time: \"23:59\", what: Send your review to the organizers}\n"),
        ("    summary: Places the paper in the history of its field.\n",
         "    summary: Places the paper in the history of its field.\n"
         "    due: {days_before: 3, time: \"18:00\", what: Name the older paper}\n"),
        ("    summary: Makes the central idea run on a computer.\n",
         "    summary: Makes the central idea run on a computer.\n"
         "    due: {days_before: 0, time: \"12:00\", what: Push the code}\n"),
        ("\nparticipants: 10\n", "\nparticipants: 10\nwithdrawn: {4: 2023-12-01}\njoined: {10: 2023-11-15}\n"
                                 "grading: {presentation: 0.6, discussion: 0.4}\n"),
        ("  - date: 2023-11-21\n    paper: ba2014deep\n",
         "  - date: 2023-11-22\n    moved_from: 2023-11-21\n    papers: [{key: ba2014deep, presenters: [2]}]\n"
         "    online: https://meet.example.org/mml\n"
         "    materials:\n      - {title: Slides, url: 'https://example.org/slides.pdf'}\n"),
        ("  - date: 2023-12-05\n",
         "  - date: 2023-12-05\n    deadlines: [{date: 2023-12-04, time: \"12:00\", what: Vote for the paper of session 4}]\n"),
        ("    paper: li2018visualizing\n",
         "    paper: li2018visualizing\n    cancelled: true\n    note: The room is closed for repairs.\n"),
        ("      - How far is this from the best possible rate, and what does acceleration achieve instead?\n",
         "      - How far is this from the best possible rate, and what does acceleration achieve instead?\n"
         "  - date: 2024-01-16\n    title: Closing discussion\n"
         "\norganizers:\n  - name: Ada Example\n    email: ada@example.org\n"
         "announcements:\n  - date: 2023-10-18\n    text: The reading list is online.\n"),
    ),
}


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing (review with git diff)")


# The modules that take longest, longest first (wall seconds of a quiet clean-clone run, December 2026). With
# `--dist loadfile` a module runs whole on one worker, so one long module handed out last is the run's tail while
# the other worker idles; handing the long ones out first lets the many short modules fill in behind them. The
# Makefile turns off xdist's own reordering (by the number of tests a module has, which sent the 150-course
# property last). The second module goes to the second worker at the start: one that needs no shared build, so that
# worker works while the first runs the notebooks into the empty cache of a fresh clone and builds the seed course
# (~30 s of CPU) instead of waiting for them under the build's lock. test_notebooks is short on a fresh clone (it
# reads the results of the notebook runs that fill the cache), ~20 s where the cache was filled before the run.
LONGEST_FIRST = (
    "test_accessibility.py", "test_generated_courses.py", "test_layout_shift.py", "test_accessibility_notebooks.py",
    "test_privacy.py", "test_students.py", "test_bench.py", "test_subpath.py", "test_kept_pages.py",
    "test_fuzz_loader.py", "test_payloads_browser.py", "test_notebook_site.py", "test_site.py",
    "test_generated_builds.py", "test_rotation.py", "test_serve_reload.py", "test_now_next.py", "test_notebooks.py",
    "test_bad_input.py", "test_publish.py", "test_courses.py", "test_guide.py", "test_sheets.py",
    "test_course_folder.py", "test_languages.py", "test_rotation_edits.py",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


def variant(target: Path, name: str, share_notebook_cache: bool = True) -> Path:
    """A copy of the seed course with the edits of VARIANTS[name] applied to its course.yaml."""
    root = copy_course(target, share_notebook_cache)
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    for old, new in VARIANTS[name]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    course.write_text(text, encoding="utf-8")
    return root


@dataclass(frozen=True)
class Result:
    """What a command printed and returned, like subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(root: Path, *args: str) -> Result:
    """Run `coursesite --root ROOT ARGS` in this process (cli.main), capturing what it prints.

    A build runs MkDocs in this process too (as `coursesite build` does); the tests about the
    process itself (the exit code and output of a real `python -m coursesite build`) use `run_process`.
    """
    # In the course folder, as `make` runs it: relative paths in ARGS ("new .") mean the same as there.
    return run_main(root, "--root", str(root), *args)


def run_main(folder: Path, *args: str) -> Result:
    """`coursesite ARGS` run in `folder` as the current directory, in this process, capturing what it prints."""
    from coursesite import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return Result(code, out.getvalue(), err.getvalue())


def run_process(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m coursesite ARGS` as a separate process, the way `make` does, capturing its output."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "coursesite", "--root", str(root), *args],
                          cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


class Site:
    """A built site, read the way a browser would get it."""

    def __init__(self, root: Path):
        self.root = root
        self.dir = root / "site"
        self._parsed: dict[Path, tuple[tuple[int, ...], BeautifulSoup]] = {}

    def path(self, url: str) -> Path:
        """File behind a site URL such as "/papers/ba2014deep/"."""
        rel = url.strip("/")
        target = self.dir / rel
        return target / "index.html" if url.endswith("/") or target.is_dir() else target

    def html(self, url: str) -> BeautifulSoup:
        """The page, parsed once while its file is unchanged: the tests read the same pages of a shared build many
        times, and parsing is most of what reading costs. Callers must not change the tree (`text` does not)."""
        path = self.path(url)
        st = path.stat()
        seen = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        kept = self._parsed.get(path)
        if kept is None or kept[0] != seen:
            from bs4 import BeautifulSoup

            kept = self._parsed[path] = (seen, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        return kept[1]

    def content(self, url: str) -> BeautifulSoup:
        """The page's article, without navigation, header and footer."""
        return self.html(url).select_one("article.md-content__inner")

    def text(self, url: str) -> str:
        """The article's visible text with whitespace collapsed (permalink markers removed)."""
        article = copy.copy(self.content(url))  # the parsed page stays as it is for the next caller
        for anchor in article.select("a.headerlink"):
            anchor.decompose()
        return " ".join(article.get_text().split())


def build_site(root: Path) -> Site:
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return Site(root)


def shared_build(tmp_path_factory, name: str, make: Callable[[Path], Site]) -> Site:
    """`make(folder)`'s site, built once per test run and shared by every pytest-xdist worker.

    The builds live below the run's own temporary folder (the workers' common parent), so a run never
    reads another run's build. The first worker to ask builds under a lock; the others wait and read it.
    Tests must not change a shared build (copy it first, as test_bad_input does).
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    shared = base / "shared-builds"
    shared.mkdir(exist_ok=True)
    folder, done = shared / name, shared / f"{name}.done"
    with _exclusive(shared / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            make(folder)
            done.touch()
    return Site(folder)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The seed course, built once for the whole test run from a copy of the repository."""
    return shared_build(tmp_path_factory, "seed", lambda folder: build_site(copy_course(folder)))


def stamped_build(tmp_path_factory, name: str) -> Site:
    """VARIANTS[name] built with the golden files' fixed stamp, so the footer and handout read the same every run."""
    def make(folder: Path) -> Site:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("COURSESITE_STAMP_DATE", "2023-10-20")
            env.setenv("COURSESITE_VERSION", "abc1234")
            return build_site(variant(folder, name))
    return shared_build(tmp_path_factory, name, make)


@pytest.fixture(scope="session")
def german_site(tmp_path_factory) -> Site:
    """The seed course with `language: de` (VARIANTS["german"]), built once per run with a fixed stamp."""
    return stamped_build(tmp_path_factory, "german")


@pytest.fixture(scope="session")
def french_site(tmp_path_factory) -> Site:
    """The French variant of the seed course (VARIANTS["french"]), built once with a fixed stamp."""
    return stamped_build(tmp_path_factory, "french")


@pytest.fixture(scope="session")
def no_participants_site(tmp_path_factory) -> Site:
    """The seed course without its participant count (VARIANTS["no-participants"]), built once."""
    return shared_build(tmp_path_factory, "no-participants", lambda folder: build_site(variant(folder, "no-participants")))


@pytest.fixture(scope="session")
def deadlines_site(tmp_path_factory) -> Site:
    """The seed course with a role's and a session's deadline (VARIANTS["deadlines"]), built once."""
    return shared_build(tmp_path_factory, "deadlines", lambda folder: build_site(variant(folder, "deadlines")))


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """A fresh, editable copy of the seed course."""
    return copy_course(tmp_path / "course")


# Browser fixtures live in browser.py (and webhost.py, axe.py); registered here once, so that one Playwright instance
# serves every test module (a second sync instance in the same session fails).
from axe import axe_script  # noqa: E402,F401
from browser import browser, page, served, served_deadlines, tabs  # noqa: E402,F401
from webhost import web_host  # noqa: E402,F401
