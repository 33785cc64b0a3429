"""The organizer's private side: `grading:`, `coursesite sheets` (grades.xlsx, attendance.pdf), never published.

The workbook is read back with openpyxl as a spreadsheet program would show it: the roles against
the rotation, the typed values after a re-run, and the formulas both as written and as LibreOffice
computes them (where LibreOffice is installed; .ci/run installs it).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from conftest import ROOT, build_site, copy_course, run_cli
from coursesite.course import paths
from coursesite.engine import site
from coursesite.exports import sheets
from coursesite.render import pages
from coursesite.schedule import rotation as rotation_mod

GRADING = "participants: 10\ngrading:\n  presentation: 0.6\n  discussion: 0.4\n"


def edit(root: Path, *pairs: tuple[str, str]) -> Path:
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    course.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def graded(tmp_path) -> Path:
    """The seed course with the seminar's rule as `grading:` (the announcement gives no weights)."""
    return edit(copy_course(tmp_path / "course"), ("participants: 10\n", GRADING))


def grades_sheet(path: Path, data_only: bool = False):
    return openpyxl.load_workbook(path, data_only=data_only).worksheets[0]


def columns(sheet) -> dict[str, int]:
    """Column (1-based) by the hidden key row."""
    return {cell.value: cell.column for cell in sheet[sheets.HEAD_ROWS] if cell.value}


