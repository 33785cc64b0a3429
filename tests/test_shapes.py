"""Three seminar shapes that used to need workarounds (issue 14), built as a user would get them.

tests/courses/roleplay: 14 weeks, seven roles, two papers in five sessions, a cancelled holiday week, an
online week, a meeting moved to a Wednesday, a review due the evening before. journalclub: every other
Wednesday, no roles, no registration, no organizational meeting, hybrid meetings, a guest talk without a
paper. proseminar (German): Vorbesprechung, an introduction without a paper, two block days with five talks.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from icalendar import Calendar

from conftest import ROOT, Site, build_site, run_cli

pytestmark = pytest.mark.slow  # every test here reads a build of its own (the seminar shapes of tests/courses)

COURSES = Path(__file__).parent / "courses"


def built(tmp_path_factory, name: str):
    target = tmp_path_factory.mktemp(name)
    for f in ("course.yaml", "papers.bib"):
        shutil.copy2(COURSES / name / f, target / f)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs")
    return build_site(target)


@pytest.fixture(scope="module")
def roleplay(tmp_path_factory):
    return built(tmp_path_factory, "roleplay")


@pytest.fixture(scope="module")
def club(tmp_path_factory):
    return built(tmp_path_factory, "journalclub")


@pytest.fixture(scope="module")
def labclub(tmp_path_factory):
    """The lab journal club of issue 21, built; with what the build printed."""
    target = tmp_path_factory.mktemp("labclub")
    for f in ("course.yaml", "papers.bib"):
        shutil.copy2(COURSES / "labclub" / f, target / f)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs")
    result = run_cli(target, "build")
    assert result.returncode == 0, result.stderr
    return Site(target), result


@pytest.fixture(scope="module")
def proseminar(tmp_path_factory):
    return built(tmp_path_factory, "proseminar")


def text(site, url: str) -> str:
    return " ".join(site.content(url).get_text(" ").split())


def events(site, name: str = "course.ics") -> list:
    return [c for c in Calendar.from_ical(site.path(name).read_bytes()).walk("VEVENT")]


def handout(site) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(site.path("handout.pdf").read_bytes()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def font_sizes(reader: pypdf.PdfReader) -> set[float]:
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[0] * cm[0], 2) if tm[0] and cm[0] else size)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return sizes


# --- The role-playing seminar -------------------------------------------------------------------


def test_two_papers_show_in_every_place(roleplay):
    schedule = text(roleplay, "/schedule/")
    assert "A Study of Problem 2 in" in schedule and "A Study of Problem 3 in" in schedule
    nav = [a.get_text(" ", strip=True) for a in roleplay.html("/").select("nav.md-nav a")]
    assert "2. Author1 et al. 2001" in nav and "2. Author2 et al. 2002" in nav
    summaries = [str(e["SUMMARY"]) for e in events(roleplay)]
    assert any("Problem 2 in" in s and "Problem 3 in" in s for s in summaries)
    _, pdf_text = handout(roleplay)
    assert "A Study of Problem 3 in Learning Systems" in pdf_text


def test_cancelled_week_is_said_and_stays_in_the_calendar(roleplay):
    row = next(tr for tr in roleplay.content("/schedule/").select("tr") if "14 May 2024" in tr.get_text())
    assert "Cancelled: Public holiday" in " ".join(row.get_text().split())
    assert row.find("time") is None  # now/next skips it
    event = next(e for e in events(roleplay) if "2024-05-14" in str(e["UID"]))
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) >= 1
    _, pdf_text = handout(roleplay)
    assert "CANCELLED" in pdf_text


def test_moved_meeting_keeps_its_uid_and_says_where_from(roleplay):
    assert "moved from Tuesday, 18 June 2024" in text(roleplay, "/schedule/")
    event = next(e for e in events(roleplay) if str(e["SUMMARY"]).startswith("Session 10"))
    assert str(event["UID"]).startswith("session-2024-06-18-")
    assert event.decoded("DTSTART").date().isoformat() == "2024-06-19"


def test_online_week_has_a_link_and_no_building(roleplay):
    assert roleplay.content("/schedule/").find("a", href="https://meet.example.org/seminar-week7").get_text() == "Join online"
    event = next(e for e in events(roleplay) if str(e["SUMMARY"]).startswith("Session 7:"))
    assert str(event["URL"]) == "https://meet.example.org/seminar-week7"
    assert str(event["CONFERENCE"]) == "https://meet.example.org/seminar-week7"
    assert str(event["LOCATION"]) == "Online"


def test_role_deadline_on_personal_page_and_calendar(roleplay):
    # Participant 1 is the reviewer in session 1, so the review is due the evening before.
    # As the page reads it (the date is a <time>, so no space before the colon).
    assert "Due Monday, 15 April 2024, 23:59: Send your review to the organizers" in roleplay.text("/participants/1/")
    # The moment as the personal page's script reads it, for "Next deadline: ..." at the top.
    moments = {(t["datetime"], t["data-what"]) for t in roleplay.content("/participants/1/").select("time[data-deadline]")}
    assert ("2024-04-15T23:59:00+02:00", "Send your review to the organizers") in moments
    due = [e for e in events(roleplay, "participants/1.ics") if str(e["SUMMARY"]).startswith("Due:")]
    assert due and all(list(e.walk("VALARM")) for e in due)
    assert "Choose the author you investigate" in " ".join(str(e["SUMMARY"]) for e in events(roleplay))


def test_counts_come_from_the_data(roleplay):
    home = text(roleplay, "/")
    assert "13 sessions, every Tuesday" in home
    assert "Read what the seven roles do" in home


def test_handout_fits_one_sheet_at_8pt_or_more(roleplay):
    reader, pdf_text = handout(roleplay)
    assert len(reader.pages) == 2
    assert min(font_sizes(reader)) >= 7.5  # the footer is 7.5 pt; everything else 8 pt or more
    assert "Archaeologist" in pdf_text  # a whole word: no cell broke it apart


# --- The journal club ---------------------------------------------------------------------------


def test_no_roles_anywhere(club):
    assert not club.path("/roles/").exists() and not club.path("/rotation/").exists()
    for url in ("/", "/schedule/", "/papers/club1/"):
        assert "role" not in text(club, url).lower()
    assert "Role" not in handout(club)[1]


def test_biweekly_wording_and_guest_talk(club):
    home = text(club, "/")
    assert "9 sessions, every other Wednesday" in home
    assert "Guest talk: Reading papers critically" in text(club, "/schedule/")
    assert not club.path("/papers/guest/").exists()
    nav = " ".join(a.get_text(" ", strip=True) for a in club.html("/").select("nav.md-nav a"))
    assert "Guest talk" not in nav  # a session without a paper is no paper
    summaries = [str(e["SUMMARY"]) for e in events(club)]
    assert "Session 5: Guest talk: Reading papers critically" in summaries


def test_hybrid_meeting_has_room_and_link(club):
    event = events(club)[0]
    assert str(event["LOCATION"]) == "Seminar Room A"
    assert str(event["CONFERENCE"]) == "https://meet.example.org/journal-club"


# --- The lab journal club: presenters, no roles --------------------------------------------------

# Who presents what in tests/courses/labclub (session 3, club3 by participant 4, is cancelled).
LAB_TALKS = {1: ["club1"], 2: ["club2"], 3: ["club2"], 4: ["club4"], 5: ["club4"], 6: ["club6"], 7: ["club7"],
             8: ["club8"], 9: ["club9"]}


def test_lab_club_builds_without_a_word(labclub):
    """Nine participants, presenters, no roles, a cancelled and a moved meeting: the strict build prints nothing."""
    site, result = labclub
    assert result.stderr == ""
    assert not site.path("/rotation/").exists() and not site.path("/roles/").exists()


def test_lab_club_personal_pages_name_each_talk(labclub):
    """Each personal page names the participant's talks (paper and session) and links no page the club lacks."""
    site, _ = labclub
    titles = {f"club{n}": f"A Study of Problem {n} in Learning Systems" for n in range(1, 10)}
    for n, keys in LAB_TALKS.items():
        page = site.text(f"/participants/{n}/")
        talks = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in site.content(f"/participants/{n}/").select("h2")
                 if h.get_text().rstrip("¶").strip().endswith("Talk")]
        assert len(talks) == len(keys)
        for key in keys:
            assert "Your talk: " in page and titles[key] in page.split("Your talk:")[1]
        hrefs = [a["href"] for a in site.content(f"/participants/{n}/").select("a[href]")]
        assert not any("rotation" in h or "roles" in h for h in hrefs)
        assert "← Home" in page
    table = site.content("/participants/2/").select_one("table")
    assert [th.get_text() for th in table.select("th")] == ["No.", "Date", "Talk", "Paper"]
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [r[2] for r in rows] == ["–", "Talk", "cancelled", "–", "–", "–", "–"]


