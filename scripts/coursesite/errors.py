"""Problems found in the organizers' files, reported as one line each.

Every problem names the file and line, the place inside the document, what is
wrong and how to fix it, so an organizer can act on it without reading code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Problem:
    """One error or warning about an input file."""

    file: str
    line: int | None
    message: str
    path: str | tuple = ""
    """Where inside the document: ``session 4 (2 May 2024), date`` once named (`Problems.name_paths`),
    the document path ``("sessions", 3, "date")`` until then; empty for the file as a whole."""
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
