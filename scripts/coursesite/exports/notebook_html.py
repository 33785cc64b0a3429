"""Make a notebook page (HTML from mkdocs-jupyter) self-contained.

nbconvert's page expects MathJax and, for diagrams, Mermaid from a CDN. The
site asks no other host for anything, so the formulas are turned into MathML
at build time (latex2mathml; browsers render MathML natively, also in print)
and the loaders of remote scripts are removed.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

from ..course import paths
from ..model import Course
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
