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
import hashlib
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from typing import Literal

import markdown
import segno
import typst

from ..model import Course, Paper, Session
from ..render import citation, escape, timetable
from ..render.i18n import Labels
from ..schedule import rotation as rotation_mod
from ..sources.stamp import Stamp

TEMPLATE = Path(__file__).parents[1] / "templates" / "handout.typ"


def _labels(t: Labels) -> dict[str, str]:
    """The labels the template reads (`t.page`, ...), in the course's language."""
    return {
        "in_brief": t._("The seminar in brief"), "org_meeting": t._("Organizational meeting"),
        "schedule": t._("Schedule"), "no": t._("No."), "day": t._("Day"), "date": t._("Date"), "time": t._("Time"),
        "room": t._("Room"), "paper": t._("Paper"), "roles": t._("Roles"), "rotation": t._("Role rotation"),
        "rotation_rule": t._("Every participant moves one role further in each session."),
        "participants": t._("Participants"), "reading_list": t._("Reading list"),
        "other_papers": t._("Other references"), "website": t._("Website"),
        "website_later": t._("The address of the course website will be announced."),
        # Translators: the handout's page footer reads "Page 1 of 2".
        "page": t._("Page"), "of": t._("of"), "cancelled": t._("Cancelled"), "topic_col": t._("Topic"),
        "online": t._("Online"), "due": t._("Due"), "session": t._("Session"), "role": t._("Role"),
    }


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


def _citation(course: Course, paper: Paper) -> dict:
    return {"runs": citation.runs(course.citations[paper.key])}


def _rotation(course: Course, t: Labels) -> dict:
    """Participant numbers x sessions with roles. Participants with the same roles throughout share a row."""
    classes = rotation_mod.by_number_class(course)
    sessions = [course.sessions[n - 1] for n in classes.role_sessions]
    header = [{"session": f"{s.number} · {t.short_date(s.date)}",
               "authors": " · ".join(p.short_authors for p in course.papers_of(s)) or (s.title or "")} for s in sessions]
    rotation = rotation_mod.for_course(course)

    def cells(rot: rotation_mod.Rotation, p: int) -> list[str]:
        return [t._("cancelled") if s.number in rot.lost else getattr(rot.role(p, s.number), "name", "–")
                for s in sessions]

    rows: list[dict] = []
    notes: list[str] = []
    if rotation is None:
        # Count unknown: the rotation repeats every len(roles) numbers, as on the rotation page.
        r = len(course.roles)
        for k in range(1, r + 1):
            rows.append({"who": f"{k}, {k + r}, {k + 2 * r}, …", "roles": cells(classes, k)})
    else:
        groups: dict[tuple[str, ...], list[int]] = {}
        for n in rotation.participants:
            groups.setdefault(tuple(cells(rotation, n)), []).append(n)
        rows = [{"who": ", ".join(map(str, members)), "roles": list(row)} for row, members in groups.items()]
        for n in rotation.participants:
            if n in course.joined:
                notes.append(t._("Participant {n}", n=n) + ": "
                             + t._("Joined on {date}: roles from then on.", date=t.long_date(course.joined[n])))
            if n in course.withdrawn:
                notes.append(t._("Participant {n}", n=n) + ": "
                             + t._("Withdrew on {date}: no role or talk from then on.", date=t.long_date(course.withdrawn[n])))
    return {"header": header, "rows": rows, "notes": notes}


def _presenters(course: Course, t: Labels, s: Session, rotation: rotation_mod.Rotation | None) -> str:
    """E.g. "Presenters: Codd 1970: 3; Chen 1976: 5" (empty when the session names none)."""
    if rotation is None:
        return ""
    nobody = t._("nobody")
    talks = [f"{course.paper(e.key).short}: {', '.join(map(str, rotation.presenters[s.number, e.key])) or nobody}"
             for e in s.papers if (s.number, e.key) in rotation.presenters]
    return t._("Presenters") + ": " + "; ".join(talks) if talks else ""


def _session(course: Course, s: Session, t: Labels, rotation: rotation_mod.Rotation | None) -> dict:
    moved = t._("moved from {date}", date=t.long_date(s.moved_from)) if s.moved_from else ""
    # Each role's recurring deadline is said once, under Roles; the schedule lists the session's own.
    dues = timetable.deadlines(course, s)
    return {
        "no": str(s.number), "day": t.day_name(s.date), "date": t.long_date(s.date),
        "time": t.time_range(s.start, s.end),
        "room": ", ".join(x for x in (s.room, t._("Online") if s.online else "") if x),
        "title": s.title or "", "cancelled": s.cancelled, "note": " ".join(plain_paragraphs(s.note)),
        "moved": moved,
        "papers": [{"authors": p.short_authors, "title": p.title} for p in course.papers_of(s)],
        "presenters": _presenters(course, t, s, rotation),
        "due": [t._("Due") + f" {t.short_date(d.at.date())}, {d.at:%H:%M}: {d.what}" + (f" ({d.role.name})" if d.role else "")
                for d in dues],
    }


