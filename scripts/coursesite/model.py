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
Language = NewType("Language", str)
"""A language code such as "fr": English, or any language whose labels have a catalog (course.languages)."""
Weekday = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]

PAPER_TO_COME = "TBA"
"""What a session's `paper:` says while its paper is still to be chosen (`make new FROM=` writes it)."""


def doc(text: str, **extra: Any) -> dict[str, Any]:
    """Field metadata: the description shown in the JSON Schema and the guide."""
    return {"doc": text, **extra}


def filled_by_loader(text: str, **extra: Any) -> Any:
    """An optional course.yaml key whose default the loader fills in, so every loaded course has a value.

    None only between conversion and `load._check`; typed as the value so that pages need no None checks.
    """
    return field(default=None, metadata=doc(text, **extra))


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
    room: str | None = field(default=None, metadata=doc("Usual room (plain text); may be left out when every session is online."))
    weekday: Weekday | None = field(default=None, metadata=doc(
        "If set, every session date must fall on this weekday (except sessions with `moved_from`)."))
    online: Url | None = field(default=None, metadata=doc("Address (https) for joining every session online; a session may set its own."))


@dataclass(frozen=True)
class RoleDue:
    days_before: int = field(metadata=doc("How many days before the session it is due (0 = the session's day).", minimum=0, maximum=60))
    what: str = field(metadata=doc('What is due, e.g. "Send your review to the organizers".'))
    time: dt.time = field(default=dt.time(23, 59), metadata=doc('Time of day it is due, "HH:MM"; default 23:59.'))


@dataclass(frozen=True)
class Deadline:
    date: dt.date = field(metadata=doc("Day it is due, YYYY-MM-DD (on or before the session)."))
    what: str = field(metadata=doc("What is due, e.g. \"Hand in the slides\"."))
    time: dt.time = field(default=dt.time(23, 59), metadata=doc('Time of day it is due, "HH:MM"; default 23:59.'))


@dataclass(frozen=True)
class SessionPaper:
    """One paper of a session; in course.yaml its BibTeX key alone stands for `{key: ...}`."""

    SHORTHAND = "key"
    key: str = field(metadata=doc("BibTeX key of the paper in papers.bib."))
    presenters: tuple[int, ...] = field(default=(), metadata=doc(
        "Participant numbers who present the paper (talks, journal clubs), e.g. [3]."))


@dataclass(frozen=True)
class Role:
    id: str = field(metadata=doc("Short identifier (letters, digits, - and _), used in links.", pattern=r"^[A-Za-z][A-Za-z0-9_-]*$"))
    name: str = field(metadata=doc("Name of the role as shown everywhere."))
    summary: str = field(metadata=doc("One sentence: what the role is about."))
    duties: tuple[str, ...] = field(metadata=doc("What someone in this role prepares, one item each."))
    due: RoleDue | None = field(default=None, metadata=doc("What someone in this role hands in before each session, and when."))


@dataclass(frozen=True)
class Swap:
    session: int | dt.date = field(metadata=doc(
        "The session: its date (YYYY-MM-DD, stays right when sessions are added) or its number (1 = the earliest)."))
    participants: tuple[int, ...] = field(metadata=doc("The two participant numbers that exchange their roles."))


@dataclass(frozen=True)
class Material:
    title: str = field(metadata=doc('What it is, e.g. "Slides", "Notes", "Code", "Recording".'))
    url: Url = field(metadata=doc("Where it is, a full https:// address."))


@dataclass(frozen=True)
class Announcement:
    date: dt.date = field(metadata=doc("Day of the announcement, YYYY-MM-DD."))
    text: Markdown = field(metadata=doc("The announcement (Markdown)."))


