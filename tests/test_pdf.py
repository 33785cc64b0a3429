"""The printed handout (site/handout.pdf), read the way a person reads it: its text, pages and QR code."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import time
import urllib.parse
from pathlib import Path

import pypdf
import pytest
import yaml
import zxingcpp
from PIL import Image

from conftest import ROOT, run_cli
from coursesite.course import load
from coursesite.engine import kept
from coursesite.exports import pdf
from coursesite.model import Course
from coursesite.sources import stamp

STAMP = stamp.Stamp(dt.date(2023, 10, 1), "test123")


def seed() -> Course:
    return load.load(ROOT / "course.yaml", ROOT / "papers.bib").course


def edited(course_dir: Path, edit, bib_extra: str = "") -> Course:
    """The seed course after `edit(data)` changed its course.yaml data (and papers.bib got `bib_extra`)."""
    data = yaml.safe_load((course_dir / "course.yaml").read_text(encoding="utf-8"))
    edit(data)
    (course_dir / "course.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if bib_extra:
        with open(course_dir / "papers.bib", "a", encoding="utf-8") as bib:
            bib.write(bib_extra)
    return load.load(course_dir / "course.yaml", course_dir / "papers.bib").course


def read(pdf_bytes: bytes) -> tuple[pypdf.PdfReader, str]:
    """The PDF and its text with all runs of white space (line ends included) made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


@pytest.fixture(scope="module")
def seed_pdf() -> tuple[pypdf.PdfReader, str]:
    return read(pdf.handout(seed(), STAMP))


def test_seed_handout_shows_every_date_time_room_paper_and_role(seed_pdf):
    """Every date, time, room, paper title and role name of the seed course is printed in the handout."""
    course = seed()
    _, text = seed_pdf
    m = course.organizational_meeting
    expected = [long_date(m.date), f"{m.start:%H:%M}–{m.end:%H:%M}", m.room]
    for s in course.sessions:
        expected += [long_date(s.date), f"{s.start:%H:%M}–{s.end:%H:%M}", s.room, course.paper(s.paper).title]
    expected += [role.name for role in course.roles]
    assert [item for item in expected if item not in text] == []


def test_seed_handout_has_title_citations_identifiers_and_stamp(seed_pdf):
    """The handout names the course, cites each paper in the course's style (IEEE by default) with its DOI, and says
    as of when it is."""
    course = seed()
    reader, text = seed_pdf
    assert reader.metadata.title == course.title
    for piece in (course.title, course.semester, course.institution, "Organizational meeting",
                  "doi: 10.1145/3446776", "doi: 10.1137/23M1588408", "J. Ba and R. Caruana,",
                  "Communications of the ACM, vol. 64, no. 3, pp. 107–115, Mar. 2021,",
                  "As of 1 October 2023 (version test123)", "Page 1 of 2", "Page 2 of 2"):
        assert piece in text


def test_seed_handout_fits_on_two_pages(seed_pdf):
    """The seed course's handout is one A4 sheet printed on both sides."""
    reader, _ = seed_pdf
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_rotation_rows_list_every_participant_number(seed_pdf):
    """Participants with the same roles share a row, so the ten numbers of the seed fill five rows."""
    _, text = seed_pdf
    rotation = text[text.index("Role rotation"):text.index("Reading list")]
    assert "1, 6 Scientific Peer Reviewer Archaeologist Academic Researcher Private Investigator Hacker" in rotation
    assert "5, 10 Hacker Scientific Peer Reviewer Archaeologist Academic Researcher Private Investigator" in rotation
    assert [f"{k}, {k + 5}" in rotation for k in range(1, 6)] == [True] * 5


def test_rotation_without_participant_count_lists_number_classes(course_dir):
    """Before the participant count is known, the rotation lists numbers by class (1, 6, 11, …) as the site does."""
    course = edited(course_dir, lambda c: c.pop("participants"))
    _, text = read(pdf.handout(course, STAMP))
    assert "1, 6, 11, … Scientific Peer Reviewer Archaeologist" in text
    assert "5, 10, 15, … Hacker Scientific Peer Reviewer" in text


