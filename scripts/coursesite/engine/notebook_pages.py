"""Companion notebooks as page content: executed and converted once, then read from a cache.

mkdocs-jupyter (with nbconvert) is the converter: it runs the notebook and turns it into HTML. It
is loaded only when a notebook has no cache entry yet, because importing it costs more than a
whole build of the course pages. The cache, in the course folder, keeps each converted notebook
by its content and the converter's settings and version; an unchanged notebook is never run again.

nbconvert puts some 600 kB of JupyterLab styles into every notebook it converts, the same for
every notebook. They are kept apart, once, as the notebooks' shared stylesheet.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..errors import CourseError, Problem

CACHE = Path(".cache") / "coursesite" / "notebooks"
"""Below the course folder."""

SETTINGS: dict[str, Any] = {
    "execute": True,  # notebooks are stored without outputs; run them for the site
    "allow_errors": False,  # a failing cell fails the build (the default would publish the error)
    "include_requirejs": False,  # no script from another host
    "kernel_name": "", "theme": "", "custom_mathjax_url": "",  # the notebook's kernel; formulas become MathML later
    "show_input": True, "no_input": False, "no_prompt": False, "remove_tag_config": {}, "highlight_extra_classes": "",
}
"""mkdocs-jupyter's nb2html options (its plugin's defaults, except where a comment says why)."""
TOC_DEPTH = 6
FORMAT = 1
"""Version of the cache entries' layout; a change makes every entry a miss."""

_WRAPPER = '<div class="jupyter-wrapper">'
_WRAPPER_END = "<!-- jupyter-wrapper -->"
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL)


@dataclass(frozen=True)
class NotebookPage:
    html: str
    """The page content: self-contained (`notebook_html`), without the styles (see `Notebooks.stylesheet`)."""
    title: str | None
    """HTML: the notebook's first level-one heading."""
    toc: list[dict[str, Any]]
    """The headings as MkDocs' table-of-contents tokens."""


@dataclass(frozen=True)
class Notebooks:
    pages: dict[str, NotebookPage]
    """By the page's path below docs/ (as `site.notebooks` gives them)."""
    stylesheet: str
    """CSS for every notebook page; empty without notebooks."""


def _converter() -> str:
    """What the converted HTML depends on besides the notebook: settings and converter versions."""
    parts = [f"format={FORMAT}", f"toc_depth={TOC_DEPTH}", *(f"{key}={value!r}" for key, value in sorted(SETTINGS.items())),
             *(f"{name}={version(name)}" for name in ("mkdocs-jupyter", "nbconvert"))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def split_styles(html: str) -> tuple[str, str]:
    """nbconvert's HTML as (the content without its page-wide styles, those styles as one stylesheet).

    The styles stand before and after the notebook's wrapper element; <style> elements inside it
    belong to cell outputs (such as a table's) and stay.
    """
    start, end = html.find(_WRAPPER), html.rfind(_WRAPPER_END)
    if start < 0 or end < 0:
        return html, ""
    end += len(_WRAPPER_END)
    head, body, tail = html[:start], html[start:end], html[end:]
    # In their order on the page, so that the cascade is the same.
    css = "\n".join(m.group(1).strip("\n") for part in (head, tail) for m in _STYLE.finditer(part))
    return _STYLE.sub("", head) + body + _STYLE.sub("", tail), css + "\n"


def _convert(notebook: Path) -> tuple[str, list[dict[str, Any]], str | None]:
    """Execute and convert with mkdocs-jupyter: (HTML, table-of-contents tokens, title), as its plugin does."""
    import markdown
    from markdown.extensions.toc import TocExtension
    from mkdocs_jupyter import convert

    html = convert.nb2html(str(notebook), **SETTINGS)
    md = markdown.Markdown(extensions=[TocExtension(toc_depth=TOC_DEPTH)])
    md.convert(convert.nb2md(str(notebook)))
    tokens = md.toc_tokens
    title = next((token["name"] for token in tokens if token["level"] == 1), None)
    return html, tokens, title


def _failure(src: str, exc: Exception) -> Problem:
    what = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', '') or (str(exc).splitlines() or [''])[0]}"
    return Problem(src, None, f"a cell failed ({what})",
                   fix="open the notebook in Jupyter, run all cells, fix the one that fails and build again")


def _finishing() -> str:
    """What the finished page content depends on besides the converted HTML: notebook_html and latex2mathml."""
    code = (Path(__file__).parents[1] / "exports" / "notebook_html.py").read_bytes()
    return hashlib.sha256(code + version("latex2mathml").encode()).hexdigest()


def _finish(html: str, toc: list[dict[str, Any]]) -> dict[str, Any]:
    """The page content and the table of contents (whose headings may hold formulas too), self-contained."""
    # Imported here: latex2mathml takes longer to import than the formulas of a notebook take to convert.
    from ..exports.notebook_html import self_contained

    def headings(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**token, "name": self_contained(token["name"]), "children": headings(token["children"])} for token in tokens]

    return {"html": self_contained(html), "toc": headings(toc)}


def _read(entry: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, or cut short: convert again
        return None
    return data if isinstance(data, dict) and {"converted", "headings", "title"} <= data.keys() else None


def _write(path: Path, text: str) -> None:
    # Whole or not at all: a build stopped midway must not leave an entry cut short.
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)


def load(notebooks: dict[str, Path], cache: Path) -> Notebooks:
    """Every notebook's page content, converted where the cache lacks it; CourseError names each that fails.

    An entry keeps nbconvert's HTML (without the styles) and the finished page content made from it
    (`notebook_html`); only the second is redone when notebook_html or latex2mathml change.
    """
    converter, finishing = _converter(), _finishing()
    stylesheet = cache / f"stylesheet-{converter[:16]}.css"
    css = stylesheet.read_text(encoding="utf-8") if stylesheet.is_file() else None
    pages: dict[str, NotebookPage] = {}
    problems: list[Problem] = []
    for src, notebook in notebooks.items():
        slug = src.replace("/", "--").removesuffix(".ipynb")
        entry = cache / f"{slug}-{hashlib.sha256(converter.encode() + notebook.read_bytes()).hexdigest()[:32]}.json"
        data = _read(entry) if css is not None else None
        if data is None:
            try:
                html, toc, title = _convert(notebook)
            except Exception as exc:  # nbclient's CellExecutionError, a dead kernel, ...
                problems.append(_failure(src, exc))
                continue
            converted, css = split_styles(html)
            data = {"converted": converted, "headings": toc, "title": title}
            cache.mkdir(parents=True, exist_ok=True)
            _write(stylesheet, css)
            for stale in cache.glob(f"{slug}-{'?' * 32}.json"):  # earlier versions of this notebook
                stale.unlink()
        if data.get("finished", {}).get("by") != finishing:
            data["finished"] = {"by": finishing, **_finish(data["converted"], data["headings"])}
            _write(entry, json.dumps(data))
        finished = data["finished"]
        pages[src] = NotebookPage(html=finished["html"], title=data["title"], toc=finished["toc"])
    if problems:
        raise CourseError(problems)
    return Notebooks(pages, css or "")