@dataclass(frozen=True)
class Session:
    date: dt.date = field(metadata=doc("Day of the session, YYYY-MM-DD."))
    paper: str | None = field(default=None, metadata=doc("BibTeX key of the session's paper (the one-paper spelling of `papers`)."))
    papers: tuple[SessionPaper, ...] = field(default=(), metadata=doc("BibTeX keys of the session's papers, zero or more."))
    title: str | None = field(default=None, metadata=doc(
        'Heading of the session, e.g. "Introduction"; required when the session has no paper.'))
    start: dt.time = filled_by_loader("Start time; default: meetings.start.")
    end: dt.time = filled_by_loader("End time; default: meetings.end.")
    room: str | None = field(default=None, metadata=doc("Room; default: meetings.room (none for a session that is online only)."))
    summary: Markdown | None = field(default=None, metadata=doc("What the paper is about, in your own words (Markdown)."))
    questions: tuple[Markdown, ...] = field(default=(), metadata=doc("Guiding questions for reading and discussion."))
    further_reading: tuple[str, ...] = field(default=(), metadata=doc("BibTeX keys of further papers."))
    notebook: str | None = field(default=None, metadata=doc("Path of the companion Jupyter notebook, relative to course.yaml."))
    materials: tuple[Material, ...] = field(default=(), metadata=doc("Slides, notes, code or recordings, added after the session."))
    online: Url | None = field(default=None, metadata=doc(
        "Address (https) for joining this session online; default: meetings.online. Set here without `room:`, "
        "the session meets online only."))
    cancelled: bool = field(default=False, metadata=doc("true when the meeting does not take place; it stays in the schedule, marked."))
    note: Markdown | None = field(default=None, metadata=doc("A remark shown with the session, e.g. why it is cancelled (Markdown)."))
    moved_from: dt.date | None = field(default=None, metadata=doc(
        "The regular date this meeting was moved from, YYYY-MM-DD; the session then keeps its calendar entry."))
    deadlines: tuple[Deadline, ...] = field(default=(), metadata=doc("What is due for this session, and when."))
    rotation: bool = field(default=True, metadata=doc(
        "false leaves a session with a paper out of the role rotation (guest talk, projects)."))
    assign: dict[str, tuple[int, ...]] = field(default_factory=dict, metadata=doc(
        "Who holds which role in this session, replacing the rule: role id -> participant numbers, e.g. {hacker: [3, 7]}."))
    paper_to_come: bool = field(default=False, metadata=doc("", derived=True))
    """`paper: TBA`: the paper is still to be chosen; the session keeps its place in the rotation."""
    number: int = field(default=0, metadata=doc("", derived=True))
    """Position in date order, starting at 1 (set by the loader)."""
    index: int = field(default=0, metadata=doc("", derived=True))
    """Position in course.yaml's list of sessions, starting at 0 (set by the loader; for messages)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """BibTeX keys of the session's papers, in order (after loading, `paper` is the first of `papers`)."""
        return tuple(p.key for p in self.papers)

    @property
    def held(self) -> bool:
        return not self.cancelled

    @property
    def heading(self) -> str | None:
        """The organizer's title, if any (sessions without one are named by their papers)."""
        return self.title


COURSE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$"
"""A course id: 4 to 40 letters, digits and '-' (not first or last), so that it can stand in a calendar UID as it is."""