NASTY = {
    "title": 'Seminar #1: $ML$ & *Deep* _Learning_ @Uni <b> \\ "Ä" ]',
    "topic": '#import "@preview/x:0.1.0": * ) }',
    "semester": "WiSe 2023/24 #pagebreak()",
    "institution": "Universität <Heidelberg> & Co. ]) ß €",
    "room": 'Raum #11 $5 @home \\\\ "quoted" \'single\'',
    "role": "Peer *Reviewer* #1 @x _y_",
    "role_summary": "Reads #set text(red) and // comments [literally].",
    "session_room": "Hörsaal $A$ <b> ]",
}


def test_typst_special_characters_print_literally(course_dir):
    """Course text full of Typst markup characters prints exactly as written and changes nothing else."""
    def edit(c):
        c["title"], c["topic"] = NASTY["title"], NASTY["topic"]
        c["semester"], c["institution"] = NASTY["semester"], NASTY["institution"]
        c["organizational_meeting"]["room"] = NASTY["room"]
        c["roles"][0]["name"], c["roles"][0]["summary"] = NASTY["role"], NASTY["role_summary"]
        c["sessions"][1]["room"] = NASTY["session_room"]
        c["summary"] = "It costs $5 @home, see #3 <b>not bold</b> and [the blog](https://example.org)."
        c["sessions"][0]["paper"] = "special2024"

    bib = "\n@misc{special2024,\n  author = {M{\\\"u}ller, J{\\\"o}rg},\n  title = {{\\\"U}ber #tags, @mentions and <markup>},\n  year = {2024},\n}\n"
    course = edited(course_dir, edit, bib)
    reader, text = read(pdf.handout(course, STAMP))
    for value in NASTY.values():
        assert value in text
    assert "It costs $5 @home, see #3 <b>not bold</b> and the blog." in text
    assert "Über #tags, @mentions and <markup>" in text
    assert "J. Müller, “Über #tags, @mentions and <markup>”, 2024." in text
    assert reader.metadata.title == NASTY["title"]
    assert len(reader.pages) == 2


def test_same_input_and_stamp_give_identical_bytes(monkeypatch):
    """Two builds of the same course with the same stamp are byte for byte the same, whatever the clock says."""
    monkeypatch.setenv("COURSESITE_STAMP_DATE", "2023-10-02")
    monkeypatch.setenv("COURSESITE_VERSION", "abc1234")
    first = pdf.handout(seed(), stamp.current(ROOT))
    time.sleep(1 - time.time() % 1)  # into the clock's next second (a PDF's dates count whole seconds)
    second = pdf.handout(seed(), stamp.current(ROOT))
    assert first == second
    reader, text = read(first)
    assert reader.metadata.creation_date.date() == dt.date(2023, 10, 2)
    assert "As of 2 October 2023 (version abc1234)" in text
    assert pdf.handout(seed(), stamp.Stamp(dt.date(2023, 10, 3), "abc1234")) != first


def test_a_handout_begun_early_is_the_same_and_fails_the_same(tmp_path, monkeypatch):
    """`kept.handout_soon` (Typst in a thread while the build goes on) gives the bytes a fresh typesetting gives and
    adds them to `new` when they are asked for; an error in the handout's data comes out only then, as it would
    from `kept.handout_pdf`."""
    course, new = seed(), {}
    waiting = kept.handout_soon(course, STAMP, tmp_path, new)
    assert waiting() == pdf.handout(course, STAMP)
    assert [entry.parent for entry in new] == [tmp_path]

    def broken(*args):
        raise ValueError("no data")

    monkeypatch.setattr(pdf, "handout_data", broken)
    waiting = kept.handout_soon(course, STAMP, tmp_path, {})
    with pytest.raises(ValueError, match="no data"):
        waiting()


