"""Read papers.bib into `Paper` records, reporting every broken entry.

bibtexparser 2 does not raise on malformed input: broken and duplicate entries
land in `library.failed_blocks`, which are turned into problems here.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, MiddlewareErrorBlock

from . import addresses
from .errors import Problems
from .model import Author, Paper
from .sourcefile import decode

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


def load_bib(raw: bytes, file: str, problems: Problems) -> dict[str, Paper | None] | None:
    """The papers by key; a broken entry's key maps to None, and None means the file as a whole is unusable.

    Either way the problem is reported here, so the loader does not report the keys again.
    """
    text = decode(raw, file, problems, MAX_BYTES, "a bibliography")
    if text is None:
        return None
    try:
        library = bibtexparser.parse_string(
            text, append_middleware=[_LatexDecoding(), SeparateCoAuthors(), SplitNameParts()])
        source = bibtexparser.parse_string(text)  # undecoded: the copyable BibTeX block, the missing-comma check
    except Exception as exc:  # the parser's own bugs must not become a traceback
        problems.error(file, None, f"BibTeX could not be read ({type(exc).__name__}: {exc})",
                       fix="check braces and quotes around the last edit")
        return None
    if not library.entries and not library.failed_blocks:
        problems.error(file, 1, "no BibTeX entries found", fix="add one @article{key, ...} entry per paper")
        return None

    papers: dict[str, Paper | None] = {}
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.error(file, line, f"the key '{block.key}' is used by two entries",
                           fix="give each entry its own key")
            continue
        raw_block = block.raw or ""
        key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,", raw_block)
        if key:
            papers[key[1]] = None
        name = key[1] if key else "?"
        unclosed = _unclosed_field(raw_block)
        if isinstance(block, DuplicateFieldKeyBlock):
            fields = ", ".join(f"`{k}`" for k in sorted(block.duplicate_keys))
            problems.error(file, line, f"entry '{name}' has {fields} more than once", fix="keep one of them")
        elif isinstance(block, MiddlewareErrorBlock):
            problems.error(file, line, f"the names in entry '{name}' cannot be read ({_first_line(block.error)})",
                           fix="write names as `Last, First and Last, First`")
        elif unclosed is not None:
            offset, field = unclosed
            problems.error(file, line + offset, f"the value of `{field}` in entry '{name}' has a `{{` without its `}}`",
                           fix="close the brace at the end of the value")
        elif _depth(raw_block) >= 1 and key:
            last = len(raw_block.rstrip().split("\n")) - 1
            problems.error(file, line + last, f"entry '{name}' is not closed", fix="add a `}` on the line after its last field")
        else:
            head = raw_block.strip().splitlines()[0][:60] if raw_block.strip() else ""
            problems.error(file, line, f"BibTeX syntax error in the entry starting `{head}`",
                           fix="check that every `{` has its `}` and fields are separated by commas")

    if not library.entries:
        return None  # nothing usable: the broken entries above say why
    source_by_key = {e.key: e for e in source.entries}
    for entry in library.entries:
        papers[entry.key] = _paper(entry, source_by_key.get(entry.key, entry), file, problems)
    return papers


def _unclosed_field(raw: str) -> tuple[int, str] | None:
    """Line offset and name of the field whose `{` is never closed, judged by brace depth line by line."""
    depth, field, opened = 0, None, 0
    for offset, line in enumerate(raw.split("\n")):
        start = re.match(r"\s*([A-Za-z][\w-]*)\s*=", line)
        if start and depth > 1 and field:
            return field  # a new field starts while the previous value is still open
        change = _depth(line)
        if start and depth <= 1:
            field, opened = (offset, start[1]), change
        depth += change
    # The block ended inside the entry: its last field opened a brace that took the entry's `}`.
    return field if depth >= 1 and field and opened > 0 else None


def _first_line(error: object) -> str:
    text = str(error).strip().split("\n")[0]
    return re.sub(r"^Cannot split the following name (`.*`) into parts: (.*)", r"\1: \2", text)[:100]


def _depth(text: str) -> int:
    """Braces opened minus braces closed (escaped braces are text)."""
    return len(re.findall(r"(?<!\\){", text)) - len(re.findall(r"(?<!\\)}", text))


def _text(entry: Entry, name: str) -> str:
    field = entry.fields_dict.get(name)
    if field is None or not isinstance(field.value, str):
        return ""
    return " ".join(field.value.replace("{", "").replace("}", "").split())


def _line(entry: Entry, name: str) -> int:
    field = entry.fields_dict.get(name)
    return (field.start_line if field is not None and field.start_line is not None else entry.start_line or 0) + 1


def _paper(entry: Entry, source: Entry, file: str, problems: Problems) -> Paper | None:
    """The paper of a decoded entry (`source` is the same entry undecoded), or None after reporting."""
    line = (entry.start_line or 0) + 1
    missing = [name for name in REQUIRED if not entry.fields_dict.get(name) or not entry.fields_dict[name].value]
    if missing:
        problems.error(file, line, f"entry '{entry.key}' has no {' and no '.join(missing)}",
                       fix=f"add {', '.join(f'{m} = {{...}}' for m in missing)}")
        return None
    for field in source.fields:
        # Without the comma after a value, the parser reads the next field into this value.
        if isinstance(field.value, str) and re.search(r"[}\"]\s*\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]", field.value):
            problems.error(file, field.start_line + 1, f"entry '{entry.key}' has no comma after the value of `{field.key}`",
                           fix="put a comma at the end of the line")
            return None
    if not re.fullmatch(r"[A-Za-z0-9_.:-]*[A-Za-z0-9][A-Za-z0-9_.:-]*", entry.key):  # `.` and `..` name folders
        problems.error(file, line, f"the key '{entry.key}' contains characters that cannot be part of a web address",
                       fix="use letters and digits, with '-', '_', '.' and ':' only between them")
        return None
    year = _text(entry, "year")
    if not re.fullmatch(r"\d{4}", year):
        problems.error(file, _line(entry, "year"), f"entry '{entry.key}' has year {year!r}", fix="write the year as four digits")
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
        problem = addresses.web_problem(value) if value else None
        if problem:
            problem = "is not a web address" if problem.startswith("is not") else problem
            problems.error(file, _line(entry, name), f"entry '{entry.key}' has {name} {value[:40]!r}, which {problem}",
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
        bibtex=(source.raw or "").strip(),
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
