"""BibTeX field values read as BibTeX reads them, then turned into Unicode text and names.

bibtexparser splits papers.bib into entries and fields but leaves a value as written:
`"Part one" # nips` stays raw, and a `\\"` inside quotes is taken for an escape although
BibTeX ends the value there. `evaluate` follows BibTeX (@string macros, `#`, the month
abbreviations); `text` and `names` decode LaTeX. Each raises `Unreadable` with what is
wrong and what to do, which bib.py reports at the field.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Mapping

import pylatexenc.latex2text
import pylatexenc.latexwalker
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.macrospec import MacroSpec

from ..model import Author, Rich
from . import formulas

# BibTeX's standard styles predefine these; dblp writes `month = mar`.
MONTHS = {name[:3].lower(): name for name in calendar.month_name[1:]}
_NAME = re.compile(r"[A-Za-z_][\w.:+/'-]*")



def _link_text(node: object, l2tobj: LatexNodes2Text) -> str:
    """`\\href{address}{text}` as `text (address)`: fields are plain text, so the address is written out."""
    args = getattr(getattr(node, "nodeargd", None), "argnlist", None) or []
    address, label = (l2tobj.nodelist_to_text([a]).strip() if a is not None else "" for a in (list(args) + [None, None])[:2])
    return f"{label} ({address})" if label and address and label != address else label or address


_SUPER = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ"))
_SUB = dict(zip("0123456789+-=()aeiojrux", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒⱼᵣᵤₓ"))


def _scripted(text: str, table: dict[str, str], mark: str) -> str:
    """Text as Unicode superscript or subscript characters when each has one, else `^(text)`."""
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}({text})" if len(text) > 1 else mark + text


def _arguments(node: object, l2tobj: LatexNodes2Text) -> str:
    args = getattr(getattr(node, "nodeargd", None), "argnlist", None) or []
    return "".join(l2tobj.nodelist_to_text([a]) for a in args if a is not None)


def _quoted(node: object, l2tobj: LatexNodes2Text) -> str:
    return f"“{_arguments(node, l2tobj)}”"


# Commands that bibliography tools write and pylatexenc does not know, or turns into nothing.
_ARGUMENT = ("mbox", "hbox", "textsuperscript", "textsubscript", "NoCaseChange", "textnormal", "textsc", "textsf",
             "texttt", "textup", "textmd", "textrm", "emph", "textit", "textbf", "textsl", "uppercase", "lowercase",
             "MakeUppercase", "MakeLowercase", "ensuremath", "mathrm", "text", "bibstring", "mkbibemph", "mkbibbold")
_parsing = pylatexenc.latexwalker.get_default_latex_context_db()
_parsing.add_context_category("coursesite", prepend=True, macros=[
    MacroSpec("href", "{{"), MacroSpec("noopsort", "{"),
    *(MacroSpec(name, "{") for name in _ARGUMENT + ("mkbibquote", "enquote", "url", "path", "DOI"))])
_context = pylatexenc.latex2text.get_default_latex_context_db()
_context.add_context_category("coursesite", prepend=True, macros=[
    MacroTextSpec("url", simplify_repl="%s"),  # the address itself, not pylatexenc's `<address>`
    MacroTextSpec("path", simplify_repl="%s"),
    MacroTextSpec("DOI", simplify_repl="%s"),
    MacroTextSpec("href", simplify_repl=_link_text),
    MacroTextSpec("TeX", simplify_repl="TeX"),
    MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
    MacroTextSpec("LaTeXe", simplify_repl="LaTeX2ε"),
    MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
    MacroTextSpec("XeTeX", simplify_repl="XeTeX"),
    MacroTextSpec("hyphen", simplify_repl="-"),
    MacroTextSpec("slash", simplify_repl="/"),
    MacroTextSpec("textquotesingle", simplify_repl="'"),
    MacroTextSpec("mkbibquote", simplify_repl=_quoted),
    MacroTextSpec("enquote", simplify_repl=_quoted),
    MacroTextSpec("textsuperscript", simplify_repl=lambda n, l2tobj: _scripted(_arguments(n, l2tobj), _SUPER, "^")),
    MacroTextSpec("textsubscript", simplify_repl=lambda n, l2tobj: _scripted(_arguments(n, l2tobj), _SUB, "_")),
    MacroTextSpec("noopsort", simplify_repl=""),  # a sort key of BibTeX's @preamble trick, never shown
    *(MacroTextSpec(name, simplify_repl="") for name in ("em", "it", "bf", "sc", "rm", "sf", "tt", "sl", "upshape",
                                                          "itshape", "bfseries", "scshape", "normalfont", "relax", "protect")),
    *(MacroTextSpec(name, simplify_repl=_arguments) for name in _ARGUMENT if not name.startswith("textsu")),
])
_decoder = LatexNodes2Text(latex_context=_context, math_mode="verbatim")
_math_context = pylatexenc.latex2text.get_default_latex_context_db()
_FUNCTIONS = ("log", "ln", "exp", "sin", "cos", "tan", "max", "min", "sup", "inf", "lim", "det", "arg", "dim", "ker",
              "Pr", "deg", "gcd", "liminf", "limsup", "argmin", "argmax")
_math_context.add_context_category("coursesite", prepend=True, macros=[
    MacroTextSpec("|", simplify_repl="‖"),
    *(MacroTextSpec(name, simplify_repl=name + " ") for name in _FUNCTIONS),
    *(MacroTextSpec(name, simplify_repl=_arguments) for name in ("text", "mathrm", "operatorname", "mathit", "mathbf",
                                                                  "boldsymbol", "mathsf", "mathtt", "textrm")),
])
_math_decoder = LatexNodes2Text(latex_context=_math_context, math_mode="text")
# `_{...}`/`^{...}` without nested braces, or one character or command.
_SCRIPT = re.compile(r"([_^])\s*(\{[^{}]*\}|\\[A-Za-z]+|[^\s\\{}])")
# A formula: `$...$` (not `\$`), or `\(...\)`.
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)", re.S)
# Characters `Rich` and the citation formatter use as markers; never from a file.
MARKERS = re.compile("[\ue000-\ue0ff]")


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


_COMMAND = re.compile(r"\\([A-Za-z]+)\*?((?:\s*\{(?:[^{}]|\{[^{}]*\})*\})*)")
_KEPT = 0xE080


def text(value: str) -> Rich:
    """Unicode text of a value (see `decode`)."""
    return decode(value)[0]


# Kept per process, like formulas.mathml: a value decodes the same every time, and the same papers.bib is read
# again by each check, build and preview rebuild (and by most tests); pylatexenc is the larger part of a load.
# An Unreadable value raises each time (lru_cache keeps no exceptions).
@functools.lru_cache(maxsize=4096)
def decode(value: str) -> tuple[Rich, tuple[str, ...]]:
    """Unicode text of a value, and what in it is shown as written because the site cannot convert it:
    unknown LaTeX commands (`\\foo`) and formulas (`$...$`) that cannot be MathML (`formulas.mathml`).

    Formulas become Unicode text; the `Rich` result keeps their LaTeX for the site. A formula that
    cannot be MathML stays as written everywhere, `$` included, so every output shows the same thing.
    Plain values skip pylatexenc, which takes most of the loading time.
    """
    value = MARKERS.sub("", value)
    if not any(c in value for c in "\\{}~$`") and "--" not in value and "''" not in value:
        return Rich(_entities(" ".join(value.split()))), ()
    if re.fullmatch(r"\s*https?://\S+\s*", value):
        return Rich(value.strip()), ()  # an address stays as written (a `~` in it is not a space)
    # To BibTeX `%` is text; to LaTeX it starts a comment that would hide the rest of the line.
    value = re.sub(r"(?<!\\)%", r"\\%", value)
    # doi.org and others write a bare `&`, which LaTeX reads as a table's column break (and pylatexenc drops).
    value = re.sub(r"(?<!\\)&", r"\\&", value)
    _check_braces(value)
    kept: list[tuple[bool, str]] = []

    def keep(is_math: bool, source: str) -> str:
        kept.append((is_math, source))
        return chr(_KEPT + len(kept) - 1)

    def keep_formula(m: re.Match) -> str:
        if len(kept) >= 127:  # no marker left: the rest are read as text, their `$` shown
            return m[0].replace("$", "\\$") if m[1] is not None else m[0]
        return keep(True, m[1] if m[1] is not None else m[2])

    value = _MATH.sub(keep_formula, value)
    if re.search(r"(?<!\\)\$", value):
        raise Unreadable("has a `$` without its closing `$`", fix="close the formula, or write \\$ for a dollar sign")
    unknown = []

    def protect(m: re.Match) -> str:
        if _context.get_macro_spec(m[1]) is not None or len(kept) >= 127:
            return m[0]
        unknown.append(f"\\{m[1]}")
        return keep(False, " ".join(m[0].split()))

    value = _COMMAND.sub(protect, value)
    try:
        walker = pylatexenc.latexwalker.LatexWalker(value, latex_context=_parsing, tolerant_parsing=False)
        decoded = _decoder.nodelist_to_text(walker.get_latex_nodes()[0])
    except Exception:  # pylatexenc's messages name its parser's states, not the organizer's mistake
        raise Unreadable("has LaTeX that cannot be read (a \\command without its {...}, or \\begin without \\end)",
                         fix="write the value as plain text, or give each \\command its {...}") from None
    decoded = _entities(" ".join(decoded.split()))
    if not kept:
        return Rich(decoded), ()
    parts = [""]
    for piece in re.split(f"([{chr(_KEPT)}-{chr(_KEPT + 127)}])", decoded):
        if len(piece) == 1 and _KEPT <= ord(piece) < _KEPT + 128:
            is_math, source = kept[ord(piece) - _KEPT]
            if is_math:
                formula = " ".join(source.split())
                if formulas.mathml(formula) is not None:
                    parts += [formula, ""]
                    continue
                unknown.append(f"${formula}$")
                piece = f"${formula}$"
            else:
                piece = source
        parts[-1] += piece
    plain = "".join(p if i % 2 == 0 else math_text(p) for i, p in enumerate(parts))
    return Rich(plain, tuple(parts) if len(parts) > 1 else ()), tuple(dict.fromkeys(unknown))


def joined(*pieces: str) -> Rich:
    """Values and text joined, keeping the formulas of each (a title with its subtitle)."""
    parts = [""]
    for piece in pieces:
        own = piece.parts if isinstance(piece, Rich) else (piece,)
        parts[-1] += own[0]
        parts += own[1:]
    return Rich("".join(pieces), tuple(parts) if len(parts) > 1 else ())


# The ACM library writes characters outside LaTeX's reach as HTML references: `\&\#x1f99c;` is a parrot.
_ENTITY = re.compile(r"&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def _entities(text: str) -> str:
    """Numeric HTML character references as their characters, when those are visible text (not controls)."""
    def char(m: re.Match) -> str:
        code = int(m[1], 16) if m[1] else int(m[2])
        ok = code <= 0x10FFFF and unicodedata.category(chr(code))[0] in "LNPS" and not 0xE000 <= code <= 0xF8FF
        return chr(code) if ok else m[0]
    return _ENTITY.sub(char, text) if "&#" in text else text


def _check_braces(value: str) -> None:
    depth = 0
    for m in re.finditer(r"(?<!\\)[{}]", value):
        depth += 1 if m[0] == "{" else -1
        if depth < 0:
            raise Unreadable("has a `}` without its `{`", fix="remove the `}` or add the `{` where the group starts")
    if depth > 0:
        raise Unreadable("has a `{` without its `}`", fix="close the brace where the group ends")


def math_text(source: str) -> str:
    """A formula's LaTeX as readable Unicode text: `O(n \\log n)` -> `O(n log n)`, `\\ell_1` -> `ℓ₁`."""
    def script(m: re.Match) -> str:
        inner = m[2][1:-1] if m[2].startswith("{") else m[2]
        return _scripted(_math_plain(inner).strip(), _SUPER if m[1] == "^" else _SUB, m[1])

    return _math_plain(_SCRIPT.sub(script, source))


