"""Calendar files (iCalendar, RFC 5545): the whole course, and one per participant with their roles.

Written with the icalendar library, which escapes text, folds long lines and
derives the VTIMEZONE from the zoneinfo database. Nothing here reads the clock:
UIDs come from the course's title and semester plus the event, DTSTAMP from the
build stamp's date, so unchanged input gives the same bytes, and calendar apps
that subscribed to a file recognise its events again after a rebuild.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from icalendar import Calendar, Component, Event

from . import paths
from .i18n import Labels
from .model import Course, Session
from .rotation import Rotation

PRODID = "-//coursesite//paper-reading seminar//EN"


@dataclass(frozen=True)
class Occasion:
    """One event of the course, before it becomes a VEVENT."""

    key: str
    """Stable name within the course: "org-meeting", "session-2"."""
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str
    description: tuple[str, ...]
    """Lines of the DESCRIPTION."""
    url: str | None = None


def site_link(course: Course, src: str) -> str:
    """Where a generated page is published: absolute with site_url, else its path on the site."""
    return paths.site_link(course.site_url, src)


def uid(course: Course, key: str) -> str:
    # Title and semester name the course; hashing keeps the UID short and free of odd characters.
    digest = hashlib.sha256(f"{course.title}\n{course.semester}".encode()).hexdigest()[:16]
    return f"{key}-{digest}@coursesite"


def _at(course: Course, day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=course.tz)


def _location(course: Course, room: str) -> str:
    return f"{room}, {course.address}" if course.address else room


def session_summary(course: Course, session: Session) -> str:
    paper = course.paper(session.paper)
    return f"{Labels(course.language).session} {session.number}: {paper.short_authors} - {paper.title}"


def occasions(course: Course) -> list[Occasion]:
    """The organizational meeting and every session, in date order, as the course calendar shows them."""
    t = Labels(course.language)
    m = course.organizational_meeting
    home = [f"{t.ics_website}: {site_link(course, paths.HOME)}"] if course.site_url else []
    result = [Occasion(
        key="org-meeting", start=_at(course, m.date, m.start), end=_at(course, m.date, m.end),
        summary=f"{t.org_meeting}: {course.title}", location=_location(course, m.room),
        description=tuple(([" ".join(m.note.split())] if m.note else []) + home),
        url=site_link(course, paths.HOME) if course.site_url else None)]
    for s in course.sessions:
        paper = course.paper(s.paper)
        page = site_link(course, paths.paper_page(paper.key))
        result.append(Occasion(
            key=f"session-{s.number}", start=_at(course, s.date, s.start), end=_at(course, s.date, s.end),
            summary=session_summary(course, s), location=_location(course, s.room),
            description=(f"{', '.join(a.full for a in paper.authors)}: {paper.title} ({paper.year})",
                         f"{t.ics_paper_page}: {page}"),
            url=page if course.site_url else None))
    return result


def _personal_key(key: str, n: int) -> str:
    return f"{key}-participant-{n}"


def personal_occasions(course: Course, rotation: Rotation, n: int, common: list[Occasion] | None = None) -> list[Occasion]:
    """The course's events (`common`, if computed already) with participant n's role in each session's
    summary and its duties in the description."""
    t = Labels(course.language)
    result = []
    for occasion in common or occasions(course):
        if occasion.key.startswith("session-"):
            number = int(occasion.key.removeprefix("session-"))
            role = rotation.role(n, number)
            paper = course.paper(course.sessions[number - 1].paper)
            occasion = Occasion(
                key=_personal_key(occasion.key, n), start=occasion.start, end=occasion.end,
                summary=f"{t.session} {number} ({role.name}): {paper.short_authors} - {paper.title}",
                location=occasion.location,
                description=(f"{t.ics_your_role}: {role.name} - {role.summary}", f"{t.duties}:",
                             *(f"- {duty}" for duty in role.duties),
                             f"{t.roles}: {site_link(course, paths.ROLES)}#{role.id}", "", *occasion.description),
                url=occasion.url)
        else:
            occasion = dataclasses.replace(occasion, key=_personal_key(occasion.key, n))
        result.append(occasion)
    return result


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
    event.add("dtend", item.end)
    event.add("summary", item.summary)
    event.add("location", item.location)
    if item.description:
        event.add("description", "\n".join(item.description))
    if item.url:
        event.add("url", item.url)
    return event


def _calendar(course: Course, name: str, items: list[Occasion], stamp_date: dt.date) -> bytes:
    cal = _header(course, name)
    stamp = dt.datetime.combine(stamp_date, dt.time(0, 0), tzinfo=dt.UTC)
    for item in items:
        cal.add_component(_event(course, item, stamp))
    # A VTIMEZONE covering only the course's weeks keeps the file small; the margins cover any event's day.
    first = min(i.start for i in items).date() - dt.timedelta(days=1)
    last = max(i.end for i in items).date() + dt.timedelta(days=1)
    cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()


def course_calendar(course: Course, stamp_date: dt.date) -> bytes:
    """course.ics: the organizational meeting and every session."""
    return _calendar(course, course.title, occasions(course), stamp_date)


def participant_calendar(course: Course, rotation: Rotation, n: int, stamp_date: dt.date) -> bytes:
    """participants/<n>.ics: the same events, with participant n's role in each session."""
    return _calendar(course, _participant_name(course, n), personal_occasions(course, rotation, n), stamp_date)


