"""Loading and validating course.yaml and papers.bib: one test per kind of mistake.

Each test edits a copy of the seed course and asserts the whole one-line message,
including the line number, that an organizer would read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import types
import typing
from pathlib import Path

import pytest

from conftest import ROOT
from coursesite import model
from coursesite.course import convert
from coursesite.course.load import load
from coursesite.errors import CourseError, Problems
from coursesite.sources.yamlsource import Located

SEED_YAML = (ROOT / "course.yaml").read_text(encoding="utf-8")
SEED_BIB = (ROOT / "papers.bib").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def write(tmp_path: Path, yaml_text: str = SEED_YAML, bib_text: str = SEED_BIB) -> tuple[Path, Path]:
    course, bib = tmp_path / "course.yaml", tmp_path / "papers.bib"
    if not (tmp_path / "notebooks").exists():
        shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")  # named by course.yaml; a symlink out of the folder is refused
    course.write_text(yaml_text, encoding="utf-8")
    bib.write_text(bib_text, encoding="utf-8")
    return course, bib


def errors(tmp_path: Path, yaml_text: str = SEED_YAML, bib_text: str = SEED_BIB) -> list[str]:
    with pytest.raises(CourseError) as info:
        load(*write(tmp_path, yaml_text, bib_text))
    return [str(p) for p in info.value.problems]


def reading(key: str, text: str | None = None) -> str:
    """The seed course.yaml that also names `key` as further reading (only entries the course reads are checked)."""
    return edit("further_reading: [zhang2017understanding]", f"further_reading: [zhang2017understanding, {key}]", text or SEED_YAML)


def edit(old: str, new: str, text: str = SEED_YAML) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_seed_course_loads_with_facts(tmp_path):
    """The seed course loads without warnings and carries the dates, times and rooms of the announcement."""
    loaded = load(*write(tmp_path))
    course = loaded.course
    assert loaded.warnings == ()
    assert [s.date for s in course.sessions] == [dt.date(2023, 10, 31), dt.date(2023, 11, 21), dt.date(2023, 12, 5),
                                                  dt.date(2023, 12, 19), dt.date(2024, 1, 9)]
    assert {(s.start, s.end, s.room) for s in course.sessions} == {
        (dt.time(18, 0), dt.time(19, 30), "Mathematikon Seminar Room 2")}
    meeting = course.organizational_meeting
    assert (meeting.date, meeting.start, meeting.room) == (dt.date(2023, 10, 16), dt.time(18, 0), "Mathematikon Seminar Room 11")
    assert [r.name for r in course.roles] == ["Scientific Peer Reviewer", "Archaeologist", "Academic Researcher",
                                              "Private Investigator", "Hacker"]


def test_bibtex_latex_is_decoded(tmp_path):
    """LaTeX accents, escaped ampersands and en-dashes in papers.bib are shown as Unicode."""
    bib = SEED_BIB + "\n@misc{mueller2020, author = {M{\\\"u}ller, J{\\'e}r{\\^o}me}, title = {Tom \\& Jerry}, year = {2020}, pages = {1--2}}\n"
    paper = load(*write(tmp_path, reading("mueller2020"), bib_text=bib)).course.papers["mueller2020"]
    assert (paper.authors[0].full, paper.title, paper.pages) == ("Jérôme Müller", "Tom & Jerry", "1–2")


def test_paper_metadata(tmp_path):
    """Paper records carry venue, volume, pages, DOI and arXiv identifiers from papers.bib."""
    papers = load(*write(tmp_path)).course.papers
    zhang = papers["zhang2021understanding"]
    assert (zhang.venue, zhang.volume, zhang.number, zhang.pages, zhang.doi, zhang.eprint) == (
        "Communications of the ACM", "64", "3", "107–115", "10.1145/3446776", "1611.03530")
    assert zhang.short == "Zhang et al. 2021"
    assert papers["ba2014deep"].short_authors == "Ba & Caruana"
    assert papers["grimmer2024provably"].doi_url == "https://doi.org/10.1137/23M1588408"


def test_yaml_syntax_error(tmp_path):
    """A YAML syntax error names the line and says what to check."""
    text = edit("room: Mathematikon Seminar Room 11", "room: [Mathematikon Seminar Room 11")
    line = line_of(text, "note: Attendance")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line - 1}: YAML syntax error: the list opened with `[` on this line is not closed with `]`; "
        "close it with `]` and separate the items with commas, or write one `- item` per line"]


def test_tab_indentation(tmp_path):
    """A tab used for indentation is reported with its line and the advice to use spaces."""
    text = edit("  start: \"18:00\"\n  room: Mathematikon Seminar Room 11", "  start: \"18:00\"\n\troom: Mathematikon Seminar Room 11")
    line = line_of(text, "\troom")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line}: YAML syntax error: a tab character is used for indentation; indent with spaces, not tabs"]


def test_unknown_key_with_did_you_mean(tmp_path):
    """A misspelt key is refused with a suggestion of the right one."""
    text = edit("semester: Winter 2023/24", "semster: Winter 2023/24")
    line = line_of(text, "semster")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line}: semster: unknown key 'semster'; did you mean 'semester'?"]


def test_missing_required_key_in_a_group(tmp_path):
    """A group without one of its required keys names the group and the key to add."""
    text = edit("  room: Mathematikon Seminar Room 11\n", "")
    line = line_of(text, "organizational_meeting:")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line}: organizational_meeting: the required key 'room' is missing; "
        "add `room:` (text) to organizational_meeting"]


def test_wrong_type(tmp_path):
    """A value of the wrong type says what was expected and what was found."""
    text = edit("participants: 10", "participants: ten")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, 'participants: ten')}: participants: expected a whole number, found text; write digits only, e.g. 12"]


def test_impossible_date(tmp_path):
    """February 30 is refused with its line, not a crash inside the YAML parser."""
    text = edit("date: 2023-11-21", "date: 2023-02-30")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, '2023-02-30')}: session 2, date: 2023-02-30 is not a real date "
        "(day is out of range for month); check the day and month"]


def test_impossible_time(tmp_path):
    """25:00 is not a time of day."""
    text = edit('  start: "18:00"\n  end: "19:30"', '  start: "25:00"\n  end: "19:30"')
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, '25:00')}: meetings.start: 25:00 is not a time of day; use hours 00-23 and minutes 00-59"]


def test_unquoted_time_is_read_as_time(tmp_path):
    """An unquoted 18:00 (an integer in YAML 1.1) is still read as the time 18:00."""
    text = edit('  start: "18:00"\n  end: "19:30"', '  start: 18:00\n  end: 19:30')
    assert load(*write(tmp_path, text)).course.sessions[0].end == dt.time(19, 30)


def test_end_before_start(tmp_path):
    """A session that ends before it starts is refused."""
    text = edit('  end: "19:30"', '  end: "17:30"')
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, '17:30')}: meetings.end: sessions end (17:30) before they start (18:00); check both times (24-hour clock)"]


def test_weekday_mismatch(tmp_path):
    """A session date that is not on meetings.weekday is refused."""
    text = edit("date: 2023-12-05", "date: 2023-12-06")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, '2023-12-06')}: session 3 (6 December 2023), date: 2023-12-06 is a Wednesday, not a Tuesday as "
        "meetings.weekday says; correct the date, add `moved_from: <the regular Tuesday>` if the meeting was moved on "
        "purpose, or remove meetings.weekday"]


def test_unknown_timezone(tmp_path):
    """An unknown time zone is refused with the closest IANA name."""
    text = edit("timezone: Europe/Berlin", "timezone: Europe/Berln")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, 'Berln')}: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?"]


def test_unknown_paper_key(tmp_path):
    """A session paper that papers.bib lacks is named, with the closest key."""
    text = edit("paper: ba2014deep", "paper: ba2014deeep")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, 'ba2014deeep')}: session 2 (21 November 2023), paper: no entry 'ba2014deeep' in papers.bib; did you mean 'ba2014deep'?"]


def test_duplicate_bibtex_key(tmp_path):
    """Two BibTeX entries with one key are reported at the second entry."""
    bib = SEED_BIB + "\n@misc{ba2014deep, author = {A, B}, title = {T}, year = {2000}}\n"
    assert errors(tmp_path, bib_text=bib) == [
        f"papers.bib:{line_of(bib, '@misc{ba2014deep')}: the key 'ba2014deep' is used by two entries; give each entry its own key"]


def test_bibtex_syntax_error(tmp_path):
    """An entry with an unclosed brace is reported with its line; later entries still load."""
    bib = edit("title     = {Understanding the Difficulty", "title     = {{Understanding the Difficulty", SEED_BIB)
    problems = errors(tmp_path, bib_text=bib)
    assert problems[0] == (f"papers.bib:{line_of(bib, '{{Understanding the Difficulty')}: the value of `title` in entry "
                           "'glorot2010understanding' has a `{` without its `}`; close the brace at the end of the value")


def test_entry_missing_fields(tmp_path):
    """An entry without author and year names both missing fields."""
    bib = SEED_BIB + "\n@misc{lonely, title = {Alone}}\n"
    assert errors(tmp_path, reading("lonely"), bib_text=bib) == [
        f"papers.bib:{line_of(bib, '@misc{lonely')}: entry 'lonely' has no author and no year; add author = {{...}}, year = {{...}}"]


def test_all_errors_in_one_pass(tmp_path):
    """Several mistakes in both files are reported together, in one run."""
    text = edit("timezone: Europe/Berlin", "timezone: Mars/Olympus")
    text = edit("date: 2023-11-21", "date: 2023-11-31", reading("lonely", text))
    bib = SEED_BIB + "\n@misc{lonely, title = {Alone}, year = {2000}}\n"
    assert len(errors(tmp_path, text, bib)) == 3


def test_only_the_entries_the_course_reads_are_checked(tmp_path):
    """A broken entry no session reads is one warning, never an error; the entries left out are counted in one note."""
    bib = SEED_BIB + "\n@misc{lonely, title = {Alone}}\n@misc{broken, title = {Alone\n"
    loaded = load(*write(tmp_path, bib_text=bib))
    assert set(loaded.course.papers) == {"glorot2010understanding", "ba2014deep", "zhang2021understanding",
                                         "li2018visualizing", "grimmer2024provably", "zhang2017understanding"}
    assert [str(w) for w in loaded.warnings] == [
        f"papers.bib:{line_of(bib, '@misc{broken')}: entry 'broken' is not closed; no session reads this entry, so the "
        "site leaves it out; to use it, add a `}` on the line after its last field"]
    assert loaded.notes == ("papers.bib: 3 entries that no session reads and no further_reading names are left out of the site",)
    assert "lonely" not in loaded.bibtex and "jacobson2021roleplaying" not in loaded.bibtex
    assert loaded.bibtex.count("@") == 6


def test_missing_file(tmp_path):
    """A missing papers.bib is named with what to do."""
    course, bib = write(tmp_path)
    bib.unlink()
    with pytest.raises(CourseError) as info:
        load(course, bib)
    assert [str(p) for p in info.value.problems] == [
        f"papers.bib: file not found; create {bib} (see the README) or run the command from the course folder"]


# Keys an organizer might reach for to list who takes part; each is refused with the reason.
ROSTER_KEYS = ["students", "roster", "names", "participant_names", "attendees", "members", "people", "enrolled",
               "class_list"]


@pytest.mark.parametrize("key", ROSTER_KEYS)
def test_roster_key_refused(tmp_path, key):
    """A list of participants' names under any roster-like key is refused with the privacy rule, on one line."""
    text = SEED_YAML + f"{key}:\n  - Ada Lovelace\n  - Alan Turing\n"
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, key + ':')}: {key}: the site publishes participant numbers only and never names; "
        "keep the list of names outside this repository and set `participants:` to the number of participants"]


