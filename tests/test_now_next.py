"""The never-stale now/next marks, checked in a real browser with its clock set to chosen moments."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from browser import check_clock, goto_at, hold_search, new_page, serve
from conftest import build_site

BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str, tz: ZoneInfo = BERLIN) -> float:
    """Unix time of a local date and time, e.g. at("2023-11-28 12:00")."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=tz).timestamp()


def marks(page, selector: str) -> list[tuple[str, str]]:
    """(first cell, or else the date, and the now/next class) of each row or item that shows an event, in page order."""
    return page.eval_on_selector_all(selector, """items => items.map(item => [
        (item.querySelector('td') || item.querySelector('time')).textContent.trim(),
        ['cs-past', 'cs-next', 'cs-today'].filter(c => item.classList.contains(c)).join(' ')])""")


def status(page) -> str:
    """The status line's sentence (its first line; the second says where and what to read)."""
    box = page.locator("article [data-cs-status]")
    return box.inner_text().strip().split("\n")[0] if box.is_visible() else ""


def where(page) -> str:
    """The status line's second line: room and paper."""
    return page.locator("article [data-cs-status] .cs-status__where").inner_text().strip()


SCHEDULE_ROWS = "article table tbody tr"
MOMENTS = {
    "before the first session": (
        "2023-10-01 12:00",
        ["cs-next", "", "", "", "", ""],
        "Next: Organizational meeting on Monday, 16 October 2023, 18:00–19:00."),
    "between sessions 2 and 3": (
        "2023-11-28 12:00",
        ["cs-past", "cs-past", "cs-past", "cs-next", "", ""],
        "Next: Session 3 on Tuesday, 5 December 2023, 18:00–19:30."),
    "after the last session": (
        "2024-02-01 12:00",
        ["cs-past"] * 6,
        "The seminar has ended."),
}


@pytest.mark.parametrize("moment", MOMENTS, ids=list(MOMENTS))
def test_schedule_marks_past_and_next(tabs, served, moment):
    """The schedule dims what is over, highlights the next event and says what comes next, by the reader's clock."""
    when, expected_marks, expected_status = MOMENTS[moment]
    page = tabs.open(served + "schedule/", at(when))
    assert [m for _, m in marks(page, SCHEDULE_ROWS)] == expected_marks
    assert status(page) == expected_status


@pytest.mark.parametrize("moment", MOMENTS, ids=list(MOMENTS))
def test_home_marks_past_and_next(tabs, served, moment):
    """The home page marks the organizational meeting and the sessions at a glance like the schedule does."""
    when, expected_marks, expected_status = MOMENTS[moment]
    page = tabs.open(served, at(when))
    org_meeting = page.eval_on_selector(
        "article li:has(time)", "li => ['cs-past', 'cs-next', 'cs-today'].filter(c => li.classList.contains(c)).join(' ')")
    assert [org_meeting] + [m for _, m in marks(page, SCHEDULE_ROWS)] == expected_marks
    assert status(page) == expected_status


def test_today_then_now_as_the_clock_runs(page, served):
    """On a session's day the status says "Today", and an open page switches to "Now" once the session starts."""
    hold_search(page)  # only the search dialog would use it (browser.Tabs)
    page.clock.install(time=at("2023-12-05 17:58"))
    page.goto(served + "schedule/")
    assert status(page) == "Today: Session 3, Tuesday, 5 December 2023, 18:00–19:30."
    assert marks(page, SCHEDULE_ROWS)[3] == ["3", "cs-today"]
    assert page.locator(SCHEDULE_ROWS).nth(3).get_attribute("aria-current") == "date"
    assert where(page) == "Mathematikon Seminar Room 2 · Zhang et al.: Understanding Deep Learning (Still) Requires Rethinking Generalization"
    assert page.locator("article [data-cs-status] a").get_attribute("href") == "../papers/zhang2021understanding/"
    page.clock.run_for("03:00")
    assert status(page) == "Now: Session 3, Tuesday, 5 December 2023, 18:00–19:30."
    page.clock.run_for("01:30:00")
    assert status(page) == "Next: Session 4 on Tuesday, 19 December 2023, 18:00–19:30."
    assert [m for _, m in marks(page, SCHEDULE_ROWS)][3:5] == ["cs-past", "cs-next"]


def test_today_is_the_course_day_in_any_reader_time_zone(browser, served):
    """A reader in Los Angeles late on 4 December (5 December in Heidelberg) sees session 3 as today."""
    p = new_page(browser, timezone="America/Los_Angeles")
    hold_search(p)
    try:
        goto_at(p, served + "schedule/", at("2023-12-04 16:00", ZoneInfo("America/Los_Angeles")))
        assert status(p) == "Today: Session 3, Tuesday, 5 December 2023, 18:00–19:30."
    finally:
        p.context.close()