def test_a_kept_handout_is_the_one_typst_would_make_now(tmp_path, monkeypatch):
    """The build's handout comes from the cache only for equal input: the same bytes as a fresh typesetting;
    another stamp or an edited course is typeset anew; nothing is kept before `store` (a build that fails keeps
    nothing), the oldest entries beyond `KEEP` go, and a cache that cannot be written costs nothing. The cache is
    the private per-user one, never the course folder."""
    assert kept.folder() is not None and kept.folder().parent.stat().st_mode & 0o777 == 0o700
    cache, course, new = tmp_path / "kept", seed(), {}
    first = kept.handout_pdf(course, STAMP, cache, new)
    assert first == pdf.handout(course, STAMP)
    assert not cache.exists()
    kept.store(new)
    assert [path.read_bytes() for path in cache.iterdir()] == [first]

    def refused(self):
        raise AssertionError("typeset again")

    with monkeypatch.context() as m:
        m.setattr(pdf.Typesetting, "run", refused)
        again: dict = {}
        assert kept.handout_pdf(course, STAMP, cache, again) == first  # read, not typeset
        assert again == {}
    later, new = stamp.Stamp(dt.date(2023, 10, 3), "test124"), {}
    assert kept.handout_pdf(course, later, cache, new) == pdf.handout(course, later) != first
    renamed = dataclasses.replace(course, title="Another title")
    assert kept.handout_pdf(renamed, later, cache, new) == pdf.handout(renamed, later)
    monkeypatch.setattr(kept, "KEEP", 2)
    kept.store(new)
    assert len(list(cache.iterdir())) == 2  # the first entry, the oldest, went
    assert kept.handout_pdf(course, STAMP, None, {}) == first  # no private folder: typeset, nothing kept
    (tmp_path / "blocked").write_text("a file where the cache folder would be", encoding="utf-8")
    new = {}
    assert kept.handout_pdf(course, STAMP, tmp_path / "blocked", new) == first
    kept.store(new)


def test_a_check_that_passes_keeps_its_handout_for_the_build(course_dir, tmp_path, monkeypatch):
    """`check` typesets the handout as the build does (it makes every file, to refuse what an output cannot show);
    when it passes, the handout is kept, and a build of the same input reads it instead of typesetting it again. A
    check that fails after typesetting (a dead link in prose) keeps nothing, as a failed build keeps nothing."""
    handouts, folder = tmp_path / "kept", kept.folder
    monkeypatch.setattr(kept, "folder", lambda name=kept.HANDOUTS: handouts if name == kept.HANDOUTS else folder(name))
    monkeypatch.setenv("COURSESITE_STAMP_DATE", "2023-10-02")
    monkeypatch.setenv("COURSESITE_VERSION", "abc1234")
    course = course_dir / "course.yaml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text.replace("[roles](roles.md)", "[roles](no-such-page.md)", 1), encoding="utf-8")
    assert run_cli(course_dir, "check").returncode == 1
    assert not handouts.exists()
    course.write_text(text, encoding="utf-8")
    assert run_cli(course_dir, "check").returncode == 0
    [entry] = handouts.iterdir()
    assert entry.read_bytes() == pdf.handout(seed(), stamp.Stamp(dt.date(2023, 10, 2), "abc1234"))

    def refused(self):
        raise AssertionError("typeset again")

    monkeypatch.setattr(pdf.Typesetting, "run", refused)
    loaded = load.load(course, course_dir / "papers.bib")
    again: dict = {}
    assert kept.handout_pdf(loaded.course, stamp.Stamp(dt.date(2023, 10, 2), "abc1234"), handouts, again) == \
        entry.read_bytes()  # what the build asks for: read, not typeset
    assert again == {}