def test_lab_club_cancelled_talk_is_no_talk(labclub):
    """Participant 4's talk in the cancelled session is not a talk; the one in the moved meeting is."""
    site, _ = labclub
    page = site.text("/participants/4/")
    assert page.count("Your talk:") == 1 and "A Study of Problem 4 in" in page.split("Your talk:")[1]
    assert "moved from Tuesday, 13 May 2025" in page


# --- The German Proseminar ------------------------------------------------------------------------


def test_block_days_with_five_talks_each(proseminar):
    schedule = proseminar.content("/schedule/")
    rows = [" ".join(tr.get_text(" ").split()) for tr in schedule.select("tbody tr")]
    assert sum("11. Juli 2024" in r for r in rows) == 5 and sum("12. Juli 2024" in r for r in rows) == 5
    uids = [str(e["UID"]) for e in events(proseminar)]
    assert len(set(uids)) == len(uids) == 13  # meeting, 11 sessions, 1 deadline


def test_introduction_is_not_a_paper(proseminar):
    assert "Einführung" in text(proseminar, "/schedule/")
    nav = " ".join(a.get_text(" ", strip=True) for a in proseminar.html("/").select("nav.md-nav a"))
    assert "Einführung" not in nav
    home = text(proseminar, "/")
    assert "Vorbesprechung" in home and "1. Juli 2024, 11. Juli 2024, 12. Juli 2024" in home
    assert "jeden" not in home  # no weekly rhythm to claim
    _, pdf_text = handout(proseminar)
    assert "Einführung" in pdf_text and "Vorbesprechung" in pdf_text
