"""A language is one catalog: locale/<language>/LC_MESSAGES/coursesite.po translates every label, and a course in
that language shows no English label on any page, in the calendars, the handout or the site's frame.

The checks run for every catalog there is, so a new language is tested as soon as its .po exists. The courses
rendered here (the golden variants and tests/courses) together ask for every label of the template, which the
last test proves; so "no English left" covers every label, not only those one course happens to use.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import io
import json
import os
import re
import shutil
from pathlib import Path

import material as material_theme
import openpyxl
import pypdf
import pytest
from babel.messages.frontend import CommandLineInterface

from conftest import ROOT, VARIANTS, variant
from coursesite.course import languages
from coursesite.engine import site
from coursesite.exports import attendance, notebook_cells, notebook_html, sheets
from coursesite.render import i18n, landing, pages
from coursesite.schedule import rotation
from coursesite.sources.stamp import Stamp
from labels import TEMPLATE, english_labels, fields, labels, leaks, read

CATALOGS = [language for language in languages.available() if language != languages.SOURCE]
STAMP = Stamp(dt.date(2023, 10, 20), "abc1234")
COURSES = Path(__file__).parent / "courses"


def problems_of(catalog_file: Path, language: str) -> list[str]:
    """What keeps a catalog from translating every label of the template, one line per label."""
    wanted, catalog = labels(read(TEMPLATE)), read(catalog_file, language)
    have = labels(catalog)
    found = []
    for key in wanted:
        message = have.get(key)
        ids = key if isinstance(key, tuple) else (key,)
        forms = () if message is None else message.string if isinstance(message.string, tuple) else (message.string,)
        if message is None:
            found.append(f"{ids[0]!r}: missing (run `make messages`)")
        elif message.fuzzy:
            found.append(f"{ids[0]!r}: marked fuzzy (check the translation, then remove the `#, fuzzy` line)")
        elif isinstance(key, tuple) and len(forms) != catalog.num_plurals:
            found.append(f"{ids[0]!r}: {len(forms)} plural forms, the language has {catalog.num_plurals}")
        elif not all(form.strip() for form in forms):
            found.append(f"{ids[0]!r}: not translated")
        elif any(fields(form) != fields(ids[-1]) for form in forms):
            found.append(f"{ids[0]!r}: the translation's {{placeholders}} differ from the label's")
    found += [f"{(key if isinstance(key, str) else key[0])!r}: no longer a label (run `make messages`)"
              for key in have if key not in wanted]
    return found


def test_template_holds_every_label_of_the_code(tmp_path):
    """locale/coursesite.pot is what `make messages` extracts from today's code and templates."""
    fresh = tmp_path / "fresh.pot"
    with contextlib.chdir(ROOT):
        CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "pyproject.toml", "-o", str(fresh),
                                    "scripts/coursesite"])
    assert sorted(map(str, labels(read(fresh)))) == sorted(map(str, labels(read(TEMPLATE)))), \
        "the labels changed: run `make messages` and translate what it marks"


def test_every_catalog_language_is_known_to_babel_and_material():
    """Each catalog's language has CLDR dates (babel) and Material's interface, so one .po is all it takes."""
    material = Path(material_theme.__file__).parent / "templates" / "partials" / "languages"
    for language in CATALOGS:
        assert i18n.Labels(language).long_date(dt.date(2024, 1, 31)), language
        assert (material / f"{language}.html").is_file(), language
    assert {"de", "fr"} <= set(CATALOGS)


def test_templates_have_no_hard_coded_words():
    """Every word a reader sees comes from the labels or the course: the templates' own text has none."""
    env = pages.environment()
    found = {}
    for name in env.list_templates(filter_func=lambda n: n.endswith(".md.j2")):
        source = env.loader.get_source(env, name)[0]
        literal = "".join(value for _, kind, value in env.lex(source) if kind == "data")
        literal = re.sub(r"^---\n.*?^---$", " ", literal, flags=re.M | re.S)  # front matter: page settings
        literal = re.sub(r"<[^>]*>", " ", literal)           # tag and attribute names are not shown
        literal = re.sub(r'^!!! \w+', "", literal, flags=re.M)  # admonition type; its title is a label
        literal = re.sub(r"\{[:\s][^}]*\}", " ", literal)       # attribute lists such as { .md-button }
        words = re.findall(r"[^\W\d_]{2,}", literal)
        if words:
            found[name] = words
    assert found == {}


