"""The bad-input corpus: broken variants of course.yaml and papers.bib, each refused with one clear line per problem.

Every case starts from a course that was built successfully, breaks one thing (or a few, to show that all
problems come out in one run), and runs `python -m coursesite build` as an organizer would. The build must
fail within 10 s, print exactly the expected lines (file, line, path, what is wrong, what to do) and no
traceback, and leave the last good site/ byte for byte as it was.

`python tests/test_bad_input.py` prints the corpus with the message of each case as a Markdown table.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, copy_course, file_digests, run_cli  # noqa: E402

SEED = {name: (ROOT / name).read_text(encoding="utf-8") for name in ("course.yaml", "papers.bib")}
PRIVACY = ("the site publishes participant numbers only and never names; keep the list of names outside this "
           "repository and set `participants:` to the number of participants")
TOP_LEVEL_KEYS = ("title, semester, institution, timezone, summary, registration, organizational_meeting, meetings, "
                  "roles, sessions, language, site_url, topic, audience, address, sections, organizers, participants, swaps")
TIMEOUT = 10.0


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


Edit = Callable[[bytes], bytes]


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


def whole(content: bytes) -> Edit:
    return lambda data: content


def bytes_sub(old: bytes, new: bytes) -> Edit:
    def edit(data: bytes) -> bytes:
        assert data.count(old) == 1
        return data.replace(old, new)
    return edit


@dataclass(frozen=True)
class Case:
    id: str
    what: str
    file: str
    edit: Edit
    expected: tuple[str, ...]
    also: tuple[str, Edit] | None = None
    """A second file and its edit, for problems in both files at once."""


ALIAS_BOMB = "".join(f"{a}: &{a} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
                     for p, a in zip([""] + list("abcdefgh"), "abcdefghi"))
BIG = 10_000_000

CASES = [
    # --- course.yaml: YAML syntax ---
    Case("yaml-unclosed-bracket", "YAML syntax error: a `[` that is never closed", "course.yaml",
         sub("timezone: Europe/Berlin", "timezone: [Europe/Berlin"),
         (f"course.yaml:{Y('timezone:')}: YAML syntax error: the list opened with `[` on this line is not closed with `]`; "
          "close it with `]` and separate the items with commas, or write one `- item` per line",)),
    Case("yaml-unclosed-quote", "YAML syntax error: a quote that is never closed", "course.yaml",
         sub("      - How far is this", '      - "How far is this'),
         (f"course.yaml:{Y('- How far is this')}: YAML syntax error: the quoted text that starts on this line has no "
          "closing quote; add the closing quote at the end of the text",)),
    Case("yaml-colon-in-text", "YAML syntax error: unquoted text containing `: `", "course.yaml",
         sub("title: Mathematical Machine Learning -- Challenges", "title: Mathematical Machine Learning: Challenges"),
         (f"course.yaml:{Y('title: Mathematical')}: YAML syntax error: a `:` where no new key can start; "
          "put text that contains `: ` in quotes, or check the indentation of this line",)),
    Case("yaml-missing-colon", "YAML syntax error: a key without its colon", "course.yaml",
         sub("topic: Challenges in Deep Learning", "topic Challenges in Deep Learning"),
         (f"course.yaml:{Y('topic:')}: YAML syntax error: this line has no `:` after its key; "
          "write `key: value`, or indent the line further if it continues the text above",)),
    Case("yaml-tab-indentation", "a tab used for indentation", "course.yaml",
         sub('meetings:\n  start: "18:00"', 'meetings:\n\tstart: "18:00"'),
         (f"course.yaml:{Y('meetings:') + 1}: YAML syntax error: a tab character is used for indentation; "
          "indent with spaces, not tabs",)),
    Case("yaml-bad-indentation", "a key indented differently from its siblings", "course.yaml",
         sub("  room: Mathematikon Seminar Room 2", "   room: Mathematikon Seminar Room 2"),
         (f"course.yaml:{Y('Seminar Room 2')}: YAML syntax error: this line does not line up with the lines of its "
          "group; indent it like the keys above it, and check the lines above for a quote that is not closed",)),
    Case("yaml-duplicate-key", "the same key twice", "course.yaml",
         sub("language: en\n", "language: en\nlanguage: de\n"),
         (f"course.yaml:{Y('language: en') + 1}: the key 'language' appears twice; keep one of them",)),
    Case("yaml-unsupported-tag", "a Python object tag (code execution in unsafe loaders)", "course.yaml",
         sub("participants: 10", "participants: !!python/object/apply:os.system [echo hacked]"),
         (f"course.yaml:{Y('participants: 10')}: participants: the YAML tag '!!python/object/apply:os.system' is not "
          "supported; remove the word that starts with `!` before the value",)),
    Case("yaml-alias-bomb", "a billion-laughs alias bomb", "course.yaml", lambda data: ALIAS_BOMB.encode() + data,
         ("course.yaml:6: the document expands to more than 100,000 values (nested YAML aliases?); "
          "write the values out instead of using anchors and aliases",)),
    Case("yaml-alias-chain", "60 anchors, each a list holding the one before", "course.yaml",
         lambda data: ("a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 60))).encode() + data,
         ("course.yaml:50: the lists and groups are nested more than 50 levels deep; "
          "check the anchors (`&name`) and aliases (`*name`) here",)),
    Case("yaml-deep-nesting", "lists nested 10,000 levels deep", "course.yaml",
         append("deep: " + "[" * 10_000 + "]" * 10_000 + "\n"),
         (f"course.yaml:{END('course.yaml')}: the lists and groups are nested more than 50 levels deep; "
          "check the brackets and the indentation here",)),
    Case("yaml-not-utf8", "non-UTF-8 bytes (Latin-1 ü)", "course.yaml", bytes_sub("Müsli, Heidelberg".encode(), b"M\xfcsli, Heidelberg"),
         (f"course.yaml:{Y('Müsli, Heidelberg')}: byte 0xfc is not valid UTF-8; save the file with UTF-8 encoding",)),
    Case("yaml-empty", "an empty course.yaml", "course.yaml", whole(b""),
         ("course.yaml:1: the file is empty; start from the example in the README (or `make new`)",)),
    Case("yaml-10-mb", "a 10 MB course.yaml", "course.yaml", append("# " + "x" * BIG + "\n"),
         (f"course.yaml: the file is {len(SEED['course.yaml'].encode()) + BIG + 3:,} bytes, more than the 1,000,000 "
          "a course file may have; check that this is the right file",)),
    Case("yaml-top-level-list", "a list instead of `key: value` lines", "course.yaml", whole(b"- title\n- semester\n"),
         ("course.yaml:1: the file must consist of `key: value` lines; start from the example in the README",)),
    # --- course.yaml: keys and types ---
    Case("unknown-key", "a key the format does not have", "course.yaml", sub("language: en\n", "language: en\ncolour: blue\n"),
         (f"course.yaml:{Y('language: en') + 1}: colour: unknown key 'colour'; allowed here: {TOP_LEVEL_KEYS}",)),
    Case("misspelt-key", "a misspelt required key (one line, with a suggestion)", "course.yaml",
         sub("institution: Heidelberg", "instituton: Heidelberg"),
         (f"course.yaml:{Y('institution:')}: instituton: unknown key 'instituton'; did you mean 'institution'?",)),
    Case("missing-key", "a required key left out", "course.yaml", sub("semester: Winter 2023/24\n", ""),
         (f"course.yaml:{Y('title: Mathematical')}: the required key 'semester' is missing; add `semester:` (text) to the top level",)),
    Case("missing-session-key", "a session without its paper", "course.yaml", sub("    paper: ba2014deep\n", ""),
         (f"course.yaml:{Y('date: 2023-11-21')}: sessions[1]: the required key 'paper' is missing; "
          "add `paper:` (text) to sessions[1]",)),
    Case("wrong-type-number", "text where a number belongs", "course.yaml", sub("participants: 10", "participants: ten"),
         (f"course.yaml:{Y('participants: 10')}: participants: expected a whole number, found text; write digits only, e.g. 12",)),
    Case("wrong-type-boolean", "`yes` (a YAML boolean) as a title", "course.yaml",
         sub("title: Mathematical Machine Learning -- Challenges", "title: yes"),
         (f"course.yaml:{Y('title: Mathematical')}: title: expected text, found True; put the text in quotes",)),
    Case("wrong-type-list", "a list where text belongs", "course.yaml",
         sub("  room: Mathematikon Seminar Room 2", "  room: [Room 2, Room 3]"),
         (f"course.yaml:{Y('Seminar Room 2')}: meetings.room: expected text, found a list; "
          "write the text on the same line as the key",)),
    Case("wrong-language", "a language the site does not speak", "course.yaml", sub("language: en", "language: fr"),
         (f"course.yaml:{Y('language: en')}: language: 'fr' is not allowed here; use one of en, de",)),
    # --- course.yaml: dates and times ---
    Case("feb-30", "30 February", "course.yaml", sub("date: 2023-11-21", "date: 2023-02-30"),
         (f"course.yaml:{Y('date: 2023-11-21')}: sessions[1].date: 2023-02-30 is not a real date "
          "(day is out of range for month); check the day and month",)),
    Case("date-format", "a date written DD.MM.YYYY", "course.yaml", sub("date: 2023-11-21", "date: 21.11.2023"),
         (f"course.yaml:{Y('date: 2023-11-21')}: sessions[1].date: expected a date (YYYY-MM-DD), found '21.11.2023'; "
          "write e.g. 2023-10-31",)),
    Case("time-25-00", "25:00", "course.yaml", sub('end: "19:30"', 'end: "25:00"'),
         (f"course.yaml:{Y('end: ')}: meetings.end: 25:00 is not a time of day; use hours 00-23 and minutes 00-59",)),
    Case("meetings-end-before-start", "sessions that end before they start (reported once, not per session)",
         "course.yaml", sub('end: "19:30"', 'end: "17:00"'),
         (f"course.yaml:{Y('end: ')}: meetings.end: sessions end (17:00) before they start (18:00); "
          "check both times (24-hour clock)",)),
    Case("session-end-before-start", "one session that starts after the usual end", "course.yaml",
         sub("    paper: ba2014deep\n", '    paper: ba2014deep\n    start: "20:00"\n'),
         (f"course.yaml:{Y('paper: ba2014deep') + 1}: sessions[1].start: the session ends (19:30) before it starts "
          "(20:00); check both times (24-hour clock)",)),
    Case("weekday-mismatch", "a Wednesday in a Tuesday seminar", "course.yaml", sub("date: 2023-11-21", "date: 2023-11-22"),
         (f"course.yaml:{Y('date: 2023-11-21')}: sessions[1].date: 2023-11-22 is a Wednesday, not a Tuesday as "
          "meetings.weekday says; correct the date, or change or remove meetings.weekday",)),
    Case("unknown-timezone", "a misspelt time zone", "course.yaml", sub("timezone: Europe/Berlin", "timezone: Europe/Berln"),
         (f"course.yaml:{Y('timezone:')}: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?",)),
    # --- course.yaml: references ---
    Case("unknown-bib-key", "a session naming a key that papers.bib lacks", "course.yaml",
         sub("paper: ba2014deep", "paper: ba2014dep"),
         (f"course.yaml:{Y('paper: ba2014deep')}: sessions[1].paper: no entry 'ba2014dep' in papers.bib; "
          "did you mean 'ba2014deep'?",)),
    Case("missing-notebook", "a notebook path that does not exist", "course.yaml",
         sub("    notebook: notebooks/ba2014deep.ipynb\n", "    notebook: notebooks/missing.ipynb\n"),
         (f"course.yaml:{Y('notebook: notebooks/ba2014deep.ipynb')}: sessions[1].notebook: the notebook notebooks/missing.ipynb does "
          "not exist; check the path (relative to course.yaml) or remove the key",)),
    Case("bad-swap", "a swap with participant 11 of 10", "course.yaml",
         append("swaps:\n  - session: 2\n    participants: [3, 11]\n"),
         (f"course.yaml:{END('course.yaml') + 2}: swaps[0].participants[1]: there is no participant 11; "
          "use a number from 1 to 10",)),
    Case("javascript-url", "a javascript: address", "course.yaml",
         sub("url: https://muesli.mathi.uni-heidelberg.de/", "url: javascript:alert(1)"),
         (f"course.yaml:{Y('url: https://muesli')}: registration.url: 'javascript:alert(1)' is not a web address (https://...) or a mailto: link; "
          "write a full address starting with https://",)),
    # --- course.yaml: privacy ---
    Case("roster-key", "a list of students' names", "course.yaml", append("students: [Alice Example, Bob Example]\n"),
         (f"course.yaml:{END('course.yaml')}: students: {PRIVACY}",)),
    Case("participants-as-names", "participants given as names instead of a count", "course.yaml",
         sub("participants: 10", "participants:\n  - Alice Example\n  - Bob Example"),
         (f"course.yaml:{Y('participants: 10')}: participants: expected the number of participants, found a list; {PRIVACY}",)),
    # --- course.yaml: several problems, one run ---
    Case("several-problems", "four unrelated mistakes, all reported in one run, in file order", "course.yaml",
         sub("timezone: Europe/Berlin", "timezone: Europe/Berln", "institution: Heidelberg", "instituton: Heidelberg",
             "date: 2023-11-21", "date: 2023-02-30", "paper: li2018visualizing", "paper: li2018visualising"),
         (f"course.yaml:{Y('institution:')}: instituton: unknown key 'instituton'; did you mean 'institution'?",
          f"course.yaml:{Y('timezone:')}: timezone: 'Europe/Berln' is not a known time zone; did you mean 'Europe/Berlin'?",
          f"course.yaml:{Y('date: 2023-11-21')}: sessions[1].date: 2023-02-30 is not a real date "
          "(day is out of range for month); check the day and month",
          f"course.yaml:{Y('paper: li2018visualizing')}: sessions[3].paper: no entry 'li2018visualising' in papers.bib; "
          "did you mean 'li2018visualizing'?")),
    Case("problems-in-both-files", "a mistake in each file, both reported in one run", "course.yaml",
         sub("date: 2023-11-21", "date: 2023-11-31"),
         (f"course.yaml:{Y('date: 2023-11-21')}: sessions[1].date: 2023-11-31 is not a real date "
          "(day is out of range for month); check the day and month",
          f"papers.bib:{B('@inproceedings{glorot2010')}: entry 'glorot2010understanding' has no year; add year = {{...}}"),
         also=("papers.bib", sub("  year      = {2010},\n", ""))),
    # --- papers.bib ---
    Case("bib-duplicate-key", "two entries with the same key", "papers.bib",
         append("\n@article{ba2014deep,\n  author = {Doe, Jane},\n  title = {Another},\n  year = {2014},\n}\n"),
         (f"papers.bib:{END('papers.bib') + 1}: the key 'ba2014deep' is used by two entries; give each entry its own key",)),
    Case("bib-unclosed-brace", "a `{` without its `}` in a title", "papers.bib",
         sub("{Do Deep Nets Really Need to be Deep?},", "{Do Deep Nets Really Need to be Deep?,"),
         (f"papers.bib:{B('Do Deep Nets')}: the value of `title` in entry 'ba2014deep' has a `{{` without its `}}`; "
          "close the brace at the end of the value",)),
    Case("bib-unclosed-entry", "an entry without its closing `}`", "papers.bib",
         sub("glorot10a/glorot10a.pdf},\n}\n", "glorot10a/glorot10a.pdf},\n"),
         (f"papers.bib:{B('glorot10a/glorot10a.pdf')}: entry 'glorot2010understanding' is not closed; "
          "add a `}` on the line after its last field",)),
    Case("bib-missing-comma", "a field without the comma after its value", "papers.bib",
         sub("year      = {2010},", "year      = {2010}"),
         (f"papers.bib:{B('year      = {2010}')}: entry 'glorot2010understanding' has no comma after the value of `year`; "
          "put a comma at the end of the line",)),
    Case("bib-missing-title", "an entry without title", "papers.bib",
         sub("  title     = {Understanding the Difficulty of Training Deep Feedforward Neural Networks},\n", ""),
         (f"papers.bib:{B('@inproceedings{glorot2010')}: entry 'glorot2010understanding' has no title; add title = {{...}}",)),
    Case("bib-missing-author", "an entry without author", "papers.bib",
         sub("  author    = {Glorot, Xavier and Bengio, Yoshua},\n", ""),
         (f"papers.bib:{B('@inproceedings{glorot2010')}: entry 'glorot2010understanding' has no author; add author = {{...}}",)),
    Case("bib-missing-year", "an entry without year", "papers.bib", sub("  year      = {2010},\n", ""),
         (f"papers.bib:{B('@inproceedings{glorot2010')}: entry 'glorot2010understanding' has no year; add year = {{...}}",)),
    Case("bib-bad-year", "a year that is not four digits", "papers.bib", sub("year      = {2010}", "year      = {20I0}"),
         (f"papers.bib:{B('year      = {2010}')}: entry 'glorot2010understanding' has year '20I0'; write the year as four digits",)),
    Case("bib-javascript-url", "a javascript: address in url", "papers.bib",
         sub("url       = {https://proceedings.mlr.press/v9/glorot10a.html}", "url       = {javascript:alert(1)}"),
         (f"papers.bib:{B('glorot10a.html')}: entry 'glorot2010understanding' has url 'javascript:alert(1)', which is "
          "not a web address; write a full address starting with https://",)),
    Case("bib-not-utf8", "non-UTF-8 bytes (Latin-1 ö)", "papers.bib", bytes_sub(b"{Glorot, Xavier", b"{Gl\xf6rot, Xavier"),
         (f"papers.bib:{B('Glorot, Xavier')}: byte 0xf6 is not valid UTF-8; save the file with UTF-8 encoding",)),
    Case("bib-empty", "an empty papers.bib", "papers.bib", whole(b""),
         ("papers.bib:1: no BibTeX entries found; add one @article{key, ...} entry per paper",)),
    Case("bib-10-mb", "a 10 MB papers.bib", "papers.bib", append("% " + "x" * BIG + "\n"),
         (f"papers.bib: the file is {len(SEED['papers.bib'].encode()) + BIG + 3:,} bytes, more than the 2,000,000 "
          "a bibliography may have; check that this is the right file",)),
]




@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A course folder whose site/ was built successfully once, and the digest of that site."""
    root = copy_course(tmp_path_factory.mktemp("good"))
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root, file_digests(root / "site")


