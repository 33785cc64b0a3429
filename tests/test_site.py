"""End to end: build the seed course and read the pages as a student would."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import pytest

from browser import (
    PHONE,
    boxes_with_and_without_containment,
    hold_search,
    new_page,
    rendered,
    scroll_to_last,
    searching,
    visit,
)
from conftest import run_cli
from pagetypes import page_types, search_inputs

SESSIONS = [
    # number, paper key, weekday and date as shown, title, authors as shown
    (1, "glorot2010understanding", "Tuesday, 31 October 2023",
     "Understanding the Difficulty of Training Deep Feedforward Neural Networks", "Xavier Glorot, Yoshua Bengio"),
    (2, "ba2014deep", "Tuesday, 21 November 2023", "Do Deep Nets Really Need to be Deep?", "Jimmy Ba, Rich Caruana"),
    (3, "zhang2021understanding", "Tuesday, 5 December 2023",
     "Understanding Deep Learning (Still) Requires Rethinking Generalization",
     "Chiyuan Zhang, Samy Bengio, Moritz Hardt, Benjamin Recht, Oriol Vinyals"),
    (4, "li2018visualizing", "Tuesday, 19 December 2023", "Visualizing the Loss Landscape of Neural Nets",
     "Hao Li, Zheng Xu, Gavin Taylor, Christoph Studer, Tom Goldstein"),
    (5, "grimmer2024provably", "Tuesday, 9 January 2024", "Provably Faster Gradient Descent via Long Steps", "Benjamin Grimmer"),
]


def test_home_page(site):
    """The home page says what, when and where, and lists the schedule at a glance."""
    text = site.text("/")
    assert "Mathematical Machine Learning -- Challenges" in site.html("/").title.text
    for fact in ["Winter 2023/24", "Heidelberg University", "Challenges in Deep Learning",
                 "Organizational meeting: Monday, 16 October 2023, 18:00–19:00, Mathematikon Seminar Room 11.",
                 "every Tuesday, 18:00–19:30, Mathematikon Seminar Room 2: 31 October 2023 – 9 January 2024",
                 "Pre-register in Müsli"]:
        assert fact in text
    glance = site.content("/").find_all("table")[0]
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in glance.find_all("tr")[1:]]
    assert [(r[0], r[1]) for r in rows] == [(str(n), date) for n, _, date, _, _ in SESSIONS]


def test_schedule_page(site):
    """/schedule/ lists the meeting and every session with weekday, date, time, room and a link to the paper."""
    table = site.content("/schedule/").find("table")
    rows = [tr.find_all("td") for tr in table.find_all("tr")[1:]]
    cells = [[td.get_text(" ", strip=True) for td in row] for row in rows]
    assert cells[0] == ["–", "Monday", "16 October 2023", "18:00–19:00", "Mathematikon Seminar Room 11", "Organizational meeting"]
    for (number, key, date, title, _), row, tds in zip(SESSIONS, cells[1:], rows[1:]):
        weekday, day = date.split(", ")
        assert row[:5] == [str(number), weekday, day, "18:00–19:30", "Mathematikon Seminar Room 2"]
        assert title in row[5]
        assert tds[5].find("a")["href"] == f"../papers/{key}/"


def test_paper_pages(site):
    """Each paper page shows the full citation, authors, session date, time and room, and its links."""
    for number, key, date, title, authors in SESSIONS:
        page = site.content(f"/papers/{key}/")
        text = " ".join(page.get_text(" ").split())
        assert page.find("h1").get_text(strip=True).rstrip("¶") == title
        assert authors in text
        assert f"Session {number}" in text and f"{date}, 18:00–19:30" in text and "Mathematikon Seminar Room 2" in text
        assert page.find("code") is not None and "@" in page.find("pre").get_text()
    hrefs = {a["href"] for a in site.content("/papers/zhang2021understanding/").find_all("a", href=True)}
    assert {"https://doi.org/10.1145/3446776", "https://arxiv.org/abs/1611.03530",
            "https://dl.acm.org/doi/10.1145/3446776", "../zhang2017understanding/"} <= hrefs
    glorot = site.text("/papers/glorot2010understanding/")
    assert ("X. Glorot and Y. Bengio, “Understanding the Difficulty of Training Deep Feedforward Neural Networks”, in "
            "Proceedings of the Thirteenth International Conference on Artificial Intelligence and Statistics (AISTATS 2010), "
            "Y. W. Teh and M. Titterington, Eds., in Proceedings of Machine Learning Research, vol. 9. PMLR, 2010, "
            "pp. 249–256.") in glorot
    assert "Var(W) = 2 / (n_in + n_out)" in glorot


def test_reading_list_and_bib_download(site):
    """/papers/ cites every session paper and offers papers.bib as a download."""
    text = site.text("/papers/")
    for number, _, date, title, _ in SESSIONS:
        assert f"Session {number} · {date.split(', ')[1]}:" in text and title in text
    assert site.content("/papers/").find("a", string="Download all entries as BibTeX")["href"] == "../papers.bib"
    assert (site.dir / "papers.bib").read_text(encoding="utf-8").count("@") >= 5


def test_roles_page(site):
    """/roles/ describes the five roles with anchors that personal pages link to."""
    page = site.content("/roles/")
    assert [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h2")] == [
        "Scientific Peer Reviewer", "Archaeologist", "Academic Researcher", "Private Investigator", "Hacker"]
    assert page.find(id="hacker") is not None


def test_info_page_links_format_source(site):
    """The course-information page links the Jacobson & Raffel description of the format."""
    links = {a["href"] for a in site.content("/info/").find_all("a", href=True)}
    assert "https://colinraffel.com/blog/role-playing-seminar.html" in links


def test_no_third_party_requests_in_markup(site):
    """No page loads a script, stylesheet, font or image from another host."""
    for page in site.dir.rglob("*.html"):
        soup = site.html("/" + str(page.relative_to(site.dir)))
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if value and not (tag == "link" and "stylesheet" not in element.get("rel", []) and element.get("rel") != ["icon"]):
                    assert not urlparse(value).netloc, f"{page}: {tag} {value}"


def test_check_and_render_commands(course_dir, tmp_path):
    """`check` summarizes a valid course; `render` writes the Markdown pages for other engines."""
    result = run_cli(course_dir, "check")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "course.yaml and papers.bib are valid: 5 sessions, 5 roles, 10 participants, 6 papers."
    out = tmp_path / "pages"
    assert run_cli(course_dir, "render", str(out)).returncode == 0
    assert (out / "papers" / "ba2014deep.md").read_text(encoding="utf-8").startswith("# Do Deep Nets Really Need to be Deep?")


# Run before the page's own scripts: when Material's bundle hands out document$ (window.document$ = ..., at the end of
# its start-up), note how many elements still wait for course.js (data-cs-wait), then leave the value as it was given.
AT_MATERIALS_START_UP = """Object.defineProperty(window, "document$", {configurable: true, set(value) {
    window.csWaitingAtMaterial = document.querySelectorAll("[data-cs-wait]").length;
    Object.defineProperty(window, "document$", {value, writable: true, configurable: true});
}});"""

# Run before the page's own scripts: the root element's classes when the page has been parsed (before any deferred
# script, Material's bundle included, runs), and every later change of its class or focus-visible mark that changed
# its value.
ROOT_MARKS = """document.addEventListener("readystatechange", () => {
    if (document.readyState !== "interactive") return;
    const root = document.documentElement;
    window.csRootParsed = [...root.classList].sort();
    window.csRootChanged = [];
    new MutationObserver(records => records.forEach(record => {
        if (record.oldValue !== root.getAttribute(record.attributeName)) window.csRootChanged.push(record.attributeName);
    })).observe(root, {attributes: true, attributeOldValue: true, attributeFilter: ["class", "data-js-focus-visible"]});
});"""

# What the tests below read of a page once its scripts have run (`visit`), with the two watchers above in place.
START_UP = """() => ({
    onPage: typeof window.coursesite?.onPage,
    waitingAtMaterial: window.csWaitingAtMaterial, materialStarted: typeof window.document$?.subscribe,
    stillWaiting: document.querySelectorAll("[data-cs-wait]").length,
    rootParsed: window.csRootParsed, rootClasses: [...document.documentElement.classList].sort(),
    focusMark: document.documentElement.hasAttribute("data-js-focus-visible"), rootChanged: window.csRootChanged,
})"""


@dataclass
class StartUps:
    """Every kind of page as its scripts started up in a reader's browser (`start_ups`)."""

    pages: dict[str, dict]
    """START_UP's reading of each kind of page."""
    errors: list[str]
    """Script errors and console errors of all of them, with the page's address."""
    picker: bool
    """Whether the rotation's number picker showed (picker.js ran its start-up)."""
    search: dict[str, list[str]]
    """The addresses each kind of page asked for its search at (the index and the search worker's script)."""


