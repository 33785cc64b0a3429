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
    # Imported here: only a notebook converted anew has formulas made (`notebook_pages`), and the import cost every
    # build that shows notebook pages from the cache 0.02 s.
    from latex2mathml.converter import convert

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
# Pygments' token spans that Material draws in the code's own colour (names: --md-code-hl-name-color is
# --md-code-fg-color in both schemes) or does not style at all (whitespace, string prefixes) become plain text.
# They are over a quarter of a notebook page's elements, and Material's start-up restyles the whole page about five
# times per load: these long style tasks were most of the pages' Lighthouse time (issue 24).
_PLAIN_TOKENS = (["n"], ["w"], ["sa"])


# About the text that fills a phone's first screen under the page's title: 20 lines of 40 characters, a line of code
# or output counting as a whole line however short. A picture after more is below the first screen and is loaded
# lazily (the browser starts when the reader scrolls near it); one before may be on it and loads with the page.
# Plots come after their code, far below the first screen: loaded with the page, the first one (40-150 kB) took
# a phone's bandwidth from the styles and scripts the page needs first (Lighthouse: LCP 0.4-0.8 s later, issue 24).
_FIRST_SCREEN = 20 * 40


def _text_above(soup: Any) -> dict[int, int]:
    """For each picture (by id()), about how many characters of phone-width text come before it (`_FIRST_SCREEN`)."""
    from bs4 import Comment, NavigableString

    above, seen = {}, 0
    for node in soup.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, Comment) and node.find_parent("pre") is None:
                seen += len(node.strip())
        elif node.name == "pre":
            seen += sum(max(len(line), 40) for line in node.get_text().strip("\n").split("\n"))
        elif node.name == "img":
            above[id(node)] = seen
    return above


def wrapper(converted: str) -> str:
    """The notebook itself in nbconvert's HTML, without the styles and scripts around it."""
    start, end = converted.find(_WRAPPER), converted.rfind(_WRAPPER_END)
    return converted[start:end] if 0 <= start < end else converted


def _shape(soup: Any, notebook: str, sizes: dict[str, tuple[int, int]], inline: dict[str, str]) -> None:
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
        if kept == ["highlight"] and div.pre is not None and not div.pre.get_text().strip():
            div.decompose()  # a code cell without code (its outputs committed): no empty code block
            continue
        if kept == ["highlight"] and div.pre is not None and div.pre.code is None:
            code = soup.new_tag("code")
            for child in list(div.pre.children):
                code.append(child.extract())
            div.pre.append(code)
    for token in soup.select(".highlight code span[class]"):
        if token["class"] in _PLAIN_TOKENS:
            token.unwrap()
    for anchor in soup.select("a.anchor-link"):
        anchor["class"] = ["headerlink"]
    for link in soup.find_all("a", href=True):
        # Written relative to the notebook's folder, as in Jupyter; the page is served one folder deeper, and
        # another notebook is read as its page.
        target, hash_, fragment = link["href"].partition("#")
        if target and notebooks.address_kind(target) == "relative":
            path = posixpath.normpath(posixpath.join(posixpath.dirname(notebook), target.split("?")[0]))
            link["href"] = paths.relative_url(path, notebook) + hash_ + fragment
    above = _text_above(soup)
    for img in soup.find_all("img"):
        src = img.get("src", "")
        if notebooks.address_kind(src) == "relative":
            path = posixpath.normpath(posixpath.join(posixpath.dirname(notebook), src.split("#")[0].split("?")[0]))
            img["src"] = inline.get(path) or paths.relative_url(path, notebook)
            if (not img.get("width") or not img.get("height")) and path in sizes:
                img["width"], img["height"] = (str(n) for n in sizes[path])
        img["decoding"] = "async"
        if above[id(img)] > _FIRST_SCREEN:
            img["loading"] = "lazy"


def page_content(converted: str, notebook: str, sizes: dict[str, tuple[int, int]], inline: dict[str, str]) -> str:
    """A notebook's page content from nbconvert's HTML: formulas as MathML, plain markup, only allowed HTML.

    `sizes` gives (width, height) of the pictures published with the notebook, by their path on the
    site; `inline` the data: addresses of those shown in the page itself (SVG), by path.
    """
    from bs4 import BeautifulSoup  # only when a notebook is converted

    soup = BeautifulSoup(self_contained(wrapper(converted)), "html.parser")
    _shape(soup, notebook, sizes, inline)
    return sanitize.notebook(str(soup))


_ADDRESS = re.compile(r'(<(?:img|a)\b[^>]*?\s(?:src|href)=")([^"]*)(")')


def for_file_urls(content_html: str, notebook: str) -> str:
    """The page content with its relative addresses for a site of .html files (the offline preview).

    Addresses on notebook pages are written for pages served as folders (`paths.relative_url`): the page
    of notebooks/x.ipynb is notebooks/x/, without folders it is notebooks/x.html, one level up, and the
    pages it links are files too. The allow-list pass writes every attribute in double quotes, with
    quotes inside escaped, so the pattern finds each address whole.
    """
    stem = posixpath.basename(notebook).removesuffix(".ipynb")

    def rebase(m: re.Match) -> str:
        address = html.unescape(m.group(2))
        if notebooks.address_kind(address) != "relative":
            return m.group()
        path, hash_, fragment = address.partition("#")
        path = path[3:] if path.startswith("../") else f"{stem}/{path}"
        if path.endswith("/") or path in ("", ".."):
            path = path + "index.html" if path in ("", "..") or path.endswith("../") else path.rstrip("/") + ".html"
        return m.group(1) + html.escape(path + hash_ + fragment) + m.group(3)

    return _ADDRESS.sub(rebase, content_html)


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
