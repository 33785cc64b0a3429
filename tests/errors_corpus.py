"""Broken inputs, at least one per message the loader can give, with the exact lines `check` prints.

Each case edits a copy of the starter course that `make new` writes (its files change only with
this tool, so line numbers stay put). The guide test checks that together the cases reach every
place in the loader that reports a problem, and that docs/guide.md lists every message with its
fix. Add a case here when you add a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from coursesite.cli import STARTER

BASE_COURSE = (STARTER / "course.yaml").read_text(encoding="utf-8")
BASE_BIB = (STARTER / "papers.bib").read_text(encoding="utf-8")

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


def cut(start: str, stop: str | None, new: str) -> Callable[[str], str]:
    """Replace a block of course.yaml, from `start` up to (not including) `stop` or the end."""
    def edit(text: str) -> str:
        i = text.index(start)
        j = text.index(stop, i) if stop else len(text)
        return text[:i] + new + text[j:]
    return edit


@dataclass
class Case:
    name: str
    course: list | str | bytes | Callable | None = field(default_factory=list)
    """(old, new) replacements, a function of the text, the whole file, "FOLDER", or None for no file."""
    bib: list | str | bytes | Callable | None = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """The lines `check` prints after "error: "; {folder} stands for the course folder."""
    warnings: list[str] = field(default_factory=list)
    files: dict = field(default_factory=dict)
    """Other files of the course folder: path -> text, bytes, or ("link", target) for a symbolic link."""
    parser_crash: bool = False
    """Simulate a crash inside the BibTeX parser (no known input triggers one)."""


NO_PAPERS = [
    "course.yaml:98: sessions[0].paper: no entry 'he2016deep' in papers.bib; add the paper to papers.bib or correct the key",
    "course.yaml:107: sessions[1].paper: no entry 'kingma2015adam' in papers.bib; add the paper to papers.bib or correct the key",
    "course.yaml:115: sessions[2].paper: no entry 'vaswani2017attention' in papers.bib; add the paper to papers.bib or correct the key",
]
"""What every session reports when papers.bib could not be read."""

NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
OM_START = '  start: "16:00"\n  end: "17:00"'

CASES = [
    # --- Reading course.yaml ---
    Case("course.yaml missing", course=None,
         errors=['course.yaml: file not found; create {folder}/course.yaml (see the README) or run the command from the course folder']),
    Case("course.yaml is a folder", course="FOLDER",
         errors=["course.yaml: cannot read the file (Is a directory); check the file's permissions"]),
    Case("course.yaml too large", course=b"#" * 1_000_001,
         errors=['course.yaml: the file is 1,000,001 bytes, more than the 1,000,000 a course file may have; check that this is the right file']),
    Case("course.yaml not UTF-8", course=b"title: Caf\xe9\n",
         errors=['course.yaml:1: byte 0xe9 is not valid UTF-8; save the file with UTF-8 encoding']),
    Case("course.yaml empty", course="",
         errors=['course.yaml:1: the file is empty; start from the example in the README (or `make new`)']),
    Case("course.yaml only comments", course="# nothing but a comment\n",
         errors=['course.yaml:1: the file is empty; start from the example in the README (or `make new`)']),
    Case("YAML syntax error", course=[("title: Reading", "title: [Reading")],
         errors=['course.yaml:15: YAML syntax error: the list opened with `[` on this line is not closed with `]`; close it with `]` and separate the items with commas, or write one `- item` per line']),
    Case("YAML control character", course=[("to get a place.", "to get a place\x07")],
         errors=['course.yaml: YAML syntax error: unacceptable character #x0007: special characters are not allowed in "<unicode string>", position 2118; check the file\'s syntax']),
    Case("alias bomb", course=BOMB,
         errors=['course.yaml:5: the document expands to more than 100,000 values (nested YAML aliases?); write the values out instead of using anchors and aliases']),
    Case("key that is a list", course=[("participants: 6\n", "participants: 6\n? [a, b]\n: c\n")],
         errors=['course.yaml:89: a key must be a plain word; write `key: value`']),
    Case("key twice", course=[("participants: 6\n", "participants: 6\ntitle: Again\n")],
         errors=["course.yaml:89: the key 'title' appears twice; keep one of them"]),
    Case("unreadable value", course=[("participants: 6", "participants: !!float six")],
         errors=["course.yaml:88: participants: cannot read the value 'six': could not convert string to float: 'six'; quote the value"]),
    Case("unsupported YAML tag", course=[("participants: 6", "participants: !!python/object/apply:os.system [ls]")],
         errors=["course.yaml:88: participants: the YAML tag '!!python/object/apply:os.system' is not supported; remove the word that starts with `!` before the value"]),
    Case("alias to itself", course=[("participants: 6\n", "participants: 6\nswaps: &s [*s]\n")],
         errors=['course.yaml:89: swaps[0]: an alias refers to the list or group that contains it; write the value out instead of using the alias',
                 'course.yaml:89: swaps[0]: expected a group of `key: value` lines, found nothing; indent the lines below this key']),
    Case("bad merge key", course=[("participants: 6\n", "participants: 6\nswaps:\n  - <<: 5\n    session: 2\n")],
         errors=['course.yaml:90: swaps[0]: cannot merge: expected a mapping or list of mappings for merging, but found scalar; `<<:` must be followed by an alias of a group (`<<: *name`)',
                 "course.yaml:90: swaps[0]: the required key 'participants' is missing; add `participants:` (a list) to swaps[0]"]),
    Case("value the tag cannot read", course=[("participants: 6", "participants: !!binary a")],
         errors=["course.yaml:88: participants: cannot read the value 'a': failed to decode base64 data: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4; quote the value"]),
    Case("not key-value lines", course="- title: A seminar\n",
         errors=['course.yaml:1: the file must consist of `key: value` lines; start from the example in the README']),
    # --- Keys and values ---
    Case("group expected", course=cut("meetings:\n", "\n# Roles", "meetings: Thursdays at four\n"),
         errors=["course.yaml:57: meetings: expected a group of `key: value` lines, found 'Thursdays at four'; see the README for the format"]),
    Case("roster key", course=[("participants: 6", "participants: 6\nstudents: [Ada Lovelace, Alan Turing]")],
         errors=['course.yaml:89: students: the site publishes participant numbers only and never names; keep the list of names outside this repository and set `participants:` to the number of participants']),
    Case("misspelt key", course=[("    paper: kingma2015adam", "    papr: kingma2015adam")],
         errors=["course.yaml:107: sessions[1].papr: unknown key 'papr'; did you mean 'paper'?"]),
    Case("missing key", course=[("semester: Summer 2027\n", "")],
         errors=["course.yaml:15: the required key 'semester' is missing; add `semester:` (text) to the top level"]),
    Case("list expected", course=[("participants: 6", "participants: 6\nswaps: 2")],
         errors=['course.yaml:89: swaps: expected a list, found 2; write one `- item` per line']),
    Case("value not allowed", course=[("language: en ", "language: fr ")],
         errors=["course.yaml:18: language: 'fr' is not allowed here; use one of en, de"]),
    Case("number expected", course=[("participants: 6", "participants: six")],
         errors=["course.yaml:88: participants: expected a whole number, found text; write digits only, e.g. 12"]),
    # Names typed where the count belongs are not repeated (CI logs of the pull-request check are public).
    Case("number expected, names typed", course=[("participants: 6", "participants: Alice Example, Bob Example")],
         errors=["course.yaml:88: participants: expected a whole number, found text; write digits only, e.g. 12"]),
    Case("number out of range", course=[("participants: 6", "participants: 0")],
         errors=['course.yaml:88: participants: 0 is out of range; use a number from 1 to 10000']),
    Case("text expected", course=[("semester: Summer 2027", "semester: [Summer, 2027]")],
         errors=['course.yaml:16: semester: expected text, found a list; write the text on the same line as the key']),
    Case("empty text", course=[("  room: Room 202 ", '  room: "" ')],
         errors=['course.yaml:116: sessions[2].room: the text is empty; write something or remove the key']),
    Case("not a web address", course=[("  # url: https://example.org/register", "  url: register-here")],
         errors=["course.yaml:42: registration.url: 'register-here' is not a web address (https://...) or a mailto: link; write a full address starting with https://"]),
    Case("site_url that ends the attribute", course=[("# site_url: https://example.github.io/seminar/", 'site_url: https://x.example/" onload="alert(1)')],
         errors=["course.yaml:20: site_url: 'https://x.example/\" onload=\"alert(1)' contains a double quote; write a full address starting with https://"]),
    Case("site_url with a space", course=[("# site_url: https://example.github.io/seminar/", "site_url: https://x.example/a b")],
         errors=["course.yaml:20: site_url: 'https://x.example/a b' contains a space or line break; write a full address starting with https://"]),
    Case("site_url that is a mailto: link", course=[("# site_url: https://example.github.io/seminar/", "site_url: mailto:a@b.example")],
         errors=["course.yaml:20: site_url: 'mailto:a@b.example' is not a web address starting with https:// or http://; write a full address starting with https://"]),
    Case("site_url with a control character", course=[("# site_url: https://example.github.io/seminar/", 'site_url: "https://x.example/\\x7f"')],
         errors=["course.yaml:20: site_url: 'https://x.example/\\x7f' contains the invisible control character U+007F; write a full address starting with https://"]),
    Case("registration mailto: link with markup", course=[("  # url: https://example.org/register", "  url: mailto:a@b.example?x=<script>")],
         errors=["course.yaml:42: registration.url: 'mailto:a@b.example?x=<script>' contains a '<'; write a full address starting with https://"]),
    Case("e-mail address with a quote", course=[("    email: organizer@example.org", '    email: organizer@example.org" onmouseover="alert(1)')],
         errors=["course.yaml:46: organizers[0].email: 'organizer@example.org\" onmouseover=\"... contains a double quote; write the address alone, e.g. name@uni.example"]),
    Case("e-mail address without a domain", course=[("    email: organizer@example.org", "    email: organizer")],
         errors=["course.yaml:46: organizers[0].email: 'organizer' is not an e-mail address (name@host.domain); write the address alone, e.g. name@uni.example"]),
    Case("site_url too long for the QR code", course=[("# site_url: https://example.github.io/seminar/", "site_url: https://x.example/" + "a" * 500)],
         errors=["course.yaml:20: site_url: 'https://x.example/aaaaaaaaaaaaaaaaaa... is longer than 500 characters; write a full address starting with https://"]),
    Case("date in year 1", course=[("  date: 2027-04-15", "  date: 0001-04-15")],
         errors=["course.yaml:50: organizational_meeting.date: 0001-04-15 is not a year a seminar takes place in; check the year (four digits, e.g. 2024)"]),
    Case("date in year 9999", course=[("  - date: 2027-06-03", "  - date: 9999-06-03")],
         errors=["course.yaml:106: sessions[1].date: 9999-06-03 is not a year a seminar takes place in; check the year (four digits, e.g. 2024)"]),
    Case("bad role id", course=[("  - id: scribe", "  - id: 3scribe")],
         errors=["course.yaml:79: roles[2].id: '3scribe' is not a valid identifier; use letters, digits, - and _ only, starting with a letter"]),
    Case("date expected", course=[("  date: 2027-04-15", "  date: next Thursday")],
         errors=["course.yaml:50: organizational_meeting.date: expected a date (YYYY-MM-DD), found 'next Thursday'; write e.g. 2023-10-31"]),
    Case("impossible date", course=[("  - date: 2027-06-03", "  - date: 2027-06-31")],
         errors=['course.yaml:106: sessions[1].date: 2027-06-31 is not a real date (day is out of range for month); check the day and month']),
    Case("time as a number", course=[(OM_START, '  start: 1600\n  end: "17:00"')],
         errors=['course.yaml:51: organizational_meeting.start: expected a time, found the number 1600; write the time in quotes, e.g. "18:00"']),
    Case("time expected", course=[(OM_START, '  start: "4 pm"\n  end: "17:00"')],
         errors=['course.yaml:51: organizational_meeting.start: expected a time ("HH:MM"), found \'4 pm\'; write e.g. "18:00"']),
    Case("not a time of day", course=[(OM_START, '  start: "16:60"\n  end: "17:00"')],
         errors=['course.yaml:51: organizational_meeting.start: 16:60 is not a time of day; use hours 00-23 and minutes 00-59']),
    Case("names instead of a count", course=[("participants: 6", "participants: [Ada Lovelace, Alan Turing]")],
         errors=['course.yaml:88: participants: expected the number of participants, found a list; the site publishes participant numbers only and never names; keep the list of names outside this repository and set `participants:` to the number of participants']),
    # --- Rules across fields ---
    Case("unknown time zone", course=[("timezone: Europe/Berlin", "timezone: Europe/Berln")],
         errors=["course.yaml:19: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?"]),
    # The building machine's zone and the database's zone without an offset are not the course's.
    Case("time zone localtime", course=[("timezone: Europe/Berlin", "timezone: localtime")],
         errors=["course.yaml:19: timezone: 'localtime' is not a known time zone; use an IANA name such as Europe/Berlin"]),
    Case("time zone Factory", course=[("timezone: Europe/Berlin", "timezone: Factory")],
         errors=["course.yaml:19: timezone: 'Factory' is not a known time zone; use an IANA name such as Europe/Berlin"]),
    Case("line separators keep the line numbers", course=[("semester: Summer 2027", "semester: Summer\u2028\u20292027\x85"), ("timezone: Europe/Berlin", "timezone: Europe/Berln")],
         errors=["course.yaml:19: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?"]),
    Case("meeting ends before it starts", course=[(OM_START, '  start: "16:00"\n  end: "15:00"')],
         errors=['course.yaml:52: organizational_meeting.end: the meeting ends (15:00) before it starts (16:00); check both times (24-hour clock)']),
    Case("sessions end before they start", course=[('  end: "17:45"', '  end: "16:00"')],
         errors=['course.yaml:59: meetings.end: sessions end (16:00) before they start (16:15); check both times (24-hour clock)']),
    Case("two roles with one id", course=[("  - id: scribe", "  - id: critic")],
         errors=["course.yaml:79: roles[2].id: roles 2 and 3 have the same id 'critic'; give each role its own id"]),
    Case("no roles", course=cut("roles:\n", "\n# Number of participants", "roles: []\n"),
         errors=['course.yaml:66: roles: there are no roles; list at least one role']),
    Case("no sessions", course=cut("sessions:\n", None, "sessions: []\n"),
         errors=['course.yaml:96: sessions: there are no sessions; list at least one session']),
    Case("session ends before it starts", course=[("    room: Room 202 ", '    end: "16:00"\n    room: Room 202 ')],
         errors=['course.yaml:116: sessions[2].end: the session ends (16:00) before it starts (16:15); check both times (24-hour clock)']),
    Case("wrong weekday", course=[("  - date: 2027-06-03", "  - date: 2027-06-02")],
         errors=['course.yaml:106: sessions[1].date: 2027-06-02 is a Wednesday, not a Thursday as meetings.weekday says; correct the date, or change or remove meetings.weekday']),
    Case("two sessions on one day", course=[("  - date: 2027-06-03", "  - date: 2027-05-06")],
         errors=['course.yaml:106: sessions[1].date: sessions 1 and 2 are both on 2027-05-06; give each session its own date']),
    Case("session before the organizational meeting", course=[("  - date: 2027-05-06", "  - date: 2027-04-08")],
         warnings=['course.yaml:97: sessions[0].date: the session on 2027-04-08 is before the organizational meeting (2027-04-15)']),
    Case("paper not in papers.bib", course=[("    paper: kingma2015adam", "    paper: kingma2015adma")],
         errors=["course.yaml:107: sessions[1].paper: no entry 'kingma2015adma' in papers.bib; did you mean 'kingma2015adam'?"]),
    Case("notebook missing", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: notebooks/adam.ipynb")],
         errors=['course.yaml:108: sessions[1].notebook: the notebook notebooks/adam.ipynb does not exist; check the path (relative to course.yaml) or remove the key']),
    Case("swap that makes the rotation unfair", course=[("participants: 6\n", "participants: 6\nswaps: [{session: 3, participants: [1, 2]}]\n")],
         warnings=['course.yaml:89: swaps[0]: participant 1 plays Presenter twice and never Scribe',
                   'course.yaml:89: swaps[0]: participant 2 plays Scribe twice and never Presenter']),
    Case("fewer participants than roles", course=[("participants: 6", "participants: 2")],
         warnings=['course.yaml:88: participants: there are fewer participants (2) than roles (3), so 1 of the roles stays empty in each session']),
    Case("more sessions than roles", course=lambda text: text + "  - date: 2027-07-08\n    paper: he2016deep\n",
         warnings=['course.yaml:96: sessions: there are 4 sessions but 3 roles, so every participant holds some role more than once; '
                   'with as many sessions as roles, everyone holds each role exactly once']),
    Case("BibTeX key '.'", bib=extra(("jacobson2021roleplaying,", ".,")),
         errors=["papers.bib:40: the key '.' contains characters that cannot be part of a web address; use letters and digits, with '-', '_', '.' and ':' only between them"]),
    Case("BibTeX key 'index' takes the reading list's address", bib=extra(("jacobson2021roleplaying,", "index,")),
         errors=["papers.bib:40: the page of entry 'index' would be published at papers/, the address of the reading list; give the entry another key (and change it in course.yaml too)"]),
    Case("BibTeX keys that differ in ':' and '-' only", bib=lambda text: text + EXTRA.replace("jacobson2021roleplaying", "arXiv:1706.03762") + EXTRA.replace("jacobson2021roleplaying", "arXiv-1706-03762"),
         errors=["papers.bib:47: the page of entry 'arXiv-1706-03762' would be published at papers/arXiv-1706-03762/, the address of the page of entry 'arXiv:1706.03762' (papers.bib:40); give the entry another key (and change it in course.yaml too)"]),
    Case("BibTeX keys that differ in letter case only", bib=lambda text: text + EXTRA + EXTRA.replace("jacobson2021roleplaying", "Jacobson2021RolePlaying"),
         errors=["papers.bib:47: the page of entry 'Jacobson2021RolePlaying' would be published at papers/Jacobson2021RolePlaying/, the address of the page of entry 'jacobson2021roleplaying' (papers.bib:40); give the entry another key (and change it in course.yaml too)"]),
    Case("notebook path with a colon", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: notebooks/adam:v2.ipynb")],
         errors=["course.yaml:108: sessions[1].notebook: the notebook path notebooks/adam:v2.ipynb has characters that do not work in a web address; use letters, digits, '-', '_' and '.' in folder and file names, no spaces or ':', and no name starting with '.'"]),
    Case("notebook at the home page's address", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: index.ipynb")],
         files={"index.ipynb": NOTEBOOK},
         errors=["course.yaml:108: sessions[1].notebook: the notebook page index.ipynb would be published at /, the address of the home page; rename the notebook file (or move it to another folder) and change the path here"]),
    Case("notebook at a paper page's address", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: papers/kingma2015adam.ipynb")],
         files={"papers/kingma2015adam.ipynb": NOTEBOOK},
         errors=["course.yaml:108: sessions[1].notebook: the notebook page papers/kingma2015adam.ipynb would be published at papers/kingma2015adam/, the address of the page of entry 'kingma2015adam' (papers.bib:19); rename the notebook file (or move it to another folder) and change the path here"]),
    Case("two notebooks with one file name", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: a/adam.ipynb"), ("    paper: vaswani2017attention", "    paper: vaswani2017attention\n    notebook: b/adam.ipynb")],
         files={"a/adam.ipynb": NOTEBOOK, "b/adam.ipynb": NOTEBOOK},
         errors=["course.yaml:117: sessions[2].notebook: the download of b/adam.ipynb would be published at downloads/adam.ipynb, the address of the download of a/adam.ipynb (course.yaml:108); rename the notebook file (or move it to another folder) and change the path here"]),
    Case("notebook that is a link out of the folder", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb": ("link", "/etc/hostname")},
         errors=["course.yaml:108: sessions[1].notebook: adam.ipynb leads outside the course folder (a symbolic link to /etc/hostname); copy the notebook into the course folder instead of linking to it"]),
    Case("notebook that is a folder", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb/x": "x"},
         errors=["course.yaml:108: sessions[1].notebook: adam.ipynb is not a regular file; give the path of a notebook file"]),
    Case("notebook that is not JSON", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb": '{"cells": [\n  {"cell_type": "code",\n'},
         errors=["course.yaml:108: sessions[1].notebook: adam.ipynb is not a Jupyter notebook: its text is not valid JSON at line 3, column 1; open it in Jupyter and save it again, or restore it from git"]),
    Case("notebook that is not UTF-8", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb": b'{"cells": "\xff"}'},
         errors=["course.yaml:108: sessions[1].notebook: adam.ipynb is not a Jupyter notebook: its text is not valid JSON; open it in Jupyter and save it again, or restore it from git"]),
    Case("notebook without cells", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: adam.ipynb")],
         files={"adam.ipynb": '{"metadata": {}}'},
         errors=["course.yaml:108: sessions[1].notebook: adam.ipynb is not a Jupyter notebook: it has no list of cells; open it in Jupyter and save it again, or restore it from git"]),
    Case("notebook outside the course folder", course=[("    paper: kingma2015adam", "    paper: kingma2015adam\n    notebook: ../adam.ipynb")],
         errors=['course.yaml:108: sessions[1].notebook: ../adam.ipynb is not a notebook inside the course folder; give the path of an .ipynb file relative to course.yaml, e.g. notebooks/paper.ipynb']),
    Case("sessions out of order", course=[("  - date: 2027-05-06", "  - date: 2027-07-08")],
         warnings=['course.yaml:96: sessions: the sessions are not in date order; they are numbered by date; list them in date order to avoid confusion']),
    Case("broken swaps", course=[("participants: 6\n", "participants: 6\nswaps:\n  - session: 4\n    participants: [3, 5]\n"
                                  "  - session: 2\n    participants: [3]\n  - session: 2\n    participants: [3, 7]\n")],
         errors=['course.yaml:90: swaps[0].session: there is no session 4; use a session number from 1 to 3',
                 'course.yaml:93: swaps[1].participants: a swap needs exactly two different participant numbers; write e.g. [3, 7]',
                 'course.yaml:95: swaps[2].participants[1]: there is no participant 7; use a number from 1 to 6']),
    Case("swap without a participant count", course=[("participants: 6", "swaps: [{session: 2, participants: [3, 5]}]")],
         errors=['course.yaml:88: swaps[0].participants: swaps need the participant count; set `participants:`']),
    # --- papers.bib ---
    Case("papers.bib missing", bib=None,
         errors=['papers.bib: file not found; create {folder}/papers.bib (see the README) or run the command from the course folder']),
    Case("papers.bib too large", bib=b"%" * 2_000_001,
         errors=['papers.bib: the file is 2,000,001 bytes, more than the 2,000,000 a bibliography may have; check that this is the right file']),
    Case("papers.bib not UTF-8", bib=b"@misc{a, title = {Caf\xe9}}\n",
         errors=['papers.bib:1: byte 0xe9 is not valid UTF-8; save the file with UTF-8 encoding']),
    Case("BibTeX parser crash", parser_crash=True,
         errors=['papers.bib: BibTeX could not be read (RecursionError: maximum recursion depth exceeded); check braces and quotes around the last edit']),
    Case("no BibTeX entries", bib="% nothing here yet\n",
         errors=['papers.bib:1: no BibTeX entries found; add one @article{key, ...} entry per paper']),
    Case("duplicate key", bib=extra(("@misc{jacobson2021roleplaying,", "@misc{he2016deep,")),
         errors=["papers.bib:40: the key 'he2016deep' is used by two entries; give each entry its own key"]),
    Case("BibTeX syntax error", bib=extra(("  year   = {2021},", "  year   = {2021,")),
         errors=["papers.bib:43: the value of `year` in entry 'jacobson2021roleplaying' has a `{` without its `}`; close the brace at the end of the value"]),
    Case("field twice", bib=extra(("  year   = {2021},", "  year   = {2021},\n  year   = {2022},")),
         errors=["papers.bib:40: entry 'jacobson2021roleplaying' has `year` more than once; keep one of them"]),
    Case("no comma after a value", bib=extra(("  year   = {2021},", "  year   = {2021}")),
         errors=["papers.bib:43: entry 'jacobson2021roleplaying' has no comma after the value of `year`; put a comma at the end of the line"]),
    Case("names that cannot be read", bib=extra(("  author = {Jacobson, Alec and Raffel, Colin},", "  author = {Jacobson, Alec, Jr, X, Y},")),
         errors=["papers.bib:40: the names in entry 'jacobson2021roleplaying' cannot be read (`Jacobson, Alec, Jr, X, Y`: Too many commas); write names as `Last, First and Last, First`"]),
    Case("entry not closed", bib=extra(("seminar.html},\n}", "seminar.html},\n")),
         errors=["papers.bib:44: entry 'jacobson2021roleplaying' is not closed; add a `}` on the line after its last field"]),
    Case("entry without comma after its key", bib=extra(("@misc{jacobson2021roleplaying,", "@misc{jacobson2021roleplaying")),
         errors=['papers.bib:40: BibTeX syntax error in the entry starting `@misc{jacobson2021roleplaying`; check that every `{` has its `}` and fields are separated by commas']),
    Case("entry without year", bib=extra(("  year   = {2021},\n", "")),
         errors=["papers.bib:40: entry 'jacobson2021roleplaying' has no year; add year = {...}"]),
    Case("key with a slash", bib=extra(("@misc{jacobson2021roleplaying,", "@misc{jacobson2021/roleplaying,")),
         errors=["papers.bib:40: the key 'jacobson2021/roleplaying' contains characters that cannot be part of a web address; use letters and digits, with '-', '_', '.' and ':' only between them"]),
    Case("year not four digits", bib=extra(("  year   = {2021},", "  year   = {2021a},")),
         errors=["papers.bib:43: entry 'jacobson2021roleplaying' has year '2021a'; write the year as four digits"]),
    Case("url not a web address", bib=extra(("{https://colinraffel.com", "{colinraffel.com")),
         errors=["papers.bib:44: entry 'jacobson2021roleplaying' has url 'colinraffel.com/blog/role-playing-semina', which is not a web address; write a full address starting with https://"]),
]
