"""One repository, several course folders: `make check|build|render DIR=folder` work on that folder alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_course, file_digests, run_cli, run_main

pytestmark = pytest.mark.slow  # every test here runs make or the command, most of them builds

VENV = Path(sys.prefix)


def make(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """`make ARGS` in a copy of the repository, with this test run's Python environment as the venv."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    installed = [f"{VENV}/.site-installed", f"{VENV}/.test-installed", ".tools/.installed"]
    return subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), f"VENV={VENV}",
                           *(f"-o{target}" for target in installed), *args],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def made_repo(tmp_path_factory) -> Path:
    """A copy of the repository's course and settings with a second, new course in next/ (no notebooks/), made once
    per module by `make new DIR=next` (a make and a Python process); each test edits a copy of it (`repo`)."""
    root = copy_course(tmp_path_factory.mktemp("made") / "repo")
    # What make's install rules name (not run: the -o options above), so that make finds them.
    for name in ("requirements", "pyproject.toml"):
        (root / name).symlink_to(ROOT / name)
    result = make(root, "new", "DIR=next")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote next/course.yaml and next/papers.bib; edit them, then run `make check DIR=next`\n"
    return root


@pytest.fixture
def repo(made_repo, tmp_path) -> Path:
    """A fresh copy of `made_repo` (its links, such as the shared notebook cache, stay links)."""
    return shutil.copytree(made_repo, tmp_path / "repo", symlinks=True)


def test_check_of_a_broken_folder_reports_that_folder_and_no_make_line(repo):
    """`make check DIR=next` reports next/'s error with its folder, exits non-zero, and make adds nothing."""
    course = repo / "next" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("2027-05-06", "2027-05-32"), encoding="utf-8")
    result = make(repo, "check", "DIR=next")
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: next/course.yaml:97: session 1, date: 2027-05-32 is not a real date (day is out of range for month); "
        "check the day and month",
        "1 error; nothing was built, next/site/ is unchanged."]
    # The repository's own course is valid and not what was checked.
    assert make(repo, "check").returncode == 0