@dataclass(frozen=True, kw_only=True)  # keyword-only: optional keys stay in course.yaml order
class Course:
    id: str = filled_by_loader(
        "The course's name in the calendars' event UIDs, which keeps students' calendars free of duplicates when "
        "the title, rooms or times change: 4 to 40 letters, digits and -. `make new` writes a random one; keep it "
        "all semester. Default: derived from title and semester (what calendars used before there was an id).",
        pattern=COURSE_ID_PATTERN, invalid="is not a valid course id",
        fix="use 4 to 40 letters, digits and - (not first or last), e.g. the id `make new` writes such as a3f09c1d2e4b5867")
    title: str = field(metadata=doc("Name of the seminar."))
    semester: str = field(metadata=doc('Semester, e.g. "Winter 2023/24".'))
    institution: str = field(metadata=doc("University or institute."))
    timezone: str = field(metadata=doc('IANA time zone of all dates, e.g. "Europe/Berlin".'))
    summary: Markdown = field(metadata=doc("What the seminar is about (Markdown), shown on the home page."))
    registration: Registration | None = field(default=None, metadata=doc("How to take part."))
    organizational_meeting: OrganizationalMeeting | None = field(default=None, metadata=doc("The first, organizational meeting (Vorbesprechung)."))
    meetings: Meetings = field(metadata=doc("Defaults for every session."))
    roles: tuple[Role, ...] = field(default=(), metadata=doc(
        "The roles, in the order in which participant 1 holds them; without roles there is no rotation."))
    sessions: tuple[Session, ...] = field(metadata=doc("One entry per session; numbered in date order."))
    language: Language = field(default=Language("en"), metadata=doc("Language of the generated pages."))
    citation_style: str = field(default="ieee", metadata=doc(
        "How papers are cited on the pages, in the handout and in the calendars: the name of a CSL style from the "
        "Zotero style repository, e.g. `apa`, `ieee`, `chicago-author-date`, `harvard-cite-them-right`, `din-1505-2`, "
        "`modern-language-association`, `nature`."))
    site_url: WebUrl | None = field(default=None, metadata=doc("Address of the published site (for links in the PDF and calendar)."))
    topic: str | None = field(default=None, metadata=doc("This semester's focus topic."))
    audience: str | None = field(default=None, metadata=doc("Who the seminar is for."))
    address: str | None = field(default=None, metadata=doc("Postal address of the building."))
    sections: tuple[Section, ...] = field(default=(), metadata=doc("Course-information page, in order."))
    organizers: tuple[Organizer, ...] = field(default=(), metadata=doc("Who runs the seminar."))
    participants: int | None = field(default=None, metadata=doc("Number of participants; they are numbered 1..N and never named.", minimum=1, maximum=10000))
    swaps: tuple[Swap, ...] = field(default=(), metadata=doc("Role exchanges between two participants in one session."))
    announcements: tuple[Announcement, ...] = field(default=(), metadata=doc("News for participants, shown on the home page and in the feed."))
    announcement_days: int = field(default=7, metadata=doc("Days after its date that the newest announcement shows as a bar on every page (0: never).", minimum=0, maximum=365))
    rotation: Literal["rule", "none"] = field(default="rule", metadata=doc(
        "`rule`: participants move one role further in each session with a paper; `none`: only `assign` "
        "on sessions and presenters of papers give roles and talks."))
    withdrawn: dict[int, dt.date] = field(default_factory=dict, metadata=doc(
        "Participants who dropped out, with the date from which they hold nothing, e.g. {4: 2023-11-21}."))
    joined: dict[int, dt.date] = field(default_factory=dict, metadata=doc(
        "Participants who joined late, with the date from which they hold roles, e.g. {11: 2023-11-21}."))
    grading: dict[str, float] = field(default_factory=dict, metadata=doc(
        "The parts of the grade and their weights, which add up to 1, e.g. `{presentation: 0.6, discussion: 0.4}`; "
        "shown on the course-information page and used by the grading workbook (`make sheets`)."))
    papers: Mapping[str, Paper] = field(default_factory=dict, metadata=doc("", derived=True))
    """The entries of papers.bib that the course reads (in a session or as further reading), by key (set by the loader)."""
    citations: Mapping[str, Citation] = field(default_factory=dict, metadata=doc("", derived=True))
    """Each paper's citation in `citation_style`, by key (set by the loader)."""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def paper(self, key: str) -> Paper:
        return self.papers[key]

    def session_papers(self) -> list[Paper]:
        """Every paper read in a session, once each, in the order of its first session."""
        keys = dict.fromkeys(k for s in self.sessions for k in s.keys)
        return [self.papers[k] for k in keys]

    def other_papers(self) -> list[Paper]:
        """The papers named in `further_reading` that no session reads, in the order of first mention."""
        read = {k for s in self.sessions for k in s.keys}
        keys = dict.fromkeys(k for s in self.sessions for k in s.further_reading if k not in read)
        return [self.papers[k] for k in keys]

    def news(self) -> list[Announcement]:
        """The announcements, newest first (by date; in the file's order on the same day)."""
        return sorted(self.announcements, key=lambda a: a.date, reverse=True)

    def sessions_of(self, key: str) -> list[Session]:
        return [s for s in self.sessions if key in s.keys]

    def papers_of(self, session: Session) -> list[Paper]:
        return [self.papers[k] for k in session.keys]

    @property
    def held_sessions(self) -> list[Session]:
        return [s for s in self.sessions if s.held]

    @property
    def rotation_sessions(self) -> list[Session]:
        """The sessions in which participants hold roles: those with a paper (a cancelled one keeps its
        column, so that cancelling a meeting changes nobody's role in the others)."""
        if not self.roles:
            return []
        return [s for s in self.sessions
                if s.assign or self.rotation == "rule" and (s.papers or s.paper_to_come) and s.rotation]


