"""`python -m coursesite new`: a starter course for the next seminar that is valid as written."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, copy_course, run_cli, run_main
from coursesite.course import schema, successor
from coursesite.course.load import load
from coursesite.model import Session
from test_schema import course_data, errors


def test_new_writes_a_valid_starter(tmp_path):
    """`new FOLDER` creates the folder with course.yaml and papers.bib that pass `check` without edits."""
    folder = tmp_path / "next-seminar"
    result = run_cli(tmp_path, "new", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {folder}/course.yaml and {folder}/papers.bib; edit them, then run `make check DIR=next-seminar`\n"
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "course.yaml", "papers.bib"]

    check = run_cli(folder, "check")
    assert check.returncode == 0, check.stderr
    assert check.stderr == ""
    assert check.stdout.splitlines()[0] == "course.yaml and papers.bib are valid: 3 sessions, 3 roles, 6 participants, 3 papers."


def test_starter_differs_from_the_seed_course(tmp_path):
    """The starter is a different seminar: its own roles, dates and papers, and its own comments."""
    run_cli(tmp_path, "new", str(tmp_path))
    starter = load(tmp_path / "course.yaml", tmp_path / "papers.bib").course
    seed = load(ROOT / "course.yaml", ROOT / "papers.bib").course
    assert [r.name for r in starter.roles] == ["Presenter", "Critic", "Scribe"]
    assert [str(s.date) for s in starter.sessions] == ["2027-05-06", "2027-06-03", "2027-07-01"]
    assert sorted(starter.papers) == ["he2016deep", "kingma2015adam", "vaswani2017attention"]
    assert not {r.id for r in starter.roles} & {r.id for r in seed.roles}
    assert not set(starter.papers) & set(seed.papers)
    assert starter.paper("vaswani2017attention").authors[6].full == "Łukasz Kaiser"


def test_starter_validates_against_the_schema(tmp_path):
    """The starter passes the JSON Schema, and its first line points the editor to the committed schema."""
    run_cli(tmp_path, "new", str(tmp_path))
    text = (tmp_path / "course.yaml").read_text(encoding="utf-8")
    assert errors(course_data(text)) == []
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={schema.FILE_NAME}"


def test_new_in_a_sub_folder_points_up_to_the_schema(tmp_path):
    """From a folder inside the repository, the schema comment is a relative path that leads to the schema."""
    folder = ROOT / "build" / "test-new-schema"
    try:
        assert run_cli(tmp_path, "new", str(folder)).returncode == 0
        first = (folder / "course.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../course.schema.json"
        assert (folder / "../../course.schema.json").resolve() == ROOT / schema.FILE_NAME
    finally:
        for name in ("course.yaml", "papers.bib", ".gitignore"):
            (folder / name).unlink(missing_ok=True)
        folder.rmdir()


def test_new_refuses_to_overwrite(tmp_path):
    """`new` into a folder that already has a course file stops with one line and changes nothing."""
    (tmp_path / "papers.bib").write_text("% mine\n", encoding="utf-8")
    result = run_cli(tmp_path, "new", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (f"error: {tmp_path}/papers.bib already exists; move it away (git keeps the old version) "
                             "or choose another folder, e.g. make new DIR=next-seminar\n")
    assert not (tmp_path / "course.yaml").exists()
    assert (tmp_path / "papers.bib").read_text(encoding="utf-8") == "% mine\n"


def test_new_refuses_a_file_as_folder(tmp_path):
    """`new` given a file instead of a folder stops with one line and no traceback."""
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli(tmp_path, "new", str(tmp_path / "notes.txt"))
    assert result.returncode == 1
    assert result.stderr == (f"error: {tmp_path}/notes.txt is a file, not a folder; give the folder for the new course, "
                             "e.g. make new DIR=next-seminar\n")


REFUSALS = [(errno.ENOSPC, "the disk is full", "free space on that disk, then run `make new` again"),
            (errno.EDQUOT, "your disk quota is used up", "free space on that disk, then run `make new` again"),
            (errno.EACCES, "permission denied", "choose another folder, e.g. make new DIR=next-seminar, or make the folder writable"),
            (errno.EROFS, "the file system is read-only", "choose another folder, e.g. make new DIR=next-seminar, or make the folder writable"),
            (errno.EIO, os.strerror(errno.EIO), "check the disk (its space, its permissions, its health), then run `make new` again")]


def refusing(monkeypatch, code: int, name: str) -> None:
    """The system refuses to write files called `name` (the tests may run as root, where chmod stops nothing)."""
    real = Path.write_text, Path.write_bytes

    def refused(write):
        def write_(self, *args, **kwargs):
            if self.name == name:
                raise OSError(code, os.strerror(code), str(self))
            return write(self, *args, **kwargs)
        return write_
    monkeypatch.setattr(Path, "write_text", refused(real[0]))
    monkeypatch.setattr(Path, "write_bytes", refused(real[1]))


@pytest.mark.parametrize(("code", "what", "fix"), REFUSALS)
def test_new_refused_by_the_system_says_so_in_one_line_and_leaves_nothing(tmp_path, monkeypatch, code, what, fix):
    """A write of `new` that the system refuses (here papers.bib, the second file) is one line naming the file, and
    course.yaml, already written, goes again: half a course would make the next `make new` refuse the folder."""
    refusing(monkeypatch, code, "papers.bib")
    result = run_main(tmp_path, "new", "next")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: next/papers.bib: {what}; {fix}; nothing was written\n"
    assert list((tmp_path / "next").iterdir()) == []
    monkeypatch.undo()
    assert run_main(tmp_path, "new", "next").returncode == 0


@pytest.mark.parametrize(("code", "what", "fix"), REFUSALS[::2])
def test_render_and_schema_refused_by_the_system_say_so_in_one_line(tmp_path, monkeypatch, code, what, fix):
    """`render` and `schema` name the file the system refused, what happened and what to do; no traceback."""
    root = copy_course(tmp_path / "course")
    refusing(monkeypatch, code, "schedule.md")
    result = run_main(root, "render", "out")
    elsewhere = "choose another folder, e.g. make new DIR=next-seminar"
    again = fix.replace(elsewhere, "choose another folder for the pages").replace("make new", "make render")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: out/schedule.md: {what}; {again}\n"
    refusing(monkeypatch, code, schema.FILE_NAME)
    result = run_main(root, "schema")
    again = fix.replace(elsewhere, "choose another place for it").replace("make new", "make schema")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: {schema.FILE_NAME}: {what}; {again}\n"


# --- Next semester from last semester's course (`new --from --start`) ------------------------------------

TBA_WARNING = ("warning: {folder}/course.yaml:{line}: session {n} ({day}), paper: the paper is still to be chosen (TBA); "
               "add its entry to papers.bib and write its key here instead of TBA")


def next_from(tmp_path, source, *args: str):
    """`new ss2024 --from SOURCE ARGS` run where both folders are; the new folder."""
    result = run_cli(tmp_path, "new", "ss2024", "--from", source.name, *args)
    assert result.returncode == 0, result.stderr
    return result, tmp_path / "ss2024"


def test_next_semester_keeps_the_seminar_and_lays_out_its_sessions_again(tmp_path):
    """From the seed: the seminar as written, the new semester's name and dates, no people, papers to choose; valid."""
    source = copy_course(tmp_path / "ws2023", share_notebook_cache=False)
    result, folder = next_from(tmp_path, source, "--start", "2024-04-16")
    assert result.stdout == ("wrote ss2024/course.yaml and ss2024/papers.bib; 5 sessions every 2 weeks from 2024-04-16 to "
                             "2024-06-11; choose the papers (check lists the sessions that still say TBA), then run "
                             "`make check DIR=ss2024`\n")
    check = run_cli(tmp_path, "check", "--course", "ss2024")
    days = ["16 April 2024", "30 April 2024", "14 May 2024", "28 May 2024", "11 June 2024"]
    text = (folder / "course.yaml").read_text(encoding="utf-8")
    lines = [text[: text.index(f"  - date: {d}")].count("\n") + 3
             for d in ("2024-04-16", "2024-04-30", "2024-05-14", "2024-05-28", "2024-06-11")]
    assert (check.returncode, check.stderr.splitlines()) == (0, [
        TBA_WARNING.format(folder="ss2024", line=line, n=n, day=day) for n, (line, day) in enumerate(zip(lines, days), 1)])
    old, new = load(source / "course.yaml", source / "papers.bib").course, load(folder / "course.yaml", folder / "papers.bib").course
    kept = ("title", "institution", "language", "timezone", "summary", "registration", "meetings", "roles", "sections",
            "organizers", "audience", "address", "rotation", "announcement_days")
    assert {k: getattr(new, k) for k in kept} == {k: getattr(old, k) for k in kept}
    assert (new.semester, new.topic, new.participants) == ("Summer 2024", None, None)
    assert (new.swaps, new.withdrawn, new.joined, new.announcements, dict(new.papers)) == ((), {}, {}, (), {})
    assert [(s.date.isoformat(), s.date.strftime("%A"), s.title, s.papers, s.paper_to_come, s.notebook, s.materials)
            for s in new.sessions] == [(d, "Tuesday", "Paper to be announced", (), True, None, ())
                                       for d in ("2024-04-16", "2024-04-30", "2024-05-14", "2024-05-28", "2024-06-11")]
    # The organizational meeting as long before the first session as last semester (a Monday, 15 days).
    assert (new.organizational_meeting.date.isoformat(), new.organizational_meeting.room) == ("2024-04-01", "Mathematikon Seminar Room 11")
    # The organizer's own text stays as written, comments included; last semester's topic and count as comments.
    seed = (source / "course.yaml").read_text(encoding="utf-8")
    for block in (seed[:seed.index("id:")], seed[seed.index("\ntitle:"):seed.index("topic:")],
                  seed[seed.index("roles:"):seed.index("# Participants are numbers")]):
        assert block in text
    # A new semester is a new calendar: its own id, with last semester's named beside it.
    assert f"\nid: {new.id}   # a new one: last semester's was 4bdf065f5c0a2b28\ntitle:" in text and new.id != old.id
    assert "# topic: Challenges in Deep Learning   # last semester's; set this semester's\n" in text
    assert "# participants: 10   # last semester's; set this semester's\n" in text
    assert "Last semester's entries\n% are in ws2023/papers.bib" in (folder / "papers.bib").read_text(encoding="utf-8")


