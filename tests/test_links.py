"""Links that organizers write in prose to pages of the site: written from the site's top folder, they lead
there from every page the text is shown on, and `check` refuses those that lead to nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

from conftest import copy_course, run_cli
from corpus import original, prepare
from coursesite.course.load import load
from coursesite.engine import site
from coursesite.exports import news
from coursesite.model import Announcement
from coursesite.render import escape, links
from coursesite.sources.stamp import Stamp
from sitelinks import broken_links

STAMP = Stamp(dt.date(2027, 4, 1), "abc1234")


def test_site_targets_name_source_files():
    """A page's served address and its source name the same page; other links are not the site's."""
    assert escape.site_target("schedule/") == ("schedule.md", "")
    assert escape.site_target("papers/") == ("papers/index.md", "")
    assert escape.site_target("./roles.md#critic") == ("roles.md", "critic")
    assert [escape.site_target(t) for t in ("https://a.example/x.md", "mailto:a@b.example", "#top")] == [None] * 3
    assert escape.site_links("[a](roles.md) `[b](x.md)` [c](https://a.example) [d][r]\n\n[r]: rotation.md") \
        == ["roles.md", "rotation.md"]


def test_prose_link_is_rewritten_for_the_page_it_lands_on(tmp_path):
    """A cancelled session's note linking the rotation leads there from the schedule, the paper page and each
    personal page."""
    prepare(original("starter"), tmp_path)
    course = tmp_path / "course.yaml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text.replace("    paper: he2016deep\n", "    paper: he2016deep\n"
                                   "    cancelled: true\n    note: See the [rotation](rotation.md#role-rotation) and [paper](papers/kingma2015adam.md).\n", 1),
                      encoding="utf-8")
    files = site.make(load(course, tmp_path / "papers.bib"), STAMP).files
    assert "[rotation](rotation.md#role-rotation)" in files["schedule.md"]
    assert "[rotation](../rotation.md#role-rotation)" in files["participants/1.md"]
    assert "[paper](kingma2015adam.md)" in files["papers/he2016deep.md"]
    assert broken_links(files) == []


def test_bar_and_feed_link_pages_by_their_full_address_or_not_at_all(tmp_path):
    """The announcement bar (on every page) and the feed (on none) link a page of the site by its full address;
    without site_url the label stays, as text."""
    prepare(original("starter"), tmp_path)
    course = load(tmp_path / "course.yaml", tmp_path / "papers.bib").course
    item = Announcement(dt.date(2027, 4, 1), "See the [schedule](schedule.md).")
    course = dataclasses.replace(course, announcements=(item,))
    assert "href" not in news.bar(course, dt.date(2027, 4, 2)) and "schedule" in news.bar(course, dt.date(2027, 4, 2))
    published = dataclasses.replace(course, site_url="https://seminar.example/ml/")
    assert 'href="https://seminar.example/ml/schedule/"' in news.bar(published, dt.date(2027, 4, 2))
    assert b"https://seminar.example/ml/schedule/" in news.feed(published)


def test_check_and_build_refuse_a_dead_link_in_the_same_words(tmp_path):
    """A prose link to a page the course lacks: check and build print the same lines, and the build makes no site/."""
    prepare(original("starter"), tmp_path)
    course = tmp_path / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("participants: 6\n", "participants: 6\nrotation: none\n"),
                      encoding="utf-8")
    checked, built = run_cli(tmp_path, "check"), run_cli(tmp_path, "build")
    assert checked.returncode == built.returncode == 1
    assert checked.stderr == built.stderr
    assert checked.stderr.startswith("error: course.yaml:33: sections[0].body: the link 'roles.md' leads to no page")
    assert not (tmp_path / "site").exists()


def test_a_warning_of_the_engine_names_the_field_it_comes_from(tmp_path, monkeypatch):
    """Should `check` ever miss a link that MkDocs cannot follow (simulated: the link check finds nothing), the
    build still stops, and its warning names the course.yaml field and line that wrote the link."""
    root = copy_course(tmp_path / "course")  # with the repository's mkdocs.yml and docs/
    prepare(original("starter"), root)
    course = root / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("participants: 6\n", "participants: 6\nrotation: none\n"),
                      encoding="utf-8")
    monkeypatch.setattr(links, "problems", lambda *args: [])
    built = run_cli(root, "build")
    assert built.returncode == 1
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings and all(line.endswith(" (from course.yaml:33: sections[0].body; change it there)")
                            for line in warnings), built.stderr
    assert any("contains a link 'roles.md'" in line for line in warnings)