# --- The formatted citation of a paper ---------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of a formatted citation with one look; each output escapes `text` for itself."""

    text: str
    italic: bool = False
    bold: bool = False
    smallcaps: bool = False
    link: str = ""
    """The address this run leads to (a DOI or web address the citation writes out)."""
    formula: str = ""
    """The LaTeX of a formula in the title, which `text` writes out in Unicode (the site shows MathML)."""


@dataclass(frozen=True)
class Citation:
    """A paper as the course's citation style writes it (`course.citations`)."""

    spans: tuple[Span, ...]

    @property
    def plain(self) -> str:
        """The citation as text, for calendars and messages."""
        return "".join(s.text for s in self.spans)


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


class Rich(str):
    """Plain Unicode text (formulas written out in Unicode) that also keeps its formulas' LaTeX.

    `parts` alternates text and formula: even positions are plain text, odd positions the LaTeX
    inside `$...$`, so the site can show a formula as MathML while every other output uses the text.
    """

    parts: tuple[str, ...]

    def __new__(cls, plain: str, parts: tuple[str, ...] = ()) -> Rich:
        made = super().__new__(cls, plain)
        made.parts = parts or (plain,)
        return made


@dataclass(frozen=True)
class Paper:
    key: str
    entry_type: str
    """The entry's type as written, in lower case (`article`, `inproceedings`, `online`, ...)."""
    title: str
    """The title with its subtitle; a `Rich` when it has formulas."""
    authors: tuple[Author, ...]
    """The people named first: the authors, or the editors of an edited volume without authors."""
    year: str
    bibtex: str
    """The entry's source text, offered for copying."""
    line: int
    venue: str = ""
    """The container: journal, book or proceedings the entry appeared in."""
    volume: str = ""
    number: str = ""
    """The issue of a journal, or the number of a report, patent or volume in a series."""
    pages: str = ""
    publisher: str = ""
    """The publisher, or for a thesis or report the institution (school, organization)."""
    doi: str = ""
    eprint: str = ""
    """The arXiv identifier."""
    url: str = ""
    pdf: str = ""
    code: str = ""
    note: str = ""
    part_of: str = ""
    """The key of the volume the entry names by `crossref`, whose fields it took."""
    edited: bool = False
    """The people are the editors of the volume (the entry names no authors)."""
    more_authors: bool = False
    """The author list ends in `and others`: more people wrote it than are named."""
    editors: tuple[Author, ...] = ()
    """The editors of the entry's container (or of the entry, when `edited`)."""
    translators: tuple[Author, ...] = ()
    month: int = 0
    day: int = 0
    edition: str = ""
    series: str = ""
    location: str = ""
    """Where the publisher is, or where a conference took place (`address`, `location`)."""
    genre: str = ""
    """The kind of thesis or report as written (`type`), e.g. "PhD thesis"."""
    maintitle: str = ""
    """The title of the multi-volume work the entry is one volume of."""
    howpublished: str = ""
    urldate: str = ""
    """When the address was last visited, YYYY-MM-DD."""
    chapter: str = ""

    @property
    def short_authors(self) -> str:
        names = [a.surname for a in self.authors]
        if len(names) == 1 and not self.more_authors:
            return names[0]
        if len(names) == 2 and not self.more_authors:
            return f"{names[0]} & {names[1]}"
        return f"{names[0]} et al."

    @property
    def all_authors(self) -> str:
        """Every name, and "et al." when the list ends in `and others` (as `short_authors`, in every language)."""
        return ", ".join(a.full for a in self.authors) + (" et al." if self.more_authors else "")

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
