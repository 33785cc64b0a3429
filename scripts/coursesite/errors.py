"""Problems found in the organizers' files, reported as one line each.

Every problem names the file and line, the place inside the document, what is
wrong and how to fix it, so an organizer can act on it without reading code:
`course.yaml:107: session 2 (3 June 2027), paper: no entry 'kingma2015adma' in papers.bib; did you mean ...`.

How to write a message
----------------------
Give the place as the document path, a tuple, never as text: `problems.error(doc.file, doc.line(path),
"what is wrong", path=path, fix="what to do")` with `path = ("sessions", 1, "assign", "critic", 0)`
(checks below the loader return `(path, message, fix)` and the loader reports them). The loader writes
every path with `place` once the sessions are numbered: `roles[2].id`, `withdrawn[4]` (a participant's
number, like a list position, in brackets), and a path into a session starting with the session as the
site names it, so the example prints

    course.yaml:109: session 2 (3 June 2027), assign.critic[0]: participant 1 already holds a role in
    session 1 (6 May 2027); ...

for `message = f"participant 1 already holds a role in {session_label(other.number, other.date)}"`. So:

- the message never names the session its place is in again: it says "the session" or "this session";
- another session is named with `session_label(number, date)`, never by its position in course.yaml
  or an ISO date; another place with `place(path)`: "roles[1] has the same id ...";
- a BibTeX entry (or one of its fields) is named with `entry_label(key, field)`: "entry 'he2016deep', title".

tests/test_guide.py fails on a message that writes a place or a session any other way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from babel.dates import format_date


def place(path: Sequence, sessions: Mapping[int, str] | None = None) -> str:
    """A document path as messages write it: `roles[2].id`, `withdrawn[4]`; with `sessions` (position in
    course.yaml -> `session_label`), a path into a session starts with that session's name:
    `session 7 (19 June 2024), papers[0]`."""
    path = tuple(path)
    if sessions and len(path) >= 2 and path[0] == "sessions" and path[1] in sessions:
        rest = place(path[2:])
        return sessions[path[1]] + (f", {rest}" if rest else "")
    text = ""
    for part in path:
        # Numbers index a list or key a mapping of participants (`withdrawn: {4: ...}`): both in brackets.
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def session_label(number: int, day: dt.date | None = None) -> str:
    """A session as the site numbers it, with its date when known: "session 3 (5 December 2023)".

    Always in English, whatever the course's language: messages are for the organizers."""
    return f"session {number}" + (f" ({format_date(day, 'd MMMM y', locale='en')})" if day else "")


def entry_label(key: str, field: str = "") -> str:
    """A BibTeX entry, or one of its fields, as the place of a message: "entry 'he2016deep', title"."""
    return f"entry '{key}'" + (f", {field}" if field else "")


@dataclass(frozen=True)
class Problem:
    """One error or warning about an input file."""

    file: str
    line: int | None
    message: str
    path: str | tuple = ""
    """Where inside the document: the path ``("sessions", 3, "date")`` until the loader names it
    (`Problems.name_paths` with `place`: ``session 4 (2 May 2024), date``); empty for the file as a whole."""
    fix: str = ""
    """What the organizer should do; empty when the message already says it."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f"{self.path}: {self.message}" if self.path else self.message
        text = f"{where}: {what}"
        if self.fix:
            text += f"; {self.fix}"
        # One line per problem, whatever the input contained.
        return " ".join(text.split())


class CourseError(Exception):
    """The course could not be loaded; carries every problem found in one pass."""

    def __init__(self, problems: list[Problem], warnings: Sequence[Problem] = ()):
        self.problems = tuple(problems)
        self.warnings = tuple(warnings)
        """Warnings found in the same pass, so that `check` can show them alongside the errors."""
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects errors and warnings while loading, so all are reported at once."""

    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, file: str, line: int | None, message: str, path: str | tuple = "", fix: str = "") -> None:
        self.errors.append(Problem(file, line, message, path, fix))

    def warn(self, file: str, line: int | None, message: str, path: str | tuple = "", fix: str = "") -> None:
        self.warnings.append(Problem(file, line, message, path, fix))

    def name_paths(self, name: Callable[[tuple], str]) -> None:
        """Write every document path as the organizer knows the place (sessions by their number on the site).

        Paths stay tuples while loading, because a session's number depends on every session's date,
        which is known only once the whole document has been read.
        """
        def named(p: Problem) -> Problem:
            return replace(p, path=name(p.path)) if isinstance(p.path, tuple) else p
        self.errors = [named(p) for p in self.errors]
        self.warnings = [named(p) for p in self.warnings]

    def raise_if_any(self) -> None:
        if self.errors:
            # By file and line, so the organizer can work through each file from top to bottom.
            raise CourseError(sorted(self.errors, key=lambda p: (p.file, p.line or 0)), self.warnings)
