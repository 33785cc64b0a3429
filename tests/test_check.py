"""`python -m coursesite check` (`make check`): every error and warning in one run, nothing built."""

from __future__ import annotations

import importlib

import pytest

from conftest import run_cli
from coursesite import cli


def starter(tmp_path):
    assert run_cli(tmp_path, "new", str(tmp_path)).returncode == 0
    return tmp_path / "course.yaml"


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_prints_every_error_and_warning(tmp_path):
    """With two mistakes and one slip, check prints both errors, the warning and a summary, and fails."""
    course = starter(tmp_path)
    edit(course, "timezone: Europe/Berlin", "timezone: Europe/Berln")
    edit(course, "    paper: kingma2015adam", "    paper: kingma2015adma")
    edit(course, "  - date: 2027-05-06", "  - date: 2027-04-08")
    result = run_cli(tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: course.yaml:19: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?",
        "error: course.yaml:107: sessions[1].paper: no entry 'kingma2015adma' in papers.bib; did you mean 'kingma2015adam'?",
        "warning: course.yaml:97: sessions[0].date: the session on 2027-04-08 is before the organizational meeting (2027-04-15)",
        "2 errors; nothing was built, site/ is unchanged.",
    ]
    assert not (tmp_path / "site").exists()


def test_check_passes_with_warnings(tmp_path):
    """Warnings alone do not fail check: it prints them and says the files are valid."""
    course = starter(tmp_path)
    edit(course, "  - date: 2027-05-06", "  - date: 2027-07-08")
    result = run_cli(tmp_path, "check")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "warning: course.yaml:96: sessions: the sessions are not in date order; they are numbered by date; "
        "list them in date order to avoid confusion"]
    assert result.stdout == ("course.yaml and papers.bib are valid: 3 sessions, 3 roles, 6 participants, 3 papers, "
                             "1 warning(s).\n")


@pytest.mark.parametrize("module, function, output", [
    ("pdf", "handout_pdf", "handout.pdf"),
    ("ics", "course_calendar", "course.ics"),
    ("pages", "render_pages", "the pages"),
])
def test_exporter_failure_is_one_line_naming_the_output(tmp_path, capsys, monkeypatch, module, function, output):
    """An unexpected exception in an exporter makes check fail with one line naming the output and the cause."""
    starter(tmp_path)

    def broken(*args, **kwargs):
        raise ValueError("something\nwent wrong")

    monkeypatch.setattr(importlib.import_module(f"coursesite.{module}"), function, broken)
    assert cli.main(["--root", str(tmp_path), "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {output}: could not be made (ValueError: something went wrong); look for an unusual value in what "
        "this output shows (a very long text or address, a date far in the past or future) and change it",
        "nothing was built, site/ is unchanged."]
