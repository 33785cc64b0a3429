"""Load course.yaml and papers.bib into one validated `Course`, or fail with every problem."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
from pathlib import Path as FsPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from . import outputs, rotation
from .bib import load_bib
from .convert import Converter, Partial
from .errors import Problems
from .model import WEEKDAYS, Course, OrganizationalMeeting, Paper
from .yamlsource import Located, format_path, load_yaml

PRIVACY = ("the site publishes participant numbers only and never names; keep the list of names "
           "outside this repository and set `participants:` to the number of participants")
ROSTER_KEYS = {key: PRIVACY for key in (
    "students", "roster", "names", "members", "attendees", "participant_names", "people", "enrolled", "class_list")}


@dataclasses.dataclass(frozen=True)
class Loaded:
    """A valid course and the warnings found while loading it."""

    course: Course
    warnings: tuple
    course_file: FsPath
    bib_file: FsPath


def load(course_file: str | FsPath = "course.yaml", bib_file: str | FsPath = "papers.bib") -> Loaded:
    """Read and check both files; raise `CourseError` listing every problem."""
    course_file, bib_file = FsPath(course_file), FsPath(bib_file)
    problems = Problems()
    doc = _read_yaml(course_file, problems)
    papers = _read_bib(bib_file, problems)
    course = None
    if doc is not None:
        if isinstance(doc.data, dict):
            if isinstance(doc.data.get("participants"), (list, dict)):
                problems.error(doc.file, doc.line(("participants",)), "expected the number of participants, found a list",
                               path="participants", fix=PRIVACY)
                doc.data["participants"] = None
            course = Converter(doc, problems).record(Course, doc.data, (), refuse=ROSTER_KEYS)
        else:
            problems.error(doc.file, 1, "the file must consist of `key: value` lines", fix="start from the example in the README")
    if doc is not None and isinstance(course, (Course, Partial)):
        # Also on a partial course, so that a wrong date and a wrong time zone show up in the same run.
        course = _check(course, doc, papers, course_file.parent, bib_file.name, problems)
        outputs.check(course, doc, course_file.parent, bib_file.name, problems)
    problems.raise_if_any()
    # No problem was found, so both files were read and `_check` returned the whole course.
    assert isinstance(course, Course) and doc is not None
    _check_rotation(course, doc, problems)
    return Loaded(course, tuple(problems.warnings), course_file, bib_file)


def _read(path: FsPath, problems: Problems) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problems.error(path.name, None, "file not found", fix=f"create {path} (see the README) or run the command from the course folder")
    except OSError as exc:
        problems.error(path.name, None, f"cannot read the file ({exc.strerror})", fix="check the file's permissions")
    return None


def _read_yaml(path: FsPath, problems: Problems) -> Located | None:
    raw = _read(path, problems)
    return None if raw is None else load_yaml(raw, path.name, problems)


def _read_bib(path: FsPath, problems: Problems) -> dict[str, Paper | None] | None:
    raw = _read(path, problems)
    return None if raw is None else load_bib(raw, path.name, problems)


def _check(course: Course | Partial, doc: Located, papers: dict | None, folder: FsPath, bib_name: str,
           problems: Problems) -> Course | None:
    """Rules that involve more than one field; returns the course with defaults filled in.

    `course` may be partial (fields that failed to convert are None, failed list items too): each rule
    runs when the values it needs are there. `papers` is None when papers.bib could not be read at all,
    and maps a key to None when its entry is broken; both were reported already, so keys that point
    to them are not reported again.
    """

    def error(path, message, fix=""):
        problems.error(doc.file, doc.line(path), message, path=format_path(path), fix=fix)

    def warn(path, message, fix=""):
        problems.warn(doc.file, doc.line(path), message, path=format_path(path), fix=fix)

    if course.timezone:
        try:
            ZoneInfo(course.timezone)
            known = course.timezone in _zones()
        except (ZoneInfoNotFoundError, ValueError):
            known = False
        if not known:
            close = difflib.get_close_matches(course.timezone, _zones(), n=1)
            error(("timezone",), f"'{course.timezone}' is not a known time zone",
                  fix=f"did you mean '{close[0]}'?" if close else "use an IANA name such as Europe/Berlin")

    meeting = course.organizational_meeting
    if meeting is not None and meeting.start is not None:
        end = meeting.end or _plus(meeting.start, minutes=60)
        if end <= meeting.start:
            error(("organizational_meeting", "end"), f"the meeting ends ({end:%H:%M}) before it starts ({meeting.start:%H:%M})",
                  fix="check both times (24-hour clock)")
        if isinstance(meeting, Partial):
            meeting.end = end
        else:
            meeting = dataclasses.replace(meeting, end=end)

    meetings = course.meetings
    default_start = meetings.start if meetings is not None else None
    default_end = meetings.end if meetings is not None else None
    if default_start and default_end and default_end <= default_start:
        error(("meetings", "end"), f"sessions end ({default_end:%H:%M}) before they start ({default_start:%H:%M})",
              fix="check both times (24-hour clock)")
    weekday = meetings.weekday if meetings is not None else None

    roles = course.roles or ()
    seen_ids: dict[str, int] = {}
    for i, role in enumerate(roles):
        for attr in ("id", "name"):
            value = getattr(role, attr, None)
            if value is None:
                continue
            first = seen_ids.setdefault(f"{attr}:{value}", i)
            if first != i:
                error(("roles", i, attr), f"roles {first + 1} and {i + 1} have the same {attr} '{value}'", fix=f"give each role its own {attr}")
    if course.roles == ():
        error(("roles",), "there are no roles", fix="list at least one role")
    if course.sessions == ():
        error(("sessions",), "there are no sessions", fix="list at least one session")

    sessions = []
    dates: dict[dt.date, int] = {}
    meeting_date = getattr(meeting, "date", None)
    for i, s in enumerate(course.sessions or ()):
        if s is None:
            continue
        p = ("sessions", i)
        start, stop = s.start or default_start, s.end or default_end
        # Sessions that only inherit both times are covered by the meetings check above.
        if start and stop and stop <= start and (s.start or s.end):
            error(p + ("end" if s.end else "start",), f"the session ends ({stop:%H:%M}) before it starts ({start:%H:%M})",
                  fix="check both times (24-hour clock)")
        if s.date is not None:
            if weekday and WEEKDAYS[s.date.weekday()] != weekday:
                error(p + ("date",), f"{s.date} is a {WEEKDAYS[s.date.weekday()]}, not a {weekday} as meetings.weekday says",
                      fix="correct the date, or change or remove meetings.weekday")
            if s.date in dates:
                error(p + ("date",), f"sessions {dates[s.date] + 1} and {i + 1} are both on {s.date}", fix="give each session its own date")
            dates.setdefault(s.date, i)
            if meeting_date and s.date < meeting_date:
                warn(p + ("date",), f"the session on {s.date} is before the organizational meeting ({meeting_date})")
        keys = [(s.paper, p + ("paper",))] + [(k, p + ("further_reading", j)) for j, k in enumerate(s.further_reading or ())]
        for key, kp in keys:
            if key is None or papers is None or key in papers:
                continue
            close = difflib.get_close_matches(key, list(papers), n=1, cutoff=0.6)
            error(kp, f"no entry '{key}' in {bib_name}",
                  fix=f"did you mean '{close[0]}'?" if close else f"add the paper to {bib_name} or correct the key")
        if isinstance(course, Course):  # then every part is complete
            sessions.append(dataclasses.replace(s, start=start, end=stop, room=s.room or meetings.room))

    n_sessions = len(course.sessions or ())
    for i, swap in enumerate(course.swaps or ()):
        p = ("swaps", i)
        if swap is None:
            continue
        if swap.session is not None and not 1 <= swap.session <= n_sessions:
            error(p + ("session",), f"there is no session {swap.session}", fix=f"use a session number from 1 to {n_sessions}")
        pair = swap.participants
        if pair is None or None in pair:
            continue
        if len(pair) != 2 or pair[0] == pair[1]:
            error(p + ("participants",), "a swap needs exactly two different participant numbers", fix="write e.g. [3, 7]")
        elif course.participants is None:
            error(p + ("participants",), "swaps need the participant count", fix="set `participants:`")
        else:
            for j, n in enumerate(pair):
                if not 1 <= n <= course.participants:
                    error(p + ("participants", j), f"there is no participant {n}",
                          fix=f"use a number from 1 to {course.participants}")

    if isinstance(course, Partial) or problems.errors or papers is None:
        return None
    assert isinstance(meeting, OrganizationalMeeting)
    order = sorted(range(len(sessions)), key=lambda i: sessions[i].date)
    if order != list(range(len(sessions))):
        warn(("sessions",), "the sessions are not in date order; they are numbered by date",
             fix="list them in date order to avoid confusion")
    sessions = [dataclasses.replace(sessions[i], number=n) for n, i in enumerate(order, 1)]
    return dataclasses.replace(course, organizational_meeting=meeting, sessions=tuple(sessions), papers=papers)


def _check_rotation(course: Course, doc: Located, problems: Problems) -> None:
    """Fairness warnings; before the participant count is known, for the rotation by number class."""
    for finding in rotation.check(rotation.for_course(course) or rotation.by_number_class(course)):
        problems.warn(doc.file, doc.line(finding.about), finding.message, path=format_path(finding.about), fix=finding.fix)


@functools.cache
def _zones() -> list[str]:
    """The time zones a course may name: not `localtime` (the building machine's, unknown to readers),
    nor `Factory` (no offset at all), nor the database's internal copies."""
    return sorted(z for z in available_timezones()
                  if z not in ("localtime", "Factory", "posixrules") and not z.startswith(("posix/", "right/")))


def _plus(t: dt.time, minutes: int) -> dt.time:
    moment = dt.datetime.combine(dt.date(2000, 1, 1), t) + dt.timedelta(minutes=minutes)
    return moment.time() if moment.date() == dt.date(2000, 1, 1) else dt.time(23, 59)