def test_qr_code_leads_to_the_site(course_dir):
    """With site_url set, the handout prints the address and a QR code that scans to exactly that address."""
    url = "https://example.github.io/mml-challenges/?term=2023#start"
    course = edited(course_dir, lambda c: c.update(site_url=url))
    _, text = read(pdf.handout(course, STAMP))
    assert f"Website: {url}" in text
    front = Image.open(io.BytesIO(pdf.handout(course, STAMP, format="png", ppi=100)[0]))
    assert [(code.format, code.text) for code in zxingcpp.read_barcodes(front)] == [(zxingcpp.BarcodeFormat.QRCode, url)]


def test_without_site_url_the_handout_says_the_address_follows(seed_pdf):
    """Without site_url the handout has no QR code and says that the address will be announced."""
    _, text = seed_pdf
    assert "The address of the course website will be announced." in text
    assert "Website:" not in text


def test_german_course_gets_a_german_handout(course_dir):
    """A course in German gets German headings, dates, times and stamp."""
    course = edited(course_dir, lambda c: c.update(language="de"))
    _, text = read(pdf.handout(course, STAMP))
    for piece in ("Das Seminar in Kürze", "Vorbesprechung: Montag, 16. Oktober 2023, 18:00–19:00 Uhr", "Termine",
                  "Dienstag 31. Oktober 2023 18:00–19:30 Uhr", "Rollen", "Rollenverteilung", "Teilnehmende",
                  "Leseliste", "Weitere Literatur", "Stand: 1. Oktober 2023 (Version test123)", "Seite 2 von 2",
                  "Die Adresse der Webseite wird noch bekanntgegeben."):
        assert piece in text


def test_markdown_prose_becomes_plain_paragraphs():
    """Markdown in prose fields prints as plain text: links keep their text, list items get bullets, HTML stays visible."""
    source = "Read **this** [paper](https://example.org).\n\n- one `x`\n- two <i>y</i>\n\n<script>alert(1)</script>"
    assert pdf.plain_paragraphs(source) == ["Read this paper.", "• one x", "• two <i>y</i>", "<script>alert(1)</script>"]


def test_built_site_links_to_the_handout(site):
    """The home and schedule pages link to handout.pdf, and the built site contains that PDF."""
    for url in ("/", "/schedule/"):
        links = [a["href"] for a in site.content(url).select("a[href]") if a["href"].endswith("handout.pdf")]
        assert len(links) == 1, url
        target = site.path(urllib.parse.urljoin(url, links[0]))
        assert target == site.dir / "handout.pdf"
    reader, text = read((site.dir / "handout.pdf").read_bytes())
    assert len(reader.pages) == 2
    assert "Mathematical Machine Learning -- Challenges" in text


