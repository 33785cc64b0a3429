"""Courses of many shapes, made from the starter by hypothesis: each that `check` accepts builds (in-process,
without MkDocs) with every internal link leading to a generated page or heading, and calendars that parse.

The shapes combine: roles (the starter's three, one, or none), participants absent or 1..12, `rotation: none`,
sessions cancelled, online or paperless, the organizational meeting and registration present or absent,
en and de, site_url set or not. Derandomized, so CI sees the same courses every run.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursesite.cli import STARTER
from coursesite.course.load import load
from coursesite.engine import site
from coursesite.sources.stamp import Stamp
from sitelinks import broken_links

STAMP = Stamp(dt.date(2027, 4, 1), "abc1234")
BASE = yaml.safe_load((STARTER / "course.yaml").read_text(encoding="utf-8"))
BIB = (STARTER / "papers.bib").read_bytes()


@st.composite
def courses(draw) -> dict:
    course = yaml.safe_load(yaml.safe_dump(BASE))  # a deep copy
    roles = draw(st.sampled_from([3, 1, 0]))
    course["roles"] = course["roles"][:roles]
    if not course["roles"]:
        del course["roles"]
    participants = draw(st.none() | st.integers(1, 12))
    if participants is None:
        del course["participants"]
    else:
        course["participants"] = participants
    no_rotation = draw(st.booleans())
    if no_rotation:
        course["rotation"] = "none"
    if roles < 3 or no_rotation:
        # The prose of the starter links the roles' pages; a course without them says it in words (check
        # refuses the link otherwise, which test_links covers).
        course["sections"][0]["body"] = "Everyone reads every paper."
    for name in ("organizational_meeting", "registration"):
        if draw(st.booleans()):
            del course[name]
    course["language"] = draw(st.sampled_from(["en", "de"]))
    if draw(st.booleans()):
        course["site_url"] = "https://seminar.example/ml/"
    for i, session in enumerate(course["sessions"]):
        # Every session cancelled stops the home page (held[0] of nothing): issue 21's notes, not yet fixed.
        shape = draw(st.sampled_from(["plain", "online", "paperless"] + (["cancelled"] if i else [])))
        if shape == "cancelled":
            session["cancelled"] = True
            session["note"] = "The room is taken."
        elif shape == "online":
            session["online"] = "https://meet.example/seminar"
        elif shape == "paperless":
            del session["paper"]
            session["title"] = "Discussion"
    return course


@pytest.mark.slow  # builds the pages of 80 generated courses
@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(courses())
def test_accepted_courses_link_only_what_they_have(course):
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        (where / "course.yaml").write_text(yaml.safe_dump(course, allow_unicode=True), encoding="utf-8")
        (where / "papers.bib").write_bytes(BIB)
        files = site.make(load(where / "course.yaml", where / "papers.bib"), STAMP).files
    assert broken_links(files) == []
    calendars = [name for name in files if name.endswith(".ics")]
    assert calendars
    for name in calendars:
        data = files[name]
        icalendar.Calendar.from_ical(data if isinstance(data, bytes) else data.encode())
    if "participants" in course and "roles" in course and course.get("rotation") != "none":
        assert f"participants/{course['participants']}.md" in files
    if "roles" not in course or course.get("rotation") == "none":
        assert "rotation.md" not in files and "roles.md" not in files
