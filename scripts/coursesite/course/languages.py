"""The languages a course may be written in: English, the labels' source, and each language with a catalog.

A catalog is gettext's `locale/<language>/LC_MESSAGES/coursesite.po` inside the package (README:
"Adding a language"); `render.i18n` reads it, the loader accepts `language:` only where one exists, and
the JSON Schema lists them.
"""

from __future__ import annotations

from pathlib import Path

LOCALE_DIR = Path(__file__).parents[1] / "locale"
DOMAIN = "coursesite"
SOURCE = "en"
"""The labels are written in English in the code and templates: English needs no catalog."""


def catalog(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> tuple[str, ...]:
    """Every language a course may choose, sorted: English and each one with a catalog."""
    # Read each time rather than once: a contributor's new catalog counts at the next `check` or rebuild.
    found = {p.parents[1].name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted(found | {SOURCE}))
