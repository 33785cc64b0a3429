"""The footer's "as of" stamp: the date and source version of the course files, on every page."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import build_site

pytestmark = pytest.mark.slow  # every test here builds sites of its own


def footer(site, url: str = "/") -> str:
    return " ".join(site.html(url).select_one(".md-copyright").get_text(" ").split())


def test_footer_shows_the_stamp_on_every_page(course_dir, monkeypatch):
    """With the stamp fixed by the environment, every page's footer shows that date and version."""
    monkeypatch.setenv("COURSESITE_STAMP_DATE", "2023-10-20")
    monkeypatch.setenv("COURSESITE_VERSION", "abc1234")
    site = build_site(course_dir)
    expected = ("Winter 2023/24 · Heidelberg University · as of 20 October 2023 (abc1234) · "
                "made with Material for MkDocs")
    for url in ("/", "/schedule/", "/rotation/", "/papers/ba2014deep/", "/participants/7/", "/guide/"):
        assert footer(site, url) == expected, url


def test_footer_takes_the_stamp_from_git(course_dir, monkeypatch):
    """In a git checkout the footer shows the last commit's date and short hash, the same on every build."""
    monkeypatch.delenv("COURSESITE_STAMP_DATE", raising=False)
    monkeypatch.delenv("COURSESITE_VERSION", raising=False)
    env = dict(os.environ, GIT_AUTHOR_DATE="2024-01-05T12:00:00+01:00", GIT_COMMITTER_DATE="2024-01-05T12:00:00+01:00")
    git = ["git", "-c", "user.name=Organizer", "-c", "user.email=organizer@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=course_dir, check=True)
    subprocess.run([*git, "add", "-A"], cwd=course_dir, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "semester"], cwd=course_dir, check=True, env=env)
    commit = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=course_dir, check=True,
                            capture_output=True, text=True).stdout.strip()
    first = footer(build_site(course_dir))
    assert first == (f"Winter 2023/24 · Heidelberg University · as of 5 January 2024 ({commit}) · "
                     "made with Material for MkDocs")
    assert footer(build_site(course_dir)) == first


def test_footer_shows_course_text_literally(course_dir, monkeypatch):
    """Markup in the semester or institution is shown as text, not interpreted as HTML."""
    monkeypatch.setenv("COURSESITE_STAMP_DATE", "2023-10-20")
    monkeypatch.setenv("COURSESITE_VERSION", "abc1234")
    course = course_dir / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "institution: Heidelberg University", 'institution: "<b>Heidelberg</b> & Co"'), encoding="utf-8")
    site = build_site(course_dir)
    assert footer(site) == ("Winter 2023/24 · <b>Heidelberg</b> & Co · as of 20 October 2023 (abc1234) · "
                            "made with Material for MkDocs")
    assert site.html("/").select_one(".md-copyright b") is None
