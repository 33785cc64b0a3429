"""The next semester of a course: its course.yaml from last semester's, the same seminar with a new calendar.

What describes the seminar is copied as the organizer wrote it, comments included: title, roles,
sections, organizers, meetings, registration, language, time zone and every other key not named below.
What belongs to one semester is not: the semester's name is set, the focus topic and participant count
are left as comments to fill in, swaps, drop-outs, announcements and per-session material go. The
sessions are laid out again from the first day, in last semester's rhythm (weekly, every other week, or
the days of a block seminar), each with `paper: TBA` until its paper is chosen, which `check` lists.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

import yaml

from ..model import PAPER_TO_COME, WEEKDAYS, Course, Session
from ..schedule import rotation

DROPPED = ("participants", "swaps", "withdrawn", "joined", "announcements")
"""Keys that hold one semester's people and news; the new course starts without them."""
COMMENTED = ("topic", "participants")
"""Keys the new semester will want again, left as a comment with last semester's value."""

# Semester names as organizers write them: each word with its summer and winter form.
SEASONS = {word: pair for pair in (("Summer", "Winter"), ("Sommersemester", "Wintersemester"), ("SoSe", "WiSe"),
                                   ("SS", "WS")) for word in pair}
DEFAULT_SEASONS = {"en": ("Summer", "Winter"), "de": ("Sommersemester", "Wintersemester")}


class NotPossible(Exception):
    """The next semester cannot be laid out as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Next:
    course_yaml: str
    papers_bib: str
    dates: tuple[dt.date, ...]
    """The new sessions' dates, in date order."""
    rhythm: str
    """How they were laid out, in words ("every 2 weeks", "the days of the block seminar")."""


def semester_name(previous: str, language: str, start: dt.date) -> str:
    """The name of the semester that `start` falls in, in the style of last semester's name."""
    found = next((w for w in re.findall(r"[A-Za-z]+", previous) if w in SEASONS), None)
    summer, winter = SEASONS[found] if found else DEFAULT_SEASONS.get(language, DEFAULT_SEASONS["en"])
    if found == "Winter" and language == "de":
        summer = "Sommer"  # "Winter 2023/24" on a German page
    if 4 <= start.month <= 9:
        return f"{summer} {start.year}"
    year = start.year if start.month >= 10 else start.year - 1
    return f"{winter} {year}/{(year + 1) % 100:02d}"


def layout(sessions: tuple[Session, ...], start: dt.date, skip: frozenset[dt.date]) -> tuple[list[dt.date], str]:
    """A date for each session, in date order: last semester's rhythm from `start`, leaving out `skip`.

    Sessions on one day stay on one day. When every gap between meeting days was whole weeks, the new
    days follow each other at the shortest of those gaps (sessions skipped last semester for holidays
    are not skipped again unless `skip` says so); otherwise (a block seminar) each day keeps its
    distance from the first.
    """
    days = sorted({rotation.original_date(s) for s in sessions})
    gaps = [(b - a).days for a, b in zip(days, days[1:])]
    weekly = all(g % 7 == 0 for g in gaps)
    step = dt.timedelta(days=min(gaps) if gaps and weekly else 7)
    new_days: dict[dt.date, dt.date] = {}
    day, shift = start, dt.timedelta(0)
    for i, old in enumerate(days):
        if i:
            # A block day pushed past a skipped date takes the days after it along.
            day = day + step if weekly else start + (old - days[0]) + shift
        while day in skip:
            day += step
        shift = day - (start + (old - days[0]))
        new_days[old] = day
    if not gaps:
        rhythm = "one day"
    elif weekly:
        rhythm = "weekly" if step.days == 7 else f"every {step.days // 7} weeks"
    else:
        rhythm = "the days of the block seminar"
    ordered = sorted(sessions, key=lambda s: (rotation.original_date(s), s.start or dt.time(0), s.number))
    return [new_days[rotation.original_date(s)] for s in ordered], rhythm


def check_start(course: Course, start: dt.date, source: str) -> None:
    weekday = course.meetings.weekday
    if weekday and WEEKDAYS[start.weekday()] != weekday:
        ahead = (WEEKDAYS.index(weekday) - start.weekday()) % 7
        raise NotPossible(f"{start} is a {WEEKDAYS[start.weekday()]}, but the sessions meet on {weekday}s "
                          f"(meetings.weekday in {source}); give a {weekday}, e.g. START={start + dt.timedelta(days=ahead)}")


def _scalar(value: object) -> str:
    """A value as YAML writes it on one line (quoted only where YAML needs it)."""
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9).strip()
    return text[1:-1]


def _time(t: dt.time) -> str:
    return f'"{t:%H:%M}"'