# The page whose search is answered: the last one loaded (its picker is read once it is loaded).
ANSWERED = "rotation"


@pytest.fixture(scope="module")
def start_ups(site, browser, served) -> StartUps:
    """Every kind of page loaded once in a fresh context, with the watchers of the three tests below, which only read
    (they had a context and a load of each page apiece: ~20 CPU s of loads, now ~5).

    The search's two files (its index and its worker's script) are held (browser.hold_search) on every page but the
    last, which gets them and is waited on until its network is quiet: what the search does once they arrive, errors
    included, is the same on every page, as every page asks for the same files and gives the search the same
    settings and dialog (test_page_scripts_start_without_errors compares them); building the index cost each load
    ~0.1 CPU s."""
    page = new_page(browser)
    page.add_init_script(AT_MATERIALS_START_UP)
    page.add_init_script(ROOT_MARKS)
    errors: list[str] = []
    search: dict[str, list[str]] = {}
    loading = [""]

    def console(message) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    def asked(request) -> None:
        if searching(request.url):
            search.setdefault(loading[0], []).append(request.url)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", console)
    page.on("request", asked)
    kinds = page_types(site.root)
    pages = {}
    held = hold_search(page)
    try:
        for kind in sorted(kinds, key=lambda kind: kind == ANSWERED):
            if kind == ANSWERED:
                held.send("Fetch.disable")
            loading[0] = kind
            visit(page, served + kinds[kind])
            pages[kind] = page.evaluate(START_UP)
        picker = page.is_visible("form[data-cs-picker]")
        page.wait_for_load_state("networkidle")  # what the last page does after its load (the search) errs here too
    finally:
        page.context.close()
    return StartUps(pages, errors, picker, {kind: sorted(urls) for kind, urls in search.items()})


