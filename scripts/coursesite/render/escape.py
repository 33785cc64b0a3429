"""Escaping for the Markdown that the pages are written in.

The rules (the README's "Writing course.yaml" says the same for organizers):

- Plain-text fields (titles, names, rooms, role names and duties, paper titles and authors) are shown
  literally. `text()` escapes every character that Markdown or HTML would interpret: `&`, `<` and `>`
  become entities; the characters \\ ` * _ { } [ ] ( ) ! | ~ ^ = $ # get a backslash (pymdownx.escapeall
  honours a backslash before any character); a `+`, `-` or number with `.`/`)` at the start of the
  text cannot start a list. Whitespace, newlines included, collapses to single spaces, so a value
  never leaves its line, table cell or heading.
- Prose fields (summaries, section bodies, notes, questions, registration text) are Markdown with
  three limits, applied by `prose()` outside code spans and fenced code blocks (code is shown as
  written, which Markdown does by itself):
  1. no raw HTML: `&`, `<`, `>` become entities (a `>` at the start of a line stays a block quote);
  2. no attribute lists or template syntax: `{` and `}` are escaped (attr_list would otherwise
     accept `{: onclick=...}`); a fenced block's info string keeps only a plain language name;
     a backslash before a letter or digit stays visible (`\\alpha`), as in plain Markdown;
  3. links only to http(s), mailto (one plain address: no `?cc=`, `?bcc=` or `?body=`), `#anchors` and
     pages of the site (inline, `<https://...>` autolinks and `[label]: target` definitions alike); any other link is reduced to its label,
     and images are reduced to their text, so no page asks another host for anything. A link to a
     page of the site is written from the site's top folder (`papers/ba2014deep.md`), wherever the
     text is shown: `prose(value, to)` rewrites it for the page it lands on (`site_links` lists them,
     so that the build can check them against the pages the course has).
- Link destinations in templates go through `url()`: unsafe schemes become `#`.
- Text inside HTML that a template writes (attributes, <time>) goes through `html()`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from markupsafe import Markup

from ..sources import addresses

# Backslash escapes that Python-Markdown and pymdownx.escapeall understand.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|~^=$#])")
# Characters that only mean something at the start of a line (lists, numbered lists).
_MD_LINE_START = re.compile(r"^([+\-]|\d+(?=[.)]))")


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


# A link target may contain one level of balanced parentheses, as in Markdown itself.
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(\s+\"[^\"]*\")?\s*\)")
_SAFE_TARGET = re.compile(r"^(https?://|mailto:|#|[A-Za-z0-9_./-]*(\.md|/)?(#[\w-]*)?$)", re.I)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>")
# A definition may sit in a block quote or a list item, and its target may be on the next line.
_DEFINITION = re.compile(r"(?m)^((?:[ \t]*(?:>|[-+*]|\d+[.)])(?=[ \t]))*[ \t]*)\[([^\]\n]+)\]:[ \t]*(?:\n[ \t>]*)?(\S*)")
# Whatever the title looks like ("t", 't', (t)) or however the link is nested: every `](target`.
_ANY_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)")
# Python-Markdown keeps spaces in a target (`mailto:a@b.example ?bcc=c@d.example` is one href), so a mailto
# target is judged whole, up to its `)`, without the optional title.
_MAILTO_TARGET = re.compile(r"\]\(\s*<?(mailto:[^)]*?)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)", re.I)
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
# A code span opens at a backtick run that no backslash escapes (`\\` is an escaped backslash), as in Python-Markdown.
_CODE_SPAN = re.compile(r"(?<![\\`])((?:\\\\)*)(`+)(?!`)(.+?)(?<!`)\2(?!`)", re.S)


def safe_target(target: str) -> bool:
    # `//host` and `/\\host` are other hosts to a browser; a backslash never belongs in a link here.
    if target.startswith("//") or "\\" in target:
        return False
    if target[:7].lower() == "mailto:":
        # One plain address: `?bcc=` or `?body=` would copy every student's mail to someone else, or write it.
        return addresses.mailto_problem(target) is None
    return bool(_SAFE_TARGET.match(target)) and not re.match(r"^\s*(javascript|data|vbscript):", target, re.I)


Rebase = Callable[[str], "str | None"]
"""Where a link to a page of the site (its target as written) leads from the page the prose is shown on,
or None where no relative link can work (the announcement bar, the feed): then the label stays alone."""


def site_target(target: str) -> tuple[str, str] | None:
    """(source path, anchor) of a prose link to a page of the site; None for other links and `#anchor`.

    The served form of an address (`schedule/`, `papers/`) names the page's source (`schedule.md`,
    `papers/index.md`), as the site's own templates do.
    """
    if not safe_target(target) or re.match(r"(?i)(https?://|mailto:|#)", target):
        return None
    path, _, anchor = target.partition("#")
    path = path.removeprefix("./")
    if path in ("", "."):
        return "index.md", anchor
    if path.endswith("/"):
        folder = path.rstrip("/")
        path = f"{folder}/index.md" if folder in ("papers", "participants") else f"{folder}.md"
    return path, anchor


def site_links(value: object) -> list[str]:
    """The targets of the links to pages of the site that `prose` keeps, as written, in order."""
    found: list[str] = []

    def record(target: str) -> str:
        found.append(target)
        return target

    prose(value, record)
    return found


def prose(value: object, to: Rebase | None = None) -> Md:
    """Markdown prose with raw HTML, attribute lists, images and unsafe links disabled (see the module docstring).

    `to` rewrites links to pages of the site for the page the prose is shown on; without it they stay as written.
    """
    parts = []
    for is_code, part in _split_code(str(value).strip().replace("\x00", "")):
        parts.append(part if is_code else _prose_text(part, to))
    return Md("".join(parts))


def _split_code(s: str) -> list[tuple[bool, str]]:
    """Markdown cut into (is_code, text) pieces: fenced code blocks and inline code spans are code."""
    pieces: list[tuple[bool, str]] = []
    lines = s.split("\n")
    prose_lines: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m or (m[2][0] == "`" and "`" in m[3]):
            prose_lines.append(lines[i])
            i += 1
            continue
        pieces += _split_indented("\n".join(prose_lines) + "\n" if prose_lines else "")
        prose_lines = []
        indent, fence = m[1], m[2]
        language = re.match(r"\s*([\w+#.-]*)", m[3])[1]  # type: ignore[index]  # [\w...]* always matches  # no `{attributes}` after the language
        block = [f"{indent}{fence}{language}"]
        i += 1
        while i < len(lines) and not re.fullmatch(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*", lines[i]):
            block.append(lines[i])
            i += 1
        block.append(f"{indent}{fence}")  # an unclosed fence runs to the end, as in Markdown
        i += 1
        pieces.append((True, "\n".join(block) + ("\n" if i < len(lines) else "")))
    pieces += _split_indented("\n".join(prose_lines))
    return pieces


_LIST_ITEM = re.compile(r" {0,3}([*+-]|\d+\.)[ \t]")


def _split_indented(s: str) -> list[tuple[bool, str]]:
    """Prose cut into pieces around indented code blocks, which Markdown shows as written (escaping them
    here too would show `&lt;b&gt;`). As in Python-Markdown, a block of lines (between blank lines) that
    starts indented by four spaces or a tab is code, unless it follows a list, whose item it continues."""
    pieces: list[tuple[bool, str]] = []
    in_list = False
    code = False
    start = True  # at the first line of a block
    for line in s.splitlines(keepends=True):
        if not line.strip():
            start = True
        elif start:
            start = False
            if line.startswith(("    ", "\t")):
                code = not in_list
            else:
                code = False
                in_list = bool(_LIST_ITEM.match(line))
        if pieces and pieces[-1][0] == code:
            pieces[-1] = (code, pieces[-1][1] + line)
        else:
            pieces.append((code, line))
    return [piece for is_code, text in pieces
            for piece in ([(True, text)] if is_code else _split_spans(text))]


def _split_spans(s: str) -> list[tuple[bool, str]]:
    pieces, at = [], 0
    for m in _CODE_SPAN.finditer(s):
        code = m.start(2)  # escaped backslashes before the span stay prose
        pieces += [(False, s[at:code]), (True, s[code:m.end()])]
        at = m.end()
    return pieces + [(False, s[at:])]


def _rebased(target: str, to: Rebase | None) -> str | None:
    """The link's target for this page, or None to show the label alone."""
    return target if to is None or site_target(target) is None else to(target)


