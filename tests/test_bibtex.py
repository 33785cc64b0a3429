"""Valid BibTeX as other tools write it reads as BibTeX reads it: crossref, editors, @string and `#`, LaTeX links.

The entries are small dblp-style exports of the seminar's own papers (facts from papers.bib),
in the shapes dblp, Google Scholar and hand-written files use.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import ROOT
from coursesite.course import paths
from coursesite.course.citations import format_all
from coursesite.course.load import load
from coursesite.errors import Problems
from coursesite.exports.pdf import handout_data
from coursesite.render.pages import render_pages
from coursesite.sources.bib import load_bib
from coursesite.sources.stamp import Stamp

VOLUME = """
@proceedings{DBLP:conf/aistats/2010,
  editor       = {Yee Whye Teh and
                  D. Mike Titterington},
  title        = {Proceedings of the Thirteenth International Conference on Artificial
                  Intelligence and Statistics, {AISTATS} 2010},
  series       = {{JMLR} Proceedings},
  volume       = {9},
  publisher    = {JMLR.org},
  year         = {2010},
  url          = {http://proceedings.mlr.press/v9/},
}
"""
PAPER = """
@inproceedings{DBLP:conf/aistats/GlorotB10,
  author       = {Xavier Glorot and
                  Yoshua Bengio},
  title        = {Understanding the difficulty of training deep feedforward neural networks},
  booktitle    = {{AISTATS}},
  pages        = {249--256},
  crossref     = {DBLP:conf/aistats/2010},
  url          = {http://proceedings.mlr.press/v9/glorot10a.html},
  biburl       = {https://dblp.org/rec/journals/jmlr/GlorotB10.bib},
}
"""


def cite(paper, style: str = "ieee", language: str = "en") -> str:
    """The paper as the style writes it (the text of the citation on its page, in the handout and calendars)."""
    return format_all([paper], style, language)[paper.key].plain


def read(text: str) -> tuple[dict, list[str]]:
    """Every entry as if the course read each one."""
    problems = Problems()
    bib = load_bib(text.encode(), "papers.bib", problems)
    papers = bib.select(bib.entries, problems) if bib else {}
    return papers, [str(p) for p in problems.errors]


@pytest.mark.parametrize("text", [PAPER + VOLUME, VOLUME + PAPER, PAPER.replace("crossref     = {DBLP:conf/aistats/2010}", "crossref = {dblp:CONF/aistats/2010}") + VOLUME],
                         ids=["volume after", "volume before", "key in other letter case"])
def test_crossref_takes_the_volumes_fields(text):
    """dblp's default export: the paper has no year, publisher or volume of its own; it takes the volume's."""
    papers, errors = read(text)
    assert errors == []
    paper = papers["DBLP:conf/aistats/GlorotB10"]
    assert (paper.year, paper.publisher, paper.volume, paper.venue) == ("2010", "JMLR.org", "9", "AISTATS")
    assert [a.full for a in paper.authors] == ["Xavier Glorot", "Yoshua Bengio"]  # never the volume's editors
    assert not paper.edited and paper.part_of == "DBLP:conf/aistats/2010"
    assert paper.url == "http://proceedings.mlr.press/v9/glorot10a.html"  # its own fields win
    assert "@proceedings{DBLP:conf/aistats/2010" in paper.bibtex  # the copyable entry works on its own
    assert cite(paper) == ("X. Glorot and Y. Bengio, “Understanding the difficulty of training deep feedforward neural networks”, "
                           "in AISTATS, Y. W. Teh and D. M. Titterington, Eds., in JMLR Proceedings, vol. 9. JMLR.org, 2010, "
                           "pp. 249–256.")


def test_crossref_without_booktitle_takes_the_volumes_title():
    papers, errors = read(PAPER.replace("  booktitle    = {{AISTATS}},\n", "") + VOLUME)
    assert errors == []
    assert papers["DBLP:conf/aistats/GlorotB10"].venue.startswith("Proceedings of the Thirteenth International Conference")


@pytest.mark.parametrize("entry_type", ["proceedings", "book", "collection"])
def test_an_edited_volume_names_its_editors(entry_type):
    papers, errors = read(VOLUME.replace("@proceedings", f"@{entry_type}"))
    assert errors == []
    volume = papers["DBLP:conf/aistats/2010"]
    assert volume.edited and cite(volume).startswith("Y. W. Teh and D. M. Titterington, Eds., Proceedings of the Thirteenth")


def test_one_editor_is_ed():
    papers, _ = read("@book{b, editor = {Teh, Yee Whye}, title = {T}, year = {2010}}")
    assert cite(papers["b"]) == "Y. W. Teh, Ed., T. 2010."
    assert cite(papers["b"], "apa").startswith("Teh, Y. W. (ed.). (2010).")


def test_volumes_named_by_crossref_are_not_further_papers(tmp_path):
    """The reading list's "other references" lists the further reading, not the volume it came from; the handout's too."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "course.yaml").write_text((ROOT / "course.yaml").read_text(encoding="utf-8").replace(
        "further_reading: [zhang2017understanding]", "further_reading: [zhang2017understanding, DBLP:conf/aistats/GlorotB10]"),
        encoding="utf-8")
    (tmp_path / "papers.bib").write_text((ROOT / "papers.bib").read_text(encoding="utf-8") + PAPER + VOLUME, encoding="utf-8")
    course = load(tmp_path / "course.yaml", tmp_path / "papers.bib").course
    reading_list = render_pages(course)[paths.READING_LIST]
    others = reading_list[reading_list.index("## "):].split("## ")[2]
    assert "- X. Glorot and Y. Bengio, “Understanding the difficulty" in others
    assert "- Y. W. Teh" not in others and "Proceedings of the Thirteenth" not in others
    handout = ["".join(r["text"] for r in p["runs"]) for p in handout_data(course, Stamp(dt.date(2025, 1, 1), "v"))["others"]]
    assert [t for t in handout if t.startswith("X. Glorot and Y. Bengio, “Understanding the difficulty")]
    assert not [t for t in handout if t.startswith("Y. W. Teh")]


@pytest.mark.parametrize("text, title, venue", [
    ('@string{aistats = "Proceedings of AISTATS"}\n@misc{k, author = {A, B}, title = "Part one" # " and two", booktitle = aistats # " 2010", year = 2010}',
     "Part one and two", "Proceedings of AISTATS 2010"),
    ('@STRING{AISTATS = {Proceedings of {AISTATS}}}\n@misc{k, author = {A, B}, title = {T}, booktitle = aistats, year = "2010", month = mar}',
     "T", "Proceedings of AISTATS"),
    ('@string{conf = "AISTATS"}\n@string{proc = "Proceedings of " # conf}\n@misc{k, author = {A, B}, title = {X} # {Y}, journal = proc # { } # "2010", year = 2010}',
     "XY", "Proceedings of AISTATS 2010"),
    ('@string(pmlr = "PMLR")\n@misc{k, author = "A, B", title = "T " # pmlr, year = 2010, month = dec}', "T PMLR", ""),
], ids=["quoted parts", "braces and case", "macro using a macro", "parenthesised @string"])
def test_strings_and_concatenation(text, title, venue):
    papers, errors = read(text)
    assert errors == []
    assert (papers["k"].title, papers["k"].venue) == (title, venue)


@pytest.mark.parametrize("value, shown", [
    (r'{See \href{https://github.com/tomgoldstein/loss-landscape}{the code}}', "See the code (https://github.com/tomgoldstein/loss-landscape)"),
    (r'{\href{https://arxiv.org/abs/1712.09913}{https://arxiv.org/abs/1712.09913}}', "https://arxiv.org/abs/1712.09913"),
    (r'{Code: \url{https://github.com/tomgoldstein/loss-landscape}}', "Code: https://github.com/tomgoldstein/loss-landscape"),
    (r'{\href{https://example.org/a%20b}{slides} and 50% more}', "slides (https://example.org/a%20b) and 50% more"),
], ids=["href", "href to itself", "url", "percent signs"])
def test_links_in_fields(value, shown):
    papers, errors = read(f"@misc{{k, author = {{Li, Hao}}, title = {{T}}, year = {{2018}}, note = {value}}}")
    assert errors == []
    assert papers["k"].note == shown


@pytest.mark.parametrize("value, shown", [
    (r'"M{\"u}ller, J{\"o}rg"', ("Jörg", "Müller")),
    (r'"{\"U}ber, A."', ("A.", "Über")),
    (r'{M\"uller, J\"org}', ("Jörg", "Müller")),
], ids=["braced umlauts in quotes", "leading umlaut", "umlauts in braces"])
def test_umlauts_written_as_bibtex_allows(value, shown):
    papers, errors = read(f"@misc{{k, author = {value}, title = {{T}}, year = {{2018}}}}")
    assert errors == []
    assert (papers["k"].authors[0].first, papers["k"].authors[0].last) == shown


@pytest.mark.parametrize("value, field", [
    (r'"M\"uller, J. and Bengio, Y."', "author"),
    (r'"The \"best\" paper"', "title"),
    (r'"Proceedings of \"AISTATS\""', "booktitle"),
], ids=["umlaut", "quotation marks", "other field"])
def test_a_quote_inside_quotes_is_named(value, field):
    fields = {"author": "{A, B}", "title": "{T}", "year": "2018", field: value}
    papers, errors = read("@misc{k,\n" + ",\n".join(f"{k} = {v}" for k, v in fields.items() if k != field) + f",\n{field} = {value}}}")
    assert papers["k"] is None
    assert errors == [f"papers.bib:{2 + len(fields) - 1}: entry 'k', {field}: has a `\"` inside a \"...\" value, where BibTeX ends the value; "
                      "write {\\\"u} for ü and {\"} for a quotation mark, or put the value in braces { } instead of quotes"]


def test_names_protected_by_braces_are_one_person():
    papers, errors = read("@misc{k, author = {{Google Brain and DeepMind} and Ba, Jimmy}, title = {T}, year = {2016}}")
    assert errors == []
    assert [a.full for a in papers["k"].authors] == ["Google Brain and DeepMind", "Jimmy Ba"]


def test_every_broken_field_at_once():
    text = "@misc{k,\n author = {A, B, C, D},\n title = \"a \\\"b\\\"\",\n journal = undefined,\n year = {2018}}"
    _, errors = read(text)
    assert [e.split(": ", 2)[:2] for e in errors] == [["papers.bib:3", "entry 'k', title"], ["papers.bib:4", "entry 'k', journal"]]


@pytest.mark.parametrize("value, shown", [
    (r"{\TeX book}", "TeXbook"),
    (r"{\TeX}: The Program", "TeX: The Program"),
    (r"methodology\hyphen independent", "methodology-independent"),
    (r"Sorting in $O(n \log n)$ time", "Sorting in O(n log n) time"),
    (r"$\ell_1$ and $\mathbb{R}^n$", "ℓ₁ and ℝⁿ"),
    (r"\emph{In vivo} and \textit{vitro} -- a~study", "In vivo and vitro – a study"),
    (r"{AISTATS} and {B}ayes", "AISTATS and Bayes"),
    (r"\mkbibquote{Attention} is \mbox{all}", "“Attention” is all"),
    (r"\foo{bar} stays", r"\foo{bar} stays"),
], ids=["logo in braces", "logo before a colon", "hyphen", "formula", "subscripts and superscripts", "emphasis and dashes",
        "protected capitals", "biblatex quote and mbox", "unknown command"])
def test_latex_in_titles_becomes_text(value, shown):
    """LaTeX in a title reads as text in every output that shows plain text (handout, calendars, labels)."""
    papers, errors = read(f"@article{{k, author = {{Knuth, Donald}}, title = {{{value}}}, journal = {{J}}, year = {{1984}}}}")
    assert errors == []
    assert papers["k"].title == shown


def test_and_others_is_et_al():
    """Google Scholar's `and others` is no author called "others": the label says et al."""
    papers, errors = read("@article{k, author = {Raffel, Colin and others}, title = {T}, journal = {JMLR}, year = {2020}}")
    assert errors == []
    assert [a.full for a in papers["k"].authors] == ["Colin Raffel"] and papers["k"].more_authors
    assert papers["k"].short == "Raffel et al. 2020"


def test_biblatex_fields_are_read():
    """biblatex's date, journaltitle, location and school, as Zotero's BibLaTeX export writes them."""
    papers, errors = read("""@thesis{doe, author = {Doe, Jane}, title = {Deep Nets}, subtitle = {A Study}, type = {phdthesis},
      institution = {MIT}, location = {Cambridge, MA}, date = {1998-03-15}}
    @article{sig, author = {Sigfridsson, Emma}, title = {T}, journaltitle = {Journal of Chemistry}, date = {1998}}""")
    assert errors == []
    doe, sig = papers["doe"], papers["sig"]
    assert (doe.title, doe.publisher, doe.location, doe.genre, doe.year, doe.month, doe.day) == (
        "Deep Nets: A Study", "MIT", "Cambridge, MA", "PhD thesis", "1998", 3, 15)
    assert (sig.venue, sig.year) == ("Journal of Chemistry", "1998")


@pytest.mark.parametrize("entry, eprint", [
    ("@article{k, author = {A, B}, title = {T}, journal = {arXiv preprint arXiv:1706.03762}, year = {2017}}", "1706.03762"),
    ("@misc{k, author = {A, B}, title = {T}, eprint = {1706.03762}, archivePrefix = {arXiv}, primaryClass = {cs.CL}, year = {2017}}", "1706.03762"),
    ("@online{k, author = {A, B}, title = {T}, eprinttype = {arxiv}, eprint = {1706.03762}, date = {2017-06-12}}", "1706.03762"),
    ("@article{k, author = {A, B}, title = {T}, journal = {CoRR}, volume = {abs/1706.03762}, year = {2017}}", "1706.03762"),
    ("@misc{k, author = {A, B}, title = {T}, doi = {10.48550/arXiv.1706.03762}, year = {2017}}", "1706.03762"),
    ("@misc{k, author = {A, B}, title = {T}, eprint = {PMC123}, eprinttype = {pmcid}, year = {2017}}", ""),
], ids=["Google Scholar", "arXiv", "biblatex", "dblp CoRR", "arXiv DOI", "not arXiv"])
def test_arxiv_identifiers_however_written(entry, eprint):
    papers, errors = read(entry)
    assert errors == []
    assert papers["k"].eprint == eprint


def test_html_character_references_become_characters_but_never_controls():
    """The ACM library's `\\&\\#x1f99c;` is a parrot; a reference to a direction control stays as written."""
    papers, errors = read("@misc{p, author = {A, B}, title = {Too Big? \\&\\#x1f99c; and &#x202e;x}, year = {2021}}")
    assert errors == []
    assert papers["p"].title == "Too Big? 🦜 and &#x202e;x"


def test_a_bare_ampersand_is_text():
    """doi.org writes `Society for Industrial & Applied Mathematics`; LaTeX's column break would drop the `&`."""
    papers, errors = read("@book{p, author = {A, B}, title = {{Tricks} & Trade}, publisher = {Industrial & Applied}, year = {2021}}")
    assert errors == []
    assert (papers["p"].title, papers["p"].publisher) == ("Tricks & Trade", "Industrial & Applied")


@pytest.mark.parametrize("field", ["note", "howpublished"])
def test_an_address_in_a_note_is_the_entrys_link(field):
    """`note = {Available at \\url{...}.}` with no url field: the paper page links the address (once), the citation names it."""
    papers, errors = read(f"@misc{{p, author = {{A, B}}, title = {{T}}, year = {{2021}}, {field} = {{Available at \\url{{https://example.org/t.pdf}}.}}}}")
    assert errors == []
    assert papers["p"].url == "https://example.org/t.pdf"
    assert cite(papers["p"]) == "B. A, “T”. [Online]. Available: https://example.org/t.pdf"  # IEEE dates no web page
    assert cite(papers["p"], "apa") == "A, B. (2021). T. https://example.org/t.pdf"


# Reference managers export their owner's bookkeeping with each entry (paths on the organizer's disk, tags,
# notes, groups). Written here the way each tool writes it; the values are made up.
BOOKKEEPING = r"""
@article{zotero2014,
	title = {Do Deep Nets Really Need to be Deep?},
	volume = {27},
	url = {https://proceedings.neurips.cc/paper/2014/hash/ea8fcd92d59581717e06eb187f10666d-Abstract.html},
	journal = {Advances in Neural Information Processing Systems},
	author = {Ba, Jimmy and Caruana, Rich},
	year = {2014},
	keywords = {to-read, boring-but-needed},
	annote = {Ask Anna whether session 2 can move},
	file = {Full Text PDF:C\:\\Users\\anna.private\\Zotero\\storage\\7XK2P9QD\\Ba - 2014.pdf:application/pdf},
}

@Article{jabref2010,
  author    = {Glorot, Xavier and Bengio, Yoshua},
  title     = {Understanding the Difficulty of Training Deep Feedforward Neural Networks},
  journal   = {AISTATS},
  year      = {2010},
  owner     = {anna.private},
  groups    = {Secret shortlist},
  timestamp = {2024-05-01},
  comment   = {Grade harshly},
}

@article{Zhang2021,
author = {Zhang, Chiyuan and Bengio, Samy and Hardt, Moritz and Recht, Benjamin and Vinyals, Oriol},
file = {:home/anna.private/Documents/Mendeley Desktop/Zhang - 2021.pdf:pdf},
journal = {Communications of the ACM},
mendeley-groups = {Secret shortlist},
mendeley-tags = {boring-but-needed},
title = {{Understanding Deep Learning (Still) Requires Rethinking Generalization}},
year = {2021}
}

@inproceedings{bibdesk2018,
	author = {Li, Hao and Xu, Zheng and Taylor, Gavin and Studer, Christoph and Goldstein, Tom},
	booktitle = {Advances in Neural Information Processing Systems},
	date-added = {2024-05-01 10:00:00 +0200},
	date-modified = {2024-05-02 10:00:00 +0200},
	title = {Visualizing the Loss Landscape of Neural Nets},
	year = {2018},
	bdsk-file-1 = {YnBsaXN0MDDSAQIDBFxyZWxhdGl2ZVBhdGhZYWxpYXNEYXRhXxAZL1VzZXJzL2FubmEucHJpdmF0ZQ==}}
"""
PRIVATE = ["anna.private", "to-read", "boring-but-needed", "Ask Anna", "Secret shortlist", "Grade harshly", "2024-05",
           "YnBsaXN0", "Zotero", "Mendeley Desktop", "storage"]


def test_reference_managers_bookkeeping_is_not_published(tmp_path):
    """Zotero's file paths, tags and notes, JabRef's owner and groups, Mendeley's and BibDesk's own fields stay in
    papers.bib: neither the paper pages (and so the search index) nor the published papers.bib show them; the
    fields a reader's reference manager needs are there, in the file's order and spelling."""
    keys = ["zotero2014", "jabref2010", "Zhang2021", "bibdesk2018"]
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    text = (ROOT / "course.yaml").read_text(encoding="utf-8")
    for old, new in zip(["glorot2010understanding", "ba2014deep", "zhang2021understanding", "li2018visualizing"], keys):
        text = text.replace(f"paper: {old}", f"paper: {new}")
    (tmp_path / "course.yaml").write_text(text.replace("further_reading: [zhang2017understanding]", ""), encoding="utf-8")
    (tmp_path / "papers.bib").write_text((ROOT / "papers.bib").read_text(encoding="utf-8") + BOOKKEEPING, encoding="utf-8")
    loaded = load(tmp_path / "course.yaml", tmp_path / "papers.bib")
    assert loaded.course is not None, loaded.problems.errors
    pages = render_pages(loaded.course)
    shown = [pages[paths.paper_page(k)] for k in keys] + [loaded.bibtex]
    for text in shown:
        assert not [p for p in PRIVATE if p in text], text
    for key, fields in [("zotero2014", ["title", "volume", "url", "journal", "author", "year"]),
                        ("jabref2010", ["author", "title", "journal", "year"]),
                        ("Zhang2021", ["author", "journal", "title", "year"]),
                        ("bibdesk2018", ["author", "booktitle", "title", "year"])]:
        entry = next(b for b in loaded.bibtex.split("\n\n") if f"{{{key}," in b)
        assert [line.split("=")[0].strip() for line in entry.splitlines()[1:-1]] == fields, entry
    assert "\tauthor = {Ba, Jimmy and Caruana, Rich},\n" not in loaded.bibtex  # written anew, two spaces
    assert "  author = {Ba, Jimmy and Caruana, Rich},\n" in loaded.bibtex
    # An entry without such fields is published exactly as written.
    seed = load(ROOT / "course.yaml", ROOT / "papers.bib").bibtex
    assert seed.split("\n\n")[-1].strip() in (ROOT / "papers.bib").read_text(encoding="utf-8")


@pytest.mark.parametrize("value, address", [
    (r"https://example.org/files/long\_name\_v2.pdf", "https://example.org/files/long_name_v2.pdf"),
    (r"https://example.org/a\%20b?x=1\&y=2\#top", "https://example.org/a%20b?x=1&y=2#top"),
    ("{https://example.org/A}", "https://example.org/A"),
    ("https://www.swpc.example/images/StPatrick's_Day_Storm.pdf", "https://www.swpc.example/images/StPatrick%27s_Day_Storm.pdf"),
    ('https://example.org/q?a="b"|c^d', "https://example.org/q?a=%22b%22%7Cc%5Ed"),
])
def test_addresses_as_bibtex_files_write_them(value, address):
    """LaTeX's escapes in a url field (for LaTeX without the url package) mean the character, braces group; a quote
    or `|` is written as the browser sends it. The address is then safe in any attribute."""
    papers, errors = read(f"@misc{{p, author = {{A, B}}, title = {{T}}, year = {{2021}}, url = {{{value}}}}}")
    assert errors == []
    assert papers["p"].url == address


@pytest.mark.parametrize("value, fix", [
    ("https://example.org/a b.pdf", "join an address that was broken across lines, or write %20 for a space"),
    (r"https://example.org/a\b", "write the address without backslashes"),
    ("example.org/page", "write a full address starting with https://"),
])
def test_addresses_that_stay_refused_say_what_to_do(value, fix):
    _, errors = read(f"@misc{{p, author = {{A, B}}, title = {{T}}, year = {{2021}},\n  url = {{{value}}}}}")
    assert len(errors) == 1 and errors[0].startswith("papers.bib:2: entry 'p' has url ") and errors[0].endswith(f"; {fix}")


def test_a_page_break_between_entries_is_space():
    """Emacs separates pages with a form feed on a line of its own; BibTeX reads it as space. Inside a value it is
    still refused (it would be published)."""
    entry = "@misc{p%s, author = {A, B}, title = {T%s}, year = {2021}}\n"
    papers, errors = read(entry % ("1", "") + "\f\n" + entry % ("2", "") + " \f \r\n" + entry % ("3", ""))
    assert errors == [] and sorted(papers) == ["p1", "p2", "p3"]
    _, errors = read(entry % ("1", "\f"))
    assert len(errors) == 1 and "U+000C" in errors[0]
