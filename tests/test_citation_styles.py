"""The course's citation style (`citation_style:`, a CSL style applied by citeproc-py): one formatted citation on the
paper page, in the reading list, the handout and the calendars; long author lists shortened as the style says;
the short label ("Ba & Caruana 2014", "Raffel et al. 2020") unchanged.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from icalendar import Calendar

from conftest import build_site
from coursesite.course import citations, load, paths
from coursesite.errors import Problems
from coursesite.render.pages import render_pages
from coursesite.sources.bib import load_bib

MANY = "\n".join([
    "@inproceedings{many2021,",
    "  author = {" + " and ".join(f"Author{chr(65 + i)}, Given" for i in range(15)) + "},",
    "  title = {A Paper Written by Fifteen People},",
    "  booktitle = {Proceedings of the Conference on Many Authors},",
    "  pages = {1--10},",
    "  year = {2021},",
    "}",
])
# Google Scholar's export: the first authors and `and others`.
SCHOLAR = """
@article{raffel2020exploring,
  title={Exploring the limits of transfer learning with a unified text-to-text transformer},
  author={Raffel, Colin and Shazeer, Noam and Roberts, Adam and others},
  journal={Journal of machine learning research},
  volume={21},
  number={140},
  pages={1--67},
  year={2020}
}
"""


def papers(text: str) -> list:
    problems = Problems()
    bib = load_bib(text.encode(), "papers.bib", problems)
    assert bib is not None and problems.errors == []
    return list(bib.select(bib.entries, problems).values())


def cited(text: str, style: str = citations.DEFAULT, language: str = "en") -> dict[str, str]:
    return {k: c.plain for k, c in citations.format_all(papers(text), style, language).items()}


def test_long_author_lists_are_shortened_as_the_style_says():
    """IEEE (the default) names the first author of seven or more; APA lists up to twenty; Harvard the first of four."""
    assert cited(MANY)["many2021"] == ("G. AuthorA et al., “A Paper Written by Fifteen People”, in Proceedings of the "
                                       "Conference on Many Authors, 2021, pp. 1–10.")
    apa = cited(MANY, "apa")["many2021"]
    assert apa.startswith("AuthorA, G., AuthorB, G., ") and "& AuthorO, G. (2021)." in apa
    assert cited(MANY, "harvard-cite-them-right")["many2021"].startswith("AuthorA, G. et al. (2021)")


@pytest.mark.parametrize(("style", "language", "expected"), [
    ("ieee", "en", "C. Raffel, N. Shazeer, A. Roberts, et al., “Exploring the limits of transfer learning with a unified "
                   "text-to-text transformer”, Journal of machine learning research, vol. 21, no. 140, pp. 1–67, 2020."),
    ("apa", "en", "Raffel, C., Shazeer, N., Roberts, A., et al. (2020). Exploring the limits of transfer learning with a "
                  "unified text-to-text transformer. Journal of Machine Learning Research, 21(140), 1–67."),
    ("din-1505-2", "de", "Raffel, Colin ; Shazeer, Noam ; Roberts, Adam ; u. a.: Exploring the limits of transfer learning "
                         "with a unified text-to-text transformer. In: Journal of machine learning research Bd. 21 (2020), "
                         "Nr. 140, S. 1–67"),
])
def test_and_others_reads_as_the_styles_et_al(style, language, expected):
    """Google Scholar's `and others` is no author called "others": the style's own "et al." (German: "u. a.") ends the list."""
    assert cited(SCHOLAR, style, language)["raffel2020exploring"] == expected
    assert papers(SCHOLAR)[0].short == "Raffel et al. 2020"


def test_styles_are_named_as_people_write_them():
    """`APA`, `ieee.csl` and `Chicago` name the files apa, ieee and chicago-author-date; unknown names get suggestions."""
    assert [citations.style_name(n) for n in ("APA", "ieee.csl", "Chicago", "MLA", "din 1505-2")] == [
        "apa", "ieee", "chicago-author-date", "modern-language-association", "din-1505-2"]
    assert citations.style_problem("apa") is None and citations.style_problem("Chicago") is None
    assert citations.style_problem("harvard") is None
    assert citations.style_problem("APA 7") == ("there is no citation style 'APA 7'", "did you mean 'apa' or 'apa-tr' or 'apa-eu'?")


ALL_KINDS = (MANY + SCHOLAR + r"""
@book{knuth1984texbook, author = {Donald E. Knuth}, title = {The {\TeX}book}, publisher = {Addison-Wesley},
  address = {Reading, MA}, year = {1984}, series = {Computers and Typesetting}, volume = {A}}
@phdthesis{doe2010thesis, author = {Doe, Jane}, title = {On Things}, school = {MIT}, year = {2010}}
@techreport{who2020report, author = {{World Health Organization}}, title = {A Report}, institution = {WHO},
  number = {TR-12}, year = {2020}}