EVERY_PART = (
    ("participants: 10\n", "participants: 10\nswaps:\n  - session: 2023-11-21\n    participants: [3, 5]\n"
     "withdrawn: {4: 2023-12-05}\njoined: {10: 2023-11-21}\nannouncements:\n  - date: 2023-10-20\n    text: Room change.\n"),
    ("  - date: 2023-11-21\n", "  - date: 2023-11-21\n    cancelled: true\n    note: Ill.\n    online: https://meet.example.org/x\n"),
    ("  - date: 2023-12-05\n", "  - date: 2023-12-05\n    materials: [{title: Slides, url: 'https://example.org/s.pdf'}]\n"
     "    deadlines: [{date: 2023-12-04, what: Vote}]\n"),
    ("  - date: 2023-12-19\n", "  - date: 2023-12-20\n    moved_from: 2023-12-19\n    room: Lecture Hall\n"),
    ("  - date: 2024-01-09\n", "  - date: 2024-01-09\n    assign: {hacker: [1, 2]}\n"),
    ("site_url: https://<user>.github.io/<repository>/   # set this once the site is published",
     "site_url: https://chair.example.org/seminar/ws2023/"),
)


def test_next_semester_clears_everything_of_last_semester(tmp_path):
    """Swaps, drop-outs, announcements, cancellations, moves, materials, deadlines, assignments and notebooks all go."""
    source = copy_course(tmp_path / "ws2023", share_notebook_cache=False)
    text = (source / "course.yaml").read_text(encoding="utf-8").replace("# site_url:", "site_url:")
    for old, new in EVERY_PART:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (source / "course.yaml").write_text(text, encoding="utf-8")
    assert run_cli(tmp_path, "check", "--course", "ws2023").returncode == 0
    _, folder = next_from(tmp_path, source, "--start", "2024-10-15", "--skip", "2024-10-29,2024-11-12")
    written = (folder / "course.yaml").read_text(encoding="utf-8")
    for key in ("swaps:", "withdrawn:", "joined:", "announcements:", "cancelled:", "note: Ill", "online:", "materials:",
                "deadlines:", "moved_from:", "Lecture Hall", "assign:", "notebook:", "further_reading:", "questions:"):
        assert key not in written
    check = run_cli(tmp_path, "check", "--course", "ss2024")
    assert check.returncode == 0 and [line for line in check.stderr.splitlines() if "(TBA)" not in line] == []
    new = load(folder / "course.yaml", folder / "papers.bib").course
    # Every other week from 15 October, leaving out the two dates asked for; the moved session by its regular date.
    assert [s.date.isoformat() for s in new.sessions] == ["2024-10-15", "2024-11-26", "2024-12-10", "2024-12-24", "2025-01-07"]
    assert (new.semester, new.site_url) == ("Winter 2024/25", "https://chair.example.org/seminar/ss2024/")


