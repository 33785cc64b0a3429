"""Errors in what names sessions, roles and participants for the rotation: swaps, `assign`, presenters,
`withdrawn` and `joined`. They run on a complete course (sessions numbered), after the field checks."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator

from ..errors import session_label
from ..model import Course
from . import rotation

Error = tuple[tuple, str, str]
"""(path into course.yaml, what is wrong, the fix)."""


def errors(course: Course) -> list[Error]:
    return [*_swaps(course), *_assign(course), *_presenters(course), *_dates(course)]


def _number(course: Course, n: int, path: tuple) -> Iterator[Error]:
    if course.participants is None:
        yield path, f"participant {n} is named, but the participant count is not set", "set `participants:`"
    elif not 1 <= n <= course.participants:
        yield path, f"there is no participant {n}", f"use a number from 1 to {course.participants}"


def _swaps(course: Course) -> Iterator[Error]:
    for i, swap in enumerate(course.swaps):
        p = ("swaps", i, "session")
        if isinstance(swap.session, dt.date):
            same = [s for s in course.sessions if s.date == swap.session] or [
                s for s in course.sessions if s.moved_from == swap.session]
            if not same:
                yield p, f"there is no session on {swap.session}", "use the date of a session (or its number)"
                continue
            if len(same) > 1:
                yield p, (f"sessions {' and '.join(str(s.number) for s in same)} are both on {swap.session}"), \
                    "name the session by its number"
                continue
            session = same[0]
        elif not 1 <= swap.session <= len(course.sessions):
            yield p, f"there is no session {swap.session}", f"use a session number from 1 to {len(course.sessions)}, or the session's date"
            continue
        else:
            session = course.sessions[swap.session - 1]
        if not (session.assign or rotation.rotates(course, session) and course.rotation == "rule"):
            yield p, f"nobody holds a role in {session_label(session.number, session.date)}", \
                "name a session with roles (one with a paper, without `rotation: false`)"


def _assign(course: Course) -> Iterator[Error]:
    ids = [role.id for role in course.roles]
    for s in course.sessions:
        seen: dict[int, str] = {}
        for role_id, numbers in s.assign.items():
            p = ("sessions", s.index, "assign", role_id)
            if role_id not in ids:
                close = difflib.get_close_matches(role_id, ids, n=1, cutoff=0.6)
                yield p, f"there is no role '{role_id}'", (f"did you mean '{close[0]}'?" if close else
                                                         "use a role id from `roles:`: " + ", ".join(ids))
            for j, n in enumerate(numbers):
                yield from _number(course, n, p + (j,))
                if n in seen:
                    yield p + (j,), f"participant {n} is assigned both {seen[n]} and {role_id} in this session", \
                        "give each participant one role per session"
                seen.setdefault(n, role_id)


def _presenters(course: Course) -> Iterator[Error]:
    for s in course.sessions:
        for j, entry in enumerate(s.papers):
            for k, n in enumerate(entry.presenters):
                yield from _number(course, n, ("sessions", s.index, "papers", j, "presenters", k))


def _dates(course: Course) -> Iterator[Error]:
    for name in ("withdrawn", "joined"):
        for n in getattr(course, name):
            yield from _number(course, n, (name, n))
    for n, day in course.joined.items():
        left = course.withdrawn.get(n)
        if left is not None and left <= day:
            yield ("withdrawn", n), f"participant {n} withdraws ({left}) before joining ({day})", \
                "correct one of the dates"