def type_into(path: Path, values: dict[tuple[int, str], object]) -> None:
    """Type values into the grades sheet as an organizer would, by (participant, column key)."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    where = columns(sheet)
    for (participant, key), value in values.items():
        sheet.cell(sheets.HEAD_ROWS + participant, where[key]).value = value
    book.save(path)


# --- grading: in course.yaml ---------------------------------------------------------------------


@pytest.mark.parametrize("language, line", [
    ("en", "**Grading:** 60% presentation, 40% discussion"),
    ("de", "**Bewertung:** 60 % presentation, 40 % discussion"),
])
def test_grading_is_shown_in_words_on_the_information_page(graded, language, line):
    edit(graded, ("\nlanguage: en\n", f"\nlanguage: {language}\n"))
    info = pages.render_pages(site.load_course(graded).course)[paths.INFO]
    assert line in info.splitlines()


def test_a_course_without_grading_says_nothing_about_it(course_dir):
    info = pages.render_pages(site.load_course(course_dir).course)[paths.INFO]
    assert "Grading:**" not in info


# --- the workbook --------------------------------------------------------------------------------


def test_sheets_writes_a_workbook_that_matches_the_rotation(graded):
    result = run_cli(graded, "sheets")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("wrote private/grades.xlsx and private/attendance.pdf; they are private: private/ is "
                             "ignored by git and never published\n")
    course = site.load_course(graded).course
    rotation = rotation_mod.for_course(course)
    sheet = grades_sheet(graded / "private" / "grades.xlsx")
    where = columns(sheet)
    # One row per participant number, in order, then the note.
    numbers = [sheet.cell(row, 1).value for row in range(sheets.HEAD_ROWS + 1, sheets.HEAD_ROWS + 11)]
    assert numbers == list(range(1, 11))
    # Every session's heading names it by number and date; every role cell is the rotation's.
    headings = [c.value for c in sheet[1] if c.value and c.value.startswith("Session")]
    assert headings == [f"Session {s.number} · {s.date.isoformat()}" for s in course.sessions]
    for s in course.sessions:
        for p in range(1, 11):
            shown = sheet.cell(sheets.HEAD_ROWS + p, where[f"{s.date.isoformat()}|role"]).value
            assert shown == rotation.role(p, s.number).name
    # Presence and both parts for every session, as empty cells to type into.
    for s in course.sessions:
        for what in ("present", "presentation", "discussion"):
            assert sheet.cell(sheets.HEAD_ROWS + 1, where[f"{s.date.isoformat()}|{what}"]).value is None
    assert sheet.freeze_panes == "C4"
    assert sheet.row_dimensions[sheets.HEAD_ROWS].hidden
    assert sheet.column_dimensions["C"].width >= 20  # role names fit
    # One more sheet per session, protected: the meeting's view.
    book = openpyxl.load_workbook(graded / "private" / "grades.xlsx")
    assert [ws.title for ws in book.worksheets] == ["Grades"] + [f"Session {n}" for n in range(1, 6)]
    assert all(ws.protection.sheet for ws in book.worksheets[1:])


def test_final_grade_formulas_are_the_weighted_sum_of_the_means(graded):
    """The formulas as written, cell by cell (what any spreadsheet program computes from them)."""
    run_cli(graded, "sheets")
    sheet = grades_sheet(graded / "private" / "grades.xlsx")
    where = columns(sheet)
    row = sheets.HEAD_ROWS + 3
    letter = {key: openpyxl.utils.get_column_letter(col) for key, col in where.items()}
    dates = [k.split("|")[0] for k in where if k.endswith("|presentation") and k[0].isdigit()]
    assert len(dates) == 5
    cells = ",".join(f"{letter[f'{d}|presentation']}{row}" for d in dates)
    assert sheet[f"{letter['mean|presentation']}{row}"].value == f'=IF(COUNT({cells})=0,"",AVERAGE({cells}))'
    means = f"{letter['mean|presentation']}{row},{letter['mean|discussion']}{row}"
    assert sheet[f"{letter['final']}{row}"].value == (
        f'=IF(COUNT({means})=2,{letter["mean|presentation"]}{row}*0.6+{letter["mean|discussion"]}{row}*0.4,"")')


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None and not os.environ.get("CI"), reason="LibreOffice is not installed")
def test_libreoffice_computes_the_weighted_grades(graded, tmp_path):
    """LibreOffice opens the workbook, recalculates it and gets the weighted sum; an empty part is no zero."""
    assert soffice(), "CI installs LibreOffice (.ci/run); without it the formulas go unchecked by a spreadsheet"
    run_cli(graded, "sheets")
    workbook = graded / "private" / "grades.xlsx"
    first, second = "2023-10-31", "2023-11-21"
    type_into(workbook, {(3, f"{first}|presentation"): 1.7, (3, f"{second}|presentation"): 2.3,
                         (3, f"{first}|discussion"): 1.0, (3, f"{first}|present"): "x", (3, f"{second}|present"): 1,
                         (4, f"{first}|presentation"): 3.0})
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    # LibreOffice keeps the cached results of .xlsx files unless told to recalculate on load.
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        '<value>0</value></prop></item></oor:items>', encoding="utf-8")
    out = tmp_path / "computed"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), str(workbook)], check=True, capture_output=True, timeout=180)
    sheet = grades_sheet(out / "grades.xlsx", data_only=True)
    where = columns(sheet)
    three = {key: sheet.cell(sheets.HEAD_ROWS + 3, col).value for key, col in where.items()}
    assert three["mean|presentation"] == pytest.approx(2.0)
    assert three["mean|discussion"] == pytest.approx(1.0)
    assert three["final"] == pytest.approx(0.6 * 2.0 + 0.4 * 1.0)
    assert three["attendance"] == 2
    four = {key: sheet.cell(sheets.HEAD_ROWS + 4, col).value for key, col in where.items()}
    # Participant 4 has no discussion grade yet: no final grade, not a grade computed with a zero.
    assert four["mean|presentation"] == pytest.approx(3.0)
    assert four["mean|discussion"] in (None, "")
    assert four["final"] in (None, "")
    view = openpyxl.load_workbook(out / "grades.xlsx", data_only=True)["Session 1"]
    row3 = [c.value for c in view[sheets.HEAD_ROWS + 4]]
    course = site.load_course(graded).course
    assert row3[:6] == [3, None, rotation_mod.for_course(course).role(3, 1).name, "x", 1.7, 1.0]


def test_rerun_after_a_swap_updates_roles_and_keeps_what_was_typed(graded):
    run_cli(graded, "sheets")
    workbook = graded / "private" / "grades.xlsx"
    type_into(workbook, {(3, "name"): "Ada Lovelace", (3, "2023-10-31|present"): "x",
                         (3, "2023-10-31|presentation"): 1.7, (4, "2023-11-21|discussion"): 2.3})
    edit(graded, ("participants: 10\n", "participants: 10\nswaps:\n  - session: 2023-10-31\n    participants: [3, 4]\n"))
    result = run_cli(graded, "sheets")
    assert result.returncode == 0
    assert result.stdout.startswith("wrote private/grades.xlsx (keeping the 4 value(s) typed before) and ")
    assert list((graded / "private").glob("grades*.xlsx")) == [workbook]
    sheet = grades_sheet(workbook)
    where = columns(sheet)
    course = site.load_course(graded).course
    row3 = {key: sheet.cell(sheets.HEAD_ROWS + 3, col).value for key, col in where.items()}
    row4 = {key: sheet.cell(sheets.HEAD_ROWS + 4, col).value for key, col in where.items()}
    # Participant 3 now holds participant 4's role of session 1, and keeps the grades typed for them.
    assert row3["2023-10-31|role"] == course.roles[3].name
    assert row4["2023-10-31|role"] == course.roles[2].name
    assert (row3["name"], row3["2023-10-31|present"], row3["2023-10-31|presentation"]) == ("Ada Lovelace", "x", 1.7)
    assert row4["2023-11-21|discussion"] == 2.3


def test_values_without_a_place_keep_the_old_file_and_write_a_new_one(graded):
    run_cli(graded, "sheets")
    workbook = graded / "private" / "grades.xlsx"
    type_into(workbook, {(10, "2023-10-31|presentation"): 2.7, (1, "name"): "Grace"})
    before = workbook.read_bytes()
    edit(graded, ("participants: 10\n", "participants: 9\n"))
    result = run_cli(graded, "sheets")
    assert result.returncode == 0
    assert workbook.read_bytes() == before
    assert (graded / "private" / "grades-2.xlsx").is_file()
    assert result.stderr.splitlines()[-1] == (
        "warning: private/grades.xlsx holds 1 typed value(s) that have no place in the new workbook (participant 10, "
        "2023-10-31: presentation = 2.7), so it was left as it is and the new workbook is "
        "private/grades-2.xlsx; copy what you still need, then delete the old file")
    assert grades_sheet(graded / "private" / "grades-2.xlsx").cell(sheets.HEAD_ROWS + 1, 2).value == "Grace"


def test_an_added_column_or_sheet_is_not_overwritten(graded):
    run_cli(graded, "sheets")
    workbook = graded / "private" / "grades.xlsx"
    book = openpyxl.load_workbook(workbook)
    book.worksheets[0].cell(sheets.HEAD_ROWS + 2, 60).value = "remarks: ill on 31 Oct"
    book.create_sheet("My notes")
    book.save(workbook)
    result = run_cli(graded, "sheets")
    assert "holds 2 typed value(s) that have no place" in result.stderr
    assert "cell BH5; the sheet 'My notes'" in result.stderr
    assert (graded / "private" / "grades-2.xlsx").is_file()


def test_an_unreadable_workbook_is_left_alone(graded):
    (graded / "private").mkdir()
    (graded / "private" / "grades.xlsx").write_bytes(b"not a spreadsheet")
    result = run_cli(graded, "sheets")
    assert result.returncode == 0
    assert (graded / "private" / "grades.xlsx").read_bytes() == b"not a spreadsheet"
    assert "could not be read (BadZipFile: File is not a zip file), so it was left as it is" in result.stderr
    assert (graded / "private" / "grades-2.xlsx").is_file()


def test_equal_input_gives_equal_bytes(graded):
    course = site.load_course(graded).course
    rotation = rotation_mod.for_course(course)
    assert sheets.workbook(course, rotation) == sheets.workbook(course, rotation)


def test_withdrawn_late_and_talks_read_as_the_rotation_says(tmp_path):
    """A journal club: talks instead of roles, one participant who left, one who joined late, a cancelled meeting."""
    root = tmp_path / "club"
    shutil.copytree(ROOT / "tests" / "courses" / "journalclub", root)
    text = (root / "course.yaml").read_text(encoding="utf-8")
    for n in range(1, 10):
        text = text.replace(f"    paper: club{n}\n", f"    papers: [{{key: club{n}, presenters: [{n % 6 + 1}]}}]\n")
    text = text.replace("  - date: 2024-11-20\n", "  - date: 2024-11-20\n    cancelled: true\n")
    text += ("participants: 6\nrotation: none\nwithdrawn: {2: 2024-12-01}\njoined: {6: 2024-11-01}\n"
             "grading: {talk: 0.7, discussion: 0.3}\n")
    (root / "course.yaml").write_text(text, encoding="utf-8")
    result = run_cli(root, "sheets")
    assert result.returncode == 0, result.stderr
    course = site.load_course(root).course
    rotation = rotation_mod.for_course(course)
    sheet = grades_sheet(root / "private" / "grades.xlsx")
    where = columns(sheet)
    seen = set()
    for s in sheets.graded_sessions(course):
        for p in rotation.participants:
            shown = sheet.cell(sheets.HEAD_ROWS + p, where[f"{s.date.isoformat()}|role"]).value
            given = [key for number, key in rotation.talks(p) if number == s.number]
            if given:
                assert shown == "; ".join(f"Talk: {course.papers[k].short}" for k in given)
            elif not rotation.takes_part(p, s.number):
                assert shown == ("withdrawn" if p == 2 else "not yet joined")
            else:
                assert shown == "–"
            seen.add(shown.split(":")[0])
    assert seen == {"Talk", "withdrawn", "not yet joined", "–"}
    assert "2024-11-20|role" not in where  # the cancelled meeting has no columns


# --- the attendance list -------------------------------------------------------------------------


def test_attendance_has_one_page_per_meeting_with_a_row_per_participant(graded):
    edit(graded, ("participants: 10\n", "participants: 10\nwithdrawn: {7: 2023-12-01}\n"))
    run_cli(graded, "sheets")
    reader = PdfReader(io.BytesIO((graded / "private" / "attendance.pdf").read_bytes()))
    course = site.load_course(graded).course
    rotation = rotation_mod.for_course(course)
    assert len(reader.pages) == 5
    for page, s in zip(reader.pages, course.sessions):
        text = " ".join(page.extract_text().split())
        assert f"Attendance · Session {s.number}" in text
        assert s.room in text
        assert course.papers[s.paper].title.split()[0] in text
        assert "Signature" in text
        for p in rotation.participants:
            role = rotation.role(p, s.number)
            if rotation.takes_part(p, s.number):
                assert f"{p} {role.name}" in text
        # Participant 7 withdrew on 1 December: on the lists of the sessions before only.
        numbers = [line.split()[0] for line in page.extract_text().splitlines() if line.split() and line.split()[0].isdigit()]
        expected = [str(p) for p in rotation.participants if rotation.takes_part(p, s.number)]
        assert [n for n in numbers if n in {str(p) for p in range(1, 11)}] == expected
        assert ("7" in expected) == (s.date < course.withdrawn[7])


def test_cancelled_sessions_have_no_attendance_page(graded):
    edit(graded, ("  - date: 2023-11-21\n", "  - date: 2023-11-21\n    cancelled: true\n"))
    run_cli(graded, "sheets")
    reader = PdfReader(io.BytesIO((graded / "private" / "attendance.pdf").read_bytes()))
    assert len(reader.pages) == 4
    assert not any("21 November 2023" in page.extract_text() for page in reader.pages)


def test_sheets_need_the_participant_count(graded):
    edit(graded, ("participants: 10\n", ""))
    result = run_cli(graded, "sheets")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: course.yaml: the sheets have one row per participant number, and `participants:` is not set; "
        "set it to the number of participants"]
    assert not (graded / "private" / "grades.xlsx").exists()


# --- never published, never committed -----------------------------------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_private_files_stay_out_of_git_and_check_warns_when_one_is_tracked(graded):
    git(graded, "init", "-q")
    run_cli(graded, "sheets")
    git(graded, "add", "-A")
    assert not [name for name in git(graded, "ls-files").splitlines() if name.startswith("private/")]
    git(graded, "add", "-f", "private/grades.xlsx")
    result = run_cli(graded, "check")
    assert result.returncode == 0
    assert ("warning: private/grades.xlsx: this private file is tracked by git, so every clone and fork of the "
            "repository has it; run `git rm --cached private/grades.xlsx`, commit, and keep private/ in .gitignore; "
            "if the repository is public, treat what the file held as published") in result.stderr.splitlines()


def test_the_repository_and_new_course_folders_ignore_private(tmp_path):
    assert "private/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    result = run_cli(tmp_path, "new", "next")
    assert result.returncode == 0
    assert "private/" in (tmp_path / "next" / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.slow
def test_no_byte_of_the_sheets_reaches_the_site(graded):
    run_cli(graded, "sheets")
    type_into(graded / "private" / "grades.xlsx", {(3, "name"): "Ada Lovelace-Byron"})
    run_cli(graded, "sheets")
    built = build_site(graded)
    secrets = [(graded / "private" / name).read_bytes() for name in (paths.GRADES, paths.ATTENDANCE)]
    for file in built.dir.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert file.suffix not in (".xlsx",) and "private" not in file.relative_to(built.dir).parts
            assert b"Ada Lovelace-Byron" not in data, file
            assert not any(secret == data for secret in secrets), file
