"""Privacy: the published site asks no host but its own for anything, and course.yaml cannot hold names.

The browser tests record every request a page makes (the page's own, its workers', anything the
context routes) while a reader opens every kind of page, searches and switches the colour scheme.
Requests to any other host are recorded and then refused, so a leak fails the test without leaving
this machine. The static tests read the built files for third-party resources a browser would fetch.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import DESKTOP, hold_search, new_page, searching
from coursesite.course.schema import json_schema
from pagetypes import page_types, search_inputs

LOCAL_SCHEMES = {"data", "blob", "about"}


class Recorder:
    """Every request of one browser context (its pages' and their workers'), as the host (or scheme) it went to.

    The session's Chromium resolves no host but this machine (browser.LOCAL_ONLY): a request to another host is
    recorded here, then fails in the browser (`failed`) without leaving the machine. No route is needed for that
    (a route would pass each request through Python and turn the HTTP cache off).
    """

    def __init__(self, context, local_host: str):
        self.local_host = local_host
        self.urls: list[str] = []
        self.failed: dict[str, str] = {}
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("requestfailed", lambda request: self.failed.setdefault(request.url, request.failure or ""))

    @staticmethod
    def host(url: str) -> str:
        parts = urlsplit(url)
        return parts.netloc if parts.scheme in ("http", "https", "ws", "wss") else parts.scheme + ":"

    def hosts(self) -> set[str]:
        return {self.host(url) for url in self.urls if urlsplit(url).scheme not in LOCAL_SCHEMES}


# Tabs that `visit_every_page` keeps open in turn: a page stays open, asking for what it asks for, while the next
# ones load in the other tabs, and is left only once its network has been quiet for 500 ms (`Quiet`).
TABS = 4
QUIET = 0.5


class Quiet:
    """The requests of a tab whose search is held (browser.hold_search), for `wait`: Playwright's "networkidle" never
    comes while a request is held. Also notes where each page asked for the search's files (`search`)."""

    def __init__(self, tab):
        self.tab = tab
        self.open: set = set()
        self.since = time.monotonic()
        self.address = ""
        self.search: dict[str, list[str]] = {}
        tab.on("request", self._asked)
        tab.on("requestfinished", self._done)
        tab.on("requestfailed", self._done)

    def _asked(self, request) -> None:
        if searching(request.url):
            self.search.setdefault(self.address, []).append(request.url)
        else:
            self.open.add(request)

    def _done(self, request) -> None:
        self.open.discard(request)
        self.since = time.monotonic()

    def goto(self, url: str, address: str) -> None:
        if self.address:  # the page it shows
            self.wait()
        self.address = address
        self.tab.goto(url, wait_until="load")

    def wait(self) -> None:
        """Until no request but the held ones has been open for QUIET seconds, as "networkidle" waits for none (and
        at most as long: Playwright's 30 s)."""
        end = time.monotonic() + 30
        while self.open or time.monotonic() - self.since < QUIET:
            assert time.monotonic() < end, f"{self.tab.url}: requests still open after 30 s: {[r.url for r in self.open]}"
            self.tab.wait_for_timeout(50)


def visit_every_page(browser, base: str, pages: dict[str, str], scheme: str) -> tuple[Recorder, dict[str, list[str]]]:
    """Open every page in one context, search on the home page and flip the palette; return what was asked for, and
    where each page but the home page asked for the search's files.

    Every page is left only once its network has been quiet for 500 ms, so what it asks for late is seen; the pages
    wait for that side by side, in TABS tabs, rather than one after the other. The search's files are held on every
    page but the home page, where it is used: building the index cost each load ~0.1 CPU s, and what the search does
    once they arrive is the same on every page (test_site_asks_no_other_host compares what the pages give it).
    """
    page = new_page(browser, viewport=DESKTOP, color_scheme=scheme)
    recorder = Recorder(page.context, urlsplit(base).netloc)
    others = [Quiet(page.context.new_page()) for _ in range(TABS - 1)]
    for other in others:
        hold_search(other.tab)
    try:
        addresses = [address for address in pages.values() if address]
        for i, address in enumerate(addresses):
            others[i % len(others)].goto(base + address, address)
        page.goto(base, wait_until="load")  # the home page, in a tab of its own: searched below
        for other in others:
            other.wait()
        page.wait_for_load_state("networkidle")  # "load" came first: see browser.py
        # Search starts a worker that loads the index; typing a query makes it answer.
        page.locator(".md-search__input").click()
        page.keyboard.type("gradient")
        page.locator(".md-search-result__item").first.wait_for()
        page.keyboard.press("Escape")
        before = page.evaluate("document.body.dataset.mdColorScheme")
        page.locator("form[data-md-component=palette] label:visible").click()
        page.wait_for_function("s => document.body.dataset.mdColorScheme !== s", arg=before)
        page.wait_for_load_state("networkidle")
        assert page.context.service_workers == [], "the site registered a service worker"
    finally:
        page.context.close()
    return recorder, {address: sorted(urls) for other in others for address, urls in other.search.items()}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_site_asks_no_other_host(browser, served, site, scheme):
    """Opening every kind of page, searching and switching the colour scheme requests nothing from another host."""
    pages = page_types(site.root)
    recorder, held = visit_every_page(browser, served, pages, scheme)
    local = urlsplit(served).netloc
    assert recorder.hosts() == {local}, sorted(u for u in recorder.urls if recorder.host(u) != local)
    # The recorder saw the search index, which the search script asks for after the page has loaded.
    assert any("/search/search_index.json" in url for url in recorder.urls)
    # The search ran on the home page only: every other page asked for the same files, and gives the search the
    # same settings and dialog, so what it asks for once they arrive is what it asked for there.
    asked = sorted({url for url in recorder.urls if searching(url)})
    assert [urlsplit(url).path for url in asked] == ["/assets/javascripts/workers/" + asked[0].rsplit("/", 1)[-1],
                                                     "/search/search_index.json"]
    assert held == {address: asked for address in pages.values() if address}
    inputs = {kind: search_inputs(site, served, address) for kind, address in pages.items()}
    assert inputs == dict.fromkeys(inputs, inputs["home"])


