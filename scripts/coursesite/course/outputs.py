"""No name in the course may replace or break another generated file: every output checked against every other.

BibTeX keys and notebook paths become addresses on the site (`paths`). A key `index` would be
published where the reading list is, a notebook `index.ipynb` where the home page is, two notebooks
`a/x.ipynb` and `b/x.ipynb` would share one download. The loader hands every output's source path
and who asks for it to `paths.clashes`, which compares their published addresses, and reports each
clash naming both sources. Notebooks are also read here: each must be a regular file inside the
course folder (a symlink out of it would publish any file the build can read), at most
`notebooks.MAX_BYTES` large, valid JSON, and publishable (`notebooks.breaches`: nothing loaded from
another host, every image it shows next to it).
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path as FsPath

from ..errors import Problems, entry_label
from ..model import Course
from ..sources.yamlsource import Located
from . import notebooks, paths

# Path segments that stay readable as URL segments: no ':' (a relative link `a:b/` reads as a scheme),
# no spaces or '%', no hidden folders (MkDocs skips names that start with '.').
_NOTEBOOK_PATH = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.ipynb")


@dataclass(frozen=True)
class Source:
    """Who asks for an output: where to report a clash, and how to name the output in the message."""

    file: str
    line: int | None
    path: str | tuple
    """Path inside the file (`("sessions", 2, "notebook")`, named by the loader), or "" for a BibTeX entry."""
    what: str


def _fixed(name: str) -> Source:
    return Source("", None, "", name)


FIXED = {paths.HOME: "the home page", paths.INFO: "the course-information page", paths.SCHEDULE: "the schedule",
         paths.ROLES: "the roles page", paths.ROTATION: "the rotation page", paths.READING_LIST: "the reading list",
         paths.GUIDE: "the organizer guide", paths.MESSAGES: "the messages page",
         paths.BIBLIOGRAPHY: "the papers.bib download",
         paths.HANDOUT: "the handout", paths.COURSE_CALENDAR: "the course calendar"}


def check(course: Course | None, doc: Located, folder: FsPath, bib_name: str, problems: Problems) -> None:
    """Report notebooks that cannot be published and, for a valid course, every pair of outputs that would
    share an address (a course with other errors is None; its notebooks are checked all the same)."""
    claims: list[tuple[str, Source]] = [(src, _fixed(what)) for src, what in FIXED.items()]
    if course is not None:
        for n in range(1, (course.participants or 0) + 1):
            claims += [(paths.participant_page(n), _fixed(f"participant {n}'s page")),
                       (paths.participant_calendar(n), _fixed(f"participant {n}'s calendar"))]
        for key, paper in course.papers.items():
            if paper is not None:
                claims.append((paths.paper_page(key), Source(bib_name, paper.line, "", f"the page of {entry_label(key)}")))
    sessions = doc.data.get("sessions") if isinstance(doc.data, dict) else None
    seen: set[str] = set()
    for i, item in enumerate(sessions if isinstance(sessions, list) else ()):
        notebook = item.get("notebook") if isinstance(item, dict) else None
        if not isinstance(notebook, str):
            continue
        notebook = notebook.strip()
        if notebook in seen:  # one notebook for two sessions: one page, one download
            continue
        seen.add(notebook)
        where = ("sessions", i, "notebook")
        if not _readable_notebook(notebook, folder, doc, where, problems):
            continue
        line, path = doc.line(where), where
        claims += [(paths.notebook_page(notebook), Source(doc.file, line, path, f"the notebook page {notebook}")),
                   (paths.notebook_download(notebook), Source(doc.file, line, path, f"the download of {notebook}"))]
    if course is None:
        return
    for first, second, address in paths.clashes(claims):
        at = f" ({first.file}:{first.line})" if first.file else ""
        problems.error(second.file, second.line,
                       f"{second.what} would be published at {address}, the address of {first.what}{at}",
                       path=second.path, fix=_fix(second))


def _fix(source: Source) -> str:
    if source.what.startswith("the page of entry"):
        return "give the entry another key (and change it in course.yaml too)"
    return "rename the notebook file (or move it to another folder) and change the path here"


def _readable_notebook(notebook: str, folder: FsPath, doc: Located, where: tuple, problems: Problems) -> bool:
    """Whether the notebook is a regular file inside the course folder holding a notebook's JSON (else reported)."""

    def error(message: str, fix: str) -> bool:
        problems.error(doc.file, doc.line(where), message, path=where, fix=fix)
        return False

    if notebook.startswith("/") or ".." in notebook.split("/") or not notebook.endswith(".ipynb"):
        return error(f"{notebook} is not a notebook inside the course folder",
                     "give the path of an .ipynb file relative to course.yaml, e.g. notebooks/paper.ipynb")
    if not _NOTEBOOK_PATH.fullmatch(notebook):
        return error(f"the notebook path {notebook} has characters that do not work in a web address",
                     "use letters, digits, '-', '_' and '.' in folder and file names, no spaces or ':', "
                     "and no name starting with '.'")
    if notebook.split("/")[0] == paths.PRIVATE:
        return error(f"{notebook} is in {paths.PRIVATE}/, the organizer's folder that is never published",
                     "move the notebook to notebooks/ and change the path here")
    file = folder / notebook
    if not file.exists() and not file.is_symlink():
        return error(f"the notebook {notebook} does not exist", "check the path (relative to course.yaml) or remove the key")
    real = file.resolve()
    if not real.is_relative_to(folder.resolve()):
        return error(f"{notebook} leads outside the course folder (a symbolic link to {real})",
                     "copy the notebook into the course folder instead of linking to it")
    info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        return error(f"{notebook} is not a regular file", "give the path of a notebook file")
    if info.st_size > notebooks.MAX_BYTES:
        return error(f"{notebook} is {info.st_size / 1e6:.1f} MB, more than the {notebooks.MAX_BYTES / 1e6:.0f} MB "
                     "a notebook page may hold", "clear its outputs (Jupyter: Edit > Clear Outputs of All Cells) and "
                     "save large data or pictures as files next to it")
    try:
        data = json.loads(real.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError, OSError) as exc:
        at = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        why = f"it cannot be read ({exc.strerror})" if isinstance(exc, OSError) else f"its text is not valid JSON{at}"
        return error(f"{notebook} is not a Jupyter notebook: {why}", "open it in Jupyter and save it again, or restore it from git")
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return error(f"{notebook} is not a Jupyter notebook: it has no list of cells",
                     "open it in Jupyter and save it again, or restore it from git")
    breaches, _ = notebooks.breaches(data, notebook, lambda path: _inside(folder, path))
    for breach in breaches:
        problems.error(notebook, None, breach.message, path=breach.place, fix=breach.fix)
    return True


def _inside(folder: FsPath, path: str) -> bool:
    """Whether `path` (relative to the course folder) is a regular file that stays inside it."""
    file = folder / path
    return file.is_file() and file.resolve().is_relative_to(folder.resolve())
