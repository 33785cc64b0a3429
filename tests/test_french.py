"""`language: fr`: a French course built end to end, as a reader gets it: pages, Material's interface and search,
the handout PDF and the calendars, in French, with no English label left (the course's own text stays English,
as the organizers wrote it). The course is VARIANTS["french"]: the seed with what it leaves out (conftest)."""

from __future__ import annotations

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pypdf
import pytest
from icalendar import Calendar

from browser import PHONE, goto_at, new_page, serve, visit
from conftest import ROOT, VARIANTS
from labels import english_labels, leaks, site_pages


@pytest.fixture(scope="module")
def french(french_site):
    return french_site


@pytest.fixture(scope="module")
def course_text(french) -> str:
    """What the organizers wrote: the seed's files with the variant's additions."""
    seed = (ROOT / "course.yaml").read_text(encoding="utf-8") + (ROOT / "papers.bib").read_text(encoding="utf-8")
    return seed + "".join(new for _, new in VARIANTS["french"])


def test_material_interface_and_search_are_french(french):
    """The pages declare French; Material's search box, the colour-scheme switches and the search stemming are French."""
    page = french.html("/")
    assert page.html["lang"] == "fr"
    assert page.select_one("input.md-search__input")["placeholder"] == "Rechercher"
    toggles = [label["title"] for label in page.select("form[data-md-component=palette] label")]
    assert toggles == ["Passer au mode sombre", "Passer au mode clair"]
    index = json.loads((french.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]  # lunr's French stemmer: "séances" finds "séance"


def test_navigation_and_footer_are_french(french):
    nav = french.html("/schedule/").select_one("nav.md-nav--primary")
    top = [" ".join(li.select_one(".md-ellipsis").get_text(" ").split()) for li in nav.select(":scope > ul > li")]
    assert top == ["Accueil", "Informations sur le séminaire", "Programme", "Rôles", "Rotation des rôles",
                   "Articles", "Guide pour l'organisation", "Messages"]
    footer = " ".join(french.html("/").select_one(".md-copyright").get_text(" ").split())
    assert footer == ("Winter 2023/24 · Heidelberg University · version du 20 octobre 2023 (abc1234) · "
                      "réalisé avec Material for MkDocs")


def test_home_page_in_french(french):
    """Headings, steps, the rhythm of the meetings and their dates read in French."""
    text = french.text("/")
    for expected in ("Prochaines étapes", "Venir à la réunion préparatoire: lundi, 16 octobre 2023, 18:00 – 19:00",
                     "Lire ce que font les cinq rôles", "Quand et où",
                     "Séances: 5 séances, chaque mardi, 18:00 – 19:30: 31 octobre 2023 – 16 janvier 2024.",
                     "Le programme en un coup d'œil", "N° Date Thème", "Annulée: The room is closed for repairs.",
                     "Annonces", "18 octobre 2023: The reading list is online.", "Fiche à imprimer (PDF)"):
        assert expected in text, expected


def test_schedule_in_french(french):
    """The schedule's columns, weekdays, a moved online meeting and a deadline in French."""
    rows = [[" ".join(c.get_text(" ").split()) for c in tr.select("th, td")]
            for tr in french.content("/schedule/").select("table tr")]
    assert rows[0] == ["N°", "Jour", "Date", "Horaire", "Salle", "Thème"]
    assert rows[1][:5] == ["–", "lundi", "16 octobre 2023", "18:00 – 19:00", "Mathematikon Seminar Room 11"]
    assert rows[3][:5] == ["2", "mercredi", "22 novembre 2023", "18:00 – 19:30", "Participer en ligne"]
    assert "(déplacée du mardi, 21 novembre 2023)" in rows[3][5]
    assert "À rendre lundi, 4 décembre 2023, 12:00 : Vote for the paper of session 4" in rows[4][5]


def test_personal_page_in_french(french):
    """A participant's page: heading, table, talk and role sections, the joined note, the calendar button."""
    text = french.text("/participants/2/")
    assert french.content("/participants/2/").h1.get_text(" ", strip=True).startswith("Participant 2")
    for expected in ("Toutes les séances", "N° Date Rôle Article", "Séance 2: Exposé", "Votre exposé:",
                     "Ajouter vos séances et vos rôles à votre agenda", "Séance 1: Archaeologist",
                     "À rendre samedi, 28 octobre 2023, 18:00: Name the older paper (Archaeologist)"):
        assert expected in text, expected
    assert "A rejoint le séminaire le 15 novembre 2023" in french.text("/participants/10/")


def test_no_english_label_on_any_page(french, course_text):
    """No English label anywhere on a built page: text, titles, labels and the sentences the scripts show."""
    assert leaks(site_pages(french.dir), english_labels("fr", course_text)) == {}


def test_handout_is_french(french, course_text):
    """The handout PDF's text: French headings and footer, no English label."""
    text = " ".join(" ".join(page.extract_text().split())
                    for page in pypdf.PdfReader(io.BytesIO(french.path("handout.pdf").read_bytes())).pages)
    for expected in ("Le séminaire en bref", "Réunion préparatoire: lundi, 16 octobre 2023", "Programme",
                     "Rotation des rôles", "Liste de lecture", "Page 1 sur 2", "État au 20 octobre 2023 (version abc1234)",
                     "À rendre la veille de la séance, 23:59"):
        assert expected in text, expected
    assert leaks({"handout.pdf": text}, english_labels("fr", course_text)) == {}


def test_calendars_are_french(french, course_text):
    """The events' titles and descriptions in the course and a personal calendar, as a calendar app reads them."""
    shown = {}
    for name in ("course.ics", "participants/2.ics"):
        events = Calendar.from_ical(french.path(name).read_bytes()).events
        shown[name] = "\n".join(f"{e.get('SUMMARY', '')}\n{e.get('DESCRIPTION', '')}" for e in events)
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(french.path("course.ics").read_bytes()).events]
    assert summaries[0] == "Réunion préparatoire: Mathematical Machine Learning -- Challenges"
    assert "ANNULÉE: Séance 4: Li et al. - Visualizing the Loss Landscape of Neural Nets" in summaries
    assert "À rendre: Vote for the paper of session 4 (Séance 3)" in summaries
    assert "Votre rôle: Archaeologist - Places the paper in the history of its field." in shown["participants/2.ics"]
    assert leaks(shown, english_labels("fr", course_text)) == {}


def test_french_on_a_phone(browser, french):
    """On a phone, mid-semester: the scripts' sentences are French (the status line, the zoomed plot's close
    button), and search finds "séance" for "séances" with lunr's French stemmer."""
    with serve(french.dir) as base:
        page = new_page(browser, viewport=PHONE, locale="fr-FR")
        try:
            goto_at(page, base, dt.datetime(2023, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")).timestamp())
            assert " ".join(page.locator(".cs-status").inner_text().split()).startswith(
                "À venir : Séance 2, mercredi, 22 novembre 2023, 18:00 – 19:30.")
            page.goto(base + "notebooks/ba2014deep/")
            page.locator(".cs-nb-output img").first.click()
            assert page.locator("dialog.cs-zoom button").get_attribute("aria-label") == "Fermer"
            page.keyboard.press("Escape")
            visit(page, base)
            page.locator("label.md-header__button[for=__search]").click()
            page.keyboard.type("séances")
            page.locator(".md-search-result__item").first.wait_for()
            assert page.locator(".md-search-result__meta").inner_text().endswith("documents trouvés")
        finally:
            page.context.close()
