"""Read papers.bib into `Paper` records, reporting every broken entry.

bibtexparser 2 splits the file into blocks and does not raise on malformed input: broken
and duplicate entries land in `library.failed_blocks`, which are turned into problems here.
Values are read by `bibvalues` (macros, `#`, LaTeX), and an entry with `crossref` takes
the fields it lacks from the entry it names, as BibTeX does (dblp's default export).
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry

from ..errors import Problems
from ..model import Paper
from . import addresses, bibvalues
from .sourcefile import decode

REQUIRED = ("author", "title", "year")
MAX_BYTES = 2_000_000
# Fields that belong to one entry only; BibTeX gives a volume's title to its papers as booktitle.
NOT_INHERITED = {"crossref", "title", "ids", "biburl", "bibsource", "timestamp"}
VOLUMES = {"proceedings", "book", "collection", "mvproceedings", "mvbook", "mvcollection"}

# bibtexparser logs each failed block itself; we report them in our own format.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL + 1)

Fields = dict[str, tuple[str, int]]
"""An entry's values (not yet LaTeX-decoded) with their lines, by lower-case field name."""


def load_bib(raw: bytes, file: str, problems: Problems) -> dict[str, Paper | None] | None:
    """The papers by key; a broken entry's key maps to None, and None means the file as a whole is unusable.

    Either way the problem is reported here, so the loader does not report the keys again.
    """
    text = decode(raw, file, problems, MAX_BYTES, "a bibliography")
    if text is None:
        return None
    try:
        library = bibtexparser.parse_string(text, parse_stack=[])  # values as written; bibvalues reads them
    except Exception as exc:  # the parser's own bugs must not become a traceback
        problems.error(file, None, f"BibTeX could not be read ({type(exc).__name__}: {exc})",
                       fix="check braces and quotes around the last edit")
        return None
    if not library.entries and not library.failed_blocks:
        return {}  # fine while every session's paper is still to be chosen; the loader judges that

    papers: dict[str, Paper | None] = {}
    for block in library.failed_blocks:
        key = _failed(block, file, problems)
        if key:
            papers[key] = None
    if not library.entries:
        return None  # nothing usable: the broken entries above say why

    macros: dict[str, str] = {}
    for string in library.strings:  # in file order: a macro may use the ones before it
        try:
            macros[string.key.lower()] = bibvalues.evaluate(str(string.value), macros)
        except bibvalues.Unreadable as exc:
            problems.error(file, (string.start_line or 0) + 1, exc.what, path=f"@string '{string.key}'", fix=exc.fix)
    read = {entry.key: _fields(entry, macros, file, problems) for entry in library.entries}
    by_key = {entry.key.lower(): entry for entry in library.entries}  # crossref ignores letter case, as BibTeX does
    for entry in library.entries:
        fields = read[entry.key]
        if fields is None:
            papers[entry.key] = None
            continue
        parent = by_key.get(fields["crossref"][0].strip().lower()) if "crossref" in fields else None
        merged = fields
        if parent is not None and parent is not entry:
            merged = _inherit(fields, read[parent.key] or {}, parent.entry_type.lower())
        papers[entry.key] = _paper(entry, merged, set(fields), parent, file, problems)
    return papers