def test_page_scripts_start_without_errors(site, served, start_ups):
    """Every kind of page runs the page scripts (start.js first, then the ones that use it) without a script error
    and without an error on the browser's console."""
    assert {kind: seen["onPage"] for kind, seen in start_ups.pages.items()} == dict.fromkeys(start_ups.pages, "function")
    assert start_ups.picker  # picker.js ran its start-up
    assert start_ups.errors == []
    # The search ran on the last page only: every page asked for the same two files, and gives the search the same
    # settings and dialog, so what it does once they arrive (and any error of it) is the same on every page.
    asked = start_ups.search[ANSWERED]
    assert [urlparse(url).path for url in asked] == ["/assets/javascripts/workers/" + asked[0].rsplit("/", 1)[-1],
                                                     "/search/search_index.json"]
    assert start_ups.search == dict.fromkeys(start_ups.pages, asked)
    inputs = {kind: search_inputs(site, served, address) for kind, address in page_types(site.root).items()}
    assert inputs == dict.fromkeys(inputs, inputs[ANSWERED])


def test_clock_sets_the_page_before_materials_start_up(site, start_ups):
    """course.js sets the page by the reader's clock before Material's bundle starts up, not after it: what it holds
    back (data-cs-wait: the largest element of these pages) can be painted without waiting for Material (issue 24).
    The pages that Material's instant navigation brings later are test_now_next's."""
    for kind in ("home", "schedule", "participant"):
        assert site.html(page_types(site.root)[kind]).select("[data-cs-wait]"), kind  # something waits for course.js
        seen = start_ups.pages[kind]
        assert seen["waitingAtMaterial"] == 0, kind
        assert seen["materialStarted"] == "function", kind  # Material started
        assert seen["stillWaiting"] == 0, kind


def test_root_is_marked_for_scripts_before_it_is_styled(site, start_ups):
    """<html> carries Material's marks for a scripted page ("js", the focus-visible polyfill's) from the head on, so
    that Material's start-up changes no class of the root element, which would restyle the whole page (issue 24);
    without scripting the built page keeps Material's "no-js"."""
    for kind, address in page_types(site.root).items():
        assert site.html(address).html["class"] == ["no-js"], kind
        seen = start_ups.pages[kind]
        assert seen["rootParsed"] == ["js", "js-focus-visible"], kind
        assert seen["rootClasses"] == ["js", "js-focus-visible"], kind
        assert seen["focusMark"], kind
        assert seen["rootChanged"] == [], kind


LAST_HAS_COPY_BUTTON = "!![...document.querySelectorAll('pre')].at(-1).querySelector('.md-code__nav')"