def test_build_writes_the_folders_own_site_and_leaves_the_other_alone(repo):
    """`make build DIR=next` builds next/'s course into next/site/ with the repository's settings."""
    course = repo / "next" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("title: Reading", "title: Next Reading", 1),
                      encoding="utf-8")
    assert not (repo / "next" / "mkdocs.yml").exists() and not (repo / "next" / "notebooks").exists()
    result = make(repo, "build", "DIR=next")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "built next/site\n"
    home = BeautifulSoup((repo / "next" / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("article h1").get_text(strip=True).startswith("Next Reading Seminar")
    # The repository's stylesheets and guide come along; its own course is not built.
    assert (repo / "next" / "site" / "stylesheets" / "course.css").is_file()
    assert (repo / "next" / "site" / "guide" / "index.html").is_file()
    assert not (repo / "site").exists()


def test_render_writes_into_the_folder(repo):
    """`make render DIR=next` writes next/'s pages below next/build/pages."""
    result = make(repo, "render", "DIR=next")
    assert result.returncode == 0, result.stderr
    home = (repo / "next" / "build" / "pages" / "index.md").read_text(encoding="utf-8")
    assert home.startswith("# Reading Seminar on Landmark Papers in Deep Learning\n")
    assert not (repo / "build").exists()


@pytest.mark.parametrize("order", ["after", "before"])
def test_course_option_before_or_after_the_command(repo, order):
    """`coursesite check --course next` and `coursesite --course next check` check next/."""
    args = ["check", "--course", "next"] if order == "after" else ["--course", "next", "check"]
    result = run_main(repo, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("next/course.yaml and next/papers.bib are valid: 3 sessions")


def test_a_folder_outside_any_repository_is_told_what_it_lacks(tmp_path):
    """Building a course folder with no mkdocs.yml in it or above says so in one line; `check` has nothing to
    check then (`render` for other site engines needs no mkdocs.yml) and says nothing about it."""
    folder = tmp_path / "alone"
    assert run_main(tmp_path, "new", str(folder)).returncode == 0
    before = file_digests(folder)
    lacks = (f"there is no mkdocs.yml in {folder} or any folder above it; keep the course folder inside the "
             "repository, or copy the repository's mkdocs.yml and docs/ into it")
    result = run_main(tmp_path, "check", "--course", str(folder))
    assert (result.returncode, result.stderr) == (0, "")
    result = run_main(tmp_path, "build", "--course", str(folder))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"error: {lacks}"
    after = file_digests(folder)
    after.pop(".site.lock", None)  # the build's lock (an empty file), taken before it looks for mkdocs.yml
    assert after == before


@pytest.mark.parametrize("docs_dir", [None, "pages"])
def test_a_copied_mkdocs_yml_without_its_docs_folder_is_named_by_check_and_build(tmp_path, docs_dir):
    """An organizer who copied mkdocs.yml (as the line above says) but not docs/: check warns and build refuses with
    the same one line naming the folder to copy, instead of MkDocs' two lines without a fix; nothing is written."""
    folder = tmp_path / "alone"
    assert run_main(tmp_path, "new", str(folder)).returncode == 0
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if docs_dir is not None:
        settings = settings.replace("docs_dir: docs\n", f"docs_dir: {docs_dir}\n")
    (folder / "mkdocs.yml").write_text(settings, encoding="utf-8")
    name = docs_dir or "docs"
    line = (f"{folder}/mkdocs.yml: docs_dir {name} is not a folder next to it ({folder}/{name}); copy the "
            f"repository's {name}/ there: it holds the site's stylesheets and scripts")
    result = run_main(folder, "check")
    assert (result.returncode, result.stderr.splitlines()) == (0, [f"warning: {line}"])
    result = run_main(folder, "build")
    assert (result.returncode, result.stderr.splitlines()) == (
        1, [f"error: {line}", "error: the site could not be built (see above); no site/ was written."])
    assert not (folder / "site").exists()
    shutil.copytree(ROOT / "docs", folder / name)
    result = run_main(folder, "check")
    assert (result.returncode, result.stderr) == (0, "")


def test_make_in_a_folder_whose_path_has_a_colon_says_what_to_do(tmp_path):
    """Python's venv refuses such a path with a message naming no fix; make stops first, in one line of its own."""
    folder = tmp_path / "seminar:2024"
    folder.mkdir()
    (folder / "Makefile").symlink_to(ROOT / "Makefile")
    # As an organizer runs it: not as a sub-make (under `make test`, make would announce the directory).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(["make", "check"], cwd=folder, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: the folder {folder} has ':' in its path, where Python cannot create the tools' environment; "
        "move or rename the folder so that its path has no ':', then run make again"]
    assert not (folder / ".tools").exists()


def test_the_command_builds_a_course_whose_folder_path_has_a_colon(tmp_path):
    """Only the installation trips over ':'; an installed coursesite builds such a folder's site."""
    root = copy_course(tmp_path / "seminar:2024")
    result = run_cli(root, "build", "--course", str(root))
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "handout.pdf").is_file()
    assert "Mathematical Machine Learning" in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_make_new_from_last_semesters_folder(repo):
    """`make new DIR=courses/ss2024 FROM=. START=...` writes next semester's course, which `make check` passes."""
    (repo / "course.schema.json").symlink_to(ROOT / "course.schema.json")
    result = make(repo, "new", "DIR=courses/ss2024", "FROM=.", "START=2024-04-16", "SKIP=2024-04-30")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("wrote courses/ss2024/course.yaml and courses/ss2024/papers.bib; 5 sessions every 2 weeks "
                             "from 2024-04-16 to 2024-06-25; choose the papers (check lists the sessions that still say "
                             "TBA), then run `make check DIR=courses/ss2024`\n")
    first = (repo / "courses" / "ss2024" / "course.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../course.schema.json"
    check = make(repo, "check", "DIR=courses/ss2024")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("courses/ss2024/course.yaml and courses/ss2024/papers.bib are valid: 5 sessions, "
                                   "5 roles, no participants, 0 papers, 5 warning(s).")


def test_build_from_inside_the_course_folder(repo):
    """`coursesite build --course .` run inside a folder whose mkdocs.yml is above it fills that folder's site/."""
    result = run_cli(repo / "next", "build", "--course", ".")
    assert result.returncode == 0, result.stderr
    assert (repo / "next" / "site" / "index.html").is_file()
    assert not list(repo.glob(".site-build-*"))