@pytest.mark.parametrize(("name", "start"), [("roleplay", "2025-04-15"), ("journalclub", "2025-04-09"),
                                             ("proseminar", "2025-06-30")])
def test_next_semester_of_each_test_course_passes_check(tmp_path, name, start):
    """Courses written by others (weekly, every other week, a block seminar in German) give valid next semesters."""
    source = tmp_path / f"{name}-old"
    shutil.copytree(ROOT / "tests" / "courses" / name, source)
    _, folder = next_from(tmp_path, source, "--start", start)
    old, new = load(source / "course.yaml", source / "papers.bib"), None
    check = run_cli(tmp_path, "check", "--course", "ss2024")
    assert check.returncode == 0, check.stderr
    # No warning that last semester did not have already, apart from the papers to choose.
    before = {w.message for w in old.warnings}
    new = load(folder / "course.yaml", folder / "papers.bib")
    assert {w.message for w in new.warnings if "(TBA)" not in w.message} <= before
    o, n = old.course, new.course
    assert len(n.sessions) == len(o.sessions) and n.sessions[0].date.isoformat() == start
    assert [s.title for s in n.sessions if not s.paper_to_come] == [s.title for s in o.sessions if not s.papers]
    # Sessions that shared a day share one again, at the same times.
    def shape(c):
        return [(sum(1 for t in c.sessions if t.date == s.date), s.start, s.end) for s in c.sessions]
    assert shape(n) == shape(o)


