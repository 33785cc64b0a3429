"""Calendar files (iCalendar, RFC 5545): the whole course, and one per participant with their roles.

Written with the icalendar library, which escapes text, folds long lines and
derives the VTIMEZONE from the zoneinfo database. Nothing here reads the clock:
UIDs come from the course's id (course.yaml `id:`) plus the event, DTSTAMP from the
build stamp's date, so unchanged input gives the same bytes, and calendar apps
that subscribed to a file recognise its events again after a rebuild.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Component, Event

from ..course import paths
from ..model import Course, Role, Session
from ..render import timetable
from ..render.i18n import Labels
from ..schedule.rotation import Rotation

PRODID = "-//coursesite//paper-reading seminar//EN"


@dataclass(frozen=True)
class Occasion:
    """One event of the course, before it becomes a VEVENT."""

    key: str
    """Stable name within the course: "org-meeting", "session-2023-10-31" (timetable.event_key)."""
    start: dt.datetime
    end: dt.datetime | None
    """None for a deadline: an instant, which calendars show at its time."""
    summary: str
    location: str
    description: tuple[str, ...]
    """Lines of the DESCRIPTION."""
    url: str | None = None
    cancelled: bool = False
    sequence: int = 0
    """Raised when a published event changes its date or is cancelled, so that calendars take the change."""
    conference: str | None = None
    """Address for joining online (RFC 7986 CONFERENCE)."""
    alarm: dt.timedelta | None = None
    """How long before the start a reminder goes off."""
    session: int | None = None
    """The number of the session this event belongs to (personal calendars add the role)."""


REMINDER = dt.timedelta(days=1)


def site_link(course: Course, src: str) -> str | None:
    """Where a generated page is published, or None without site_url: a calendar app has no site to resolve a
    path against, so a relative link (`papers/x/`) would lead nowhere; `check` notes what site_url adds."""
    return paths.absolute_url(course.site_url, src) if course.site_url else None


def _labelled(label: str, link: str | None) -> list[str]:
    """A description line "Label: address", or none without an address."""
    return [f"{label}: {link}"] if link else []


def uid(course: Course, key: str) -> str:
    # The course's id, not its title, rooms or times: a student who imported the calendar and imports it again
    # after such an edit gets the events updated, not twice. The key names the event within the course.
    return f"{key}-{course.id}@coursesite"


def _at(course: Course, day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=course.tz)


def _location(course: Course, room: str | None) -> str:
    if not room:  # online only: no building to name
        return Labels(course.language)._("Online")
    return f"{room}, {course.address}" if course.address else room


def _title(course: Course, session: Session) -> str:
    papers = course.papers_of(session)
    text = "; ".join(f"{p.short_authors} - {p.title}" for p in papers)
    if session.title:
        return f"{session.title}: {text}" if text else session.title
    return text


def session_summary(course: Course, session: Session, role: Role | None = None, talk: bool = False) -> str:
    t = Labels(course.language)
    what = ([role.name] if role else []) + ([t._("Talk")] if talk else [])
    head = t._("Session") + f" {session.number}" + (f" ({' + '.join(what)})" if what else "")
    return (t._("Cancelled").upper() + ": " if session.cancelled else "") + f"{head}: {_title(course, session)}"


def _session_lines(course: Course, session: Session) -> tuple[str, ...]:
    t = Labels(course.language)
    lines = []
    if session.cancelled:
        lines.append(t._("Cancelled") + (f": {' '.join(session.note.split())}" if session.note else ""))
    elif session.note:
        lines.append(" ".join(session.note.split()))
    if session.moved_from:
        lines.append(t._("moved from {date}", date=t.long_date(session.moved_from)))
    if session.online:
        lines.append(t._("Join online") + f": {session.online}")
    for paper in course.papers_of(session):
        lines += [course.citations[paper.key].plain, *_labelled(t._("Paper page"), site_link(course, paths.paper_page(paper.key)))]
    return tuple(lines)


def _session_url(course: Course, session: Session) -> str | None:
    if session.online:
        return session.online
    keys = session.keys
    return site_link(course, paths.paper_page(keys[0]) if len(keys) == 1 else paths.SCHEDULE)


def _due(course: Course, due: timetable.Due) -> Occasion:
    t = Labels(course.language)
    session = due.session
    name = t._("Session") + f" {session.number}"
    return Occasion(
        key=due.key,
        start=due.at, end=None, summary=t._("Due") + f": {due.what} ({name})",
        location="", description=(f"{name}: {_title(course, session)}",),
        url=site_link(course, paths.SCHEDULE), alarm=REMINDER, session=session.number)


def occasions(course: Course) -> list[Occasion]:
    """The organizational meeting, every session (cancelled ones marked) and the deadlines that concern
    everyone, in date order, as the course calendar shows them."""
    t = Labels(course.language)
    m = course.organizational_meeting
    home = _labelled(t._("Course website"), site_link(course, paths.HOME))
    result = [] if m is None else [Occasion(
        key="org-meeting", start=_at(course, m.date, m.start), end=_at(course, m.date, m.end),
        summary=t._("Organizational meeting") + f": {course.title}", location=_location(course, m.room),
        description=tuple(([" ".join(m.note.split())] if m.note else []) + home),
        url=site_link(course, paths.HOME))]
    for s in course.sessions:
        result.append(Occasion(
            key=timetable.event_key(course, s), start=_at(course, s.date, s.start), end=_at(course, s.date, s.end),
            summary=session_summary(course, s), location=_location(course, s.room),
            description=_session_lines(course, s), url=_session_url(course, s),
            cancelled=s.cancelled, sequence=int(s.cancelled) + int(s.moved_from is not None),
            conference=s.online, session=s.number))
        result += [_due(course, d) for d in timetable.deadlines(course, s)]
    return result


def _personal_key(key: str, n: int) -> str:
    return f"{key}-participant-{n}"


def _plan(rotation: Rotation, n: int, common: list[Occasion]) -> list[tuple[object, Occasion]]:
    """Each of the course's events with what participant n does there: the variant of the event they get
    (-1: the same for everyone; else their role's index and the papers they present)."""
    talks = rotation.talks(n)
    row = rotation.table[n - 1]
    result: list[tuple[object, Occasion]] = []
    for occasion in common:
        number = occasion.session
        if number is None or occasion.end is None:
            result.append((-1, occasion))
            continue
        mine = tuple(key for s, key in talks if s == number)
        index = row[number - 1]
        result.append((-1 if index is None and not mine else (index, mine), occasion))
    return result


def _personal(course: Course, rotation: Rotation, variant: object, occasion: Occasion) -> list[Occasion]:
    """One event of the course as a participant with this variant sees it, followed by their role's deadlines."""
    if variant == -1:
        return [occasion]
    assert isinstance(variant, tuple) and occasion.session is not None
    t = Labels(course.language)
    index, keys = variant
    session = course.sessions[occasion.session - 1]
    role = None if index is None else rotation.roles[index]
    talks = [course.paper(key) for key in keys]
    lines: list[str] = []
    if role:
        roles = site_link(course, paths.ROLES)
        lines += [t._("Your role") + f": {role.name} - {role.summary}", t._("Duties") + ":",
                  *(f"- {duty}" for duty in role.duties), *_labelled(t._("Roles"), roles and f"{roles}#{role.id}")]
    lines += [t._("Your talk") + f": {p.short_authors} - {p.title}" for p in talks]
    result = [dataclasses.replace(occasion, summary=session_summary(course, session, role, talk=bool(talks)),
                                  description=(*lines, "", *occasion.description))]
    if role:
        result += [_due(course, d) for d in timetable.deadlines(course, session, role) if d.role is not None]
    return result


def personal_occasions(course: Course, rotation: Rotation, n: int, common: list[Occasion] | None = None) -> list[Occasion]:
    """The course's events (`common`, if computed already) with participant n's role in each session's
    summary and its duties in the description, and the role's deadlines."""
    return [dataclasses.replace(o, key=_personal_key(o.key, n))
            for variant, occasion in _plan(rotation, n, common or occasions(course))
            for o in _personal(course, rotation, variant, occasion)]


def _header(course: Course, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", course.timezone)
    # Subscribed calendars ask again once a day, so a moved session reaches everyone in time.
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    return cal


def _event(course: Course, item: Occasion, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid(course, item.key))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.start)
    if item.end is not None:
        event.add("dtend", item.end)
    else:
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    if item.sequence:
        event.add("sequence", item.sequence)
    if item.cancelled:
        event.add("status", "CANCELLED")
    event.add("summary", item.summary)
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", "\n".join(item.description))
    if item.url:
        event.add("url", item.url)
    if item.conference:
        event.add("conference", item.conference, parameters={"VALUE": "URI", "FEATURE": "VIDEO",
                                                             "LABEL": Labels(course.language)._("Join online")})
    if item.alarm is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        alarm.add("trigger", -item.alarm)
        event.add_component(alarm)
    return event


def _calendar(course: Course, name: str, items: list[Occasion], stamp_date: dt.date) -> bytes:
    cal = _header(course, name)
    stamp = dt.datetime.combine(stamp_date, dt.time(0, 0), tzinfo=dt.UTC)
    for item in items:
        cal.add_component(_event(course, item, stamp))
    # A VTIMEZONE covering only the course's weeks keeps the file small; the margins cover any event's day.
    first = min(i.start for i in items).date() - dt.timedelta(days=1)
    last = max(i.end or i.start for i in items).date() + dt.timedelta(days=1)
    # Where Calendar.add_missing_timezones puts them: before the events.
    cal.subcomponents[:0] = _timezones(_zones_of(items), first, last)
    return cal.to_ical()


def course_calendar(course: Course, stamp_date: dt.date) -> bytes:
    """course.ics: the organizational meeting and every session."""
    return _calendar(course, course.title, occasions(course), stamp_date)


def participant_calendar(course: Course, rotation: Rotation, n: int, stamp_date: dt.date) -> bytes:
    """participants/<n>.ics: the same events, with participant n's role in each session."""
    return _calendar(course, _participant_name(course, n), personal_occasions(course, rotation, n), stamp_date)


def _participant_name(course: Course, n: int) -> str:
    return f"{course.title} - " + Labels(course.language)._("Participant {n}", n=n)


_STAND_IN = "stand-in"
_NOT_PLAIN = re.compile(r"[^ -~]|[\\;,^]")
"""What icalendar would escape in a text value, or keep together when folding; or non-ASCII (folded by bytes)."""


@dataclass(frozen=True)
class _Written:
    """The VEVENTs of one course event as one variant of participant sees it, each split around its UID line."""

    events: tuple[tuple[str, bytes, bytes], ...]
    """(event key, the block before its UID line, the block after)."""
    first: dt.date
    last: dt.date


def participant_calendars(course: Course, rotation: Rotation, stamp_date: dt.date) -> dict[int, bytes]:
    """Every participant's calendar, byte for byte what participant_calendar() writes, in far less time.

    A course has participants x sessions personal events but only sessions x roles different ones,
    which differ from participant to participant in their UID alone. Each is written once with a
    stand-in UID, and so is the header with a stand-in name and the time zone for each span of
    dates; a calendar is then the header, the time zone and the events with the participant's
    lines put in (icalendar writes a calendar as the concatenation of its lines, and components one
    after the other), so icalendar is not called per participant at all.
    """
    if not rotation.table:
        return {}
    stamp = dt.datetime.combine(stamp_date, dt.time(0, 0), tzinfo=dt.UTC)
    header = _header(course, _STAND_IN).to_ical().removesuffix(b"END:VCALENDAR\r\n")
    stand_in = _line(Calendar, "NAME", _STAND_IN), _line(Calendar, "X-WR-CALNAME", _STAND_IN)
    tail = uid(course, "")  # uid(course, key) is key + tail
    uid_line = b"\r\n" + _line(Event, "UID", _STAND_IN + tail)
    common = occasions(course)
    written: dict[tuple[str, object], _Written] = {}  # (event key, variant) -> its events
    zones = _zones_of(common)
    calendars = {}
    for n in rotation.participants:
        plan = _plan(rotation, n, common)
        for variant, occasion in plan:
            if (occasion.key, variant) not in written:
                items = _personal(course, rotation, variant, occasion)
                blocks = (_event(course, dataclasses.replace(i, key=_STAND_IN), stamp).to_ical().split(uid_line, 1)
                          for i in items)
                written[occasion.key, variant] = _Written(
                    tuple((i.key, head, after) for i, (head, after) in zip(items, blocks)),
                    min(i.start for i in items).date(), max(i.end or i.start for i in items).date())
        mine = [written[occasion.key, variant] for variant, occasion in plan]
        # The time zone covers this participant's dates, as in _calendar.
        span = (min(w.first for w in mine) - dt.timedelta(days=1), max(w.last for w in mine) + dt.timedelta(days=1))
        name = _participant_name(course, n)
        parts = [header.replace(b"\r\n" + stand_in[0], b"\r\n" + _line(Calendar, "NAME", name), 1)
                 .replace(b"\r\n" + stand_in[1], b"\r\n" + _line(Calendar, "X-WR-CALNAME", name), 1),
                 _zone(zones, *span)]
        for w in mine:
            for key, head, after in w.events:
                parts += [head, b"\r\n", _line(Event, "UID", _personal_key(key, n) + tail), after]
        calendars[n] = b"".join(parts) + b"END:VCALENDAR\r\n"
    return calendars


def _zones_of(items: list[Occasion]) -> tuple[dt.tzinfo, ...]:
    """The time zones of the events of `items` (a course's are all `course.tz`)."""
    return tuple({d.tzinfo: None for i in items for d in (i.start, i.end) if d is not None and d.tzinfo is not None})


# By time zone and span: a course's calendars (course.ics and each participant's) need the same VTIMEZONE, and so does
# every rebuild of the course in one process (`serve`, the tests); deriving it from the zoneinfo database was nearly
# all of the time of adding it (~7 ms a calendar). The zones are ZoneInfo (Course.tz), whose TZID icalendar takes from
# the zone alone, not from the moment, so any moment in the zone finds the same VTIMEZONE.
@functools.lru_cache(maxsize=64)
def _timezones(zones: tuple[dt.tzinfo, ...], first: dt.date, last: dt.date) -> tuple[Component, ...]:
    """The VTIMEZONE components Calendar.add_missing_timezones adds for events in `zones` between the dates; shared
    by the calendars that need them, which only write them."""
    cal = Calendar()
    for zone in zones:
        event = Event()
        event.add("dtstart", dt.datetime.combine(first, dt.time(), tzinfo=zone))
        cal.add_component(event)
    cal.add_missing_timezones(first_date=first, last_date=last)
    return tuple(c for c in cal.subcomponents if c.name == "VTIMEZONE")


@functools.lru_cache(maxsize=64)  # written once, not for each of hundreds of participants
def _zone(zones: tuple[dt.tzinfo, ...], first: dt.date, last: dt.date) -> bytes:
    """The VTIMEZONE lines _calendar writes for events in `zones` between the dates."""
    return b"".join(c.to_ical() for c in _timezones(zones, first, last))


def _line(component: type[Component], name: str, value: str) -> bytes:
    """One text property line exactly as icalendar writes it in such a component (escaped, folded)."""
    if not _NOT_PLAIN.search(value):
        # Nothing to escape, one byte a character: icalendar folds after every 74 characters.
        line = f"{name}:{value}"
        return "\r\n ".join(line[i:i + 74] for i in range(0, len(line), 74)).encode() + b"\r\n"
    alone = component()
    alone.add(name, value)
    return alone.to_ical().split(b"\r\n", 1)[1].removesuffix(f"END:{alone.name}\r\n".encode())
