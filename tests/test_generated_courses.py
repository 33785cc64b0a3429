"""Courses of every shape that nobody here wrote (tests/coursegen.py), checked and made in-process, without MkDocs.

For each generated course: course.schema.json accepts it and `check` accepts it (the same `load_course` +
`site.make` that `check` and `build` run, with a fixed stamp); every internal link of every generated page
leads to a generated page, download or heading; the Roles and Rotation pages exist exactly when some
session gives roles; each personal page's table says what the oracle (the guide's rules,
`coursegen.holdings`) says each participant holds or presents in each session; every calendar parses
with one UID per event; the handout is a PDF. Derandomized, so CI sees the same courses every run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import icalendar
import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from icalendar.parser.content_line import Contentline

import coursegen
from conftest import ROOT, run_cli
from coursesite.cli import STARTER
from coursesite.course import paths, schema
from coursesite.engine import kept, site
from coursesite.errors import Problems
from coursesite.render.i18n import Labels
from coursesite.sources.stamp import Stamp
from coursesite.sources.yamlsource import load_yaml
from sitelinks import broken_links, html_pages

STAMP = Stamp(dt.date(2027, 4, 1), "abc1234")


def examples(n: int) -> settings:
    """Without shrinking: a course takes ~0.2 s to make, so shrinking a failure could take many minutes of the
    suite's time; the failing course is printed whole, which is enough to reproduce it."""
    return settings(max_examples=n, deadline=None, derandomize=True, database=None, print_blob=True,
                    phases=(Phase.explicit, Phase.generate),
                    report_multiple_bugs=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# libyaml's emitter where PyYAML has it: the same text as the Python one (all 40 courses compared), at a quarter of
# the CPU.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes course.yaml as organizers do: no anchors for repeated dates."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def course_yaml(course: dict) -> str:
    return yaml.dump(course, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module", autouse=True)
def handouts_kept_for_this_run(tmp_path_factory) -> Iterator[None]:
    """The handouts this module's courses typeset, kept for this run only (not in the user's folder): drawn courses
    repeat a handout's input (39 of the 150-course property's), and `made` then reads the kept one, as a rebuild does
    (test_pdf checks that a kept handout is the one Typst would make now), instead of typesetting it again."""
    handouts = tmp_path_factory.mktemp("handouts")
    folder = kept.folder
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kept, "folder", lambda name=kept.HANDOUTS: handouts if name == kept.HANDOUTS else folder(name))
        yield


@pytest.fixture(scope="module", autouse=True)
def content_lines_split_once() -> Iterator[None]:
    """icalendar reads a calendar line by line, and splitting a line into name, parameters and value is most of it. A
    participant's calendar repeats the course's events line for line (the 150-course property's 164,821 lines are
    6,573 distinct ones), and the split depends on the line alone (the parser only reads the parameters it gives),
    so each distinct line is split once; every calendar is still read whole by icalendar."""
    split = Contentline.parts

    @functools.cache
    def parts(line: str, strict: bool) -> tuple:
        return split(Contentline(line, strict=strict))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Contentline, "parts", lambda self: parts(str(self), self.strict))
        yield


@pytest.fixture(scope="module")
def installed_themes_listed_once() -> Iterator[None]:
    """MkDocs lists the installed themes each time it reads mkdocs.yml (`check` and `build` of each example): it reads
    the entry points of every installed distribution (~12 ms), and forgets the list once it has loaded the theme
    (Theme._load_theme_config clears get_themes' cache). Nothing is installed while the module runs, so the first list
    stands for the others; a fresh listing at the end must still equal it."""
    from mkdocs import utils as mkdocs_utils  # only for the tests that run MkDocs

    listed = mkdocs_utils.get_themes()

    def get_themes() -> dict:
        return listed

    get_themes.cache_clear = lambda: None  # type: ignore[attr-defined]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mkdocs_utils, "get_themes", get_themes)
        yield
    mkdocs_utils.get_themes.cache_clear()
    assert mkdocs_utils.get_themes() == listed


