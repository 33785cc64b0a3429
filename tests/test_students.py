"""What a student sees first, by the clock: the personal page, the home page and the rotation, on a
phone and a desktop, in both colour schemes, and on paper.

"The first screen" is what lies inside the viewport without scrolling: text whose boxes are within it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import pytest

from browser import DESKTOP, PHONE, hold_search, new_page, visit

BERLIN = ZoneInfo("Europe/Berlin")
TITLE = "Mathematical Machine Learning -- Challenges"
SCHEMES = ["light", "dark"]
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def at(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN).timestamp()


# The four moments of the semester (Berlin time), and what participant 3's page leads with then.
MOMENTS = {
    "before the organizational meeting": ("2023-10-01 12:00", "Your next session", "Session 1: Academic Researcher", "31 October"),
    "mid-semester": ("2023-11-20 18:00", "Your next session", "Session 2: Private Investigator", "21 November"),
    "during a session": ("2023-12-05 18:30", "Now", "Session 3: Hacker", "5 December"),
    "after the end": ("2024-02-01 12:00", "The seminar has ended. Your sessions are listed below.", None, None),
}

FIRST_SCREEN = """() => {
    // Text of the article that is visible and lies inside the viewport, in reading order
    // (without the permalink marks, which only show on hover).
    const article = document.querySelector("article");
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!node.textContent.trim() || parent.closest(".headerlink") || !parent.checkVisibility()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const inside = [...range.getClientRects()].some(r => r.width > 0 && r.top >= 0 && r.bottom <= innerHeight
                                                         && r.left >= 0 && r.right <= innerWidth);
        if (inside) parts.push(node.textContent);
    }
    // Text nodes are joined with spaces; none before punctuation, as the page reads.
    return parts.join(" ").replace(/\\s+/g, " ").replace(/ ([,.:;)])/g, "$1");
}"""


def first_screen(page) -> str:
    return page.evaluate(FIRST_SCREEN)


def open_at(tabs, url: str, moment: str, *, viewport=PHONE, scheme="light", javascript=True):
    """The page at `url` as a reader sees it at one of the MOMENTS (or at a "YYYY-MM-DD HH:MM" in Berlin)."""
    return tabs.open(url, at(MOMENTS[moment][0]) if moment in MOMENTS else at(moment), viewport=viewport, scheme=scheme,
                     javascript=javascript)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_done_when_participant_3_on_a_phone(tabs, served, scheme):
    """On 20 November 2023, 18:00, participant 3's first phone screen shows the date, room, paper and role of session 2."""
    p = open_at(tabs, served + "participants/3/", "mid-semester", scheme=scheme)
    shown = first_screen(p)
    for expected in ("21 November", "Mathematikon Seminar Room 2", "Ba & Caruana: Do Deep Nets Really Need to be Deep?",
                     "Private Investigator", "Research the background of one of the authors"):
        assert expected in shown, f"{expected!r} is not on the first screen: {shown}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("moment", MOMENTS)
def test_personal_page_leads_with_what_is_next(tabs, served, moment, scheme, viewport):
    """The personal page's first screen names the coming (or current) session under a label, or says the seminar is over."""
    _, label, heading, day = MOMENTS[moment]
    p = open_at(tabs, served + "participants/3/", moment, viewport=VIEWPORTS[viewport], scheme=scheme)
    shown = first_screen(p)
    assert shown.startswith(f"Participant 3 {label}"), shown
    if heading:
        assert f"{label} {heading} Date: " in shown and day in shown, shown
    else:
        assert p.locator("article .cs-agenda .cs-event").count() == 0


