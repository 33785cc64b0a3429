"""Done when: following the guide on a fresh copy, a new seminar builds in English and German without touching code."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT, build_site, copy_course, run_cli

pytestmark = pytest.mark.slow  # every test here builds sites of its own

GIT = ["git", "-c", "user.name=Organizer", "-c", "user.email=organizer@example.org", "-c", "commit.gpgsign=false"]
LAYER_NORM = """
@misc{ba2016layer,
  author        = {Ba, Jimmy Lei and Kiros, Jamie Ryan and Hinton, Geoffrey E.},
  title         = {Layer Normalization},
  year          = {2016},
  eprint        = {1607.06450},
  archiveprefix = {arXiv},
}
"""


def git(root, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True).stdout


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rows(site, url: str) -> list[list[str]]:
    return [[" ".join(c.get_text(" ").split()) for c in tr.select("th, td")] for tr in site.content(url).select("table tr")]


def test_new_semester_in_english_and_german(tmp_path, monkeypatch):
    """The guide's steps (tag, remove, `new`, check, build, swap, add a paper, German) give a complete site each time."""
    monkeypatch.setenv("COURSESITE_STAMP_DATE", "2027-03-01")
    monkeypatch.setenv("COURSESITE_VERSION", "0123abc")
    root = copy_course(tmp_path / "clone")
    shutil.copy2(ROOT / ".gitignore", root / ".gitignore")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Winter 2023/24")

    # "Start a new semester"
    git(root, "tag", "winter-2023-24")
    git(root, "rm", "-q", "course.yaml", "papers.bib")
    assert run_cli(root, "new", ".").returncode == 0
    check = run_cli(root, "check")
    assert (check.returncode, check.stderr) == (0, "")

    site = build_site(root)
    assert site.content("/").h1.get_text(" ", strip=True).startswith("Reading Seminar on Landmark Papers in Deep Learning")
    assert [h.get_text(" ", strip=True).rstrip("¶").strip() for h in site.content("/roles/").select("h2")] \
        == ["Presenter", "Critic", "Scribe"]
    schedule = rows(site, "/schedule/")
    assert schedule[2][:5] == ["1", "Thursday", "6 May 2027", "16:15–17:45", "Room 101"]
    assert schedule[4][:5] == ["3", "Thursday", "1 July 2027", "16:15–17:45", "Room 202"]
    assert "Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan N. Gomez, Łukasz Kaiser, " \
           "Illia Polosukhin" in site.text("/papers/vaswani2017attention/")
    assert sorted(p.name for p in (site.dir / "participants").iterdir() if p.is_dir()) == ["1", "2", "3", "4", "5", "6"]
    assert "Session 2: Presenter" in site.text("/participants/3/")
    assert "Session 2: Scribe" in site.text("/participants/5/")
    assert not (site.dir / "papers" / "glorot2010understanding").exists()

    # "Swap two participants' roles" and "Add or replace a paper"
    course, bib = root / "course.yaml", root / "papers.bib"
    edit(course, "# swaps:\n#   - session: 2027-06-03\n#     participants: [3, 5]", "swaps:\n  - session: 2027-06-03\n    participants: [3, 5]")
    edit(course, "    room: Room 202           # this session only\n",
         "    room: Room 202           # this session only\n    further_reading: [ba2016layer]\n")
    bib.write_text(bib.read_text(encoding="utf-8") + LAYER_NORM, encoding="utf-8")
    site = build_site(root)
    assert "Session 2: Scribe" in site.text("/participants/3/")
    assert "Session 2: Presenter" in site.text("/participants/5/")
    assert "Further reading J. L. Ba, J. R. Kiros, and G. E. Hinton, “Layer Normalization”, 2016, arXiv: " \
           "arXiv:1607.06450. [Online]. Available: https://arxiv.org/abs/1607.06450" in site.text("/papers/vaswani2017attention/")

    # "Language"
    edit(course, "language: en ", "language: de ")
    site = build_site(root)
    assert site.html("/").html["lang"] == "de"
    assert "Vorbesprechung: Donnerstag, 15. April 2027, 16:00–17:00 Uhr" in site.text("/")
    schedule = rows(site, "/schedule/")
    assert schedule[0] == ["Nr.", "Tag", "Datum", "Zeit", "Raum", "Artikel"]
    assert schedule[2][:5] == ["1", "Donnerstag", "6. Mai 2027", "16:15–17:45 Uhr", "Room 101"]
    assert "Sitzung 2: Scribe Datum: Donnerstag, 3. Juni 2027, 16:15–17:45 Uhr" in site.text("/participants/3/")
    assert "Weiterführende Literatur" in site.text("/papers/vaswani2017attention/")
    assert " ".join(site.html("/").select_one(".md-copyright").get_text(" ").split()).startswith(
        "Summer 2027 · Example University · Stand: 1. März 2027 (0123abc)")

    # Without touching code: only the two course files differ from the last semester.
    git(root, "add", "-A")
    assert git(root, "status", "--porcelain") == "M  course.yaml\nM  papers.bib\n"
    assert git(root, "diff", "--stat", "winter-2023-24", "--", "scripts", "docs", "mkdocs.yml") == ""


def test_next_semester_from_this_one_builds_a_site(tmp_path):
    """`new --from`: the new course builds at once; its schedule says the papers are to come, roles and rotation stay."""
    source = copy_course(tmp_path / "repo")
    assert run_cli(source, "new", "ss2024", "--from", ".", "--start", "2024-04-16").returncode == 0
    site = build_site(source / "ss2024")
    schedule = rows(site, "/schedule/")
    assert schedule[2][:3] == ["1", "Tuesday", "16 April 2024"]
    assert [r[5] for r in schedule[2:7]] == ["Paper to be announced"] * 5
    assert "Summer 2024" in site.text("/")
    assert (site.dir / "roles" / "index.html").is_file() and (site.dir / "rotation" / "index.html").is_file()
    assert not (site.dir / "papers" / "glorot2010understanding").exists()
    assert not (site.dir / "participants").exists()
