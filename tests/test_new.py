"""`python -m coursesite new`: a starter course for the next seminar that is valid as written."""

from __future__ import annotations

from conftest import ROOT, run_cli
from coursesite.course import schema
from coursesite.course.load import load
from test_schema import course_data, errors


def test_new_writes_a_valid_starter(tmp_path):
    """`new FOLDER` creates the folder with course.yaml and papers.bib that pass `check` without edits."""
    folder = tmp_path / "next-seminar"
    result = run_cli(tmp_path, "new", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {folder}/course.yaml and {folder}/papers.bib; edit them, then run `make check DIR=next-seminar`\n"
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "course.yaml", "papers.bib"]

    check = run_cli(folder, "check")
    assert check.returncode == 0, check.stderr
    assert check.stderr == ""
    assert check.stdout.splitlines()[0] == "course.yaml and papers.bib are valid: 3 sessions, 3 roles, 6 participants, 3 papers."


def test_starter_differs_from_the_seed_course(tmp_path):
    """The starter is a different seminar: its own roles, dates and papers, and its own comments."""
    run_cli(tmp_path, "new", str(tmp_path))
    starter = load(tmp_path / "course.yaml", tmp_path / "papers.bib").course
    seed = load(ROOT / "course.yaml", ROOT / "papers.bib").course
    assert [r.name for r in starter.roles] == ["Presenter", "Critic", "Scribe"]
    assert [str(s.date) for s in starter.sessions] == ["2027-05-06", "2027-06-03", "2027-07-01"]
    assert sorted(starter.papers) == ["he2016deep", "kingma2015adam", "vaswani2017attention"]
    assert not {r.id for r in starter.roles} & {r.id for r in seed.roles}
    assert not set(starter.papers) & set(seed.papers)
    assert starter.paper("vaswani2017attention").authors[6].full == "Łukasz Kaiser"


def test_starter_validates_against_the_schema(tmp_path):
    """The starter passes the JSON Schema, and its first line points the editor to the committed schema."""
    run_cli(tmp_path, "new", str(tmp_path))
    text = (tmp_path / "course.yaml").read_text(encoding="utf-8")
    assert errors(course_data(text)) == []
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={schema.FILE_NAME}"


def test_new_in_a_sub_folder_points_up_to_the_schema(tmp_path):
    """From a folder inside the repository, the schema comment is a relative path that leads to the schema."""
    folder = ROOT / "build" / "test-new-schema"
    try:
        assert run_cli(tmp_path, "new", str(folder)).returncode == 0
        first = (folder / "course.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../course.schema.json"
        assert (folder / "../../course.schema.json").resolve() == ROOT / schema.FILE_NAME
    finally:
        for name in ("course.yaml", "papers.bib", ".gitignore"):
            (folder / name).unlink(missing_ok=True)
        folder.rmdir()


def test_new_refuses_to_overwrite(tmp_path):
    """`new` into a folder that already has a course file stops with one line and changes nothing."""
    (tmp_path / "papers.bib").write_text("% mine\n", encoding="utf-8")
    result = run_cli(tmp_path, "new", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (f"error: {tmp_path}/papers.bib already exists; move it away (git keeps the old version) "
                             "or choose another folder, e.g. make new DIR=next-seminar\n")
    assert not (tmp_path / "course.yaml").exists()
    assert (tmp_path / "papers.bib").read_text(encoding="utf-8") == "% mine\n"


def test_new_refuses_a_file_as_folder(tmp_path):
    """`new` given a file instead of a folder stops with one line and no traceback."""
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli(tmp_path, "new", str(tmp_path / "notes.txt"))
    assert result.returncode == 1
    assert result.stderr == (f"error: {tmp_path}/notes.txt is a file, not a folder; give the folder for the new course, "
                             "e.g. make new DIR=next-seminar\n")
