"""A site published under a sub-path of someone else's host (plain web space, GitLab or GitHub project pages), read in
Chromium at that address: every page, link, download, calendar, the feed, search, the handout's QR code and the
page for a missing address stay under the sub-path and are found there; nothing is asked of another host.

The French variant is built for https://www.uni.example/~chair/seminar/ (conftest.SUBPATH_SITE_URL) and has what
the seed leaves out (announcements and their feed, an online meeting, materials); a local HTTPS server answers the
browser at that address from the build (`webhost.WebHost`), so no network is involved. The seed, built without site_url, shows
which part of that holds for a site that does not know its address.
"""

from __future__ import annotations

import io
import re
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from icalendar import Calendar
from PIL import Image

from browser import hold_search
from conftest import SUBPATH_SITE_URL, Site
from webhost import StaticHost, WebHost

pytestmark = pytest.mark.browser

ADDRESS = SUBPATH_SITE_URL
HOST = urllib.parse.urlsplit(ADDRESS).netloc

# What a page links to and loads, absolute (as the browser resolves it), with the element that says it.
READ_PAGE = """() => {
  const found = [];
  for (const [selector, attribute] of [["[href]", "href"], ["[src]", "src"], ["[action]", "action"], ["[data]", "data"]]) {
    for (const element of document.querySelectorAll(selector)) {
      const value = element.getAttribute(attribute);
      let url;
      try { url = new URL(value, document.baseURI).href; } catch { url = value; }
      found.push([url, element.tagName.toLowerCase() + "[" + attribute + "]"]);
    }
  }
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id)
    .concat([...document.querySelectorAll("a[name]")].map(e => e.name));
  return {found, ids};
}"""

# Served files that no page needs to name: Material's unused assets, the search index (asked for by the
# search, checked there), the sitemap (for search engines, checked with the feed) and the page for
# a missing address (checked on its own).
NOT_LINKED = re.compile(r"^(assets/|search/|sitemap\.xml|404\.html$)")
# The search index, as every page asks for it.
INDEX = re.compile(r"/search/search_index\.json$")


@dataclass
class Crawl:
    """What following every link from the home page found."""

    host: StaticHost
    pages: dict[str, list[str]] = field(default_factory=dict)
    """Every page visited, with the ids on it (the targets of #fragments)."""
    links: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Every address a page names, with the first page that names it and the element."""
    fetched: dict[str, int] = field(default_factory=dict)
    """Every file linked that is not a page (downloads, calendars, the feed), with the status the browser got."""
    indexes: set[str] = field(default_factory=set)
    """Every address a page asked for the search index at (answered for the first page only, see `crawl`)."""


def site_address(url: str) -> str | None:
    """The https: address a link on the site's host stands for (webcal: subscriptions too), else None."""
    parts = urllib.parse.urlsplit(url)
    if parts.netloc != HOST or parts.scheme not in ("https", "http", "webcal"):
        return None
    return parts._replace(scheme="https", fragment="").geturl()


