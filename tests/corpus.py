"""The bad-input corpus: broken variants of course.yaml and papers.bib, each with the exact lines it gives.

Each case starts from one of two courses that are valid as they are, the starter that `make new`
writes (it changes only with this tool, so its line numbers stay put) or the seed course (line
numbers found from snippets, so the corpus survives edits of the seed), edits one or both files,
and lists the error and warning lines `check` prints after "error: " / "warning: " ({folder}
stands for the course folder). One corpus, three uses:

- test_check.py: `coursesite check` prints exactly these lines (and the summary) for every case;
- test_guide.py: together the cases reach every place in the loader that reports a problem, and
  docs/messages.md lists every message with its fix;
- test_bad_input.py: `coursesite build` refuses every case with errors, with the same lines, and
  leaves the last good site/ byte for byte as it was.

Add a case here when you add a message.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coursesite.cli import STARTER
from coursesite.course import languages, notebooks

ROOT = Path(__file__).resolve().parent.parent
COURSE, BIB = "course.yaml", "papers.bib"
Edit = Callable[[bytes], bytes]
FOLDER = "FOLDER"
"""Instead of an edit: the file is a folder."""
LANGUAGES = ", ".join(languages.available())
"""The languages `language:` accepts, as messages list them."""
BASES = {
    "starter": {name: (STARTER / name).read_bytes() for name in (COURSE, BIB)},
    "seed": {name: (ROOT / name).read_bytes() for name in (COURSE, BIB)},
}


@dataclass(frozen=True)
class Case:
    name: str
    base: str
    """"starter" or "seed"."""
    course: Edit | str | None = None
    """How course.yaml changes: an edit of its bytes, FOLDER, or None for no file (see `unchanged`)."""
    bib: Edit | str | None = None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    files: tuple[tuple[str, str | bytes | tuple[str, str]], ...] = ()
    """Other files of the course folder: (path, text, bytes, or ("link", target) for a symbolic link)."""
    parser_crash: bool = False
    """Simulate a crash inside the BibTeX parser (no known input triggers one)."""

    def lines(self, folder: Path) -> list[str]:
        """What `check` and `build` print on stderr for this case in `folder`."""
        n = len(self.errors)
        lines = [f"error: {e}" for e in self.errors] + [f"warning: {w}" for w in self.warnings]
        lines = [line.replace("{folder}", str(folder)) for line in lines]
        return lines + ([f"{n} error{'s' if n != 1 else ''}; nothing was built, site/ is unchanged."] if n else [])


def unchanged(data: bytes) -> bytes:
    return data


def original(base: str) -> Case:
    """The base course as it is (to put a folder's files back after a case)."""
    return Case("original", base, unchanged, unchanged)


def prepare(case: Case, folder: Path) -> None:
    """Write the case's two files into `folder` (replacing what is there); a seed case also gets the notebooks."""
    folder.mkdir(parents=True, exist_ok=True)
    if case.base == "seed" and not (folder / "notebooks").exists():
        # A copy: a notebook that is a link out of the course folder is refused.
        shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    for name, spec in ((COURSE, case.course), (BIB, case.bib)):
        target = folder / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
        if spec == FOLDER:
            target.mkdir()
        elif spec is not None:
            target.write_bytes(spec(BASES[case.base][name]))
    for name, content in case.files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple):
            target.symlink_to(content[1])
        else:
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def undo(case: Case, folder: Path) -> None:
    """Put the base course's files back into `folder` and remove the other files the case added."""
    prepare(original(case.base), folder)
    for top in {Path(name).parts[0] for name, _ in case.files}:
        target = folder / top
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def _text_edit(spec) -> Edit | str | None:
    """A starter case's spec: (old, new) pairs, a function of the text, the whole file, FOLDER or None."""
    if spec is None or spec == FOLDER:
        return spec
    if isinstance(spec, (bytes, str)):
        content = spec if isinstance(spec, bytes) else spec.encode("utf-8")
        return lambda data: content
    if callable(spec):
        return lambda data: spec(data.decode("utf-8")).encode("utf-8")

    def edit(data: bytes) -> bytes:
        text = data.decode("utf-8")
        for old, new in spec:
            assert old in text, old
            text = text.replace(old, new, 1)
        return text.encode("utf-8")
    return edit


def starter(name: str, course=(), bib=(), errors=(), warnings=(), files=None, parser_crash: bool = False) -> Case:
    """A case on the starter course; `course`/`bib` as `_text_edit` takes them, `files` a dict."""
    return Case(name, "starter", _text_edit(course), _text_edit(bib), tuple(errors), tuple(warnings),
                tuple((files or {}).items()), parser_crash)


def seed(name: str, what: str, file: str, edit: Edit, expected: tuple[str, ...],
         also: tuple[str, Edit] | None = None) -> Case:
    """A case on the seed course: `what` is broken, by `edit` of `file` (and `also` of the other file)."""
    edits = {COURSE: unchanged, BIB: unchanged, file: edit}
    if also:
        edits[also[0]] = also[1]
    return Case(name, "seed", edits[COURSE], edits[BIB], tuple(expected))


NO_ROLES_PAGES = ("links name pages from the site's top folder: index.md, info.md, schedule.md, papers/index.md, "
                  "guide.md, messages.md, papers/<BibTeX key>.md, participants/<number>.md (1 to 6)")

# --- Cases on the starter course ---------------------------------------------------------------

BASE_COURSE = BASES["starter"][COURSE].decode("utf-8")
BASE_BIB = BASES["starter"][BIB].decode("utf-8")

# A paper no session uses, so that breaking it shows only the bibliography's own message.
EXTRA = """
@misc{jacobson2021roleplaying,
  author = {Jacobson, Alec and Raffel, Colin},
  title  = {Role-Playing Paper-Reading Seminars},
  year   = {2021},
  url    = {https://colinraffel.com/blog/role-playing-seminar.html},
}
"""
BOMB = "".join(f"{a}: &{a} [{', '.join([f'*{p}'] * 10 if p else ['1'] * 10)}]\n"
               for a, p in zip("abcde", ["", "a", "b", "c", "d"]))


def extra(*pairs: tuple[str, str]) -> Callable[[str], str]:
    """papers.bib with the extra entry, edited."""
    def edit(text: str) -> str:
        entry = EXTRA
        for old, new in pairs:
            assert old in entry, old
            entry = entry.replace(old, new, 1)
        return text + entry
    return edit


def reads(*keys: str) -> list[tuple[str, str]]:
    """The starter course's edit that makes it read `keys` (as further reading of session 2): only entries the
    course reads are checked."""
    return [("    paper: kingma2015adam\n", f"    paper: kingma2015adam\n    further_reading: [{', '.join(keys)}]\n")]


def cut(start: str, stop: str | None, new: str) -> Callable[[str], str]:
    """Replace a block of course.yaml, from `start` up to (not including) `stop` or the end."""
    def edit(text: str) -> str:
        i = text.index(start)
        j = text.index(stop, i) if stop else len(text)
        return text[:i] + new + text[j:]
    return edit


NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
NB_KEY = ("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")
REMOTE_FIX = notebooks.REMOTE_FIX
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def notebook_with(*cells: dict) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5})

OM_START = '  start: "16:00"\n  end: "17:00"'


