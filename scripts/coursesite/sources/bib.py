"""Read papers.bib into `Paper` records: BibTeX and BibLaTeX as reference managers and libraries export them.

bibtexparser 2 splits the file into blocks and does not raise on malformed input: broken
and duplicate entries land in `library.failed_blocks`. Values are read by `bibvalues` (macros,
`#`, LaTeX), and an entry with `crossref` (or biblatex's `xdata`) takes the fields it lacks from
the entry it names, as BibTeX and biblatex do (dblp's default export).

Only the entries the course reads are strict: `Bibliography.select` checks and converts those (and
what they inherit from) and reports their problems as errors; a broken entry no one reads is a
warning, and the rest of a large library costs only bibtexparser's split.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as record_field

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry

from ..errors import Problem, Problems, entry_label
from ..model import Author, Paper
from . import addresses, bibvalues, plaintext
from .sourcefile import decode

MAX_BYTES = 2_000_000
# Fields that belong to one entry only; BibTeX gives a volume's title to its papers as booktitle.
NOT_INHERITED = {"crossref", "xdata", "title", "subtitle", "titleaddon", "ids", "biburl", "bibsource", "timestamp",
                 "shorttitle", "key", "label", "entryset"}
VOLUMES = {"proceedings", "book", "collection", "mvproceedings", "mvbook", "mvcollection", "reference", "mvreference"}
MULTIVOLUME = {"mvbook", "mvcollection", "mvproceedings", "mvreference"}
IGNORED_TYPES = {"set", "xdata", "preamble"}
"""biblatex's entry sets and data containers hold no work of their own."""
# Types that may name an organization instead of people (manuals, web pages, reports, software).
CORPORATE = {"manual", "online", "electronic", "www", "report", "techreport", "misc", "software", "dataset", "patent",
             "booklet", "standard"}
ALIASES = {"journaltitle": "journal", "location": "address", "school": "institution", "archiveprefix": "eprinttype",
           "primaryclass": "eprintclass", "lastchecked": "urldate", "issue": "number"}
