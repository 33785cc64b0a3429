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
_EMAIL = re.compile(r"[^\s@/:;,()\[\]]+@[^\s@/:;,()\[\]]+\.[^\s@/:;,()\[\].]+")

_NOT = "\\s\"'<>\\\\`{}|^"  # the refused characters, for the JSON Schema's patterns
_WEB_BODY = rf"https?://[^{_NOT}/?#@]+(:[0-9]{{1,5}})?([/?#][^{_NOT}]*)?"
_EMAIL_BODY = rf"[^{_NOT}@/:;,()\[\]]+@[^{_NOT}@/:;,()\[\]]+\.[^{_NOT}@/:;,()\[\].]+"
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


def email_problem(value: str) -> str | None:
    """Why `value` is not a plain e-mail address (name@host.tld), or None."""
    bad = _bad_character(value)
    if bad:
        return f"contains {bad}"
    return None if _EMAIL.fullmatch(value) else "is not an e-mail address (name@host.domain)"


def address_problem(value: str) -> str | None:
    """An http(s) address or a `mailto:` link (registration and home-page fields)."""
    if value[:7].lower() == "mailto:":
        bad = _bad_character(value)
        if bad:
            return f"contains {bad}"
        problem = email_problem(value[7:].split("?", 1)[0])
        return None if problem is None else "is a mailto: link that " + problem.replace("is not", "is not to")
    problem = web_problem(value)
    return "is not a web address (https://...) or a mailto: link" if problem and problem.startswith("is not") else problem