@pytest.mark.parametrize("language", CATALOGS)
def test_catalog_translates_every_label(language):
    """Every label of the template has a checked (not fuzzy), non-empty translation in every plural form,
    with the same {placeholders}; the catalog holds no label the code no longer has."""
    assert problems_of(languages.catalog(language), language) == []


def test_a_gap_in_a_catalog_is_found(tmp_path):
    """A label left empty, one marked fuzzy and one missing are each named (so the test above can fail)."""
    text = languages.catalog("de").read_text(encoding="utf-8")
    text = text.replace('msgid "Reading list"\nmsgstr "Leseliste"', 'msgid "Reading list"\nmsgstr ""')
    text = text.replace('msgid "Room"\nmsgstr "Raum"', '#, fuzzy\nmsgid "Room"\nmsgstr "Raum"')
    text = text.replace('msgid "Day"\nmsgstr "Tag"', "")
    broken = tmp_path / "broken.po"
    broken.write_text(text, encoding="utf-8")
    assert sorted(problems_of(broken, "de")) == [
        "'Day': missing (run `make messages`)",
        "'Reading list': not translated",
        "'Room': marked fuzzy (check the translation, then remove the `#, fuzzy` line)",
    ]


# --- Rendering every course in each language ---------------------------------------------------


ONE_ROLE = "roles:\n  - id: chair\n    name: Chair\n    summary: Leads the discussion.\n    duties: [Open it and close it.]\n"
"""Added to a copy of the journal club: the home page words its step for a single role differently."""


def course_folders(target: Path) -> list[Path]:
    """Copies of the golden courses and the seminar shapes of tests/courses, to be switched to a language."""
    folders = [variant(target / name, name) for name in VARIANTS]
    for name in sorted(p.name for p in COURSES.iterdir() if p.is_dir()):
        shutil.copytree(COURSES / name, target / name)
        folders.append(target / name)
    shutil.copytree(COURSES / "journalclub", target / "one-role")
    with (target / "one-role" / "course.yaml").open("a", encoding="utf-8") as f:
        f.write(ONE_ROLE)
    return [*folders, target / "one-role"]


def in_language(folder: Path, language: str) -> None:
    path = folder / "course.yaml"
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^language: \w+", f"language: {language}", text)
    path.write_text(text if n else f"language: {language}\n{text}", encoding="utf-8")


class Recording(gettext.NullTranslations):
    """A catalog that remembers each label asked for and answers from the real one."""

    def __init__(self, real: gettext.NullTranslations, asked: set):
        super().__init__()
        self.real, self.asked = real, asked

    def gettext(self, message):
        self.asked.add(message)
        return self.real.gettext(message)

    def ngettext(self, singular, plural, n):
        self.asked.add((singular, plural))
        return self.real.ngettext(singular, plural, n)


def what_readers_see(folder: Path) -> dict[str, str]:
    """Every text the course's outputs show, by output: pages, calendars (unfolded), the handout's text,
    the navigation, footer and switches of the site, the line over each notebook."""
    loaded = site.load_course(folder)
    shown = {}
    for name, content in site.generated_files(loaded, STAMP).items():
        if name.endswith(".md"):
            shown[name] = content
        elif name.endswith(".xml"):  # the announcements' feed
            shown[name] = content.decode("utf-8")
        elif name.endswith(".ics"):
            shown[name] = content.decode("utf-8").replace("\r\n ", "").replace("\\n", "\n").replace("\\,", ",")
        elif name.endswith(".pdf"):
            shown[name] = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    settings = site.settings(loaded.course, STAMP, landing=True)  # as a course of courses/ (its footer's link back)
    shown["site settings"] = json.dumps([settings.nav, settings.footer, settings.dark_mode, settings.light_mode,
                                         settings.feed_title, settings.landing], ensure_ascii=False)
    for s in loaded.course.sessions:
        if s.notebook:
            shown[s.notebook] = notebook_html.with_links("<h1>Notebook</h1>", loaded.course, s.notebook)
            # An interactive output (a widget) is shown in its static form, with a note in the course's language.
            widget = {"cells": [{"cell_type": "code", "source": "slider", "outputs": [{
                "output_type": "display_data", "metadata": {},
                "data": {"application/vnd.jupyter.widget-view+json": {}, "text/plain": "IntSlider(value=3)"}}]}]}
            prepared = notebook_cells.prepare(widget, s.notebook, i18n.Labels(loaded.course.language))
            shown[s.notebook + " (widget)"] = json.dumps(prepared.notebook["cells"][0]["outputs"], ensure_ascii=False)
    # The landing page of a repository with several courses, listing this one as current and as archived, and
    # its page for a missing address.
    days = [s.date for s in loaded.course.sessions]
    shown["landing page"] = "".join(landing.page([landing.Listed(folder.name, loaded.course)], today, missing)
                                    for today in (min(days), max(days) + dt.timedelta(days=1)) for missing in (False, True))
    # The organizer's private paperwork (`make sheets`): never on the site, but in the course's language too.
    if (table := rotation.for_course(loaded.course)) is not None:
        book = openpyxl.load_workbook(io.BytesIO(sheets.workbook(loaded.course, table, {})))
        rows = [row for sheet in book for row in sheet.iter_rows()
                if not sheet.row_dimensions[row[0].row].hidden]  # the hidden row of keys is for reading back
        cells = [str(c.value) for row in rows for c in row if c.value is not None]
        cells += [c.comment.text for row in rows for c in row if c.comment]
        shown["private/grades.xlsx"] = "\n".join([*book.sheetnames, book.properties.title or "", *cells])
        shown["private/attendance.pdf"] = json.dumps(attendance.attendance_data(loaded.course, table), ensure_ascii=False)
    return shown


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> list[Path]:
    return course_folders(tmp_path_factory.mktemp("courses"))