"""biblatex (and Zotero, JabRef) names on the left for what BibTeX calls the name on the right; the first one written wins."""
ARXIV_ID = re.compile(r"(?:arXiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.I)
ARXIV_URL = re.compile(r"https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?/?$", re.I)

# bibtexparser logs each failed block itself; we report them in our own format.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL + 1)

Fields = dict[str, tuple[str, int]]
"""An entry's values (not yet LaTeX-decoded) with their lines, by lower-case field name."""


@dataclass
class Bibliography:
    """The entries of papers.bib, split and their macros known, converted only when asked for."""

    file: str
    entries: dict[str, Entry]
    macros: dict[str, str]
    broken: dict[str, list[Problem]] = record_field(default_factory=dict)
    """Problems of blocks the parser could not use, by the key they seem to have."""
    unnamed: list[Problem] = record_field(default_factory=list)
    """Problems of broken blocks without a recognisable key."""

    strings: tuple[str, ...] = ()
    """The @string definitions as written, for the published file."""

    @property
    def empty(self) -> bool:
        """No entry at all: fine while every session's paper is still to be chosen; the loader judges that."""
        return not self.entries and not self.broken and not self.unnamed

    def export(self, keys: Iterable[str]) -> str:
        """The published papers.bib: the @string definitions and the entries of `keys` with what they name by
        crossref or xdata, as written and in the file's order."""
        wanted = {k.lower() for k in keys}
        for key in list(wanted):
            found = self._by_lower().get(key)
            fields = found.fields_dict if found is not None else {}
            for name in ("crossref", "xdata"):
                if name in fields:
                    wanted.update(t.strip().lower() for t in str(fields[name].value).strip("{}\" ").split(","))
        blocks = list(self.strings) + [published(e) for k, e in self.entries.items() if k.lower() in wanted]
        return "\n\n".join(blocks) + "\n"

    @property
    def keys(self) -> set[str]:
        return set(self.entries) | set(self.broken)

    def select(self, keys: Iterable[str], problems: Problems) -> dict[str, Paper | None]:
        """The papers of `keys` (keys not in the file are left out; a broken entry maps to None), their problems
        reported as errors; the problems of broken entries no one reads as warnings, and one note counts those
        left out."""
        wanted = [k for k in dict.fromkeys(keys) if k in self.keys]
        papers: dict[str, Paper | None] = {}
        for key in wanted:
            if key in self.broken:
                problems.errors.extend(self.broken[key])
                papers[key] = None
            else:
                papers[key] = self._paper(key, problems)
        for key, found in self.broken.items():
            if key not in papers:
                problems.warnings.extend(_unread(p) for p in found)
        problems.warnings.extend(_unread(p) for p in self.unnamed)
        return papers

    def _paper(self, key: str, problems: Problems) -> Paper | None:
        entry = self.entries[key]
        kind = entry.entry_type.lower()
        if kind in IGNORED_TYPES:
            problems.error(self.file, (entry.start_line or 0) + 1, f"{entry_label(key)} is a @{kind}, which holds no paper of its own",
                           fix="name one of the entries it groups instead")
            return None
        fields = self._fields(entry, problems)
        if fields is None:
            return None
        merged, parent = fields, None
        links = [("xdata", t) for t in fields["xdata"][0].split(",")] if "xdata" in fields else []
        links += [("crossref", fields["crossref"][0])] if "crossref" in fields else []
        for name, target in links:
            found = self._by_lower().get(target.strip().lower())
            if found is None or found is entry:
                continue
            inherited = self._fields(found, problems)
            if inherited is None:
                return None
            merged = _inherit(merged, inherited, found.entry_type.lower(), kind, everything=name == "xdata")
            if name == "crossref":
                parent = found
        return _paper(entry, merged, set(fields), parent, self.file, problems)

    def _fields(self, entry: Entry, problems: Problems) -> Fields | None:
        return _fields(entry, self.macros, self.file, problems)

    def _by_lower(self) -> dict[str, Entry]:
        # crossref ignores letter case, as BibTeX does
        if not hasattr(self, "_lower"):
            self._lower = {key.lower(): entry for key, entry in self.entries.items()}
        return self._lower


def _unread(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.message, problem.path,
                   "no session reads this entry, so the site leaves it out" + (f"; to use it, {problem.fix}" if problem.fix else ""))


_PAGE_BREAK = re.compile(r"^[ \t\f]*\f[ \t\f]*(?=\r?$)", re.M)


def load_bib(raw: bytes, file: str, problems: Problems) -> Bibliography | None:
    """The entries of papers.bib, or None when the file as a whole is unusable (reported here)."""
    text = decode(raw, file, problems, MAX_BYTES, "a bibliography")
    if text is None:
        return None
    # A form feed alone on its line is a page break (Emacs writes them between entries); to BibTeX it is space.
    text = _PAGE_BREAK.sub("", text)
    # Checked on the whole text, because each entry's source is published as written (for copying).
    unreadable = plaintext.lines_with_problems(text)
    for line, what, fix in unreadable:
        problems.error(file, line, what, fix=fix)
    if unreadable:
        return None
    try:
        library = bibtexparser.parse_string(text, parse_stack=[])  # values as written; bibvalues reads them
    except Exception as exc:  # the parser's own bugs must not become a traceback
        problems.error(file, None, f"BibTeX could not be read ({type(exc).__name__}: {exc})",
                       fix="check braces and quotes around the last edit")
        return None

    macros: dict[str, str] = {}
    for string in library.strings:  # in file order: a macro may use the ones before it
        try:
            macros[string.key.lower()] = bibvalues.evaluate(str(string.value), macros)
        except bibvalues.Unreadable as exc:
            problems.error(file, (string.start_line or 0) + 1, exc.what, path=f"@string '{string.key}'", fix=exc.fix)
    bib = Bibliography(file, {entry.key: entry for entry in library.entries}, macros,
                       strings=tuple((string.raw or "").strip() for string in library.strings))
    for block in library.failed_blocks:
        found = Problems()
        key = _failed(block, file, found)
        if key:
            bib.broken.setdefault(key, []).extend(found.errors)
        else:
            bib.unnamed.extend(found.errors)
    return bib


def _failed(block: object, file: str, problems: Problems) -> str | None:
    """Report a block the parser could not use; the key it seems to have, if any."""
    line = (getattr(block, "start_line", 0) or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        problems.error(file, line, f"the key '{block.key}' is used by two entries", fix="give each entry its own key")
        return block.key
    raw_block = getattr(block, "raw", "") or ""
    key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,", raw_block)
    name = key[1] if key else "?"
    unclosed = _unclosed_field(raw_block)
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(f"`{k}`" for k in sorted(block.duplicate_keys))
        problems.error(file, line, f"{entry_label(name)} has {fields} more than once", fix="keep one of them")
    elif unclosed is not None:
        offset, field = unclosed
        problems.error(file, line + offset, f"the value of `{field}` in {entry_label(name)} has a `{{` without its `}}`",
                       fix="close the brace at the end of the value")
    elif _depth(raw_block) >= 1 and key:
        last = len(raw_block.rstrip().split("\n")) - 1
        problems.error(file, line + last, f"{entry_label(name)} is not closed", fix="add a `}` on the line after its last field")
    else:
        head = raw_block.strip().splitlines()[0][:60] if raw_block.strip() else ""
        problems.error(file, line, f"BibTeX syntax error in the entry starting `{head}`",
                       fix="check that every `{` has its `}` and fields are separated by commas")
    # A block broken before its first comma still names its key to whoever reads it.
    loose = key or re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s{}()]+)", raw_block)
    return loose[1] if loose else None


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
        where = entry_label(entry.key, name)
        if name in fields:
            problems.error(file, line, f"{entry_label(entry.key)} has `{name}` more than once", fix="keep one of them")
            ok = False
        elif re.search(r"[}\"]\s*\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]", raw):
            # Without the comma after a value, the parser reads the next field into this value.
            problems.error(file, line, f"{entry_label(entry.key)} has no comma after the value of `{field.key}`",
                           fix="put a comma at the end of the line")
            ok = False
        else:
            try:
                fields[name] = (bibvalues.evaluate(raw, macros), line)
            except bibvalues.Unreadable as exc:
                problems.error(file, line, exc.what, path=where, fix=exc.fix)
                ok = False
    return fields if ok else None


