"""Companion notebooks as page content: run and converted once, then read from a cache.

A notebook is run with nbclient (the runner nbconvert itself uses), only if it has code to run, and
converted by mkdocs-jupyter (with nbconvert) from what may be published of it (`notebook_cells`),
into page content that `notebook_html` makes plain, light and safe. mkdocs-jupyter is loaded only
when a notebook has no finished cache entry yet, because importing it costs more than a whole build
of the course pages. The cache, in the course folder, keeps each run notebook by its content and the
runner's version, and the page made from it, per language, by the version of everything that made it; an
unchanged notebook is never run again, and a change to the page making redoes only the conversion. A finished
page is used only with this user's mark on it (`seal`): the course folder is not private, and a page planted
there would otherwise be published without the sanitizer's pass.

The notebook pages share one small stylesheet (`NOTEBOOK_CSS`), written for the markup
`notebook_html` makes; nbconvert's own 600 kB of JupyterLab styles are not used.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import subprocess
import tempfile
import warnings
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .. import cache
from ..course import notebooks
from ..errors import CourseError, Problem
from ..render.i18n import Labels
from . import seal

CACHE = Path(".cache") / "coursesite" / "notebooks"
"""Below the course folder."""

SETTINGS: dict[str, Any] = {
    "execute": False,  # run before (`_run`), so that what is converted is only what may be published
    "allow_errors": False,
    "include_requirejs": False,  # no script from another host
    "kernel_name": "", "theme": "", "custom_mathjax_url": "",  # formulas become MathML later
    "show_input": True, "no_input": False, "no_prompt": True, "remove_tag_config": {}, "highlight_extra_classes": "",
}
"""mkdocs-jupyter's nb2html options (its plugin's defaults, except where a comment says why; no
prompts: `In [3]:` says nothing to a reader and costs a phone a fifth of its width)."""
TOC_DEPTH = 6
FORMAT = 2
"""Version of the cache entries' layout; a change makes every entry a miss."""
NOTEBOOK_CSS = Path(__file__).parents[1] / "templates" / "notebook.css"
_MAKERS = [Path(__file__).parents[1] / part for part in
           ("exports/notebook_html.py", "exports/notebook_cells.py", "course/notebooks.py", "render/sanitize.py",
            "course/paths.py", "render/i18n.py")]


@dataclass(frozen=True)
class NotebookPage:
    html: str
    """The page content: self-contained, sanitized (`notebook_html`)."""
    title: str | None
    """HTML: the notebook's first level-one heading."""
    toc: list[dict[str, Any]]
    """The headings as MkDocs' table-of-contents tokens."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Published with the page, by path on the site: its output pictures and the images next to the notebook it shows."""


@dataclass(frozen=True)
class Notebooks:
    pages: dict[str, NotebookPage]
    """By the page's path below docs/ (as `site.notebooks` gives them)."""
    stylesheet: str
    """CSS for every notebook page; empty without notebooks."""


@functools.cache
def _runner() -> str:
    """What a run notebook depends on besides the notebook: the runner's version and the layout."""
    return f"format={FORMAT}\nnbclient={version('nbclient')}\nnbformat={version('nbformat')}"


@functools.cache
def _code() -> bytes:
    """The code and settings that make a page, as this process runs them: read once, as Python reads its modules
    once (a `mkdocs serve` rebuild asked for the packages' versions and read the makers' files for each notebook)."""
    digest = hashlib.sha256()
    for part in [_runner(), f"toc_depth={TOC_DEPTH}", *(f"{k}={v!r}" for k, v in sorted(SETTINGS.items())),
                 *(f"{name}={version(name)}" for name in ("mkdocs-jupyter", "nbconvert", "latex2mathml", "nh3", "mistune"))]:
        digest.update(part.encode() + b"\n")
    for maker in _MAKERS:
        digest.update(maker.read_bytes())
    return digest.digest()


def _maker(language: str, images: dict[str, bytes]) -> str:
    """What a finished page depends on besides the run notebook: the code and settings that make it, its images."""
    digest = hashlib.sha256(_code())
    digest.update(language.encode() + b"\n")
    for path, content in sorted(images.items()):
        digest.update(path.encode() + hashlib.sha256(content).digest())
    return digest.hexdigest()


CELL_MINUTES = 10
"""The longest a cell may run: a cell that waits for input that never comes, or loops for ever, would otherwise hold
the build (and the preview, and the CI runner) until someone stops it."""


class _Failed(Exception):
    """A run that stopped in a cell (counted from 1, Markdown cells too, as `check` counts them), or before any; raised
    from nbclient's exception, its `__cause__`."""

    def __init__(self, cell: int | None):
        super().__init__(cell)
        self.cell = cell