def _prose_text(s: str, to: Rebase | None) -> str:
    autolinks: list[str] = []

    def keep_autolink(m: re.Match) -> str:
        if not safe_target(m.group(1)):
            return text(m.group(1))
        autolinks.append(m.group(1))
        return f"\x00{len(autolinks) - 1}\x00"

    s = _AUTOLINK.sub(keep_autolink, s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A `>` at the start of a line is a block quote in Markdown; keep that meaning.
    s = re.sub(r"(?m)^(\s{0,3})&gt;", r"\1>", s)
    s = s.replace("{", "\\{").replace("}", "\\}")
    # pymdownx.escapeall would swallow the backslash of `\alpha` or `C:\temp`; only punctuation is escaped.
    s = re.sub(r"\\(?=[^\W_])", r"\\\\", s)

    def check_link(m: re.Match) -> str:
        bang, label, target = m.group(1), m.group(2), m.group(3)
        if bang or not safe_target(target):
            return text(label)
        new = _rebased(target, to)
        if new is None:
            return label
        whole = m.group(0)
        return whole if new == target else whole[:m.start(3) - m.start(0)] + new + whole[m.end(3) - m.start(0):]

    s = _LINK.sub(check_link, s)
    s = _ANY_TARGET.sub(lambda m: m.group(0) if safe_target(m.group(1)) else "]\\(" + m.group(0)[2:], s)
    s = _MAILTO_TARGET.sub(lambda m: m.group(0) if safe_target(m.group(1)) else "]\\(" + m.group(0)[2:], s)
    s = s.replace("![", "!\\[")  # reference-style images: shown as text, never loaded

    def check_definition(m: re.Match) -> str:
        # An escaped `[` is not a link definition: the line shows as text.
        if not safe_target(m.group(3)):
            return m.group(1) + "\\" + m.group(0)[len(m.group(1)):]
        new = _rebased(m.group(3), to)
        if new is None:  # nowhere to lead: the references to it show their labels
            return m.group(1) + "\\" + m.group(0)[len(m.group(1)):]
        return m.group(0)[:m.start(3) - m.start(0)] + new + m.group(0)[m.end(3) - m.start(0):]

    s = _DEFINITION.sub(check_definition, s)
    return re.sub(r"\x00(\d+)\x00", lambda m: f"<{autolinks[int(m.group(1))]}>", s)


def inline_prose(value: object, to: Rebase | None = None) -> Md:
    """Prose inside one line (list items, table cells): newlines become spaces.

    They do so before the rules apply, so that no block (an indented code block, left as written) is
    taken apart into text that is no longer code."""
    return prose(" ".join(str(value).split()), to)


def url(value: object) -> Md:
    """A link destination; unsafe schemes become a harmless anchor."""
    s = str(value).strip()
    if not safe_target(s):
        return Md("#")
    return Md("<" + s.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">")


def html(value: object) -> Markup:
    """Escape for places where the template writes HTML (attributes, raw blocks)."""
    return Markup.escape(str(value))


# Each as a character reference ("|" -> "&#124;").
_MD_IN_ATTRIBUTE = {ord(c): f"&#{ord(c)};" for c in "|`\\*_[]{}()!#~^=$&<>\"'"}


def attribute(value: object) -> Markup:
    """An HTML attribute value that Markdown around it cannot split or reinterpret.

    Raw HTML in a Markdown table cell is still split at a `|`, and backslashes and backticks in
    it still count for Markdown; as character references they are plain characters to both.
    """
    return Markup(str(value).translate(_MD_IN_ATTRIBUTE))


def css_string(value: object) -> Markup:
    """A quoted CSS string (for `content:`) that nothing in the value can end or break out of.

    Every character but letters, digits and spaces becomes a hex escape, so quotes, backslashes,
    `</style>` and line breaks are all inert.
    """
    body = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in str(value))
    return Markup(f'"{body}"')