def crawl(web_host: WebHost, directory: Path) -> Crawl:
    """Visit every page reachable from the home page of the build in `directory`, published at ADDRESS."""
    page, host = web_host.publish(directory, ADDRESS)
    result = Crawl(host)
    try:
        todo, files = [ADDRESS], []
        # The first page gets the search index; the others would take it from the browser's cache (the host says it
        # keeps for 10 minutes) and each build the search from it again, for nothing: they ask for it (and their
        # search worker's script), unanswered (browser.hold_search), until the crawl is done. Where each page asked
        # for the index is kept (`indexes`).
        page.on("request", lambda request: result.indexes.add(request.url) if INDEX.search(request.url) else None)
        with page.expect_response(lambda response: bool(INDEX.search(response.url))):
            response = page.goto(todo[0])
        held = hold_search(page)
        while todo:
            url = todo.pop()
            if url in result.pages:
                continue
            if url != ADDRESS:
                response = page.goto(url)
            assert response is not None and response.status == 200, url
            seen = page.evaluate(READ_PAGE)
            result.pages[url] = seen["ids"]
            for link, element in seen["found"]:
                result.links.setdefault(link, (url, element))
                target = site_address(link)
                if target is None or not result.host.inside(target):
                    continue
                status, served, location = result.host.answer(target)
                if location or (served is not None and served.suffix == ".html" and status == 200):
                    todo.append(location or target)
                elif target not in files and element != "link[href]" and not element.endswith("[src]"):
                    files.append(target)
        # Downloads are fetched by the page, through the same host, as a click on them would.
        statuses = page.evaluate("async urls => Promise.all(urls.map(u => fetch(u).then(r => r.status)))", files)
        result.fetched = dict(zip(files, statuses, strict=True))
        held.send("Fetch.disable")  # the last page's request for the index goes on
        page.wait_for_load_state("networkidle")
    finally:
        page.context.close()
    return result


@pytest.fixture(scope="module")
def published(web_host, french_site) -> Crawl:
    return crawl(web_host, french_site.dir)


def test_the_build_knows_its_sub_path(french_site):
    """The variant is built for the sub-path address (the premise of every test here)."""
    assert f"site_url: {ADDRESS}\n" in (french_site.root / "course.yaml").read_text(encoding="utf-8")
    canonical = french_site.html("/schedule/").select_one("link[rel=canonical]")["href"]
    assert canonical == ADDRESS + "schedule/"


def test_every_request_stays_under_the_sub_path_and_is_found(published):
    """Pages, stylesheets, scripts, pictures, the search index and downloads: all asked for under the sub-path, all there."""
    assert published.host.requests, "the crawl asked for nothing"
    failed = [(url, status) for url, status in published.host.requests if status not in (200, 301)]
    assert failed == []
    asked = {url for url, _ in published.host.requests}
    assert ADDRESS + "search/search_index.json" in asked
    assert published.indexes == {ADDRESS + "search/search_index.json"}  # every page asks for it there


def test_every_page_and_download_is_reached_from_the_home_page(published, french_site):
    """Each page and file the build publishes (except Material's assets) is linked from a page, under the sub-path.

    Pictures count when a page names them: a notebook's plots below the fold are loaded only when scrolled to.
    """
    named = [site_address(link) or "" for link in published.links]
    reached = {urllib.parse.unquote(url.removeprefix(ADDRESS).split("?")[0])
               for url in [*published.pages, *published.fetched, *(u for u, _ in published.host.requests), *named]
               if published.host.inside(url)}
    reached = {rel + "index.html" if rel == "" or rel.endswith("/") else rel for rel in reached}
    published_files = {p.relative_to(french_site.dir).as_posix() for p in french_site.dir.rglob("*") if p.is_file()}
    assert sorted(f for f in published_files - reached if not NOT_LINKED.match(f)) == []
    kinds = ("index.html", "info/", "schedule/", "roles/", "rotation/", "papers/", "papers/ba2014deep/",
             "participants/3/", "notebooks/ba2014deep/", "guide/")
    assert [k for k in kinds if ADDRESS + k.removesuffix("index.html") not in published.pages] == []
    downloads = ("handout.pdf", "course.ics", "participants/3.ics", "papers.bib", "announcements.xml",
                 "downloads/ba2014deep.ipynb")
    assert {ADDRESS + d: 200 for d in downloads}.items() <= published.fetched.items()