@online{jacobson2021roleplaying, author = {Jacobson, Alec and Raffel, Colin}, title = {Role-Playing Paper-Reading Seminars},
  url = {https://colinraffel.com/blog/role-playing-seminar.html}, urldate = {2024-05-01}, date = {2021-03}}
@misc{vaswani2017attention, author = {Vaswani, Ashish and Shazeer, Noam}, title = {Attention Is All You Need},
  eprint = {1706.03762}, archivePrefix = {arXiv}, primaryClass = {cs.CL}, year = {2017}}
@incollection{chapter2000, author = {Smith, A.}, title = {A Chapter}, booktitle = {The Book}, editor = {Jones, B.},
  publisher = {Springer}, pages = {3--30}, year = {2000}}
@article{grimmer2024provably, author = {Grimmer, Benjamin}, title = {Provably Faster Gradient Descent via Long Steps},
  journaltitle = {SIAM Journal on Optimization}, volume = {34}, number = {3}, pages = {2588--2608}, date = {2024},
  doi = {10.1137/23M1588408}}
@software{numpy, author = {{NumPy Developers}}, title = {NumPy}, url = {https://numpy.org}, year = {2024}}
@patent{patent2001, author = {Inventor, Ida}, title = {A Machine}, number = {US 1234567}, year = {2001}}
""")


NO_DATE = {("ieee", "online"), ("din-1505-2", "online"), ("din-1505-2", "patent")}
"""Kinds of entry whose date the style itself leaves out (IEEE gives a web page's date of access instead)."""


@pytest.mark.parametrize("style", citations.RECOMMENDED)
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_every_recommended_style_formats_every_kind_of_entry(style, language):
    """Each style the guide names writes each kind of entry with its title, year and no trace of the site's marks."""
    for paper in papers(ALL_KINDS):
        text = citations.format_all([paper], style, language)[paper.key].plain
        first_word = paper.title.split()[0].lower()
        assert first_word.strip("“”\"") in text.lower(), (paper.key, text)
        assert paper.year in text or (style, paper.entry_type) in NO_DATE, (paper.key, text)
        assert not any("\ue000" <= ch <= "\ue0ff" for ch in text) and "others" not in text and "None" not in text


def test_one_citation_on_the_page_the_reading_list_the_handout_and_the_calendar(course_dir):
    """With `citation_style: apa`, the paper page, the reading list, the handout and the course calendar cite the
    paper alike; the navigation keeps the short label."""
    yaml_file = course_dir / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "timezone: Europe/Berlin", "timezone: Europe/Berlin\ncitation_style: apa"), encoding="utf-8")
    site = build_site(course_dir)
    expected = ("Zhang, C., Bengio, S., Hardt, M., Recht, B., & Vinyals, O. (2021). Understanding Deep Learning (Still) "
                "Requires Rethinking Generalization. Communications of the ACM, 64(3), 107–115. "
                "https://doi.org/10.1145/3446776")
    assert expected in site.text("/papers/zhang2021understanding/")
    assert expected in site.text("/papers/")
    reader = pypdf.PdfReader(io.BytesIO(site.path("/" + paths.HANDOUT).read_bytes()))
    # The handout breaks lines inside the DOI's address: compared without white space.
    assert "".join(expected.split()) in "".join("".join(page.extract_text() for page in reader.pages).split())
    calendar = Calendar.from_ical(site.path("/" + paths.COURSE_CALENDAR).read_bytes())
    assert any(expected in str(e.get("DESCRIPTION")) for e in calendar.walk("VEVENT"))
    page = site.content("/papers/zhang2021understanding/")
    assert page.find("a", href="https://doi.org/10.1145/3446776") is not None
    assert page.find("em", string="Communications of the ACM") is not None
    assert "Zhang et al. 2021" in site.html("/papers/zhang2021understanding/").select_one("nav").get_text()


def test_small_capitals_and_the_course_language(course_dir):
    """DIN 1505-2 sets names in small capitals and speaks German whatever the course's language."""
    yaml_file = course_dir / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "timezone: Europe/Berlin", "timezone: Europe/Berlin\ncitation_style: din-1505-2"), encoding="utf-8")
    course = load.load(yaml_file, course_dir / "papers.bib").course
    page = render_pages(course)[paths.paper_page("grimmer2024provably")]
    assert ('<span class="cs-smallcaps">Grimmer, Benjamin</span>: Provably Faster Gradient Descent via Long Steps. '
            "In: *SIAM Journal on Optimization* Bd. 34, Society for Industrial and Applied Mathematics \\(2024\\), Nr. 3, "
            "S. 2588–2608") in page


def test_and_others_on_the_paper_page(course_dir):
    """The page of a Google Scholar entry names its authors and "et al.", never an author called "others"."""
    (course_dir / "papers.bib").write_text((course_dir / "papers.bib").read_text(encoding="utf-8") + SCHOLAR, encoding="utf-8")
    yaml_file = course_dir / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "further_reading: [zhang2017understanding]", "further_reading: [zhang2017understanding, raffel2020exploring]"),
        encoding="utf-8")
    course = load.load(yaml_file, course_dir / "papers.bib").course
    page = render_pages(course)[paths.paper_page("raffel2020exploring")]
    assert "**Colin Raffel, Noam Shazeer, Adam Roberts et al.** · Journal of machine learning research · 2020" in page
    shown = page.split("```")[0]  # the entry's BibTeX, offered for copying, stays as written
    assert "C. Raffel, N. Shazeer, A. Roberts, et al., “Exploring the limits" in shown and "others" not in shown


def test_a_question_mark_ends_the_title_without_a_full_stop(course_dir):
    """"Do Deep Nets Really Need to be Deep?" takes no "." after it where DIN 1505-2 ends the title with one."""
    yaml_file = course_dir / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "timezone: Europe/Berlin", "timezone: Europe/Berlin\ncitation_style: din-1505-2"), encoding="utf-8")
    course = load.load(yaml_file, course_dir / "papers.bib").course
    assert "Caruana, Rich: Do Deep Nets Really Need to be Deep? In: Advances" in course.citations["ba2014deep"].plain
