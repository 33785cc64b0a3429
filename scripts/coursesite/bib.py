"""Read papers.bib into `Paper` records, reporting every broken entry.

bibtexparser 2 does not raise on malformed input: broken and duplicate entries
land in `library.failed_blocks`, which are turned into problems here.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

from .errors import Problems
from .model import Author, Paper

REQUIRED = ("author", "title", "year")


class _LatexDecoding(LatexDecodingMiddleware):
    """Decodes LaTeX only in values that contain some.

    pylatexenc takes most of the loading time and most fields are plain text;
    web addresses must stay as written (a `~` in a URL is not a space).
    """

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        plain = not any(c in python_string for c in "\\{}~$`") and "--" not in python_string and "''" not in python_string
        if plain or re.fullmatch(r"https?://\S+", python_string):
            return python_string, ""
        return super()._transform_python_value_string(python_string)
MAX_BYTES = 2_000_000

# bibtexparser logs each failed block itself; we report them in our own format.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL + 1)


def load_bib(raw: bytes, file: str, problems: Problems) -> dict[str, Paper] | None:
    """The entries by key; None when the file as a whole cannot be read."""
    if len(raw) > MAX_BYTES:
        problems.error(file, None, f"the file is {len(raw):,} bytes, more than the {MAX_BYTES:,} a bibliography may have",
                       fix="check that this is the right file")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(file, line, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", fix="save the file with UTF-8 encoding")
        return None
    try:
        library = bibtexparser.parse_string(
            text, append_middleware=[_LatexDecoding(), SeparateCoAuthors(), SplitNameParts()])
    except Exception as exc:  # the parser's own bugs must not become a traceback
        problems.error(file, None, f"BibTeX could not be read ({type(exc).__name__}: {exc})",
                       fix="check braces and quotes around the last edit")
        return None

    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.error(file, line, f"the key '{block.key}' is used by two entries",
                           fix="give each entry its own key")
        else:
            head = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
            problems.error(file, line, f"BibTeX syntax error in the entry starting `{head}`",
                           fix="check that every `{` has its `}` and fields are separated by commas")
    if not library.entries and not library.failed_blocks:
        problems.error(file, 1, "no BibTeX entries found", fix="add one @article{key, ...} entry per paper")

    papers: dict[str, Paper] = {}
    for entry in library.entries:
        paper = _paper(entry, entry.raw, file, problems)
        if paper is not None:
            papers[paper.key] = paper
    return papers


def _text(entry: Entry, name: str) -> str:
    field = entry.fields_dict.get(name)
    if field is None or not isinstance(field.value, str):
        return ""
    return " ".join(field.value.replace("{", "").replace("}", "").split())


def _paper(entry: Entry, source: str, file: str, problems: Problems) -> Paper | None:
    line = entry.start_line + 1
    missing = [name for name in REQUIRED if not entry.fields_dict.get(name) or not entry.fields_dict[name].value]
    if missing:
        problems.error(file, line, f"entry '{entry.key}' has no {' and no '.join(missing)}",
                       fix=f"add {', '.join(f'{m} = {{...}}' for m in missing)}")
        return None
    if not re.fullmatch(r"[A-Za-z0-9_.:-]+", entry.key):
        problems.error(file, line, f"the key '{entry.key}' contains characters that cannot be part of a web address",
                       fix="use letters, digits, '-', '_', '.' and ':' only")
        return None
    year = _text(entry, "year")
    if not re.fullmatch(r"\d{4}", year):
        problems.error(file, line, f"entry '{entry.key}' has year {year!r}", fix="write the year as four digits")
        return None
    authors = entry.fields_dict["author"].value
    if not isinstance(authors, list):
        authors = []
    people = tuple(
        Author(first=" ".join(a.first), last=" ".join(a.last), von=" ".join(a.von), jr=" ".join(a.jr))
        for a in authors)
    urls = {}
    for name in ("url", "pdf", "code"):
        value = _text(entry, name)
        if value and not re.match(r"^https?://\S+$", value):
            problems.error(file, line, f"entry '{entry.key}' has {name} {value[:40]!r}, which is not a web address",
                           fix="write a full address starting with https://")
            value = ""
        urls[name] = value
    eprint = _text(entry, "eprint")
    prefix = _text(entry, "archiveprefix") or _text(entry, "eprinttype")
    if prefix and prefix.lower() != "arxiv":
        eprint = ""
    doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", _text(entry, "doi"))
    return Paper(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=_text(entry, "title"),
        authors=people,
        year=year,
        bibtex=source.strip(),
        line=line,
        venue=_text(entry, "journal") or _text(entry, "booktitle") or _text(entry, "howpublished"),
        volume=_text(entry, "volume"),
        number=_text(entry, "number"),
        pages=_text(entry, "pages"),
        publisher=_text(entry, "publisher"),
        doi=doi,
        eprint=eprint,
        note=_text(entry, "note"),
        **urls,
    )
