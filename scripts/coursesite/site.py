"""What the MkDocs hook needs, as plain functions: load, configure, list generated files."""

from __future__ import annotations

import datetime
import html
import logging
import os
from pathlib import Path

from . import escape, ics, notebook_html, pages, pdf, rotation, stamp
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


GUIDE = "guide.md"
"""The organizer guide, a static page in docs/ (the same for every course)."""
MATERIAL = "https://squidfunk.github.io/mkdocs-material/"


def navigation(course: Course, guide: bool = True) -> list:
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
        *([{t.guide: GUIDE}] if guide else []),
    ]


def footer(course: Course, when: stamp.Stamp) -> str:
    """The footer line (HTML, as Material shows `copyright`): course, "as of" date and source version."""
    t = Labels(course.language)
    link = f'<a href="{MATERIAL}">Material for MkDocs</a>'
    parts = [html.escape(course.semester), html.escape(course.institution),
             html.escape(t("stamp", date=t.long_date(when.date), version=when.version)), t("made_with", link=link)]
    return " · ".join(parts)


def configure(config, course: Course, when: stamp.Stamp) -> None:
    """Settings that come from course.yaml rather than mkdocs.yml."""
    config.site_name = escape.html(course.title)
    if course.site_url:
        config.site_url = course.site_url
    config.nav = navigation(course, guide=(Path(config.docs_dir) / GUIDE).is_file())
    config.theme["language"] = course.language
    t = Labels(course.language)
    for palette in config.theme.get("palette") or []:
        if isinstance(palette, dict) and palette.get("toggle"):
            # The toggle's name says where it leads: the dark ("slate") scheme leads back to light.
            palette["toggle"]["name"] = t.light_mode if palette.get("scheme") == "slate" else t.dark_mode
    config.copyright = footer(course, when)
    config.extra["generator"] = False  # Material's own "Made with" line is English only; footer() credits it


def notebooks(loaded: Loaded) -> dict[str, Path]:
    """Companion notebooks by their path below docs/ (as written in course.yaml), for mkdocs-jupyter."""
    root = loaded.course_file.parent
    return {s.notebook: root / s.notebook for s in loaded.course.sessions if s.notebook}


def explain_notebook_failure(page) -> None:
    """Make a failing notebook cell stop the build with one line that names the notebook.

    mkdocs-jupyter executes the notebook inside `page.render`; left alone, a failing
    cell ends the build with a long traceback that hides which notebook failed.
    """
    if not page.file.src_uri.endswith(".ipynb"):
        return
    render = page.render

    def render_or_explain(config, files):
        try:
            return render(config, files)
        except Exception as exc:  # nbclient's CellExecutionError, a dead kernel, ...
            from mkdocs.exceptions import PluginError

            what = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', '') or str(exc).splitlines()[0]}"
            raise PluginError(f"{page.file.src_uri}: a cell failed ({what}); open the notebook in Jupyter, "
                              "run all cells, fix the one that fails and build again") from None

    page.render = render_or_explain


def keep_notebook_out_of_search(page) -> None:
    """Notebook pages stay out of the search index: their code and outputs would bury the course pages.

    (Material's per-element `data-search-exclude` does not survive nbconvert's markup; the
    paper pages, which are searchable, link every notebook.)
    """
    if page.file.src_uri.endswith(".ipynb"):
        page.meta["search"] = {"exclude": True}


def finish_page(page_html: str, src_uri: str) -> str:
    """Last touch on a built page: notebook pages become self-contained (formulas as MathML, no CDN)."""
    return notebook_html.self_contained(page_html) if src_uri.endswith(".ipynb") else page_html


def generated_files(loaded: Loaded, when: stamp.Stamp | None = None) -> dict[str, str | bytes]:
    """Every file the course adds to the site: pages and downloads, by path below docs/.

    `when` is the build's stamp; without it, it is read from git here.
    """
    files: dict[str, str | bytes] = dict(pages.render_pages(loaded.course))
    files["papers.bib"] = loaded.bib_file.read_bytes()
    for src_uri, path in notebooks(loaded).items():
        # The notebook itself, without outputs, for students to download and run.
        files[pages.notebook_download(src_uri)] = path.read_bytes()
    course = loaded.course
    # The calendars' DTSTAMP is the stamp's date, so a rebuild of the same version changes no byte.
    as_of = when or stamp.current(loaded.course_file.parent)
    files[ics.COURSE_FILE] = ics.course_calendar(course, as_of.date)
    table = rotation.for_course(course)
    if table is not None:
        for n, calendar in ics.participant_calendars(course, table, as_of.date).items():
            files[ics.participant_file(n)] = calendar
    files["handout.pdf"] = pdf.handout(course, as_of)
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


def pin_build_date(day: datetime.date) -> None:
    """Date the build by the input (the stamp's date), not the clock, unless SOURCE_DATE_EPOCH is set.

    MkDocs writes the build date into sitemap.xml and the gzip header of sitemap.xml.gz; it reads
    SOURCE_DATE_EPOCH (the reproducible-builds convention) instead of the clock when it is set. So two
    builds of the same input are identical on any day.
    """
    epoch = int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
