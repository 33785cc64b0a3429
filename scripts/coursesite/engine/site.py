"""What a course adds to a site, computed without any site engine: pages, downloads, navigation, settings.

`generated_files` lists every generated file by its path below docs/ (`paths`); `settings` gives the
values that the engine's own configuration takes from course.yaml. The MkDocs plugin (`plugin.py`)
and `coursesite render` use these same functions.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import markdown

from ..course import guard, paths, private
from ..course.load import Loaded, load
from ..errors import Problems
from ..exports import ics, news
from ..model import Course
from ..render import describe, escape, links, pages
from ..render.i18n import Labels
from ..schedule import rotation
from ..sources import stamp
from . import kept

MATERIAL = "https://squidfunk.github.io/mkdocs-material/"

# Read-only types (covariant), so that a list of plain pages is a list of navigation items.
T = TypeVar("T")
NavItem = Mapping[str, "str | Sequence[str | NavItem]"]


def load_course(root: str | Path, course_file: str = paths.COURSE_FILE, bib_file: str = paths.BIB_FILE) -> Loaded:
    """The course, with the guard's warnings about past roles that uncommitted edits change and about
    private files that git tracks."""
    root = Path(root)
    return private.check(guard.check(load(root / course_file, root / bib_file)))


def navigation(course: Course, guide: bool = True, messages: bool = True) -> list[NavItem]:
    """The navigation as MkDocs' `nav` writes it: titles (HTML-escaped) and source paths; the organizer guide and
    the messages page when docs/ has them."""
    t = Labels(course.language)
    # Material writes navigation titles and site_name into the HTML as they are: escape them here.
    # One entry per paper, numbered by its first session; sessions without a paper have no page.
    papers: list[NavItem] = [{escape.html(f"{course.sessions_of(p.key)[0].number}. {p.short}"): paths.paper_page(p.key)}
                             for p in course.session_papers()]
    roles: list[NavItem] = [{t._("Roles"): paths.ROLES}, {t._("Role rotation"): paths.ROTATION}] if course.rotation_sessions else []
    return [
        {t._("Home"): paths.HOME},
        {t._("Course information"): paths.INFO},
        {t._("Schedule"): paths.SCHEDULE},
        *roles,
        {t._("Papers"): [paths.READING_LIST, *papers]},
        *([{t._("Organizer guide"): paths.GUIDE}] if guide else []),
        *([{t._("Messages"): paths.MESSAGES}] if messages else []),
    ]


def footer(course: Course, when: stamp.Stamp) -> str:
    """The footer line (HTML, as Material shows `copyright`): course, "as of" date and source version."""
    t = Labels(course.language)
    link = f'<a href="{MATERIAL}">Material for MkDocs</a>'
    parts = [html.escape(course.semester), html.escape(course.institution),
             html.escape(t._("as of {date} ({version})", date=t.long_date(when.date), version=when.version)), t._("made with {link}", link=link)]
    return " · ".join(parts)


@dataclass(frozen=True)
class Settings:
    """What the site's configuration takes from course.yaml rather than from mkdocs.yml."""

    site_name: str
    """The course title, HTML-escaped (the theme writes it into pages as it is)."""
    site_url: str | None
    language: str
    nav: list[NavItem]
    footer: str
    """HTML."""
    dark_mode: str
    """Name of the switch that leads to the dark scheme."""
    light_mode: str
    announcement: str = ""
    """HTML of the announcement bar (the newest announcement while it is recent), or empty."""
    feed: str | None = None
    """Source path of the announcements' Atom feed, when there are announcements."""
    description: str = ""
    """The course summary's first sentence, HTML-escaped (the theme writes it as it is): the meta description of a
    page that has none of its own, the 404 page (every other page describes itself, engine/plugin.py)."""
    feed_title: str = ""
    landing: str = ""
    """For a course of `courses/`: the label of the footer's link back to the landing page that lists every course
    of the site (theme/partials/copyright.html); empty for a course alone."""


def settings(course: Course, when: stamp.Stamp, guide: bool = True, messages: bool = True,
             landing: bool = False) -> Settings:
    """`landing`: the course is one of `courses/`, published below a landing page."""
    t = Labels(course.language)
    return Settings(site_name=escape.html(course.title), site_url=course.site_url, language=course.language,
                    nav=navigation(course, guide, messages), footer=footer(course, when),
                    dark_mode=t._("Switch to dark mode"), light_mode=t._("Switch to light mode"), announcement=news.bar(course, when.date),
                    feed=paths.ANNOUNCEMENTS_FEED if course.announcements else None,
                    feed_title=f"{course.title}: " + t._("Announcements"), description=_summary_sentence(course),
                    landing=t._("All courses") if landing else "")