STARTER_CASES = [
    # --- Reading course.yaml ---
    starter("course.yaml missing", course=None,
         errors=['course.yaml: file not found; create {folder}/course.yaml (see the README) or run the command from the course folder']),
    starter("course.yaml is a folder", course="FOLDER",
         errors=["course.yaml: cannot read the file (Is a directory); check the file's permissions"]),
    starter("course.yaml too large", course=b"#" * 1_000_001,
         errors=['course.yaml: the file is 1,000,001 bytes, more than the 1,000,000 a course file may have; check that this is the right file']),
    starter("course.yaml not UTF-8", course=b"title: Caf\xe9\n",
         errors=['course.yaml:1: byte 0xe9 is not valid UTF-8; save the file with UTF-8 encoding']),
    starter("course.yaml empty", course="",
         errors=['course.yaml:1: the file is empty; start from the example in the README (or `make new`)']),
    starter("course.yaml only comments", course="# nothing but a comment\n",
         errors=['course.yaml:1: the file is empty; start from the example in the README (or `make new`)']),
    starter("YAML syntax error", course=[("title: Reading", "title: [Reading")],
         errors=['course.yaml:15: YAML syntax error: the list opened with `[` on this line is not closed with `]`; close it with `]` and separate the items with commas, or write one `- item` per line']),
    starter("YAML control character", course=[("to get a place.", "to get a place\x07")],
         errors=['course.yaml:41: the line contains the invisible control character U+0007; delete it (it often comes with text pasted from a PDF), or retype the text around it']),
    starter("NUL bytes in course.yaml", course=[("to get a place.", "to get a place\x00"), ("Example Organizer", "Example\x00Organizer")],
         errors=['course.yaml:41: the line contains the invisible control character U+0000; delete it (it often comes with text pasted from a PDF), or retype the text around it',
                 'course.yaml:45: the line contains the invisible control character U+0000; delete it (it often comes with text pasted from a PDF), or retype the text around it']),
    starter("alias bomb", course=BOMB,
         errors=['course.yaml:5: the document expands to more than 100,000 values (nested YAML aliases?); write the values out instead of using anchors and aliases']),
    starter("key that is a list", course=[("participants: 6\n", "participants: 6\n? [a, b]\n: c\n")],
         errors=['course.yaml:89: a key must be a plain word; write `key: value`']),
    starter("key twice", course=[("participants: 6\n", "participants: 6\ntitle: Again\n")],
         errors=["course.yaml:89: the key 'title' appears twice; keep one of them"]),
    starter("unreadable value", course=[("participants: 6", "participants: !!float six")],
         errors=["course.yaml:88: participants: cannot read the value 'six': could not convert string to float: 'six'; quote the value"]),
    starter("unsupported YAML tag", course=[("participants: 6", "participants: !!python/object/apply:os.system [ls]")],
         errors=["course.yaml:88: participants: the YAML tag '!!python/object/apply:os.system' is not supported; remove the word that starts with `!` before the value"]),
    starter("alias to itself", course=[("participants: 6\n", "participants: 6\nswaps: &s [*s]\n")],
         errors=['course.yaml:89: swaps[0]: an alias refers to the list or group that contains it; write the value out instead of using the alias',
                 'course.yaml:89: swaps[0]: expected a group of `key: value` lines, found nothing; indent the lines below this key']),
    starter("bad merge key", course=[("participants: 6\n", "participants: 6\nswaps:\n  - <<: 5\n    session: 2\n")],
         errors=['course.yaml:90: swaps[0]: cannot merge: expected a mapping or list of mappings for merging, but found scalar; `<<:` must be followed by an alias of a group (`<<: *name`)',
                 "course.yaml:90: swaps[0]: the required key 'participants' is missing; add `participants:` (a list) to this entry"]),
    starter("value the tag cannot read", course=[("participants: 6", "participants: !!binary a")],
         errors=["course.yaml:88: participants: cannot read the value 'a': failed to decode base64 data: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4; quote the value"]),
    starter("missing dash before a session", course=[("  - date: 2027-06-03\n", "    date: 2027-06-03\n")],
         errors=["course.yaml:106: session 1 (6 May 2027): the key 'date' appears a second time in this entry; a `- ` is "
                 "probably missing at the start of this line; write `- date: ...` with the dash lined up with the other "
                 "entries' dashes if a new entry starts here, else keep one of the two"]),
    starter("colon in a question", course=[("      - What does an identity shortcut change for the gradient?",
                                         "      - Shortcuts: what do they change for the gradient?")],
         errors=["course.yaml:105: session 1 (6 May 2027), questions[1]: this text contains `: `, which YAML reads as a key "
                 "and a value; put the whole text in quotes: \"Shortcuts: what do they change for the gradient?\""]),
    starter("not key-value lines", course="- title: A seminar\n",
         errors=['course.yaml:1: the file must consist of `key: value` lines; start from the example in the README']),
    # --- Keys and values ---
    starter("group expected", course=cut("meetings:\n", "\n# Roles", "meetings: Thursdays at four\n"),
         errors=["course.yaml:57: meetings: expected a group of `key: value` lines, found 'Thursdays at four'; see the README for the format"]),
    starter("roster key", course=[("participants: 6", "participants: 6\nstudents: [Ada Lovelace, Alan Turing]")],
         errors=['course.yaml:89: students: the site publishes participant numbers only and never names; keep the list of names outside this repository and set `participants:` to the number of participants']),
    starter("misspelt key", course=[("    paper: kingma2015adam", "    papr: kingma2015adam")],
         errors=["course.yaml:107: session 2 (3 June 2027), papr: unknown key 'papr'; did you mean 'paper'?"]),
    starter("missing key", course=[("semester: Summer 2027\n", "")],
         errors=["course.yaml:14: the required key 'semester' is missing; add `semester:` (text) to the top level"]),
    starter("list expected", course=[("participants: 6", "participants: 6\nswaps: 2")],
         errors=['course.yaml:89: swaps: expected a list, found 2; write one `- item` per line']),
    starter("value not allowed", course=[("# rotation: none  ", "rotation: sometimes")],
         errors=["course.yaml:140: rotation: 'sometimes' is not allowed here; use one of rule, none"]),
    # The languages with a catalog (de, en, ... as `check` lists them) grow with each translation.
    starter("language without labels", course=[("language: en ", "language: es ")],
         errors=[f"course.yaml:18: language: 'es' has no translation of the page labels; use one of {LANGUAGES}, "
                 "or translate the labels first (README: Adding a language)"]),
    starter("language with a region", course=[("language: en ", "language: de-AT ")],
         errors=["course.yaml:18: language: 'de-AT' has no translation of the page labels; did you mean 'de'?"]),
    starter("language not a code", course=[("language: en ", "language: 12 ")],
         errors=[f"course.yaml:18: language: 12 is not allowed here; use one of {LANGUAGES}"]),
    starter("number expected", course=[("participants: 6", "participants: six")],
         errors=["course.yaml:88: participants: expected a whole number, found text; write digits only, e.g. 12"]),
    # Names typed where the count belongs are not repeated (CI logs of the pull-request check are public).
    starter("number expected, names typed", course=[("participants: 6", "participants: Alice Example, Bob Example")],
         errors=["course.yaml:88: participants: expected a whole number, found text; write digits only, e.g. 12"]),
    starter("number out of range", course=[("participants: 6", "participants: 0")],
         errors=['course.yaml:88: participants: 0 is out of range; use a number from 1 to 10000']),
    starter("text expected", course=[("semester: Summer 2027", "semester: [Summer, 2027]")],
         errors=['course.yaml:16: semester: expected text, found a list; write the text on the same line as the key']),
    starter("line break in a title", course=[("title: Reading Seminar on Landmark Papers in Deep Learning   # the seminar's name",
                                               "title: |\n  Reading Seminar\n  on Landmark Papers")],
         errors=["course.yaml:15: title: contains a line break, but is shown on one line; write the text on one line "
                 "(only Markdown fields such as summary may have several)"]),
    starter("vertical tab in a room", course=[("  room: Room 101\n  note:", '  room: "Room\\v101"\n  note:')],
         errors=["course.yaml:53: organizational_meeting.room: contains the invisible control character U+000B; delete it (it often comes with text pasted from a PDF), or retype the text around it"]),
    starter("control character in an announcement", course=[("participants: 6", 'participants: 6\nannouncements:\n  - date: 2027-04-01\n    text: "Room \\b changed"')],
         errors=["course.yaml:91: announcements[0].text: contains the invisible control character U+0008; delete it (it often comes with text pasted from a PDF), or retype the text around it"]),
    starter("right-to-left override in a title", course=[("Landmark Papers in Deep", "Landmark Papers\u202ein Deep")],
         errors=["course.yaml:15: title: contains the invisible direction control U+202E (RIGHT-TO-LEFT OVERRIDE), which can "
                 "reverse the text around it on the pages, in calendars and in the handout; delete it: right-to-left names "
                 "and titles are shown correctly without it"]),
    starter("lone surrogate in a duty", course=[("      - Take notes during the discussion.", '      - "Take notes \\ud800 during the discussion."')],
         errors=["course.yaml:83: roles[2].duties[0]: contains U+D800, half of a character (an unpaired surrogate); write the "
                 "character itself instead of a `\\u` escape (or use `\\U` with all eight digits)"]),
    starter("participant count with a leading zero", course=[("participants: 6", "participants: 06")],
         errors=["course.yaml:88: participants: 06 starts with a 0, which other YAML tools read as another number; write 6 without the leading 0"]),
    starter("participant numbers with a leading zero", course=[
        ("participants: 6\n", "participants: 6\nwithdrawn:\n  05: 2027-05-20\njoined: {\"04\": 2027-05-20}\n"
                               "swaps: [{session: 02, participants: [01, 2]}]\n")],
         errors=["course.yaml:90: withdrawn[5]: 05 starts with a 0, which other YAML tools read as another number; write 5 without the leading 0",
                 "course.yaml:91: joined[4]: 04 starts with a 0, which other YAML tools read as another number; write 4 without the leading 0",
                 "course.yaml:92: swaps[0].session: 02 starts with a 0, which other YAML tools read as another number; write 2 without the leading 0",
                 "course.yaml:92: swaps[0].participants[0]: 01 starts with a 0, which other YAML tools read as another number; write 1 without the leading 0"]),
    starter("empty text", course=[("  room: Room 202 ", '  room: "" ')],
         errors=['course.yaml:116: session 3 (1 July 2027), room: the text is empty; write something or remove the key']),
    starter("not a web address", course=[("  # url: https://example.org/register", "  url: register-here")],
         errors=["course.yaml:42: registration.url: 'register-here' is not a web address (https://...) or a mailto: link; write a full address starting with https://"]),
    starter("site_url that ends the attribute", course=[("# site_url: https://example.github.io/seminar/", 'site_url: https://x.example/" onload="alert(1)')],
         errors=["course.yaml:20: site_url: 'https://x.example/\" onload=\"alert(1)' contains a double quote; write a full address starting with https://"]),
    starter("site_url with a space", course=[("# site_url: https://example.github.io/seminar/", "site_url: https://x.example/a b")],
         errors=["course.yaml:20: site_url: 'https://x.example/a b' contains a space or line break; write a full address starting with https://"]),
    starter("site_url that is a mailto: link", course=[("# site_url: https://example.github.io/seminar/", "site_url: mailto:a@b.example")],
         errors=["course.yaml:20: site_url: 'mailto:a@b.example' is not a web address starting with https:// or http://; write a full address starting with https://"]),
    starter("site_url with a control character", course=[("# site_url: https://example.github.io/seminar/", 'site_url: "https://x.example/\\x7f"')],
         errors=["course.yaml:20: site_url: 'https://x.example/\\x7f' contains the invisible control character U+007F; write a full address starting with https://"]),
    starter("registration mailto: link with markup", course=[("  # url: https://example.org/register", "  url: mailto:a@b.example?x=<script>")],
         errors=["course.yaml:42: registration.url: 'mailto:a@b.example?x=<script>' contains a '<'; write a full address starting with https://"]),
    starter("e-mail address with a quote", course=[("    email: organizer@example.org", '    email: organizer@example.org" onmouseover="alert(1)')],
         errors=["course.yaml:46: organizers[0].email: 'organizer@example.org\" onmouseover=\"... contains a double quote; write the address alone, e.g. name@uni.example"]),
    starter("e-mail address with a hidden recipient", course=[("    email: organizer@example.org", "    email: a@uni.example?bcc=someone@else.example&body=x")],
         errors=["course.yaml:46: organizers[0].email: 'a@uni.example?bcc=someone@else.examp... has a `?` or `&` part after the address, "
                 "which could add hidden recipients (bcc) or text to every mail sent through the link; write the address alone, e.g. name@uni.example"]),
    starter("e-mail address without a domain", course=[("    email: organizer@example.org", "    email: organizer")],
         errors=["course.yaml:46: organizers[0].email: 'organizer' is not an e-mail address (name@host.domain); write the address alone, e.g. name@uni.example"]),
    starter("site_url too long for the QR code", course=[("# site_url: https://example.github.io/seminar/", "site_url: https://x.example/" + "a" * 500)],
         errors=["course.yaml:20: site_url: 'https://x.example/aaaaaaaaaaaaaaaaaa... is longer than 500 characters; write a full address starting with https://"]),
    starter("date in year 1", course=[("  date: 2027-04-15", "  date: 0001-04-15")],
         errors=["course.yaml:50: organizational_meeting.date: 0001-04-15 is not a year a seminar takes place in; check the year (four digits, e.g. 2024)"]),
    starter("date in year 9999", course=[("  - date: 2027-06-03", "  - date: 9999-06-03")],
         errors=["course.yaml:106: session 2, date: 9999-06-03 is not a year a seminar takes place in; check the year (four digits, e.g. 2024)"]),
    starter("bad role id", course=[("  - id: scribe", "  - id: 3scribe")],
         errors=["course.yaml:79: roles[2].id: '3scribe' is not a valid identifier; use letters, digits, - and _ only, starting with a letter"]),
    starter("course id with a space", course=[("id: 5e0c3a9b7d1f2468", "id: ml seminar")],
         errors=["course.yaml:14: id: 'ml seminar' is not a valid course id; use 4 to 40 letters, digits and - (not first or last), e.g. the id `make new` writes such as a3f09c1d2e4b5867"]),
    starter("course id too short", course=[("id: 5e0c3a9b7d1f2468", "id: ml")],
         errors=["course.yaml:14: id: 'ml' is not a valid course id; use 4 to 40 letters, digits and - (not first or last), e.g. the id `make new` writes such as a3f09c1d2e4b5867"]),
    starter("date expected", course=[("  date: 2027-04-15", "  date: next Thursday")],
         errors=["course.yaml:50: organizational_meeting.date: expected a date (YYYY-MM-DD), found 'next Thursday'; write e.g. 2023-10-31"]),
    starter("impossible date", course=[("  - date: 2027-06-03", "  - date: 2027-06-31")],
         errors=['course.yaml:106: session 2, date: 2027-06-31 is not a real date (day is out of range for month); check the day and month']),
    starter("time as a number", course=[(OM_START, '  start: 1600\n  end: "17:00"')],
         errors=['course.yaml:51: organizational_meeting.start: expected a time, found the number 1600; write the time in quotes, e.g. "18:00"']),
    starter("time expected", course=[(OM_START, '  start: "4 pm"\n  end: "17:00"')],
         errors=['course.yaml:51: organizational_meeting.start: expected a time ("HH:MM"), found \'4 pm\'; write e.g. "18:00"']),
    starter("not a time of day", course=[(OM_START, '  start: "16:60"\n  end: "17:00"')],
         errors=['course.yaml:51: organizational_meeting.start: 16:60 is not a time of day; use hours 00-23 and minutes 00-59']),
    starter("names instead of a count", course=[("participants: 6", "participants: [Ada Lovelace, Alan Turing]")],
         errors=['course.yaml:88: participants: expected the number of participants, found a list; the site publishes participant numbers only and never names; keep the list of names outside this repository and set `participants:` to the number of participants']),
    # --- Rules across fields ---
    starter("unknown time zone", course=[("timezone: Europe/Berlin", "timezone: Europe/Berln")],
         errors=["course.yaml:19: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?"]),
    # The building machine's zone and the database's zone without an offset are not the course's.
    starter("unknown citation style", course=[("timezone: Europe/Berlin", "timezone: Europe/Berlin\ncitation_style: APA 7")],
         errors=["course.yaml:20: citation_style: there is no citation style 'APA 7'; did you mean 'apa' or 'apa-tr' or 'apa-eu'?"]),
    starter("citation style without a bibliography", course=[("timezone: Europe/Berlin", "timezone: Europe/Berlin\ncitation_style: bluebook-inline")],
         errors=["course.yaml:20: citation_style: the citation style 'bluebook-inline' formats citations in the text only, "
                 "not a list of references; choose a style with a bibliography, e.g. apa, ieee, chicago-author-date, "
                 "harvard-cite-them-right, din-1505-2"]),
    starter("time zone localtime", course=[("timezone: Europe/Berlin", "timezone: localtime")],
         errors=["course.yaml:19: timezone: 'localtime' is not a known time zone; use an IANA name such as Europe/Berlin"]),
    starter("time zone Factory", course=[("timezone: Europe/Berlin", "timezone: Factory")],
         errors=["course.yaml:19: timezone: 'Factory' is not a known time zone; use an IANA name such as Europe/Berlin"]),
    starter("line separators keep the line numbers", course=[("semester: Summer 2027", "semester: Summer\u2028\u20292027\x85"), ("timezone: Europe/Berlin", "timezone: Europe/Berln")],
         errors=["course.yaml:19: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?"]),
    starter("meeting ends before it starts", course=[(OM_START, '  start: "16:00"\n  end: "15:00"')],
         errors=['course.yaml:52: organizational_meeting.end: the meeting ends (15:00) before it starts (16:00); check both times (24-hour clock)']),
    starter("sessions end before they start", course=[('  end: "17:45"', '  end: "16:00"')],
         errors=['course.yaml:59: meetings.end: sessions end (16:00) before they start (16:15); check both times (24-hour clock)']),
    starter("two roles with one id", course=[("  - id: scribe", "  - id: critic")],
         errors=["course.yaml:79: roles[2].id: roles[1] has the same id 'critic'; give each role its own id"]),
    starter("no sessions", course=cut("sessions:\n", None, "sessions: []\n"),
         errors=['course.yaml:96: sessions: there are no sessions; list at least one session']),
    starter("session ends before it starts", course=[("    room: Room 202 ", '    end: "16:00"\n    room: Room 202 ')],
         errors=['course.yaml:116: session 3 (1 July 2027), end: the session ends (16:00) before it starts (16:15); check both times (24-hour clock)']),
    starter("wrong weekday", course=[("  - date: 2027-06-03", "  - date: 2027-06-02")],
         errors=['course.yaml:106: session 2 (2 June 2027), date: 2027-06-02 is a Wednesday, not a Thursday as meetings.weekday says; correct the date, add `moved_from: <the regular Thursday>` if the meeting was moved on purpose, or remove meetings.weekday']),
    starter("overlapping sessions", course=[("  - date: 2027-06-03", "  - date: 2027-05-06")],
         errors=['course.yaml:106: session 2 (6 May 2027), start: the session (16:15–17:45) overlaps session 1 (6 May 2027) at 16:15–17:45 (line 97); give one of them other times (`start:`, `end:`) or another date']),
    starter("moved_from its own date", course=[("  - date: 2027-06-03", "  - date: 2027-06-03\n    moved_from: 2027-06-03")],
         errors=["course.yaml:107: session 2 (3 June 2027), moved_from: moved_from is the session's own date (2027-06-03); give the regular date the meeting was moved from, or remove moved_from"]),
    starter("moved_from not a regular day", course=[("  - date: 2027-06-03", "  - date: 2027-06-02\n    moved_from: 2027-06-01")],
         errors=['course.yaml:107: session 2 (2 June 2027), moved_from: 2027-06-01 is a Tuesday, not a regular Thursday; give the Thursday the meeting was moved from']),
    starter("both paper and papers", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    papers: [he2016deep]")],
         errors=['course.yaml:108: session 2 (3 June 2027), papers: the session has both `paper` and `papers`; list every paper under `papers:` and remove `paper:`']),
    starter("neither paper nor title", course=[("    paper: kingma2015adam\n", "")],
         errors=['course.yaml:106: session 2 (3 June 2027): the session has neither a paper nor a title; add `paper: <BibTeX key>`, or `title:` for a session without a paper (e.g. title: Introduction)']),
    starter("paper listed twice", course=[("    paper: kingma2015adam", "    papers: [kingma2015adam, kingma2015adam]")],
         errors=["course.yaml:107: session 2 (3 June 2027), papers[1]: the paper 'kingma2015adam' is listed twice in this session; list each paper once"]),
    starter("online not https", course=[("  weekday: Thursday", "  weekday: Thursday\n  online: http://meet.example.org/x")],
         errors=['course.yaml:62: meetings.online: http://meet.example.org/x is not an https address; write the address starting with https://']),
    starter("session online not https", course=[("    room: Room 202 ", "    online: http://meet.example.org/x\n    room: Room 202 ")],
         errors=['course.yaml:116: session 3 (1 July 2027), online: http://meet.example.org/x is not an https address; write the address starting with https://']),
    starter("no room and no online", course=[("  room: Room 101\n  weekday", "  weekday")],
         errors=['course.yaml:96: session 1 (6 May 2027): the session has neither a room nor an online address; add `room:` here or in `meetings:`, or `online: https://...`', 'course.yaml:105: session 2 (3 June 2027): the session has neither a room nor an online address; add `room:` here or in `meetings:`, or `online: https://...`']),
    starter("deadline after the session", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    deadlines:\n      - date: 2027-06-04\n        what: Slides")],
         errors=["course.yaml:109: session 2 (3 June 2027), deadlines[0].date: the deadline (2027-06-04 23:59) is after the session starts (2027-06-03 16:15); set the deadline on or before the session's day"]),
    starter("not true or false", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    cancelled: maybe")],
         errors=["course.yaml:108: session 2 (3 June 2027), cancelled: expected true or false, found 'maybe'; write true or false (without quotes)"]),
    starter("swap in a session without paper", course=[("    paper: kingma2015adam", "    title: Introduction"), ("# swaps:\n#   - session: 2027-06-03\n#     participants: [3, 5]", "swaps:\n  - session: 2027-06-03\n    participants: [3, 5]")],
         errors=['course.yaml:92: swaps[0].session: nobody holds a role in session 2 (3 June 2027); name a session with roles (one with a paper, without `rotation: false`)']),
    starter("session before the organizational meeting", course=[("  - date: 2027-05-06", "  - date: 2027-04-08")],
         warnings=['course.yaml:97: session 1 (8 April 2027), date: the session is before the organizational meeting (2027-04-15)']),
    starter("paper not in papers.bib", course=[("    paper: kingma2015adam", "    paper: kingma2015adma")],
         errors=["course.yaml:107: session 2 (3 June 2027), paper: no entry 'kingma2015adma' in papers.bib; did you mean 'kingma2015adam'?"]),
    starter("notebook missing", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: notebooks/adam.ipynb")],
         errors=['course.yaml:108: session 2 (3 June 2027), notebook: the notebook notebooks/adam.ipynb does not exist; check the path (relative to course.yaml) or remove the key']),
    starter("swap that makes the rotation unfair", course=[("participants: 6\n", "participants: 6\nswaps: [{session: 3, participants: [1, 2]}]\n")],
         warnings=['course.yaml:89: swaps[0]: participant 1 plays Presenter twice and never Scribe',
                   'course.yaml:89: swaps[0]: participant 2 plays Scribe twice and never Presenter']),
    starter("session title the handout cannot print", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    title: 深層学習 🤖")],
         warnings=["course.yaml:108: session 2 (3 June 2027), title: the handout's fonts have no glyph for '深' (and 4 more characters); "
                   "they print as boxes in handout.pdf; the web pages show them"]),
    starter("emoji in a role name", course=[("name: Presenter", "name: Presenter 🎤")],
         warnings=["course.yaml:68: roles[0].name: the handout's fonts have no glyph for '🎤'; it prints as a box in handout.pdf; the web pages show it"]),
    starter("paper title the handout cannot print", bib=[("{Adam: A Method for Stochastic Optimization}", "{Adam: 확률적 최적화}")],
         warnings=["papers.bib:19: entry 'kingma2015adam', title: the handout's fonts have no glyph for '확' (and 4 more characters); "
                   "they print as boxes in handout.pdf; the web pages show them"]),
    starter("fewer participants than roles", course=[("participants: 6", "participants: 2")],
         warnings=['course.yaml:88: participants: there are fewer participants (2) than roles (3), so 1 of the roles stays empty in each session']),
    starter("more sessions than roles", course=lambda text: text + "  - date: 2027-07-08\n    paper: he2016deep\n",
         warnings=['course.yaml:96: sessions: there are 4 sessions but 3 roles, so every participant holds some role more than once; '
                   'with as many sessions as roles, everyone holds each role exactly once']),
    starter("direction control in an author", bib=[("Kingma, Diederik P.", "Kingma, Diede\u2067rik P.")],
         errors=["papers.bib:20: the line contains the invisible direction control U+2067 (RIGHT-TO-LEFT ISOLATE), which can "
                 "reverse the text around it on the pages, in calendars and in the handout; delete it: right-to-left names "
                 "and titles are shown correctly without it"]),
    starter("BibTeX key '.'", course=reads("."), bib=extra(("jacobson2021roleplaying,", ".,")),
         errors=["papers.bib:40: the key '.' contains characters that cannot be part of a web address; use letters and digits, with '-', '_', '.', ':' and '/' only between them"]),
    starter("BibTeX key 'index' takes the reading list's address", course=reads("index"), bib=extra(("jacobson2021roleplaying,", "index,")),
         errors=["papers.bib:40: the page of entry 'index' would be published at papers/, the address of the reading list; give the entry another key (and change it in course.yaml too)"]),
    starter("BibTeX keys that differ in ':' and '-' only", course=reads("arXiv:1706.03762", "arXiv-1706-03762"), bib=lambda text: text + EXTRA.replace("jacobson2021roleplaying", "arXiv:1706.03762") + EXTRA.replace("jacobson2021roleplaying", "arXiv-1706-03762"),
         errors=["papers.bib:47: the page of entry 'arXiv-1706-03762' would be published at papers/arXiv-1706-03762/, the address of the page of entry 'arXiv:1706.03762' (papers.bib:40); give the entry another key (and change it in course.yaml too)"]),
    starter("BibTeX keys that differ in letter case only", course=reads("jacobson2021roleplaying", "Jacobson2021RolePlaying"), bib=lambda text: text + EXTRA + EXTRA.replace("jacobson2021roleplaying", "Jacobson2021RolePlaying"),
         errors=["papers.bib:47: the page of entry 'Jacobson2021RolePlaying' would be published at papers/Jacobson2021RolePlaying/, the address of the page of entry 'jacobson2021roleplaying' (papers.bib:40); give the entry another key (and change it in course.yaml too)"]),
    starter("notebook in private/", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: private/adam.ipynb")],
         files={"private/adam.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: private/adam.ipynb is in private/, the organizer's folder that is never published; move the notebook to notebooks/ and change the path here"]),
    starter("grading weights that do not add up", course=[("participants: 6\n", "participants: 6\ngrading: {talk: 0.5, discussion: 0.4}\n")],
         errors=["course.yaml:89: grading: the weights add up to 0.9, not 1; change them so that they add up to 1, e.g. presentation: 0.6 and discussion: 0.4"]),
    starter("grading in percent", course=[("participants: 6\n", "participants: 6\ngrading: {talk: 60, discussion: 40}\n")],
         errors=["course.yaml:89: grading: the weights add up to 100, not 1; write percentages as fractions: 60 % is 0.6"]),
    starter("grading weight out of range", course=[("participants: 6\n", "participants: 6\ngrading:\n  talk: 1.5\n  report: -0.5\n")],
         errors=["course.yaml:90: grading.talk: the weight of 'talk' is 1.5, not a share between 0 and 1; write each part's share as a fraction, e.g. 0.6 for 60 %",
                 "course.yaml:91: grading.report: the weight of 'report' is -0.5, not a share between 0 and 1; write each part's share as a fraction, e.g. 0.6 for 60 %"]),
    starter("grading weight in words", course=[("participants: 6\n", "participants: 6\ngrading: {talk: sixty}\n")],
         errors=["course.yaml:89: grading.talk: expected a number, found 'sixty'; write a number such as 0.6 (a point, no %)"]),
    starter("grading without anything to grade", course=[("participants: 6\n", "participants: 6\nrotation: none\ngrading: {talk: 1}\n")],
         errors=["course.yaml:90: grading: there is no session to grade: nobody holds a role or gives a talk in any session; add roles (or presenters of the papers) to the sessions, or remove `grading:`"]),
    starter("notebook path with a colon", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: notebooks/adam:v2.ipynb")],
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: the notebook path notebooks/adam:v2.ipynb has characters that do not work in a web address; use letters, digits, '-', '_' and '.' in folder and file names, no spaces or ':', and no name starting with '.'"]),
    starter("notebook at the home page's address", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: index.ipynb")],
         files={"index.ipynb": NOTEBOOK},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: the notebook page index.ipynb would be published at /, the address of the home page; rename the notebook file (or move it to another folder) and change the path here"]),
    starter("notebook at a paper page's address", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: papers/kingma2015adam.ipynb")],
         files={"papers/kingma2015adam.ipynb": NOTEBOOK},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: the notebook page papers/kingma2015adam.ipynb would be published at papers/kingma2015adam/, the address of the page of entry 'kingma2015adam' (papers.bib:19); rename the notebook file (or move it to another folder) and change the path here"]),
    starter("two notebooks with one file name", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: a/adam.ipynb"), ("    paper: vaswani2017attention", "    paper: vaswani2017attention\n    notebook: b/adam.ipynb")],
         files={"a/adam.ipynb": NOTEBOOK, "b/adam.ipynb": NOTEBOOK},
         errors=["course.yaml:117: session 3 (1 July 2027), notebook: the download of b/adam.ipynb would be published at downloads/adam.ipynb, the address of the download of a/adam.ipynb (course.yaml:108); rename the notebook file (or move it to another folder) and change the path here"]),
    starter("notebook that is a link out of the folder", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb": ("link", "/etc/hostname")},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: adam.ipynb leads outside the course folder (a symbolic link to /etc/hostname); copy the notebook into the course folder instead of linking to it"]),
    starter("notebook that is a folder", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb/x": "x"},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: adam.ipynb is not a regular file; give the path of a notebook file"]),
    starter("notebook that is not JSON", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb": '{"cells": [\n  {"cell_type": "code",\n'},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: adam.ipynb is not a Jupyter notebook: its text is not valid JSON at line 3, column 1; open it in Jupyter and save it again, or restore it from git"]),
    starter("notebook that is not UTF-8", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb": b'{"cells": "\xff"}'},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: adam.ipynb is not a Jupyter notebook: its text is not valid JSON; open it in Jupyter and save it again, or restore it from git"]),
    starter("notebook without cells", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb": '{"metadata": {}}'},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: adam.ipynb is not a Jupyter notebook: it has no list of cells; open it in Jupyter and save it again, or restore it from git"]),
    starter("notebook showing a figure from another host", course=[NB_KEY],
         files={"adam.ipynb": notebook_with(
             {"cell_type": "markdown", "metadata": {}, "source": ["# Adam\n", "A [link](https://arxiv.org/abs/1412.6980) stays."]},
             {"cell_type": "markdown", "metadata": {}, "source": "![Figure 1](https://arxiv.org/html/1412.6980/fig1.png)\n\n"
                                                                  "<iframe src=\"//www.youtube.com/embed/x\"></iframe>"},
             {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "", "outputs": [
                 {"output_type": "display_data", "metadata": {}, "data": {
                     "text/html": "<div style=\"background: url('https://example.org/bg.png')\">x</div>", "text/plain": "x"}}]})},
         errors=["adam.ipynb: cell 2: loads an image from another host: https://arxiv.org/html/1412.6980/fig1.png; " + REMOTE_FIX,
                 "adam.ipynb: cell 2: loads a frame from another host: //www.youtube.com/embed/x; " + REMOTE_FIX,
                 "adam.ipynb: cell 3: loads a picture or font (CSS) from another host: https://example.org/bg.png; " + REMOTE_FIX]),
    starter("notebook showing images that are not next to it", course=[NB_KEY],
         files={"adam.ipynb": notebook_with(
             {"cell_type": "markdown", "metadata": {}, "source": "![Figure 1](figures/fig1.png) ![b](../b.png) <img src=\"/c.png\">"},
             {"cell_type": "markdown", "metadata": {}, "source": "![kept](figures/here.png)"}),
             "figures/here.png": PNG},
         errors=["adam.ipynb: cell 1: shows the image figures/fig1.png, but figures/fig1.png does not exist; save the image there (next to the notebook) or correct its name",
                 "adam.ipynb: cell 1: shows ../b.png, which is outside the course folder; copy the file next to the notebook and give its name",
                 "adam.ipynb: cell 1: loads an image from /c.png, an address from the web server's root; give the path relative to the notebook (figure1.png, figures/figure1.png)"]),
    starter("notebook too large", course=[NB_KEY],
         files={"adam.ipynb": notebook_with({"cell_type": "markdown", "metadata": {}, "source": "x" * 10_500_000})},
         errors=["course.yaml:108: session 2 (3 June 2027), notebook: adam.ipynb is 10.5 MB, more than the 10 MB a notebook page may hold; clear its outputs (Jupyter: Edit > Clear Outputs of All Cells) and save large data or pictures as files next to it"]),
    starter("notebook outside the course folder", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: ../adam.ipynb")],
         errors=['course.yaml:108: session 2 (3 June 2027), notebook: ../adam.ipynb is not a notebook inside the course folder; give the path of an .ipynb file relative to course.yaml, e.g. notebooks/paper.ipynb']),
    starter("sessions out of order", course=[("  - date: 2027-05-06", "  - date: 2027-07-08")],
         warnings=['course.yaml:96: sessions: the sessions are not in date order; they are numbered by date; list them in date order to avoid confusion']),
    starter("broken swaps", course=[("participants: 6\n", "participants: 6\nswaps:\n  - session: 4\n    participants: [3, 5]\n"
                                  "  - session: 2\n    participants: [3]\n  - session: 2\n    participants: [3, 7]\n")],
         errors=['course.yaml:90: swaps[0].session: there is no session 4; use a session number from 1 to 3, or the session\'s date',
                 'course.yaml:93: swaps[1].participants: a swap needs exactly two different participant numbers; write e.g. [3, 7]',
                 'course.yaml:95: swaps[2].participants[1]: there is no participant 7; use a number from 1 to 6']),
    starter("withdrawn as a list", course=[("participants: 6\n", "participants: 6\nwithdrawn: [4]\n")],
         errors=['course.yaml:89: withdrawn: expected a group of `key: value` lines, found a list; write one `key: value` per line']),
    starter("swap without a participant count", course=[("participants: 6", "swaps: [{session: 2, participants: [3, 5]}]")],
         errors=['course.yaml:88: swaps[0].participants: swaps need the participant count; set `participants:`']),
    starter("swap and assign that name nothing", course=[("participants: 6\n", "participants: 6\nswaps: [{session: 2027-06-10, participants: [3, 5]}]\n"),
                                                          ("    paper: kingma2015adam", "    paper: kingma2015adam\n    assign: {critc: [1], scribe: [1, 7]}")],
         errors=[
                 'course.yaml:89: swaps[0].session: there is no session on 2027-06-10; use the date of a session (or its number)',
                 "course.yaml:109: session 2 (3 June 2027), assign.critc: there is no role 'critc'; did you mean 'critic'?",
                 'course.yaml:109: session 2 (3 June 2027), assign.scribe[0]: participant 1 is assigned both critc and scribe in this session; give each participant one role per session',
                 'course.yaml:109: session 2 (3 June 2027), assign.scribe[1]: there is no participant 7; use a number from 1 to 6']),
    starter("swap on a date with two sessions", course=lambda text: text.replace("participants: 6\n", "participants: 6\nswaps: [{session: 2027-07-01, participants: [3, 5]}]\n")
            + '  - date: 2027-07-01\n    start: "18:00"\n    end: "19:00"\n    title: Wrap-up\n',
         errors=[
                 'course.yaml:89: swaps[0].session: sessions 3 and 4 are both on 2027-07-01; name the session by its number']),
    starter("withdraws before joining", course=[("participants: 6\n", "participants: 6\nwithdrawn: {4: 2027-05-01}\njoined: {4: 2027-06-01}\n")],
         errors=[
                 'course.yaml:89: withdrawn[4]: participant 4 withdraws (2027-05-01) before joining (2027-06-01); correct one of the dates']),
    starter("assign without a participant count", course=[("participants: 6\n", ""), ("    paper: kingma2015adam", "    paper: kingma2015adam\n    assign: {critic: [1]}")],
         errors=[
                 'course.yaml:107: session 2 (3 June 2027), assign.critic[0]: participant 1 is named, but the participant count is not set; set `participants:`']),
    starter("cancelled session", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    cancelled: true")],
         warnings=[
                 'course.yaml:108: session 2 (3 June 2027), cancelled: the session is cancelled, so participants 3, 6 lose Presenter; participants 1, 4 lose Critic; participants 2, 5 lose Scribe; to give them the role in another session, add swaps there']),
    starter("drop-outs leave a role empty", course=[("participants: 6\n", "participants: 9\nwithdrawn: {1: 2027-05-01, 4: 2027-05-01, 7: 2027-05-01}\n")],
         warnings=[
                 'course.yaml:89: withdrawn[1]: in session 1 (6 May 2027) nobody holds Presenter (participants 1, 4, 7 take no part then); give the role to someone with a swap (swaps: - session: 2027-05-06) or with `assign:` on the session',
                 'course.yaml:89: withdrawn[1]: in session 2 (3 June 2027) nobody holds Critic (participants 1, 4, 7 take no part then); give the role to someone with a swap (swaps: - session: 2027-06-03) or with `assign:` on the session',
                 'course.yaml:89: withdrawn[1]: in session 3 (1 July 2027) nobody holds Scribe (participants 1, 4, 7 take no part then); give the role to someone with a swap (swaps: - session: 2027-07-01) or with `assign:` on the session']),
    starter("drop-outs unbalance a session", course=[("participants: 6\n", "participants: 9\nwithdrawn: {1: 2027-05-01, 4: 2027-05-01}\n")],
         warnings=[
                 'course.yaml:98: session 1 (6 May 2027): the session is unbalanced (Presenter 1, Critic 3, Scribe 3); each role should have 2 or 3 participants',
                 'course.yaml:107: session 2 (3 June 2027): the session is unbalanced (Presenter 3, Critic 1, Scribe 3); each role should have 2 or 3 participants',
                 'course.yaml:115: session 3 (1 July 2027): the session is unbalanced (Presenter 3, Critic 3, Scribe 1); each role should have 2 or 3 participants']),
    starter("talks given unfairly", course=[("participants: 6\n", "participants: 2\nrotation: none\n"),
                                            ("[roles](roles.md); the [rotation](rotation.md)", "roles; the rotation"),
                                            ("    paper: he2016deep", "    papers: [{key: he2016deep, presenters: [1]}]"),
                                            ("    paper: kingma2015adam", "    papers: [{key: kingma2015adam, presenters: [1]}]")],
         warnings=[
                 'course.yaml:88: participants: participant 2 holds no role and gives no talk; assign them a role (`assign:`) or a talk (`presenters:`), or lower `participants:`',
                 'course.yaml:108: session 2 (3 June 2027), papers: participant 1 gives 2 talks, he2016deep in session 1 (6 May 2027) and kingma2015adam in this session, more than the 1 that 2 talks for 2 participants give each; give one of the talks to a participant without one (`presenters:`)']),
    # --- course.yaml: links in prose, against the pages this course has ---
    starter("prose links to the pages of roles the course does not have", course=[("participants: 6\n", "participants: 6\nrotation: none\n")],
            errors=[f"course.yaml:33: sections[0].body: the link '{page}' leads to no page of this site; no session has roles "
                    f"(`rotation: none` and no `assign:`), so there is no roles or rotation page; {NO_ROLES_PAGES}"
                    for page in ("roles.md", "rotation.md")]),
    starter("prose link to a heading the page does not have", course=[("[roles](roles.md)", "[roles](roles.md#judge)")],
            errors=["course.yaml:33: sections[0].body: the link 'roles.md#judge' names no heading of roles.md; "
                    "link one of its headings: #critic, #presenter, #roles, #scribe"]),
    starter("prose link to a paper without a page", course=[("Everyone reads every paper.", "Everyone reads [the first paper](papers/he2016.md).")],
            errors=["course.yaml:33: sections[0].body: the link 'papers/he2016.md' leads to no page of this site; did you mean "
                    "'papers/he2016deep.md'? Links name pages from the site's top folder: index.md, info.md, schedule.md, "
                    "roles.md, rotation.md, papers/index.md, guide.md, messages.md, papers/<BibTeX key>.md, participants/<number>.md (1 to 6)"]),
    starter("errors and a warning together", course=[("timezone: Europe/Berlin", "timezone: Europe/Berln"),
                                                      ("    paper: kingma2015adam", "    paper: kingma2015adma"),
                                                      ("  - date: 2027-05-06", "  - date: 2027-04-08")],
            errors=["course.yaml:19: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?",
                    "course.yaml:107: session 2 (3 June 2027), paper: no entry 'kingma2015adma' in papers.bib; did you mean 'kingma2015adam'?"],
            warnings=["course.yaml:97: session 1 (8 April 2027), date: the session is before the organizational meeting (2027-04-15)"]),
    # --- papers.bib ---
    starter("papers.bib missing", bib=None,
         errors=['papers.bib: file not found; create {folder}/papers.bib (see the README) or run the command from the course folder']),
    starter("papers.bib too large", bib=b"%" * 2_000_001,
         errors=['papers.bib: the file is 2,000,001 bytes, more than the 2,000,000 a bibliography may have; check that this is the right file']),
    starter("papers.bib not UTF-8", bib=b"@misc{a, title = {Caf\xe9}}\n",
         errors=['papers.bib:1: byte 0xe9 is not valid UTF-8; save the file with UTF-8 encoding']),
    starter("BibTeX parser crash", parser_crash=True,
         errors=['papers.bib: BibTeX could not be read (RecursionError: maximum recursion depth exceeded); check braces and quotes around the last edit']),
    starter("no BibTeX entries", bib="% nothing here yet\n",
         errors=['papers.bib:1: no BibTeX entries found; add one @article{key, ...} entry per paper']),
    # What `make new FROM=` writes: every paper still to be chosen, papers.bib without entries, and valid.
    starter("papers still to be chosen", bib="% entries follow\n",
            course=[(f"    paper: {key}\n", "    title: Paper to be announced\n    paper: TBA\n")
                    for key in ("he2016deep", "kingma2015adam", "vaswani2017attention")],
            warnings=[f"course.yaml:{n}: session {i} ({day}), paper: the paper is still to be chosen (TBA); add its entry "
                      "to papers.bib and write its key here instead of TBA"
                      for i, (n, day) in enumerate(((99, "6 May 2027"), (109, "3 June 2027"), (118, "1 July 2027")), 1)]),
    starter("duplicate key", bib=extra(("@misc{jacobson2021roleplaying,", "@misc{he2016deep,")),
         errors=["papers.bib:40: the key 'he2016deep' is used by two entries; give each entry its own key"]),
    starter("BibTeX syntax error", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  year   = {2021,")),
         errors=["papers.bib:43: the value of `year` in entry 'jacobson2021roleplaying' has a `{` without its `}`; close the brace at the end of the value"]),
    starter("field twice", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  year   = {2021},\n  year   = {2022},")),
         errors=["papers.bib:40: entry 'jacobson2021roleplaying' has `year` more than once; keep one of them"]),
    starter("field twice, in other letter case", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  year   = {2021},\n  Year   = {2022},")),
         errors=["papers.bib:44: entry 'jacobson2021roleplaying' has `year` more than once; keep one of them"]),
    starter("no comma after a value", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  year   = {2021}")),
         errors=["papers.bib:43: entry 'jacobson2021roleplaying' has no comma after the value of `year`; put a comma at the end of the line"]),
    starter("names that cannot be read", course=reads("jacobson2021roleplaying"), bib=extra(("  author = {Jacobson, Alec and Raffel, Colin},", "  author = {Jacobson, Alec, Jr, X, Y},")),
         errors=["papers.bib:41: entry 'jacobson2021roleplaying', author: the name `Jacobson, Alec, Jr, X, Y` cannot be read (too many commas); write names as `Last, First and Last, First`"]),
    starter("a \\\" inside a quoted value", course=reads("jacobson2021roleplaying"), bib=extra(("  title  = {Role-Playing Paper-Reading Seminars},", '  title  = "The \\"Role-Playing\\" Seminar",')),
         errors=["papers.bib:42: entry 'jacobson2021roleplaying', title: has a `\"` inside a \"...\" value, where BibTeX ends the value; write {\\\"u} for ü and {\"} for a quotation mark, or put the value in braces { } instead of quotes"]),
    starter("a macro no @string defines", course=reads("jacobson2021roleplaying"), bib=extra(("  title  = {Role-Playing Paper-Reading Seminars},", '  title  = {Role-Playing} # seminars,')),
         errors=["papers.bib:42: entry 'jacobson2021roleplaying', title: uses `seminars`, which no @string defines; add @string{seminars = {...}} before the entry, or put the value in braces { }"]),
    starter("a value that is neither braced, quoted, a number nor a macro", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  year   = 20-21,")),
         errors=["papers.bib:43: entry 'jacobson2021roleplaying', year: cannot be read: `20-21`; put the value in braces { }, and join parts with # only between \"...\" or {...}"]),
    starter("a broken @string", course=reads("jacobson2021roleplaying"), bib=lambda text: text + '\n@string{venue = "The \\"Best\\" Venue"}\n' + EXTRA,
         errors=["papers.bib:40: @string 'venue': has a `\"` inside a \"...\" value, where BibTeX ends the value; write {\\\"u} for ü and {\"} for a quotation mark, or put the value in braces { } instead of quotes"]),
    starter("a formula without its closing $", course=reads("jacobson2021roleplaying"), bib=extra(("  title  = {Role-Playing Paper-Reading Seminars},", "  title  = {Role-Playing at $O(n) cost},")),
         errors=["papers.bib:42: entry 'jacobson2021roleplaying', title: has a `$` without its closing `$`; close the formula, or write \\$ for a dollar sign"]),
    starter("a LaTeX command without its argument", course=reads("jacobson2021roleplaying"), bib=extra(("  title  = {Role-Playing Paper-Reading Seminars},", "  title  = {Role-Playing \\href{https://example.org}},")),
         errors=["papers.bib:42: entry 'jacobson2021roleplaying', title: has LaTeX that cannot be read (a \\command without its {...}, or \\begin without \\end); write the value as plain text, or give each \\command its {...}"]),
    starter("a crossref to an entry that is not in papers.bib", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},\n", "  crossref = {DBLP:conf/seminars/2021},\n")),
         errors=["papers.bib:40: entry 'jacobson2021roleplaying' has no year; copy the entry 'DBLP:conf/seminars/2021' that its crossref names into papers.bib too (dblp: \"with crossref\"), or add year = {...}"]),
    starter("a bad year inherited by crossref", course=reads("jacobson2021roleplaying"), bib=lambda text: text + EXTRA.replace("  year   = {2021},\n", "  crossref = {vol},\n") + "\n@proceedings{vol,\n  editor = {Raffel, Colin},\n  title  = {Seminars},\n  year   = {21},\n}\n",
         errors=["papers.bib:50: entry 'jacobson2021roleplaying' has year '21'; write the year as four digits"]),
    starter("entry not closed", course=reads("jacobson2021roleplaying"), bib=extra(("seminar.html},\n}", "seminar.html},\n")),
         errors=["papers.bib:44: entry 'jacobson2021roleplaying' is not closed; add a `}` on the line after its last field"]),
    starter("entry without comma after its key", course=reads("jacobson2021roleplaying"), bib=extra(("@misc{jacobson2021roleplaying,", "@misc{jacobson2021roleplaying")),
         errors=['papers.bib:40: BibTeX syntax error in the entry starting `@misc{jacobson2021roleplaying`; check that every `{` has its `}` and fields are separated by commas']),
    starter("entry without year", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},\n", "")),
         errors=["papers.bib:40: entry 'jacobson2021roleplaying' has no year; add year = {...}"]),
    starter("key with an ampersand", course=reads("jacobson2021&roleplaying"), bib=extra(("@misc{jacobson2021roleplaying,", "@misc{jacobson2021&roleplaying,")),
         errors=["papers.bib:40: the key 'jacobson2021&roleplaying' contains characters that cannot be part of a web address; use letters and digits, with '-', '_', '.', ':' and '/' only between them"]),
    starter("year not four digits", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  year   = {2021a},")),
         errors=["papers.bib:43: entry 'jacobson2021roleplaying' has year '2021a'; write the year as four digits"]),
    starter("a broken entry no session reads", bib=extra(("  year   = {2021},", "  year   = {2021,")),
         warnings=["papers.bib:43: the value of `year` in entry 'jacobson2021roleplaying' has a `{` without its `}`; no session "
                   "reads this entry, so the site leaves it out; to use it, close the brace at the end of the value"]),
    starter("a month that is no month", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  year   = {2021},\n  month  = {Spring},")),
         warnings=["papers.bib:44: entry 'jacobson2021roleplaying' has month 'Spring', which is not a month; the site leaves it out; "
                   "write the month as a number (3) or its name (mar, March)"]),
    starter("a biblatex date that is no date", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  date   = {21.03.2021},")),
         errors=["papers.bib:43: entry 'jacobson2021roleplaying' has date '21.03.2021', which is not a date as biblatex writes it; "
                 "write the date as YYYY, YYYY-MM or YYYY-MM-DD"]),
    starter("a biblatex date whose month does not exist", course=reads("jacobson2021roleplaying"), bib=extra(("  year   = {2021},", "  date   = {2021-13-01},")),
         errors=["papers.bib:43: entry 'jacobson2021roleplaying' has date '2021-13-01', whose month or day does not exist; "
                 "write the date as YYYY, YYYY-MM or YYYY-MM-DD"]),
    starter("a LaTeX command the site does not know", course=reads("jacobson2021roleplaying"),
         bib=extra(("  title  = {Role-Playing Paper-Reading Seminars},", "  title  = {Role-Playing \\foo{Paper}-Reading Seminars},")),
         warnings=["papers.bib:42: entry 'jacobson2021roleplaying', title: `\\foo` is not LaTeX the site can convert; shown as written; "
                   "write the text without it, or in Unicode"]),
    starter("a formula that cannot be MathML", course=reads("jacobson2021roleplaying"),
         bib=extra(("  title  = {Role-Playing Paper-Reading Seminars},",
                    "  title  = {Role-Playing $O(n \\log n)$ Seminars $\\href{javascript:alert(1)}{x}$},")),
         warnings=["papers.bib:42: entry 'jacobson2021roleplaying', title: the formula `$\\href{javascript:alert(1)}{x}$` "
                   "cannot be converted to MathML; shown as written; use standard LaTeX math (no \\href, \\style, "
                   "\\html..., markup in \\text or commands of your own, at most 300 characters), or write it as text"]),
    starter("a closing brace without its opening one", course=reads("jacobson2021roleplaying"),
         bib=extra(("  title  = {Role-Playing Paper-Reading Seminars},", '  title  = "Role-Playing} Paper-Reading {Seminars",')),
         errors=["papers.bib:42: entry 'jacobson2021roleplaying', title: has a `}` without its `{`; remove the `}` or add the `{` where the group starts"]),
    starter("a biblatex entry set read by a session", course=reads("both"),
         bib=lambda text: text + "\n@set{both,\n  entryset = {he2016deep,kingma2015adam},\n}\n",
         errors=["papers.bib:40: entry 'both' is a @set, which holds no paper of its own; name one of the entries it groups instead"]),
    starter("url not a web address", course=reads("jacobson2021roleplaying"), bib=extra(("{https://colinraffel.com", "{colinraffel.com")),
         errors=["papers.bib:44: entry 'jacobson2021roleplaying' has url 'colinraffel.com/blog/role-playing-semina', which is not a web address; write a full address starting with https://"]),
]


