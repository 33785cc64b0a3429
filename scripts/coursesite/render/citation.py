"""The course's citations (`course.citations`, formatted by the CSL style the course chose) as pages and the
handout write them: each output escapes the runs' text for itself and keeps their italics, bold, small
capitals and links.
"""

from __future__ import annotations

from ..model import Citation
from . import escape, mathml
from .escape import Md


def markdown(citation: Citation) -> Md:
    out = []
    for span in citation.spans:
        # escape.text trims, and `* x*` is no emphasis: spaces go outside the marks.
        body = mathml.placeholder(span.formula, span.text) if span.formula else escape.text(span.text)
        if not body:
            out.append(" " if span.text.isspace() else "")
            continue
        if span.link:
            body = Md(f"[{body}]({escape.url(span.link)})")
        if span.smallcaps:
            body = Md(f'<span class="cs-smallcaps">{body}</span>')
        if span.italic:
            body = Md(f"*{body}*")
        if span.bold:
            body = Md(f"**{body}**")
        lead = " " if span.text[:1].isspace() else ""
        trail = " " if span.text[-1:].isspace() else ""
        out.append(f"{lead}{body}{trail}")
    return Md("".join(out).strip())


def runs(citation: Citation) -> list[dict]:
    """The citation as data for the handout's template (handout.typ's `cite`)."""
    return [{"text": s.text, "italic": s.italic, "bold": s.bold, "smallcaps": s.smallcaps, "link": s.link}
            for s in citation.spans]
