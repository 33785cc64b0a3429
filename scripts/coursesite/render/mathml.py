"""Formulas of paper titles as MathML on the site's pages.

The Markdown of a page holds a formula as a placeholder: a span with its Unicode text (what MkDocs takes for
the page's title and table of contents, and what a page shows if the step below is skipped) and its LaTeX
in hex (nothing in it that Markdown would read). `expand` replaces each placeholder in the rendered HTML with
the formula's MathML (`sources.formulas`), before the allow-list pass (`sanitize.page`). The handout and the
calendars use the Unicode text (`Rich`, `Span.text`).
"""

from __future__ import annotations

import re

from ..model import Rich
from ..sources import formulas
from ..sources.bibvalues import math_text
from . import escape
from .escape import Md

_PLACEHOLDER = re.compile(r'<span class="cs-math" data-tex="([0-9a-f]+)">([^<]*)</span>')


def placeholder(tex: str, shown: str) -> Md:
    """A formula in Markdown: its Unicode text, marked to become MathML."""
    return Md(f'<span class="cs-math" data-tex="{tex.encode().hex()}">{escape.text(shown)}</span>')


def spaced(text: str, body: str) -> str:
    """`body` (escaped `text`, which loses its outer spaces) with the spaces `text` has at either end."""
    return (" " if text[:1].isspace() else "") + body + (" " if text[-1:].isspace() and body else "")


def markdown(value: object) -> Md:
    """Plain text as `escape.text` writes it, its formulas (a `Rich` value's) as placeholders."""
    if not isinstance(value, Rich) or len(value.parts) < 2:
        return escape.text(value)
    out = []
    for i, part in enumerate(value.parts):
        out.append(spaced(part, escape.text(part)) if i % 2 == 0 else placeholder(part, math_text(part)))
    return Md("".join(out).strip())


def expand(page_html: str) -> str:
    """The page's HTML with each formula placeholder replaced by MathML."""
    if "cs-math" not in page_html:
        return page_html

    def replace(m: re.Match) -> str:
        try:
            tex = bytes.fromhex(m[1]).decode()
        except ValueError:
            return m[2]
        # The loader showed formulas that cannot be MathML as written, so this keeps the text only in theory.
        return formulas.mathml(tex) or m[2]

    return _PLACEHOLDER.sub(replace, page_html)