def _inherit(fields: Fields, parent: Fields, parent_type: str, kind: str, everything: bool = False) -> Fields:
    """The fields of an entry with `crossref` (or `xdata`): its own, then those of the entry it names.

    As biblatex does, a volume's title becomes its parts' booktitle, a multi-volume work's its volumes' maintitle."""
    merged = dict(fields)
    for name, value in parent.items():
        if everything or name not in NOT_INHERITED:
            merged.setdefault(name, value)
    if everything:
        return merged
    if parent_type in MULTIVOLUME and kind not in ("inbook", "incollection", "inproceedings", "bookinbook", "suppbook"):
        for ours, theirs in (("maintitle", "title"), ("mainsubtitle", "subtitle")):
            if theirs in parent:
                merged.setdefault(ours, parent[theirs])
    elif parent_type in VOLUMES:
        for ours, theirs in (("booktitle", "title"), ("booksubtitle", "subtitle"), ("booktitleaddon", "titleaddon")):
            if theirs in parent:
                merged.setdefault(ours, parent[theirs])
    return merged


def _paper(entry: Entry, fields: Fields, own: set[str], parent: Entry | None, file: str, problems: Problems) -> Paper | None:
    """The paper of an entry whose values could be read (`own`: the fields not taken from the crossref), or None."""
    line = (entry.start_line or 0) + 1
    kind = entry.entry_type.lower()
    for alias, name in ALIASES.items():  # biblatex's names; BibTeX's, where an entry has both, win
        if alias in fields and name not in fields:
            fields[name] = fields[alias]
            if alias in own:
                own.add(name)
    # Who stands first: the authors; where an entry names none, its own editors (an edited volume), or for a
    # manual, web page or report the organization behind it. The editors of the volume a paper appeared in
    # never do (a paper without authors is a mistake), nor a crossref's.
    people_field = "author" if "author" in fields else "editor" if "editor" in own and kind in VOLUMES else None
    if people_field is None and kind in CORPORATE:
        people_field = next((name for name in ("organization", "institution", "publisher") if name in own), None)
    when = "date" if fields.get("date", ("", 0))[0].strip() else "year"
    missing = [name for name, present in (("author", people_field is not None), ("title", True), ("year", True))
               if not present or (name != "author" and not fields.get(name if name == "title" else when, ("", 0))[0].strip())]
    if missing:
        cross = fields.get("crossref", ("", 0))[0].strip()
        fix = f"add {', '.join(f'{m} = {{...}}' for m in missing)}"
        if cross and parent is None:
            fix = f"copy the {entry_label(cross)} that its crossref names into papers.bib too (dblp: \"with crossref\"), or {fix}"
        problems.error(file, line, f"{entry_label(entry.key)} has no {' and no '.join(missing)}", fix=fix)
        return None
    assert people_field is not None
    # paths.segment makes the address; dblp's keys have '/' and ':'. A key needs a letter or digit (`.` names a folder).
    if not re.fullmatch(r"[A-Za-z0-9_.:/-]*[A-Za-z0-9][A-Za-z0-9_.:/-]*", entry.key):
        problems.error(file, line, f"the key '{entry.key}' contains characters that cannot be part of a web address",
                       fix="use letters and digits, with '-', '_', '.', ':' and '/' only between them")
        return None

    def owner(name: str) -> str:
        return entry.key if name in own or parent is None else parent.key

    values: dict[str, str] = {}
    ok = True
    for name, (raw, at) in fields.items():
        if name not in SHOWN:
            continue
        try:
            decoded, unknown = bibvalues.decode(raw)
        except bibvalues.Unreadable as exc:
            problems.error(file, at, exc.what, path=entry_label(owner(name), name), fix=exc.fix)
            ok = False
            continue
        values[name] = decoded
        commands = [c for c in unknown if not c.startswith("$")]
        if commands:
            listed = ", ".join(f"`{c}`" for c in commands)
            problems.warn(file, at, f"{listed} {'is' if len(commands) == 1 else 'are'} not LaTeX the site can convert; "
                          "shown as written", path=entry_label(owner(name), name),
                          fix="write the text without it, or in Unicode")
        for shown in (c for c in unknown if c.startswith("$")):
            written = shown if len(shown) <= 60 else shown[:57] + "...$"
            problems.warn(file, at, f"the formula `{written}` cannot be converted to MathML; shown as written",
                          path=entry_label(owner(name), name),
                          fix="use standard LaTeX math (no \\href, \\style, \\html..., markup in \\text or commands "
                              "of your own, at most 300 characters), or write it as text")

    def people(name: str) -> tuple[tuple[Author, ...], bool]:
        nonlocal ok
        if name not in fields:
            return (), False
        if name in ("organization", "institution", "publisher"):
            return (Author("", values.get(name, "")),), False
        try:
            return bibvalues.names(fields[name][0])
        except bibvalues.Unreadable as exc:
            problems.error(file, fields[name][1], exc.what, path=entry_label(owner(name), name), fix=exc.fix)
            ok = False
            return (), False

    authors, more = people(people_field)
    editors = people("editor")[0] if people_field != "editor" else ()
    translators = people("translator")[0]
    if not ok:
        return None
    year, month, day = _when(entry.key, fields, values, file, problems)
    if year is None:
        return None

    def get(*names: str) -> str:
        return next((values[n] for n in names if values.get(n)), "")

    def titled(name: str, sub: str, addon: str) -> str:
        title = get(name)
        if get(sub):
            title = bibvalues.joined(title, ": " if title and title[-1] not in ".?!:" else " ", get(sub))
        return bibvalues.joined(title, ". ", get(addon)) if get(addon) else title

    title = titled("title", "subtitle", "titleaddon")
    urls = {}
    for name in ("url", "pdf", "code"):
        value = addresses.from_bibtex(values.get(name, ""))
        problem = addresses.web_problem(value) if value else None
        if problem:
            fix = addresses.web_fix(problem)
            problem = "is not a web address" if problem.startswith("is not") else problem
            problems.error(file, fields[name][1], f"{entry_label(entry.key)} has {name} {value[:40]!r}, which {problem}",
                           fix=fix)
            value = ""
        urls[name] = value
    howpublished = get("howpublished")
    if not urls["url"] and re.fullmatch(r"https?://\S+", howpublished) and not addresses.web_problem(howpublished):
        urls["url"], howpublished = howpublished, ""  # `howpublished = {\url{...}}`: the entry's address
    # `note = {Available at \url{...}}` (and the like in howpublished): without a url field, the entry's address.
    for text in (howpublished, get("note", "addendum")):
        found = re.search(r"https?://[^\s,;<>()]+[^\s,;<>().]", text)
        if not urls["url"] and found and not addresses.web_problem(found[0]):
            urls["url"] = found[0]
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", get("doi"), flags=re.I)
    if not doi and (m := re.fullmatch(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)", urls["url"], re.I)):
        doi = m[1]  # the ACM library gives a chapter's DOI as its url only
    bibtex = published(entry)
    if parent is not None and parent is not entry:
        bibtex += "\n\n" + published(parent)  # what a reader copies must hold what the crossref gives
    institution = get("institution", "organization") if people_field not in ("institution", "organization") else ""
    publisher = get("publisher") if people_field != "publisher" else ""
    if kind in THESES | REPORTS and institution:
        publisher = institution
    elif kind not in ("inproceedings", "conference", "article"):
        publisher = publisher or institution
    genre = get("type") or {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis",
                            "techreport": "Technical report"}.get(kind, "")
    genre = GENRES.get(genre.lower(), genre)
    venue = titled("journal", "journalsubtitle", "")
    if kind not in ("article", "periodical"):
        venue = titled("booktitle", "booksubtitle", "booktitleaddon") or venue
    return Paper(
        key=entry.key,
        entry_type=kind,
        title=title,
        authors=authors,
        edited=people_field == "editor",
        more_authors=more,
        editors=editors,
        translators=translators,
        part_of=parent.key if parent is not None and parent is not entry else "",
        year=year, month=month, day=day,
        bibtex=bibtex,
        line=line,
        venue=venue,
        volume=get("volume"),
        number=get("number"),
        pages=get("pages"),
        publisher=publisher,
        location=get("address"),
        doi=doi,
        eprint=_arxiv(values, urls["url"], doi),
        note=get("note", "addendum"),
        edition=get("edition"),
        series=get("series"),
        genre=genre,
        maintitle=titled("maintitle", "mainsubtitle", "maintitleaddon"),
        howpublished=howpublished,
        urldate=_urldate(values.get("urldate", "")),
        chapter=get("chapter"),
        **urls,
    )


THESES = {"phdthesis", "mastersthesis", "thesis"}
REPORTS = {"techreport", "report"}
GENRES = {"phdthesis": "PhD thesis", "mathesis": "Master's thesis", "candthesis": "Candidate thesis",
          "techreport": "Technical report", "resreport": "Research report", "patent": "Patent",
          "patentde": "German patent", "patenteu": "European patent", "patentfr": "French patent",
          "patentuk": "British patent", "patentus": "U.S. patent", "patreq": "Patent request",
          "patreqde": "German patent request", "patreqeu": "European patent request",
          "patrequs": "U.S. patent request"}
"""biblatex's keys for `type`, as its English strings write them."""
SHOWN = {"author", "editor", "translator", "title", "subtitle", "titleaddon", "year", "date", "month", "day", "journal",
         "journalsubtitle", "booktitle", "booksubtitle", "booktitleaddon", "maintitle", "mainsubtitle", "maintitleaddon",
         "volume", "number", "pages", "publisher", "address", "institution", "organization", "doi", "eprint",
         "eprinttype", "note", "addendum", "edition", "series", "type", "howpublished", "urldate", "chapter", "url",
         "pdf", "code"}
"""The fields the site reads (after `ALIASES`); the others (abstract, keywords, file, isbn, ...) stay in the BibTeX only."""
PUBLISHED = SHOWN | set(ALIASES) | {"crossref", "xdata", "abstract", "isbn", "issn", "eprintclass", "langid", "language",
                                    "pagetotal", "numpages", "pubstate", "version", "eventtitle", "eventdate", "venue",
                                    "shorttitle", "shortjournal", "key", "month", "organization", "school"}
"""The fields of an entry that the site publishes (on the paper page and in its papers.bib): what a reader's
reference manager needs. Reference managers write their owner's bookkeeping into the export too: Zotero the
PDF's path on the organizer's disk (`file`), their tags (`keywords`) and notes (`annote`), JabRef `owner` and
`groups`, Mendeley `mendeley-groups`, BibDesk `bdsk-file-1` (a macOS alias with the path); those stay private."""


def published(entry: Entry) -> str:
    """The entry as written, or, when it has fields the site does not publish, written anew without them."""
    raw = (entry.raw or "").strip()
    kept = [f for f in entry.fields if f.key.lower() in PUBLISHED]
    head = re.match(r"@\s*\w+\s*([{(])[^,]*,", raw)
    if len(kept) == len(entry.fields) or head is None:
        return raw
    return "\n".join([head[0], *(f"  {f.key} = {f.value}," for f in kept), "}" if head[1] == "{" else ")"])


def _when(key: str, fields: Fields, values: dict[str, str], file: str, problems: Problems) -> tuple[str | None, int, int]:
    """Year, month and day from biblatex's `date` or BibTeX's `year` and `month` (None after reporting a problem)."""
    if values.get("date"):
        try:
            return bibvalues.date(values["date"])
        except bibvalues.Unreadable as exc:
            problems.error(file, fields["date"][1], f"{entry_label(key)} {exc.what}", fix=exc.fix)
            return None, 0, 0
    year = values.get("year", "")
    if not re.fullmatch(r"\d{4}", year):
        problems.error(file, fields["year"][1], f"{entry_label(key)} has year {year!r}", fix="write the year as four digits")
        return None, 0, 0
    month = bibvalues.month(values["month"]) if values.get("month") else 0
    if values.get("month") and not month:
        problems.warn(file, fields["month"][1], f"{entry_label(key)} has month {values['month'][:20]!r}, which is not a month; "
                      "the site leaves it out", fix="write the month as a number (3) or its name (mar, March)")
    day = values.get("day", "")
    return year, month, int(day) if month and day.isdigit() and 1 <= int(day) <= 31 else 0


def _urldate(value: str) -> str:
    try:
        year, month, day = bibvalues.date(value) if value else ("", 0, 0)
    except bibvalues.Unreadable:
        return ""
    return "-".join([year] + [f"{n:02d}" for n in (month, day) if n]) if year else ""


def _arxiv(values: dict[str, str], url: str, doi: str) -> str:
    """The arXiv identifier, however the tool wrote it: eprint with archivePrefix or eprinttype arXiv, an arXiv
    address (Semantic Scholar, dblp's CoRR), arXiv's own DOI, or Google Scholar's `journal = {arXiv preprint arXiv:...}`."""
    prefix = values.get("eprinttype", "").lower()
    eprint = values.get("eprint", "")
    if eprint and prefix in ("", "arxiv") and (m := ARXIV_ID.fullmatch(eprint.strip())):
        return m[1]
    for candidate in (url, doi):
        if m := ARXIV_URL.match(candidate) or re.match(r"10\.48550/arXiv\.(\S+)$", candidate, re.I):
            return m[1]
    journal = values.get("journal", "")
    for text in (journal, values.get("howpublished", "")):  # Google Scholar's @misc writes it in howpublished
        if m := re.search(r"\barXiv(?: preprint)?:?\s*(?:arXiv:)?(\d{4}\.\d{4,5}(?:v\d+)?)", text, re.I):
            return m[1]
    # dblp's (and Semantic Scholar's) CoRR: journal = {CoRR} or {ArXiv}, volume = {abs/1706.03762}
    volume = values.get("volume", "")
    if journal.lower() in ("corr", "arxiv") and (m := re.fullmatch(r"abs/(\S+)", volume)):
        return m[1]
    return ""
