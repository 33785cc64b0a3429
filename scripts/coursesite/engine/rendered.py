"""A page's Markdown rendered once per content: a build renders only the pages that changed since a build before.

MkDocs renders every page's Markdown on every build, and that is most of a build: a save of course.yaml changes a
few generated pages, and the guide alone took a seventh of the seed's rebuild; in a course of 50 sessions and
200 participants the renders are three quarters of the build. The plugin keeps each page's render (one per page
in this process, where a serve holds one site's worth, and in the per-user private folder between builds, `kept`)
with everything MkDocs takes from it (`Page.render`: the HTML, the table of contents, the title, the anchors the
page has and links to), under a key of all it was made from: the page's Markdown after every plugin's
on_page_markdown and its front matter, its address, every file's address in the site (links are resolved
against them), the Markdown settings of mkdocs.yml, and what renders (`kept.tools`: Python, the installed
distributions, this package's code). When the key is the same, the page gets the kept render instead of being
rendered again; the extensions are deterministic, so it is what MkDocs would make.

A render that logged anything (a link MkDocs could not resolve, say) is never kept, so the message comes
back with every build, and --strict still fails on it.

A generated page's HTML goes through the allow-list (`allowed`); the kept render is the HTML after it.

A render kept between builds is used only when its file carries this user's mark (`seal`) over its key and
content, as the notebook pages are: the folder is this user's own, and the mark makes sure that what is
published is what one of this user's builds rendered from equal input. Where the Markdown settings name an
extension outside the installed distributions (a module of the project, which can change without a new version)
or a value that is not data, renders are kept in this process only.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from markdown import util as markdown_util
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..render import mathml, sanitize
from . import kept, seal

FOLDER = "coursesite-renders"
KEEP = 2048
"""Renders kept between builds, the newest: the sites built lately (the seed has 23 Markdown pages, 0.3 MB; 50
sessions x 200 participants 256, 18 MB)."""


@dataclass(frozen=True)
class _Render:
    key: bytes
    html: str
    """After the allow-list, for a generated page."""
    toc: list[dict[str, Any]]
    """MkDocs' table of contents as the tokens it was made from (`get_toc`)."""
    title: str | None
    anchors: list[str] | None
    links: dict[str, dict[str, str]] | None
    """Page.links_to_anchors by the linked file's src_uri (the Files of another build hold other File objects)."""

    def encoded(self) -> bytes:
        """The kept file's content: all but the HTML as JSON on a line, then the HTML."""
        return json.dumps([self.toc, self.title, self.anchors, self.links]).encode() + b"\n" + self.html.encode()

    @classmethod
    def decoded(cls, key: bytes, content: bytes) -> _Render:
        rest, _, html = content.partition(b"\n")
        toc, title, anchors, links = json.loads(rest)
        return cls(key, html.decode(), toc, title, anchors, links)


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


def _tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    """The table of contents as the tokens `get_toc` makes it from (as Markdown's toc extension gives them)."""
    return [{"level": item.level, "id": item.id, "name": item.title, "children": _tokens(item.children)} for item in items]


@functools.lru_cache(maxsize=256)
def allowed(html: str) -> str:
    """A generated page's HTML with its formulas as MathML and everything outside the allow-list removed.

    Kept for the pages of the last rebuild (the seed has 23; a larger course's preview runs the allow-list
    again): both steps depend on the HTML alone."""
    return sanitize.page(mathml.expand(html))


