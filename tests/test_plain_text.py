"""One rule for text, applied at load: what the loader accepts, every output can take.

Text reaches HTML, calendars (RFC 5545), the Atom feed (XML 1.0) and the handout (Typst). Control characters,
unpaired surrogates, direction controls and line breaks in one-line fields are refused at their line; anything
else must make every output without an exporter refusing it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from coursesite.cli import STARTER
from coursesite.course.load import load
from coursesite.engine import site
from coursesite.errors import CourseError
from coursesite.sources import plaintext, stamp

STARTER_YAML = (STARTER / "course.yaml").read_text(encoding="utf-8")
STARTER_BIB = (STARTER / "papers.bib").read_text(encoding="utf-8")
TITLE = "title: Reading Seminar on Landmark Papers in Deep Learning   # the seminar's name"
ROOM = "  room: Room 101\n  note:"
WHEN = stamp.Stamp(__import__("datetime").date(2027, 4, 1), "test")


def course_with(folder: Path, title: str, room: str, news: str) -> tuple[Path, Path, str]:
    """The starter with these texts (as YAML double-quoted strings, escapes and all) in a one-line field,
    a room and an announcement."""
    text = STARTER_YAML.replace(TITLE, f"title: {json.dumps(title)}").replace(ROOM, f"  room: {json.dumps(room)}\n  note:")
    text = text.replace("participants: 6\n", "participants: 6\nannouncements:\n  - date: 2027-04-01\n"
                        f"    text: {json.dumps(news)}\n")
    (folder / "course.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "papers.bib").write_text(STARTER_BIB, encoding="utf-8")
    return folder / "course.yaml", folder / "papers.bib", text


# Every plane and category, with the characters that matter here made frequent.
RISKY = st.sampled_from(["\x00", "\x08", "\x0b", "\x0c", "\r", "\n", "\t", "\x1b", "\x7f", "\x85", "\x9b", "\u2028",
                         "\u202e", "\u2067", "\u200f", "\u061c", "\ud800", "\udfff", "\ufffe", "\uffff", "\U0010ffff",
                         "\u200d", "\u00ad", "\ufeff", "\U0001f600", "ש", "م", "<", "&", "\\", '"'])
ANY = st.text(st.one_of(st.characters(), RISKY), min_size=1, max_size=30)
# Mostly text without control characters, so that the outputs are made often too.
TEXT = st.one_of(st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=30), ANY,
                 st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf")), min_size=1, max_size=30))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, room=TEXT, news=TEXT)
def test_text_is_refused_at_its_line_or_reaches_every_output(tmp_path, title, room, news):
    """Any text in a title, a room and an announcement is either refused with its file, line and field,
    or the pages, calendars, feed and handout are all made, and the calendar parses with no control character."""
    course_file, bib_file, text = course_with(tmp_path, title, room, news)
    lines = {"title": text.index("title:"), "organizational_meeting.room": text.index('  room: "'),
             "announcements[0].text": text.index("    text: ")}
    lines = {field: text[:at].count("\n") + 1 for field, at in lines.items()}
    try:
        loaded = load(course_file, bib_file)
    except CourseError as exc:
        for problem in exc.problems:
            shown = str(problem)
            assert "\n" not in shown
            assert any(shown.startswith(f"course.yaml:{line}: {field}: ") for field, line in lines.items()) \
                or re.match(r"course\.yaml:\d+: the line contains ", shown), shown
        refused = {p.path for p in exc.problems}
        for field, value in (("title", title), ("announcements[0].text", news)):
            stripped = value.strip()
            if stripped and plaintext.problem(stripped, one_line=field == "title"):
                assert field in refused
        return
    for value, one_line in ((loaded.course.title, True), (loaded.course.announcements[0].text, False)):
        assert plaintext.problem(value, one_line) is None
    files = site.generated_files(loaded, WHEN)  # raises CourseError if an exporter refused anything
    calendar = Calendar.from_ical(files["course.ics"])
    for event in calendar.walk("VEVENT"):
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", str(event["SUMMARY"]) + str(event.get("LOCATION", "")))
    assert files["handout.pdf"].startswith(b"%PDF")


@pytest.mark.parametrize("text, one_line, expected", [
    ("Caruana, Ri\u202ech", True, "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("a\u2066b", True, "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("a\u200eb", False, "U+200E (LEFT-TO-RIGHT MARK)"),
    ("a\u061cb", False, "U+061C (ARABIC LETTER MARK)"),
    ("two\nlines", True, "a line break"),
    ("x\x7f", False, "U+007F"),
    ("x\x9b", False, "U+009B"),
    ("x\ufdd0", False, "U+FDD0"),
])
def test_the_rule_names_the_character(text, one_line, expected):
    """Each refused character is named by its code point (and a direction control by its Unicode name)."""
    found = plaintext.problem(text, one_line)
    assert found is not None and expected in found[0]


def test_every_refused_character_is_refused_inside_text():
    """Each character of the rule (Cc but tab and line feed, direction controls, surrogates, non-characters) is
    refused wherever it stands in a line, and every other character of the first plane and every plane's last two
    code points pass: the quick pre-check that lets plain text through misses none of them."""
    def refused(ch: str) -> bool:
        code = ord(ch)
        return ch not in "\t\n" and (unicodedata.category(ch) == "Cc" or ch in plaintext.BIDI_CONTROLS
                                     or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)
    codes = [*range(0x10000), *(plane << 16 | low for plane in range(1, 17) for low in (0xFFFD, 0xFFFE, 0xFFFF))]
    wrong = [hex(c) for c in codes if (plaintext.problem(f"Seminar {chr(c)} 2027", one_line=False) is not None)
             is not refused(chr(c))]
    assert wrong == []


@pytest.mark.parametrize("text", ["two\nlines\tand a tab", "שלום عالم", "👩\u200d🔬 Zwei\u00adwort", "\ufeffBOM"])
def test_prose_and_scripts_pass(text):
    """Line breaks in prose, tabs, right-to-left scripts without controls, joiners and soft hyphens are text."""
    assert plaintext.problem(text, one_line=False) is None


def test_nul_byte_is_reported_with_its_line(tmp_path):
    """A NUL byte in course.yaml is reported at its line, not as a position in "<unicode string>"."""
    text = STARTER_YAML.replace("semester: Summer 2027", "semester: Summer\x002027")
    (tmp_path / "course.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "papers.bib").write_text(STARTER_BIB, encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        load(tmp_path / "course.yaml", tmp_path / "papers.bib")
    assert [str(p) for p in caught.value.problems] == [
        "course.yaml:16: the line contains the invisible control character U+0000; delete it (it often comes with "
        "text pasted from a PDF), or retype the text around it"]


def test_direction_control_in_an_author_is_refused(tmp_path):
    """The author `Caruana, Ri\\u202Ech` (an override left open, which reverses the venue line) is refused at its line."""
    bib = STARTER_BIB.replace("Ba, Jimmy}", "Caruana, Ri\u202ech}", 1)
    (tmp_path / "course.yaml").write_text(STARTER_YAML, encoding="utf-8")
    (tmp_path / "papers.bib").write_text(bib, encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        load(tmp_path / "course.yaml", tmp_path / "papers.bib")
    line = bib[:bib.index("Caruana")].count("\n") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"papers.bib:{line}: the line contains the invisible direction control U+202E (RIGHT-TO-LEFT OVERRIDE), which "
        "can reverse the text around it on the pages, in calendars and in the handout; delete it: right-to-left names "
        "and titles are shown correctly without it"]
