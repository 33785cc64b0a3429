"""The printed handout: the course as a two-page A4 PDF, typeset with Typst.

`handout_data` turns the Course into plain JSON-ready data (strings already
formatted in the course's language); `handout` feeds it to the Typst
template templates/handout.typ. Course text travels as JSON inside
sys.inputs and is only ever inserted as a string, so characters such as
# $ * _ @ < \\ print literally and cannot change the document.

Typst (the `typst` wheel) was chosen over LaTeX and HTML-to-PDF because it
compiles in-process in a fraction of a second, bundles its fonts, needs no
network and no system libraries.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import markdown
import segno
import typst

from . import escape
from . import rotation as rotation_mod
from .citation import cite
from .i18n import Labels
from .model import Course, Paper
from .stamp import Stamp

TEMPLATE = Path(__file__).parent / "templates" / "handout.typ"
# Labels the template uses; every one exists in English and German (i18n.LABELS).
_LABELS = ("in_brief", "org_meeting", "schedule", "no", "day", "date", "time", "room", "paper", "roles",
           "rotation", "rotation_rule", "participants", "reading_list", "other_papers",
           "website", "website_later", "page", "of")


# --- Markdown prose as plain paragraphs ---------------------------------------------------------


class _Blocks(HTMLParser):
    """Collects the text of block elements (paragraphs, list items, headings) from rendered Markdown."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dt", "dd", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._words: list[str] = []
        self._bullet = False

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._flush()
            self._bullet = self._bullet or tag == "li"
        elif tag in ("br", "td", "th"):
            self._words.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        self._words.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._words).split())
        self._words = []
        if text:
            self.blocks.append(("• " if self._bullet else "") + text)
            self._bullet = False


def plain_paragraphs(source: str | None) -> list[str]:
    """Markdown prose as a list of plain-text paragraphs (links keep their text, emphasis is dropped).

    The prose goes through the same filter as on the site first, so raw HTML stays visible text.
    """
    if not source or not source.strip():
        return []
    parser = _Blocks()
    parser.feed(markdown.markdown(escape.prose(source)))
    parser.close()
    parser._flush()
    return parser.blocks


# --- The data the template reads -------------------------------------------------------------------


def _citation(paper: Paper) -> dict:
    c = cite(paper)
    return {"authors": c.authors, "title": c.title, "where": c.where, "url": c.url,
            "ids": [{"label": i.label, "id": i.id, "url": i.url} for i in c.ids]}


def _rotation(course: Course, t: Labels) -> dict:
    """Participant numbers x sessions. Participants with the same roles throughout share a row."""
    sessions = course.sessions
    header = [{"session": f"{s.number} · {t.short_date(s.date)}", "authors": course.paper(s.paper).short_authors}
              for s in sessions]
    rotation = rotation_mod.for_course(course)
    rows: list[dict] = []
    if rotation is None:
        # Count unknown: the rotation repeats every len(roles) numbers, as on the rotation page.
        r = len(course.roles)
        for k in range(1, r + 1):
            rows.append({"who": f"{k}, {k + r}, {k + 2 * r}, …",
                         "roles": [course.roles[rotation_mod.role_index(k, s.number, r)].name for s in sessions]})
    else:
        groups: dict[tuple[int, ...], list[int]] = {}
        for n, row in enumerate(rotation.table, 1):
            groups.setdefault(row, []).append(n)
        for row, members in groups.items():
            rows.append({"who": ", ".join(map(str, members)), "roles": [course.roles[i].name for i in row]})
    return {"header": header, "rows": rows}


def handout_data(course: Course, stamp: Stamp) -> dict:
    """Everything the handout shows, as JSON-ready data with dates and times already written out."""
    t = Labels(course.language)
    m = course.organizational_meeting
    session_keys = [s.paper for s in course.sessions]
    return {
        "lang": course.language,
        "labels": {name: getattr(t, name) for name in _LABELS},
        "title": course.title,
        "topic": course.topic or "",
        "semester": course.semester,
        "institution": course.institution,
        "audience": course.audience or "",
        "address": course.address or "",
        # "The seminar in brief" is the summary: always present and written to be short, unlike
        # the sections, which are optional and free in title and length.
        "summary": plain_paragraphs(course.summary),
        "meeting": {
            "when": f"{t.day_name(m.date)}, {t.long_date(m.date)}, {t.time_range(m.start, m.end)}",
            "room": m.room,
            "note": " ".join(plain_paragraphs(m.note)),
        },
        "sessions": [{
            "no": str(s.number), "day": t.day_name(s.date), "date": t.long_date(s.date),
            "time": t.time_range(s.start, s.end), "room": s.room or "",
            "authors": course.paper(s.paper).short_authors, "title": course.paper(s.paper).title,
        } for s in course.sessions],
        "roles": [{"name": r.name, "summary": r.summary} for r in course.roles],
        "rotation": _rotation(course, t),
        "papers": [{"label": f"{s.number} · {t.short_date(s.date)}", **_citation(course.paper(s.paper))}
                   for s in course.sessions],
        "others": [_citation(p) for key, p in course.papers.items() if key not in session_keys],
        "url": course.site_url or "",
        "stamp": {
            "text": t("as_of", date=t.long_date(stamp.date), version=stamp.version),
            "year": stamp.date.year, "month": stamp.date.month, "day": stamp.date.day,
        },
    }


def qr_svg(url: str) -> str:
    """A QR code for the URL as SVG, without quiet zone: the template keeps that space free around it."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", border=0, xmldecl=False, svgclass=None,
                                                  lineclass=None, nl=False)
    return out.getvalue().decode()


def handout_pdf(course: Course, stamp: Stamp) -> bytes:
    """The handout as PDF bytes."""
    pdf = handout(course, stamp)
    assert isinstance(pdf, bytes)
    return pdf


def handout(course: Course, stamp: Stamp, format: Literal["pdf", "png"] = "pdf", ppi: float = 144) -> bytes | list[bytes]:
    """The handout as PDF bytes (or, with format="png", one PNG per page at `ppi`, for looking at it)."""
    data = handout_data(course, stamp)
    inputs = {"data": json.dumps(data, ensure_ascii=False), "qr": qr_svg(data["url"]) if data["url"] else ""}
    # The document date comes from the stamp, never from the clock, so equal input gives equal bytes.
    moment = dt.datetime.combine(stamp.date, dt.time(12), tzinfo=dt.UTC)
    return typst.compile(str(TEMPLATE), root=str(TEMPLATE.parent), format=format, sys_inputs=inputs,
                         ignore_system_fonts=True, timestamp=moment, ppi=ppi)
