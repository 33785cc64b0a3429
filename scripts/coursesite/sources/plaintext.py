"""The one rule for text from the organizers' files, applied where each file is read.

Every value of course.yaml and papers.bib ends up in several outputs at once: HTML text and
attributes, the page title, calendar lines (RFC 5545), the Atom feed (XML 1.0), the handout (Typst,
UTF-8). Each of them refuses some characters or lets them do harm, so they are refused once, at load,
with the field's line, instead of failing an exporter later or reaching a reader:

- control characters (C0 except tab and line feed, DEL, C1) and non-characters such as U+FFFE: XML
  and iCalendar forbid them, and no one types them on purpose (they come with text pasted from PDFs);
- unpaired surrogates (a YAML escape `"\\ud800"`): not text at all, UTF-8 cannot encode them;
- Unicode's explicit direction controls (embeddings, overrides, isolates, marks): invisible, and one
  left open reverses the text after it, such as the venue after an author's name ("Trojan source").
  Right-to-left names and titles display correctly without them, so they are refused rather than
  isolated in every output;
- a line break in a field that is shown on one line (titles, names, rooms).
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Arabic letter mark, LRM, RLM, the embeddings and overrides (LRE..RLO, PDF) and the isolates (LRI..PDI)."""
ALLOWED_CONTROLS = frozenset("\t\n")


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


# Every character the loop below may refuse but the line break, so that text without any, nearly all text, is
# passed at regex speed instead of a Python step per character (a third of a course's load). The set: C0 but
# tab and line feed, DEL..C1 (category Cc), the direction controls, surrogates, the non-characters of every plane.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "\ud800-\udfff\ufdd0-\ufdef"
                      + "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)) + "]")


def problem(text: str, one_line: bool) -> tuple[str, str] | None:
    """(what is wrong, what to do) about the first character `text` may not have, or None.

    `one_line`: the field is shown on one line, so a line break is refused too.
    """
    if not _SUSPECT.search(text) and not (one_line and "\n" in text):
        return None
    for ch in text:
        code = ord(ch)
        if ch == "\n":
            if one_line:
                return ("contains a line break, but is shown on one line",
                        "write the text on one line (only Markdown fields such as summary may have several)")
            continue
        if ch in ALLOWED_CONTROLS:
            continue
        if ch in BIDI_CONTROLS:
            name = unicodedata.name(ch, "direction control")
            return (f"contains the invisible direction control U+{code:04X} ({name}), which can reverse the text "
                    "around it on the pages, in calendars and in the handout",
                    "delete it: right-to-left names and titles are shown correctly without it")
        if 0xD800 <= code <= 0xDFFF:
            return (f"contains U+{code:04X}, half of a character (an unpaired surrogate)",
                    "write the character itself instead of a `\\u` escape (or use `\\U` with all eight digits)")
        if unicodedata.category(ch) == "Cc" or _is_noncharacter(code):
            return (f"contains the invisible control character U+{code:04X}",
                    "delete it (it often comes with text pasted from a PDF), or retype the text around it")
    return None


def lines_with_problems(text: str) -> list[tuple[int, str, str]]:
    """(line, what is wrong, what to do) for each line of a whole file that has a refused character."""
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        bad = problem(line.removesuffix("\r"), one_line=False)
        if bad:
            found.append((number, f"the line {bad[0]}", bad[1]))
    return found
