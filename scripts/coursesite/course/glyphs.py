"""Text the handout cannot print: characters that none of Typst's bundled fonts has.

The handout is typeset with `ignore_system_fonts=True` (equal bytes on every machine), so only the fonts
inside the `typst` wheel exist: Libertinus Serif, New Computer Modern (+ Math) and DejaVu Sans Mono,
all Latin/Greek/Cyrillic. Typst falls back through all of them and prints a box for a character none
has, without a warning. The typst binding lists those fonts but not what they cover, and they have no
file of their own: they are compiled into the extension module. So the fonts are read from there
(an sfnt table directory is easy to recognise) and fontTools answers which characters they map.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import re
import struct
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typst

from .. import cache
from ..errors import Problems, entry_label
from ..model import Course
from ..sources.yamlsource import Located

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# What every bundled font has (test_pdf checks it against the fonts): text made only of these is
# printable without reading the fonts, which takes about a second.
_SURE_RANGES = ((0x20, 0x7F), (0xA0, 0x250), (0x2010, 0x2027))
SURE = frozenset().union(*(range(start, end) for start, end in _SURE_RANGES))
# Text made only of SURE characters and spaces (re's \s is str.isspace), tested in one pass of the regex engine
# instead of a Python test per character (for the seed, several thousand characters each load).
_ALL_SURE = re.compile("[\\s" + "".join(f"{chr(start)}-{chr(end - 1)}" for start, end in _SURE_RANGES) + "]*")
_SFNT = (b"OTTO\x00", b"\x00\x01\x00\x00\x00")
"""How a font's table directory starts (CFF or TrueType outlines, fewer than 256 tables), followed by a byte of
8 to 48 (the number of tables)."""
_TAG = re.compile(rb"[A-Za-z0-9/ ]{4}")


def _font_end(data: bytes, at: int) -> int | None:
    """The length of the font whose table directory starts at `at`, or None if there is none there."""
    count = struct.unpack_from(">H", data, at + 4)[0]
    tags, end = [], 0
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, at + 12 + 16 * i)
        if not _TAG.fullmatch(tag) or at + offset + length > len(data):
            return None
        tags.append(tag)
        end = max(end, offset + length)
    return end if tags == sorted(tags) and b"cmap" in tags and b"name" in tags else None


def _directories(data: bytes) -> list[int]:
    """Where a table directory may start, in order, each six bytes clear of the one before."""
    # bytes.find instead of a regular expression over the 80 MB module: 0.6 -> 0.1 s of CPU, the same places.
    found = []
    for start in _SFNT:
        at = data.find(start)
        while at >= 0:
            if at + 5 < len(data) and 0x08 <= data[at + 5] <= 0x30:
                found.append(at)
            at = data.find(start, at + 1)
    places: list[int] = []
    for at in sorted(found):
        if not places or at >= places[-1] + 6:
            places.append(at)
    return places


def bundled_fonts() -> Iterator[TTFont]:
    """Every font compiled into the typst extension module."""
    # Imported here: only text outside `SURE` has the fonts read, and importing fontTools cost every build 0.03 s.
    from fontTools.ttLib import TTFont

    for module in Path(typst.__file__).parent.glob("_typst*"):
        data = module.read_bytes()
        for start in _directories(data):
            end = _font_end(data, start)
            if end is not None:
                yield TTFont(io.BytesIO(data[start:start + end]), lazy=True)


@functools.cache
def coverage() -> frozenset[int]:
    """The code points at least one bundled font maps to a glyph (Typst's fallback tries them all).

    Reading the fonts costs ~0.5 s of CPU, in every process that meets text outside `SURE` (each `check`, build
    and `serve` of such a course), so the answer is kept in this user's private temp folder, named by the typst
    module it was read from (name, size and time: a new typst is read again)."""
    entry = _kept_coverage()
    if entry is not None:
        with contextlib.suppress(OSError, ValueError):
            kept = json.loads(entry.read_bytes())
            if isinstance(kept, list) and all(type(c) is int for c in kept):
                return frozenset(kept)
    found = frozenset().union(*(font.getBestCmap() for font in bundled_fonts()))
    if entry is not None:
        with contextlib.suppress(OSError):  # not kept: the next process reads the fonts again
            cache.whole(entry, json.dumps(sorted(found)).encode())  # whole, for a process that reads it meanwhile
    return found


def _kept_coverage() -> Path | None:
    """Where `coverage` is kept for the typst module installed now; None where this user has no private folder."""
    private = cache.private_folder()
    if private is None:
        return None
    try:
        modules = [(m.name, (s := m.stat()).st_size, s.st_mtime_ns) for m in Path(typst.__file__).parent.glob("_typst*")]
    except OSError:
        return None
    key = hashlib.sha256(json.dumps(sorted(modules)).encode()).hexdigest()[:16]
    return private / f"coursesite-glyphs-{key}.json"


def _printed(c: str) -> bool:
    """Whether the character is drawn at all: spaces, controls, joiners and variation selectors are not."""
    return not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp")
                or 0xFE00 <= ord(c) <= 0xFE0F or 0xE0100 <= ord(c) <= 0xE01EF)


def missing(text: str) -> list[str]:
    """The characters of `text` the handout prints as boxes, each once, in order of appearance."""
    if _ALL_SURE.fullmatch(text):
        return []
    return list(dict.fromkeys(c for c in text if _printed(c) and ord(c) not in coverage()))


def message(chars: list[str]) -> tuple[str, str]:
    """The warning and its consequence for a field with these unprintable characters."""
    more = len(chars) - 1
    rest = f" (and {more} more character{'s' if more > 1 else ''})" if more else ""
    return (f"the handout's fonts have no glyph for '{chars[0]}'{rest}",
            f"{'they print as boxes' if more else 'it prints as a box'} in handout.pdf; the web pages show {'them' if more else 'it'}")


# The course.yaml fields the handout prints ("*": every item of a list). The rest (sections, questions,
# notebooks) is on the web pages only.
HANDOUT_FIELDS = (
    ("title",), ("topic",), ("semester",), ("institution",), ("audience",), ("address",), ("summary",),
    ("organizational_meeting", "room"), ("organizational_meeting", "note"),
    ("sessions", "*", "title"), ("sessions", "*", "room"), ("sessions", "*", "note"),
    ("sessions", "*", "deadlines", "*", "what"),
    ("roles", "*", "name"), ("roles", "*", "summary"), ("roles", "*", "due", "what"),
    ("organizers", "*", "name"), ("organizers", "*", "email"),
)


def _values(data: object, pattern: tuple, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if not pattern:
        if isinstance(data, str):
            yield path, data
    elif pattern[0] == "*" and isinstance(data, list):
        for i, item in enumerate(data):
            yield from _values(item, pattern[1:], path + (i,))
    elif isinstance(data, dict) and pattern[0] in data:
        yield from _values(data[pattern[0]], pattern[1:], path + (pattern[0],))


def check(course: Course, doc: Located, bib_file: str, problems: Problems) -> None:
    """Warn, field by field, about text of course.yaml and papers.bib that the handout prints as boxes."""
    for pattern in HANDOUT_FIELDS:
        for path, text in _values(doc.data, pattern):
            if chars := missing(text):
                warning, fix = message(chars)
                problems.warn(doc.file, doc.line(path), warning, path=path, fix=fix)
    for paper in course.session_papers() + course.other_papers():
        people = "; ".join(a.full for a in paper.authors)
        for field, text in (("title", paper.title), ("editor" if paper.edited else "author", people),
                            ("journal or booktitle", paper.venue), ("publisher", paper.publisher),
                            ("note", paper.note)):
            if chars := missing(text):
                warning, fix = message(chars)
                problems.warn(bib_file, paper.line, warning, path=entry_label(paper.key, field), fix=fix)
