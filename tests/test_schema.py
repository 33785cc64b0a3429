"""The JSON Schema of course.yaml: generated from the model, committed, and in step with the loader."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from conftest import ROOT, run_cli
from coursesite.course import schema
from coursesite.course.load import load
from coursesite.errors import Problems
from coursesite.sources import addresses
from coursesite.sources.yamlsource import load_yaml

COMMITTED = ROOT / schema.FILE_NAME


def course_data(text: str) -> object:
    """course.yaml as the loader reads it (dates and times stay text, as in an editor's YAML 1.2)."""
    problems = Problems()
    doc = load_yaml(text, "course.yaml", problems)
    assert not problems.errors, problems.errors
    return doc.data


def errors(data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema.json_schema())
    # An optional record is "the record or nothing" (anyOf): report what is wrong inside the record.
    return sorted(jsonschema.exceptions.best_match([e]).message for e in validator.iter_errors(data))


def test_committed_schema_is_up_to_date():
    """The committed course.schema.json equals what the model generates (run `make schema` after changing model.py)."""
    assert COMMITTED.read_text(encoding="utf-8") == schema.text(), "course.schema.json is out of date: run `make schema`"


def test_schema_is_valid_draft_2020_12():
    """The generated schema is itself a valid draft 2020-12 schema and its compact text is the same JSON."""
    jsonschema.Draft202012Validator.check_schema(schema.json_schema())
    assert json.loads(schema.text()) == schema.json_schema()


def test_course_yaml_points_editors_to_the_schema():
    """course.yaml's first line tells YAML editors where the schema is."""
    first = (ROOT / "course.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema.FILE_NAME}"


def test_seed_course_validates():
    """The repository's course.yaml passes the schema."""
    assert errors(course_data((ROOT / "course.yaml").read_text(encoding="utf-8"))) == []


def test_misspelt_key_is_rejected():
    """A misspelt key inside a session is flagged, as `check` would flag it."""
    text = (ROOT / "course.yaml").read_text(encoding="utf-8").replace("    paper: ba2014deep", "    papr: ba2014deep")
    assert errors(course_data(text)) == [
        "Additional properties are not allowed ('papr' was unexpected)",
    ]


@pytest.mark.parametrize("old, new, message", [
    ('  start: "18:00"\n  room: Mathematikon Seminar Room 11', '  start: "6 pm"\n  room: Mathematikon Seminar Room 11',
     "'6 pm' does not match '^\\\\d{1,2}[:.]\\\\d{2}$'"),
    ("language: en", "language: es", "'es' is not one of ['de', 'en', 'fr', None]"),
    ("participants: 10", "participants: 0", "0 is less than the minimum of 1"),
    ("  - id: hacker", "  - id: 2hacker", "'2hacker' does not match '^[A-Za-z][A-Za-z0-9_-]*$'"),
    ("  url: https://muesli.mathi.uni-heidelberg.de/", "  url: muesli", f"'muesli' does not match {addresses.ADDRESS_PATTERN!r}"),
    ("  url: https://muesli.mathi.uni-heidelberg.de/", '  url: https://muesli.example/" onclick="x',
     f"'https://muesli.example/\" onclick=\"x' does not match {addresses.ADDRESS_PATTERN!r}"),
    ("timezone: Europe/Berlin", 'timezone: Europe/Berlin\nsite_url: https://a.example/ x', f"'https://a.example/ x' does not match {addresses.WEB_PATTERN!r}"),
    ("timezone: Europe/Berlin", 'timezone: Europe/Berlin\nsite_url: mailto:a@b.example', f"'mailto:a@b.example' does not match {addresses.WEB_PATTERN!r}"),
    ("  url: https://muesli.mathi.uni-heidelberg.de/", "  url: mailto:a@uni.example?bcc=b@else.example",
     f"'mailto:a@uni.example?bcc=b@else.example' does not match {addresses.ADDRESS_PATTERN!r}"),
])
def test_wrong_values_are_rejected(old, new, message):
    """Times, languages, counts, identifiers and addresses that `check` rejects are also flagged by the schema."""
    text = (ROOT / "course.yaml").read_text(encoding="utf-8")
    assert old in text
    assert errors(course_data(text.replace(old, new, 1))) == [message]


def test_what_the_loader_accepts_the_schema_accepts(tmp_path):
    """Shorthands the loader allows (one key without a list, a number as a room, an empty optional key) pass both."""
    text = (ROOT / "course.yaml").read_text(encoding="utf-8")
    text = text.replace("  room: Mathematikon Seminar Room 2", "  room: 2")
    text = text.replace("    further_reading: [zhang2017understanding]", "    further_reading: zhang2017understanding")
    text = text.replace("audience: Master's students of Scientific Computing and Mathematics", "audience:")
    assert errors(course_data(text)) == []
    (tmp_path / "course.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    loaded = load(tmp_path / "course.yaml", ROOT / "papers.bib")
    assert loaded.course.meetings.room == "2"
    assert loaded.course.sessions[2].further_reading == ("zhang2017understanding",)
    assert loaded.course.audience is None


def test_schema_command_writes_the_file(tmp_path):
    """`python -m coursesite schema` writes the same text that is committed."""
    result = run_cli(tmp_path, "schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {tmp_path / schema.FILE_NAME}\n"
    assert (tmp_path / schema.FILE_NAME).read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