def made(generated: coursegen.Generated, course: dict | None = None, text: str | None = None,
         handout: bool = True) -> dict[str, str | bytes]:
    """Every file the course adds to the site, as `check` makes them (it raises on anything it refuses); `text`:
    the course's course_yaml when the caller has it already. Without `handout`, the handout is not typeset (an empty
    file stands for it): for a caller that reads only what does not depend on it, such as the calendars."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "course.yaml").write_text(text or course_yaml(course or generated.course), encoding="utf-8")
        (folder / "papers.bib").write_text(generated.bib, encoding="utf-8")
        loaded = site.load_course(folder)
        if not handout:
            return site.generated_files(loaded, STAMP, handout=lambda: b"")
        result = site.make(loaded, STAMP)
    kept.store(result.kept, keep=1000)
    return result.files


def events(data: str | bytes) -> list[icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(data if isinstance(data, bytes) else data.encode())
    return [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]


def uids(files: dict[str, str | bytes]) -> dict[str, list[str]]:
    return {name: list(_uids(data)) for name, data in files.items() if name.endswith(".ics")}


# By content: drawn courses repeat calendars byte for byte (a participant's of a course that a later example varies
# elsewhere; 1,577 distinct of the 150-course property's 2,608), and what icalendar reads depends on the bytes alone.
@functools.lru_cache(maxsize=2048)
def _uids(data: str | bytes) -> tuple[str, ...]:
    return tuple(str(e["UID"]) for e in events(data))


_ROW = re.compile(r"<tr>\s*<td>(\d+)</td>\s*<td>.*?</td>\s*<td>(.*?)</td>", re.S)


def table_cells(page: str) -> list[tuple[int, str]]:
    """(session number, what the Role/Talk column says) for each row of a personal page's table (HTML)."""
    table = page[page.index("<table>"):page.index("</table>")]
    return [(int(n), html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()) for n, cell in _ROW.findall(table)]


def expected_cell(h: coursegen.Holding, t: Labels) -> str:
    """The cell as participant_row.md.j2 words it: "cancelled", the role, "Talk", both, or a dash."""
    if h.cancelled:
        return t._("cancelled")
    return " · ".join(p for p in (h.role, t._("Talk") if h.talk else None) if p) or "–"


@functools.cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    # One for all examples: each new validator resolves the schema's references again (half the validation).
    return jsonschema.Draft202012Validator(schema.json_schema())


# Not `slow`, although it searches many inputs: a quick round while editing should still meet courses of every
# shape (issue 21 asks for them in the fast tier); about 35 s of CPU, in-process, no MkDocs.
@examples(150)
@given(coursegen.courses())
def test_every_accepted_shape_builds_and_links_only_what_it_has(generated):
    course = generated.course
    text = course_yaml(course)
    data = load_yaml(text, "course.yaml", Problems()).data
    assert list(_schema_validator().iter_errors(data)) == []
    files = made(generated, text=text)
    pages = html_pages(files)
    assert broken_links(files, pages=pages) == []

    has_roles = coursegen.someone_holds_a_role(course)
    assert (paths.ROLES in files) is has_roles and (paths.ROTATION in files) is has_roles

    expected = coursegen.holdings(course)
    personal = sorted(int(name.split("/")[1][:-3]) for name in files
                      if name.startswith("participants/") and name.endswith(".md"))
    assert personal == list(range(1, (course.get("participants") or 0) + 1))
    t = Labels(course["language"])
    for n, holds in expected.items():
        shown = table_cells(pages[paths.participant_page(n)])
        assert shown == [(k, expected_cell(h, t)) for k, h in enumerate(holds, 1)], f"participant {n}"

    found = uids(files)
    assert paths.COURSE_CALENDAR in found and len(found) == 1 + len(expected)
    for name, ids in found.items():
        assert all(ids) and len(set(ids)) == len(ids), name

    handout = files[paths.HANDOUT]
    assert isinstance(handout, bytes) and handout.startswith(b"%PDF-") and b"%%EOF" in handout[-64:]


