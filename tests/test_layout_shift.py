"""Pages that hold still: what the page scripts add or reveal by the clock does not move what is already shown.

Cumulative layout shift (CLS) as Chromium reports it to a `layout-shift` PerformanceObserver, summed over the
entries that no input caused, on every page type of the seed course and of its German variant, on a phone and
a desktop, at the four moments of the semester that the student tests use. "Good" is below 0.1; the course's
own target (issue 24) is at most 0.05 everywhere.

One browser and one page object for every case (viewport and clock are set per case), on the session's shared
builds. To keep it quick: one notebook page stands for all (they differ in their cells only); a page with nothing
that the page scripts set by the clock (CLOCKED, the elements course.js reads) is the same page at every moment,
so it is measured at the first; and the search (its worker's script and the index), which only the search dialog
uses, is asked for but never comes (browser.hold_search), as on a slow line: it only fills the closed search dialog.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import DESKTOP, PHONE, QuietHandler, goto_at, hold_search, new_page, serve
from pagetypes import page_types
from test_students import MOMENTS, at

LIMIT = 0.05
VIEWPORTS = {"390 px": PHONE, "1280 px": DESKTOP}

# The shift entries that Chromium has reported for this document (buffered: also those from before this runs),
# without those that follow an input, with the elements that moved. Chromium reports a frame's shift once it has
# been painted, so two frames are waited for: by then everything the page's own scripts did at load is in.
LAYOUT_SHIFT = """() => new Promise(resolve => {
    const entries = [];
    const observer = new PerformanceObserver(list => entries.push(...list.getEntries()));
    observer.observe({type: "layout-shift", buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
        entries.push(...observer.takeRecords());
        observer.disconnect();
        const counted = entries.filter(e => !e.hadRecentInput);
        const name = node => !node || !node.tagName ? "?" : node.tagName.toLowerCase()
            + (node.id ? "#" + node.id : "") + [...node.classList].map(c => "." + c).join("");
        resolve({
            score: counted.reduce((sum, e) => sum + e.value, 0),
            moved: [...new Set(counted.flatMap(e => e.sources.map(s => name(s.node))))],
        });
    }, 0)));
})"""


# What course.js changes by the reader's clock (docs/javascripts/course.js: the selectors it queries).
CLOCKED = ("time[datetime][data-end], time[datetime][data-deadline], [data-cs-status], [data-cs-agenda], [data-cs-mark],"
           " [data-cs-from], [data-cs-until], .cs-event, .cs-announce[data-until]")


def layout_shift(page, url: str, moment: float) -> dict:
    """Load `url` at `moment` (`browser.goto_at`) and return its layout shift: {"score": float, "moved": [element names]}."""
    goto_at(page, url, moment)
    return page.evaluate(LAYOUT_SHIFT)


@pytest.fixture(scope="module")
def one_page(browser) -> Iterator:
    """The page object every case of this module loads into (Berlin time, as the course's dates are)."""
    p = new_page(browser, viewport=PHONE)
    hold_search(p)
    try:
        yield p
    finally:
        p.context.close()


def measured_types(site) -> dict[str, str]:
    """The site's page types (`pagetypes.page_types`) with its first notebook page standing for all."""
    types = page_types(site.root)
    notebooks = [kind for kind in types if kind.startswith("notebook ")]
    return {kind: address for kind, address in types.items() if kind not in notebooks[1:]}


def shifts(page, site) -> Iterator[tuple[str, str, str, dict]]:
    """(page type, viewport, moment, layout shift) for every case on a built site."""
    with serve(site.dir) as base:
        for viewport, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            for kind, address in measured_types(site).items():
                for moment, (when, *_) in MOMENTS.items():
                    yield kind, viewport, moment, layout_shift(page, base + address, at(when))
                    if not page.locator(CLOCKED).count():
                        break


@pytest.fixture(params=["en", "de"])
def course_site(request):
    """The session's seed build (en) and its German variant (de)."""
    return request.getfixturevalue("site" if request.param == "en" else "german_site")


def test_no_page_shifts_by_the_clock(one_page, course_site):
    """Every page type, at 390 and 1280 px, at each moment of the semester: cumulative layout shift at most 0.05."""
    site = course_site
    too_much = [f"{kind} at {viewport}, {moment}: {shift['score']:.3f} (moved: {', '.join(shift['moved'])})"
                for kind, viewport, moment, shift in shifts(one_page, site) if shift["score"] > LIMIT]
    assert not too_much, f"layout shift above {LIMIT}:\n" + "\n".join(too_much)


def first_part(body: bytes) -> int:
    """Where a slow line pauses in a page: after the first body row of the article's first table (a table's columns
    are sized by its whole body, so that is where a painted table can still move), or else halfway through the
    article, at the end of an element."""
    start = body.index(b"<article")
    end = body.index(b"</article>", start)
    if (table := body.find(b"<tbody>", start, end)) != -1:
        first_row = body.index(b"<tr>", table)
        second_row = body.find(b"<tr>", first_row + 1, end)
        return first_row if second_row == -1 else second_row
    return body.index(b">", (start + end) // 2) + 1


class InParts(QuietHandler):
    """Serves each page as a slow line delivers it: its first part (`first_part`), then, 0.1 s later, the rest; the
    browser paints what it has meanwhile. Other files come whole."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        if page.suffix != ".html" or not page.is_file():
            return super().do_GET()
        body = page.read_bytes()
        cut = first_part(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        time.sleep(0.1)
        self.wfile.write(body[cut:])


def test_a_page_painted_before_the_rest_arrives_does_not_move(one_page, site):
    """Every page type on a slow line: painted with its first part, it does not move when the rest arrives. The
    rotation table's columns are sized by its body (the role names): painted with one body row, then widened or
    narrowed by the rest, its headings moved (0.053 at 390 px, as a slow line or a slow phone saw it); what follows
    its picker now waits for course.js, which runs once the page is parsed whole (now.css, data-cs-wait)."""
    moment = at(MOMENTS["before the organizational meeting"][0])
    moved = []
    with serve(site.dir, handler=InParts) as base:
        for viewport, size in VIEWPORTS.items():
            one_page.set_viewport_size(size)
            for kind, address in measured_types(site).items():
                shift = layout_shift(one_page, base + address, moment)
                if shift["score"] > LIMIT / 10:
                    moved.append(f"{kind} at {viewport}: {shift['score']:.4f} (moved: {', '.join(shift['moved'])})")
    assert not moved, "\n".join(moved)


# Elements of the article that are laid out but not painted (visibility: hidden), named.
UNPAINTED = """() => [...document.querySelectorAll("article *")]
    .filter(el => el.checkVisibility() && !el.checkVisibility({visibilityProperty: true}))
    .map(el => el.tagName.toLowerCase() + [...el.classList].map(c => "." + c).join(""))"""
WAITING = ["", "schedule/", "participants/3/", "rotation/"]
# The delays (ms) of now.css's animations that show what waits for course.js, finished at once: where they end is
# what the page shows once they have run.
SHOWN_AFTER = """() => document.getAnimations().filter(animation => animation.animationName === "cs-shown").map(animation => {
    animation.finish();
    return animation.effect.getTiming().delay;
})"""


def test_nothing_waits_without_javascript_or_on_paper(browser, one_page, served):
    """Without JavaScript every page is painted whole at once; on paper too, even before (or without) the script."""
    plain = new_page(browser, javascript=False)
    try:
        for address in WAITING:
            plain.goto(served + address)
            assert plain.evaluate(UNPAINTED) == [], address
    finally:
        plain.context.close()
    one_page.route("**/javascripts/course.js", lambda route: route.abort())
    try:
        one_page.goto(served + "participants/3/", wait_until="load")
        one_page.emulate_media(media="print")
        assert one_page.evaluate(UNPAINTED) == []
        # On a screen, should the script not come, the page shows all the same after 2 s: now.css's animation
        # (cs-shown) reveals what waits for the script. Its delay is read, and the animations finished at once.
        one_page.emulate_media(media="screen")
        delays = one_page.evaluate(SHOWN_AFTER)
        assert delays and max(delays) <= 2000, delays
        assert one_page.evaluate(UNPAINTED) == []
    finally:
        one_page.unroute("**/javascripts/course.js")
        one_page.emulate_media(media="screen")


def test_an_ended_announcement_never_shows(one_page, french_site):
    """The French variant's announcement bar (18 October, shown for a week) is there before its end and, once the
    reader's clock has passed that, never painted: no page moves up when it goes (it was 0.052 at 390 px)."""
    with serve(french_site.dir) as base:
        for viewport, size in VIEWPORTS.items():
            one_page.set_viewport_size(size)
            for moment, (when, *_) in MOMENTS.items():
                shift = layout_shift(one_page, base + "info/", at(when))
                assert shift["score"] <= LIMIT, (viewport, moment, shift)
                shown = one_page.locator("aside.md-banner .cs-announce").is_visible()
                assert shown == (when < "2023-10-25"), (viewport, moment)  # the bar's data-until
