"""Load course.yaml and papers.bib into one validated `Course`, or fail with every problem."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from pathlib import Path as FsPath

from . import rotation
from .bib import load_bib
from .convert import NOT_SET, Converter
from .errors import Problems
from .model import WEEKDAYS, Course
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
                problems.error(doc.file, doc.line(("participants",)), "participants must be a number, not a list", fix=PRIVACY)
                doc.data["participants"] = None
            course = Converter(doc, problems).record(Course, doc.data, (), refuse=ROSTER_KEYS)
        else:
            problems.error(doc.file, 1, "the file must consist of `key: value` lines", fix="start from the example in the README")
    if course is not None and course is not NOT_SET:
        course = _check(course, doc, papers, course_file.parent, bib_file.name, problems)
    problems.raise_if_any()
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


def _read_bib(path: FsPath, problems: Problems) -> dict | None:
    """The papers by key, or None when the file could not be read at all."""
    raw = _read(path, problems)
    return None if raw is None else load_bib(raw, path.name, problems)


def _check(course: Course, doc: Located, papers: dict, folder: FsPath, bib_name: str, problems: Problems) -> Course:
    """Rules that involve more than one field; returns the course with defaults filled in."""

    def error(path, message, fix=""):
        problems.error(doc.file, doc.line(path), message, path=format_path(path), fix=fix)

    def warn(path, message, fix=""):
        problems.warn(doc.file, doc.line(path), message, path=format_path(path), fix=fix)

    meeting = course.organizational_meeting
    end = meeting.end or _plus(meeting.start, minutes=60)
    if end <= meeting.start:
        error(("organizational_meeting", "end"), f"the meeting ends ({end:%H:%M}) before it starts ({meeting.start:%H:%M})",
              fix="check both times (24-hour clock)")
    meeting = dataclasses.replace(meeting, end=end)

    meetings = course.meetings
    if meetings.end <= meetings.start:
        error(("meetings", "end"), f"sessions end ({meetings.end:%H:%M}) before they start ({meetings.start:%H:%M})",
              fix="check both times (24-hour clock)")

    seen_ids: dict[str, int] = {}
    for i, role in enumerate(course.roles):
        for attr in ("id", "name"):
            value = getattr(role, attr)
            first = seen_ids.setdefault(f"{attr}:{value}", i)
            if first != i:
                error(("roles", i, attr), f"roles {first + 1} and {i + 1} have the same {attr} '{value}'", fix=f"give each role its own {attr}")
    if not course.roles:
        error(("roles",), "there are no roles", fix="list at least one role")
    if not course.sessions:
        error(("sessions",), "there are no sessions", fix="list at least one session")

    sessions = []
    dates: dict[dt.date, int] = {}
    for i, s in enumerate(course.sessions):
        p = ("sessions", i)
        start, stop = s.start or meetings.start, s.end or meetings.end
        if (s.start or s.end) and stop <= start:
            error(p + ("end" if s.end else "start",), f"the session ends ({stop:%H:%M}) before it starts ({start:%H:%M})",
                  fix="check both times (24-hour clock)")
        if meetings.weekday and WEEKDAYS[s.date.weekday()] != meetings.weekday:
            error(p + ("date",), f"{s.date} is a {WEEKDAYS[s.date.weekday()]}, not a {meetings.weekday} as meetings.weekday says",
                  fix="correct the date, or change or remove meetings.weekday")
        if s.date in dates:
            error(p + ("date",), f"sessions {dates[s.date] + 1} and {i + 1} are both on {s.date}", fix="give each session its own date")
        dates.setdefault(s.date, i)
        if s.date < meeting.date:
            warn(p + ("date",), f"the session on {s.date} is before the organizational meeting ({meeting.date})")
        for key, kp in [(s.paper, p + ("paper",))] + [(k, p + ("further_reading", j)) for j, k in enumerate(s.further_reading)]:
            if papers is not None and key not in papers:
                close = difflib.get_close_matches(key, list(papers), n=1, cutoff=0.6)
                error(kp, f"no entry '{key}' in {bib_name}",
                      fix=f"did you mean '{close[0]}'?" if close else f"add the paper to {bib_name} or correct the key")
        if s.notebook and (s.notebook.startswith("/") or ".." in s.notebook.split("/") or not s.notebook.endswith(".ipynb")):
            error(p + ("notebook",), f"{s.notebook} is not a notebook inside the course folder",
                  fix="give the path of an .ipynb file relative to course.yaml, e.g. notebooks/paper.ipynb")
        elif s.notebook and not (folder / s.notebook).is_file():
            error(p + ("notebook",), f"the notebook {s.notebook} does not exist", fix="check the path (relative to course.yaml) or remove the key")
        sessions.append(dataclasses.replace(s, start=start, end=stop, room=s.room or meetings.room))

    order = sorted(range(len(sessions)), key=lambda i: sessions[i].date)
    if order != list(range(len(sessions))):
        warn(("sessions",), "the sessions are not in date order; they are numbered by date",
             fix="list them in date order to avoid confusion")
    sessions = [dataclasses.replace(sessions[i], number=n) for n, i in enumerate(order, 1)]

    for i, swap in enumerate(course.swaps):
        p = ("swaps", i)
        if not 1 <= swap.session <= len(sessions):
            error(p + ("session",), f"there is no session {swap.session}", fix=f"use a session number from 1 to {len(sessions)}")
        if len(swap.participants) != 2 or swap.participants[0] == swap.participants[1]:
            error(p + ("participants",), "a swap needs exactly two different participant numbers", fix="write e.g. [3, 7]")
        elif course.participants is None:
            error(p + ("participants",), "swaps need the participant count", fix="set `participants:`")
        else:
            for j, n in enumerate(swap.participants):
                if not 1 <= n <= course.participants:
                    error(p + ("participants", j), f"there is no participant {n}",
                          fix=f"use a number from 1 to {course.participants}")
    return dataclasses.replace(course, organizational_meeting=meeting, sessions=tuple(sessions), papers=papers or {})


def _check_rotation(course: Course, doc: Located, problems: Problems) -> None:
    """Fairness warnings; before the participant count is known, for the rotation by number class."""
    for finding in rotation.check(rotation.for_course(course) or rotation.by_number_class(course)):
        problems.warn(doc.file, doc.line(finding.about), finding.message, path=format_path(finding.about), fix=finding.fix)


def _plus(t: dt.time, minutes: int) -> dt.time:
    moment = dt.datetime.combine(dt.date(2000, 1, 1), t) + dt.timedelta(minutes=minutes)
    return moment.time() if moment.date() == dt.date(2000, 1, 1) else dt.time(23, 59)
