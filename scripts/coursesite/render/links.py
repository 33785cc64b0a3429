"""Links that organizers write in prose to pages of the site, checked against the pages this course has.

A course without roles has no rotation page, one without a participant count no personal pages, one
without announcements no feed: a link in a section to `rotation.md` would stop MkDocs' strict build
with a message that names neither course.yaml nor its line. The build's own check (`site`) runs
`problems` over the rendered pages first, so `check` refuses such a link where it was written, and
says which pages there are. A link to a heading (`roles.md#hacker`) must name one of that page's
headings, as Python-Markdown's `toc` extension writes their ids (MkDocs' settings, mkdocs.yml).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from collections.abc import Collection, Iterator, Mapping
from typing import Any

import markdown

from ..course import paths
from ..course.convert import hints
from ..errors import Problem, place
from ..model import Course, Markdown
from ..sources.yamlsource import Located, session_names
from . import escape

# The extensions of mkdocs.yml that decide a heading's id; the others add no ids.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.escapeall", "pymdownx.superfences"]
_ID = re.compile(r'\sid="([^"]+)"')


def prose_fields(course: Course) -> Iterator[tuple[tuple, str]]:
    """(document path, text) of every Markdown value in the course, sessions at their place in course.yaml."""

    def walk(value: Any, path: tuple, hint: Any) -> Iterator[tuple[tuple, str]]:
        if value is None:
            return
        if hint is Markdown or typing.get_origin(hint) is typing.Union and Markdown in typing.get_args(hint):
            yield path, value
        elif dataclasses.is_dataclass(value):
            fields = hints(value.__class__)
            for f in dataclasses.fields(value):
                if f.name != "papers" or not isinstance(value, Course):  # BibTeX entries are no prose
                    yield from walk(getattr(value, f.name), path + (f.name,), fields[f.name])
        elif isinstance(value, tuple) and typing.get_origin(hint) is tuple:
            item = typing.get_args(hint)[0]
            for i, element in enumerate(value):
                at = element.index if path == ("sessions",) else i
                yield from walk(element, path + (at,), item)

    yield from walk(course, (), Course)


def anchors(page: str) -> set[str]:
    """The ids of a Markdown page's headings (and of anything with an `{ #id }`), as the site writes them."""
    return set(_ID.findall(markdown.markdown(page, extensions=EXTENSIONS)))


_ORDER = (paths.HOME, paths.INFO, paths.SCHEDULE, paths.ROLES, paths.ROTATION, paths.READING_LIST, paths.GUIDE,
          paths.MESSAGES)


def describe(files: Collection[str]) -> str:
    """The pages a link may lead to, in a few words: the fixed pages by name, the many by their pattern."""
    text = ", ".join(f for f in _ORDER if f in files)
    if any(f.startswith("papers/") and f != paths.READING_LIST for f in files):
        text += ", papers/<BibTeX key>.md"
    numbers = sorted(int(f.split("/")[1][:-3]) for f in files if re.fullmatch(rf"{paths.PARTICIPANTS}/\d+\.md", f))
    if numbers:
        text += f", {paths.PARTICIPANTS}/<number>.md ({numbers[0]} to {numbers[-1]})"
    notebooks = sorted(f for f in files if f.endswith(".ipynb") and not f.startswith(paths.DOWNLOADS + "/"))
    return text + "".join(f", {n}" for n in notebooks[:3]) + (", ..." if len(notebooks) > 3 else "")


def problems(course: Course, doc: Located, rendered: Mapping[str, str], files: Collection[str]) -> list[Problem]:
    """One problem for each prose link to a page or heading the site does not have.

    `rendered` holds the generated Markdown pages (for their headings), `files` every path the site
    publishes: pages, downloads, notebooks, the guide and the messages.
    """
    found = []
    names = session_names(doc.data)
    cached: dict[str, set[str]] = {}
    for path, text in prose_fields(course):
        for target in escape.site_links(text):
            site = escape.site_target(target)
            assert site is not None
            page, anchor = site
            if page not in files:
                message = f"the link '{target}' leads to no page of this site"
                listing = f"links name pages from the site's top folder: {describe(files)}"
                why, close = _missing(course, page), _close(page, files)
                fix = (f"{why}; {listing}" if why else
                       f"did you mean '{close}'? {listing[0].upper()}{listing[1:]}" if close else listing)
            elif anchor and page in rendered and anchor not in cached.setdefault(page, anchors(rendered[page])):
                message = f"the link '{target}' names no heading of {page}"
                heads = sorted(cached[page])
                fix = ("link one of its headings: " + ", ".join(f"#{h}" for h in heads[:12])
                       + (", ..." if len(heads) > 12 else "")) if heads else "link the page without `#...`"
            else:
                continue
            found.append(Problem(doc.file, doc.line(path), message, place(path, names), fix))
    return found


def _close(page: str, files: Collection[str]) -> str:
    close = difflib.get_close_matches(page, [f for f in files if f.endswith(".md")], n=1, cutoff=0.7)
    return close[0] if close else ""


def _missing(course: Course, page: str) -> str:
    """Why a page that courses can have is missing from this one."""
    if page in (paths.ROLES, paths.ROTATION):
        if not course.roles:
            return "the course has no roles, so it has no roles or rotation page"
        return "no session has roles (`rotation: none` and no `assign:`), so there is no roles or rotation page"
    if page.startswith(paths.PARTICIPANTS + "/") and course.participants is None:
        return "personal pages need `participants:`"
    if page == paths.ANNOUNCEMENTS_FEED:
        return "the feed needs `announcements:`"
    return ""
