"""Calendars that students imported stay right: every event's UID comes from the course's `id:` and the
event's place in the course, so that editing the title, rooms or times updates events instead of adding
them again, and no two events of one calendar share a UID. Read back with two parsers, icalendar and
vobject, as two kinds of calendar app would."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import vobject
from icalendar import Calendar

from conftest import VARIANTS, copy_course, run_cli
from coursesite.engine import site as coursesite
from coursesite.exports import ics
from coursesite.model import COURSE_ID_PATTERN
from coursesite.schedule import rotation

STAMP = dt.date(2023, 10, 20)
SEED_ID = "4bdf065f5c0a2b28"
"""The seed's id: what every UID of its calendars was made of before courses had an id (title and semester hashed)."""
ID_LINE = f"id: {SEED_ID}\n"
# Two deadlines of session 3 at the same minute, and one of session 4 at that minute too (issue 21: they shared a UID).
SAME_TIME = (
    "  - date: 2023-12-05\n",
    "  - date: 2023-12-05\n    deadlines:\n"
    "      - {date: 2023-12-04, time: \"12:00\", what: Vote for the paper of session 4}\n"
    "      - {date: 2023-12-04, time: \"12:00\", what: Send a question for the discussion}\n",
)
LATER_SAME_TIME = ("    paper: li2018visualizing\n",
                   "    paper: li2018visualizing\n    deadlines: [{date: 2023-12-04, time: \"12:00\", what: Read the appendix}]\n")
EDITS = (
    ("title: Mathematical Machine Learning -- Challenges", "title: Mathematical Machine Learning – Challenges"),
    ("semester: Winter 2023/24", "semester: Winter term 2023/24"),
    ('  start: "18:00"\n  room: Mathematikon Seminar Room 11', '  start: "17:15"\n  room: Mathematikon Seminar Room 11'),
    ('  start: "18:00"\n  end: "19:30"', '  start: "16:15"\n  end: "17:45"'),
    ("room: Mathematikon Seminar Room 11", "room: Mathematikon Seminar Room 12"),
    ("room: Mathematikon Seminar Room 2", "room: INF 205, SR A"),
    ('time: "12:00", what: Vote', 'time: "09:30", what: Vote'),
    ('days_before: 1, time: "23:59"', 'days_before: 2, time: "20:00"'),
)


def edit(root, *pairs: tuple[str, str]) -> None:
    path = root / "course.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def calendars(root) -> dict[str, bytes]:
    """course.ics and every participant's calendar of the course in `root`, made in this process."""
    course = coursesite.load_course(root).course
    table = rotation.for_course(course)
    personal = ics.participant_calendars(course, table, STAMP)
    return {"course.ics": ics.course_calendar(course, STAMP)} | {f"participants/{n}.ics": b for n, b in personal.items()}


def read(data: bytes) -> list[tuple[str, str, str]]:
    """(UID, SUMMARY, DTSTART) of each event, as icalendar reads them; vobject must read the same UIDs, summaries
    and moments.

    vobject keeps the first VTIMEZONE it reads for a TZID for the rest of the process (its TZID registry), and
    each calendar's VTIMEZONE covers only its own course's weeks: a winter course read after a summer course would
    get the summer offset. An app reads each file on its own, so this one is read with a fresh registry."""
    events = [(str(e["UID"]), str(e["SUMMARY"]), e.decoded("DTSTART")) for e in Calendar.from_ical(data).events]
    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [tzid for tzid in registry if tzid != "UTC"]:
        del registry[tzid]
    other = vobject.readOne(data.decode("utf-8"))
    assert [(e.uid.value, e.summary.value, _moment(e.dtstart.value)) for e in other.vevent_list] == [
        (uid, summary, _moment(start)) for uid, summary, start in events]
    return [(uid, summary, start.isoformat()) for uid, summary, start in events]


def _moment(start: dt.date) -> dt.date:
    """A start as an instant (UTC) when it has a time, else the day: equal across libraries' tzinfo classes."""
    return start.astimezone(dt.UTC) if isinstance(start, dt.datetime) else start


def uids(files: dict[str, bytes]) -> dict[str, list[str]]:
    return {name: [uid for uid, _, _ in read(data)] for name, data in files.items()}


