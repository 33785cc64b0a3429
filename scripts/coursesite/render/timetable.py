"""Facts about the course's dates that every output shares: the meeting pattern, deadlines, event names.

Pages, the handout and the calendars all ask here, so "every other Wednesday", a review due the
evening before, or the calendar name of a moved meeting read the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..model import Course, Role, Session
from .i18n import Labels

Pattern = Literal["weekly", "biweekly"]


def regular_day(session: Session) -> dt.date:
    """The date the session belongs to in the course's rhythm: a moved meeting keeps its regular day."""
    return session.moved_from or session.date


def pattern(course: Course) -> tuple[Pattern, int] | None:
    """("weekly", weekday) when the sessions meet every week on one weekday (weeks off allowed),
    ("biweekly", weekday) when every other week, None otherwise (then pages give the dates alone)."""
    days = sorted({regular_day(s) for s in course.sessions})
    if len(days) < 2 or len({d.weekday() for d in days}) != 1:
        return None
    gaps = [(b - a).days for a, b in zip(days, days[1:])]
    if all(g % 14 == 0 for g in gaps):
        return "biweekly", days[0].weekday()
    return "weekly", days[0].weekday()


def meeting_days(course: Course) -> list[dt.date]:
    """The distinct days on which sessions are held, in order."""
    return sorted({s.date for s in course.held_sessions})


def common_times(course: Course) -> tuple[dt.time, dt.time] | None:
    """The start and end time of every held session, when they all share them."""
    times = {(s.start, s.end) for s in course.held_sessions}
    return next(iter(times)) if len(times) == 1 else None


def common_room(course: Course) -> str | None:
    rooms = {s.room for s in course.held_sessions}
    return next(iter(rooms)) if len(rooms) == 1 else None


def event_key(course: Course, session: Session) -> str:
    """The session's name in the calendars, from its regular date, never its position: inserting, moving
    or cancelling one session renames no other. Several sessions of one day add their start time."""
    day = regular_day(session)
    shared = sum(1 for s in course.sessions if regular_day(s) == day) > 1
    return f"session-{day.isoformat()}" + (f"-{session.start:%H%M}" if shared else "")


@dataclass(frozen=True)
class Due:
    """Something to hand in before a session: for everyone (role None) or for the holders of one role."""

    at: dt.datetime
    what: str
    session: Session
    role: Role | None = None
    key: str = ""
    """Its name in the calendars: the session's (event_key) and the deadline's place in the session's list or
    the role's id, never its time or text, so that two deadlines at one time stay apart and an edited time
    or wording updates the event instead of adding one."""


def deadlines(course: Course, session: Session, role: Role | None = None) -> list[Due]:
    """The session's own deadlines, and with a role, that role's deadline for it; earliest first.
    A cancelled session has none."""
    if session.cancelled:
        return []
    tz = course.tz
    name = f"due-{event_key(course, session)}"
    result = [Due(dt.datetime.combine(d.date, d.time, tzinfo=tz), d.what, session, key=f"{name}-{i}")
              for i, d in enumerate(session.deadlines, 1)]
    if role is not None and role.due is not None:
        day = session.date - dt.timedelta(days=role.due.days_before)
        result.append(Due(dt.datetime.combine(day, role.due.time, tzinfo=tz), role.due.what, session, role,
                          key=f"{name}-{role.id}"))
    return sorted(result, key=lambda d: d.at)


def role_deadlines(course: Course, session: Session) -> list[Due]:
    """Each role's deadline for the session (what the schedule lists for everyone to see); none in a
    session without roles (no paper, `rotation: false`, or `rotation: none` without `assign`)."""
    if not any(s.number == session.number for s in course.rotation_sessions):
        return []
    return [d for role in course.roles for d in deadlines(course, session, role) if d.role is not None]


def due_rule(role: Role, t: Labels) -> str:
    """A role's recurring deadline in words, e.g. "Due the day before the session, 23:59: Send your review"."""
    if role.due is None:
        return ""
    n = role.due.days_before
    when = (t._("on the session's day") if n == 0 else t._("the day before the session") if n == 1
            else t.ngettext("{n} day before the session", "{n} days before the session", n))
    return t._("Due") + f" {when}, {t.clock(role.due.time)}: {role.due.what}"