@pytest.mark.parametrize("language", CATALOGS)
def test_no_english_label_in_any_output(language, folders, monkeypatch):
    """Each course switched to the language shows no English label in its pages, calendars, handout,
    site frame or notebook pages; together the courses ask for every label of the template."""
    real, asked = i18n.translations(language), set()
    found = {}
    for folder in folders:
        in_language(folder, language)
        course_text = "".join((folder / name).read_text(encoding="utf-8") for name in ("course.yaml", "papers.bib"))
        english = english_labels(language, course_text)
        with monkeypatch.context() as patch:
            patch.setattr(i18n, "translations", lambda _: Recording(real, asked))
            shown = what_readers_see(folder)
        found.update({f"{folder.name}/{name}": parts for name, parts in leaks(shown, english).items()})
    assert found == {}
    # Small counts are words in running text; a course has one number of roles, so not all are asked for.
    # "Paper to be announced" is written into course.yaml by `make new FROM=` (test_new checks it), not by a build.
    assert set(labels(read(TEMPLATE))) - asked - set(i18n.COUNT_WORDS) - {"Paper to be announced"} == set()


def test_an_untranslated_label_shows_as_a_leak(tmp_path, monkeypatch):
    """A label the catalog lacks falls back to English, and the search above finds it (so that test can fail)."""
    real = i18n.translations("fr")

    class Gap(gettext.NullTranslations):
        def gettext(self, message):
            return message if message == "Reading list" else real.gettext(message)

        def ngettext(self, singular, plural, n):
            return real.ngettext(singular, plural, n)

    folder = variant(tmp_path / "french", "french")
    course_text = "".join((folder / name).read_text(encoding="utf-8") for name in ("course.yaml", "papers.bib"))
    english = english_labels("fr", course_text)
    monkeypatch.setattr(i18n, "translations", lambda _: Gap())
    found = leaks(what_readers_see(folder), english)
    assert found == {"papers/index.md": ["Reading list"], "handout.pdf": ["Reading list"]}


def test_an_edited_catalog_counts_at_the_next_build(tmp_path, monkeypatch):
    """The catalogs are compiled when read, so a changed .po needs no compile step, also in a running `serve`."""
    monkeypatch.setattr(languages, "LOCALE_DIR", tmp_path)
    po = languages.catalog("de")
    po.parent.mkdir(parents=True)
    text = (ROOT / "scripts" / "coursesite" / "locale" / "de" / "LC_MESSAGES" / "coursesite.po").read_text(encoding="utf-8")
    po.write_text(text, encoding="utf-8")
    assert i18n.Labels("de")._("Reading list") == "Leseliste"
    po.write_text(text.replace('msgstr "Leseliste"', 'msgstr "Lektüreliste"'), encoding="utf-8")
    os.utime(po, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 1_000_000_000))
    assert i18n.Labels("de")._("Reading list") == "Lektüreliste"
