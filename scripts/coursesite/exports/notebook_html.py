"""Make a notebook page (HTML from mkdocs-jupyter) self-contained, light and safe.

nbconvert's page expects MathJax and, for diagrams, Mermaid from a CDN. The
site asks no other host for anything, so the formulas are turned into MathML
at build time (latex2mathml; browsers render MathML natively, also in print).
nbconvert's JupyterLab markup (a dozen nested elements per cell, a copy button
that needs its own script, every code cell twice) becomes a few plain elements
that Material styles as its own code blocks; pictures get their size and load
lazily. The allow-list pass (`sanitize.notebook`) has the last word.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from latex2mathml.converter import convert

from ..course import notebooks, paths
from ..model import Course
from ..render import sanitize
from ..render.i18n import Labels

_TOKENS = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_SKIP = {"pre", "code", "script", "style", "math", "textarea"}
_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\$(?=\S)((?:\\\$|[^$])+?)(?<=\S)\$|\\\((.+?)\\\)", re.S)
# Inline scripts that only configure MathJax or fetch Mermaid from a CDN, and MathJax's empty <script src="">.
_REMOTE_SCRIPTS = re.compile(
    r'<script src="">\s*</script>|<script type="text/x-mathjax-config">.*?</script>'
    r'|<script type="module">(?:(?!</script>).)*?https://(?:(?!</script>).)*?</script>', re.S)


def _mathml(tex: str, display: bool) -> str:
    try:
        return convert(html.unescape(tex).strip(), display="block" if display else "inline")
    except Exception:  # latex2mathml does not know every macro; show the TeX rather than fail the build
        return f'<code class="cs-tex">{html.escape(html.unescape(tex))}</code>'


def _convert_text(text: str) -> str:
    def replace(m: re.Match) -> str:
        display_tex = m.group(1) or m.group(2)
        return _mathml(display_tex, True) if display_tex is not None else _mathml(m.group(3) or m.group(4), False)

    return _MATH.sub(replace, text)


def self_contained(page_html: str) -> str:
    """The notebook page with formulas as MathML and without scripts from other hosts."""
    page_html = _REMOTE_SCRIPTS.sub("", page_html)
    out: list[str] = []
    text: list[str] = []
    skipping: list[str] = []

    def flush() -> None:
        if text:
            joined = "".join(text)
            out.append(joined if skipping else _convert_text(joined))
            text.clear()

    for token in _TOKENS.split(page_html):
        if not token.startswith("<"):
            text.append(token)
            continue
        name = re.match(r"</?\s*([a-zA-Z0-9]+)", token)
        tag = name.group(1).lower() if name else ""
        if token.startswith("<!--"):
            text.append(token) if not skipping else out.append(token)
            continue
        flush()
        if tag in _SKIP and not token.endswith("/>"):
            if token.startswith("</"):
                if skipping and skipping[-1] == tag:
                    skipping.pop()
            else:
                skipping.append(tag)
        out.append(token)
    flush()
    return "".join(out)


_WRAPPER = '<div class="jupyter-wrapper">'
_WRAPPER_END = "<!-- jupyter-wrapper -->"
# nbconvert's parts of a cell that are kept, under this module's names (`sanitize.NOTEBOOK_CLASSES`).
_KEPT = {"jp-CodeCell": "cs-nb-cell cs-nb-code", "jp-MarkdownCell": "cs-nb-cell cs-nb-markdown",
         "jp-OutputArea": "cs-nb-outputs", "jp-OutputArea-output": "cs-nb-output", "highlight-ipynb": "highlight"}
# Controls that need nbconvert's script or JupyterLab's layout, and the second copy of each code cell.
_DROPPED = ("zeroclipboard-container", "clipboard-copy-txt", "jp-Collapser", "jp-InputPrompt", "jp-OutputPrompt",
            "celltoolbar")


def wrapper(converted: str) -> str:
    """The notebook itself in nbconvert's HTML, without the styles and scripts around it."""
    start, end = converted.find(_WRAPPER), converted.rfind(_WRAPPER_END)
    return converted[start:end] if 0 <= start < end else converted


