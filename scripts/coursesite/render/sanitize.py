"""The allow-list pass over the HTML of the generated pages: the second line of defence behind `escape`.

`escape.prose` keeps raw HTML, attribute lists and unsafe links out of the Markdown that prose
fields contribute; it works on Markdown source, and a rule it misses would reach the page. So the
HTML that MkDocs renders from the generated pages goes through nh3 (the Python binding of the Rust
sanitizer ammonia: maintained, and fast enough to run on every page) with only the tags and
attributes that the allowed Markdown and our own templates produce, and only `https:`, `http:`,
`mailto:` and site-relative links. Pages written by hand in docs/ are not touched: they come from
the repository, not from the data files.

Notebook pages (`notebook`) have a wider list: what Markdown cells and static outputs legitimately
hold (images as files or data: addresses, tables, MathML, highlighted code) and nothing that runs
script or loads from another host, whatever a student's notebook contains.
"""

from __future__ import annotations

import re

import nh3
from pygments.token import STANDARD_TYPES  # type: ignore[import-untyped]

from ..sources import formulas

# What Python-Markdown with the site's extensions (admonition, tables, toc, superfences, highlight)
# makes of the Markdown that `escape` lets through.
MARKDOWN_TAGS = {"a", "abbr", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
                 "hr", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
                 "thead", "tr", "ul"}
# What the page templates write themselves (the schedule's status, the participant picker, buttons).
TEMPLATE_TAGS = {"button", "form", "input", "label", "nav", "section", "time"}
ATTRIBUTES = {
    "*": {"class", "id", "title", "aria-label", "aria-live", "hidden", "lang", "dir"},
    "a": {"href"},
    "td": {"align", "style"},  # Python-Markdown's tables align columns with text-align
    "th": {"align", "style"},
    "input": {"inputmode", "max", "min", "name", "required", "step", "type", "id"},
    "label": {"for"},
    "button": {"type"},
    "time": {"datetime"},
    "ol": {"start"},
}
# webcal: only in the calendar subscribe links the templates make from the validated site_url
# (`paths.webcal`); escape.prose drops it from prose fields before this pass.
SCHEMES = {"https", "http", "mailto", "webcal"}


# Paper titles' formulas (`mathml`): MathML elements with presentation attributes only, none that links or styles.
PAGE_ATTRIBUTES = ATTRIBUTES | {tag: set(formulas.MATHML_ATTRIBUTES) for tag in formulas.MATHML_TAGS}


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href" and (value.startswith("//") or "\\" in value):
        return None  # protocol-relative: another host, although no scheme is written
    if name == "style" and value.replace(" ", "") not in ("text-align:left;", "text-align:right;", "text-align:center;"):
        return None
    return value


# Made once: nh3.clean turns its lists into ammonia's settings on every call, a fifth of a page's pass (the
# synthetic 50x200 course has 260 pages).
_PAGE = nh3.Cleaner(tags=MARKDOWN_TAGS | TEMPLATE_TAGS | formulas.MATHML_TAGS, attributes=PAGE_ATTRIBUTES,
                    url_schemes=SCHEMES, generic_attribute_prefixes={"data-"}, attribute_filter=_attribute,
                    link_rel=None, strip_comments=True)


def page(html: str) -> str:
    """The HTML of a generated page's content, with everything outside the allow-list removed."""
    return _PAGE.clean(html)


# What nbconvert's template, Markdown cells (mistune, HTML passed through), latex2mathml and
# `notebook_html` make of a notebook; no element that loads, frames, styles or runs anything.
NOTEBOOK_TAGS = MARKDOWN_TAGS | {"img", "caption", "col", "colgroup", "tfoot", "dl", "dt", "dd", "b", "i", "u", "s",
                                 "small", "mark", "ins", "kbd", "samp", "var", "q", "cite", "dfn", "figure",
                                 "figcaption", "details", "summary", "wbr", "center", "font"}
MATHML_TAGS = set(formulas.MATHML_TAGS)
_MATHML_ATTRIBUTES = set(formulas.MATHML_ATTRIBUTES)
NOTEBOOK_ATTRIBUTES = {
    "*": {"title", "lang", "dir", "style", "hidden"},
    "a": {"href"}, "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"align", "colspan", "rowspan", "valign"}, "th": {"align", "colspan", "rowspan", "valign", "scope"},
    "col": {"span"}, "colgroup": {"span"}, "ol": {"start", "reversed", "type"}, "details": {"open"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"}, "sup": {"id"}, "div": {"data-mime-type"},
    **{tag: _MATHML_ATTRIBUTES for tag in MATHML_TAGS},
}
_ANSI = {f"ansi-{colour}-{intense}{ground}" for colour in ("black", "red", "green", "yellow", "blue", "magenta", "cyan",
                                                            "white", "default")
         for intense in ("", "intense-") for ground in ("fg", "bg")} | {"ansi-bold", "ansi-underline"}
NOTEBOOK_CLASSES = {
    # notebook_html's names for the parts of a cell, and Material's own for highlighted code and permalinks
    "div": {"cs-nb", "cs-nb-cell", "cs-nb-code", "cs-nb-markdown", "cs-nb-outputs", "cs-nb-output", "cs-nb-stderr",
            "cs-nb-result", "highlight"},
    "p": {"cs-nb-note"}, "a": {"headerlink", "footnote-ref", "footnote-backref"},
    "span": {name for name in STANDARD_TYPES.values() if name} | _ANSI | {"cs-tex"}, "code": {"cs-tex"},
    "section": {"footnotes"},
}
# Style properties that change how text and tables look, none of which can hold an address (url()).
STYLE_PROPERTIES = {"color", "background-color", "text-align", "font-weight", "font-style", "text-decoration",
                    "vertical-align", "white-space", "padding", "padding-left", "padding-right", "padding-top",
                    "padding-bottom", "border", "border-collapse", "border-top", "border-bottom", "border-left",
                    "border-right", "border-color", "border-style", "border-width", "width", "min-width",
                    "max-width", "font-size", "font-family", "line-height", "margin-left", "margin-right"}
_IMAGE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*\Z")
_ID = re.compile(r"[a-z0-9][a-z0-9_.:-]*\Z")
_DATA_TYPES = {"application/vnd.jupyter.stderr"}


def _notebook_attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("src", "href"):
        squeezed = re.sub(r"[\x00-\x20\\\\]", "", value)
        if squeezed.startswith("//"):
            return None  # another host, although no scheme is written
        if squeezed.lower().startswith("data:"):
            # A picture as data (never a page: data: links open documents of their own)
            return value if tag == "img" and name == "src" and _IMAGE_DATA.match(value) else None
        if tag == "img" and re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", squeezed):
            return None  # an image from another host; `check` names it, the page never loads it
    if name == "id" and not _ID.match(value):
        return None  # not a heading's slug: an id such as Material's own could take over the page's controls
    if name == "data-mime-type" and value not in _DATA_TYPES:
        return None
    return value


_NOTEBOOK = nh3.Cleaner(tags=NOTEBOOK_TAGS | MATHML_TAGS, attributes=NOTEBOOK_ATTRIBUTES,
                        url_schemes={"https", "http", "mailto", "data"}, attribute_filter=_notebook_attribute,
                        allowed_classes=NOTEBOOK_CLASSES, filter_style_properties=STYLE_PROPERTIES, link_rel=None,
                        strip_comments=True, clean_content_tags={"script", "style"})


def notebook(html: str) -> str:
    """The HTML of a notebook page's content, with everything outside the notebook allow-list removed."""
    return _NOTEBOOK.clean(html)
