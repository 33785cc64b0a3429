"""Hostile content in course.yaml and papers.bib renders literally and safely in the HTML.

One course is built with script tags, event handlers, Markdown and template syntax, javascript: links,
Typst and LaTeX specials, right-to-left text and a 500-character word in every kind of text field.
The site must run only its own scripts, link nowhere unsafe, show plain-text fields exactly as
written and keep its tables intact. The `hostile` fixture returns the built folder and the values
used, so checks of the PDF handout and the calendar file can read the same build.
"""

from __future__ import annotations

import functools
import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import Site, build_site, copy_course
from coursesite.course.load import load

pytestmark = pytest.mark.slow  # every test here reads a build of its own (the hostile course)

LONG_WORD = ("Donaudampfschifffahrt" * 24)[:500]  # 500 characters without a break opportunity
RTL = "שלום עולם مرحبا بالعالم"
ATTACKS = ("<script>alert(1)</script> <img src=x onerror=alert(1)> | * _ `tick` {{ x }} {% if %} "
           "[link](javascript:alert(1)) <javascript:alert(1)> </title><script>alert(2)</script> "
           "#set $x$ \\textbf{y} #")
HOSTILE = f"{ATTACKS} {RTL} {LONG_WORD}"
# BibTeX reads braces and backslashes itself, so the bibliography gets the attacks without them.
BIB_HOSTILE = ("<script>alert(1)</script> <img src=x onerror=alert(1)> | * _ `tick` [link](javascript:alert(1)) "
               f"</title><script>alert(2)</script> #set $x$ {RTL} {LONG_WORD}")
BIB_AUTHOR = "Ba</title><script>alert(3)</script>"

# Plain-text fields: shown exactly as written.
PLAIN = {
    "title": "TITLE " + HOSTILE,
    "room": "ROOM " + HOSTILE,
    "role_name": "ROLE " + HOSTILE,
    "role_summary": "SUMMARY " + HOSTILE,
    "duty": "DUTY " + HOSTILE,
    "section_title": "SECTION " + HOSTILE,
    "due": "DUE " + HOSTILE,  # a role's deadline: also a data attribute the personal page's script reads
    "deadline": "DEADLINE " + HOSTILE,  # a session's deadline: also in a schedule table cell
}
# Prose fields: Markdown, so only the parts that Markdown leaves alone are checked literally.
PROSE = {
    "section_body": "BODY " + HOSTILE,
    "note": "NOTE " + HOSTILE,
    "registration": "REG " + HOSTILE,
    "question": "QUESTION " + HOSTILE,
    "session_summary": "SESSIONSUMMARY " + HOSTILE,
    "course_summary": "COURSESUMMARY " + HOSTILE,
}
# Code typed in a section's body: each block shows exactly these characters, escaped once (`<b>` and `&amp;` as
# written, never `&lt;b&gt;` or `&amp;amp;`), and none of it runs or closes the block early.
CODE = {
    "indented": "INDENTED <b>bold</b> & &amp; <script>alert(1)</script> </code></pre><img src=x onerror=alert(2)>",
    "fenced": "FENCED <b>bold</b> & &amp; <script>alert(3)</script> </code></pre><img src=x onerror=alert(4)>",
    "fenced html": "HIGHLIGHTED <b>bold</b> &amp; </code></pre><script>alert(5)</script>",
    "inline": "INLINE <b>bold</b> &amp; <script>alert(6)</script>",
}
CODE_BODY = (f"Indented:\n\n    {CODE['indented']}\n\nFenced:\n\n```\n{CODE['fenced']}\n```\n\n"
             f"```html\n{CODE['fenced html']}\n```\n\nInline `{CODE['inline']}` code.")
PROSE_LITERALS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ x }}", "{% if %}",
                  "<javascript:alert(1)>", "</title><script>alert(2)</script>", "#set $x$ \\textbf{y} #", RTL, LONG_WORD]


