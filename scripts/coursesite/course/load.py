"""Load course.yaml and papers.bib into one validated `Course`, or fail with every problem."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path as FsPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..errors import Problem, Problems, place, session_label
from ..model import PAPER_TO_COME, WEEKDAYS, Course, Meetings, OrganizationalMeeting, Session, SessionPaper
from ..schedule import assignments, fairness, rotation
from ..sources.bib import IGNORED_TYPES, Bibliography, load_bib
from ..sources.yamlsource import Located, load_yaml, session_names
from . import citations, glyphs, outputs
from .convert import Converter, Partial

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
    source: Located | None = None
    """course.yaml with the line of every value, for messages about the loaded course."""
    bibtex: str = ""
    """The entries the course reads, as written in papers.bib (the site's papers.bib download)."""
    notes: tuple[str, ...] = ()
    """What the organizer may like to know that is no problem (entries of papers.bib the course leaves out)."""


def load(course_file: str | FsPath = "course.yaml", bib_file: str | FsPath = "papers.bib", *,
         read: Callable[[FsPath, Problems], bytes | None] | None = None) -> Loaded:
    """Read and check both files; raise `CourseError` listing every problem.

    `read` gets the files' bytes another way (the guard reads the last commit's versions)."""
    course_file, bib_file = FsPath(course_file), FsPath(bib_file)
    problems = Problems()
    read = read or _read
    raw_course, raw_bib = read(course_file, problems), read(bib_file, problems)
    doc = None if raw_course is None else load_yaml(raw_course, course_file.name, problems)
    bib = None if raw_bib is None else load_bib(raw_bib, bib_file.name, problems)
    course = None
    names = session_names(doc.data) if doc is not None else {}
    if doc is not None:
        if isinstance(doc.data, dict):
            if isinstance(doc.data.get("participants"), (list, dict)):
                problems.error(doc.file, doc.line(("participants",)), "expected the number of participants, found a list",
                               path="participants", fix=PRIVACY)
                doc.data["participants"] = None
            course = Converter(doc, problems).record(Course, doc.data, (), refuse=ROSTER_KEYS)
        else:
            problems.error(doc.file, 1, "the file must consist of `key: value` lines", fix="start from the example in the README")
    # Only the entries the course reads are checked and published; the others may be anything.
    papers = None if bib is None else bib.select(_keys(course), problems)
    if bib is not None and bib.empty and any(k != PAPER_TO_COME for k in _keys(course)):
        problems.error(bib_file.name, 1, "no BibTeX entries found", fix="add one @article{key, ...} entry per paper")
        papers = None  # reported: not each key again
    if doc is not None and isinstance(course, (Course, Partial)):
        # Also on a partial course, so that a wrong date and a wrong time zone show up in the same run.
        course = _check(course, doc, papers, bib.keys if bib else set(), course_file.parent, bib_file.name, problems, names)
        outputs.check(course, doc, course_file.parent, bib_file.name, problems)
    if doc is not None and isinstance(course, Course):
        for path, message, fix in assignments.errors(course):
            problems.error(doc.file, doc.line(path), message, path=path, fix=fix)
    if isinstance(course, Course):
        names = session_places(course)
    problems.name_paths(lambda path: place(path, names))
    problems.raise_if_any()
    # No problem was found, so both files were read and `_check` returned the whole course.
    assert isinstance(course, Course) and doc is not None
    course = dataclasses.replace(course, citations=citations.format_all(
        course.papers.values(), course.citation_style, course.language))
    _check_rotation(course, doc, problems)
    glyphs.check(course, doc, bib_file.name, problems)
    problems.name_paths(lambda path: place(path, names))
    assert bib is not None
    return Loaded(course, tuple(problems.warnings), course_file, bib_file, doc, bib.export(course.papers),
                  _left_out(course, bib, bib_file.name) + _without_id(course, doc))


def _keys(course: Course | Partial | None) -> list[str]:
    """The BibTeX keys the course reads: its sessions' papers and further reading, as far as they could be read."""
    keys: list[str] = []
    for s in getattr(course, "sessions", None) or ():
        if s is None:
            continue
        keys += [k for k in [s.paper] + [getattr(e, "key", None) for e in s.papers or ()] if isinstance(k, str)]
        keys += [k for k in s.further_reading or () if isinstance(k, str)]
    return keys


def _left_out(course: Course, bib: Bibliography, bib_name: str) -> tuple[str, ...]:
    used = set(course.papers) | {p.part_of for p in course.papers.values()}
    left = [k for k, entry in bib.entries.items() if k not in used and entry.entry_type.lower() not in IGNORED_TYPES]
    left += [k for k in bib.broken if k not in used and k not in bib.entries] + [""] * len(bib.unnamed)
    if not left:
        return ()
    many = len(left) != 1
    return (f"{bib_name}: {len(left)} {'entries' if many else 'entry'} that no session reads and no further_reading "
            f"names {'are' if many else 'is'} left out of the site",)


def shared_ids(courses: list[tuple[str, Loaded]]) -> list[Problem]:
    """Courses of one repository (folder as shown, loaded course) whose ids are the same, as when a course folder
    was copied for the next semester: their calendars' events would have the same UIDs, so a student who imports
    both keeps only one of each pair (the organizational meeting's always). One problem for each course but the
    earliest (by first session: a copy is the newer course)."""
    first: dict[str, str] = {}
    problems = []
    for folder, loaded in sorted(courses, key=lambda c: min((s.date for s in c[1].course.sessions), default=dt.date.min)):
        course_id = loaded.course.id
        if course_id not in first:
            first[course_id] = folder
            continue
        written = loaded.source is not None and isinstance(loaded.source.data, dict) and "id" in loaded.source.data
        line = loaded.source.line(("id",)) if written and loaded.source is not None else None
        problems.append(Problem(
            f"{folder}/{loaded.course_file.name}", line,
            f"'{course_id}' is also the id of {first[course_id]}, so the two courses' calendar events would "
            "replace each other's in a student's calendar", path="id",
            fix="give this course an id of its own (4 to 40 letters, digits and -)"))
    return problems


def _without_id(course: Course, doc: Located) -> tuple[str, ...]:
    """For a course.yaml from before `id:`: the id its calendars use now, to write down before the title changes."""
    if "id" in doc.data:
        return ()
    return (f"{doc.file} has no id, so the calendars name their events after the title and semester, and after an "
            f"edit of either, students who imported a calendar get every event twice; add `id: {course.id}` (the "
            "name the events have now) above the title to keep them",)


def session_places(course: Course) -> dict[int, str]:
    """Each session's position in course.yaml -> its name on the site, for `errors.place`."""
    return {s.index: session_label(s.number, s.date) for s in course.sessions}


def _read(path: FsPath, problems: Problems) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problems.error(path.name, None, "file not found", fix=f"create {path} (see the README) or run the command from the course folder")
    except OSError as exc:
        problems.error(path.name, None, f"cannot read the file ({exc.strerror})", fix="check the file's permissions")
    return None


def _check(course: Course | Partial, doc: Located, papers: dict | None, bib_keys: set[str], folder: FsPath, bib_name: str,
           problems: Problems, names: dict[int, str]) -> Course | None:
    """Rules that involve more than one field; returns the course with defaults filled in.

    `course` may be partial (fields that failed to convert are None, failed list items too): each rule
    runs when the values it needs are there. `papers` is None when papers.bib could not be read at all,
    and maps a key to None when its entry is broken; both were reported already, so keys that point
    to them are not reported again.
    """

    def error(path, message, fix=""):
        problems.error(doc.file, doc.line(path), message, path=path, fix=fix)

    def warn(path, message, fix=""):
        problems.warn(doc.file, doc.line(path), message, path=path, fix=fix)

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

    style_problem = citations.style_problem(course.citation_style) if course.citation_style else None
    if style_problem:
        error(("citation_style",), style_problem[0], fix=style_problem[1])

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
                error(("roles", i, attr), f"{place(('roles', first))} has the same {attr} '{value}'",
                      fix=f"give each role its own {attr}")
    if course.sessions == ():
        error(("sessions",), "there are no sessions", fix="list at least one session")

    sessions = []
    meeting_date = getattr(meeting, "date", None)
    default_room = meetings.room if meetings is not None else None
    default_online = meetings.online if meetings is not None else None
    for name, value in (("online", default_online),):
        if value and not value.startswith("https://"):
            error(("meetings", name), f"{value} is not an https address", fix="write the address starting with https://")
    slots: list[tuple[int, dt.date, dt.time, dt.time]] = []
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
            _check_day(s, p, weekday, error)
            if start and stop:
                slots.append((i, s.date, start, stop))
            if meeting_date and s.date < meeting_date:
                warn(p + ("date",), f"the session is before the organizational meeting ({meeting_date})")
        if s.paper is not None and s.papers:
            error(p + ("papers",), "the session has both `paper` and `papers`",
                  fix="list every paper under `papers:` and remove `paper:`")
        entries: list[tuple[str | None, tuple]] = [(s.paper, p + ("paper",))] if s.paper is not None else [
            (getattr(e, "key", None), p + ("papers", j)) for j, e in enumerate(s.papers or ())]
        to_come = [kp for key, kp in entries if key == PAPER_TO_COME]
        for kp in to_come:
            warn(kp, f"the paper is still to be chosen ({PAPER_TO_COME})",
                 fix=f"add its entry to {bib_name} and write its key here instead of {PAPER_TO_COME}")
        entries = [(key, kp) for key, kp in entries if key != PAPER_TO_COME]
        if not entries and not s.title and not _misspelt(doc, i):
            error(p, "the session has neither a paper nor a title",
                  fix="add `paper: <BibTeX key>`, or `title:` for a session without a paper (e.g. title: Introduction)")
        keys = entries + [(k, p + ("further_reading", j)) for j, k in enumerate(s.further_reading or ())]
        for key, kp in keys:
            if key is None or papers is None or key in papers:
                continue
            close = difflib.get_close_matches(key, sorted(bib_keys), n=1, cutoff=0.6)
            error(kp, f"no entry '{key}' in {bib_name}",
                  fix=f"did you mean '{close[0]}'?" if close else f"add the paper to {bib_name} or correct the key")
        seen: set[str] = set()
        for key, kp in entries:
            if key is None:
                continue
            if key in seen:
                error(kp, f"the paper '{key}' is listed twice in this session", fix="list each paper once")
            seen.add(key)
        if s.online and not s.online.startswith("https://"):
            error(p + ("online",), f"{s.online} is not an https address", fix="write the address starting with https://")
        # Only a whole `meetings` can be missing both (a room that failed to convert was reported).
        if isinstance(meetings, Meetings) and not (s.room or default_room or s.online or default_online):
            error(p, "the session has neither a room nor an online address",
                  fix="add `room:` here or in `meetings:`, or `online: https://...`")
        for j, d in enumerate(s.deadlines or ()):
            due = getattr(d, "time", None) or dt.time(23, 59)
            if d is not None and d.date and s.date and start and (d.date, due) > (s.date, start):
                error(p + ("deadlines", j, "date"), f"the deadline ({d.date} {due:%H:%M}) is after the session "
                      f"starts ({s.date} {start:%H:%M})", fix="set the deadline on or before the session's day")
        if isinstance(course, Course):  # then every part is complete
            listed = tuple(e for e in ((SessionPaper(s.paper),) if s.paper is not None else s.papers)
                           if e.key != PAPER_TO_COME)
            sessions.append(dataclasses.replace(
                s, start=start, end=stop, online=s.online or default_online,
                # A session that names its own online address and no room of its own meets online only.
                room=s.room or (None if s.online else default_room),
                papers=listed, paper=listed[0].key if listed else None, paper_to_come=bool(to_come)))
    _check_overlaps(slots, lambda i: names.get(i, session_label(i + 1)), lambda i: doc.line(("sessions", i)), error)

    for i, swap in enumerate(course.swaps or ()):
        p = ("swaps", i)
        if swap is None:
            continue
        # Numbers are checked here, with the other field errors; dates once the sessions are complete (assignments).
        count = len(course.sessions or ())
        if isinstance(swap.session, int) and count and not 1 <= swap.session <= count:
            error(p + ("session",), f"there is no session {swap.session}",
                  fix=f"use a session number from 1 to {count}, or the session's date")
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

    _check_grading(course, error)

    if isinstance(course, Partial) or problems.errors or papers is None:
        return None
    assert meeting is None or isinstance(meeting, OrganizationalMeeting)
    order = sorted(range(len(sessions)), key=lambda i: (sessions[i].date, sessions[i].start))
    if order != list(range(len(sessions))):
        warn(("sessions",), "the sessions are not in date order; they are numbered by date",
             fix="list them in date order to avoid confusion")
    sessions = [dataclasses.replace(sessions[i], number=n, index=i) for n, i in enumerate(order, 1)]
    return dataclasses.replace(course, organizational_meeting=meeting, sessions=tuple(sessions), papers=papers,
                               id=course.id or derived_id(course.title, course.semester))


def derived_id(title: str, semester: str) -> str:
    """The id of a course.yaml without `id:`: its title and semester hashed, exactly what every event UID was
    made from before courses had an id, so calendars that students imported then keep their events."""
    return hashlib.sha256(f"{title}\n{semester}".encode()).hexdigest()[:16]


def _check_grading(course: Course | Partial, error: Callable[..., None]) -> None:
    """Weights that add up to 1, and something to grade: a session where someone holds a role or gives a talk."""
    grading = course.grading or {}
    if not grading:
        return
    total = sum(grading.values())
    if len(grading) > 1 and abs(total - 100) < 1e-9:
        error(("grading",), "the weights add up to 100, not 1", fix="write percentages as fractions: 60 % is 0.6")
    else:
        for part, weight in grading.items():
            if not 0 < weight <= 1:
                error(("grading", part), f"the weight of '{part}' is {weight:g}, not a share between 0 and 1",
                      fix="write each part's share as a fraction, e.g. 0.6 for 60 %")
        if abs(total - 1) > 1e-9 and all(0 < w <= 1 for w in grading.values()):
            error(("grading",), f"the weights add up to {total:g}, not 1",
                  fix="change them so that they add up to 1, e.g. presentation: 0.6 and discussion: 0.4")
    def graded(s: Session) -> bool:
        # As the rotation will see the session (`paper:` is still unlisted here): roles by the rule or
        # by `assign`, or talks by presenters.
        by_rule = course.rotation == "rule" and bool(course.roles) and bool(s.paper or s.papers) and s.rotation
        return not s.cancelled and (by_rule or bool(s.assign) or any(getattr(p, "presenters", ()) for p in s.papers or ()))

    sessions = [s for s in course.sessions or () if s is not None]
    if sessions and not any(graded(s) for s in sessions):
        error(("grading",), "there is no session to grade: nobody holds a role or gives a talk in any session",
              fix="add roles (or presenters of the papers) to the sessions, or remove `grading:`")


def _misspelt(doc: Located, i: int) -> bool:
    """Whether session i has a key that is not a session key (reported already, e.g. `papr:` for `paper:`)."""
    raw = doc.data.get("sessions") if isinstance(doc.data, dict) else None
    item = raw[i] if isinstance(raw, list) and i < len(raw) else None
    return isinstance(item, dict) and bool(set(item) - {f.name for f in dataclasses.fields(Session)})


def _check_day(s: Session, p: tuple, weekday: str | None, error: Callable[..., None]) -> None:
    """The regular weekday, or a meeting moved on purpose from a regular day to another one."""
    day = WEEKDAYS[s.date.weekday()]
    if s.moved_from is None:
        if weekday and day != weekday:
            error(p + ("date",), f"{s.date} is a {day}, not a {weekday} as meetings.weekday says",
                  fix=f"correct the date, add `moved_from: <the regular {weekday}>` if the meeting was moved on "
                      "purpose, or remove meetings.weekday")
        return
    if s.moved_from == s.date:
        error(p + ("moved_from",), f"moved_from is the session's own date ({s.date})",
              fix="give the regular date the meeting was moved from, or remove moved_from")
    elif weekday and WEEKDAYS[s.moved_from.weekday()] != weekday:
        error(p + ("moved_from",), f"{s.moved_from} is a {WEEKDAYS[s.moved_from.weekday()]}, not a regular {weekday}",
              fix=f"give the {weekday} the meeting was moved from")


def _check_overlaps(slots: list[tuple[int, dt.date, dt.time, dt.time]], name: Callable[[int], str],
                    line: Callable[[int], int | None], error: Callable[..., None]) -> None:
    """Several sessions may share a date (block seminars), but not the same time."""
    by_day: dict[dt.date, list[tuple[int, dt.time, dt.time]]] = {}
    for i, day, start, stop in slots:
        by_day.setdefault(day, []).append((i, start, stop))
    for items in by_day.values():
        for a, (i, start, stop) in enumerate(items):
            for j, start2, stop2 in items[a + 1:]:
                if start < stop2 and start2 < stop:
                    error(("sessions", j, "start"), f"the session ({start2:%H:%M}–{stop2:%H:%M}) overlaps {name(i)} at "
                          f"{start:%H:%M}–{stop:%H:%M} (line {line(i)})",
                          fix="give one of them other times (`start:`, `end:`) or another date")


def _check_rotation(course: Course, doc: Located, problems: Problems) -> None:
    """Fairness warnings; before the participant count is known, for the rotation by number class."""
    rot = rotation.for_course(course) or rotation.by_number_class(course)
    for finding in fairness.check(course, rot):
        problems.warn(doc.file, doc.line(finding.about), finding.message, path=finding.about, fix=finding.fix)


@functools.cache
def _zones() -> list[str]:
    """The time zones a course may name: not `localtime` (the building machine's, unknown to readers),
    nor `Factory` (no offset at all), nor the database's internal copies."""
    return sorted(z for z in available_timezones()
                  if z not in ("localtime", "Factory", "posixrules") and not z.startswith(("posix/", "right/")))


def _plus(t: dt.time, minutes: int) -> dt.time:
    moment = dt.datetime.combine(dt.date(2000, 1, 1), t) + dt.timedelta(minutes=minutes)
    return moment.time() if moment.date() == dt.date(2000, 1, 1) else dt.time(23, 59)
