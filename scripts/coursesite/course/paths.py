"""Where every generated file lives and the address it is published at: the one place that spells them.

Paths are source paths below the site's docs folder ("papers/ba2014deep.md"), as MkDocs and
`coursesite render` use them. Pages are published as folders (mkdocs.yml: use_directory_urls), so
"papers/ba2014deep.md" is served at "papers/ba2014deep/". Pages, templates, calendars and the
handout ask this module; none of them writes a path of its own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

COURSE_FILE = "course.yaml"
"""The course description in a course folder."""
BIB_FILE = "papers.bib"
"""The bibliography in a course folder."""

COURSES = "courses"
"""In a repository without a course.yaml at its top: one folder per course (`courses/ws2023/`), each published
under its folder's name (`ws2023/`) below a landing page that lists them."""

PRIVATE = "private"
"""The organizer's own folder in the course folder (grading workbook, attendance list): never read by the
build, never published, ignored by git."""
GRADES = "grades.xlsx"
ATTENDANCE = "attendance.pdf"

HOME = "index.md"
INFO = "info.md"
SCHEDULE = "schedule.md"
ROLES = "roles.md"
ROTATION = "rotation.md"
READING_LIST = "papers/index.md"
GUIDE = "guide.md"
"""The organizer guide, a static page in docs/ (the same for every course)."""
MESSAGES = "messages.md"
"""Every message with what to do, a static page in docs/ beside the guide (a page of its own: the guide with its
1,000 elements of message tables was too large for a phone's first seconds, issue 24 item 5)."""

BIBLIOGRAPHY = "papers.bib"
"""The course's papers.bib, offered for download as it is."""
HANDOUT = "handout.pdf"
NOTEBOOK_STYLESHEET = "stylesheets/notebook.css"
"""The styles of every notebook page, one file for all of them."""
COURSE_CALENDAR = "course.ics"
ANNOUNCEMENTS_FEED = "announcements.xml"
"""The announcements as an Atom feed."""

PARTICIPANTS = "participants"
"""Folder of the personal pages and calendars."""
DOWNLOADS = "downloads"
"""Folder of the companion notebooks as .ipynb files, without outputs."""


_NOT_IN_SEGMENT = re.compile(r"[^A-Za-z0-9_-]")


def segment(key: str) -> str:
    """A BibTeX key as one URL segment: letters, digits, '-' and '_' only (arXiv:1706.03762 -> arXiv-1706-03762).

    A ':' would make the relative link `arXiv:1706.03762/` read as a scheme, `.` and `..` name folders,
    and a leading '.' hides a file from MkDocs. Two keys that become one segment are a clash (`clashes`).
    """
    return _NOT_IN_SEGMENT.sub("-", key)


def paper_page(key: str) -> str:
    return f"papers/{segment(key)}.md"


def participant_page(n: int) -> str:
    return f"{PARTICIPANTS}/{n}.md"


def participant_calendar(n: int) -> str:
    return f"{PARTICIPANTS}/{n}.ics"


def notebook_page(notebook: str) -> str:
    """A companion notebook's page: its path relative to course.yaml, as written there."""
    return notebook


def notebook_output(notebook: str, name: str) -> str:
    """A picture a notebook's cell made, in the folder its page is served from."""
    return url_path(notebook_page(notebook)) + name


def notebook_download(notebook: str) -> str:
    return f"{DOWNLOADS}/{posixpath.basename(notebook)}"


def url_path(src: str) -> str:
    """The path a source file is served at, relative to the site's root ("" for the home page)."""
    # Notebooks become pages like Markdown files (notebook_pages), except the downloads, served as they are.
    if not src.endswith((".md", ".ipynb")) or src.startswith(DOWNLOADS + "/"):
        return src
    stem = src.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(target: str, here: str) -> str:
    """A link from the page `here` to the file `target` (source paths) as it works in served HTML.

    Markdown links name source files and MkDocs rewrites them; links written into HTML after that
    (on notebook pages) must name the served addresses. A notebook page is served like a Markdown page.
    """
    page = url_path(here.removesuffix(".ipynb") + ".md" if here.endswith(".ipynb") else here)
    folder = page if page.endswith("/") or not page else posixpath.dirname(page)
    served = url_path(target)
    link = posixpath.relpath(served or ".", folder or ".")
    return link + "/" if (not served or served.endswith("/")) and not link.endswith("/") else link


def clashes(claims: Iterable[tuple[str, T]]) -> list[tuple[T, T, str]]:
    """(first owner, second owner, address) for every source path whose published address is taken already.

    Letter case is ignored: on the file systems of macOS and Windows `papers/Ba/` and `papers/ba/` are
    one folder, so one page would overwrite the other in site/.
    """
    taken: dict[str, T] = {}
    found = []
    for src, owner in claims:
        address = url_path(src) or "/"
        first = taken.setdefault(address.casefold(), owner)
        if first is not owner:
            found.append((first, owner, address))
    return found


def absolute_url(site_url: str, src: str) -> str:
    """The published address of a source file on the site at `site_url`."""
    return site_url.rstrip("/") + "/" + url_path(src)


def site_link(site_url: str | None, src: str) -> str:
    """The address of a source file: absolute with a site_url, else its path on the site ("./" for home)."""
    if site_url:
        return absolute_url(site_url, src)
    return url_path(src) or "./"


def relative(target: str, here: str) -> str:
    """A link from the source file `here` to the source file `target`, as Markdown pages write it."""
    # Both are paths below docs/ without "." or "..", so this is string work: posixpath.relpath, which
    # makes both absolute first, cost a large course more than rendering its pages.
    folder, parts = here.split("/")[:-1], target.split("/")
    common = 0
    while common < min(len(folder), len(parts) - 1) and folder[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + parts[common:])


def webcal(site_url: str | None, src: str) -> str | None:
    """The webcal:// address of a published calendar file, which calendar apps subscribe to."""
    if not site_url:
        return None
    address = absolute_url(site_url, src)
    return "webcal://" + address.split("://", 1)[1].replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def unaddressable(name: str) -> str:
    """What in a course folder's name cannot be its address on the site (`courses/<name>/` is published at
    `<name>/`): '#' or '?' would end the path of every link to it, a space or quote is not allowed in one, a
    leading dot hides it from the published site; empty when the name is fine (letters and digits of any
    script, '-', '_' and '.')."""
    bad = sorted({c for c in name if not (c.isalnum() or c in "-_.")})
    if bad:
        named = ["a space" if c == " " else repr(c) for c in bad]
        shown = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
        return f"{shown} cannot be part of a web address"
    return "a name starting with '.' is left out of the published site" if name.startswith(".") else ""


def addressable_name(name: str) -> str:
    """A course folder's name made addressable (`unaddressable`): each run of other characters becomes '-'."""
    return re.sub(r"[^\w.-]+", "-", name).strip("-.") or "course"


def course_folders(root: Path) -> list[Path]:
    """The course folders of a repository that holds several courses (`courses/*/course.yaml`), by name;
    empty when the repository has a course at its top (one course, built as it always was)."""
    if (root / COURSE_FILE).exists() or not (root / COURSES).is_dir():
        return []
    return sorted(folder for folder in (root / COURSES).iterdir() if (folder / COURSE_FILE).is_file())


def listed(folder: Path) -> bool:
    """Whether the course folder is one of the courses of its repository's `courses/` (`course_folders`), published
    below the landing page at its folder's name."""
    here = folder.resolve()
    return here in course_folders(here.parent.parent)
