"""The labels' catalogs as the tests read them, and the search for English labels left in what readers see."""

from __future__ import annotations

import re
import string
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from coursesite.course import languages
from coursesite.render import i18n

TEMPLATE = languages.LOCALE_DIR / f"{languages.DOMAIN}.pot"
"""locale/coursesite.pot: every label of the code, as `make messages` extracts them."""


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=language)


def labels(catalog: Catalog) -> dict[str | tuple[str, ...], Message]:
    """Message id (a plural's as (singular, plural)) -> message, without the header."""
    return {message.id: message for message in catalog if message.id}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def english_labels(language: str, course_text: str) -> set[str]:
    """The English labels' words (the parts between placeholders) that must not show in `language`: those it
    translates differently, that none of its translations contains and that the course's own text does not use."""
    translations = i18n.translations(language)
    english, own = set(), set()
    for key in labels(read(TEMPLATE)):
        for label in key if isinstance(key, tuple) else (key,):
            translated = translations.gettext(label) if isinstance(key, str) else translations.ngettext(*key, 2)
            own.add(translated)
            if translated != label:  # else the same word in both languages ("PDF", "Date")
                english.update(part.strip(" :;,.()") for part in re.split(r"\{\w+\}", label))
    return {part for part in english
            if len(part) >= 3 and part not in course_text and not any(part in text for text in own)}


def leaks(shown: dict[str, str], english: set[str]) -> dict[str, list[str]]:
    """Output -> the English labels found in its text (as whole words)."""
    found = {}
    for name, text in shown.items():
        # The plain substring test first: it rules out nearly every label at C speed (the word-boundary search
        # alone, for ~130 labels over every output of every course, was most of test_languages' time).
        parts = sorted(part for part in english
                       if part in text and re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text))
        if parts:
            found[name] = parts
    return found


def site_pages(folder: Path) -> dict[str, str]:
    """The visible text of every page of a built site, with its attributes' text (titles, labels, the sentences
    the scripts show), except the organizer guide and its messages page (English on purpose) and the notebooks' own prose."""
    shown = {}
    for html in sorted(folder.rglob("*.html")):
        page = html.relative_to(folder).as_posix()
        if page.startswith(("guide/", "messages/")) or "notebooks" in html.relative_to(folder).parts:
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for code in soup.select("pre, code, script, style"):
            code.decompose()
        said = [value for tag in soup.find_all(True) for name, value in tag.attrs.items()
                if name in ("title", "aria-label", "placeholder", "alt") or name.startswith("data-")]
        shown[page] = " ".join((soup.get_text(" ") + " " + " ".join(map(str, said))).split())
    return shown
