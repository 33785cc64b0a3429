"""A page's Markdown rendered once per content: `mkdocs serve` renders again only the pages that a save changed.

MkDocs renders every page's Markdown on every rebuild, and that is most of a rebuild: a save of course.yaml
changes a few generated pages, and the guide alone took a seventh of the seed's rebuild. The plugin keeps
each page's last render in this process (one per page: a serve holds one site's worth) with everything
MkDocs takes from it (`Page.render`: the HTML, the table of contents, the title, the anchors the page has
and links to), under a key of all it was made from: the page's Markdown after every plugin's
on_page_markdown and its front matter, its address, every file's address in the site (links are resolved
against them) and the Markdown settings of mkdocs.yml. When the key is the same, the page gets the kept
render instead of being rendered again; the extensions are deterministic, so it is what MkDocs would make.

A render that logged anything (a link MkDocs could not resolve, say) is never kept, so the message comes
back with every rebuild, and --strict still fails on it.

A generated page's HTML then goes through the allow-list (`allowed`), once per HTML as well.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..render import mathml, sanitize


@dataclass(frozen=True)
class _Render:
    key: bytes
    html: str
    toc: Any
    title: str | None
    anchors: frozenset[str] | None
    links: dict[str, dict[str, str]] | None
    """Page.links_to_anchors by the linked file's src_uri (the Files of another build hold other File objects)."""


_KEPT: dict[str, _Render] = {}
"""The last render of each page (by src_uri) in this process."""


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _rendered_title(page: Page) -> str | None:
    """The title MkDocs gives the page from its front matter or render, whatever title the navigation gives it."""
    return cast("str | None", Page.title.__get__(page))  # the weak_property itself, read past the navigation title


@functools.lru_cache(maxsize=256)
def allowed(html: str) -> str:
    """A generated page's HTML with its formulas as MathML and everything outside the allow-list removed.

    Kept for the pages of the last rebuild (the seed has 23; a larger course's preview runs the allow-list
    again): both steps depend on the HTML alone, and a kept render is the very string it was before, so
    finding it costs no more than comparing two references."""
    return sanitize.page(mathml.expand(html))


def _no_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render of a page whose render is kept: `Renders.content` gives the page what a render would."""
    page.content = ""
    page.toc = get_toc([])


class Renders:
    """One build's use of the kept renders; the plugin calls it around MkDocs' Page.render."""

    def __init__(self) -> None:
        self._site: bytes | None = None
        self._reused: dict[str, _Render] = {}
        self._made: dict[str, tuple[bytes, int]] = {}
        self._log = _Count()

    def start(self) -> None:
        """Before the pages are rendered: count what MkDocs logs while rendering."""
        logging.getLogger("mkdocs").addHandler(self._log)

    def stop(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._log)

    def _site_key(self, config: MkDocsConfig, files: Files) -> bytes:
        if self._site is None:
            settings = [repr(config.markdown_extensions), repr(sorted((config.mdx_configs or {}).items())),
                        repr(config.use_directory_urls), repr(config.validation)]
            addresses = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
            self._site = hashlib.sha256(json.dumps([settings, addresses]).encode()).digest()
        return self._site

    def markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The Markdown MkDocs should render: none when the page's render is kept (`content` gives it back)."""
        src = page.file.src_uri
        key = hashlib.sha256(self._site_key(config, files) + json.dumps(
            [src, json.dumps(page.meta, sort_keys=True, default=repr), markdown]).encode()).digest()
        kept = _KEPT.get(src)
        if kept is not None and kept.key == key:
            self._reused[src] = kept
            # MkDocs would still make a Markdown converter with every extension, to convert nothing.
            page.render = functools.partial(_no_render, page)  # type: ignore[method-assign]
            return ""
        self._made[src] = (key, self._log.count)
        return markdown

    def content(self, html: str, page: Page, files: Files) -> str:
        """The page's HTML as rendered, its kept render restored or its fresh one kept."""
        src = page.file.src_uri
        kept = self._reused.pop(src, None)
        if kept is not None:
            vars(page).pop("render", None)  # Page.render again, as MkDocs made the page
            page.toc = copy.deepcopy(kept.toc)
            if "title" not in vars(page):  # no title from the navigation (MkDocs sets it on the page)
                page.title = kept.title  # the title from the front matter or first heading, which an empty render lacks
            page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
            if kept.links is not None:
                page.links_to_anchors = {linked: dict(anchors) for uri, anchors in kept.links.items()
                                         if (linked := files.get_file_from_path(uri)) is not None}
            return kept.html
        made = self._made.pop(src, None)
        if made is not None and made[1] == self._log.count:  # rendered without a message
            links = page.links_to_anchors
            _KEPT[src] = _Render(made[0], html, copy.deepcopy(page.toc), _rendered_title(page),
                                 frozenset(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
                                 {f.src_uri: dict(a) for f, a in links.items()} if links is not None else None)
        else:
            _KEPT.pop(src, None)
        return html
