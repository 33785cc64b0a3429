"""Real-browser plumbing for tests: serve a built site on 127.0.0.1 and drive Chromium with Playwright.

Uses the system's Chromium through Playwright's Python package, because Playwright's own browser download is not
available everywhere: Debian's `chromium-headless-shell` where it is installed, else `chromium` (`chromium_path`).
Without a browser the tests that need one are skipped with the reason, except under CI=true, where that is a failure.

In a test module:

    # the fixtures `browser`, `page` and `served` are registered once, in conftest.py

    def test_x(page, served):
        page.goto(served + "schedule/")

`served` serves the session's seed `site`; `serve(directory)` serves any other build, and
`new_page(browser, ...)` opens a page with another viewport, colour scheme or language.
`web_host.publish(directory, address)` publishes a build at its real address, sub-path included (webhost.py).
A test that only reads pages takes them from `tabs` (the session's open pages, see `Tabs`):
`tabs.open(url, moment, viewport=PHONE, scheme="dark")`.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# First the headless shell: Chromium's headless-only build (Debian package `chromium-headless-shell`, the same release as
# `chromium`), which is also what Playwright runs for headless=True with its own download (microsoft/playwright#33566).
# The full browser's headless mode is the whole of Chrome without a window (its profile services, its browser layer
# around every context and tab): the same tests took 27-29 % less CPU with the shell, Chromium included, a page load
# about a third less, a fresh context less than half. The full browser stays the fallback, and is what readers run and
# benchmarks/lighthouse.py measures.
CHROMIUM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Playwright's launch already runs headless (--headless), without sandbox (root in a container), with nothing that phones
# home or updates itself (its own switches: --disable-background-networking, --disable-component-update, --no-first-run,
# --disable-sync). No GPU: software rendering on every machine, with a graphics card or without.
LAUNCH_ARGS = ["--disable-gpu"]
# No host name resolves but 127.0.0.1, where the tests serve their builds: a request to another host fails in the
# browser and never leaves this machine, without a route (a route turns the HTTP cache off and passes every request
# through Python). The context's "request" events still report it, which is how the privacy tests see it.
LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def chromium_path() -> str | None:
    """The browser to drive: $CHROMIUM if set, else the first of CHROMIUM_NAMES on PATH (the headless shell first)."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"])
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def missing() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is not installed (make test installs it from requirements/test.txt)"
    if chromium_path() is None:
        if os.environ.get("CHROMIUM"):
            return f"CHROMIUM={os.environ['CHROMIUM']} is not an executable program"
        return ("no Chromium found (install the Debian package `chromium-headless-shell` or `chromium`, "
                "or set CHROMIUM=/path/to/browser)")
    return None


def require_browser() -> None:
    """Skip the calling test when no browser is available; under CI=true, fail instead."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Files of a folder, without access logs in the test output."""

    def log_message(self, format, *args):  # noqa: A002 - keep test output free of access logs
        pass


@contextlib.contextmanager
def serve(directory: str | Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve a folder over HTTP on a free port of 127.0.0.1 (with `handler`, a QuietHandler); yields the base URL
    ending in "/"."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# What Material and the page scripts leave for the next frames, done: two animation frames.
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done())))"


def visit(page, url: str):
    """Open `url` and return (its response) once the page's scripts have run, start-up included.

    "load" comes after every script of the page has run, and after DOMContentLoaded, where Material's document$
    starts the page scripts (start.js); two animation frames more for what they leave to the next frame. Playwright's
    "networkidle" was waited for too, until 500 ms after the last request; that last request is the search index,
    which only the search dialog uses, and "networkidle" alone could come before "load" (its timer starts when the
    document arrives: under load 25 a long page had not asked for its end-of-body scripts yet). Tests about what a
    page requests wait for the requests they expect.
    """
    response = page.goto(url, wait_until="load")
    page.evaluate(NEXT_FRAMES)  # (with JavaScript off the frames never come: open such pages with goto)
    return response