def _blocks(text: str) -> tuple[list[str], list[tuple[str, int, int, int]]] | None:
    """The file's lines and, per top-level key, (key, first line with its comments, value's last line + 1, end).

    None when the top level is not a block mapping written one key per line (then nothing can be copied verbatim).
    """
    lines = text.splitlines(keepends=True)
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        return None
    if any(lines[k.start_mark.line][:1].isspace() for k, _ in node.value):
        return None
    firsts = []
    for key, _ in node.value:
        first = key.start_mark.line
        while first > 0 and lines[first - 1].lstrip().startswith("#"):
            first -= 1
        firsts.append(first)
    blocks = []
    for i, (key, _) in enumerate(node.value):
        end = firsts[i + 1] if i + 1 < len(firsts) else len(lines)
        # Comments and blank lines after the value belong to no key: they stay where they are.
        last = end
        while last > key.start_mark.line + 1 and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
            last -= 1
        blocks.append((key.value, firsts[i], last, end))
    return lines, blocks


def _sessions(course: Course, dates: list[dt.date], to_come: str) -> str:
    ordered = sorted(course.sessions, key=lambda s: (rotation.original_date(s), s.start or dt.time(0), s.number))
    out = ["sessions:\n"]
    for s, day in zip(ordered, dates):
        out.append(f"  - date: {day}\n")
        if s.papers or s.paper_to_come:
            out.append(f"    title: {_scalar(to_come)}   # delete this line once the paper is chosen\n")
            out.append(f"    paper: {PAPER_TO_COME}              # the paper's BibTeX key (papers.bib)\n")
        else:
            out.append(f"    title: {_scalar(s.title)}\n")
        # Sessions that shared a day keep their own times (a block seminar's slots).
        if s.start != course.meetings.start or s.end != course.meetings.end:
            out.append(f"    start: {_time(s.start)}\n    end: {_time(s.end)}\n")
        if not s.rotation:
            out.append("    rotation: false\n")
    return "".join(out)


def _organizational_meeting(text: str, course: Course, new_first: dt.date) -> str:
    """Last semester's block with the date moved: as many days before the first session as then."""
    meeting = course.organizational_meeting
    assert meeting is not None
    first = min(rotation.original_date(s) for s in course.sessions)
    moved = new_first - (first - meeting.date)
    return re.sub(rf"(\n\s+date:\s*[\"']?){meeting.date}\b", rf"\g<1>{moved}", text, count=1)


def new_id() -> str:
    """A new course's `id:`: random, so that no two courses' calendar events share a UID, even courses made
    from the same one; 16 characters, starting with a letter so that no YAML reader takes it for a number."""
    return secrets.choice("abcdef") + secrets.token_hex(8)[1:]


def next_semester(text: str, course: Course, start: dt.date, skip: frozenset[dt.date], *, source: str,
                  semester: str | None, site_url: str | None, to_come: str, course_id: str) -> Next:
    """The new course.yaml (and papers.bib) from last semester's course.yaml `text`, loaded as `course`.

    `source` names last semester's folder in messages and comments; `site_url` is the new course's
    address when it can be told (None: last semester's is left as a comment); `to_come` is the title
    a session shows until its paper is chosen, in the course's language; `course_id` the new course's
    `id:` (a new course is a new calendar: last semester's events must not be updated by this one's).
    """
    check_start(course, start, f"{source}/course.yaml")
    dates, rhythm = layout(course.sessions, start, skip)
    name = semester or semester_name(course.semester, course.language, start)
    found = _blocks(text)
    if found is None:
        raise NotPossible(f"{source}/course.yaml is not written one key per line (block style), so its comments "
                          "and layout cannot be copied; write it in block style, or start from `make new` without FROM")
    lines, blocks = found
    out = ["".join(lines[:blocks[0][1]]) if blocks else ""]
    if "id" not in (key for key, *_ in blocks):
        out.append(f"id: {course_id}   # this course in calendars (event UIDs); keep it all semester\n")
    for key, first, last, end in blocks:
        block, tail = "".join(lines[first:last]), "".join(lines[last:end])
        if key == "id":
            out.append(re.sub(r"^id:.*$", f"id: {course_id}   # a new one: last semester's was {course.id}",
                              block, count=1, flags=re.M) + tail)
        elif key == "semester":
            out.append(f"semester: {_scalar(name)}   # last semester: {course.semester}\n" + tail)
        elif key in COMMENTED:
            value = getattr(course, key)
            if value is not None:
                out.append(f"# {key}: {_scalar(value)}   # last semester's; set this semester's\n")
            out.append(tail)
        elif key in DROPPED:
            out.append(tail)
        elif key == "site_url":
            if site_url:
                out.append(f"site_url: {site_url}\n" + tail)
            else:
                out.append(f"# site_url: {course.site_url}   # last semester's address; set this one's once published\n"
                           + tail)
        elif key == "organizational_meeting" and course.organizational_meeting is not None:
            out.append(_organizational_meeting(block, course, dates[0]) + tail)
        elif key == "sessions":
            out.append(_sessions(course, dates, to_come) + tail)
        else:
            out.append(block + tail)
    bib = (f"% The papers of {course.title}, {name}: one BibTeX entry per paper.\n"
           f"% Each session in course.yaml says `paper: {PAPER_TO_COME}` until its paper is chosen (`make check` lists\n"
           f"% them): add the paper's entry here and write its key instead of {PAPER_TO_COME}. Last semester's entries\n"
           f"% are in {source}/papers.bib; copy the ones you read again.\n")
    return Next("".join(out), bib, tuple(sorted(dates)), rhythm)