def _math_plain(source: str) -> str:
    try:
        out = _math_decoder.latex_to_text(source)
    except Exception:
        return source
    out = re.sub(rf"\b({'|'.join(_FUNCTIONS)}) (?=[(\[{{|])", r"\1", out)
    return " ".join(out.split())


def names(value: str) -> tuple[tuple[Author, ...], bool]:
    """The people of an author or editor value, split as BibTeX does before their LaTeX is decoded,
    and whether the list ends in `and others` (more people than named)."""
    people = []
    listed = split_multiple_persons_names(value)
    more = bool(listed) and listed[-1].strip().lower() == "others"
    for name in listed[:-1] if more else listed:
        try:
            parts = parse_single_name_into_parts(name)
        except InvalidNameError as exc:
            raise Unreadable(f"the name `{' '.join(name.split())[:60]}` cannot be read ({exc.reason.lower()})",
                             fix="write names as `Last, First and Last, First`") from None
        people.append(Author(*(text(" ".join(p)) for p in (parts.first, parts.last, parts.von, parts.jr))))
    return tuple(people), more


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:]+Z?)?")


def date(value: str) -> tuple[str, int, int]:
    """Year, month and day (0 when not given) of a biblatex `date`: `2021`, `2021-03`, `2021-03-15`,
    the start of a range `2021-03-15/2021-03-20`, an approximate `2021~` or uncertain `2021?`."""
    start = value.strip().split("/")[0].rstrip("~?%").strip()
    m = _DATE.fullmatch(start)
    if not m:
        raise Unreadable(f"has date {value.strip()[:40]!r}, which is not a date as biblatex writes it",
                         fix="write the date as YYYY, YYYY-MM or YYYY-MM-DD")
    month, day = int(m[2] or 0), int(m[3] or 0)
    if not 0 <= month <= 12 or not 0 <= day <= 31:
        raise Unreadable(f"has date {value.strip()[:40]!r}, whose month or day does not exist",
                         fix="write the date as YYYY, YYYY-MM or YYYY-MM-DD")
    return m[1], month, day


def month(value: str) -> int:
    """The month of a `month` field: `3`, `03`, `mar`, `Mar.`, `March` (0 when it is none of these)."""
    value = value.strip().rstrip(".").lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else 0
    for number, name in enumerate(calendar.month_name[1:], 1):
        if value and (value == name.lower() or value == name[:3].lower() or value == name[:4].lower()):
            return number
    return 0