def test_recorder_catches_a_request_to_another_host(browser, served):
    """A resource on another host added to a page is recorded, so the test above can fail; the request does not
    leave the machine (the host is not resolved)."""
    page = new_page(browser)
    recorder = Recorder(page.context, urlsplit(served).netloc)
    try:
        page.goto(served, wait_until="load")
        page.wait_for_load_state("networkidle")  # "load" first: see browser.py
        page.evaluate("""() => { const img = document.createElement('img');
                                 img.src = 'https://fonts.gstatic.com/probe.png'; document.body.append(img); }""")
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => document.querySelector('img[src*=probe]').complete")
    finally:
        page.context.close()
    assert recorder.hosts() == {urlsplit(served).netloc, "fonts.gstatic.com"}
    assert recorder.failed == {"https://fonts.gstatic.com/probe.png": "net::ERR_NAME_NOT_RESOLVED"}


# --- course.yaml ------------------------------------------------------------------------------------------------

def object_schemas(schema: dict) -> dict[str, dict]:
    """The top level of the course.yaml schema and every record type it defines, by name."""
    return {"course.yaml": schema, **schema["$defs"]}


def value_types(prop: dict) -> set[str]:
    """The kinds of single value a property accepts, looking into lists and alternatives (null left out)."""
    kinds = prop.get("type", [])
    found = set([kinds] if isinstance(kinds, str) else kinds) - {"null", "array"}
    if "items" in prop:
        found |= value_types(prop["items"])
    for alternative in prop.get("anyOf", []) + prop.get("oneOf", []):
        found |= value_types(alternative)
    return found


def test_course_yaml_has_no_place_for_names():
    """The course.yaml schema allows no extra keys anywhere and describes participants by numbers only."""
    schema = json_schema()
    about_participants = {}
    for name, record in object_schemas(schema).items():
        assert record.get("additionalProperties") is False, f"{name} accepts keys the schema does not list"
        for key, prop in record["properties"].items():
            if "participant" in key or key in ("students", "roster", "names", "attendees", "members", "people"):
                about_participants[f"{name}.{key}"] = value_types(prop)
    assert about_participants == {"course.yaml.participants": {"integer"}, "Swap.participants": {"integer"}}


# --- the built files -------------------------------------------------------------------------------------------

# Attributes through which an HTML element makes the browser fetch something by itself.
FETCHING = [("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
            ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
            ("embed", "src"), ("object", "data"), ("input", "src"), ("image", "href"), ("image", "xlink:href"),
            ("use", "href"), ("use", "xlink:href")]
# <link rel=...> values that load or contact the address (unlike rel=canonical or alternate, which are just links).
FETCHING_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "shortcut", "apple-touch-icon",
                 "mask-icon", "manifest", "preconnect", "dns-prefetch", "prerender"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)
# Public CDNs and font services that sites commonly load code, styles or fonts from.
CDN_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com",
             "cdn.mathjax.org", "polyfill.io", "ajax.googleapis.com", "code.jquery.com", "use.fontawesome.com",
             "cdn.plot.ly", "requirejs.org")
# Material's script names two CDN addresses it loads only on demand, neither of which this site triggers:
# a ResizeObserver polyfill for browsers without ResizeObserver (every browser since 2020 has it), and
# Mermaid for `pre.mermaid` diagrams (test_no_page_triggers_materials_loaders checks there are none).
MATERIAL_ON_DEMAND = ("https://unpkg.com/resize-observer-polyfill", "https://unpkg.com/mermaid@11/dist/mermaid.min.js")


def remote(url: str) -> bool:
    """An address on another host: http(s) or protocol-relative."""
    url = url.strip().lower()
    return url.startswith(("http://", "https://", "//"))


def css_urls(text: str) -> list[str]:
    return [m.group(2) or m.group(4) or "" for m in CSS_URL.finditer(text)]


