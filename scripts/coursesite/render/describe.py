"""The page's description for search engines (`<meta name="description">`): its first sentence.

Without one, a search engine shows whatever text it finds first, which on these pages is the
navigation. The sentence comes from the page's own first paragraph (the home page: the course
summary), as plain text; the caller escapes it for the attribute it lands in.
"""

from __future__ import annotations

import re
from html import unescape

import nh3

_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.DOTALL)
_HEADING = re.compile(r"<h([12])(?:\s[^>]*)?>(.*?)</h[12]>", re.DOTALL)
_LINK = re.compile(r"<a\s[^>]*>.*?</a>", re.DOTALL)
# A sentence ends at ., ! or ? followed by a space and a capital letter, so that a title's question
# mark ("Deep?* (Ba & Caruana") does not end it; "e.g. Adam" still does, which a description survives.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_])")
LIMIT = 160
"""Characters; search engines cut longer descriptions themselves, mid-word."""


def first_sentence(html: str) -> str:
    """The first sentence of the first paragraph of `html` that has text besides links, as plain text.

    A paragraph of links only ("← Role rotation", a download) is navigation, not what the page says.
    A page without such a paragraph (a list of references) is described by its headings: "Reading
    list: Papers of the sessions · Other references". "" if it has none of these."""
    for match in _PARAGRAPH.finditer(html):
        if not _text(_LINK.sub("", match.group(1))).strip(" ·|,;:"):
            continue
        text = _text(match.group(1))
        for end in _SENTENCE_END.finditer(text):
            if text[end.end()].isupper():
                return _shortened(text[: end.start()])
        return _shortened(text)
    # Without the headings' own links (the ¶ permalinks).
    headings = [(level, _text(_LINK.sub("", body))) for level, body in _HEADING.findall(html)]
    title = next((text for level, text in headings if level == "1"), "")
    sections = " · ".join(text for level, text in headings if level == "2" and text)
    return _shortened(f"{title}: {sections}" if title and sections else title or sections)


def _text(html: str) -> str:
    return " ".join(unescape(nh3.clean(html, tags=set())).split())


def _shortened(text: str) -> str:
    if len(text) <= LIMIT:
        return text
    cut = text[: LIMIT - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > LIMIT // 2 else cut).rstrip() + "\u2026"
