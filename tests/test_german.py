"""`language: de`: German labels and dates on every generated page, and Material's German interface."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from labels import english_labels, leaks, site_pages


@pytest.fixture
def german(german_site):
    """The seed course with `language: de`, built once per session with a fixed stamp (conftest)."""
    return german_site


def test_material_interface_is_german(german):
    """The pages declare German; Material's interface (search box, dark-mode toggle) and search index are German."""
    page = german.html("/")
    assert page.html["lang"] == "de"
    assert page.select_one("input.md-search__input")["placeholder"] == "Suche"
    toggles = [label["title"] for label in page.select("form[data-md-component=palette] label")]
    assert toggles == ["Zum dunklen Modus wechseln", "Zum hellen Modus wechseln"]
    index = json.loads((german.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["de"]  # German stemming, so "Sitzungen" finds "Sitzung"


def test_navigation_is_german(german):
    """The navigation lists the German page names, ending with the organizer guide and its messages page."""
    nav = german.html("/schedule/").select_one("nav.md-nav--primary")
    top = [" ".join(li.select_one(".md-ellipsis").get_text(" ").split()) for li in nav.select(":scope > ul > li")]
    assert top == ["Start", "Informationen zum Seminar", "Termine", "Rollen", "Rollenverteilung",
                                     "Artikel", "Anleitung für die Organisation", "Meldungen"]


def test_home_page_in_german(german):
    """The home page shows German headings, weekdays, dates and times."""
    text = german.text("/")
    for expected in ("Wann und wo", "Vorbesprechung: Montag, 16. Oktober 2023, 18:00–19:00 Uhr",
                     "Sitzungen: 5 Sitzungen, jeden Dienstag, 18:00–19:30 Uhr, Mathematikon Seminar Room 2: "
                     "31. Oktober 2023 – 9. Januar 2024.",
                     "Die nächsten Schritte", "Termine im Überblick", "Nr. Datum Artikel",
                     "1 Dienstag, 31. Oktober 2023 Glorot & Bengio:"):
        assert expected in text


def test_schedule_in_german(german):
    """The schedule's table has German column names, weekdays and "Uhr" times."""
    rows = [[" ".join(c.get_text(" ").split()) for c in tr.select("th, td")]
            for tr in german.content("/schedule/").select("table tr")]
    assert rows[0] == ["Nr.", "Tag", "Datum", "Zeit", "Raum", "Artikel"]
    assert rows[1][:5] == ["–", "Montag", "16. Oktober 2023", "18:00–19:00 Uhr", "Mathematikon Seminar Room 11"]
    assert rows[2][:5] == ["1", "Dienstag", "31. Oktober 2023", "18:00–19:30 Uhr", "Mathematikon Seminar Room 2"]


def test_rotation_in_german(german):
    """The rotation page explains the rule in German and heads its table with German dates."""
    content = german.content("/rotation/")
    text = german.text("/rotation/")
    assert content.h1.get_text(" ", strip=True).startswith("Rollenverteilung")
    assert "In jeder Sitzung rückt jede Person eine Rolle weiter." in text
    head = [" ".join(th.get_text(" ").split()) for th in content.select("table th")]
    assert head[:2] == ["Nr.", "1 · 31.10. · Glorot & Bengio"]
    assert "Sitzung 1 · 31. Oktober 2023 · Glorot & Bengio 2010" in text


def test_paper_page_in_german(german):
    """A paper page names its session, time and sections in German."""
    text = german.text("/papers/ba2014deep/")
    for expected in ("Sitzung 2 Dienstag, 21. November 2023, 18:00–19:30 Uhr · Mathematikon Seminar Room 2",
                     "Zitat", "Links", "Seite des Verlags:", "Worum es geht", "Leitfragen",
                     "Wer welche Rolle hat (Sitzung 2)"):
        assert expected in text


def test_participant_page_in_german(german):
    """A participant's page shows each session with German labels and dates."""
    assert german.content("/participants/3/").h1.get_text(" ", strip=True).startswith("Teilnehmer:in 3")
    text = german.text("/participants/3/")
    assert ("Sitzung 1: Academic Researcher Datum: Dienstag, 31. Oktober 2023, 18:00–19:30 Uhr "
            "Raum: Mathematikon Seminar Room 2 Artikel: Glorot & Bengio:") in text


def test_footer_stamp_in_german(german):
    """The footer gives the German "Stand" with the date written out and the source version."""
    footer = " ".join(german.html("/").select_one(".md-copyright").get_text(" ").split())
    assert footer == ("Winter 2023/24 · Heidelberg University · Stand: 20. Oktober 2023 (abc1234) · "
                      "erstellt mit Material for MkDocs")


def test_no_english_labels_on_german_pages(german):
    """No English label appears anywhere on a built German page, in its text or its attributes (course text,
    the English organizer guide and the notebooks' own prose excepted); test_languages checks the other outputs."""
    course_text = (ROOT / "course.yaml").read_text(encoding="utf-8") + (ROOT / "papers.bib").read_text(encoding="utf-8")
    assert leaks(site_pages(german.dir), english_labels("de", course_text)) == {}