def test_participants_as_names_refused(tmp_path):
    """Names written where the number of participants belongs are refused with the privacy rule."""
    text = edit("participants: 10", "participants:\n  - Ada Lovelace\n  - Alan Turing")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(text, 'participants:')}: participants: expected the number of participants, found a list; "
        "the site publishes participant numbers only and never names; "
        "keep the list of names outside this repository and set `participants:` to the number of participants"]


def test_sessions_numbered_by_date(tmp_path):
    """Sessions are numbered in date order even when listed otherwise, with a warning."""
    text = edit("date: 2023-10-31", "date: 2024-01-16")
    loaded = load(*write(tmp_path, text))
    assert [s.paper for s in loaded.course.sessions][-1] == "glorot2010understanding"
    assert [s.number for s in loaded.course.sessions] == [1, 2, 3, 4, 5]
    assert [str(w) for w in loaded.warnings] == [
        f"course.yaml:{line_of(text, 'sessions:')}: sessions: the sessions are not in date order; they are numbered by date; "
        "list them in date order to avoid confusion"]


@pytest.mark.parametrize("written", ["012", "0012", '"012"', "+012", "0_12"])
def test_numbers_with_leading_zeros_are_refused(tmp_path, written):
    """`participants: 012` is twelve to people and ten to YAML 1.1 tools, so it is refused at its line, not guessed."""
    text = SEED_YAML.replace("participants: 10", f"participants: {written}")
    assert f"participants: {written}" in text
    course, bib = write(tmp_path, text)
    with pytest.raises(CourseError) as caught:
        load(course, bib)
    shown = written.strip('"')
    assert [str(p) for p in caught.value.problems] == [
        f"course.yaml:{line_of(text, 'participants:')}: participants: {shown} starts with a 0, which other YAML tools "
        "read as another number; write 12 without the leading 0"]