@pytest.fixture
def broken_copy(good, tmp_path) -> Path:
    """A copy of the good course folder, site/ included, for one case to break."""
    root, _ = good
    target = tmp_path / "course"
    shutil.copytree(root, target, symlinks=True)
    return target


def summary(n: int) -> str:
    return f"{n} error{'s' if n != 1 else ''}; nothing was built, site/ is unchanged."


def test_corpus_is_large_enough():
    """The corpus has at least 25 cases, with unique ids, covering both files."""
    assert len(CASES) >= 25
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.file for c in CASES} == {"course.yaml", "papers.bib"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_with_one_line_per_problem(case, good, broken_copy):
    """A broken input stops the build within 10 s with exactly the expected lines, no traceback, site/ untouched."""
    _, digest = good
    for name, edit in [(case.file, case.edit)] + ([case.also] if case.also else []):
        target = broken_copy / name
        target.write_bytes(edit(target.read_bytes()))
    started = time.monotonic()
    result = run_cli(broken_copy, "build", timeout=TIMEOUT)
    elapsed = time.monotonic() - started
    assert result.returncode != 0
    assert elapsed < TIMEOUT
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines() == [f"error: {m}" for m in case.expected] + [summary(len(case.expected))]
    assert file_digests(broken_copy / "site") == digest
    assert not list(broken_copy.glob(".site-build-*")) and not list(broken_copy.glob(".site-old-*"))


def test_mkdocs_build_directly_keeps_site_and_prints_the_same_line(good, broken_copy):
    """`mkdocs build` without the CLI also stops before touching site/ and prints the problem as one line."""
    _, digest = good
    case = next(c for c in CASES if c.id == "feb-30")
    target = broken_copy / case.file
    target.write_bytes(case.edit(target.read_bytes()))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=broken_copy, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "Traceback" not in output
    assert f"ERROR   -  {case.expected[0]}" in output.splitlines()
    assert file_digests(broken_copy / "site") == digest


def test_unquoted_time_is_read_as_a_time(course_dir):
    """`start: 18:00` without quotes (a number in YAML 1.1) is accepted as the time 18:00, not refused."""
    path = course_dir / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('start: "18:00"', "start: 18:00"), encoding="utf-8")
    result = run_cli(course_dir, "check", timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    from coursesite.load import load
    course = load(path, course_dir / "papers.bib").course
    assert course.meetings.start.strftime("%H:%M") == "18:00"
    assert course.organizational_meeting.start.strftime("%H:%M") == "18:00"


if __name__ == "__main__":
    print("| case | what is broken | message |\n| --- | --- | --- |")
    for c in CASES:
        lines = "<br>".join(f"`` {m} ``" for m in c.expected)
        files = c.file + (f" + {c.also[0]}" if c.also else "")
        print(f"| {c.id} | {c.what} ({files}) | {lines} |")