@pytest.fixture
def deadlines_course(tmp_path):
    """The seed course with role deadlines, three deadlines at one minute in two sessions (VARIANTS["deadlines"] and more)."""
    root = copy_course(tmp_path / "course")
    edit(root, VARIANTS["deadlines"][0], SAME_TIME, LATER_SAME_TIME)
    return root


def test_every_uid_in_a_calendar_is_its_own(deadlines_course):
    """Deadlines at the same minute, in one session or two, are events of their own in every calendar, named
    by their session and their place in its list (a role's deadline by its role)."""
    found = uids(calendars(deadlines_course))
    assert len(found) == 11
    for name, names in found.items():
        assert len(names) == len(set(names)), name
    course = found["course.ics"]
    assert [u for u in course if u.startswith("due-")] == [
        f"due-session-2023-12-05-1-{SEED_ID}@coursesite", f"due-session-2023-12-05-2-{SEED_ID}@coursesite",
        f"due-session-2023-12-19-1-{SEED_ID}@coursesite"]
    # Participant 5 reviews in session 2 (the variant's reviewer deadline, the evening before).
    assert f"due-session-2023-11-21-reviewer-participant-5-{SEED_ID}@coursesite" in found["participants/5.ics"]
    # No UID is in two calendars: importing the course's and a personal calendar never merges events.
    every = [u for names in found.values() for u in names]
    assert len(every) == len(set(every))


def test_title_rooms_and_times_can_change_without_new_uids(deadlines_course):
    """After editing the title (`--` to `–`), the semester's name, both rooms, the organizational meeting's and
    the sessions' times and the deadlines' times, every calendar has the same UIDs in the same order, while
    the events themselves show the edits (so that an app importing the file again updates them)."""
    before = calendars(deadlines_course)
    edit(deadlines_course, *EDITS)
    after = calendars(deadlines_course)
    assert uids(after) == uids(before)
    org, first = read(after["course.ics"])[:2]
    assert org[1] == "Organizational meeting: Mathematical Machine Learning – Challenges"
    assert org[2] == "2023-10-16T17:15:00+02:00" and first[2] == "2023-10-31T16:15:00+01:00"
    assert read(before["course.ics"])[0][1] == "Organizational meeting: Mathematical Machine Learning -- Challenges"
    text = after["course.ics"].decode()
    assert "INF 205\\, SR A" in text and "Seminar Room 2" not in text


def test_another_id_gives_every_event_a_new_uid(deadlines_course):
    """The id is what names the course: a different one shares no UID with the old calendars."""
    before = uids(calendars(deadlines_course))
    edit(deadlines_course, (ID_LINE, "id: c0ffee-2024-ss\n"))
    after = uids(calendars(deadlines_course))
    assert [len(v) for v in after.values()] == [len(v) for v in before.values()]
    assert not {u for v in after.values() for u in v} & {u for v in before.values() for u in v}
    assert all(u.endswith("-c0ffee-2024-ss@coursesite") for v in after.values() for u in v)


def test_a_course_without_id_keeps_the_uids_it_had(course_dir):
    """A course.yaml from before `id:` gets the UIDs its calendars had then (title and semester hashed), and
    `check` says which id to add so that they stay when the title changes."""
    with_id = uids(calendars(course_dir))
    edit(course_dir, (ID_LINE, ""))
    without = uids(calendars(course_dir))
    assert without == with_id
    assert without["course.ics"][:3] == [f"org-meeting-{SEED_ID}@coursesite", f"session-2023-10-31-{SEED_ID}@coursesite",
                                         f"session-2023-11-21-{SEED_ID}@coursesite"]
    result = run_cli(course_dir, "check")
    assert result.returncode == 0 and result.stderr == ""
    assert [line for line in result.stdout.splitlines() if " id" in line] == [
        "note: course.yaml has no id, so the calendars name their events after the title and semester, and after an "
        "edit of either, students who imported a calendar get every event twice; add `id: 4bdf065f5c0a2b28` (the "
        "name the events have now) above the title to keep them"]
    # What the note warns of: without an id, a new title names every event anew.
    edit(course_dir, ("title: Mathematical Machine Learning -- Challenges", "title: Mathematical Machine Learning – Challenges"))
    assert not set(uids(calendars(course_dir))["course.ics"]) & set(with_id["course.ics"])
    # Written down as the note says, the id keeps them through the same edit.
    edit(course_dir, ("title: Mathematical", f"{ID_LINE}title: Mathematical"))
    assert uids(calendars(course_dir)) == with_id
    assert " id" not in run_cli(course_dir, "check").stdout