@pytest.mark.parametrize("room", ["0123", "007", "0.5"])
def test_rooms_with_leading_zeros_keep_them(tmp_path, room):
    """A room number written with leading zeros is shown as written."""
    text = SEED_YAML.replace("  room: Mathematikon Seminar Room 2", f"  room: {room}")
    course, bib = write(tmp_path, text)
    assert load(course, bib).course.meetings.room == room


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_pasted_line_separators_do_not_shift_line_numbers(tmp_path, separator):
    """U+2028, U+2029 and U+0085 inside a value read as spaces, and later lines keep their numbers."""
    text = SEED_YAML.replace("semester: ", f"semester: A{separator}B ", 1).replace("timezone: Europe/Berlin", "timezone: Europe/Berln")
    assert errors(tmp_path, text) == [
        f"course.yaml:{line_of(SEED_YAML, 'timezone:')}: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?"]


def whole_number_fields(cls: type, seen: set | None = None) -> list[tuple[str, object, object]]:
    """Every field a course.yaml writes that holds a whole number (alone, in a union, a list, a group's value or as
    a participant-number key), with data that writes that number as `012`: (Record.field, type, data)."""
    seen = set() if seen is None else seen
    seen.add(cls)
    found = []

    def zero(tp):
        """`tp`'s data with the whole number written `012`, or None where it holds none (records are walked apart)."""
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if tp is int or (origin in (typing.Union, types.UnionType) and int in args):
            return "012"
        if origin is tuple:
            item = zero(args[0])
            return None if item is None else [item]
        if origin is dict:
            if args[0] is int:
                return {"012": "2024-01-09"}
            value = zero(args[1])
            return None if value is None else {"k": value}
        return None

    def records(tp):
        if dataclasses.is_dataclass(tp):
            yield tp
        for arg in typing.get_args(tp):
            yield from records(arg)

    for f in convert.input_fields(cls):
        tp = convert.hints(cls)[f.name]
        data = zero(tp)
        if data is not None:
            found.append((f"{cls.__name__}.{f.name}", tp, data))
        for record in records(tp):
            if record not in seen:
                found += whole_number_fields(record, seen)
    return found


WHOLE_NUMBERS = whole_number_fields(model.Course)


def test_whole_number_fields_are_found():
    """The walk above finds the fields it is meant to cover (so that the next test cannot pass on an empty list)."""
    assert {name for name, _, _ in WHOLE_NUMBERS} >= {
        "Course.participants", "Course.announcement_days", "Course.withdrawn", "Course.joined", "Swap.session",
        "Swap.participants", "Session.assign", "SessionPaper.presenters", "RoleDue.days_before"}


@pytest.mark.parametrize("name, tp, data", WHOLE_NUMBERS, ids=[name for name, _, _ in WHOLE_NUMBERS])
def test_every_whole_number_field_refuses_a_leading_zero(name, tp, data):
    """`012` is refused wherever a whole number belongs: twelve to people, ten to YAML 1.1 tools."""
    problems = Problems()
    located = Located("course.yaml", {"x": data}, {("x",): 7})
    convert.Converter(located, problems).value(tp, data, ("x",))
    assert [(p.message, p.fix) for p in problems.errors if p.message.startswith("012 ")] == [
        ("012 starts with a 0, which other YAML tools read as another number", "write 12 without the leading 0")]