def _summary_sentence(course: Course) -> str:
    sentence = describe.first_sentence(markdown.markdown(str(escape.prose(course.summary))))
    return escape.html(sentence) if sentence else ""


def notebooks(loaded: Loaded) -> dict[str, Path]:
    """Companion notebooks by their page's path below docs/, with the file they are read from."""
    root = loaded.course_file.parent
    return {paths.notebook_page(s.notebook): root / s.notebook for s in loaded.course.sessions if s.notebook}


@dataclass(frozen=True)
class Made:
    """What the course adds to the site, made once: `check` and `build` refuse the same problems, in the same
    words, before MkDocs starts, and the build hands these files to MkDocs instead of making them again."""

    when: stamp.Stamp
    files: dict[str, str | bytes]
    kept: dict[Path, bytes] = field(default_factory=dict)
    """What was made anew for the cache (`kept.store`, once the build succeeded)."""


def make(loaded: Loaded, when: stamp.Stamp) -> Made:
    """`generated_files` with its stamp; raises `CourseError` with every problem the outputs have."""
    new: dict[Path, bytes] = {}
    return Made(when, generated_files(loaded, when, new), new)


def generated_files(loaded: Loaded, when: stamp.Stamp, new: dict[Path, bytes] | None = None,
                    handout: Callable[[], bytes] | None = None) -> dict[str, str | bytes]:
    """Every file the course adds to the site except the notebook pages: pages and downloads, by path.

    The handout is read from the cache when it was typeset from equal input (`kept`); one typeset
    now is added to `new`, for the cache. `handout`: the handout begun earlier (`kept.handout_soon` with `new`);
    else it is begun here, and Typst typesets while the pages and calendars are made."""
    course = loaded.course
    handout = handout or kept.handout_soon(course, when, kept.folder(), {} if new is None else new)
    problems = Problems()
    made = functools.partial(_made, problems)
    rendered: dict[str, str] = made("the pages", pages.render_pages, course) or {}
    files: dict[str, str | bytes] = dict(rendered)
    files[paths.BIBLIOGRAPHY] = loaded.bibtex  # only what the course reads: the rest may be private or broken
    for session in course.sessions:
        if session.notebook:
            # The notebook itself, without outputs, for students to download and run.
            files[paths.notebook_download(session.notebook)] = (loaded.course_file.parent / session.notebook).read_bytes()
    # The calendars' DTSTAMP is the stamp's date, so a rebuild of the same version changes no byte.
    if (calendar := made(paths.COURSE_CALENDAR, ics.course_calendar, course, when.date)) is not None:
        files[paths.COURSE_CALENDAR] = calendar
    table = rotation.for_course(course)
    if table is not None:
        calendars = made("the personal calendars", ics.participant_calendars, course, table, when.date) or {}
        for n, personal in calendars.items():
            files[paths.participant_calendar(n)] = personal
    if course.announcements and (feed := made(paths.ANNOUNCEMENTS_FEED, news.feed, course)) is not None:
        files[paths.ANNOUNCEMENTS_FEED] = feed
    if (handout_pdf := made(paths.HANDOUT, handout)) is not None:
        files[paths.HANDOUT] = handout_pdf
    if loaded.source is not None and rendered:
        # The organizers' links in prose, against what this course publishes (the guide and the messages are pages of
        # docs/).
        published = {*files, *notebooks(loaded), paths.GUIDE, paths.MESSAGES}
        problems.errors += links.problems(course, loaded.source, rendered, published)
    problems.raise_if_any()
    return files


def _made(problems: Problems, output: str, make: Callable[..., T], *args: object) -> T | None:
    """`make(*args)`, or None after reporting an unexpected failure as one line that names the output."""
    try:
        return make(*args)
    except Exception as exc:  # an exporter's own bug or limit must not end in a traceback or in silence
        cause = " ".join(str(exc).split())[:200] or type(exc).__name__
        problems.error(output, None, f"could not be made ({type(exc).__name__}: {cause})",
                       fix="look for an unusual value in what this output shows (a very long text or address, "
                           "a date far in the past or future) and change it")
        return None
