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
from dataclasses import dataclass

from icalendar import Calendar, Event

from .i18n import Labels
from .model import Course, Session
from .pages import paper_page
from .rotation import Rotation

PRODID = "-//coursesite//paper-reading seminar//EN"
COURSE_FILE = "course.ics"


def participant_file(n: int) -> str:
    return f"participants/{n}.ics"


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
    """Where a generated page is published: absolute with site_url, else its path on the site.

    Pages are served as folders (mkdocs.yml: use_directory_urls), so papers/x.md is papers/x/.
    """
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        path = stem.removesuffix("index")
    else:
        path = stem + "/"
    if course.site_url:
        return course.site_url.rstrip("/") + "/" + path
    return path or "./"


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
    home = [f"{t.ics_website}: {site_link(course, 'index.md')}"] if course.site_url else []
    result = [Occasion(
        key="org-meeting", start=_at(course, m.date, m.start), end=_at(course, m.date, m.end),
        summary=f"{t.org_meeting}: {course.title}", location=_location(course, m.room),
        description=tuple(([" ".join(m.note.split())] if m.note else []) + home),
        url=site_link(course, "index.md") if course.site_url else None)]
    for s in course.sessions:
        paper = course.paper(s.paper)
        page = site_link(course, paper_page(paper.key))
        result.append(Occasion(
            key=f"session-{s.number}", start=_at(course, s.date, s.start), end=_at(course, s.date, s.end),
            summary=session_summary(course, s), location=_location(course, s.room),
            description=(f"{', '.join(a.full for a in paper.authors)}: {paper.title} ({paper.year})",
                         f"{t.ics_paper_page}: {page}"),
            url=page if course.site_url else None))
    return result


def personal_occasions(course: Course, rotation: Rotation, n: int) -> list[Occasion]:
    """The course's events with participant n's role in each session's summary and its duties in the description."""
    t = Labels(course.language)
    result = []
    for occasion in occasions(course):
        if occasion.key.startswith("session-"):
            number = int(occasion.key.removeprefix("session-"))
            role = rotation.role(n, number)
            paper = course.paper(course.sessions[number - 1].paper)
            occasion = Occasion(
                key=f"{occasion.key}-participant-{n}", start=occasion.start, end=occasion.end,
                summary=f"{t.session} {number} ({role.name}): {paper.short_authors} - {paper.title}",
                location=occasion.location,
                description=(f"{t.ics_your_role}: {role.name} - {role.summary}", f"{t.duties}:",
                             *(f"- {duty}" for duty in role.duties),
                             f"{t.roles}: {site_link(course, 'roles.md')}#{role.id}", "", *occasion.description),
                url=occasion.url)
        else:
            occasion = dataclasses.replace(occasion, key=f"{occasion.key}-participant-{n}")
        result.append(occasion)
    return result


def _calendar(course: Course, name: str, items: list[Occasion], stamp_date: dt.date) -> bytes:
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
    stamp = dt.datetime.combine(stamp_date, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for item in items:
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
        cal.add_component(event)
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
    name = f"{course.title} - {Labels(course.language)('participant_n', n=n)}"
    return _calendar(course, name, personal_occasions(course, rotation, n), stamp_date)
