"""Property-based fuzzing of the loader: whatever the files contain, the result is a model or a CourseError.

Any other exception would reach the organizer as a traceback instead of a line to act on. Inputs are
random text, random YAML data, and random edits of the seed course.yaml and papers.bib (the edits
keep most of the file valid, so they reach the later checks, not only the parser).
"""

from __future__ import annotations

import copy
import functools
import os
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from coursesite.course.load import Loaded, load
from coursesite.errors import CourseError
from coursesite.render import pages

pytestmark = pytest.mark.slow  # hundreds of random inputs per test

SEED_YAML = (ROOT / "course.yaml").read_text(encoding="utf-8")
SEED_BIB = (ROOT / "papers.bib").read_text(encoding="utf-8")

# FUZZ_EXAMPLES=5000 for a longer search than the default run of `make test`.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 200)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# Characters that mean something to YAML or BibTeX, so random text hits the parsers' edge cases.
YAML_CHARS = ":-[]{}#&*!|>'\"%@`,?\t\n " + string.ascii_letters + string.digits + "äß€\u202e\x00\x85\ufeff"
BIB_CHARS = "@{}=,\"%#\\~$^_ \n\t" + string.ascii_letters + string.digits + "äß€\x00"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


_WRITTEN: dict[Path, bytes] = {}
"""What each file holds now: most examples change one of the two files, and the other need not be written again."""


def outcome(folder: Path, course: str | bytes = SEED_YAML, bib: str | bytes = SEED_BIB) -> Loaded | CourseError:
    """Load the two texts from files; a CourseError is returned, any other exception propagates."""
    for name, content in (("course.yaml", course), ("papers.bib", bib)):
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        if _WRITTEN.get(folder / name) != data:
            (folder / name).write_bytes(data)
            _WRITTEN[folder / name] = data
    try:
        loaded = load(folder / "course.yaml", folder / "papers.bib")
    except CourseError as exc:
        assert exc.problems, "a CourseError must carry at least one problem"
        for problem in exc.problems:
            assert "\n" not in str(problem) and str(problem).startswith(problem.file)
        event("CourseError")
        return exc
    event("loaded")
    # A course that passed validation must also render: the checks have to cover what the pages need.
    pages.render_pages(loaded.course)
    return loaded


def edits(seed: str, alphabet: str) -> st.SearchStrategy[str]:
    """The seed text after a few random deletions, insertions and replacements of characters or lines."""
    text_piece = st.text(alphabet=alphabet, max_size=12)

    @st.composite
    def edited(draw) -> str:
        text = seed
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["delete", "insert", "replace", "drop_line", "copy_line", "swap_lines"]))
            at = draw(st.integers(0, len(text)))
            if kind == "delete":
                text = text[:at] + text[at + draw(st.integers(1, 20)):]
            elif kind == "insert":
                text = text[:at] + draw(text_piece) + text[at:]
            elif kind == "replace":
                text = text[:at] + draw(st.sampled_from(alphabet)) + text[at + 1:]
            else:
                lines = text.split("\n")
                i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
                if kind == "drop_line":
                    del lines[i]
                elif kind == "copy_line":
                    lines.insert(j, lines[i])
                else:
                    lines[i], lines[j] = lines[j], lines[i]
                text = "\n".join(lines)
        return text

    return edited()


# Plain YAML data, with the course's own key names so that the converter sees plausible shapes.
KEYS = st.sampled_from(["title", "date", "start", "end", "room", "paper", "sessions", "roles", "id", "name",
                        "summary", "duties", "participants", "swaps", "session", "meetings", "weekday",
                        "timezone", "language", "url", "text", "body", "questions", "notebook", "students"])
SCALARS = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=True)
           | st.text(max_size=20) | st.dates().map(str) | st.times().map(lambda t: t.strftime("%H:%M")))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(KEYS | st.text(max_size=8), inner, max_size=5), max_leaves=30)


@functools.cache
def _seed_data() -> dict:
    return yaml.safe_load(SEED_YAML)


def seed_data() -> dict:
    """The seed course.yaml as data, a copy to change: parsed once (PyYAML's parser took a fifth of this module's time)."""
    return copy.deepcopy(_seed_data())


@st.composite
def seed_with_replaced_value(draw) -> str:
    """The seed course with one value somewhere in the tree replaced by random data."""
    data = seed_data()
    node, key = data, None
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, (dict, list)) or not child or draw(st.booleans()):
            break
        node = child
    if key is not None:
        node[key] = draw(DATA)
    # libyaml's emitter where PyYAML has it: the seed's text is the same as the Python emitter's, at a tenth of the
    # CPU (5.4 -> 0.6 ms an example).
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)


@FUZZ
@given(st.text(alphabet=YAML_CHARS, max_size=300))
def test_random_text_as_course_yaml(folder, text):
    """Random text as course.yaml gives a model or a CourseError."""
    outcome(folder, course=text)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_as_both_files(folder, data):
    """Random bytes in either file give a model or a CourseError."""
    outcome(folder, course=data)
    outcome(folder, bib=data)


@FUZZ
@given(DATA)
def test_random_yaml_data(folder, data):
    """Any YAML document produced by yaml.safe_dump gives a model or a CourseError."""
    outcome(folder, course=yaml.safe_dump(data, allow_unicode=True))


@FUZZ
@given(seed_with_replaced_value())
def test_seed_course_with_one_value_replaced(folder, text):
    """The seed course with any one value replaced by random data gives a model or a CourseError."""
    outcome(folder, course=text)


@FUZZ
@given(edits(SEED_YAML, YAML_CHARS))
def test_edited_seed_course_yaml(folder, text):
    """The seed course.yaml after random character and line edits gives a model or a CourseError."""
    outcome(folder, course=text)


@FUZZ
@given(st.text(alphabet=BIB_CHARS, max_size=300))
def test_random_text_as_papers_bib(folder, text):
    """Random text as papers.bib gives a model or a CourseError."""
    outcome(folder, bib=text)


@FUZZ
@given(edits(SEED_BIB, BIB_CHARS))
def test_edited_seed_papers_bib(folder, text):
    """The seed papers.bib after random character and line edits gives a model or a CourseError."""
    outcome(folder, bib=text)


def test_seed_loads(folder):
    """The unedited seed files load, so the properties above start from a valid course."""
    loaded = load(ROOT / "course.yaml", ROOT / "papers.bib")
    assert isinstance(loaded, Loaded) and len(loaded.course.sessions) == 5
