"""The landing page of a repository with several courses: each course's title, semester and dates, linked to its
folder, the current and coming ones first and the finished ones below them as the archive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jinja2

from ..model import Course
from .i18n import Labels
from .pages import TEMPLATES


@dataclass(frozen=True)
class Listed:
    """One course as the landing page lists it."""

    folder: str
    """Its folder's name, which is also its address below the landing page (`ws2023/`)."""
    course: Course

    @property
    def first(self) -> dt.date:
        return min(s.date for s in self.course.sessions)

    @property
    def last(self) -> dt.date:
        return max(s.date for s in self.course.sessions)


@dataclass(frozen=True)
class Landing:
    current: tuple[Listed, ...]
    """Running or still to come, the soonest first."""
    archive: tuple[Listed, ...]
    """Ended before `today`, the most recent first."""


def arrange(courses: list[Listed], today: dt.date) -> Landing:
    current = sorted((c for c in courses if c.last >= today), key=lambda c: (c.first, c.folder))
    archive = sorted((c for c in courses if c.last < today), key=lambda c: (c.last, c.folder), reverse=True)
    return Landing(tuple(current), tuple(archive))


_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def page(courses: list[Listed], today: dt.date, missing: bool = False) -> str:
    """The landing page's HTML: one file, its style inline, asking no other host for anything.

    Its labels and dates are in the language of the course it lists first. `missing`: the site's page for an
    address that has none (`404.html` at its top, which GitHub Pages and most web servers show for any missing
    address below it, also inside a course's folder): the landing page with a line saying so, its links from
    the site's address (`base`), since it is shown at any depth."""
    landing = arrange(courses, today)
    first = (landing.current or landing.archive)[0].course
    t = Labels(first.language)
    return _ENV.get_template("landing.html.j2").render(
        landing=landing, t=t, _=t._, lang=first.language, missing=missing, base=base(courses) if missing else "",
        institutions=sorted({c.course.institution for c in courses}))


def base(courses: list[Listed]) -> str:
    """The site's address as the courses' `site_url`s give it (each is the site's address and its folder), when
    they agree; else "/": the links then work where the site is at the top of its domain."""
    found = {url[: -len(c.folder) - 1] for c in courses
             if (url := (c.course.site_url or "").rstrip("/") + "/").endswith(f"/{c.folder}/")}
    return found.pop() if len(found) == 1 else "/"
