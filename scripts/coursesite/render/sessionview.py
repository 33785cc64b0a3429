"""How a session reads on a page: its title or papers, whether it is cancelled or moved, where and until when.

One set of helpers for the home page, schedule, paper pages and personal pages, so a cancelled or
online meeting, or a session without a paper, reads the same on each of them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..course import paths
from ..model import Course, Paper, Role, Session
from . import escape, timetable
from .escape import Md
from .i18n import Labels


class SessionView:
    """Mixed into `pages.PageContext`; relies on its course, t, link, instant, time_tag and paper_link."""

    course: Course
    t: Labels
    if TYPE_CHECKING:  # defined by PageContext
        def link(self, target: str) -> Md: ...
        def prose_link(self, target: str) -> str: ...
        def instant(self, day: dt.date, time: dt.time) -> str: ...
        def paper_link(self, paper: Paper, label: str | None = None) -> Md: ...
        def time_tag(self, day: dt.date, start: dt.time, end: dt.time, label: str, what: str | None = None,
                     room: str | None = None, paper: str | None = None, online: str | None = None) -> Md: ...

    def papers(self, session: Session) -> list[Paper]:
        return self.course.papers_of(session)

    def session_title(self, session: Session) -> str:
        """Plain text naming the session: its title, else its papers ("Author: Title; ...")."""
        if session.title:
            return session.title
        return "; ".join(f"{p.short_authors}: {p.title}" for p in self.papers(session))

    def paper_links(self, session: Session) -> Md:
        return Md("; ".join(self.paper_link(p) for p in self.papers(session)))

    def session_links(self, session: Session) -> Md:
        """The session's title (plain: it has no page of its own) and its papers, linked to their pages."""
        links = self.paper_links(session)
        if not session.title:
            return Md(links)
        title = escape.text(session.title)
        return Md(f"**{title}**: {links}" if links else title)

    def session_cell(self, session: Session) -> Md:
        """What the schedule shows for a session: cancelled first (in words), then title and papers,
        the move, the note and the deadlines."""
        parts: list[str] = [self.cancelled_text(session), self.session_links(session), self.remarks(session)]
        # A role's recurring deadline is said on the roles page and each paper page, not in every row.
        parts += [f"· {self.due_text(due)}" for due in timetable.deadlines(self.course, session)]
        return Md(" ".join(p for p in parts if p))

    def cancelled_text(self, session: Session) -> Md:
        """"**Cancelled**: reason –" in words, so that a screen reader says it too, not only strike-through."""
        if not session.cancelled:
            return Md("")
        note = f": {escape.inline_prose(session.note, self.prose_link)}" if session.note else ""
        label = self.t._("Cancelled")
        return Md(f"**{escape.text(label)}**{note} –")

    def remarks(self, session: Session) -> Md:
        """Where a moved meeting comes from, and the note of a session that takes place."""
        parts = []
        if session.moved_from:
            parts.append(f"*({escape.text(self.moved_text(session))})*")
        if session.note and not session.cancelled:
            parts.append(f"({escape.inline_prose(session.note, self.prose_link)})")
        return Md(" ".join(parts))

    def moved_text(self, session: Session) -> str:
        day = session.moved_from
        assert day is not None
        when = f"{self.t.day_name(day)}, {self.t.long_date(day)}"
        return self.t._("moved from {date}", date=when)

    def place(self, session: Session) -> Md:
        """The room, the online link, or both."""
        parts: list[str] = [escape.text(session.room)] if session.room else []
        if session.online:
            parts.append("[" + escape.text(self.t._("Join online")) + f"]({escape.url(session.online)})")
        return Md(" · ".join(parts))

    def session_time(self, session: Session, label: str, what: str | None = None) -> Md:
        """A session's date as a <time> for now/next, or plain text when it is cancelled (now/next skips it)."""
        if session.cancelled:
            return Md(escape.text(label))
        # Room, first paper and online link let the now/next line say where to go and what to read.
        return self.time_tag(session.date, session.start, session.end, label, what,
                             room=session.room, paper=session.paper, online=session.online)

    def deadlines_for(self, session: Session, role: Role | None) -> list[timetable.Due]:
        """What one participant has to hand in for a session: the session's deadlines and their role's."""
        return timetable.deadlines(self.course, session, role)

    def all_deadlines(self, session: Session) -> list[timetable.Due]:
        return timetable.deadlines(self.course, session) + timetable.role_deadlines(self.course, session)

    def due_text(self, due: timetable.Due) -> Md:
        """E.g. "**Due** Monday, 17 June 2024, 23:59: Send your review ([Reviewer](roles#reviewer))"."""
        when = f"{self.t.day_name(due.at.date())}, {self.t.long_date(due.at.date())}, {self.t.clock(due.at.time())}"
        who = ""
        if due.role is not None:
            who = f" ([{escape.text(due.role.name)}]({self.link(paths.ROLES)}#{due.role.id}))"
        label = escape.text(self.t._("Due"))
        return Md(f"**{label}** {self.due_tag(due, when)}: {escape.text(due.what)}{who}")

    def due_tag(self, due: timetable.Due, when: str) -> Md:
        """The deadline's moment as a <time data-deadline>: a personal page's script names the earliest one
        still ahead ("Next deadline: what, when"); without it the text reads plainly."""
        return Md(f'<time datetime="{self.instant(due.at.date(), due.at.time())}" data-deadline'
                  f' data-what="{escape.attribute(due.what)}" data-when="{escape.attribute(when)}">{escape.html(when)}</time>')

    def role_due(self, role: Role) -> str:
        return timetable.due_rule(role, self.t)

    def meeting_rhythm(self) -> str:
        """"every Tuesday", "every other Wednesday", or "" when the sessions follow no weekly pattern."""
        found = timetable.pattern(self.course)
        if found is None:
            return ""
        kind, weekday = found
        day = self.t.day_name(dt.date(2024, 1, 1) + dt.timedelta(days=weekday))  # 2024-01-01 is a Monday
        return self.t._("every {day}", day=day) if kind == "weekly" else self.t._("every other {day}", day=day)

    def meeting_days(self) -> list[dt.date]:
        return timetable.meeting_days(self.course)

    def common_times(self) -> tuple[dt.time, dt.time] | None:
        return timetable.common_times(self.course)

    def common_room(self) -> str | None:
        return timetable.common_room(self.course)

    def date_list(self, days: list[dt.date]) -> str:
        return ", ".join(self.t.long_date(d) for d in days)

    def first_reading(self) -> Session | None:
        """The first held session with a paper (what the home page asks students to read first)."""
        return next((s for s in self.course.held_sessions if s.papers), None)
