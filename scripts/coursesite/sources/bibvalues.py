"""BibTeX field values read as BibTeX reads them, then turned into Unicode text and names.

bibtexparser splits papers.bib into entries and fields but leaves a value as written:
`"Part one" # nips` stays raw, and a `\\"` inside quotes is taken for an escape although
BibTeX ends the value there. `evaluate` follows BibTeX (@string macros, `#`, the month
abbreviations); `text` and `names` decode LaTeX. Each raises `Unreadable` with what is
wrong and what to do, which bib.py reports at the field.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping

import pylatexenc.latex2text
import pylatexenc.latexwalker
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.macrospec import MacroSpec

from ..model import Author

# BibTeX's standard styles predefine these; dblp writes `month = mar`.
MONTHS = {name[:3].lower(): name for name in calendar.month_name[1:]}
_NAME = re.compile(r"[A-Za-z_][\w.:+/'-]*")



def _link_text(node: object, l2tobj: LatexNodes2Text) -> str:
    """`\\href{address}{text}` as `text (address)`: fields are plain text, so the address is written out."""
    args = getattr(getattr(node, "nodeargd", None), "argnlist", None) or []
    address, label = (l2tobj.nodelist_to_text([a]).strip() if a is not None else "" for a in (list(args) + [None, None])[:2])
    return f"{label} ({address})" if label and address and label != address else label or address


_parsing = pylatexenc.latexwalker.get_default_latex_context_db()
_parsing.add_context_category("coursesite", prepend=True, macros=[MacroSpec("href", "{{")])
_context = pylatexenc.latex2text.get_default_latex_context_db()
_context.add_context_category("coursesite", prepend=True, macros=[
    MacroTextSpec("url", simplify_repl="%s"),  # the address itself, not pylatexenc's `<address>`
    MacroTextSpec("href", simplify_repl=_link_text),
])
_decoder = LatexNodes2Text(latex_context=_context, math_mode="verbatim")


class Unreadable(Exception):
    def __init__(self, what: str, fix: str):
        super().__init__(what)
        self.what, self.fix = what, fix


def evaluate(raw: str, macros: Mapping[str, str]) -> str:
    """The value of `raw` (as written after `=`), with macros (lower-case names) replaced and parts joined."""
    out = []
    for part in _parts(raw):
        if part.startswith("{") and part.endswith("}"):
            out.append(part[1:-1])
        elif part.startswith('"') and part.endswith('"') and len(part) > 1:
            inner = part[1:-1]
            if _top_level(inner, '"'):
                raise Unreadable(
                    'has a `"` inside a "..." value, where BibTeX ends the value',
                    fix='write {\\"u} for ü and {"} for a quotation mark, or put the value in braces { } instead of quotes')
            out.append(inner)
        elif part.isdigit():
            out.append(part)
        elif _NAME.fullmatch(part):
            value = macros.get(part.lower(), MONTHS.get(part.lower()))
            if value is None:
                raise Unreadable(f"uses `{part}`, which no @string defines",
                                 fix=f"add @string{{{part} = {{...}}}} before the entry, or put the value in braces {{ }}")
            out.append(value)
        else:
            raise Unreadable(f"cannot be read: `{part[:40]}`",
                             fix='put the value in braces { }, and join parts with # only between "..." or {...}')
    return "".join(out)


def _parts(raw: str) -> list[str]:
    """The parts of a value that `#` joins, outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, c in enumerate(raw):
        if c == "\\":
            continue
        if c == "{" and (i == 0 or raw[i - 1] != "\\"):
            depth += 1
        elif c == "}" and (i == 0 or raw[i - 1] != "\\"):
            depth -= 1
        elif c == '"' and depth == 0:
            quoted = not quoted
        elif c == "#" and depth == 0 and not quoted:
            parts.append(raw[start:i].strip())
            start = i + 1
    parts.append(raw[start:].strip())
    return parts


def _top_level(text: str, char: str) -> bool:
    """Whether `char` occurs outside braces (a backslash does not hide it from BibTeX)."""
    depth = 0
    for c in text:
        depth += (c == "{") - (c == "}")
        if c == char and depth == 0:
            return True
    return False


def text(value: str) -> str:
    """Unicode text of a value; plain values skip pylatexenc, which takes most of the loading time."""
    if not any(c in value for c in "\\{}~$`") and "--" not in value and "''" not in value:
        return " ".join(value.split())
    if re.fullmatch(r"\s*https?://\S+\s*", value):
        return value.strip()  # an address stays as written (a `~` in it is not a space)
    # To BibTeX `%` is text; to LaTeX it starts a comment that would hide the rest of the line.
    value = re.sub(r"(?<!\\)%", r"\\%", value)
    try:
        walker = pylatexenc.latexwalker.LatexWalker(value, latex_context=_parsing, tolerant_parsing=False)
        decoded = _decoder.nodelist_to_text(walker.get_latex_nodes()[0])
    except Exception:  # pylatexenc's messages name its parser's states, not the organizer's mistake
        if len(re.findall(r"(?<!\\)\$", value)) % 2:
            raise Unreadable("has a `$` without its closing `$`", fix="close the formula, or write \\$ for a dollar sign") from None
        raise Unreadable("has LaTeX that cannot be read (a \\command without its {...}, or \\begin without \\end)",
                         fix="write the value as plain text, or give each \\command its {...}") from None
    return " ".join(decoded.split())


def names(value: str) -> tuple[Author, ...]:
    """The people of an author or editor value, split as BibTeX does before their LaTeX is decoded."""
    people = []
    for name in split_multiple_persons_names(value):
        try:
            parts = parse_single_name_into_parts(name)
        except InvalidNameError as exc:
            raise Unreadable(f"the name `{' '.join(name.split())[:60]}` cannot be read ({exc.reason.lower()})",
                             fix="write names as `Last, First and Last, First`") from None
        people.append(Author(*(text(" ".join(p)) for p in (parts.first, parts.last, parts.von, parts.jr))))
    return tuple(people)