@pytest.mark.slow  # 30 generated courses
@examples(30)
@given(coursegen.courses())
def test_calendar_uids_survive_a_title_edit(generated):
    """A student who imported the calendar gets no second copy of any event after the title changes (with the
    course's `id:`, which `new` writes)."""
    course = {"id": "a1b2c3d4e5f60718", **generated.course}
    before = uids(made(generated, course, handout=False))
    after = uids(made(generated, {**course, "title": course["title"] + " – 2nd edition"}, handout=False))
    assert after == before


def test_every_session_cancelled():
    """The home page of a course whose every meeting is cancelled (it used to stop on `held[0]`)."""
    course = yaml.safe_load((STARTER / "course.yaml").read_text(encoding="utf-8"))
    for s in course["sessions"]:
        s["cancelled"] = True
    files = made(coursegen.Generated(course, (STARTER / "papers.bib").read_text(encoding="utf-8")))
    home = files[paths.HOME]
    assert isinstance(home, str)
    assert "- **Sessions:** 0 sessions." in home
    assert home.count("**Cancelled**") == 3
    assert broken_links(files) == []


def test_the_oracle_reads_the_guide_examples():
    """The oracle itself, on the guide's rules: a swap by date, a late joiner, a cancelled session, a moved one."""
    day = dt.date(2027, 5, 6)
    course = {
        "meetings": {"start": "16:15", "end": "17:45"}, "participants": 3,
        "roles": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}],
        "sessions": [
            {"date": day, "title": "Introduction"},
            {"date": day + dt.timedelta(days=7), "paper": "x"},
            {"date": day + dt.timedelta(days=15), "moved_from": day + dt.timedelta(days=14), "paper": "y"},
            {"date": day + dt.timedelta(days=21), "paper": "z", "cancelled": True},
            {"date": day + dt.timedelta(days=28), "papers": [{"key": "w", "presenters": [3]}]},
        ],
        "swaps": [{"session": day + dt.timedelta(days=15), "participants": [1, 2]}],
        "joined": {3: day + dt.timedelta(days=10)},
    }
    h = coursegen.holdings(course)
    H = coursegen.Holding
    assert h[1] == [H(False, None, False), H(False, "A", False), H(False, "C", False), H(True, None, False),
                    H(False, "A", False)]
    assert h[2] == [H(False, None, False), H(False, "B", False), H(False, "B", False), H(True, None, False),
                    H(False, "B", False)]
    assert h[3] == [H(False, None, False), H(False, None, False), H(False, "A", False), H(True, None, False),
                    H(False, "C", True)]
    assert dataclasses.asdict(h[3][4]) == {"cancelled": False, "role": "C", "talk": True}


@pytest.mark.slow  # 100 generated courses
@pytest.mark.usefixtures("installed_themes_listed_once")
@examples(100)
@given(coursegen.bad_edits())
def test_check_and_build_refuse_a_bad_edit_alike_at_its_line(bad):
    """`check` refuses each bad edit naming the file and the line of the edit; `build` prints the same lines."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        text = course_yaml(bad.generated.course)
        (folder / "course.yaml").write_text(text, encoding="utf-8")
        (folder / "papers.bib").write_text(bad.generated.bib, encoding="utf-8")
        for link in ("mkdocs.yml", "docs"):
            (folder / link).symlink_to(ROOT / link)
        checked = run_cli(folder, "check")
        built = run_cli(folder, "build")
        assert not (folder / "site").exists()
    source = text if bad.file == "course.yaml" else bad.generated.bib
    line = [n for n, content in enumerate(source.splitlines(), 1) if bad.marker in content][bad.nth - 1]
    errors = [e for e in checked.stderr.splitlines() if e.startswith("error: ")]
    assert checked.returncode == 1, (bad.name, checked.stdout)
    assert all(re.match(r"error: (course\.yaml|papers\.bib):\d+: ", e) for e in errors), errors
    assert any(e.startswith(f"error: {bad.file}:{line}: ") for e in errors), (bad.name, line, errors)
    assert "Traceback" not in checked.stderr
    assert (built.returncode, built.stderr) == (1, checked.stderr)
