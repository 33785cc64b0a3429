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
    parser_crash: bool = False
    """Simulate a crash inside the BibTeX parser (no known input triggers one)."""


NO_PAPERS = [
    "course.yaml:98: sessions[0].paper: no entry 'he2016deep' in papers.bib; add the paper to papers.bib or correct the key",
    "course.yaml:107: sessions[1].paper: no entry 'kingma2015adam' in papers.bib; add the paper to papers.bib or correct the key",
    "course.yaml:115: sessions[2].paper: no entry 'vaswani2017attention' in papers.bib; add the paper to papers.bib or correct the key",
]
"""What every session reports when papers.bib could not be read."""

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
         errors=["course.yaml:88: participants: expected a whole number, found 'six'; write digits only, e.g. 12"]),
    Case("number out of range", course=[("participants: 6", "participants: 0")],
         errors=['course.yaml:88: participants: 0 is out of range; use a number from 1 to 10000']),
    Case("text expected", course=[("semester: Summer 2027", "semester: [Summer, 2027]")],
         errors=['course.yaml:16: semester: expected text, found a list; write the text on the same line as the key']),
    Case("empty text", course=[("  room: Room 202 ", '  room: "" ')],
         errors=['course.yaml:116: sessions[2].room: the text is empty; write something or remove the key']),
    Case("not a web address", course=[("  # url: https://example.org/register", "  url: register-here")],
         errors=["course.yaml:42: registration.url: 'register-here' is not a web address; write a full address starting with https://"]),
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
         errors=["papers.bib:40: the key 'jacobson2021/roleplaying' contains characters that cannot be part of a web address; use letters, digits, '-', '_', '.' and ':' only"]),
    Case("year not four digits", bib=extra(("  year   = {2021},", "  year   = {2021a},")),
         errors=["papers.bib:43: entry 'jacobson2021roleplaying' has year '2021a'; write the year as four digits"]),
    Case("url not a web address", bib=extra(("{https://colinraffel.com", "{colinraffel.com")),
         errors=["papers.bib:44: entry 'jacobson2021roleplaying' has url 'colinraffel.com/blog/role-playing-semina', which is not a web address; write a full address starting with https://"]),
]
