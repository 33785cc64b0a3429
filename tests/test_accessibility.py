"""Accessibility: axe-core, run inside Chromium on every kind of page, finds nothing serious or critical.

Each page is checked in the light and the dark scheme (Material follows the reader's system setting),
on a phone and on a desktop, with the browser's clock in the middle of the semester so that the
now/next marks (dimmed past sessions, the highlighted next one, the status line) are on the page too.
The notebook pages are checked the same way in test_accessibility_notebooks.py (a module of their own, so that
the two workers of `make test` share the axe runs); the checker is axe.py.
"""

from __future__ import annotations

import pytest

from axe import BLOCKING, MOMENTS, SCHEMES, at, axe_violations, check_pages
from browser import CLEAR_STORAGE, DESKTOP, PHONE, new_page, visit
from pagetypes import page_types


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_type(tabs, served, site, axe_script, scheme):
    """No kind of page but the notebook pages (test_accessibility_notebooks.py) has a serious or critical axe-core
    violation, in either colour scheme, on a phone or a desktop."""
    pages = {kind: address for kind, address in page_types(site.root).items() if not kind.startswith("notebook ")}
    problems = check_pages(tabs, served, pages, axe_script,
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
    # One context for both schemes, each loaded afresh in it (a second context cost ~0.3 CPU s: a new renderer, and
    # Material's files fetched and compiled again); storage is cleared first, where Material keeps a chosen palette.
    page = new_page(browser, viewport=DESKTOP)
    page.add_init_script(CLEAR_STORAGE)
    try:
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            visit(page, served)
            shown = page.evaluate("document.body.dataset.mdColorScheme")
            assert shown == SCHEMES[scheme], f"Material shows the {shown!r} scheme in {scheme} mode"
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
