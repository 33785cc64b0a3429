"""The MkDocs plugin (`plugins: - coursesite`): glue between MkDocs and the engine-neutral `site` module.

on_config validates course.yaml and papers.bib before MkDocs cleans site/, so a broken input never
costs the last good site, and applies the settings that come from the course; on_files adds the
generated pages and downloads as in-memory files, and the companion notebooks as pages. Everything
it adds is computed by `site` and, for the notebooks, by `notebook_pages`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from html import unescape as unescape_html
from pathlib import Path
from typing import Any, cast

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import DuplicateFilter

from ..course import paths
from ..course.load import Loaded
from ..errors import CourseError
from ..exports import notebook_html
from ..render import describe, escape
from ..sources import stamp
from . import kept, notebook_pages, rendered, search, served, site, tables, theme

# Course warnings (e.g. an unbalanced rotation) must not fail `mkdocs build --strict`, so they go to a
# logger outside MkDocs' own, whose warning counter --strict reads.
notes = logging.getLogger("coursesite")

OFFLINE_SHIM = "javascripts/iframe-worker.js"
"""Lets search run from file:// (a Web Worker cannot start there); Material's offline plugin would
fetch it from unpkg.com, so the preview serves the copy package-lock.json pins (npm: iframe-worker)."""

THEME = Path(__file__).parents[1] / "theme"
"""Small overrides of Material's templates (see the files there), ahead of the theme's own."""


FOLDER_VARIABLE = "COURSESITE_FOLDER"
"""Names the course folder for `mkdocs serve`, which reads mkdocs.yml afresh on every rebuild
(mkdocs.yml: `folder: !ENV [COURSESITE_FOLDER, "."]`; `coursesite serve --course` sets it)."""


class CourseConfig(base.Config):
    folder = c.Type(str, default=".")
    """The course folder, relative to mkdocs.yml: where course.yaml, papers.bib and the notebooks are."""
    course = c.Type(str, default=paths.COURSE_FILE)
    """course.yaml, relative to the course folder."""
    bibliography = c.Type(str, default=paths.BIB_FILE)
    """papers.bib, relative to the course folder."""


class CoursePlugin(BasePlugin[CourseConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.loaded: Loaded | None = None
        self.stamp: stamp.Stamp | None = None
        self._summary_description = ""
        """The course summary's first sentence, escaped (site.settings): the home page's description."""
        self._given: Loaded | None = None
        self._made: site.Made | None = None
        self._new: dict[Path, bytes] = {}
        """What this build made anew for the handout cache (`kept`), stored once it succeeded."""
        self._handout: Callable[[], bytes] | None = None
        self._epoch: str | None = None
        self._pages: set[str] = set()
        """The generated Markdown pages, whose HTML goes through the allow-list (`rendered`)."""
        self.notebooks = notebook_pages.Notebooks({}, "")
        self._renders = rendered.Renders()

    def use(self, loaded: Loaded, made: site.Made | None = None) -> None:
        """Build this course, loaded and with its warnings shown already (`coursesite build`), and with its
        files made and checked already when `made` is given."""
        self._given, self._made = loaded, made

    # Before the other plugins' on_config (default priority 0): the search plugin reads the theme's
    # language there, so a German course gets German search stemming.
    def folder(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent / self.config.folder

    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _forget_printed_messages()
        root = self.folder(config)
        loaded = self._given
        if loaded is None:
            try:
                loaded = site.load_course(root, self.config.course, self.config.bibliography)
            except CourseError as exc:
                raise PluginError(str(exc)) from None
            for warning in loaded.warnings:
                notes.warning("WARNING -  %s", warning)
        self.loaded = loaded
        # One stamp per build: it asks git, and the footer, calendars, handout and sitemap all show it.
        self.stamp = when = self._made.when if self._made is not None else stamp.current(loaded.course_file.parent)
        self._pin_build_date(when.date)
        self._new = {}
        if self._made is None:
            # Typst typesets the handout while MkDocs gets on with the build, until on_files needs it.
            self._handout = kept.handout_soon(loaded.course, when, kept.folder(), self._new)
        if _offline(config):
            config.extra["polyfills"] = [OFFLINE_SHIM]  # before the offline plugin adds its unpkg.com one
        docs = Path(config.docs_dir)
        settings = site.settings(loaded.course, when, guide=(docs / paths.GUIDE).is_file(),
                                 messages=(docs / paths.MESSAGES).is_file(),
                                 landing=paths.listed(loaded.course_file.parent))
        self._summary_description = settings.description
        _apply(config, settings)
        # The theme's files listed and its templates compiled once, not on every build (`theme`).
        theme.use(config.theme)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Pages whose search entries a rebuild can take from the last build (`search`); the search plugin made
        # this build's index in its on_config.
        search.use(config)

    @event_priority(50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.loaded is not None and self.stamp is not None
        if self._made is not None:
            self._new = self._made.kept
        try:
            made = self._made.files if self._made is not None else site.generated_files(self.loaded, self.stamp, self._new,
                                                                                         self._handout)
        except CourseError as exc:
            raise PluginError(str(exc)) from None
        generated = [File.generated(config, src_uri, content=content) for src_uri, content in made.items()]
        # The cache of the course folder itself, not of mkdocs.yml's folder: `coursesite build --course next` (and each
        # course of courses/) leaves the plugin's `folder` at ".", so the notebooks went into the repository's cache,
        # ran again for `serve --course next`, and two courses' notebooks of one name evicted each other's runs.
        course_folder = self.loaded.course_file.parent
        try:
            self.notebooks = notebook_pages.load(site.notebooks(self.loaded), course_folder / notebook_pages.CACHE,
                                                 course_folder, self.loaded.course.language)
        except CourseError as exc:
            raise PluginError(str(exc)) from None
        if self.notebooks.pages:
            generated.append(File.generated(config, paths.NOTEBOOK_STYLESHEET, content=self.notebooks.stylesheet))
        pictures = {path: content for page in self.notebooks.pages.values() for path, content in page.files.items()}
        generated += [File.generated(config, path, content=content) for path, content in sorted(pictures.items())]
        # A real file in its own source folder (the course folder), so that `mkdocs serve` knows it.
        root = str(self.loaded.course_file.parent)
        generated += [_NotebookFile(src_uri, src_dir=root, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
                      for src_uri in self.notebooks.pages]
        if _offline(config):
            shim = Path(config.config_file_path).parent / "node_modules" / "iframe-worker" / "shim" / "index.js"
            if not shim.is_file():
                raise PluginError(f"{shim} is missing: run `npm ci` (or `make test` once) before an offline build")
            generated.append(File.generated(config, OFFLINE_SHIM, content=shim.read_bytes()))
        # The loader made sure that generated files do not clash with each other; docs/ is checked here.
        clash = paths.clashes([(f.src_uri, f.src_uri) for f in files] + [(f.src_uri, None) for f in generated])
        for own, generated_one, _ in clash:
            if own is not None and generated_one is None:
                raise PluginError(f"docs/{own} would hide a generated page; rename or delete docs/{own}")
        for file in generated:
            files.append(file)
        self._pages = {f.src_uri for f in generated if f.src_uri.endswith(".md")}
        return files

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self._renders.start()  # the pages are rendered next
        return nav

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # A notebook page has no Markdown: its content comes ready from notebook_pages (on_page_content).
        return "" if _is_notebook(page) else None

    # After every other plugin's on_page_markdown: what MkDocs renders is final here.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if _is_notebook(page):
            return markdown
        return self._renders.markdown(markdown, page, config, files, allow=page.file.src_uri in self._pages)

    # First of the plugins: the HTML as MkDocs rendered it (or the kept render, `rendered`).
    @event_priority(100)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if _is_notebook(page):
            notebook = self.notebooks.pages[page.file.src_uri]
            page.toc = get_toc(cast("list[Any]", notebook.toc))  # MkDocs' own token type, as JSON gave it
            if notebook.title is not None:
                page.title = notebook.title
            # Read by the theme override (main.html), which links it in the page's head.
            page.meta["stylesheet"] = paths.url_path(paths.NOTEBOOK_STYLESHEET)
            # Notebook pages stay out of the search index: their code and outputs would bury the course
            # pages. (Material's per-element data-search-exclude does not survive nbconvert's markup;
            # the paper pages, which are searchable, link every notebook.)
            page.meta["search"] = {"exclude": True}
            # Under the title: the paper, the session and the .ipynb download.
            assert self.loaded is not None
            content = notebook_html.with_links(notebook.html, self.loaded.course, page.file.src_uri)
            self._describe(page, notebook.html)
            return content if config.use_directory_urls else notebook_html.for_file_urls(content, page.file.src_uri)
        html = self._renders.content(html, page, files, allow=page.file.src_uri in self._pages)
        if page.file.src_uri in (paths.GUIDE, paths.MESSAGES):
            html = tables.wrapped(html)
        self._describe(page, html)
        return html

    def _describe(self, page: Page, html: str) -> None:
        """The page's meta description (Material writes page.meta.description into the head unescaped).

        The home page's is the course summary's first sentence; any other page's its own first
        sentence; a page written by hand keeps the description its front matter gives."""
        if "description" in page.meta:
            return
        if page.file.src_uri == paths.HOME and page.file.src_uri in self._pages:
            if self._summary_description:
                page.meta["description"] = self._summary_description
            return
        sentence = describe.first_sentence(html)
        if sentence:
            page.meta["description"] = escape.html(sentence)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # Notebook pages: Material sets up each code block (its copy button, then a measurement of its size: one
        # style and layout pass per block) when the block first comes into view, not all of them at load, where
        # they made one long task (issue 24). Their code wraps, so no block is a scroll region that needs its
        # tabindex before it is seen.
        return theme.with_feature(output, "content.lazy") if _is_notebook(page) else output

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        _protect_title(page)
        # The printed page's address in its running head (theme/main.html), as an inert CSS string.
        if page.canonical_url:
            page.meta["coursesite_print_address"] = escape.css_string(page.canonical_url)
        return context

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # `mkdocs serve` rebuilds when the course files, a notebook or this package change, noticed by the
        # system's file events rather than MkDocs' polling every 0.5 s (`watch`). What MkDocs watched before
        # this event: docs/, mkdocs.yml and, with --watch-theme, the theme's folders.
        from . import watch  # watchdog is for the preview only: a build does not import it

        root = self.folder(config)
        watch.use_file_events(server, [config.docs_dir, config.config_file_path, *config.theme.dirs], root)
        watched = [root / self.config.course, root / self.config.bibliography, Path(__file__).parents[1]]
        if self.loaded is not None:
            watched += site.notebooks(self.loaded).values()
        for path in watched:
            if path.exists():
                server.watch(str(path))
        # The last build is deleted while the browsers reload, not before the rebuild (`served`).
        served.delete_after_reload(server)
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._renders.stop()
        self._renders.store()
        search.store()
        kept.store(self._new)
        self._new = {}
        self._unpin_build_date()

    def on_build_error(self, *, error: Exception) -> None:
        self._renders.stop()
        self._unpin_build_date()

    def _pin_build_date(self, day: dt.date) -> None:
        """Date the build by its input (the stamp's date), not the clock, unless SOURCE_DATE_EPOCH is set.

        MkDocs writes the build date into sitemap.xml and the gzip header of sitemap.xml.gz, reading
        SOURCE_DATE_EPOCH (the reproducible-builds convention) instead of the clock when it is set. Set
        for this build only, so that each rebuild of `mkdocs serve` is dated by its own input.
        """
        self._epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if self._epoch is None:
            midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))

    def _unpin_build_date(self) -> None:
        if self._epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _forget_printed_messages() -> None:
    """Let this build print again what an earlier build printed.

    The `mkdocs` command filters its build log through a DuplicateFilter that remembers every
    message for the whole process: during `mkdocs serve`, saving the same mistake twice would show
    only "Aborted with a BuildError!" the second time. Its memory is cleared once per build, so
    repeats within one build are still dropped.
    """
    for logger in (logging.getLogger("mkdocs.commands.build"), logging.getLogger("mkdocs")):
        for f in logger.filters:
            if isinstance(f, DuplicateFilter):
                f.msgs.clear()


def _apply(config: MkDocsConfig, settings: site.Settings) -> None:
    config.site_name = settings.site_name
    if settings.site_url:
        config.site_url = settings.site_url
    config.nav = settings.nav
    config.theme["language"] = settings.language
    if str(THEME) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(THEME))
    for palette in config.theme.get("palette") or []:
        if isinstance(palette, dict) and palette.get("toggle"):
            # The toggle's name says where it leads: the dark ("slate") scheme leads back to light.
            palette["toggle"]["name"] = settings.light_mode if palette.get("scheme") == "slate" else settings.dark_mode
    config.copyright = settings.footer
    if not config.site_description:  # mkdocs.yml's own wins
        config.site_description = settings.description
    config.extra["coursesite_announcement"] = settings.announcement
    config.extra["coursesite_feed"] = settings.feed
    config.extra["coursesite_feed_title"] = settings.feed_title
    # The course title in the running head of printed pages (theme/main.html), as an inert CSS string.
    config.extra["coursesite_print_title"] = escape.css_string(unescape_html(settings.site_name))
    config.extra["coursesite_landing"] = settings.landing
    config.extra["generator"] = False  # Material's own "Made with" line is English only; the footer credits it


class _NotebookFile(File):
    """A companion notebook (.ipynb), published as a page; MkDocs would copy it as it is."""

    def is_documentation_page(self) -> bool:
        return True


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and getattr(plugin, "config", {}).get("enabled"))


def _is_notebook(page: Page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def _protect_title(page: Page) -> None:
    """Make Material write the page's <title> from page.meta.title, which it does not unescape.

    Its other branch, `page.title | striptags`, turns `&lt;` back into `<`, so a paper titled
    `</title><script>...` would end the element and run. page.title is already HTML-escaped (MkDocs
    keeps the entities of the rendered heading; the navigation titles are escaped in `site`). The home
    page keeps Material's own title, the site name alone.
    """
    if page.title and not page.is_homepage and "title" not in page.meta:
        page.meta["title"] = page.title
