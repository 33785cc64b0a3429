"""Accessibility: axe-core, run inside Chromium on every kind of page, finds nothing serious or critical.

Each page is checked in the light and the dark scheme (Material follows the reader's system setting),
on a phone and on a desktop, with the browser's clock in the middle of the semester so that the
now/next marks (dimmed past sessions, the highlighted next one, the status line) are on the page too.
axe-core comes from npm (package.json pins it; `make test` installs it into node_modules/).
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

from browser import DESKTOP, PHONE, new_page, visit
from conftest import ROOT
from pagetypes import page_types

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme
MOMENTS = {
    "mid-semester": "2023-11-28 12:00",  # sessions 1-2 past, session 3 next
    "session day": "2023-12-05 12:00",  # session 3 is today
    "after the end": "2024-02-01 12:00",  # every event past, "the seminar has ended"
}


@pytest.fixture(scope="module")
def axe_script() -> str:
    """Path of axe-core's browser build; skipped without it (a failure under CI=true)."""
    if not AXE.is_file():
        reason = "axe-core is not installed: run `npm ci` (or `make test`, which does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return str(AXE)


def at(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Berlin")).timestamp()


def axe_violations(page, axe_script: str) -> list[dict]:
    """axe-core's violations on the page as it is now, with the selectors of the offending elements."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per page load
        page.add_script_tag(path=axe_script)
    return page.evaluate("""async () => {
        const results = await axe.run(document, {resultTypes: ['violations']});
        return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')), summary: v.nodes[0].failureSummary}));
    }""")


def check_pages(tabs, base: str, pages: dict[str, str], axe_script: str, *, scheme: str, viewports: dict[str, dict],
                moment: str) -> list[str]:
    """One line per serious or critical violation found on any of the pages, readable enough to fix it.

    Each page is loaded once and checked at each viewport in turn, the window resized in place (as a reader
    turns a tablet): one load and one axe-core injection per page instead of one per viewport.
    """
    problems = []
    for kind, address in pages.items():
        page = tabs.open(base + address, at(MOMENTS[moment]), viewport=next(iter(viewports.values())), scheme=scheme)
        shown = page.evaluate("document.body.dataset.mdColorScheme")
        assert shown == SCHEMES[scheme], f"{kind} page: Material shows the {shown!r} scheme in {scheme} mode"
        for size, viewport in viewports.items():
            if page.viewport_size != viewport:
                page.set_viewport_size(viewport)
            # Transitions settle first (the new layout's, or what the page scripts changed at load), or colours
            # are measured mid-change.
            page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
            for v in axe_violations(page, axe_script):
                if v["impact"] in BLOCKING:
                    problems.append(f"{kind} ({address or '/'}, {size}): {v['id']} [{v['impact']}] {v['help']}; "
                                    f"{len(v['targets'])} element(s): {', '.join(v['targets'][:8])}; "
                                    f"first: {' '.join(v['summary'].split())}")
    return problems


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_type(tabs, served, site, axe_script, scheme):
    """No kind of page has a serious or critical axe-core violation, in either colour scheme, on a phone or a desktop."""
    problems = check_pages(tabs, served, page_types(site.root), axe_script,
                           scheme=scheme, viewports={"phone": PHONE, "desktop": DESKTOP}, moment="mid-semester")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_deadlines(tabs, served_deadlines, axe_script, scheme):
    """The deadline <time>s, and the personal page's "Next deadline" line (session 3's, at mid-semester), on a phone."""
    pages = {"participant": "participants/5/", "schedule": "schedule/", "paper": "papers/zhang2021understanding/"}
    problems = check_pages(tabs, served_deadlines, pages, axe_script, scheme=scheme, viewports={"phone": PHONE},
                           moment="mid-semester")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("moment", ["session day", "after the end"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_now_next_marks(tabs, served, site, axe_script, scheme, moment):
    """The marks for today's session and for a finished seminar keep the pages that show them free of serious violations."""
    pages = {kind: address for kind, address in page_types(site.root).items()
             if kind in ("home", "schedule", "participant", "paper")}
    problems = check_pages(tabs, served, pages, axe_script, scheme=scheme, viewports={"desktop": DESKTOP}, moment=moment)
    assert problems == [], "\n".join(problems)


def test_search_dialog(browser, served, axe_script):
    """The open search dialog with its results has no serious or critical violation, in either colour scheme."""
    problems = []
    for scheme in SCHEMES:
        page = new_page(browser, viewport=DESKTOP, color_scheme=scheme)
        try:
            visit(page, served)
            page.locator(".md-search__input").click()
            page.keyboard.type("gradient")
            page.locator(".md-search-result__item").first.wait_for()
            # Results fade in; measured mid-animation, text and background blend and contrast looks too low.
            page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
            page.wait_for_timeout(400)
            problems += [f"{scheme}: {v['id']} [{v['impact']}] {v['help']}: {', '.join(v['targets'][:8])}"
                         for v in axe_violations(page, axe_script) if v["impact"] in BLOCKING]
        finally:
            page.context.close()
    assert problems == [], "\n".join(problems)


def test_wide_tables_scroll_with_the_keyboard(tabs, served):
    """On a phone, each table too wide for the screen can be focused, is named by its heading and scrolls with the arrow keys."""
    page = tabs.open(served + "guide/", at(MOMENTS["mid-semester"]), viewport=PHONE)
    wraps = page.eval_on_selector_all(".md-typeset__scrollwrap", """wraps => wraps.map(w => ({
        scrolls: w.scrollWidth > w.clientWidth + 1, tabindex: w.getAttribute('tabindex'), role: w.getAttribute('role'),
        named: /^H[1-6]$/.test((document.getElementById(w.getAttribute('aria-labelledby')) || {}).tagName)}))""")
    assert any(w["scrolls"] for w in wraps), "no table on the guide is wider than a phone; the test checks nothing"
    assert [(w["tabindex"], w["role"], w["named"]) for w in wraps] == [
        ("0", "region", True) if w["scrolls"] else (None, None, False) for w in wraps]
    wide = page.locator(".md-typeset__scrollwrap[tabindex='0']").first
    wide.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert wide.evaluate("w => w === document.activeElement")
    # Keyboard scrolling is animated in Chromium: wait for it to move rather than read it at once.
    page.wait_for_function("w => w.scrollLeft > 0", arg=wide.element_handle(), timeout=5000)
