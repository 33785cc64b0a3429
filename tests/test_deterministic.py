"""Deterministic output: the same input gives the same site, file for file and byte for byte.

The only dates in the output come from the input (the stamp: the last commit, or outside git the newest
input file), never from the clock, so no file needs to be left out of the comparison. Downloads that
the build adds to site/ (papers.bib, and the handout and calendar once they exist) are compared too.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import struct
from pathlib import Path

import pytest

from conftest import build_site, copy_course, file_digests

pytestmark = pytest.mark.slow  # every test here builds sites of its own

INPUT_DATE = dt.datetime(2023, 10, 1, 12, 0, tzinfo=dt.UTC)




def course_dated(target: Path) -> Path:
    """A copy of the course, with a site address (so sitemap.xml lists pages with a date), whose input
    files were last changed on INPUT_DATE (outside git, that dates the build)."""
    root = copy_course(target)
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    assert text.count("\n# site_url:") == 1
    course.write_text(re.sub(r"\n# site_url:[^\n]*", "\nsite_url: https://example.org/seminar/", text), encoding="utf-8")
    for name in ("course.yaml", "papers.bib"):
        os.utime(root / name, (INPUT_DATE.timestamp(), INPUT_DATE.timestamp()))
    return root


def test_two_builds_of_the_same_input_are_identical(tmp_path, monkeypatch):
    """Two builds in different folders produce the same files with the same bytes, sitemap included."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_site(course_dated(tmp_path / "first"))
    second = build_site(course_dated(tmp_path / "second"))
    a, b = file_digests(first.dir), file_digests(second.dir)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert {"index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "papers.bib"} <= set(a)


def test_build_date_comes_from_the_input_not_the_clock(tmp_path, monkeypatch):
    """sitemap.xml and the gzip header of sitemap.xml.gz carry the input's date, not the day of the build."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = build_site(course_dated(tmp_path / "course"))
    sitemap = (site.dir / "sitemap.xml").read_text(encoding="utf-8")
    dates = re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)
    assert len(dates) >= 10 and set(dates) == {"2023-10-01"}
    raw = (site.dir / "sitemap.xml.gz").read_bytes()
    (mtime,) = struct.unpack("<I", raw[4:8])  # RFC 1952: MTIME, bytes 4-7 of the header
    assert dt.datetime.fromtimestamp(mtime, dt.UTC).date() == dt.date(2023, 10, 1)
    assert gzip.decompress(raw).decode("utf-8") == sitemap
