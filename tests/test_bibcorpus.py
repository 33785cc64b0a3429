"""BibTeX as the tools export it (tests/bibcorpus/, one file per tool: Zotero's BibTeX and BibLaTeX, Better BibTeX,
JabRef, Mendeley, Google Scholar, dblp, arXiv, the ACM and IEEE libraries, Semantic Scholar, doi.org and a
colleague's biblatex file) pasted whole into a course's papers.bib: every entry is read without a message, and
each one's short label, citation (IEEE and APA) and links read as `<tool>.expected` says.

The expected files are reviewed test data: refresh them with `pytest tests/test_bibcorpus.py --update-golden`
and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_course
from coursesite.course import citations, load, paths
from coursesite.course.load import Loaded
from coursesite.errors import Problems
from coursesite.render.pages import render_pages
from coursesite.sources.bib import IGNORED_TYPES, load_bib

CORPUS = Path(__file__).parent / "bibcorpus"
TOOLS = sorted(p.stem for p in CORPUS.glob("*.bib"))
VOLUMES = {"DBLP:conf/icml/2015", "knuth:ct", "gaonkar"}
"""Entries the others name by crossref: read too, but as the source of their papers' fields."""


def keys(tool: str) -> list[str]:
    bib = load_bib((CORPUS / f"{tool}.bib").read_bytes(), f"{tool}.bib", Problems())
    assert bib is not None
    return [k for k, e in bib.entries.items() if e.entry_type.lower() not in IGNORED_TYPES]


@pytest.fixture(scope="module")
def pasted(tmp_path_factory) -> Loaded:
    """The seed course with every corpus file appended to papers.bib and each entry named as further reading."""
    root = copy_course(tmp_path_factory.mktemp("corpus"))
    bib = root / "papers.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "".join(
        "\n" + (CORPUS / f"{tool}.bib").read_text(encoding="utf-8") for tool in TOOLS), encoding="utf-8")
    named = ", ".join(f'"{k}"' for tool in TOOLS for k in keys(tool))
    course = root / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "further_reading: [zhang2017understanding]", f"further_reading: [zhang2017understanding, {named}]"), encoding="utf-8")
    return load.load(course, bib)


def test_the_corpus_is_a_real_library():
    """At least 60 entries, from every tool the guide names."""
    assert sum(len(keys(tool)) for tool in TOOLS) >= 60
    assert len(TOOLS) == 13


def test_pasted_whole_it_loads_without_a_message(pasted):
    """No entry of any tool is refused or warned about, except what the handout cannot print (the ACM's parrot)."""
    assert [str(w) for w in pasted.warnings] == [
        "papers.bib:117: entry '10.1145/3442188.3445922', title: the handout's fonts have no glyph for '🦜'; it prints "
        "as a box in handout.pdf; the web pages show it"]


def rendering(loaded: Loaded, tool: str) -> str:
    course = loaded.course
    pages = render_pages(course)
    apa = citations.format_all([course.papers[k] for k in keys(tool)], "apa", "en")
    out = []
    for key in keys(tool):
        paper = course.papers[key]
        page = pages[paths.paper_page(key)]
        links = page.split("## Links\n\n", 1)[1].split("\n\n", 1)[0].splitlines() if "## Links\n" in page else []
        out += [key, f"  label: {paper.short}", f"  ieee:  {course.citations[key].plain}", f"  apa:   {apa[key].plain}"]
        out += [f"  link:  {line.removeprefix('- ')}" for line in links]
        out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("tool", TOOLS)
def test_each_entry_reads_as_expected(pasted, tool, request):
    """Label, citation in two styles and links of every entry, as reviewed in tests/bibcorpus/<tool>.expected."""
    got = rendering(pasted, tool)
    expected = CORPUS / f"{tool}.expected"
    if request.config.getoption("--update-golden"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


def test_left_out_entries_are_counted(tmp_path):
    """Pasted whole but read by no session, the corpus costs one note, not a message per entry."""
    root = copy_course(tmp_path / "course")
    bib = root / "papers.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "".join(
        "\n" + (CORPUS / f"{tool}.bib").read_text(encoding="utf-8") for tool in TOOLS), encoding="utf-8")
    loaded = load.load(root / "course.yaml", bib)
    assert loaded.warnings == ()
    total = sum(len(keys(tool)) for tool in TOOLS)
    assert loaded.notes == (f"papers.bib: {total + 1} entries that no session reads and no further_reading names are "
                            "left out of the site",)