def new_page(browser, *, viewport: dict = DESKTOP, color_scheme: str = "light", locale: str = "en-GB",
             timezone: str = "Europe/Berlin", javascript: bool = True):
    """A page in a fresh browser context (no shared cookies or storage); close its context when done."""
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme, locale=locale,
                                  timezone_id=timezone, java_script_enabled=javascript)
    return context.new_page()


@pytest.fixture(scope="session")
def browser():
    """Chromium, launched once per test session (skipped or failed as `require_browser` says); it reaches no other
    host than this machine (`LOCAL_ONLY`)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=[*LAUNCH_ARGS, LOCAL_ONLY],
                                              headless=True)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser):
    """A fresh desktop page, light scheme, English locale, Berlin time zone."""
    p = new_page(browser)
    try:
        yield p
    finally:
        p.context.close()


# At every page load Material starts its search worker (a script of its own, lunr included) and asks for the search
# index, which the worker builds its index from: about a quarter of a page load's CPU for the index, ~0.02 s more for
# the worker's start. Only the search dialog needs them.
SEARCH = ("*/search/search_index.json", "*/assets/javascripts/workers/search.*.js")


def searching(url: str) -> bool:
    """Whether `url` is one of the search's two files (SEARCH), as hold_search matches them."""
    return any(fnmatch.fnmatchcase(url, pattern) for pattern in SEARCH)


def hold_search(page):
    """Leave the page's requests for the search (its worker's script and the index) unanswered, as on a line too slow
    to bring them yet.

    The page is what a reader sees before the search arrives ("Initializing search" in the closed dialog). Refusing
    the requests instead (a route that aborts them) is not that page: Material's scripts stop at the error, and the
    sidebars are never placed; a route also turns the HTTP cache off. Chromium's Fetch domain pauses only the
    requests that match, so the rest load as usual; a held request ends with the next navigation. A page that
    waits for "networkidle" never gets it while a request is held. Returns the CDP session: sending it
    "Fetch.disable" lets the held requests go on and stops holding.
    """
    session = page.context.new_cdp_session(page)
    session.send("Fetch.enable", {"patterns": [{"urlPattern": pattern, "requestStage": "Request"} for pattern in SEARCH]})
    return session


# The course's times are whole minutes (sessions, deadlines, announcements), and so are the moments the tests choose.
MINUTE = 60


def set_clock(page, moment: float) -> None:
    """From the page's next load on, its clock starts at `moment` (Unix time, a whole minute) and runs, as a reader's does.

    What the page scripts show by the clock is the same for every instant of a minute that starts on the minute (the
    course's times are whole minutes and a time is past from its first instant on), so a page read within the minute
    of its moment shows the moment; `check_clock` makes sure it was. Playwright's fixed clock (clock.set_fixed_time)
    stops Date but not the timers: Material's debounced streams (rxjs debounceTime, 1 ms for toc.follow and 250 ms for
    navigation.tracking), which ask Date.now() whether their time is up, then never fire and reschedule themselves for
    ever: ~0.09 CPU s a second for as long as the page was open, against 0.003 with the clock running.
    Call it before each load (it applies to the documents loaded after it).
    """
    assert moment % MINUTE == 0, f"{moment} is not a whole minute: the page could show a later minute's state"
    page.clock.set_system_time(moment)


def check_clock(page, moment: float) -> None:
    """Fail unless the page's clock still reads the minute of `moment` (`set_clock`)."""
    elapsed = page.evaluate("Date.now()") / 1000 - moment
    assert 0 <= elapsed < MINUTE, f"the page's clock reads {elapsed:+.1f} s from the moment it was set to"


def goto_at(page, url: str, moment: float):
    """Load `url` in `page` as its scripts show it at `moment` (`set_clock`), the clock checked once it has loaded."""
    set_clock(page, moment)
    response = page.goto(url, wait_until="load")
    check_clock(page, moment)
    return response


# Clears what a page of the site stored, before the page's own scripts run (Material keeps the palette chosen
# with its toggle in localStorage), so that what one test did there does not reach the next.
CLEAR_STORAGE = "try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}"