def _run(notebook: Path) -> dict[str, Any]:
    """The notebook with the outputs of a fresh run; one without code is not run (no kernel is started)."""
    import nbformat

    with warnings.catch_warnings():
        # A notebook of format 4.5 whose cells have no ids (written by hand, or by a tool that leaves them out) makes
        # nbformat warn on each read and write, in words meant for programmers. The page numbers the cells itself
        # (`exports.notebook_cells`) and never uses their ids: there is nothing for an organizer to do.
        warnings.simplefilter("ignore", nbformat.warnings.MissingIDFieldWarning)
        warnings.simplefilter("ignore", nbformat.warnings.DuplicateCellId)
        nb = nbformat.read(notebook, as_version=4)
        if any(cell.cell_type == "code" and cell.source.strip() for cell in nb.cells):
            from nbclient import NotebookClient

            started: list[int] = []
            # The kernel's own messages (its transport, its start) say nothing to an organizer; errors in
            # cells come back as messages and fail the run.
            # Once the last cell has answered, the run holds every output and the kernel is only in the way:
            # it is stopped at once (its process group, children included) rather than asked to shut down.
            # Asked, ipykernel 7 missed its own exit in about one run in seven (its control thread waits on an
            # output thread that has stopped) and the build waited 2.5 s for jupyter_client to end it.
            client = NotebookClient(nb, kernel_name=SETTINGS["kernel_name"], allow_errors=SETTINGS["allow_errors"],
                                    timeout=CELL_MINUTES * 60, resources={"metadata": {"path": str(notebook.parent)}},
                                    on_cell_start=lambda cell, cell_index: started.append(cell_index),
                                    shutdown_kernel="immediate")
            try:
                client.execute(stderr=subprocess.DEVNULL)
            except Exception as exc:  # nbclient's CellExecutionError and CellTimeoutError, a dead kernel, ...
                raise _Failed(started[-1] + 1 if started else None) from exc
        return json.loads(nbformat.writes(nb))


@functools.cache
def _keep_compiled_templates() -> None:
    """nbconvert compiles its Jinja templates for every exporter, and mkdocs-jupyter makes two a notebook: ~75 ms of
    a text-only notebook's ~135 ms. Its environments keep compiled templates as the course's and the theme's do
    (`pages.bytecode_cache`, engine/theme.py); a template whose source or filters changed is compiled again."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    from ..render import pages

    create = TemplateExporter._create_environment

    def create_environment(self: TemplateExporter) -> Any:
        env = create(self)
        if env.bytecode_cache is None:
            env.bytecode_cache = pages.bytecode_cache()
        return env

    TemplateExporter._create_environment = create_environment  # type: ignore[method-assign]


def _convert(prepared: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str | None]:
    """Convert with mkdocs-jupyter: (HTML, table-of-contents tokens, title), as its plugin does."""
    import markdown
    from markdown.extensions.toc import TocExtension
    from mkdocs_jupyter import convert

    _keep_compiled_templates()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notebook.ipynb"
        path.write_text(json.dumps(prepared), encoding="utf-8")
        html = convert.nb2html(str(path), **SETTINGS)
        md = markdown.Markdown(extensions=[TocExtension(toc_depth=TOC_DEPTH)])
        md.convert(convert.nb2md(str(path)))
    tokens = md.toc_tokens
    title = next((token["name"] for token in tokens if token["level"] == 1), None)
    return html, tokens, title


def _failure(src: str, exc: Exception) -> Problem:
    cause = exc.__cause__ or exc if isinstance(exc, _Failed) else exc
    place = f"cell {exc.cell}" if isinstance(exc, _Failed) and exc.cell is not None else ""
    if isinstance(cause, TimeoutError):  # nbclient's CellTimeoutError
        return Problem(src, None, f"still running after {CELL_MINUTES} minutes, the longest a cell may take", place,
                       fix="make the cell faster (less data, fewer steps), or compute its result once, save it next to "
                           "the notebook and load that file in the cell")
    name = getattr(cause, "ename", type(cause).__name__)
    what = f"{name}: {getattr(cause, 'evalue', '') or (str(cause).splitlines() or [''])[0]}"
    if not place:
        return Problem(src, None, f"the notebook could not be run ({what})",
                       fix="open the notebook in Jupyter, run all cells, fix the one that fails and build again")
    fix = ("a module of your own: put its .py file next to the notebook (cells run in the notebook's folder); a "
           "package: add it to requirements/site.in, run `make lock` and commit both files"
           if name == "ModuleNotFoundError" else "open the notebook in Jupyter, run all cells, fix this one and build again")
    return Problem(src, None, f"the cell failed when run ({what})", place, fix=fix)


def _finish(run: dict[str, Any], src: str, labels: Labels, images: dict[str, bytes]) -> dict[str, Any]:
    """The page content, table of contents, title and output pictures of a run notebook."""
    # Imported here: latex2mathml and bs4 take longer to import than a cached page takes to read.
    from ..exports import notebook_cells, notebook_html
    from ..render import sanitize

    prepared = notebook_cells.prepare(run, src, labels)
    html, toc, title = _convert(prepared.notebook)
    sizes = {path: size for path, content in images.items()
             if (size := notebook_cells.picture_size(content, path.rsplit(".", 1)[-1].lower()))}
    inline = {path: "data:image/svg+xml;base64," + base64.b64encode(content).decode()
              for path, content in images.items() if path.lower().endswith(".svg")}

    def heading(name: str) -> str:
        return sanitize.notebook(notebook_html.self_contained(name))

    def headings(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**token, "name": heading(token["name"]), "children": headings(token["children"])} for token in tokens]

    return {"html": notebook_html.page_content(html, src, sizes, inline), "toc": headings(toc),
            "title": heading(title) if title is not None else None,
            "files": {path: base64.b64encode(content).decode() for path, content in prepared.files.items()}}


def _sealed(page: dict[str, Any]) -> bytes:
    """What a kept page's mark covers: everything of it that is published, and what it was made by (`seal`)."""
    return json.dumps({part: page.get(part) for part in ("by", "html", "toc", "title", "files")}, sort_keys=True).encode()