def test_every_link_to_the_site_leads_inside_the_sub_path_to_what_it_names(published):
    """Navigation, in-page #links, paper, notebook and personal pages, downloads and webcal: subscriptions."""
    wrong = []
    for link, (on, element) in published.links.items():
        target = site_address(link)
        if target is None:
            continue
        if not published.host.inside(target) or published.host.status(target) != 200:
            wrong.append((link, on, element, "not found under the sub-path"))
            continue
        fragment = urllib.parse.unquote(urllib.parse.urlsplit(link).fragment)
        page = target if target in published.pages else published.host.answer(target)[2]
        if fragment and page in published.pages and fragment not in published.pages[page]:
            wrong.append((link, on, element, "no such #id on the page"))
    assert wrong == []
    subscriptions = {link for link in published.links if link.startswith("webcal:")}
    assert {"webcal://" + HOST + urllib.parse.urlsplit(ADDRESS).path + f for f in ("course.ics", "participants/3.ics")} <= subscriptions


def test_other_hosts_are_only_linked_never_loaded(published):
    """Links to other hosts are what the organizers and papers.bib name; no page loads anything from one."""
    loaded_elsewhere = [(link, on, element) for link, (on, element) in published.links.items()
                        if urllib.parse.urlsplit(link).scheme in ("http", "https") and not published.host.inside(link)
                        and element != "a[href]"]
    assert loaded_elsewhere == []
    assert [url for url, status in published.host.requests if status == 0] == []


def addresses_in(text: str) -> list[str]:
    return re.findall(r"(?:https?|webcal)://[^\s<>\"')\]]+", text)


def test_calendars_feed_and_sitemap_point_inside_the_sub_path(published, french_site):
    """Every address on the site's host in the calendars, the Atom feed and the sitemap is under the sub-path and found."""
    named: dict[str, list[str]] = {}
    for ics in sorted(french_site.dir.rglob("*.ics")):
        calendar = Calendar.from_ical(ics.read_bytes())
        for component in calendar.walk():
            for key, value in component.items():
                for url in addresses_in(str(value)):
                    named.setdefault(url, []).append(f"{ics.name} {key}")
    feed = ET.parse(french_site.dir / "announcements.xml").getroot()
    for element in feed.iter():
        for url in [element.get("href", ""), *addresses_in(element.text or "")]:
            if url:
                named.setdefault(url, []).append(f"announcements.xml {element.tag}")
    sitemap = ET.parse(french_site.dir / "sitemap.xml").getroot()
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        named.setdefault(loc.text, []).append("sitemap.xml")
    ours = {url: where for url, where in named.items() if site_address(url)}
    wrong = {url: where for url, where in ours.items()
             if not published.host.inside(site_address(url)) or published.host.status(site_address(url)) != 200}
    assert wrong == {}
    assert {ADDRESS, ADDRESS + "schedule/", ADDRESS + "papers/ba2014deep/", ADDRESS + "announcements.xml"} <= ours.keys()


def test_handout_qr_code_and_links_lead_to_the_sub_path(published, french_site):
    """The handout's QR code scans to the home page under the sub-path; its printed address and links lead inside."""
    png = subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(french_site.dir / "handout.pdf")],
                         check=True, capture_output=True).stdout
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [(code.format, code.text) for code in codes] == [(zxingcpp.BarcodeFormat.QRCode, ADDRESS)]
    reader = pypdf.PdfReader(french_site.dir / "handout.pdf")
    assert ADDRESS in " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    uris = [annotation.get_object()["/A"]["/URI"] for page in reader.pages for annotation in page.get("/Annots", [])
            if "/URI" in annotation.get_object().get("/A", {})]
    ours = [uri for uri in uris if site_address(uri)]
    assert ADDRESS in ours
    assert [uri for uri in ours if published.host.status(site_address(uri)) != 200 or not published.host.inside(uri)] == []