def test_personal_page_puts_past_sessions_last(tabs, served):
    """Mid-semester, the sessions still to come follow the next one in date order; the past ones come last, marked past."""
    p = open_at(tabs, served + "participants/3/", "2023-11-28 12:00")
    headings = p.eval_on_selector_all("article [data-cs-sessions] .cs-event h2",
                                      "hs => hs.map(h => h.textContent.replace('¶', '').trim())")
    assert headings == ["Session 4: Scientific Peer Reviewer", "Session 5: Archaeologist",
                        "Session 1: Academic Researcher", "Session 2: Private Investigator"]
    assert p.eval_on_selector_all("article [data-cs-sessions] .cs-event", "ss => ss.map(s => s.className)") == [
        "cs-event", "cs-event", "cs-event cs-past", "cs-event cs-past"]
    assert p.locator("article .cs-agenda .cs-event h2").inner_text().startswith("Session 3: Hacker")
    rows = p.eval_on_selector_all("article .cs-compact tbody tr", "rs => rs.map(r => r.className)")
    assert rows == ["cs-past", "cs-past", "cs-next", "", ""]


def test_personal_page_without_javascript_lists_every_session(tabs, served):
    """Without JavaScript the top slot stays hidden and the five sessions read in date order, none marked."""
    p = open_at(tabs, served + "participants/3/", "mid-semester", javascript=False)
    assert not p.locator("[data-cs-agenda]").is_visible()
    headings = p.eval_on_selector_all("article .cs-event h2", "hs => hs.map(h => h.textContent.replace('¶', '').trim())")
    assert [h.split(":")[0] for h in headings] == [f"Session {n}" for n in range(1, 6)]
    assert p.locator("article .cs-past, article .cs-next, article .cs-today").count() == 0


def test_personal_page_shows_the_next_deadline(browser, served):
    """A deadline written as <time data-deadline> appears under the next session once it is on the page (checked each minute)."""
    p = new_page(browser, viewport=PHONE)
    hold_search(p)  # only the search dialog would use it (browser.Tabs)
    try:
        p.clock.install(time=at("2023-11-20 18:00"))
        visit(p, served + "participants/3/")
        assert p.locator(".cs-agenda__deadline").count() == 0
        p.evaluate("""() => document.querySelector('.cs-agenda .cs-event ul').insertAdjacentHTML('beforeend',
            '<li><time datetime="2023-11-21T12:00:00+01:00" data-deadline data-what="Send the slides" '
            + 'data-when="Tuesday, 21 November 2023, 12:00">21 Nov</time></li>'
            + '<li><time datetime="2023-11-19T12:00:00+01:00" data-deadline data-what="Long past">19 Nov</time></li>')""")
        p.clock.run_for("01:00")
        assert p.locator(".cs-agenda__deadline").inner_text() == "Next deadline: Send the slides, Tuesday, 21 November 2023, 12:00."
    finally:
        p.context.close()


REVIEW_DUE = "Next deadline: Send your review to the organizers, Monday, 20 November 2023, 23:59."


@pytest.mark.parametrize(("moment", "expected"), [
    ("2023-11-20 18:00", REVIEW_DUE),
    ("2023-11-21 08:00", "Next deadline: Vote for the paper of session 4, Monday, 4 December 2023, 12:00."),
    ("2023-12-04 12:30", None),
])
def test_personal_page_leads_with_the_participants_next_deadline(tabs, served_deadlines, moment, expected):
    """The seed with deadlines (conftest.VARIANTS): participant 5 reviews in session 2. The evening before,
    their phone's first screen names the review and when it is due; once it has passed, the next deadline
    that concerns them (session 3's, for everyone), then none."""
    p = open_at(tabs, served_deadlines + "participants/5/", moment)
    shown = first_screen(p)
    lines = p.locator(".cs-agenda__deadline").all_inner_texts()
    if expected:
        assert expected in shown, shown
        assert lines == [expected]
    else:
        assert "Next deadline" not in shown and lines == [], shown


HOME_STEPS = "article ol.cs-steps > li"


def visible_steps(page) -> list[str]:
    return [s.split(":")[0] for s in page.eval_on_selector_all(
        HOME_STEPS, "ls => ls.filter(l => l.checkVisibility()).map(l => l.textContent.trim())")]