@pytest.mark.parametrize("field", ["room", "role", "title"])
def test_a_10000_character_word_stays_on_the_page(course_dir, field):
    """A word longer than a line wraps inside the margins (as a user sees the pages) and reads whole."""
    word = ("Donaudampfschifffahrtsgesellschaft" * 300)[:10_000]

    def edit(data):
        if field == "room":
            data["organizational_meeting"]["room"] = word
        elif field == "role":
            data["roles"][0]["name"] = word[:3000]
        else:
            data["title"] = word[:500]
    course = edited(course_dir, edit)
    images = [Image.open(io.BytesIO(png)).convert("L") for png in pdf.handout(course, STAMP, format="png", ppi=40)]
    for number, image in enumerate(images, 1):
        margin = image.crop((image.width - image.width // 12, 0, image.width, image.height))  # the right 1/12: margin only
        assert margin.getextrema()[0] > 200, f"page {number} has ink in the right margin"
    _, text = read(pdf.handout(course, STAMP))
    expected = {"room": word, "role": word[:3000], "title": word[:500]}[field]
    unit = "Donaudampfschifffahrtsgesellschaft"  # a page break may split one, and the footer sits between
    assert text.replace("\u200b", "").replace(" ", "").count(unit) >= expected.count(unit) - 2


def test_characters_the_fonts_lack_are_named_and_really_print_as_boxes(course_dir):
    """A title with CJK and emoji: one warning naming the field, and the handout indeed lacks exactly those."""
    title = "Deep learning 深層学習 🤖 with Ωμέγα, Кириллица and ─"

    def edit(c):
        c["sessions"][1]["title"] = title
        c["sections"][0]["body"] = "Web only: 深層学習"  # not on the handout, so no warning

    edited(course_dir, edit)
    loaded = load.load(course_dir / "course.yaml", course_dir / "papers.bib")
    session = loaded.course.sessions[1]
    assert [str(w) for w in loaded.warnings if "glyph" in str(w)] == [
        f"course.yaml:{loaded.source.line(('sessions', 1, 'title'))}: session 2 ({long_date(session.date)}), title: "
        "the handout's fonts have no glyph for '深' (and 4 more characters); they print as boxes in handout.pdf; "
        "the web pages show them"]
    _, text = read(pdf.handout(loaded.course, STAMP))
    assert "Deep learning" in text and "Ωμέγα, Кириллица and ─" in text
    assert not any(c in text for c in "深層学習🤖")


def test_the_characters_taken_as_printable_are_in_the_bundled_fonts():
    """glyphs.SURE skips reading the fonts for plain Latin text; every one of those characters must be there."""
    from coursesite.course import glyphs
    assert glyphs.SURE <= glyphs.coverage()
    # The families the handout's template names (the name tables write New Computer Modern without spaces).
    found = {(font["name"].getDebugName(16) or font["name"].getDebugName(1)).replace(" ", "")
             for font in glyphs.bundled_fonts()}
    assert {"LibertinusSerif", "NewComputerModern", "DejaVuSansMono"} <= found


def test_the_fonts_coverage_is_kept_for_the_next_process(tmp_path, monkeypatch):
    """What the fonts cover is kept in this user's private folder: a new process reads it instead of the fonts (~0.5 s
    of CPU), an entry that cannot be read is made again, and without a private folder nothing is written."""
    from coursesite import cache
    from coursesite.course import glyphs

    class Font:
        def __init__(self, covered: dict[int, str]):
            self.covered = covered

        def getBestCmap(self) -> dict[int, str]:  # noqa: N802 (fontTools' name)
            return self.covered

    read = []

    def fonts(*covered: dict[int, str]):
        def bundled_fonts():
            read.append(covered)
            return [Font(c) for c in covered]
        return bundled_fonts

    monkeypatch.setattr(cache, "private_folder", lambda: tmp_path)
    monkeypatch.setattr(glyphs, "bundled_fonts", fonts({0x41: "A"}, {0x3A3: "Sigma"}))
    glyphs.coverage.cache_clear()  # each step as in a new process
    try:
        assert glyphs.coverage() == {0x41, 0x3A3} and len(read) == 1
        [entry] = tmp_path.iterdir()
        assert entry.name.startswith("coursesite-glyphs-") and json.loads(entry.read_text(encoding="utf-8")) == [0x41, 0x3A3]
        glyphs.coverage.cache_clear()
        assert glyphs.coverage() == {0x41, 0x3A3} and len(read) == 1  # read from the entry, not from the fonts
        for broken in ("[65, 9", '["A"]', "{}"):
            entry.write_text(broken, encoding="utf-8")
            glyphs.coverage.cache_clear()
            assert glyphs.missing("AΣ深") == ["深"]  # made again from the fonts
        assert len(read) == 4 and json.loads(entry.read_text(encoding="utf-8")) == [0x41, 0x3A3]
        monkeypatch.setattr(cache, "private_folder", lambda: None)
        entry.unlink()
        glyphs.coverage.cache_clear()
        assert glyphs.coverage() == {0x41, 0x3A3} and len(read) == 5 and list(tmp_path.iterdir()) == []
    finally:
        glyphs.coverage.cache_clear()