# --- Cases on the seed course --------------------------------------------------------------------

SEED = {name: BASES["seed"][name].decode("utf-8") for name in (COURSE, BIB)}
TOP_LEVEL_KEYS = ("id, title, semester, institution, timezone, summary, registration, organizational_meeting, meetings, "
                  "roles, sessions, language, citation_style, site_url, topic, audience, address, sections, organizers, participants, swaps, "
                  "announcements, announcement_days, rotation, withdrawn, joined, grading")

def line(name: str, snippet: str) -> int:
    """Line number of a snippet that occurs exactly once in the seed file, so the corpus survives edits of the seed."""
    text = SEED[name]
    assert text.count(snippet) == 1, f"{snippet!r} must occur exactly once in {name}"
    return text[: text.index(snippet)].count("\n") + 1


def Y(snippet: str) -> int:
    return line("course.yaml", snippet)


def B(snippet: str) -> int:
    return line("papers.bib", snippet)


def END(name: str) -> int:
    """The line of the first line appended to the seed file."""
    assert SEED[name].endswith("\n")
    return SEED[name].count("\n") + 1


def sub(*pairs: str) -> Edit:
    """Replace each `old` by `new` (pairs of arguments); each `old` must occur exactly once."""
    def edit(data: bytes) -> bytes:
        text = data.decode("utf-8")
        for old, new in zip(pairs[::2], pairs[1::2]):
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        return text.encode("utf-8")
    return edit


