"""The allow-list pass over the HTML of the generated pages: the second line of defence behind `escape`.

`escape.prose` keeps raw HTML, attribute lists and unsafe links out of the Markdown that prose
fields contribute; it works on Markdown source, and a rule it misses would reach the page. So the
HTML that MkDocs renders from the generated pages goes through nh3 (the Python binding of the Rust
sanitizer ammonia: maintained, and fast enough to run on every page) with only the tags and
attributes that the allowed Markdown and our own templates produce, and only `https:`, `http:`,
`mailto:` and site-relative links. Pages written by hand in docs/ and notebook pages are not
touched: they come from the repository, not from the data files.
"""

from __future__ import annotations

import nh3

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


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href" and (value.startswith("//") or "\\" in value):
        return None  # protocol-relative: another host, although no scheme is written
    if name == "style" and value.replace(" ", "") not in ("text-align:left;", "text-align:right;", "text-align:center;"):
        return None
    return value


def page(html: str) -> str:
    """The HTML of a generated page's content, with everything outside the allow-list removed."""
    return nh3.clean(html, tags=MARKDOWN_TAGS | TEMPLATE_TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     generic_attribute_prefixes={"data-"}, attribute_filter=_attribute, link_rel=None,
                     strip_comments=True)