def _failed(block: object, file: str, problems: Problems) -> str | None:
    """Report a block the parser could not use; the key it seems to have, if any."""
    line = (getattr(block, "start_line", 0) or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        problems.error(file, line, f"the key '{block.key}' is used by two entries", fix="give each entry its own key")
        return None
    raw_block = getattr(block, "raw", "") or ""
    key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,", raw_block)
    name = key[1] if key else "?"
    unclosed = _unclosed_field(raw_block)
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(f"`{k}`" for k in sorted(block.duplicate_keys))
        problems.error(file, line, f"entry '{name}' has {fields} more than once", fix="keep one of them")
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
    return key[1] if key else None


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


def _depth(text: str) -> int:
    """Braces opened minus braces closed (escaped braces are text)."""
    return len(re.findall(r"(?<!\\){", text)) - len(re.findall(r"(?<!\\)}", text))


def _fields(entry: Entry, macros: dict[str, str], file: str, problems: Problems) -> Fields | None:
    """The entry's values by field, or None after reporting every field that cannot be read."""
    fields: Fields = {}
    ok = True
    for field in entry.fields:
        line = (field.start_line if field.start_line is not None else entry.start_line or 0) + 1
        name, raw = field.key.lower(), str(field.value)
        where = f"entry '{entry.key}', {name}"
        if name in fields:
            problems.error(file, line, f"entry '{entry.key}' has `{name}` more than once", fix="keep one of them")
            ok = False
        elif re.search(r"[}\"]\s*\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]", raw):
            # Without the comma after a value, the parser reads the next field into this value.
            problems.error(file, line, f"entry '{entry.key}' has no comma after the value of `{field.key}`",
                           fix="put a comma at the end of the line")
            ok = False
        else:
            try:
                fields[name] = (bibvalues.evaluate(raw, macros), line)
            except bibvalues.Unreadable as exc:
                problems.error(file, line, exc.what, path=where, fix=exc.fix)
                ok = False
    return fields if ok else None


def _inherit(fields: Fields, parent: Fields, parent_type: str) -> Fields:
    """The fields of an entry with `crossref`: its own, then those of the entry it names."""
    merged = dict(fields)
    for name, value in parent.items():
        if name not in NOT_INHERITED:
            merged.setdefault(name, value)
    if parent_type in VOLUMES and "title" in parent:
        merged.setdefault("booktitle", parent["title"])
    return merged


def _paper(entry: Entry, fields: Fields, own: set[str], parent: Entry | None, file: str, problems: Problems) -> Paper | None:
    """The paper of an entry whose values could be read (`own`: the fields not taken from the crossref), or None."""
    line = (entry.start_line or 0) + 1
    # Where an edited volume (a book, proceedings) names no authors, its editors stand in; the editors of
    # the volume a paper appeared in never do (a paper without authors is a mistake), nor a crossref's.
    edited_volume = entry.entry_type.lower() in VOLUMES
    people_field = "author" if "author" in fields or "editor" not in own or not edited_volume else "editor"
    missing = [name for name in (people_field, "title", "year") if not fields.get(name, ("", 0))[0].strip()]
    if missing:
        cross = fields.get("crossref", ("", 0))[0].strip()
        fix = f"add {', '.join(f'{m} = {{...}}' for m in missing)}"
        if cross and parent is None:
            fix = f"copy the entry '{cross}' that its crossref names into papers.bib too (dblp: \"with crossref\"), or {fix}"
        problems.error(file, line, f"entry '{entry.key}' has no {' and no '.join(missing)}", fix=fix)
        return None
    # paths.segment makes the address; dblp's keys have '/' and ':'. A key needs a letter or digit (`.` names a folder).
    if not re.fullmatch(r"[A-Za-z0-9_.:/-]*[A-Za-z0-9][A-Za-z0-9_.:/-]*", entry.key):
        problems.error(file, line, f"the key '{entry.key}' contains characters that cannot be part of a web address",
                       fix="use letters and digits, with '-', '_', '.', ':' and '/' only between them")
        return None
    values: dict[str, str] = {}
    try:
        for name in ("title", "year", "journal", "booktitle", "howpublished", "volume", "number", "pages",
                     "publisher", "doi", "eprint", "archiveprefix", "eprinttype", "note", "url", "pdf", "code"):
            at = name
            values[name] = bibvalues.text(fields[name][0]) if name in fields else ""
        at = people_field
        people = bibvalues.names(fields[people_field][0])
    except bibvalues.Unreadable as exc:
        owner = entry.key if at in own else (parent.key if parent else entry.key)
        problems.error(file, fields[at][1], exc.what, path=f"entry '{owner}', {at}", fix=exc.fix)
        return None
    year = values["year"]
    if not re.fullmatch(r"\d{4}", year):
        problems.error(file, fields["year"][1], f"entry '{entry.key}' has year {year!r}", fix="write the year as four digits")
        return None
    urls = {}
    for name in ("url", "pdf", "code"):
        value = values[name]
        problem = addresses.web_problem(value) if value else None
        if problem:
            problem = "is not a web address" if problem.startswith("is not") else problem
            problems.error(file, fields[name][1], f"entry '{entry.key}' has {name} {value[:40]!r}, which {problem}",
                           fix="write a full address starting with https://")
            value = ""
        urls[name] = value
    prefix = values["archiveprefix"] or values["eprinttype"]
    bibtex = (entry.raw or "").strip()
    if parent is not None and parent is not entry:
        bibtex += "\n\n" + (parent.raw or "").strip()  # what a reader copies must hold what the crossref gives
    return Paper(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=values["title"],
        authors=people,
        edited=people_field == "editor",
        part_of=parent.key if parent is not None and parent is not entry else "",
        year=year,
        bibtex=bibtex,
        line=line,
        venue=values["journal"] or values["booktitle"] or values["howpublished"],
        volume=values["volume"],
        number=values["number"],
        pages=values["pages"],
        publisher=values["publisher"],
        doi=re.sub(r"^https?://(dx\.)?doi\.org/", "", values["doi"]),
        eprint=values["eprint"] if not prefix or prefix.lower() == "arxiv" else "",
        note=values["note"],
        **urls,
    )
