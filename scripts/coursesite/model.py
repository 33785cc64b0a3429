"""The course as a typed, immutable record: what every output is made from.

The loader (`load.py`) builds these from course.yaml and papers.bib; pages, the
handout and the calendar only read them. Field docstrings double as the
documentation of the course.yaml format (see `schema.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NewType
from zoneinfo import ZoneInfo

Markdown = NewType("Markdown", str)
"""Prose that may use Markdown (emphasis, links, lists); raw HTML is shown as text."""
Url = NewType("Url", str)
"""An absolute http(s) or mailto address."""
WebUrl = NewType("WebUrl", str)
"""An absolute http(s) address."""
Email = NewType("Email", str)
"""An e-mail address, name@host.domain."""
Time = NewType("Time", str)
"""A clock time written "HH:MM" (in quotes)."""
Weekday = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]


def doc(text: str, **extra: Any) -> dict[str, Any]:
    """Field metadata: the description shown in the JSON Schema and the guide."""
    return {"doc": text, **extra}


def filled_by_loader(text: str) -> Any:
    """An optional course.yaml key whose default the loader fills in, so every loaded course has a value.

    None only between conversion and `load._check`; typed as the value so that pages need no None checks.
    """
    return field(default=None, metadata=doc(text))


# --- Records that mirror course.yaml ---------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str = field(metadata=doc("Heading of the section on the course-information page."))
    body: Markdown = field(metadata=doc("Text of the section (Markdown)."))


@dataclass(frozen=True)
class Organizer:
    name: str = field(metadata=doc("Full name."))
    email: Email | None = field(default=None, metadata=doc("E-mail address (shown on the site)."))
    url: Url | None = field(default=None, metadata=doc("Home page."))


@dataclass(frozen=True)
class Registration:
    text: Markdown = field(metadata=doc("How to register (Markdown)."))
    url: Url | None = field(default=None, metadata=doc("Where to register."))


@dataclass(frozen=True)
class OrganizationalMeeting:
    date: dt.date = field(metadata=doc("Day of the meeting, YYYY-MM-DD."))
    start: dt.time = field(metadata=doc('Start time, "HH:MM".'))
    room: str = field(metadata=doc("Room (plain text)."))
    end: dt.time = filled_by_loader('End time, "HH:MM"; default: one hour after start.')
    note: Markdown | None = field(default=None, metadata=doc("What participants should know (Markdown)."))


@dataclass(frozen=True)
class Meetings:
    start: dt.time = field(metadata=doc('Usual start time of a session, "HH:MM".'))
    end: dt.time = field(metadata=doc('Usual end time of a session, "HH:MM".'))
    room: str = field(metadata=doc("Usual room (plain text)."))
    weekday: Weekday | None = field(default=None, metadata=doc("If set, every session date must fall on this weekday."))


@dataclass(frozen=True)
class Role:
    id: str = field(metadata=doc("Short identifier (letters, digits, - and _), used in links.", pattern=r"^[A-Za-z][A-Za-z0-9_-]*$"))
    name: str = field(metadata=doc("Name of the role as shown everywhere."))
    summary: str = field(metadata=doc("One sentence: what the role is about."))
    duties: tuple[str, ...] = field(metadata=doc("What someone in this role prepares, one item each."))


@dataclass(frozen=True)
class Swap:
    session: int = field(metadata=doc("Number of the session (1 = the earliest)."))
    participants: tuple[int, ...] = field(metadata=doc("The two participant numbers that exchange their roles."))


@dataclass(frozen=True)
class Session:
    date: dt.date = field(metadata=doc("Day of the session, YYYY-MM-DD."))
    paper: str = field(metadata=doc("BibTeX key of the paper in papers.bib."))
    start: dt.time = filled_by_loader("Start time; default: meetings.start.")
    end: dt.time = filled_by_loader("End time; default: meetings.end.")
    room: str = filled_by_loader("Room; default: meetings.room.")
    summary: Markdown | None = field(default=None, metadata=doc("What the paper is about, in your own words (Markdown)."))
    questions: tuple[Markdown, ...] = field(default=(), metadata=doc("Guiding questions for reading and discussion."))
    further_reading: tuple[str, ...] = field(default=(), metadata=doc("BibTeX keys of further papers."))
    notebook: str | None = field(default=None, metadata=doc("Path of the companion Jupyter notebook, relative to course.yaml."))
    number: int = field(default=0, metadata=doc("", derived=True))
    """Position in date order, starting at 1 (set by the loader)."""


@dataclass(frozen=True)
class Course:
    title: str = field(metadata=doc("Name of the seminar."))
    semester: str = field(metadata=doc('Semester, e.g. "Winter 2023/24".'))
    institution: str = field(metadata=doc("University or institute."))
    timezone: str = field(metadata=doc('IANA time zone of all dates, e.g. "Europe/Berlin".'))
    summary: Markdown = field(metadata=doc("What the seminar is about (Markdown), shown on the home page."))
    registration: Registration = field(metadata=doc("How to take part."))
    organizational_meeting: OrganizationalMeeting = field(metadata=doc("The first, organizational meeting."))
    meetings: Meetings = field(metadata=doc("Defaults for every session."))
    roles: tuple[Role, ...] = field(metadata=doc("The roles, in the order in which participant 1 holds them."))
    sessions: tuple[Session, ...] = field(metadata=doc("One entry per session; numbered in date order."))
    language: Literal["en", "de"] = field(default="en", metadata=doc("Language of the generated pages."))
    site_url: WebUrl | None = field(default=None, metadata=doc("Address of the published site (for links in the PDF and calendar)."))
    topic: str | None = field(default=None, metadata=doc("This semester's focus topic."))
    audience: str | None = field(default=None, metadata=doc("Who the seminar is for."))
    address: str | None = field(default=None, metadata=doc("Postal address of the building."))
    sections: tuple[Section, ...] = field(default=(), metadata=doc("Course-information page, in order."))
    organizers: tuple[Organizer, ...] = field(default=(), metadata=doc("Who runs the seminar."))
    participants: int | None = field(default=None, metadata=doc("Number of participants; they are numbered 1..N and never named.", minimum=1, maximum=10000))
    swaps: tuple[Swap, ...] = field(default=(), metadata=doc("Role exchanges between two participants in one session."))
    papers: Mapping[str, Paper] = field(default_factory=dict, metadata=doc("", derived=True))
    """All entries of papers.bib by key (set by the loader)."""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def paper(self, key: str) -> Paper:
        return self.papers[key]

    def session_papers(self) -> list[Paper]:
        return [self.papers[s.paper] for s in self.sessions]

    def sessions_of(self, key: str) -> list[Session]:
        return [s for s in self.sessions if s.paper == key]


# --- Records that come from papers.bib ----------------------------------------------------------


@dataclass(frozen=True)
class Author:
    first: str
    last: str
    von: str = ""
    jr: str = ""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.first, self.von, self.last) if p) + (f", {self.jr}" if self.jr else "")

    @property
    def surname(self) -> str:
        return " ".join(p for p in (self.von, self.last) if p)


@dataclass(frozen=True)
class Paper:
    key: str
    entry_type: str
    title: str
    authors: tuple[Author, ...]
    year: str
    bibtex: str
    """The entry's source text, offered for copying."""
    line: int
    venue: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    eprint: str = ""
    url: str = ""
    pdf: str = ""
    code: str = ""
    note: str = ""

    @property
    def short_authors(self) -> str:
        names = [a.surname for a in self.authors]
        if len(names) == 1:
            return names[0]
        if len(names) == 2:
            return f"{names[0]} & {names[1]}"
        return f"{names[0]} et al."

    @property
    def short(self) -> str:
        """A short label such as "Glorot & Bengio 2010"."""
        return f"{self.short_authors} {self.year}"

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.eprint}" if self.eprint else ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""
