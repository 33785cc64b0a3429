"""The organizer's attendance list (private/attendance.pdf): one page per meeting, to sign in.

Course, session, date, time, room and paper(s) at the top; a row per participant number who takes
part then, with the role or talk the rotation gives and an empty box for the signature. Cancelled
sessions are left out. Typeset with Typst like the handout, from JSON inserted as strings only, so
any character in the course prints literally.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typst

from ..model import Course
from ..render.i18n import Labels
from ..schedule.rotation import Rotation
from .sheets import duty, graded_sessions

TEMPLATE = Path(__file__).parents[1] / "templates" / "attendance.typ"


def attendance_data(course: Course, rotation: Rotation) -> dict:
    t = Labels(course.language)
    pages = []
    for s in graded_sessions(course):
        papers = [course.papers[e.key] for e in s.papers if e.key in course.papers]
        pages.append({
            "session": t._("Session") + f" {s.number}",
            "title": s.title or "",
            "when": f"{t.day_name(s.date)}, {t.long_date(s.date)}, {t.time_range(s.start, s.end)}",
            "room": s.room or t._("Online"),
            "papers": [f"{p.short_authors}: {p.title} ({p.year})" for p in papers],
            "rows": [{"number": str(p), "duty": duty(course, rotation, p, s, t)}
                     for p in rotation.participants if rotation.takes_part(p, s.number)],
        })
    return {
        "title": course.title, "semester": course.semester, "institution": course.institution,
        "lang": course.language,
        "labels": {"attendance": t._("Attendance"), "participant": t._("Participant"), "role": t._("Role"),
                   "signature": t._("Signature"), "page": t._("Page"), "of": t._("of"), "room": t._("Room")},
        "pages": pages,
    }


def attendance_pdf(course: Course, rotation: Rotation, day: dt.date) -> bytes:
    """The attendance list as PDF bytes, dated `day` (equal input and day give equal bytes)."""
    data = attendance_data(course, rotation)
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    pdf = typst.compile(str(TEMPLATE), root=str(TEMPLATE.parent), format="pdf",
                        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                        ignore_system_fonts=True, timestamp=moment)
    assert isinstance(pdf, bytes)
    return pdf