def append(text: str) -> Edit:
    return lambda data: data + text.encode("utf-8")


BIG = 10_000_000

SEED_CASES = [
    # --- course.yaml: YAML syntax ---
    seed("yaml-unclosed-quote", "YAML syntax error: a quote that is never closed", "course.yaml",
         sub("      - How far is this", '      - "How far is this'),
         (f"course.yaml:{Y('- How far is this')}: YAML syntax error: the quoted text that starts on this line has no "
          "closing quote; add the closing quote at the end of the text",)),
    seed("yaml-colon-in-text", "YAML syntax error: unquoted text containing `: `", "course.yaml",
         sub("title: Mathematical Machine Learning -- Challenges", "title: Mathematical Machine Learning: Challenges"),
         (f"course.yaml:{Y('title: Mathematical')}: YAML syntax error: a `:` where no new key can start; "
          "put text that contains `: ` in quotes, or check the indentation of this line",)),
    seed("yaml-missing-colon", "YAML syntax error: a key without its colon", "course.yaml",
         sub("topic: Challenges in Deep Learning", "topic Challenges in Deep Learning"),
         (f"course.yaml:{Y('topic:')}: YAML syntax error: this line has no `:` after its key; "
          "write `key: value`, or indent the line further if it continues the text above",)),
    seed("yaml-tab-indentation", "a tab used for indentation", "course.yaml",
         sub('meetings:\n  start: "18:00"', 'meetings:\n\tstart: "18:00"'),
         (f"course.yaml:{Y('meetings:') + 1}: YAML syntax error: a tab character is used for indentation; "
          "indent with spaces, not tabs",)),
    seed("yaml-bad-indentation", "a key indented differently from its siblings", "course.yaml",
         sub("  room: Mathematikon Seminar Room 2", "   room: Mathematikon Seminar Room 2"),
         (f"course.yaml:{Y('Seminar Room 2')}: YAML syntax error: this line does not line up with the lines of its "
          "group; indent it like the keys above it, and check the lines above for a quote that is not closed",)),
    seed("yaml-alias-chain", "60 anchors, each a list holding the one before", "course.yaml",
         lambda data: ("a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 60))).encode() + data,
         ("course.yaml:50: the lists and groups are nested more than 50 levels deep; "
          "check the anchors (`&name`) and aliases (`*name`) here",)),
    seed("yaml-deep-nesting", "lists nested 10,000 levels deep", "course.yaml",
         append("deep: " + "[" * 10_000 + "]" * 10_000 + "\n"),
         (f"course.yaml:{END('course.yaml')}: the lists and groups are nested more than 50 levels deep; "
          "check the brackets and the indentation here",)),
    seed("yaml-10-mb", "a 10 MB course.yaml", "course.yaml", append("# " + "x" * BIG + "\n"),
         (f"course.yaml: the file is {len(SEED['course.yaml'].encode()) + BIG + 3:,} bytes, more than the 1,000,000 "
          "a course file may have; check that this is the right file",)),
    # --- course.yaml: keys and types ---
    seed("unknown-key", "a key the format does not have", "course.yaml", sub("language: en\n", "language: en\ncolour: blue\n"),
         (f"course.yaml:{Y('language: en') + 1}: colour: unknown key 'colour'; allowed here: {TOP_LEVEL_KEYS}",)),
    seed("wrong-type-boolean", "`yes` (a YAML boolean) as a title", "course.yaml",
         sub("title: Mathematical Machine Learning -- Challenges", "title: yes"),
         (f"course.yaml:{Y('title: Mathematical')}: title: expected text, found True; put the text in quotes",)),
    # --- course.yaml: dates and times ---
    seed("feb-30", "30 February", "course.yaml", sub("date: 2023-11-21", "date: 2023-02-30"),
         (f"course.yaml:{Y('date: 2023-11-21')}: session 2, date: 2023-02-30 is not a real date "
          "(day is out of range for month); check the day and month",)),
    # --- course.yaml: references ---
    seed("javascript-url", "a javascript: address", "course.yaml",
         sub("url: https://muesli.mathi.uni-heidelberg.de/", "url: javascript:alert(1)"),
         (f"course.yaml:{Y('url: https://muesli')}: registration.url: 'javascript:alert(1)' is not a web address (https://...) or a mailto: link; "
          "write a full address starting with https://",)),
    # --- course.yaml: privacy ---
    # --- course.yaml: several problems, one run ---
    seed("several-problems", "four unrelated mistakes, all reported in one run, in file order", "course.yaml",
         sub("timezone: Europe/Berlin", "timezone: Europe/Berln", "institution: Heidelberg", "instituton: Heidelberg",
             "date: 2023-11-21", "date: 2023-02-30", "paper: li2018visualizing", "paper: li2018visualising"),
         (f"course.yaml:{Y('institution:')}: instituton: unknown key 'instituton'; did you mean 'institution'?",
          f"course.yaml:{Y('timezone:')}: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?",
          f"course.yaml:{Y('date: 2023-11-21')}: session 2, date: 2023-02-30 is not a real date "
          "(day is out of range for month); check the day and month",
          f"course.yaml:{Y('paper: li2018visualizing')}: session 4 (19 December 2023), paper: no entry 'li2018visualising' in papers.bib; "
          "did you mean 'li2018visualizing'?")),
    seed("problems-in-both-files", "a mistake in each file, both reported in one run", "course.yaml",
         sub("date: 2023-11-21", "date: 2023-11-31"),
         (f"course.yaml:{Y('date: 2023-11-21')}: session 2, date: 2023-11-31 is not a real date "
          "(day is out of range for month); check the day and month",
          f"papers.bib:{B('@inproceedings{glorot2010')}: entry 'glorot2010understanding' has no year; add year = {{...}}"),
         also=("papers.bib", sub("  year      = {2010},\n", ""))),
    # --- papers.bib ---
    seed("bib-missing-title", "an entry without title", "papers.bib",
         sub("  title     = {Understanding the Difficulty of Training Deep Feedforward Neural Networks},\n", ""),
         (f"papers.bib:{B('@inproceedings{glorot2010')}: entry 'glorot2010understanding' has no title; add title = {{...}}",)),
    seed("bib-missing-author", "an entry without author", "papers.bib",
         sub("  author    = {Glorot, Xavier and Bengio, Yoshua},\n", ""),
         (f"papers.bib:{B('@inproceedings{glorot2010')}: entry 'glorot2010understanding' has no author; add author = {{...}}",)),
    seed("bib-javascript-url", "a javascript: address in url", "papers.bib",
         sub("url       = {https://proceedings.mlr.press/v9/glorot10a.html}", "url       = {javascript:alert(1)}"),
         (f"papers.bib:{B('glorot10a.html')}: entry 'glorot2010understanding' has url 'javascript:alert(1)', which is "
          "not a web address; write a full address starting with https://",)),
    seed("bib-10-mb", "a 10 MB papers.bib", "papers.bib", append("% " + "x" * BIG + "\n"),
         (f"papers.bib: the file is {len(SEED['papers.bib'].encode()) + BIG + 3:,} bytes, more than the 2,000,000 "
          "a bibliography may have; check that this is the right file",)),
]

CASES = STARTER_CASES + SEED_CASES