def _participant_name(course: Course, n: int) -> str:
    return f"{course.title} - {Labels(course.language)('participant_n', n=n)}"


_STAND_IN = "stand-in"
_PLAIN = re.compile(r"[\w@.-]+", re.ASCII)


def participant_calendars(course: Course, rotation: Rotation, stamp_date: dt.date) -> dict[int, bytes]:
    """Every participant's calendar, byte for byte what participant_calendar() writes, in far less time.

    A course has participants x sessions personal events but only sessions x roles different ones,
    which differ from participant to participant in their UID alone. Each is written once with a
    stand-in UID, and so is the header with a stand-in name; a calendar is then the header, the time
    zone and the events with the participant's lines swapped in (icalendar writes a calendar as
    the concatenation of its lines, and components one after the other).
    """
    if not rotation.table:
        return {}
    stamp = dt.datetime.combine(stamp_date, dt.time(0, 0), tzinfo=dt.UTC)
    sample = Calendar.from_ical(participant_calendar(course, rotation, 1, stamp_date))
    zone = b"".join(c.to_ical() for c in sample.subcomponents if c.name == "VTIMEZONE")  # the same dates for all
    header = _header(course, _STAND_IN).to_ical().removesuffix(b"END:VCALENDAR\r\n") + zone
    tail = uid(course, "")  # uid(course, key) is key + tail
    common = occasions(course)
    events: dict[tuple[int, int], bytes] = {}  # (index in common, role index; -1 for every role) -> event
    calendars = {}
    for n, row in zip(rotation.participants, rotation.table):
        roles = [-1, *row]  # the organizational meeting first, then the sessions in order (see occasions())
        if any((i, role) not in events for i, role in enumerate(roles)):
            for i, item in enumerate(personal_occasions(course, rotation, n, common)):
                if (i, roles[i]) not in events:
                    events[i, roles[i]] = _event(course, dataclasses.replace(item, key=_STAND_IN), stamp).to_ical()
        name = _participant_name(course, n)
        parts = [_swap(_swap(header, Calendar, "NAME", _STAND_IN, name), Calendar, "X-WR-CALNAME", _STAND_IN, name)]
        parts += [_swap(events[i, role], Event, "UID", _STAND_IN + tail, _personal_key(item.key, n) + tail)
                  for i, (item, role) in enumerate(zip(common, roles))]
        calendars[n] = b"".join(parts) + b"END:VCALENDAR\r\n"
    return calendars


def _swap(block: bytes, component: type[Component], name: str, old: str, new: str) -> bytes:
    """The block with the whole line `name:old` (never text that merely contains it) written as `name:new`."""
    return block.replace(b"\r\n" + _line(component, name, old), b"\r\n" + _line(component, name, new), 1)


def _line(component: type[Component], name: str, value: str) -> bytes:
    """One property line exactly as icalendar writes it in such a component (typed, escaped, folded)."""
    if _PLAIN.fullmatch(value) and len(name) + 1 + len(value) < 75:
        return f"{name}:{value}\r\n".encode()  # nothing to escape, too short to fold
    alone = component()
    alone.add(name, value)
    return alone.to_ical().split(b"\r\n", 1)[1].removesuffix(f"END:{alone.name}\r\n".encode())
