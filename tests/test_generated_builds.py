"""Whole sites of generated courses (tests/coursegen.py, small ones), built as `coursesite build` builds them:
MkDocs with Material, strict, in this process.

What `check` accepts, the build accepts: each build succeeds with no warning from MkDocs (strict mode would
stop on one; a warning the engine still gives is either mapped to the course.yaml field that causes it or
refused by `check`), prints exactly the course's own warnings that `check` prints, and publishes a page for
every page the course generates. Slow tier: a few dozen builds of a few seconds each.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given

import coursegen
from conftest import ROOT, run_cli
from coursesite.course import paths
from coursesite.engine import site
from coursesite.render import pages
from test_generated_courses import course_yaml, examples, installed_themes_listed_once  # noqa: F401 - a fixture

pytestmark = pytest.mark.slow


@pytest.mark.usefixtures("installed_themes_listed_once")
@examples(30)
@given(coursegen.courses(small=True))
def test_accepted_courses_build_strictly_without_warnings(monkeypatch_stamp, generated):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "course.yaml").write_text(course_yaml(generated.course), encoding="utf-8")
        (folder / "papers.bib").write_text(generated.bib, encoding="utf-8")
        for link in ("mkdocs.yml", "docs"):
            (folder / link).symlink_to(ROOT / link)
        checked = run_cli(folder, "check")
        built = run_cli(folder, "build")
        assert checked.returncode == 0, checked.stderr
        assert built.returncode == 0, built.stderr
        # MkDocs' own lines start with its level; the course's warnings are the ones check printed.
        assert built.stderr.splitlines() == checked.stderr.splitlines()
        # The generated pages are the Markdown files of `site.make`: render_pages gives them without the calendars
        # and the handout, which are not pages.
        generated_pages = pages.render_pages(site.load_course(folder).course)
        assert generated_pages
        for src in generated_pages:
            assert src.endswith(".md"), src
            served = paths.url_path(src)
            assert (folder / "site" / served / "index.html").is_file() or (folder / "site" / served).is_file(), src


@pytest.fixture(scope="module")
def monkeypatch_stamp():
    """A fixed stamp (the footer's date and version) instead of asking git, for every build of the module."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COURSESITE_STAMP_DATE", "2027-04-01")
        env.setenv("COURSESITE_VERSION", "abc1234")
        yield