@dataclass
class Tabs:
    """Pages kept open for the whole test session, one per kind of browser context, for tests that read pages.

    A fresh context per test cost about 1 s of CPU more than a page opened again in the same tab: a new renderer,
    and every stylesheet and script fetched, parsed and compiled again. `open` sets the viewport, colour scheme and
    clock the test asks for before the page loads, and every page starts with empty storage, so a test sees the
    page as a first visit shows it. A test that adds handlers, routes or fake timers (clock.install) to its page
    opens one of its own with `new_page`. Their search is held (`hold_search`): tests of the search
    open their own pages.
    """

    browser: object
    pages: dict[tuple, object] = field(default_factory=dict)
    schemes: dict[tuple, str] = field(default_factory=dict)
    """The colour scheme each page is set to."""

    def open(self, url: str, moment: float, *, viewport: dict = DESKTOP, scheme: str = "light", javascript: bool = True,
             locale: str = "en-GB", timezone: str = "Europe/Berlin"):
        """The page at `url` as its scripts show it at `moment` (Unix time, a whole minute; `set_clock`), run (`visit`).
        Without JavaScript the page is the same at every moment."""
        key = (javascript, locale, timezone)
        page = self.pages.get(key)
        if page is None or page.is_closed():
            page = self.pages[key] = new_page(self.browser, viewport=viewport, color_scheme=scheme, locale=locale,
                                              timezone=timezone, javascript=javascript)
            page.add_init_script(CLEAR_STORAGE)
            hold_search(page)
            self.schemes[key] = scheme
        if page.viewport_size != viewport:
            page.set_viewport_size(viewport)
        if self.schemes[key] != scheme:
            # Only when it changes: setting it, even to the scheme it has, restyles the page still shown (5-15 ms of
            # CPU on a loaded page; 0.02-0.04 s a load in a loop of loads).
            page.emulate_media(color_scheme=scheme)
            self.schemes[key] = scheme
        if javascript:
            set_clock(page, moment)
            visit(page, url)
            check_clock(page, moment)
        else:
            page.goto(url, wait_until="load")
        return page

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="session")
def tabs(browser) -> Iterator[Tabs]:
    """The session's `Tabs`."""
    opened = Tabs(browser)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def served(site) -> Iterator[str]:
    """Base URL of the seed course's built site, served locally for the whole test session."""
    with serve(site.dir) as url:
        yield url


@pytest.fixture(scope="session")
def served_deadlines(deadlines_site) -> Iterator[str]:
    """Base URL of the seed course with deadlines (conftest.VARIANTS["deadlines"]), served for the test session."""
    with serve(deadlines_site.dir) as url:
        yield url



# Every element of the article's box, relative to the page (scrolling does not count).
_ARTICLE_BOXES = """() => [...document.querySelectorAll('article *')].map(e => { const r = e.getBoundingClientRect();
    return [e.tagName, r.x, r.y + scrollY, r.width, r.height]; })"""


def boxes_with_and_without_containment(page, selector: str) -> tuple[list, list]:
    """Every article element's box with `selector`'s elements all rendered and contained as content-visibility: auto
    contains one on screen (layout, style, paint), then with them rendered and not contained. The page keeps both
    stylesheets: load it again to use it otherwise."""
    page.add_style_tag(content=f"{selector} {{ content-visibility: visible !important; contain: layout style paint !important; }}")
    contained = page.evaluate(_ARTICLE_BOXES)
    page.add_style_tag(content=f"{selector} {{ content-visibility: visible !important; contain: none !important; }}")
    return contained, page.evaluate(_ARTICLE_BOXES)


def rendered(page, selector: str) -> list[bool]:
    """For each element matching `selector`: is it rendered, or skipped as content-visibility: auto skips what is off screen?"""
    return page.evaluate(f"[...document.querySelectorAll({selector!r})].map(e => e.checkVisibility({{contentVisibilityAuto: true}}))")


def scroll_to_last(page, selector: str) -> None:
    """Scroll the last element matching `selector` into view and wait until the browser has rendered it."""
    last = f"[...document.querySelectorAll({selector!r})].at(-1)"
    page.evaluate(f"{last}.scrollIntoView()")
    page.wait_for_function(f"{last}.checkVisibility({{contentVisibilityAuto: true}})")
