"""axe-core, run inside Chromium on the session's tabs: the accessibility tests' checker (test_accessibility.py,
test_accessibility_notebooks.py).

Each page is checked with the browser's clock at a chosen moment of the semester, so that the now/next marks
(dimmed past sessions, the highlighted next one, the status line) are on the page too. axe-core comes from npm
(package.json pins it; `make test` installs it into node_modules/). The fixture `axe_script` (its address, served
on 127.0.0.1) is registered in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from browser import serve

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme
MOMENTS = {
    "mid-semester": "2023-11-28 12:00",  # sessions 1-2 past, session 3 next
    "session day": "2023-12-05 12:00",  # session 3 is today
    "after the end": "2024-02-01 12:00",  # every event past, "the seminar has ended"
}


@pytest.fixture(scope="session")
def axe_script() -> Iterator[str]:
    """Address of axe-core's browser build, served locally for the test session; skipped without it (a failure
    under CI=true).

    Served rather than handed to each page as text (add_script_tag(path=...)): the pages load it as any script, from
    the browser's cache after the first, where its 650 kB went through Playwright's connection to each of the ~60
    pages the checks load (0.05 instead of 0.12 CPU s a page, Chromium included).
    """
    if not AXE.is_file():
        reason = "axe-core is not installed: run `npm ci` (or `make test`, which does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    with serve(AXE.parent) as url:
        yield url + AXE.name


def at(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Berlin")).timestamp()


# The transitions running now (what a resize or the page scripts started) jump to their end: the styles the page
# settles in, without the ~0.4 s of frames rendered on the way (0.14 CPU s a resize). Endless ones cannot finish.
FINISH_TRANSITIONS = """() => { for (const a of document.getAnimations())
    if (a.playState === 'running' && a.effect.getComputedTiming().endTime < Infinity) a.finish(); }"""


def settle(page) -> None:
    """Let the page's transitions end before its colours are measured; mid-change, they are neither style's."""
    page.evaluate(FINISH_TRANSITIONS)
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


# The rules that cannot fail these tests, switched off: by axe-core's metadata their every violation is minor or
# moderate (BLOCKING is what fails). A violation's impact is the highest impact of the checks that failed on its
# elements (aggregateChecks), or the rule's own impact when it has one (finalizeRuleResult); each check's is a name in
# axe's data. Read from the axe the page has, each run: a rule with a check whose impact is missing or not one of
# axe's four names stays on. 26 of the 90 rules axe runs (region, heading-order, landmark-*, ...): ~15-30 % of a
# run's CPU.
CANNOT_BLOCK = """blocking => {
    const names = ['minor', 'moderate', 'serious', 'critical'], checks = axe._audit.data.checks;
    return axe._audit.rules.filter(rule => {
        const impacts = rule.impact ? [rule.impact] : [...rule.any, ...rule.all, ...rule.none]
            .map(check => (checks[typeof check === 'string' ? check : check.id] || {}).impact);
        return impacts.length > 0 && impacts.every(impact => names.includes(impact) && !blocking.includes(impact));
    }).map(rule => rule.id);
}"""


def axe_violations(page, axe_script: str) -> list[dict]:
    """axe-core's violations on the page as it is now that can be serious or critical, with the selectors of the
    offending elements (the rules that can only find minor or moderate ones are not run)."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per page load
        # Everything rendered, as the reader sees each part when scrolled to: what the browser skips off screen
        # (content-visibility: auto, the notebook pages' code cells) axe could not test for colour contrast (left
        # incomplete: 84 of 497 elements of a notebook page on a phone instead of 8).
        page.add_style_tag(content="* { content-visibility: visible !important; }")
        page.add_script_tag(url=axe_script)
    # Only the violations' details are read, and elements are named by selector: axe collects the other results' nodes
    # (resultTypes) and every checked element's source text (noHtml) for nothing, ~10 % and ~5 % of a run's CPU.
    return page.evaluate("""async blocking => {
        axe.configure({noHtml: true});
        const rules = {};
        for (const id of (""" + CANNOT_BLOCK + """)(blocking)) rules[id] = {enabled: false};
        const results = await axe.run(document, {resultTypes: ['violations'], rules});
        return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')), summary: v.nodes[0].failureSummary}));
    }""", sorted(BLOCKING))


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
            settle(page)  # the new layout's transitions, or what the page scripts changed at load
            for v in axe_violations(page, axe_script):
                if v["impact"] in BLOCKING:
                    problems.append(f"{kind} ({address or '/'}, {size}): {v['id']} [{v['impact']}] {v['help']}; "
                                    f"{len(v['targets'])} element(s): {', '.join(v['targets'][:8])}; "
                                    f"first: {' '.join(v['summary'].split())}")
    return problems
