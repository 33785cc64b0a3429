"""The tables of the guide and of the messages page wrapped for scrolling at build time, so that Material's page
script leaves them alone.

Material's script wraps each `table:not([class])` of a page in its scroll wrapper after the page has loaded
by taking the table out of the page and putting it back inside the wrapper. The browser then styles and lays
out every element of the table again; the guide's tables of messages hold about 1,000 of its 2,400 elements,
and this was most of its main thread's longest task (Lighthouse, mobile: 78-86 where every other page type
reaches 95). Here the tables get the same wrapper in the HTML and a class, which Material's script skips;
course.css gives that class the look Material gives tables without one, and tables.js makes a wrapper that
scrolls focusable, as it does for Material's. (The message tables have since moved to a page of their own,
docs/messages.md, which keeps the guide itself small; both pages get the wrapper.)
"""

from __future__ import annotations

import re

CLASS = "cs-table"
# Markdown's tables extension writes each table as a bare <table> (no attributes, never nested); a table
# written in HTML by hand has attributes and is left as it is.
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_WRAPPED = (f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="{CLASS}">'
            r"\1</table></div></div>")


def wrapped(html: str) -> str:
    """`html` with each Markdown table inside Material's scroll wrapper and marked with `CLASS`."""
    return _TABLE.sub(_WRAPPED, html)
