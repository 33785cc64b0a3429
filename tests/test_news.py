"""Materials after a session, announcements (home, bar, Atom feed) and the organizers' contact, as built."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import Site, build_site, copy_course

pytestmark = pytest.mark.slow  # every test here reads builds of its own

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = dt.date.today()
RECENT = TODAY - dt.timedelta(days=2)
OLD = TODAY - dt.timedelta(days=40)
SITE_URL = "https://seminar.example.org/mml/"


def extend(text: str, site_url: bool) -> str:
    """The seed course with organizers, announcements and materials for its second session."""
    assert "  - date: 2023-11-21\n    paper: ba2014deep\n" in text
    text = text.replace("  - date: 2023-11-21\n    paper: ba2014deep\n",
                        "  - date: 2023-11-21\n    paper: ba2014deep\n    materials:\n"
                        "      - {title: Slides, url: 'https://example.org/slides.pdf'}\n"
                        "      - {title: \"Notes <b>\", url: 'https://example.org/notes'}\n", 1)
    text += (f"\norganizers:\n  - name: Ada Example\n    email: ada@example.org\n"
             f"announcement_days: 7\nannouncements:\n"
             f"  - date: {OLD}\n    text: The reading list is **online**.\n"
             f"  - date: {RECENT}\n    text: 'Room change: session 2 is in [room 3](https://example.org/room3) <script>alert(1)</script>'\n")
    if site_url:
        text = text.replace("# site_url: https://<user>.github.io/<repository>/", f"site_url: {SITE_URL}", 1)
    return text


def built(tmp_path_factory, name: str, site_url: bool) -> Site:
    root = copy_course(tmp_path_factory.mktemp(name))
    course = root / "course.yaml"
    course.write_text(extend(course.read_text(encoding="utf-8"), site_url), encoding="utf-8")
    return build_site(root)


@pytest.fixture(scope="module")
def news_site(tmp_path_factory) -> Site:
    return built(tmp_path_factory, "news", site_url=False)


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Site:
    return built(tmp_path_factory, "addressed", site_url=True)


def long(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def test_materials_on_the_paper_page_and_in_the_schedule(news_site):
    """A session's materials are links on its paper page and beside its paper in the schedule, text escaped."""
    page = news_site.content("/papers/ba2014deep/")
    heading = next(h for h in page.select("h2") if h.get_text(strip=True).startswith("Materials"))
    links = [(a.get_text(), a["href"]) for a in heading.find_next_sibling("ul").select("a")]
    assert links == [("Slides", "https://example.org/slides.pdf"), ("Notes <b>", "https://example.org/notes")]
    row = next(tr for tr in news_site.content("/schedule/").select("tr") if "ba2014deep" in str(tr))
    assert [a.get_text() for a in row.select("a")][-2:] == ["Slides", "Notes <b>"]
    assert page.select("b") == []


def test_announcements_on_home_newest_first_with_prose_rules(news_site):
    """Home lists the announcements newest first; Markdown works, HTML is shown as text and never runs."""
    home = news_site.content("/")
    heading = next(h for h in home.select("h2") if h.get_text(strip=True).startswith("Announcements"))
    items = heading.find_next_sibling("ul").select(":scope > li")
    assert [li.get_text(" ", strip=True).split(":")[0] for li in items] == [long(RECENT), long(OLD)]
    assert items[0].select_one('a[href="https://example.org/room3"]').get_text() == "room 3"
    assert "<script>alert(1)</script>" in items[0].get_text()
    assert items[1].select("strong")[-1].get_text() == "online"
    assert news_site.html("/").select("article script") == []


def test_newest_announcement_is_the_bar_on_every_page(news_site):
    """Material's announcement bar shows the newest announcement (escaped) with its end date, on every page."""
    for url in ("/", "/schedule/", "/papers/ba2014deep/"):
        bar = news_site.html(url).select_one("aside.md-banner .cs-announce")
        assert bar is not None, url
        assert bar["data-until"] == (RECENT + dt.timedelta(days=7)).isoformat()
        assert bar.get_text(" ", strip=True).startswith(f"{long(RECENT)}: Room change: session 2 is in room 3")
        assert bar.select("script") == []


def test_an_old_announcement_gives_no_bar(tmp_path_factory):
    """When the newest announcement is older than announcement_days, no page has the bar."""
    root = copy_course(tmp_path_factory.mktemp("stale"))
    course = root / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8")
                      + f"\nannouncements:\n  - date: {OLD}\n    text: Welcome.\n", encoding="utf-8")
    site = build_site(root)
    assert site.html("/").select("aside.md-banner") == []
    assert "Welcome." in site.text("/")


def test_feed_parses_back_newest_first(news_site):
    """announcements.xml is Atom: the feed's title, each entry's date, title and HTML content, newest first."""
    link = news_site.html("/").select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert link["href"] == "announcements.xml"
    root = ET.fromstring(news_site.path("/announcements.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Mathematical Machine Learning -- Challenges: Announcements"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}updated")[:10] for e in entries] == [RECENT.isoformat(), OLD.isoformat()]
    assert entries[0].findtext(f"{ATOM}title").startswith(f"{long(RECENT)}: Room change")
    content = entries[0].findtext(f"{ATOM}summary") or entries[0].findtext(f"{ATOM}content")
    assert '<a href="https://example.org/room3">room 3</a>' in content
    assert "&lt;script&gt;" in content and "<script>" not in content
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2


def test_feed_and_calendar_links_are_absolute_with_a_site_url(addressed_site):
    """With site_url, the feed links the published home page and every link in the calendars is absolute."""
    root = ET.fromstring(addressed_site.path("/announcements.xml").read_bytes())
    assert {el.get("href") for el in root.iter(f"{ATOM}link")} >= {SITE_URL, SITE_URL + "announcements.xml"}
    for name in ("course.ics", "participants/3.ics"):
        text = addressed_site.path("/" + name).read_bytes().decode().replace("\r\n ", "")
        absolute = re.findall(r"https?://[^\s\\]+", text)
        relative = re.findall(r"(?:^|[\s:;])((?:\./|papers/|roles/|participants/)[^\s\\]*)", text, re.M)
        assert len(absolute) > 10 and all(link.startswith(SITE_URL) for link in absolute), absolute
        assert relative == []
    calendar = addressed_site.content("/schedule/")
    subscribe = [a["href"] for a in calendar.select("a[href]") if a["href"].startswith("webcal://")]
    assert subscribe == ["webcal://seminar.example.org/mml/course.ics"]
    assert calendar.select_one('a.cs-calendar')["href"].endswith("course.ics")


def test_organizers_on_home_and_in_the_handout_footer(news_site, tmp_path):
    """The organizers' names and e-mail addresses are on home (mailto links) and in every handout footer."""
    home = news_site.content("/")
    assert home.select_one('a[href="mailto:ada@example.org"]').get_text() == "ada@example.org"
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(news_site.path("/handout.pdf").read_bytes())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert pages and all("Ada Example <ada@example.org>" in page for page in pages)
