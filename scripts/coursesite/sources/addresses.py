"""What counts as a web or e-mail address in course.yaml and papers.bib.

Addresses end up inside HTML attributes, Markdown link targets, calendar URL properties and the
handout's QR code. The templates escape them for each of those places too; refusing the characters
that mean something there (quotes, spaces, angle brackets, backslashes, control characters) at
load time keeps every output's escaping a second line of defence rather than the only one, and
gives the organizer a message instead of a silently mangled link.
"""

from __future__ import annotations

import re
import unicodedata

# Characters never needed in an address people paste: they end attributes, Markdown links or lines.
_REFUSED = {'"': "a double quote", "'": "a single quote", "<": "a '<'", ">": "a '>'", "\\": "a backslash",
            "`": "a backtick", "{": "a '{'", "}": "a '}'", "|": "a '|'", "^": "a '^'"}
MAX_LENGTH = 500
"""Longer addresses do not fit the handout's QR code, and no one types them."""
_HOST = r"[^\s/?#@:\[\]]+"
_WEB = re.compile(rf"https?://(?:[^\s/?#@]+@)?{_HOST}(?::\d{{1,5}})?(?:[/?#]\S*)?", re.I)
_NOT = "\\s\"'<>\\\\`{}|^"  # the refused characters, for the JSON Schema's patterns
_WEB_BODY = rf"https?://[^{_NOT}/?#@]+(:[0-9]{{1,5}})?([/?#][^{_NOT}]*)?"
# An e-mail address is name@host.domain and nothing more: no `?cc=`, `?bcc=` or `?body=` part (which would
# add a recipient or text to every mail), no second address, no comment. Letters beyond ASCII are allowed
# (internationalized addresses); the loader refuses control characters in them separately.
_LETTER = "A-Za-z0-9\\u00a1-\\uffff"
_LOCAL = rf"[{_LETTER}_+-]+(\.[{_LETTER}_+-]+)*"
_LABEL = rf"[{_LETTER}]([{_LETTER}-]*[{_LETTER}])?"
_EMAIL_BODY = rf"{_LOCAL}@{_LABEL}(\.{_LABEL})+"
# The same classes for the loader's own regex, written as what they leave out (by the characters they add to
# _LETTER): Python's re compiles a range across the Basic Multilingual Plane one character at a time, 17 ms for
# the five classes of _EMAIL_BODY in every process that loads a course, and this form at once. The JSON Schema
# keeps the readable one; tests/test_addresses.py checks every code point against both.
_NOT_LETTER = {
    "": r"\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\xa0\U00010000-\U0010ffff",
    "-": r"\x00-\x2c\x2e-\x2f\x3a-\x40\x5b-\x60\x7b-\xa0\U00010000-\U0010ffff",
    "_+-": r"\x00-\x2a\x2c\x2e-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\xa0\U00010000-\U0010ffff",
}
_LOCAL_CHAR, _LABEL_END, _LABEL_CHAR = (f"[^{_NOT_LETTER[extra]}]" for extra in ("_+-", "", "-"))
_LABEL_FAST = rf"{_LABEL_END}({_LABEL_CHAR}*{_LABEL_END})?"
_EMAIL = re.compile(rf"{_LOCAL_CHAR}+(\.{_LOCAL_CHAR}+)*@{_LABEL_FAST}(\.{_LABEL_FAST})+")
WEB_PATTERN = rf"^{_WEB_BODY}$"
"""The JSON Schema's pattern for a web address (the loader's check also refuses control characters)."""
ADDRESS_PATTERN = rf"^({_WEB_BODY}|mailto:{_EMAIL_BODY})$"
EMAIL_PATTERN = rf"^{_EMAIL_BODY}$"


def _bad_character(value: str) -> str | None:
    for ch in value:
        if ch in _REFUSED:
            return _REFUSED[ch]
        if ch.isspace():
            return "a space or line break"
        if unicodedata.category(ch)[0] == "C":
            return f"the invisible control character U+{ord(ch):04X}"
    return None


def web_problem(value: str) -> str | None:
    """Why `value` is not an http(s) address to publish, or None when it is one."""
    bad = _bad_character(value)
    if bad:
        return f"contains {bad}"
    if len(value) > MAX_LENGTH:
        return f"is longer than {MAX_LENGTH} characters"
    if not _WEB.fullmatch(value):
        return "is not a web address starting with https:// or http://"
    return None


# What LaTeX without the url package needs escaped, and so what BibTeX files escape in addresses too (`a\_b`).
_LATEX_ESCAPE = re.compile(r"\\([_%&#~$])")
# What a browser percent-encodes itself when it requests such an address (and `'`, which it leaves in a path but
# which ends an attribute), so the address means the same; the rest of _REFUSED has no such reading and stays out.
_ENCODED = {" ": None, '"': "%22", "'": "%27", "<": "%3C", ">": "%3E", "`": "%60", "|": "%7C", "^": "%5E"}


def from_bibtex(value: str) -> str:
    """A BibTeX url field as the address it names: LaTeX's escapes and grouping braces taken out
    (`{https://a.org/x\\_y}` names https://a.org/x_y) and quotes, angle brackets, backticks, `|` and `^`
    percent-encoded. A space stays (and is refused): it may be a line break an export put into a long address."""
    value = _LATEX_ESCAPE.sub(r"\1", value).replace("{", "").replace("}", "")
    return "".join(_ENCODED.get(ch) or ch for ch in value)


def web_fix(problem: str) -> str:
    """What to do about an address that `web_problem` refused with `problem`."""
    if "space" in problem:
        return "join an address that was broken across lines, or write %20 for a space"
    if "backslash" in problem:
        return "write the address without backslashes"
    if problem.startswith("is longer"):
        return "link a shorter address for the same page (its DOI, for example)"
    return "write a full address starting with https://"


def email_problem(value: str) -> str | None:
    """Why `value` is not a plain e-mail address (name@host.domain), or None."""
    bad = _bad_character(value)
    if bad:
        return f"contains {bad}"
    if "?" in value or "&" in value:
        return ("has a `?` or `&` part after the address, which could add hidden recipients (bcc) or text "
                "to every mail sent through the link")
    return None if _EMAIL.fullmatch(value) else "is not an e-mail address (name@host.domain)"


def address_problem(value: str) -> str | None:
    """An http(s) address or a `mailto:` link with one plain e-mail address (registration and home-page fields)."""
    if value[:7].lower() == "mailto:":
        problem = email_problem(value[7:])
        if problem is None or problem.startswith(("contains", "has")):
            return problem
        return "is a mailto: link that is not to an e-mail address (name@host.domain)"
    problem = web_problem(value)
    return "is not a web address (https://...) or a mailto: link" if problem and problem.startswith("is not") else problem


def mailto_problem(target: str) -> str | None:
    """Why a link target that starts with `mailto:` is not a plain one (a link in prose), or None."""
    return email_problem(target[7:])
