"""A formula of papers.bib (`$...$`) as MathML for the site, or None when it cannot be one.

latex2mathml (already used for notebook formulas) converts at build time; browsers render MathML natively,
so no page loads MathJax. Its output is not trusted as HTML: it copies `\\text{<b>}` into the markup as it
is, writes `\\href` and `\\style` as attributes and unknown commands as `<mi>\\foo</mi>`. A formula is shown
as MathML only when the output is well-formed XML of the elements and attributes below (nothing that
links, styles, loads or runs anything) and every command was known; otherwise it is shown as written and
the loader names it in a warning (`bibvalues.decode`). The page allow-list (`sanitize.page`) uses the same
lists as its second line of defence.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

MATHML_TAGS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot",
    "mstyle", "mtable", "mtr", "mtd", "mlabeledtr", "mover", "munder", "munderover", "menclose", "mpadded", "mphantom",
    "merror", "mmultiscripts", "mprescripts", "none", "semantics", "annotation"})
MATHML_ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "accent", "accentunder",
    "movablelimits", "linethickness", "columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines",
    "rowlines", "frame", "width", "height", "depth", "scriptlevel", "displaystyle", "notation", "minsize", "maxsize",
    "symmetric", "largeop", "form", "encoding", "align", "mathsize", "columnspan", "rowspan", "equalrows",
    "equalcolumns", "voffset"})
MAX_LENGTH = 300
"""Characters of LaTeX in one formula; a title's formulas are short, and latex2mathml recurses per group."""
_NAMESPACE = "{http://www.w3.org/1998/Math/MathML}"
_COMMAND = re.compile(r"\\[A-Za-z]")
_FUNCTION = re.compile(r"(<mi>[A-Za-z]{2,}</mi>)(?!<mo stretchy=\"false\">&#x00028;|</)")
_AFTER_ORD = re.compile(r"(?<=</mi>)(?=<mi>[A-Za-z]{2,}</mi>)|(?<=</mn>)(?=<mi>[A-Za-z]{2,}</mi>)")


@functools.lru_cache(maxsize=4096)
def mathml(tex: str) -> str | None:
    """The formula's LaTeX (without the `$`) as an inline <math> element, or None when it cannot be shown as one."""
    if not tex.strip() or len(tex) > MAX_LENGTH:
        return None
    from latex2mathml.converter import convert  # only courses with formulas pay for the import

    try:
        out = convert(tex, display="inline")
    except Exception:  # noqa: BLE001 - any failure (unknown syntax, recursion) means: show it as written
        return None
    if "<!" in out or "<?" in out:
        return None  # no DTD or processing instruction reaches the XML parser
    try:
        root = ET.fromstring(out)
    except ET.ParseError:
        return None  # raw markup copied from \text{...}, a bare `&` or an empty `&#x;`
    for element in root.iter():
        tag = element.tag.removeprefix(_NAMESPACE)
        if tag not in MATHML_TAGS or not set(element.attrib) <= MATHML_ATTRIBUTES:
            return None
        if any(_COMMAND.search(t) for t in (element.text, element.tail) if t):
            return None  # a command latex2mathml does not know, copied as text
    # latex2mathml writes `n \\log n` as <mi>n</mi><mi>log</mi><mi>n</mi>, which browsers set as "nlogn": TeX's
    # thin spaces around a function name, except before its parenthesis.
    out = _FUNCTION.sub(r'\1<mspace width="0.1667em"></mspace>', out)
    out = _AFTER_ORD.sub('<mspace width="0.1667em"></mspace>', out)
    return out.replace(f' xmlns="{_NAMESPACE[1:-1]}"', "")
