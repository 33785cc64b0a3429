"""The one citation style of the site and the handout, in parts that each output escapes for itself.

    Authors. Title. Venue, volume(number):pages, year. DOI 10.x/y; arXiv 1234.5678.

`cite` knows nothing about Markdown or Typst; `pages.PageContext.citation` and `pdf` render its parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Paper


@dataclass(frozen=True)
class Identifier:
    label: str
    """"DOI" or "arXiv"."""
    id: str
    url: str


@dataclass(frozen=True)
class Citation:
    authors: str
    """All authors, ending in a full stop."""
    title: str
    """The title, ending in a full stop unless it ends in ? or !."""
    where: str
    """Venue, volume(number):pages and year, ending in a full stop."""
    ids: tuple[Identifier, ...]
    url: str
    """The paper's own address, given only when it has neither DOI nor arXiv identifier."""


def sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def cite(paper: Paper) -> Citation:
    where = paper.venue
    if paper.volume:
        where += f", {paper.volume}" + (f"({paper.number})" if paper.number else "")
    if paper.pages:
        # BibTeX writes a page range with "--", which typesets as an en dash.
        where += (":" if paper.volume else ", ") + paper.pages.replace("--", "–")
    where = where.strip(", ")
    ids = []
    if paper.doi:
        ids.append(Identifier("DOI", paper.doi, paper.doi_url))
    if paper.eprint:
        ids.append(Identifier("arXiv", paper.eprint, paper.arxiv_url))
    return Citation(
        authors=sentence(", ".join(a.full for a in paper.authors)
                         + ((" (eds.)" if len(paper.authors) > 1 else " (ed.)") if paper.edited else "")),
        title=sentence(paper.title),
        where=f"{where}, {paper.year}." if where else sentence(paper.year),
        ids=tuple(ids),
        url=paper.url if not ids else "",
    )