def _no_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render of a page whose render is kept: `Renders.content` gives the page what a render would."""
    page.content = ""
    page.toc = get_toc([])


def _from_distributions(config: MkDocsConfig) -> bool:
    """Whether every Markdown extension of the settings comes from an installed distribution (`kept.tools` covers
    its version) and every setting is data, whose text says what it is."""
    if not all(isinstance(name, str) for name in config.markdown_extensions) or " at 0x" in repr(config.mdx_configs):
        return False
    points = {point.name: point.value for point in markdown_util.get_installed_extensions()}
    installed = tuple(folder + os.sep for folder in kept.installed())
    for name in config.markdown_extensions:
        module = points.get(name, name).split(":", 1)[0]
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            return False
        if spec is None or spec.origin is None or not os.path.realpath(spec.origin).startswith(installed):
            return False
    return True


class Renders:
    """One build's use of the kept renders; the plugin calls it around MkDocs' Page.render."""

    def __init__(self) -> None:
        self._site: bytes | None = None
        self._folder: Path | None = None
        self._reused: dict[str, _Render] = {}
        self._made: dict[str, tuple[bytes, int]] = {}
        self._new: dict[Path, bytes] = {}
        self._log = _Count()

    def start(self) -> None:
        """Before the pages are rendered: count what MkDocs logs while rendering."""
        self._site = None  # the files of this build
        logging.getLogger("mkdocs").addHandler(self._log)

    def stop(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._log)

    def store(self) -> None:
        """After a build that succeeded: keep what it rendered for the builds after it."""
        kept.store(self._new, KEEP)
        self._new = {}

    def _site_key(self, config: MkDocsConfig, files: Files) -> bytes:
        if self._site is None:
            settings = [repr(config.markdown_extensions), repr(sorted((config.mdx_configs or {}).items())),
                        repr(config.use_directory_urls), repr(config.validation),
                        # MkDocs keeps a page's links to anchors only when it does not log debug messages
                        logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG]
            addresses = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
            self._site = hashlib.sha256(json.dumps([settings, addresses]).encode() + kept.tools()).digest()
            self._folder = kept.folder(FOLDER) if _from_distributions(config) else None
        return self._site

    def markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files, allow: bool) -> str:
        """The Markdown MkDocs should render: none when the page's render is kept (`content` gives it back).
        `allow`: the page is generated, and its HTML goes through the allow-list."""
        src = page.file.src_uri
        key = hashlib.sha256(self._site_key(config, files) + json.dumps(
            [src, json.dumps(page.meta, sort_keys=True, default=repr), markdown, allow]).encode()).digest()
        kept_render = _KEPT.get(src)
        if kept_render is None or kept_render.key != key:
            kept_render = self._read(key)
        if kept_render is not None:
            self._reused[src] = kept_render
            # MkDocs would still make a Markdown converter with every extension, to convert nothing.
            page.render = functools.partial(_no_render, page)  # type: ignore[method-assign]
            return ""
        self._made[src] = (key, self._log.count)
        return markdown

    def _read(self, key: bytes) -> _Render | None:
        content = None if self._folder is None else kept.opened(self._folder / f"{key.hex()}.html", key)
        if content is None:
            return None
        try:
            return _Render.decoded(key, content)
        except (ValueError, TypeError, UnicodeDecodeError):
            return None

    def content(self, html: str, page: Page, files: Files, allow: bool) -> str:
        """The page's HTML as rendered (after the allow-list when `allow`), its kept render restored or its fresh
        one kept."""
        src = page.file.src_uri
        kept_render = self._reused.pop(src, None)
        if kept_render is not None:
            vars(page).pop("render", None)  # Page.render again, as MkDocs made the page
            page.toc = get_toc(cast("list[Any]", kept_render.toc))  # MkDocs' own token type, as JSON gave it
            if "title" not in vars(page):  # no title from the navigation (MkDocs sets it on the page)
                page.title = kept_render.title  # the title from the front matter or first heading, which an empty render lacks
            page.present_anchor_ids = set(kept_render.anchors) if kept_render.anchors is not None else None
            if kept_render.links is not None:
                page.links_to_anchors = {linked: dict(anchors) for uri, anchors in kept_render.links.items()
                                         if (linked := files.get_file_from_path(uri)) is not None}
            _KEPT[src] = kept_render
            return kept_render.html
        if allow:
            html = allowed(html)
        made = self._made.pop(src, None)
        if made is not None and made[1] == self._log.count:  # rendered without a message
            links = page.links_to_anchors
            render = _Render(made[0], html, _tokens(list(page.toc)), _rendered_title(page),
                             sorted(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
                             {f.src_uri: dict(a) for f, a in links.items()} if links is not None else None)
            _KEPT[src] = render
            if self._folder is not None:
                self._new[self._folder / f"{made[0].hex()}.html"] = seal.sealed(made[0], render.encoded())
        else:
            _KEPT.pop(src, None)
        return html