def test_search_finds_pages_under_the_sub_path(web_host, french_site):
    """Search loads its index from under the sub-path and its results lead to pages there."""
    page, host = web_host.publish(french_site.dir, ADDRESS)
    try:
        page.goto(ADDRESS + "schedule/", wait_until="load")
        page.wait_for_load_state("networkidle")  # "load" first: see browser.py
        page.locator("input.md-search__input").click()
        page.keyboard.type("Glorot")
        results = page.locator("a.md-search-result__link")
        # Search runs as the letters come: on a busy machine the first results shown can be those of "Glo".
        page.locator(f"a.md-search-result__link[href^='{ADDRESS}papers/glorot2010understanding/']").first.wait_for()
        hrefs = results.evaluate_all("links => links.map(a => a.href)")
        assert hrefs and [h for h in hrefs if not host.inside(h) or host.status(h.split("#")[0]) != 200] == []
        assert any(h.startswith(ADDRESS + "papers/glorot2010understanding/") for h in hrefs)
        hold_search(page)  # the result's page: its search is not what this test reads
        results.first.click()
        page.wait_for_load_state()
        assert page.url.split("#")[0] == hrefs[0].split("#")[0]
        assert [(url, status) for url, status in host.requests if status not in (200, 301)] == []
    finally:
        page.context.close()


def test_the_number_picker_opens_the_personal_page_under_the_sub_path(web_host, french_site):
    """Typing a participant number on the home page leads to that participant's page under the sub-path."""
    page, host = web_host.publish(french_site.dir, ADDRESS)
    hold_search(page)  # only the search dialog would use it (browser.Tabs)
    try:
        page.goto(ADDRESS)
        page.fill("form[data-cs-picker] input", "3")
        page.press("form[data-cs-picker] input", "Enter")
        page.wait_for_url(ADDRESS + "participants/3/")
        assert page.locator("article h1").first.inner_text().startswith("Participant 3")
        assert [(url, status) for url, status in host.requests if status != 200] == []
    finally:
        page.context.close()


def test_a_missing_address_gets_the_styled_page_not_found_with_links_inside(web_host, french_site):
    """A mistyped address deep under the sub-path gets 404.html with its styles, scripts and links from the sub-path."""
    page, host = web_host.publish(french_site.dir, ADDRESS)
    try:
        missing = ADDRESS + "papers/no-such-paper/"
        response = page.goto(missing)
        assert response is not None and response.status == 404
        page.wait_for_load_state("networkidle")
        assert [(url, status) for url, status in host.requests if url != missing and status != 200] == []
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        links = [link for link, _ in page.evaluate(READ_PAGE)["found"] if site_address(link)]
        assert links and [link for link in links if not host.inside(link) or host.status(site_address(link)) != 200] == []
        page.locator("a.md-header__button.md-logo").click()
        page.wait_for_load_state()
        assert page.url == ADDRESS
    finally:
        page.context.close()


def test_without_site_url_the_pages_still_work_under_a_sub_path(web_host, site: Site):
    """A site built without its address (the seed) links relatively: published under a sub-path, every page works."""
    seed = crawl(web_host, site.dir)
    assert len(seed.pages) > 20
    assert [(url, status) for url, status in seed.host.requests if status not in (200, 301)] == []
    assert seed.indexes == {ADDRESS + "search/search_index.json"}
    wrong = [(link, on) for link, (on, _) in seed.links.items()
             if site_address(link) and (not seed.host.inside(link) or seed.host.status(site_address(link)) != 200)]
    assert wrong == []


@pytest.mark.parametrize(("address", "works"), [(ADDRESS, False), (f"https://{HOST}/", True)], ids=["sub-path", "top"])
def test_without_site_url_the_page_for_a_missing_address_works_only_at_the_top_of_a_domain(web_host, site: Site,
                                                                                           address, works):
    """What `check` notes for a course without site_url: 404.html, shown at any depth, names its files from the domain's root."""
    page, host = web_host.publish(site.dir, address)
    try:
        missing = address + "papers/no-such-paper/"
        response = page.goto(missing)
        assert response is not None and response.status == 404
        page.wait_for_load_state("networkidle")
        failed = [url for url, status in host.requests if url != missing and status != 200]
        styled = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert (failed == [] and styled) == works
        assert [url for url in failed if host.inside(url)] == []  # what fails is asked for outside the sub-path
    finally:
        page.context.close()