def test_long_pages_skip_what_is_off_a_phones_screen(site, browser, served):
    """On a touch phone the guide's code blocks and the message tables below the first screen are not styled or laid
    out at load (Material's whole-page restyles at start-up spare them, issue 24) and each is when scrolled to; the
    pages are laid out to the pixel as without that containment. On a device that can hover, no code block is skipped
    (Material makes one that scrolls focusable there, which needs its size); print lays out everything. Material sets
    up each code block (its copy button) at start-up where the device can hover, and as it comes into view where not."""
    skipped = {"guide/": ("pre > code > span", ".md-typeset pre > code"),
               "messages/": (".cs-messages tr", ".md-typeset .cs-messages table.cs-table")}
    page = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    try:
        for address, (inside, contained) in skipped.items():
            visit(page, served + address)
            shown = rendered(page, inside)
            assert shown[0] is True and shown[-1] is False, address
            if address == "guide/":
                assert not page.evaluate(LAST_HAS_COPY_BUTTON), address  # not set up yet: below the first screen
            scroll_to_last(page, inside)
            if address == "guide/":
                page.wait_for_function(LAST_HAS_COPY_BUTTON)
            with_containment, without = boxes_with_and_without_containment(page, contained)
            assert with_containment == without, address
        # Print: nothing is contained. Read from the computed style, as the print layout uses it: Chromium's print
        # emulation keeps the screen's skipped state on a fresh load until something else on the page changes
        # (br11: with the search held, 277 of 279 spans read as skipped), which real printing, laid out afresh, does not.
        page.emulate_media(media="print")
        for address, (_, contained) in skipped.items():
            visit(page, served + address)
            assert set(page.eval_on_selector_all(contained, "all => all.map(e => getComputedStyle(e).contentVisibility)"
                                                 )) == {"visible"}, ("print", address)
    finally:
        page.context.close()
    page = new_page(browser, viewport=PHONE)
    try:
        visit(page, served + "guide/")
        assert page.evaluate("matchMedia('(hover)').matches") and all(rendered(page, "pre > code > span"))
        assert page.evaluate("[...document.querySelectorAll('pre')].every(pre => pre.querySelector('.md-code__nav'))")
    finally:
        page.context.close()


def test_print_stylesheet_waits_for_print_only(site):
    """A screen waits neither for print.css (linked once, for print media) nor for a script (deferred): every page type."""
    for kind, url in page_types(site.root).items():
        links = [link for link in site.html(url).select("head link[rel=stylesheet]") if "print.css" in link["href"]]
        assert [link.get("media") for link in links] == ["print"], kind
        # Scripts that load a file come at the end of the body, after the first screen's content, and are deferred:
        # the browser can paint the article before Material's start-up and the page scripts run (issue 24).
        assert site.html(url).select("head script[src]") == [], kind
        scripts = site.html(url).select("body script[src]")
        assert scripts and [script.get("defer") for script in scripts] == [""] * len(scripts), kind
        # The course's start-up first, Material's bundle after it (test_clock_sets_the_page_before_materials_start_up).
        names = [script["src"].rsplit("/", 1)[-1] for script in scripts]
        assert names[:2] == ["start.js", "course.js"] and names[2].startswith("bundle."), kind


def test_every_page_has_a_description_of_its_own(site):
    """Search engines show the page's first sentence, not the navigation: home the course summary's.

    (The 404 page, which has no words of its own to describe, gets the course summary's, as the home page.)"""
    descriptions = {}
    for kind, url in page_types(site.root).items():
        metas = site.html(url).select('head meta[name="description"]')
        assert len(metas) == 1, kind
        descriptions[kind] = metas[0]["content"]
        assert descriptions[kind] and len(descriptions[kind]) <= 160, kind
        if kind not in ("home", "reading list", "404"):
            # The page's own words (whitespace aside), cut where the description is.
            own = "".join(descriptions[kind].removesuffix("…").split())
            assert own in "".join(site.content(url).get_text().split()), kind
    assert descriptions["home"] == ("We read five papers that each tackle one stubborn problem of deep learning, and we look "
                                    "at them through a mathematician's eyes: where does the argument come…")
    assert descriptions["404"] == descriptions["home"]
    # Only links and a list of references: its headings.
    assert descriptions["reading list"] == "Reading list: Papers of the sessions · Other references"
    assert descriptions["notebook notebooks/ba2014deep/"] == ("Companion notebook for Do Deep Nets Really Need to be Deep? "
                                                              "(Ba & Caruana, NIPS 2014).")