def html_files(site) -> list[Path]:
    return sorted(site.dir.rglob("*.html"))


def page_url(site, path: Path) -> str:
    """The address of a built file, for `site.html` (which parses each page once for all the tests)."""
    return "/" + path.relative_to(site.dir).as_posix()


def remote_resources(html: str | BeautifulSoup) -> list[tuple[str, str]]:
    """(how, address) of everything in an HTML page (its text, or parsed) that makes a browser fetch from another
    host by itself."""
    soup = BeautifulSoup(html, "html.parser") if isinstance(html, str) else html
    found = []
    for tag, attr in FETCHING:
        for element in soup.find_all(tag, attrs={attr: True}):
            urls = [part.split()[0] for part in element[attr].split(",") if part.strip()] if "srcset" in attr \
                else [element[attr]]
            found += [(f"<{tag} {attr}>", url) for url in urls if remote(url)]
    for link in soup.find_all("link", href=True):
        if FETCHING_RELS & {rel.lower() for rel in link.get("rel", [])} and remote(link["href"]):
            found.append((f"<link rel={' '.join(link['rel'])}>", link["href"]))
    for element in soup.find_all(style=True):
        found += [("style attribute", url) for url in css_urls(element["style"]) if remote(url)]
    for style in soup.find_all("style"):
        found += [("<style>", url) for url in css_urls(style.get_text()) if remote(url)]
    for script in soup.find_all("script", src=False):
        found += [("inline <script>", host) for host in CDN_HOSTS if host in script.get_text()]
    return found


def test_remote_resources_are_recognised():
    """The page scanner finds each way a page can fetch from another host, and leaves plain links and local files alone."""
    page = """<html><head>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">
      <link rel="preconnect" href="https://fonts.gstatic.com">
      <link rel="canonical" href="https://example.org/course/">
      <link rel="stylesheet" href="../assets/main.css">
      <script src="//cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>
      <script>require.config({paths: {x: "https://cdnjs.cloudflare.com/ajax/libs/require.js"}})</script>
      <style>@import "https://unpkg.com/x.css"; body { background: url(data:image/png;base64,AAAA) }</style>
    </head><body>
      <img src="http://example.org/a.png" srcset="b.png 1x, https://example.org/c.png 2x">
      <div style="background-image: url('https://example.org/d.png')"></div>
      <a href="https://doi.org/10.1145/3446776">a link is fine</a>
    </body></html>"""
    assert remote_resources(page) == [
        ("<script src>", "//cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"),
        ("<img src>", "http://example.org/a.png"),
        ("<img srcset>", "https://example.org/c.png"),
        ("<link rel=stylesheet>", "https://fonts.googleapis.com/css2?family=Roboto"),
        ("<link rel=preconnect>", "https://fonts.gstatic.com"),
        ("style attribute", "https://example.org/d.png"),
        ("<style>", "https://unpkg.com/x.css"),
        ("inline <script>", "cdnjs.cloudflare.com"),
    ]


def test_html_loads_nothing_from_another_host(site):
    """No page has a script, stylesheet, icon, image, frame or inline style that fetches from another host."""
    found = [(path.relative_to(site.dir).as_posix(), how, url)
             for path in html_files(site) for how, url in remote_resources(site.html(page_url(site, path)))]
    assert found == []


def test_stylesheets_load_nothing_from_another_host(site):
    """No stylesheet imports or points url() at another host (fonts included)."""
    sheets = sorted(site.dir.rglob("*.css"))
    assert sheets, "the build has no stylesheets"
    found = [(path.relative_to(site.dir).as_posix(), url)
             for path in sheets for url in css_urls(path.read_text(encoding="utf-8")) if remote(url)]
    assert found == []


def test_scripts_name_no_cdn(site):
    """No script mentions a public CDN or font service, except Material's two on-demand loaders; ours name no host at all."""
    scripts = sorted(site.dir.rglob("*.js"))
    assert scripts, "the build has no scripts"
    found = []
    for path in scripts:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(site.dir).as_posix()
        if name.startswith("assets/javascripts/bundle."):
            for address in MATERIAL_ON_DEMAND:
                text = text.replace(address, "")
        found += [(name, host) for host in CDN_HOSTS if host in text]
        if name.startswith("javascripts/"):  # our own scripts (docs/javascripts)
            found += [(name, url) for url in re.findall(r"(?:https?:)?//[\w.-]+\.\w+", text)]
    assert found == []


def test_no_page_triggers_materials_loaders(site):
    """No page has a Mermaid diagram or a repository widget, the two things that make Material contact another host."""
    found = []
    for path in html_files(site):
        soup = site.html(page_url(site, path))
        # pre.mermaid loads Mermaid from unpkg.com; the source widget asks api.github.com for the repository's stars.
        found += [(path.relative_to(site.dir).as_posix(), str(e)[:80])
                  for e in soup.select("pre.mermaid, [data-md-component=source]")]
    assert found == []