def handout_data(course: Course, stamp: Stamp) -> dict:
    """Everything the handout shows, as JSON-ready data with dates and times already written out."""
    t = Labels(course.language)
    m = course.organizational_meeting
    read = course.session_papers()
    rotation = rotation_mod.for_course(course)
    labels = _labels(t)
    if not all(s.papers for s in course.sessions):
        labels["paper"] = t._("Topic")
    return {
        "lang": course.language,
        "labels": labels,
        "title": course.title,
        "topic": course.topic or "",
        "semester": course.semester,
        "institution": course.institution,
        "audience": course.audience or "",
        "address": course.address or "",
        # "The seminar in brief" is the summary: always present and written to be short, unlike
        # the sections, which are optional and free in title and length.
        "summary": plain_paragraphs(course.summary),
        "meeting": None if m is None else {
            "when": f"{t.day_name(m.date)}, {t.long_date(m.date)}, {t.time_range(m.start, m.end)}",
            "room": m.room,
            "note": " ".join(plain_paragraphs(m.note)),
        },
        "sessions": [_session(course, s, t, rotation) for s in course.sessions],
        "roles": [{"name": r.name, "summary": r.summary, "due": timetable.due_rule(r, t)} for r in course.roles]
        if course.rotation_sessions else [],
        "rotation": _rotation(course, t),
        "papers": [{"label": ", ".join(f"{s.number} · {t.short_date(s.date)}" for s in course.sessions_of(p.key)),
                    **_citation(course, p)} for p in read],
        "others": [_citation(course, p) for p in course.other_papers()],
        "url": course.site_url or "",
        # The footer's contact line: whom to write to, on every page.
        "contact": " · ".join(f"{o.name} <{o.email}>" if o.email else o.name for o in course.organizers),
        "stamp": {
            "text": t._("As of {date} (version {version})", date=t.long_date(stamp.date), version=stamp.version),
            "year": stamp.date.year, "month": stamp.date.month, "day": stamp.date.day,
        },
    }


def qr_svg(url: str) -> str:
    """A QR code for the URL as SVG, without quiet zone: the template keeps that space free around it."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", border=0, xmldecl=False, svgclass=None,
                                                  lineclass=None, nl=False)
    return out.getvalue().decode()


_LONG_WORD = re.compile(r"[^\s/]{40,}")
_NOT_TEXT = {"url", "qr", "lang"}


def breakable(data: object, key: str = "") -> object:
    """The handout data with a zero-width space every 20 characters of a long word.

    Typst breaks lines only between words (hyphenation is off), so a word wider than a column
    ran off the page. Addresses are left whole: Typst breaks them after `/`, and a copied link must work.
    """
    if isinstance(data, dict):
        return {k: breakable(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [breakable(v, key) for v in data]
    if isinstance(data, str) and key not in _NOT_TEXT and not data.startswith(("http://", "https://")):
        return _LONG_WORD.sub(lambda m: "\u200b".join(m[0][i:i + 20] for i in range(0, len(m[0]), 20)), data)
    return data


def handout_pdf(course: Course, stamp: Stamp) -> bytes:
    """The handout as PDF bytes."""
    pdf = handout(course, stamp)
    assert isinstance(pdf, bytes)
    return pdf


@dataclass(frozen=True)
class Typesetting:
    """Everything Typst is given for the handout. Equal ones give equal bytes (tests/test_deterministic.py), so
    `digest` may name a kept result: typesetting is most of what the handout costs (0.9 s for 50 sessions)."""

    inputs: dict[str, str]
    moment: dt.datetime
    format: Literal["pdf", "png"] = "pdf"
    ppi: float = 144

    def digest(self) -> str:
        """These, Typst's version (its bundled fonts with it) and every file Typst may read (its root, templates/)."""
        digest = hashlib.sha256(f"typst {version('typst')}\0{self.format}\0{self.ppi!r}\0{self.moment.isoformat()}\0".encode())
        digest.update(json.dumps(self.inputs, sort_keys=True).encode() + b"\0")
        for path in sorted(TEMPLATE.parent.iterdir()):
            digest.update(f"{path.name}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()

    def run(self) -> bytes | list[bytes]:
        return typst.compile(str(TEMPLATE), root=str(TEMPLATE.parent), format=self.format, sys_inputs=self.inputs,
                             ignore_system_fonts=True, timestamp=self.moment, ppi=self.ppi)


def typesetting(course: Course, stamp: Stamp, format: Literal["pdf", "png"] = "pdf", ppi: float = 144) -> Typesetting:
    data = handout_data(course, stamp)
    inputs = {"data": json.dumps(breakable(data), ensure_ascii=False), "qr": qr_svg(data["url"]) if data["url"] else ""}
    # The document date comes from the stamp, never from the clock, so equal input gives equal bytes.
    moment = dt.datetime.combine(stamp.date, dt.time(12), tzinfo=dt.UTC)
    return Typesetting(inputs, moment, format, ppi)


def handout(course: Course, stamp: Stamp, format: Literal["pdf", "png"] = "pdf", ppi: float = 144) -> bytes | list[bytes]:
    """The handout as PDF bytes (or, with format="png", one PNG per page at `ppi`, for looking at it)."""
    return typesetting(course, stamp, format, ppi).run()
