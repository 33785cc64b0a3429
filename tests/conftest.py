"""Shared fixtures: course folders to edit, builds to read as a user would."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# What a course folder needs to build: the two data files plus the site settings.
COURSE_FILES = ("course.yaml", "papers.bib", "mkdocs.yml")
COURSE_DIRS = ("docs", "notebooks")


NOTEBOOK_CACHE = ROOT / ".cache"
"""Executed notebooks (notebook_pages.CACHE, keyed by notebook content), shared by the test builds."""


def copy_course(target: Path, share_notebook_cache: bool = True) -> Path:
    """A private copy of the repository's course that a test may edit.

    Copies share the repository's notebook cache, so that each notebook runs once per
    change, not once per test build. A test that edits a notebook should not share it.
    """
    target.mkdir(parents=True, exist_ok=True)
    if share_notebook_cache:
        NOTEBOOK_CACHE.mkdir(exist_ok=True)
        (target / ".cache").symlink_to(NOTEBOOK_CACHE, target_is_directory=True)
    for name in COURSE_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in COURSE_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return target


def file_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below a folder, by relative path (to show that a site is unchanged)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m coursesite ARGS` the way `make` does, capturing its output."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "coursesite", "--root", str(root), *args],
                          cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


class Site:
    """A built site, read the way a browser would get it."""

    def __init__(self, root: Path):
        self.root = root
        self.dir = root / "site"

    def path(self, url: str) -> Path:
        """File behind a site URL such as "/papers/ba2014deep/"."""
        rel = url.strip("/")
        target = self.dir / rel
        return target / "index.html" if url.endswith("/") or target.is_dir() else target

    def html(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "html.parser")

    def content(self, url: str) -> BeautifulSoup:
        """The page's article, without navigation, header and footer."""
        return self.html(url).select_one("article.md-content__inner")

    def text(self, url: str) -> str:
        """The article's visible text with whitespace collapsed (permalink markers removed)."""
        article = self.content(url)
        for anchor in article.select("a.headerlink"):
            anchor.decompose()
        return " ".join(article.get_text().split())


def build_site(root: Path) -> Site:
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return Site(root)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The seed course, built once for the whole test session from a copy of the repository."""
    return build_site(copy_course(tmp_path_factory.mktemp("seed")))


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """A fresh, editable copy of the seed course."""
    return copy_course(tmp_path / "course")


# Browser fixtures live in browser.py; registered here once, so that one Playwright instance
# serves every test module (a second sync instance in the same session fails).
from browser import browser, page, served  # noqa: E402,F401