_PARSED: dict[Path, tuple[bytes, dict[str, Any], int]] = {}
"""The cache entry last read from each path in this process, by the SHA-256 of its bytes, with the size of its
run as JSON: each rebuild of `mkdocs serve` parsed the seed's five entries (4 MB of JSON) again; hashing the
bytes costs a fifth of that."""


def _read(entry: Path) -> tuple[dict[str, Any], int] | None:
    """A cache entry and the size of its run as JSON; None when it is missing or cut short (run again)."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(raw).digest()
    kept = _PARSED.get(entry)
    if kept is not None and kept[0] == digest:
        return kept[1], kept[2]
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not (isinstance(data, dict) and isinstance(data.get("run"), dict)):
        return None
    _PARSED[entry] = digest, data, len(json.dumps(data["run"]))
    return data, _PARSED[entry][2]


def _write(path: Path, text: str) -> None:
    """Keep an entry; a cache that cannot be written (a read-only checkout, a full disk) costs only the time of
    running the notebook again next build, so the build goes on without it."""
    try:
        cache.whole(path, text.encode("utf-8"))
    except OSError:
        return
    # Earlier versions of this notebook (the name's hash differs), once this one is kept.
    slug = path.stem.rpartition("-")[0]
    with contextlib.suppress(OSError):
        for stale in path.parent.glob(f"{slug}-{'?' * 32}.json"):
            if stale != path:
                stale.unlink(missing_ok=True)


def _inside(folder: Path, path: str) -> bool:
    file = folder / path
    return file.is_file() and file.resolve().is_relative_to(folder.resolve())


def load(notebooks_by_page: dict[str, Path], cache: Path, folder: Path, language: str = "en") -> Notebooks:
    """Every notebook's page content, run and converted where the cache lacks it; CourseError names each that fails.

    `folder` is the course folder, which the notebooks' paths (the keys) are relative to.
    """
    runner, labels = _runner(), Labels(language)
    pages: dict[str, NotebookPage] = {}
    problems: list[Problem] = []
    for src, notebook in notebooks_by_page.items():
        slug = src.replace("/", "--").removesuffix(".ipynb")
        entry = cache / f"{slug}-{hashlib.sha256(runner.encode() + notebook.read_bytes()).hexdigest()[:32]}.json"
        found = _read(entry)
        if found is None:
            try:
                data = {"run": _run(notebook)}
            except Exception as exc:  # nbclient's CellExecutionError, a dead kernel, ...
                problems.append(_failure(src, exc))
                continue
            _write(entry, json.dumps(data))
            size = len(json.dumps(data["run"]))
        else:
            data, size = found
        run = data["run"]
        # What the run added: outputs can load from another host too, and grow past the size limit.
        breaches, shown = notebooks.breaches(run, src, lambda path: _inside(folder, path))
        problems += [Problem(src, None, b.message, b.place, b.fix) for b in breaches]
        if size > notebooks.MAX_BYTES:
            problems.append(Problem(src, None, f"its outputs take {size / 1e6:.1f} MB when it runs, more than the "
                                    f"{notebooks.MAX_BYTES / 1e6:.0f} MB a notebook page may hold",
                                    fix="print less, or save large results as files instead of showing them"))
        if problems:
            continue
        images = {path: (folder / path).read_bytes() for path in shown}
        maker = _maker(language, images)
        # One finished page per language, so that switching a course's language (or building a copy of it
        # in another, as the tests do) and back converts nothing again.
        made: dict[str, Any] = data["pages"] if isinstance(data.get("pages"), dict) else {}
        kept = made.get(language)
        if not (isinstance(kept, dict) and kept.get("by") == maker and seal.valid(_sealed(kept), kept.get("seal"))):
            page = {"by": maker, **_finish(run, src, labels, images)}
            made[language] = {**page, "seal": seal.mark(_sealed(page))}
            data["pages"] = made
            data.pop("finished", None)  # the layout before pages by language
            _write(entry, json.dumps(data))
        finished = made[language]
        # SVG next to the notebook is in the page (`_finish`): a file of the site could run script when opened.
        files = {path: base64.b64decode(content) for path, content in finished["files"].items()} | {
            path: content for path, content in images.items() if not path.lower().endswith(".svg")}
        pages[src] = NotebookPage(html=finished["html"], title=finished["title"], toc=finished["toc"], files=files)
    if problems:
        raise CourseError(problems)
    stylesheet = NOTEBOOK_CSS.read_text(encoding="utf-8") if pages else ""
    return Notebooks(pages, stylesheet)