# Moments in the order a tab is opened at them: back in time as well as forward, and the two minutes either side of
# session 3's start, where a clock that is a minute off shows the other one.
CLOCK_MOMENTS = [
    ("2024-02-01 12:00", "The seminar has ended."),
    ("2023-12-05 17:59", "Today: Session 3, Tuesday, 5 December 2023, 18:00–19:30."),
    ("2023-10-01 12:00", "Next: Organizational meeting on Monday, 16 October 2023, 18:00–19:00."),
    ("2023-12-05 18:00", "Now: Session 3, Tuesday, 5 December 2023, 18:00–19:30."),
]


def test_each_page_reads_the_minute_its_tab_was_opened_at(tabs, served):
    """The session's tabs set the clock anew for each page, to the moment the test asks for, and the clock reads that
    minute while the test reads the page: the student tests rely on it (browser.set_clock)."""
    for when, expected in CLOCK_MOMENTS:
        page = tabs.open(served + "schedule/", at(when))
        assert status(page) == expected, when
        check_clock(page, at(when))


def test_personal_page_marks_sessions(tabs, served):
    """A participant's page highlights the next session, at its top, and dims the past ones, at its end (no status line)."""
    page = tabs.open(served + "participants/3/", at("2023-11-28 12:00"))
    assert marks(page, "article section.cs-event") == [
        ["Tuesday, 5 December 2023, 18:00–19:30", "cs-next"], ["Tuesday, 19 December 2023, 18:00–19:30", ""],
        ["Tuesday, 9 January 2024, 18:00–19:30", ""],
        ["Tuesday, 31 October 2023, 18:00–19:30", "cs-past"], ["Tuesday, 21 November 2023, 18:00–19:30", "cs-past"]]


def test_without_javascript_the_schedule_reads_plainly(tabs, served):
    """Without JavaScript no event is marked, the status line stays hidden and every session is listed."""
    p = tabs.open(served + "schedule/", at("2023-11-28 12:00"), javascript=False)
    assert not p.locator("article [data-cs-status]").is_visible()
    assert p.locator("article .cs-past, article .cs-next, article .cs-today").count() == 0
    assert [first for first, _ in marks(p, SCHEDULE_ROWS)] == [
        "–", "1", "2", "3", "4", "5"]


def test_german_status_line(browser, german_site):
    """A German course gets its status sentence in German."""
    site = german_site
    p = new_page(browser, locale="de-DE")
    hold_search(p)
    try:
        with serve(site.dir) as url:
            goto_at(p, url + "schedule/", at("2023-11-28 12:00"))
            assert status(p) == "Als Nächstes: Sitzung 3 am Dienstag, 5. Dezember 2023, 18:00–19:30 Uhr."
            goto_at(p, url + "schedule/", at("2024-02-01 12:00"))
            assert status(p) == "Das Seminar ist beendet."
    finally:
        p.context.close()


@pytest.mark.slow
def test_instant_navigation_updates_each_page(browser, course_dir):
    """With Material's instant navigation, a page reached by a click is marked too (via document$), although course.js
    ran ahead of Material's bundle on the first page (theme/main.html)."""
    config = course_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  features:\n", "  features:\n    - navigation.instant\n"), encoding="utf-8")
    (course_dir / "site").mkdir(exist_ok=True)
    p = new_page(browser)
    try:
        with serve(course_dir / "site") as url:
            # Instant navigation only follows links listed in the sitemap, which needs the real address.
            course = course_dir / "course.yaml"
            course.write_text(course.read_text(encoding="utf-8").replace(
                "# site_url: https://<user>.github.io/<repository>/", f"site_url: {url}"), encoding="utf-8")
            build_site(course_dir)
            goto_at(p, url, at("2023-11-28 12:00"))
            p.wait_for_load_state("networkidle")  # Material's instant navigation is set up once it has the sitemap
            p.evaluate("window.csSamePage = true")  # survives instant navigation, not a page load
            p.click("article a[href$='schedule/']")
            p.wait_for_url(url + "schedule/")
            p.wait_for_function("document.querySelector('article h1').textContent.startsWith('Schedule')")
            assert p.evaluate("window.csSamePage === true")
            p.wait_for_selector("article [data-cs-status]:not([hidden])")
            assert status(p) == "Next: Session 3 on Tuesday, 5 December 2023, 18:00–19:30."
            assert [m for _, m in marks(p, SCHEDULE_ROWS)][3] == "cs-next"
    finally:
        p.context.close()
