"""Golden files: each course's generated pages, calendars and handout data, compared byte for byte with a diff.

For the seed course, the German variant, a course without a participant count and one with deadlines (conftest.VARIANTS),
tests/golden/<course>/ holds every generated Markdown page, course.ics, participant 3's calendar (when
there are personal calendars) and handout.json, the data the handout is typeset from. They come from
`site.generated_files` with a fixed stamp, so no site engine is involved and any change to what a
course produces shows up here as a diff. After an intended change, refresh and review them:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
    git diff tests/golden/
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path

import pytest

from conftest import ROOT, VARIANTS, variant
from coursesite.course import paths
from coursesite.engine import site
from coursesite.exports import pdf
from coursesite.sources.stamp import Stamp

GOLDEN = Path(__file__).parent / "golden"
STAMP = Stamp(dt.date(2023, 10, 20), "abc1234")
HANDOUT_DATA = "handout.json"
"""The handout's data, as `pdf.handout_data` gives it to Typst; the PDF itself is checked in test_pdf.py."""


def outputs(root: Path) -> dict[str, bytes]:
    """The golden outputs of the course in `root`, by path below tests/golden/<course>/."""
    loaded = site.load_course(root)
    files = site.generated_files(loaded, STAMP)
    wanted = {paths.COURSE_CALENDAR, paths.participant_calendar(3)}
    chosen = {name: content.encode("utf-8") if isinstance(content, str) else content
              for name, content in files.items() if name.endswith(".md") or name in wanted}
    data = pdf.handout_data(loaded.course, STAMP)
    chosen[HANDOUT_DATA] = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return dict(sorted(chosen.items()))


def stored(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def diff(name: str, expected: bytes, actual: bytes) -> str:
    lines = difflib.unified_diff(expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines(),
                                 f"golden/{name}", f"generated/{name}", lineterm="")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_outputs_match_the_golden_files(name, tmp_path, request):
    """Every golden output of the course is generated exactly as stored, and no stored file is left over."""
    root = ROOT if name == "seed" else variant(tmp_path / name, name)
    actual, folder = outputs(root), GOLDEN / name
    if request.config.getoption("--update-golden"):
        for stale in set(stored(folder)) - set(actual) if folder.exists() else ():
            (folder / stale).unlink()
        for rel, content in actual.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(content)
    expected = stored(folder)
    problems = [f"missing golden file golden/{name}/{rel}" for rel in actual if rel not in expected]
    problems += [f"golden/{name}/{rel} is no longer generated" for rel in expected if rel not in actual]
    problems += [diff(f"{name}/{rel}", expected[rel], content) for rel, content in actual.items()
                 if rel in expected and expected[rel] != content]
    if problems:
        pytest.fail("\n\n".join(problems) + "\n\nIf the change is intended: pytest tests/test_golden.py --update-golden, "
                    "then review git diff tests/golden/", pytrace=False)


def test_golden_files_cover_each_kind_of_output():
    """Each course's golden files include the pages, the course calendar and the handout data; personal
    pages and a personal calendar exactly where the course has a participant count."""
    for name in VARIANTS:
        files = set(stored(GOLDEN / name))
        assert {"index.md", "schedule.md", "rotation.md", "papers/index.md", paths.COURSE_CALENDAR, HANDOUT_DATA} <= files
        personal = {paths.participant_calendar(3), "participants/3.md"} <= files
        assert personal == (name != "no-participants"), name
