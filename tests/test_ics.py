"""Calendar files: read back with icalendar, as a calendar app would, and the links that offer them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin

import pytest
from icalendar import Calendar

from conftest import build_site
from coursesite.engine import site as coursesite
from coursesite.exports import ics
from coursesite.schedule import rotation

UTC = dt.UTC
SESSION_SUMMARIES = [
    "Organizational meeting: Mathematical Machine Learning -- Challenges",
    "Session 1: Glorot & Bengio - Understanding the Difficulty of Training Deep Feedforward Neural Networks",
    "Session 2: Ba & Caruana - Do Deep Nets Really Need to be Deep?",
    "Session 3: Zhang et al. - Understanding Deep Learning (Still) Requires Rethinking Generalization",
    "Session 4: Li et al. - Visualizing the Loss Landscape of Neural Nets",
    "Session 5: Grimmer - Provably Faster Gradient Descent via Long Steps",
]
LOCATION = "Mathematikon Seminar Room 2, Mathematikon, Im Neuenheimer Feld 205, 69120 Heidelberg"


def calendar(site, name: str = "course.ics") -> Calendar:
    return Calendar.from_ical(site.path(name).read_bytes())


def events(site, name: str = "course.ics") -> list:
    return list(calendar(site, name).events)


def utc(event, prop: str) -> dt.datetime:
    return event.decoded(prop).astimezone(UTC)


def edit_course(course_dir, old: str, new: str) -> None:
    path = course_dir / "course.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_course_calendar_lists_every_meeting_in_order(site):
    """course.ics holds the organizational meeting and the five sessions, with their summaries, in date order."""
    assert [str(e["SUMMARY"]) for e in events(site)] == SESSION_SUMMARIES


def test_daylight_saving_time_is_respected(site):
    """18:00 in Heidelberg is 16:00 UTC before the clocks change on 29 October and 17:00 UTC after."""
    org, first, *_ = events(site)
    assert utc(org, "DTSTART") == dt.datetime(2023, 10, 16, 16, 0, tzinfo=UTC)
    assert utc(org, "DTEND") == dt.datetime(2023, 10, 16, 17, 0, tzinfo=UTC)
    assert utc(first, "DTSTART") == dt.datetime(2023, 10, 31, 17, 0, tzinfo=UTC)
    assert utc(first, "DTEND") == dt.datetime(2023, 10, 31, 18, 30, tzinfo=UTC)


def test_times_are_local_with_a_time_zone_definition(site):
    """Events are written in Europe/Berlin time, and the file defines that zone (VTIMEZONE) for apps without one."""
    cal = calendar(site)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    for event in cal.events:
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event.decoded("DTSTART").tzinfo is not None
    names = {str(part["TZNAME"]) for part in cal.walk("STANDARD") + cal.walk("DAYLIGHT")}
    assert names == {"CET", "CEST"}


def test_session_event_text(site):
    """A session's event names the room and address, the paper as the course's citation style writes it, and the paper page."""
    session2 = events(site)[2]
    assert str(session2["LOCATION"]) == LOCATION
    assert str(session2["DESCRIPTION"]) == ("J. Ba and R. Caruana, “Do Deep Nets Really Need to be Deep?”"
                                            ", in Advances in Neural Information Processing Systems 27 (NIPS 2014), Curran Associates, Inc., 2014, pp. 2654–2662.")
    # Without site_url there is no address a calendar app could open: no URL, and no relative "Paper page: papers/...".
    assert "URL" not in session2


def test_organizational_meeting_text(site):
    """The organizational meeting's event has its own room and the organizers' note."""
    org = events(site)[0]
    assert str(org["LOCATION"]) == "Mathematikon Seminar Room 11, Mathematikon, Im Neuenheimer Feld 205, 69120 Heidelberg"
    assert str(org["DESCRIPTION"]) == ("Attendance is mandatory. We hand out the participant numbers "
                                       "and explain the roles.")


def test_participant_calendar_has_roles_and_duties(site):
    """participants/3.ics puts participant 3's role into each session's summary and its duties into the description."""
    cal = calendar(site, "participants/3.ics")
    assert str(cal["X-WR-CALNAME"]) == "Mathematical Machine Learning -- Challenges - Participant 3"
    summaries = [str(e["SUMMARY"]) for e in cal.events]
    assert summaries == [
        "Organizational meeting: Mathematical Machine Learning -- Challenges",
        "Session 1 (Academic Researcher): Glorot & Bengio - Understanding the Difficulty of Training Deep "
        "Feedforward Neural Networks",
        "Session 2 (Private Investigator): Ba & Caruana - Do Deep Nets Really Need to be Deep?",
        "Session 3 (Hacker): Zhang et al. - Understanding Deep Learning (Still) Requires Rethinking Generalization",
        "Session 4 (Scientific Peer Reviewer): Li et al. - Visualizing the Loss Landscape of Neural Nets",
        "Session 5 (Archaeologist): Grimmer - Provably Faster Gradient Descent via Long Steps",
    ]
    session2 = list(cal.events)[2]
    assert str(session2["DESCRIPTION"]) == (
        "Your role: Private Investigator - Finds out who is behind the paper.\n"
        "Duties:\n"
        "- Research the background of one of the authors (career, earlier work, research group).\n"
        "- Explain how that background might have led to this paper.\n"
        "\n"
        "J. Ba and R. Caruana, “Do Deep Nets Really Need to be Deep?”"
        ", in Advances in Neural Information Processing Systems 27 (NIPS 2014), Curran Associates, Inc., 2014, pp. 2654–2662.")
    assert utc(session2, "DTSTART") == dt.datetime(2023, 11, 21, 17, 0, tzinfo=UTC)
    assert str(session2["LOCATION"]) == LOCATION


def test_one_calendar_per_participant(site):
    """Every participant number has its own calendar, next to its personal page."""
    assert sorted(p.name for p in (site.dir / "participants").glob("*.ics")) == sorted(f"{n}.ics" for n in range(1, 11))


def test_uids_are_unique_and_distinct_between_calendars(site):
    """UIDs differ between events and between the course's and a participant's calendar, so imports never collide."""
    course = [str(e["UID"]) for e in events(site)]
    personal = [str(e["UID"]) for e in events(site, "participants/3.ics")]
    other = [str(e["UID"]) for e in events(site, "participants/4.ics")]
    assert len(set(course)) == 6 and len(set(personal)) == 6
    assert not set(course) & set(personal) and not set(personal) & set(other)


@pytest.mark.slow
def test_rebuilds_keep_uids_and_bytes(course_dir, monkeypatch):
    """Rebuilding unchanged input gives identical calendar bytes; a later stamp changes DTSTAMP but no UID."""
    monkeypatch.setenv("COURSESITE_STAMP_DATE", "2023-10-01")
    first = build_site(course_dir)
    before = {p.relative_to(first.dir): p.read_bytes() for p in first.dir.rglob("*.ics")}
    second = build_site(course_dir)
    assert {p.relative_to(second.dir): p.read_bytes() for p in second.dir.rglob("*.ics")} == before
    assert len(before) == 11

    monkeypatch.setenv("COURSESITE_STAMP_DATE", "2023-11-15")
    third = build_site(course_dir)
    old = Calendar.from_ical(before[first.path("course.ics").relative_to(first.dir)])
    new = calendar(third)
    assert [str(e["UID"]) for e in new.events] == [str(e["UID"]) for e in old.events]
    assert {e.decoded("DTSTAMP") for e in old.events} == {dt.datetime(2023, 10, 1, tzinfo=UTC)}
    assert {e.decoded("DTSTAMP") for e in new.events} == {dt.datetime(2023, 11, 15, tzinfo=UTC)}


@pytest.mark.slow
def test_uids_follow_the_course_not_the_build(course_dir, monkeypatch):
    """The built calendars name events by the course's id: a new title and semester keep the UIDs; another id
    gives new ones (tests/test_calendar_uids.py tries every kind of edit, without builds)."""
    monkeypatch.setenv("COURSESITE_STAMP_DATE", "2023-10-01")
    site = build_site(course_dir)
    uids = [str(e["UID"]) for e in events(site)]
    assert uids[0] == "org-meeting-4bdf065f5c0a2b28@coursesite" and uids[2].startswith("session-2023-11-21-")
    edit_course(course_dir, "semester: Winter 2023/24", "semester: Winter 2024/25")
    edit_course(course_dir, "title: Mathematical Machine Learning --", "title: Mathematical Machine Learning –")
    assert [str(e["UID"]) for e in events(build_site(course_dir))] == uids
    edit_course(course_dir, "id: 4bdf065f5c0a2b28", "id: ws2024-mml")
    renamed = [str(e["UID"]) for e in events(build_site(course_dir))]
    assert [u.split("-")[0] for u in renamed] == [u.split("-")[0] for u in uids]
    assert not set(renamed) & set(uids)


def calendar_link(site, url: str, label: str):
    """The link with this label on a page, and the file it points to."""
    links = [a for a in site.content(url).find_all("a") if a.get_text(" ", strip=True) == label]
    assert len(links) == 1, f"{label!r} on {url}: {links}"
    href = links[0]["href"]
    return href, site.path(urljoin(url, href))


@pytest.mark.parametrize("url, href", [("/", "course.ics"), ("/schedule/", "../course.ics")])
def test_add_to_calendar_on_home_and_schedule(site, url, href):
    """Home and schedule offer "Add to calendar", pointing at the course calendar, with a hint on subscribing."""
    found, target = calendar_link(site, url, "Add to calendar")
    assert (found, target) == (href, site.dir / "course.ics")
    assert "Calendar apps can also subscribe to the address of this link, so that changes reach you." in site.text(url)


def test_personal_page_links_its_calendar(site):
    """A participant's page offers exactly that participant's calendar."""
    found, target = calendar_link(site, "/participants/3/", "Add your sessions and roles to your calendar")
    assert (found, target) == ("../3.ics", site.dir / "participants" / "3.ics")


@pytest.mark.slow
def test_site_url_gives_absolute_links_and_webcal(course_dir):
    """With site_url set, events link to the published paper page and the pages offer a webcal:// subscription."""
    edit_course(course_dir, "# site_url: https://<user>.github.io/<repository>/   # set this once the site is published",
                "site_url: https://example.org/mml/")
    site = build_site(course_dir)
    session2 = events(site)[2]
    assert str(session2["URL"]) == "https://example.org/mml/papers/ba2014deep/"
    assert str(session2["DESCRIPTION"]).endswith("\nPaper page: https://example.org/mml/papers/ba2014deep/")
    assert str(events(site)[0]["DESCRIPTION"]).endswith("\nCourse website: https://example.org/mml/")
    for url, feed in [("/", "course.ics"), ("/schedule/", "course.ics"), ("/participants/3/", "participants/3.ics")]:
        webcal = f"webcal://example.org/mml/{feed}"
        assert [a["href"] for a in site.content(url).select('a[href^="webcal:"]')] == [webcal]
        assert f"To have changes reach your calendar, subscribe instead: {webcal}" in site.text(url)