def course_id(root) -> str:
    found = re.findall(r"^id: (\S+)", (root / "course.yaml").read_text(encoding="utf-8"), flags=re.M)
    assert len(found) == 1
    return found[0]


def test_new_courses_get_new_ids(tmp_path):
    """`new` writes a random id into each starter; both courses are valid and share no calendar UID."""
    for name in ("a", "b"):
        assert run_cli(tmp_path, "new", str(tmp_path / name)).returncode == 0
    ids = [course_id(tmp_path / name) for name in ("a", "b")]
    assert ids[0] != ids[1] and "5e0c3a9b7d1f2468" not in ids  # not the starter's own
    assert all(re.fullmatch(COURSE_ID_PATTERN, i) and i[0].isalpha() and len(i) == 16 for i in ids)
    for name in ("a", "b"):
        check = run_cli(tmp_path / name, "check")
        assert (check.returncode, check.stderr, " id" in check.stdout) == (0, "", False)
    a, b = (uids(calendars(tmp_path / name))["course.ics"] for name in ("a", "b"))
    assert len(a) == len(b) == 4 and not set(a) & set(b)
    assert [u.removesuffix(f"-{ids[0]}@coursesite") for u in a] == [u.removesuffix(f"-{ids[1]}@coursesite") for u in b]


@pytest.mark.parametrize("had_id", [True, False])
def test_next_semester_is_a_new_calendar(tmp_path, had_id):
    """`new --from` gives next semester's course a new id, also when last semester's had none (then it adds one)."""
    source = copy_course(tmp_path / "ws2023")
    if not had_id:
        edit(source, (ID_LINE, ""))
    result = run_cli(source, "new", str(tmp_path / "ss2024"), "--from", str(source), "--start", "2024-04-16")
    assert result.returncode == 0, result.stderr
    new = course_id(tmp_path / "ss2024")
    assert new != SEED_ID and re.fullmatch(COURSE_ID_PATTERN, new)
    assert coursesite.load_course(tmp_path / "ss2024").course.id == new
    assert (f"# a new one: last semester's was {SEED_ID}" in (tmp_path / "ss2024" / "course.yaml").read_text()) == had_id


def links(data: bytes) -> list[str]:
    """Every address in the calendar's events as a calendar app offers them: URL, and each word of the
    DESCRIPTION that names a page (a path with `/`, or an address)."""
    found = []
    for event in Calendar.from_ical(data).events:
        found += [str(event["URL"])] if "URL" in event else []
        found += [word for line in str(event.get("DESCRIPTION", "")).splitlines() for word in line.split()
                  if "/" in word and not word.startswith("10.")]  # a DOI in a citation names no page of the site
    return found


def test_without_site_url_calendars_carry_no_relative_links(deadlines_course):
    """Without site_url a path such as `papers/glorot2010understanding/` leads nowhere in a calendar app, so no
    event has one: no "Paper page" or "Roles" line, no URL (the online link, an absolute address, stays). With
    site_url every one of them is there, as an absolute address on the site."""
    edit(deadlines_course, ("  - date: 2023-11-21\n", "  - date: 2023-11-21\n    online: https://meet.example.org/mml\n"))
    files = calendars(deadlines_course)
    assert {name: links(data) for name, data in files.items() if links(data)} == {
        name: ["https://meet.example.org/mml", "https://meet.example.org/mml"] for name in files}
    text = b"".join(files.values()).decode()
    assert "Paper page" not in text and "Roles:" not in text and "Course website" not in text
    edit(deadlines_course, ("# site_url: https://<user>.github.io/<repository>/   # set this once the site is published",
                            "site_url: https://example.org/mml/"))
    published = calendars(deadlines_course)
    assert uids(published) == uids(files)
    personal = [link for link in links(published["participants/3.ics"]) if "meet.example" not in link]
    assert personal and all(link.startswith("https://example.org/mml/") for link in personal)
    assert "https://example.org/mml/roles/#" in " ".join(personal)
    assert "https://example.org/mml/papers/glorot2010understanding/" in personal