def _sub(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def hostile_files(course: str, bib: str) -> tuple[str, str]:
    course = _sub(course, "title: Mathematical Machine Learning -- Challenges", "title: " + _q(PLAIN["title"]))
    course = _sub(course, "  room: Mathematikon Seminar Room 2", "  room: " + _q(PLAIN["room"]))
    course = _sub(course, "name: Hacker", "name: " + _q(PLAIN["role_name"]))
    course = _sub(course, "summary: Makes the central idea run on a computer.", "summary: " + _q(PLAIN["role_summary"])
                  + "\n    due: {days_before: 0, time: \"12:00\", what: " + _q(PLAIN["due"]) + "}")
    course = _sub(course, "    paper: ba2014deep\n", "    paper: ba2014deep\n    deadlines: [{date: 2023-11-20, what: "
                  + _q(PLAIN["deadline"]) + "}]\n")
    course = _sub(course, "- Implement a simplified version of the paper's main idea on a toy problem.", "- " + _q(PLAIN["duty"]))
    course = _sub(course, "  - title: Format", "  - title: " + _q(PLAIN["section_title"]))
    course = _sub(course, "    body: |\n      The seminar is a role-playing", "    body: |\n      " + PROSE["section_body"]
                  + "\n\n" + "".join(f"      {line}\n" if line else "\n" for line in CODE_BODY.split("\n"))
                  + "\n      The seminar is a role-playing")
    course = _sub(course, "note: Attendance is mandatory. We hand out the participant numbers and explain the roles.",
                  "note: " + _q(PROSE["note"]))
    course = _sub(course, "text: Pre-register in Müsli, Heidelberg's course registration system.",
                  "text: " + _q(PROSE["registration"]))
    course = _sub(course, "- How does this relate to the universal approximation theorem?", "- " + _q(PROSE["question"]))
    course = _sub(course, "summary: |\n  We read five papers", "summary: |\n  " + PROSE["course_summary"]
                  + "\n\n  We read five papers")
    course = _sub(course, "    summary: |\n      Does depth matter", "    summary: |\n      " + PROSE["session_summary"]
                  + "\n\n      Does depth matter")
    bib = _sub(bib, "title         = {Do Deep Nets Really Need to be Deep?}", "title = {" + BIB_HOSTILE + "}")
    bib = _sub(bib, "author        = {Ba, Jimmy and Caruana, Rich}", "author = {" + BIB_AUTHOR + ", Jimmy and Caruana, Rich}")
    bib = _sub(bib, "title         = {Understanding Deep Learning Requires Rethinking Generalization}",
               "title = {NOSESSION " + BIB_HOSTILE + "}")  # further reading: a page, but not in the navigation
    return course, bib


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Site:
    """The seed course with hostile text in every kind of field, built once for this module."""
    root = copy_course(tmp_path_factory.mktemp("hostile"))
    course, bib = hostile_files((root / "course.yaml").read_text(encoding="utf-8"),
                                (root / "papers.bib").read_text(encoding="utf-8"))
    (root / "course.yaml").write_text(course, encoding="utf-8")
    (root / "papers.bib").write_text(bib, encoding="utf-8")
    return build_site(root)


@functools.cache  # parsed once per build: the tests only read the pages, and each parse of a whole site takes ~1 s
def pages(site: Site) -> dict[str, BeautifulSoup]:
    return {str(p.relative_to(site.dir)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.dir.rglob("*.html"))}


def squash(text: str) -> str:
    return " ".join(text.split())


def page_text(soup: BeautifulSoup) -> str:
    return squash(soup.select_one("article.md-content__inner").get_text(" "))


def heading(el) -> str:
    """A heading's text without its permalink sign."""
    return squash("".join(t for t in el.find_all(string=True) if not t.find_parent("a", class_="headerlink")))


def scripts(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(s.get("src", ""), s.get_text()) for s in soup.find_all("script")]


def test_only_the_sites_own_scripts(hostile, site):
    """Every page of the hostile build has exactly the script elements of the same page in the clean build."""
    clean, bad = pages(site), pages(hostile)
    assert set(bad) == set(clean)
    for name in clean:
        assert scripts(bad[name]) == scripts(clean[name]), name


def test_no_event_handlers_or_unsafe_links(hostile):
    """No element has an on* attribute, no link or form points to javascript:, and nothing loads from another host."""
    for name, soup in pages(hostile).items():
        for el in soup.find_all(True):
            for attr, value in el.attrs.items():
                assert not attr.lower().startswith("on"), f"{name}: <{el.name} {attr}>"
                if attr in ("href", "src", "action", "formaction", "xlink:href"):
                    target = (value if isinstance(value, str) else " ".join(value)).strip().lower()
                    # Notebook plots are images embedded as data:image/png; no other data: URL is expected.
                    embedded_plot = el.name == "img" and attr == "src" and target.startswith("data:image/png;base64,")
                    assert embedded_plot or not target.startswith(("javascript:", "data:", "vbscript:")), f"{name}: {attr}={value}"
                    if attr == "src" or el.name in ("link",):
                        assert not re.match(r"^(https?:)?//", target), f"{name}: <{el.name} {attr}={value}>"


def test_plain_text_fields_show_literally(hostile):
    """Titles, rooms, role names, summaries, duties and section titles appear exactly as written."""
    home, info = hostile.html("/"), hostile.html("/info/")
    title = squash(PLAIN["title"])
    assert squash(home.title.get_text()) == title
    assert heading(home.select_one("article h1")) == title
    assert squash(home.select_one(".md-header__topic").get_text(" ")) == title
    assert title in page_text(info)
    assert squash(PLAIN["room"]) in hostile.text("/schedule/")
    roles = hostile.content("/roles/")
    heading_el = roles.find(id="hacker")  # the anchor survives a hostile role name
    assert heading_el is not None and heading(heading_el) == squash(PLAIN["role_name"])
    for key in ("role_summary", "duty"):
        assert squash(PLAIN[key]) in hostile.text("/roles/")
    assert squash(PLAIN["section_title"]) in [heading(h) for h in info.select("article h2")]
    participant = hostile.text("/participants/5/")
    for key in ("room", "role_name", "role_summary", "duty", "due", "deadline"):
        assert squash(PLAIN[key]) in participant
    assert squash(PLAIN["deadline"]) in hostile.text("/schedule/")
    # Participant 5 is the Hacker in session 1: the deadline's data attribute carries the text exactly.
    whats = [t["data-what"] for t in hostile.content("/participants/5/").select("time[data-deadline]")]
    assert whats == [PLAIN["due"], PLAIN["deadline"]]


def test_bibliography_fields_show_literally(hostile):
    """A hostile paper title and author name show as text on the paper page, in the list and in <title>."""
    papers = load(hostile.root / "course.yaml", hostile.root / "papers.bib").course.papers
    paper, other = papers["ba2014deep"], papers["zhang2017understanding"]
    # `$x$` is a formula in BibTeX: its text is the x.
    assert paper.title == squash(BIB_HOSTILE).replace("$x$", "x") and paper.authors[0].last == BIB_AUTHOR
    page = hostile.html("/papers/ba2014deep/")
    assert heading(page.select_one("article h1")) == paper.title
    assert f"{BIB_AUTHOR}, Rich Caruana" in hostile.text("/papers/ba2014deep/").replace("Jimmy ", "")
    assert paper.title in hostile.text("/papers/")
    assert squash(page.title.get_text()).startswith(f"2. {BIB_AUTHOR} & Caruana 2014 - ")
    lone = hostile.html("/papers/zhang2017understanding/")  # not in the navigation: <title> from its heading
    assert squash(lone.title.get_text()).startswith(f"{other.title} - ")


@pytest.mark.parametrize("url, key", [("/info/", "section_body"), ("/", "note"), ("/schedule/", "note"),
                                      ("/", "registration"), ("/papers/ba2014deep/", "question"),
                                      ("/papers/ba2014deep/", "session_summary"), ("/", "course_summary")])
def test_prose_fields_show_html_as_text_and_drop_unsafe_links(hostile, url, key):
    """In prose fields raw HTML and template syntax show as text, and a javascript: link keeps only its label."""
    content = hostile.content(url)
    text = squash(content.get_text(" "))
    start = text.index(PROSE[key].split()[0])
    shown = text[start:start + len(HOSTILE) + 200]
    for literal in PROSE_LITERALS:
        assert squash(literal) in shown, literal
    assert "link" in shown and not any(a.get_text() == "link" for a in content.find_all("a"))


@pytest.mark.parametrize("url", ["/", "/schedule/", "/rotation/"])
def test_tables_keep_their_columns(hostile, url):
    """Every row of every table has as many cells as its header, whatever the cells contain."""
    tables = hostile.content(url).find_all("table")
    assert tables
    for table in tables:
        width = len(table.find("thead").find_all("th"))
        for row in table.find("tbody").find_all("tr"):
            assert len(row.find_all(["td", "th"])) == width


def test_every_page_still_renders(hostile):
    """Every page of the hostile build has its article with a heading."""
    for name, soup in pages(hostile).items():
        article = soup.select_one("article.md-content__inner")
        assert article is not None and article.find("h1") is not None, name


def test_descriptions_are_text(hostile):
    """The meta description carries hostile text as plain characters: one attribute, nothing that ends the head."""
    for name, soup in pages(hostile).items():
        metas = soup.select('meta[name="description"]')
        assert len(metas) == 1 and metas[0].parent.name == "head", name
    description = hostile.html("/").select_one('meta[name="description"]')["content"]
    # The 404 page has no words of its own: it carries the summary's sentence too, as text.
    assert pages(hostile)["404.html"].select_one('meta[name="description"]')["content"] == description
    # The summary's first paragraph: its Markdown rendered (the backticks and the javascript: link's
    # target go), its first sentence cut at 160 characters.
    assert description.startswith("COURSESUMMARY <script>alert(1)</script> <img src=x onerror=alert(1)> | * _ tick {{ x }}")
    assert len(description) <= 160 and description.endswith("…")


def test_code_in_prose_shows_as_written_and_never_runs(hostile):
    """Indented, fenced (plain and highlighted) and inline code in a section's body, read on the built page: the
    text is what was typed, once escaped, and the `<script>`, `<img>` and `</code></pre>` inside stay text."""
    content = hostile.content("/info/")
    codes = {code.get_text() for code in content.find_all("code")}
    for kind, typed in CODE.items():
        expected = typed if kind == "inline" else typed + "\n"
        assert expected in codes, kind
    html = str(content)
    assert "&amp;lt;" not in html and "&amp;amp;amp;" not in html
    assert content.find_all(["script", "img"]) == []