def test_german_course_gets_german_calendar(german_site):
    """In a German course the calendar's text and the links are German."""
    site = german_site
    assert str(events(site)[2]["SUMMARY"]) == "Sitzung 2: Ba & Caruana - Do Deep Nets Really Need to be Deep?"
    assert str(events(site)[2]["DESCRIPTION"]).endswith("Curran Associates, Inc., 2014, S. 2654–2662.")
    assert str(events(site)[0]["SUMMARY"]) == "Vorbesprechung: Mathematical Machine Learning -- Challenges"
    personal = events(site, "participants/3.ics")[2]
    assert str(personal["DESCRIPTION"]).startswith("Deine Rolle: Private Investigator - ")
    calendar_link(site, "/", "Zum Kalender hinzufügen")
    calendar_link(site, "/participants/3/", "Deine Sitzungen und Rollen zum Kalender hinzufügen")


def test_without_participant_count_only_the_course_calendar(no_participants_site):
    """Before the number of participants is known there are no personal calendars, but course.ics exists."""
    site = no_participants_site
    assert [str(e["SUMMARY"]) for e in events(site)] == SESSION_SUMMARIES
    assert not list(site.dir.rglob("participants/*.ics"))


def test_participant_calendars_written_at_once_are_the_same_bytes(course_dir):
    """Every personal calendar written in one go (the fast way) is byte for byte the one written on its own."""
    edit_course(course_dir, "# site_url: https://<user>.github.io/<repository>/   # set this once the site is published",
                "site_url: https://example.org/an-address-long-enough-that-lines-get-folded/mml/")
    edit_course(course_dir, "participants: 10\n", "participants: 7\nswaps:\n  - session: 2\n    participants: [1, 4]\n")
    edit_course(course_dir, "title: Mathematical Machine Learning -- Challenges",
                'title: "Machine Learning; Challenges, Ünïcode ☃ and a title long enough to be folded"')
    course = coursesite.load_course(course_dir).course
    table = rotation.for_course(course)
    written = ics.participant_calendars(course, table, dt.date(2024, 1, 8))
    assert list(written) == list(range(1, 8)) and table.swaps
    for n in table.participants:
        assert written[n] == ics.participant_calendar(course, table, n, dt.date(2024, 1, 8)), n


@pytest.mark.parametrize("value", [("session-2030-01-01-participant-17-" * 9)[:n] for n in range(1, 300, 7)]
                         + ["Seminar (50 sessions) - Participant 3 " * k for k in range(1, 6)])
def test_plain_lines_are_written_as_icalendar_writes_them(value):
    """The personal calendars write plain lines without icalendar: escaped and folded the same way."""
    from icalendar import Event
    for component, name in [(Event, "UID"), (Calendar, "NAME"), (Calendar, "X-WR-CALNAME")]:
        alone = component()
        alone.add(name, value)
        assert ics._line(component, name, value) == alone.to_ical().split(b"\r\n", 1)[1].removesuffix(
            f"END:{alone.name}\r\n".encode()), (name, value)
