"""What the MkDocs hook needs, as plain functions: load, configure, list generated files."""

from __future__ import annotations

import logging
from pathlib import Path

from . import ics, pages, pdf, rotation, stamp
from .i18n import Labels
from .load import Loaded, load
from .model import Course

COURSE_FILE = "course.yaml"
BIB_FILE = "papers.bib"

logging.getLogger("coursesite").addHandler(logging.StreamHandler())
logging.getLogger("coursesite").propagate = False


def load_course(root: str | Path) -> Loaded:
    root = Path(root)
    return load(root / COURSE_FILE, root / BIB_FILE)


def navigation(course: Course) -> list:
    t = Labels(course.language)
    papers = [{f"{s.number}. {course.paper(s.paper).short}": pages.paper_page(s.paper)} for s in course.sessions]
    return [
        {t.home: "index.md"},
        {t.info: "info.md"},
        {t.schedule: "schedule.md"},
        {t.roles: "roles.md"},
        {t.rotation: "rotation.md"},
        {t.papers: ["papers/index.md", *papers]},
    ]


def configure(config, course: Course) -> None:
    """Settings that come from course.yaml rather than mkdocs.yml."""
    config.site_name = course.title
    if course.site_url:
        config.site_url = course.site_url
    config.nav = navigation(course)
    config.theme["language"] = course.language


def generated_files(loaded: Loaded) -> dict[str, str | bytes]:
    """Every file the course adds to the site: pages and downloads, by path below docs/."""
    files: dict[str, str | bytes] = dict(pages.render_pages(loaded.course))
    files["papers.bib"] = loaded.bib_file.read_bytes()
    course = loaded.course
    # The calendars' DTSTAMP is the stamp's date, so a rebuild of the same version changes no byte.
    as_of = stamp.current(loaded.course_file.parent)
    files[ics.COURSE_FILE] = ics.course_calendar(course, as_of.date)
    table = rotation.for_course(course)
    if table is not None:
        for n in table.participants:
            files[ics.participant_file(n)] = ics.participant_calendar(course, table, n, as_of.date)
    files["handout.pdf"] = pdf.handout(course, as_of)
    return files
