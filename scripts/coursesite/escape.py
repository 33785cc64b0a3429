"""Escaping for the Markdown that the pages are written in.

Plain-text fields (names, titles, rooms) are shown literally: every character
that Markdown or HTML would interpret is escaped. Prose fields may use Markdown,
but raw HTML is shown as text and links may only point to http(s), mailto or
pages of the site, so course.yaml cannot inject scripts into the site.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

# Backslash escapes that Python-Markdown and pymdownx.escapeall understand.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|~^=$])")
# Characters that only mean something at the start of a line (headings, lists, numbered lists).
_MD_LINE_START = re.compile(r"^([#+\-]|\d+(?=[.)]))")


class Md(str):
    """Markdown that is already safe to emit as it is."""


def text(value: object) -> Md:
    """Plain text as inline Markdown that renders literally."""
    if isinstance(value, Md):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Md(value)  # participant and session numbers: nothing to escape, and very many of them
    return _text(str(value))


@functools.lru_cache(maxsize=4096)
def _text(s: str) -> Md:
    s = " ".join(s.split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    # "12. x" must not start a numbered list: escape the dot after the digits.
    return Md(_MD_LINE_START.sub(lambda m: m[1] + "\\" if m[1][0].isdigit() else "\\" + m[1], s))


def cell(value: object) -> Md:
    """Plain text for a table cell (escape.text already escapes the pipe)."""
    return text(value)


_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(\s+\"[^\"]*\")?\s*\)")
_SAFE_TARGET = re.compile(r"^(https?://|mailto:|#|[A-Za-z0-9_./-]*(\.md|/)?(#[\w-]*)?$)", re.I)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>")


def safe_target(target: str) -> bool:
    return bool(_SAFE_TARGET.match(target)) and not re.match(r"^\s*(javascript|data|vbscript):", target, re.I)


def prose(value: object) -> Md:
    """Markdown prose with raw HTML disabled and unsafe links reduced to their text."""
    s = str(value).strip()
    autolinks: list[str] = []

    def keep_autolink(m: re.Match) -> str:
        autolinks.append(m.group(1))
        return f"\x00{len(autolinks) - 1}\x00"

    s = _AUTOLINK.sub(keep_autolink, s.replace("\x00", ""))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A `>` at the start of a line is a block quote in Markdown; keep that meaning.
    s = re.sub(r"(?m)^(\s{0,3})&gt;", r"\1>", s)

    def check_link(m: re.Match) -> str:
        bang, label, target = m.group(1), m.group(2), m.group(3)
        if bang or not safe_target(target):
            return text(label)
        return m.group(0)

    s = _LINK.sub(check_link, s)
    s = re.sub(r"\x00(\d+)\x00", lambda m: f"<{autolinks[int(m.group(1))]}>", s)
    # Template-like markup is only text; no later stage evaluates it, but keep it visibly literal.
    return Md(s)


def inline_prose(value: object) -> Md:
    """Prose inside one line (list items, table cells): newlines become spaces."""
    return Md(" ".join(prose(value).split()))


def url(value: object) -> Md:
    """A link destination; unsafe schemes become a harmless anchor."""
    s = str(value).strip()
    if not safe_target(s):
        return Md("#")
    return Md("<" + s.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">")


def html(value: object) -> Markup:
    """Escape for places where the template writes HTML (attributes, raw blocks)."""
    return Markup.escape(str(value))