def _shape(soup: Any, notebook: str, sizes: dict[str, tuple[int, int]]) -> None:
    for element in soup.select("." + ", .".join(_DROPPED)):
        element.decompose()
    for div in soup.find_all("div"):
        classes = div.get("class") or []
        kept = [_KEPT[c] for c in classes if c in _KEPT]
        if "jp-Cell" in classes and div.find_parent(class_="cs-nb-cell"):
            kept = []  # mkdocs-jupyter wraps each code cell twice
        if div.get("data-mime-type") == "application/vnd.jupyter.stderr":
            kept.append("cs-nb-stderr")
        if not kept and div.get("class") != ["jupyter-wrapper"]:
            div.unwrap()
            continue
        div.attrs = {"class": " ".join(kept).split()} if kept else {"class": ["cs-nb"]}
        if kept == ["highlight"] and div.pre is not None and div.pre.code is None:
            code = soup.new_tag("code")
            for child in list(div.pre.children):
                code.append(child.extract())
            div.pre.append(code)
    for anchor in soup.select("a.anchor-link"):
        anchor["class"] = ["headerlink"]
    first = True
    for img in soup.find_all("img"):
        src = img.get("src", "")
        if notebooks.address_kind(src) == "relative":
            path = posixpath.normpath(posixpath.join(posixpath.dirname(notebook), src.split("#")[0].split("?")[0]))
            img["src"] = paths.relative_url(path, notebook)
            if (not img.get("width") or not img.get("height")) and path in sizes:
                img["width"], img["height"] = (str(n) for n in sizes[path])
        img["decoding"] = "async"
        if not first:
            img["loading"] = "lazy"  # the first one may be on the first screen, the others are not
        first = False


def page_content(converted: str, notebook: str, sizes: dict[str, tuple[int, int]]) -> str:
    """A notebook's page content from nbconvert's HTML: formulas as MathML, plain markup, only allowed HTML.

    `sizes` gives (width, height) of the pictures published with the notebook, by their path on the site.
    """
    from bs4 import BeautifulSoup  # only when a notebook is converted

    soup = BeautifulSoup(self_contained(wrapper(converted)), "html.parser")
    _shape(soup, notebook, sizes)
    return sanitize.notebook(str(soup))


def with_links(content_html: str, course: Course, notebook: str) -> str:
    """The notebook's content with a line under its first heading: its paper, session(s) and download.

    A reader who arrives from a search or a shared link sees what the notebook belongs to and can
    take the .ipynb file along without going back to the paper page.
    """
    t = Labels(course.language)
    sessions = [s for s in course.sessions if s.notebook == notebook]
    if not sessions:
        return content_html

    def a(target: str, label: str, extra: str = "") -> str:
        return f'<a href="{html.escape(paths.relative_url(target, notebook))}"{extra}>{html.escape(label)}</a>'

    parts = [a(paths.paper_page(paper.key), f"{paper.short_authors}: {paper.title}") for paper in course.papers_of(sessions[0])]
    parts += [a(paths.SCHEDULE, t._("Session") + f" {s.number}, {t.day_name(s.date)}, {t.long_date(s.date)}") for s in sessions]
    parts.append(a(paths.notebook_download(notebook), t._("download the .ipynb file"), " download"))
    title = html.escape(t._("Paper and session"))
    # The name of the close button of notebook.js's picture dialog, in the page's language.
    close = html.escape(t._("Close"))
    line = f'<p class="cs-notebook-links" data-close="{close}"><strong>{title}:</strong> {" · ".join(parts)}</p>'
    heading = re.search(r"</h1>", content_html)
    at = heading.end() if heading else 0
    return content_html[:at] + line + content_html[at:]
