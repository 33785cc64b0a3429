"""What the MkDocs hook needs, as plain functions: load, configure, list generated files."""

from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path

from . import escape, pages, stamp
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
    # Material writes navigation titles and site_name into the HTML as they are: escape them here.
    papers = [{escape.html(f"{s.number}. {course.paper(s.paper).short}"): pages.paper_page(s.paper)} for s in course.sessions]
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
    config.site_name = escape.html(course.title)
    if course.site_url:
        config.site_url = course.site_url
    config.nav = navigation(course)
    config.theme["language"] = course.language


def generated_files(loaded: Loaded) -> dict[str, str | bytes]:
    """Every file the course adds to the site: pages and downloads, by path below docs/."""
    files: dict[str, str | bytes] = dict(pages.render_pages(loaded.course))
    files["papers.bib"] = loaded.bib_file.read_bytes()
    return files


def protect_title(page) -> None:
    """Make Material write the page's <title> from page.meta.title, which it does not unescape.

    Its other branch, `page.title | striptags`, turns `&lt;` back into `<`, so a paper titled
    `</title><script>...` would end the element and run. page.title is already HTML-escaped (MkDocs
    keeps the entities of the rendered heading; the navigation titles are escaped above). The home
    page keeps Material's own title, the site name alone.
    """
    if page.title and not page.is_homepage and "title" not in page.meta:
        page.meta["title"] = page.title


def pin_build_date(root: str | Path) -> None:
    """Date the build by the input (the stamp's date), not the clock, unless SOURCE_DATE_EPOCH is set.

    MkDocs writes the build date into sitemap.xml and the gzip header of sitemap.xml.gz; it reads
    SOURCE_DATE_EPOCH (the reproducible-builds convention) instead of the clock when it is set. So two
    builds of the same input are identical on any day.
    """
    day = stamp.current(root).date
    epoch = int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
