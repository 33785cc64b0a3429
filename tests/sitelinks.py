"""Every link of a course's generated pages, resolved the way MkDocs resolves them, without MkDocs.

Pages are converted with Python-Markdown and mkdocs.yml's extensions; each `href` is resolved against
the page's source path (MkDocs rewrites links that name source files), each `data-href` (raw HTML that
names the served address, `paths.relative_url`) against the page's served address. A link is broken
when it names no published file, or a heading that its page does not have.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Collection, Mapping
from urllib.parse import unquote, urlsplit

import markdown

from coursesite.course import paths
from coursesite.render import links

_HREF = re.compile(r'\s(href|data-href)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]+)"')


@functools.cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=links.EXTENSIONS)


# By content: generated courses repeat pages (a paper's page, the info page, a participant's page of a small course),
# about a sixth of the Markdown of the 150-course property, and the HTML depends on the Markdown alone.
@functools.lru_cache(maxsize=512)
def to_html(page: str) -> str:
    # One converter, reset between pages (Python-Markdown's documented way to convert many documents): the same
    # HTML as a new one per page, without setting the extensions up again each time (a quarter of the cost).
    return _converter().reset().convert(page)


def _served_to_source(served: str, sources: Collection[str]) -> str | None:
    for src in sources:
        if (paths.url_path(src) or "") == served:
            return src
    return None


def html_pages(files: Mapping[str, str | bytes]) -> dict[str, str]:
    """Every Markdown page of `files` as HTML, by source path."""
    return {src: to_html(text) for src, text in files.items() if src.endswith(".md") and isinstance(text, str)}


def broken_links(files: Mapping[str, str | bytes], extra: Collection[str] = (paths.GUIDE, paths.MESSAGES),
                 pages: Mapping[str, str] | None = None) -> list[str]:
    """`page: link` for every link in the Markdown pages of `files` that leads nowhere (`pages`: their
    HTML, when the caller has it already)."""
    published = set(files) | set(extra)
    pages = html_pages(files) if pages is None else pages
    ids = {src: set(_ID.findall(page)) for src, page in pages.items()}
    served = {paths.url_path(src): src for src in published}
    found = []
    for src, page in pages.items():
        for kind, raw in _HREF.findall(page):
            link = html.unescape(raw)
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            path, anchor = unquote(parts.path), parts.fragment
            if kind == "href":
                target = src if not path else posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
            else:
                here = paths.url_path(src)
                folder = here if here.endswith("/") or not here else posixpath.dirname(here)
                address = posixpath.normpath(posixpath.join(folder, path)) + ("/" if path.endswith("/") else "")
                target = served.get("" if address in ("./", "./.") else address.removeprefix("./"), "?")
            if target not in published:
                found.append(f"{src}: {link} (no {target})")
            elif anchor and target in ids and anchor not in ids[target]:
                found.append(f"{src}: {link} (no heading #{anchor} on {target})")
    return found
