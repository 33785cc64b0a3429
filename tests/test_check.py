"""`coursesite check` (`make check`): every error and warning in one run, nothing built.

Runs every case of the bad-input corpus (corpus.py) through the command line's `main` in this
process and compares what it prints, line for line.
"""

from __future__ import annotations

import importlib
import re
import time

import bibtexparser
import pytest

from conftest import run_cli
from corpus import CASES, original, prepare
from coursesite import cli

TIMEOUT = 10.0
"""Not a speed goal: an input built to make the loader work forever (alias bombs, 10 MB files) must be refused.
Counted in CPU seconds of this process, which other processes on a busy machine do not inflate (wall time did)."""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_prints_exactly_these_lines(case, tmp_path, monkeypatch):
    """Each broken input makes check print exactly the case's error and warning lines and the summary, and no traceback;
    with errors it fails and prints nothing else, with warnings alone it passes."""
    prepare(case, tmp_path)
    if case.parser_crash:
        def crash(*args, **kwargs):
            raise RecursionError("maximum recursion depth exceeded")
        monkeypatch.setattr(bibtexparser, "parse_string", crash)
    started = time.process_time()
    result = run_cli(tmp_path, "check")
    assert time.process_time() - started < TIMEOUT
    assert result.stderr.splitlines() == case.lines(tmp_path)
    assert result.returncode == (1 if case.errors else 0)
    if case.errors:
        assert result.stdout == ""
    assert not (tmp_path / "site").exists()


def test_corpus_covers_both_files_and_both_courses():
    """The corpus has unique names, cases in both files, on both base courses, with errors and with warnings alone."""
    assert len({c.name for c in CASES}) == len(CASES) >= 80
    assert {c.base for c in CASES} == {"starter", "seed"}
    assert any(c.errors and c.errors[0].startswith("papers.bib") for c in CASES)
    assert any(c.warnings and not c.errors for c in CASES)


def test_check_summarises_a_valid_course(course_dir):
    """For the seed course check prints one line counting sessions, roles, participants and papers."""
    result = run_cli(course_dir, "check")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == [
        "course.yaml and papers.bib are valid: 5 sessions, 5 roles, 10 participants, 6 papers.",
        "note: papers.bib: 1 entry that no session reads and no further_reading names is left out of the site"]


def test_the_site_url_note_of_a_course_in_courses_names_its_folder(tmp_path):
    """A course of `courses/` is published below its folder's name, and the note's example address says so."""
    for name in ("ws2024", "ss2025"):
        prepare(original("starter"), tmp_path / "courses" / name)
        course = tmp_path / "courses" / name / "course.yaml"
        course.write_text(re.sub(r"(?m)^id: .*$", f"id: course-{name}", course.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli(tmp_path, "check")
    notes = [line for line in result.stdout.splitlines() if "has no site_url" in line]
    assert result.returncode == 0 and len(notes) == 2
    assert notes[0].endswith("(on GitHub Pages: https://<user>.github.io/<repository>/ss2025/)")
    assert notes[1].endswith("(on GitHub Pages: https://<user>.github.io/<repository>/ws2024/)")


def test_check_says_once_what_a_missing_site_url_costs(tmp_path):
    """Without site_url, check names once what is missing and how to set it; with it, nothing."""
    prepare(original("starter"), tmp_path)
    result = run_cli(tmp_path, "check")
    assert result.returncode == 0
    note = result.stdout.splitlines()[1:]
    assert note == ["note: course.yaml has no site_url, so the handout has no QR code and no web address, and the "
                    "calendars link to no page and offer no subscription, and the page for a missing address works only "
                    "at the top of a domain, not under a sub-path such as /<repository>/; once the site is published, set "
                    "`site_url: https://...` to its address (on GitHub Pages: https://<user>.github.io/<repository>/)"]
    course = tmp_path / "course.yaml"
    text = course.read_text(encoding="utf-8")
    assert text.count("# site_url: https://example.github.io/seminar/") == 1
    course.write_text(text.replace("# site_url: https://example.github.io/seminar/",
                                   "site_url: https://example.github.io/seminar/"), encoding="utf-8")
    result = run_cli(tmp_path, "check")
    assert (result.returncode, len(result.stdout.splitlines()), "site_url" in result.stdout + result.stderr) == (0, 1, False)


@pytest.mark.parametrize("module, function, output", [
    ("exports.pdf", "typesetting", "handout.pdf"),
    ("exports.ics", "course_calendar", "course.ics"),
    ("render.pages", "render_pages", "the pages"),
])
def test_exporter_failure_is_one_line_naming_the_output(tmp_path, capsys, monkeypatch, module, function, output):
    """An unexpected exception in an exporter makes check fail with one line naming the output and the cause."""
    prepare(original("starter"), tmp_path)

    def broken(*args, **kwargs):
        raise ValueError("something\nwent wrong")

    monkeypatch.setattr(importlib.import_module(f"coursesite.{module}"), function, broken)
    assert cli.main(["--root", str(tmp_path), "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {output}: could not be made (ValueError: something went wrong); look for an unusual value in what "
        "this output shows (a very long text or address, a date far in the past or future) and change it",
        f"1 error; nothing was built, {tmp_path}/site/ is unchanged."]
