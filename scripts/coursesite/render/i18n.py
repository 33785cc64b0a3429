"""Labels and date formats for the generated pages, in the course's language.

Labels are gettext messages whose English text is the message id, written where it is used
(`t._("Schedule")` in Python, `_("Schedule")` in templates). Every other language has a catalog,
locale/<language>/LC_MESSAGES/coursesite.po (`course.languages`); `make messages` extracts the ids into
locale/coursesite.pot and merges them into each catalog. Dates and times come from babel (CLDR).
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from collections.abc import Callable
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime, format_interval, format_time, match_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ..course import languages

# Dates and times come from babel (CLDR's patterns for the locale); English pages read day-month-year.
LOCALES = {"en": "en_GB", "de": "de_DE"}
# Skeletons, not patterns: CLDR orders the parts and adds the punctuation each language uses.
SHORT_DATE = {"en": "dMMM", "de": "ddMM"}  # "31 Oct" / "31.10."


def N_(message: str) -> str:
    """Marks a label for `make messages` where it is translated later (gettext's convention)."""
    return message


# Small counts in running text: "Read what the five roles do".
COUNT_WORDS = (N_("zero"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"), N_("seven"),
               N_("eight"), N_("nine"), N_("ten"), N_("eleven"), N_("twelve"))


def translations(language: str) -> gettext.NullTranslations:
    """The language's catalog, compiled in memory from its .po file (English: the ids themselves).

    Compiling here rather than shipping .mo files keeps binaries out of the repository and out of a
    build step: an edited .po counts at the next build (also under `serve`), and no compiled copy can
    fall behind it.
    """
    if language == languages.SOURCE:
        return gettext.NullTranslations()
    path = languages.catalog(language)
    return _compiled(path, path.stat().st_mtime_ns)


@functools.cache
def _compiled(path: Path, version: int) -> gettext.GNUTranslations:
    """`version` (the file's modification time) only keys the cache: a changed file is compiled again."""
    with path.open("rb") as po:
        catalog = read_po(po, locale=path.parents[1].name, domain=languages.DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog)  # leaves out fuzzy entries: a guess shows as English until someone confirms it
    mo.seek(0)
    return gettext.GNUTranslations(mo)


class Labels:
    """Labels and dates in one language: `t._("Schedule")`, `t._("Participant {n}", n=3)`, `t.long_date(day)`."""

    def __init__(self, language: str):
        self.language = language
        self.locale = LOCALES.get(language, language)
        self._catalog = translations(language)

    def _(self, message: str, **values: object) -> str:
        """The label in this language, its `{placeholders}` filled in from `values` (when given)."""
        text = self._catalog.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """A label with a count `{n}`, in the form the language uses for that number."""
        return self._catalog.ngettext(singular, plural, n).format(n=n, **values)

    def count_word(self, n: int) -> str:
        """A small count as a word ("five"), larger ones as digits, as running text writes them."""
        return self._(COUNT_WORDS[n]) if n < len(COUNT_WORDS) else str(n)

    def sessions_count(self, n: int) -> str:
        return self.ngettext("{n} session", "{n} sessions", n)

    def day_name(self, day: dt.date) -> str:
        """Weekday, e.g. "Tuesday" / "Dienstag"."""
        return _formatted(format_date, day, "EEEE", self.locale)

    def long_date(self, day: dt.date) -> str:
        """Long date, e.g. "31 October 2023" / "31. Oktober 2023"."""
        return _formatted(format_date, day, "long", self.locale)

    def short_date(self, day: dt.date) -> str:
        """Short date for table headings, e.g. "31 Oct" / "31.10."."""
        return _formatted(format_datetime, day, _skeleton_pattern(SHORT_DATE.get(self.language, "dMMM"), self.locale), self.locale)

    def clock(self, time: dt.time) -> str:
        """One clock time, e.g. "23:59" / "23:59 Uhr" (a deadline)."""
        return _formatted(format_time, time, "HH:mm", self.locale) + (" Uhr" if self.language == "de" else "")

    def time_range(self, start: dt.time, end: dt.time) -> str:
        """Clock times, e.g. "18:00–19:30" / "18:00–19:30 Uhr" (the loader fills every end)."""
        return _time_range(start, end, self.locale)


# A course names the same few dates and times on every page and for every participant, and babel
# resolves and parses its patterns on each call (a skeleton against all of the locale's, ~0.4 ms):
# each distinct string is formatted once per process.
@functools.cache
def _skeleton_pattern(skeleton: str, locale: str) -> str:
    """The locale's pattern for a skeleton, matched as babel's format_skeleton(fuzzy=True) matches it."""
    skeletons = Locale.parse(locale).datetime_skeletons
    return skeletons[skeleton if skeleton in skeletons else match_skeleton(skeleton, skeletons) or skeleton]


@functools.lru_cache(maxsize=65536)
def _formatted(formatter: Callable[..., str], value: dt.date | dt.time, pattern: str, locale: str) -> str:
    return formatter(value, pattern, locale=locale)


@functools.lru_cache(maxsize=4096)
def _time_range(start: dt.time, end: dt.time, locale: str) -> str:
    return format_interval(start, end, "Hm", locale=locale)