HOME = {
    "before the organizational meeting": (
        ["Register", "Come to the organizational meeting", "Read what the five roles do (Role rotation).",
         "Read the paper for session 1"],
        "Next: Organizational meeting on Monday, 16 October 2023, 18:00–19:00. Mathematikon Seminar Room 11"),
    "mid-semester": (
        ["Read the paper for session 2"],
        "Next: Session 2 on Tuesday, 21 November 2023, 18:00–19:30. Mathematikon Seminar Room 2 · "
        "Ba & Caruana: Do Deep Nets Really Need to be Deep?"),
    "during a session": (
        ["Read the paper for session 3"],
        "Now: Session 3, Tuesday, 5 December 2023, 18:00–19:30. Mathematikon Seminar Room 2 · "
        "Zhang et al.: Understanding Deep Learning (Still) Requires Rethinking Generalization"),
    "after the end": ([], "The seminar has ended."),
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("moment", HOME)
def test_home_says_what_to_do_next(tabs, served, moment, scheme, viewport):
    """The home page's status line (with room and paper) and its steps follow the clock; done steps disappear."""
    steps, status = HOME[moment]
    p = open_at(tabs, served, moment, viewport=VIEWPORTS[viewport], scheme=scheme)
    assert visible_steps(p) == steps
    shown = first_screen(p)
    assert status in shown, shown
    if moment == "mid-semester":
        assert ("Read the paper for session 2: Ba & Caruana: Do Deep Nets Really Need to be Deep?, "
                "Tuesday, 21 November 2023, 18:00–19:30, Mathematikon Seminar Room 2.") in shown
        assert "organizational meeting" not in " ".join(visible_steps(p)).lower()
        assert p.locator("article [data-cs-status] a").get_attribute("href") == "papers/ba2014deep/"
        assert p.locator("form[data-cs-picker] input").is_visible()
        assert "Your number" in shown
    if moment == "after the end":
        assert "The seminar has ended; nothing left to do." in shown


def test_home_number_field_opens_the_personal_page(tabs, served):
    """Typing 3 into the home page's number field and pressing Enter opens participant 3's page."""
    p = open_at(tabs, served, "mid-semester")
    p.fill("form[data-cs-picker] input", "3")
    p.press("form[data-cs-picker] input", "Enter")
    p.wait_for_url(served + "participants/3/")


def test_home_without_javascript(tabs, served):
    """Without JavaScript the home page lists the steps of the semester's start and a link for every number."""
    p = open_at(tabs, served, "mid-semester", javascript=False)
    assert visible_steps(p) == HOME["before the organizational meeting"][0]
    assert p.eval_on_selector_all("article .cs-numbers a", "as => as.map(a => a.textContent)") == [
        str(n) for n in range(1, 11)]
    assert not p.locator("form[data-cs-picker]").is_visible()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_rotation_marks_the_next_session(tabs, served, scheme):
    """Mid-semester the rotation's column of session 2 is marked: a "next session" badge in its heading, tinted cells."""
    p = open_at(tabs, served + "rotation/", "mid-semester", scheme=scheme)
    heads = p.eval_on_selector_all("article .cs-rotation thead th", "ths => ths.map(th => [th.innerText.replace(/\\s+/g, ' ').trim(), th.className])")
    assert heads[2] == ["2 · 21 Nov · Ba & Caruana next session", "cs-next"]
    assert [cls for _, cls in heads] == ["", "cs-past", "cs-next", "", "", ""]
    column = p.eval_on_selector_all("article .cs-rotation tbody tr td:nth-child(3)", "tds => tds.map(td => td.className)")
    assert column == ["cs-next"] * 10
    tint = p.eval_on_selector("article .cs-rotation tbody td.cs-next", "td => getComputedStyle(td).backgroundColor")
    plain = p.eval_on_selector("article .cs-rotation tbody td:nth-child(4)", "td => getComputedStyle(td).backgroundColor")
    assert tint != plain


def test_rotation_on_a_phone(tabs, served):
    """On a phone every number link is at least 44 x 44 px, and the number picker comes before the table."""
    p = open_at(tabs, served + "rotation/", "mid-semester")
    boxes = p.eval_on_selector_all("article .cs-rotation td:first-child a, article .cs-numbers a",
                                   "as => as.map(a => [a.textContent, a.getBoundingClientRect().width, a.getBoundingClientRect().height])")
    assert len(boxes) == 20
    small = [b for b in boxes if b[1] < 44 or b[2] < 44]
    assert small == []
    picker = p.locator("form[data-cs-picker]").bounding_box()
    table = p.locator("article .cs-rotation table").bounding_box()
    assert picker["y"] + picker["height"] <= table["y"]
    assert picker["y"] + picker["height"] <= PHONE["height"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_schedule_card_on_a_phone(tabs, served, scheme):
    """On a phone the next session's card is tinted as one block, its bar lies left of the number and covers none of it."""
    p = open_at(tabs, served + "schedule/", "mid-semester", scheme=scheme)
    card = p.locator("article .cs-schedule tr.cs-next")
    assert card.evaluate("tr => getComputedStyle(tr).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert card.evaluate("tr => [...tr.cells].every(td => getComputedStyle(td).backgroundColor === 'rgba(0, 0, 0, 0)')")
    bar = card.evaluate("tr => parseFloat(getComputedStyle(tr).boxShadow.match(/(\\d+(\\.\\d+)?)px 0px 0px 0px/)[1])")
    number = card.evaluate("tr => { const r = document.createRange(); r.selectNodeContents(tr.cells[0]);"
                           " return r.getBoundingClientRect().left - tr.getBoundingClientRect().left; }")
    assert number >= bar + 4 and bar >= 4  # the bar, then a gap, then the number


def test_schedule_on_a_desktop_uses_the_width(tabs, served):
    """On a desktop the schedule fills the content column and no paper title wraps over more than two lines."""
    p = open_at(tabs, served + "schedule/", "mid-semester", viewport=DESKTOP)
    table = p.locator("article .cs-schedule table").bounding_box()
    article = p.locator("article").bounding_box()
    assert table["width"] >= article["width"] - 2 * 24
    lines = p.eval_on_selector_all("article .cs-schedule tbody td:nth-child(6)", """tds => tds.map(td =>
        Math.round(td.querySelector('a, strong').getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight)))""")
    assert max(lines) <= 2, lines


def test_guide_messages_readable_on_a_phone(tabs, served):
    """On a phone the message tables (the guide's messages page) fit the screen: every "what to do" cell is in view
    without scrolling sideways."""
    p = open_at(tabs, served + "messages/", "mid-semester")
    cells = p.eval_on_selector_all(".cs-messages tbody td:nth-child(2)",
                                   "tds => tds.map(td => td.getBoundingClientRect().right)")
    assert len(cells) > 50
    assert max(cells) <= PHONE["width"]


def test_guide_messages_readable_on_a_desktop(tabs, served):
    """On a desktop each message table fits its column of the page, and "what to do" gets at least a third of its width:
    a long message wraps rather than squeezing the fix into a column a word wide (it did: 100 px of 874)."""
    p = open_at(tabs, served + "messages/", "mid-semester", viewport=DESKTOP)
    tables = p.eval_on_selector_all(".cs-messages table", """tables => tables.map(table => ({
        table: table.getBoundingClientRect().width, wrap: table.closest('.md-typeset__scrollwrap').clientWidth,
        fix: Math.min(...[...table.tBodies[0].rows].map(row => row.cells[1].getBoundingClientRect().width))}))""")
    assert len(tables) >= 7
    for table in tables:
        assert table["table"] <= table["wrap"] + 1, tables
        assert table["fix"] >= table["table"] / 3, tables


# What Material's stylesheet gives a table, read in the page: the table, a heading cell, a body cell, and whether the
# table sits in one scroll wrapper (in two, nested, if Material's script had wrapped it again).
TABLE_LOOK = """table => {
    const look = (element, names) => Object.fromEntries(names.map(name => [name, getComputedStyle(element)[name]]));
    const wrap = table.parentElement.parentElement;
    return {table: look(table, ["display", "fontSize", "borderTopWidth", "borderTopStyle", "borderTopColor", "borderRadius",
                                "backgroundColor", "overflowX"]),
            th: look(table.tHead.rows[0].cells[1], ["paddingTop", "paddingLeft", "fontWeight", "verticalAlign", "textAlign",
                                                    "minWidth"]),
            td: look(table.tBodies[0].rows[0].cells[1], ["paddingTop", "paddingLeft", "verticalAlign", "textAlign",
                                                         "borderTopWidth", "borderTopStyle", "borderTopColor"]),
            wrapped: table.parentElement.matches(".md-typeset__table") && wrap.matches(".md-typeset__scrollwrap")
                     && !wrap.parentElement.closest(".md-typeset__table")};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_guide_tables_look_like_the_other_tables(tabs, served, scheme):
    """On a desktop the tables of the guide and of the messages page, which Material's script leaves alone, look as the
    tables it wraps (home page), a row under the pointer included."""
    looks, tints = [], []
    for url in (served, served + "guide/", served + "messages/"):
        p = open_at(tabs, url, "mid-semester", viewport=DESKTOP, scheme=scheme)
        row = p.locator("article table tbody tr").first
        row.hover()
        # The tint fades in (Material's transition): read at the transition's end, which finishing it jumps to.
        row.evaluate("tr => tr.getAnimations().forEach(animation => animation.finish())")
        tints.append(row.evaluate("tr => [getComputedStyle(tr).backgroundColor, getComputedStyle(tr).boxShadow]"))
        looks.append(p.locator("article table").evaluate_all(f"tables => tables.map({TABLE_LOOK})"))
    home, guide = looks[0][0], looks[1] + looks[2]
    assert home["wrapped"] and tints[0][0] != "rgba(0, 0, 0, 0)", (home, tints)
    assert len(looks[1]) >= 1 and len(guide) >= 8
    assert guide == [home] * len(guide)
    assert tints[1] == tints[0] and tints[2] == tints[0]


BUTTON_TEXTS = ("Add your sessions and roles to your calendar", "Add to calendar", "Printable handout",
                "Pick your number", "Calendar apps can also subscribe", "← Role rotation", "→")


def printed(tabs, url: str, moment: str = "mid-semester", javascript: bool = True) -> list[str]:
    """The page as Chromium prints it on A4: the text of each sheet.

    Read with poppler's pdftotext, as test_news and test_math_titles read PDFs: pypdf parses a sheet's content
    stream in Python, one operation per run of glyphs (~1 CPU s for the guide's ten sheets, pdftotext 0.05 s)."""
    p = open_at(tabs, url, moment, viewport=DESKTOP, javascript=javascript)
    text = subprocess.run(["pdftotext", "-", "-"], input=p.pdf(format="A4"), capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]  # each sheet ends in a form feed


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no script"])
@pytest.mark.parametrize("address", ["participants/3/", "rotation/"])
def test_personal_and_rotation_pages_print_on_one_sheet(tabs, served, address, javascript):
    """A personal page and the rotation print on one A4 sheet with the course title and their address, without buttons."""
    sheets = printed(tabs, served + address, javascript=javascript)
    assert len(sheets) == 1, f"{len(sheets)} sheets"
    text = sheets[0]
    assert TITLE in text
    if javascript:
        assert served + address in text.replace("\n", "")
    for button in BUTTON_TEXTS:
        assert button not in text, f"{button!r} printed"
    assert "Session 5" in text and "Grimmer" in text


def test_every_printed_sheet_has_title_and_address(tabs, served):
    """A page printed over several sheets (the guide) has the course title and its address on each."""
    sheets = printed(tabs, served + "guide/")
    assert len(sheets) > 1
    for sheet in sheets:
        assert TITLE in sheet and served + "guide/" in sheet.replace("\n", "")


def test_printed_home_page(tabs, served):
    """The printed home page shows each address once and no button, picker or link row."""
    text = "\n".join(printed(tabs, served, "before the organizational meeting"))
    assert text.replace("\n", "").count("https://muesli.mathi.uni-heidelberg.de/") == 1
    assert "Read the paper for session 1" in text
    for button in (*BUTTON_TEXTS, "Your number", "Schedule →"):
        assert button not in text, f"{button!r} printed"