@given(gaps=st.lists(st.sampled_from([0, 1, 2, 7, 14, 21, 28]), max_size=12),
       skip=st.sets(st.integers(min_value=0, max_value=200), max_size=5))
def test_layout_keeps_days_together_and_leaves_out_skipped_dates(gaps, skip):
    """Any pattern of meeting days: as many sessions, one day per old day, none on a skipped date, weekly stays weekly."""
    start = dt.date(2025, 4, 15)
    day, sessions = dt.date(2024, 10, 15), []
    for n, gap in enumerate([0, *gaps], 1):
        day += dt.timedelta(days=gap)
        sessions.append(Session(date=day, title=f"S{n}", start=dt.time(9 + n % 8), end=dt.time(10 + n % 8), number=n))
    skipped = frozenset(start + dt.timedelta(days=d) for d in skip if d)
    dates, _ = successor.layout(tuple(sessions), start, skipped)
    assert len(dates) == len(sessions) and dates[0] >= start and not set(dates) & skipped
    assert dates == sorted(dates)
    assert [a == b for a, b in zip(dates, dates[1:])] == [s.date == t.date for s, t in zip(sessions, sessions[1:])]
    if all(g % 7 == 0 for g in gaps):
        assert {d.weekday() for d in dates} == {start.weekday()}


@pytest.mark.parametrize(("previous", "language", "start", "expected"), [
    ("Winter 2023/24", "en", "2024-04-16", "Summer 2024"), ("Summer 2024", "en", "2024-10-15", "Winter 2024/25"),
    ("Wintersemester 2023/24", "de", "2024-04-16", "Sommersemester 2024"), ("WiSe 2023/24", "de", "2024-04-16", "SoSe 2024"),
    ("SS 2024", "de", "2025-01-07", "WS 2024/25"), ("Winter 2023/24", "de", "2024-04-16", "Sommer 2024"),
    ("Fall term 2023", "en", "2024-04-16", "Summer 2024"), ("Herbst 2023", "de", "2024-10-15", "Wintersemester 2024/25"),
])
def test_semester_name_follows_last_semesters_spelling(previous, language, start, expected):
    """The new semester is named after its start, in the words last semester's name used (else the language's)."""
    assert successor.semester_name(previous, language, dt.date.fromisoformat(start)) == expected
