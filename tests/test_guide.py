"""The organizer guide (docs/guide.md) and its messages page (docs/messages.md), which lists every message the tool can
give, each with its fix."""

from __future__ import annotations

import ast
import datetime as dt
import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import openpyxl
import pytest
import yaml

from conftest import ROOT, copy_course, run_cli, run_main
from corpus import CASES, Case, original, prepare
from coursesite import errors as errors_mod
from coursesite.course import schema
from coursesite.course.load import load
from coursesite.engine import publish, site
from coursesite.errors import CourseError
from coursesite.sources.stamp import Stamp
from test_new import refusing

PACKAGE = ROOT / "scripts" / "coursesite"
STAMP = Stamp(dt.date(2023, 10, 20), "abc1234")
GUIDE = ROOT / "docs" / "guide.md"
MESSAGES = ROOT / "docs" / "messages.md"
# The modules that report problems in the organizers' files.
REPORTING = ("sources/sourcefile.py", "sources/yamlsource.py", "course/convert.py", "course/load.py", "sources/bib.py",
             "course/outputs.py", "course/glyphs.py")


def run_case(case: Case, folder: Path) -> tuple[list[str], set[tuple[str, int]]]:
    """Load the case's files; return its message lines and the package lines that reported them."""
    prepare(case, folder)
    reached: set[tuple[str, int]] = set()

    def recording(original):
        def report(self, *args, **kwargs):
            frame = sys._getframe(1)
            while frame is not None:
                code = Path(frame.f_code.co_filename)
                if code.is_relative_to(PACKAGE):
                    reached.add((code.relative_to(PACKAGE).as_posix(), frame.f_lineno))
                frame = frame.f_back
            return original(self, *args, **kwargs)
        return report

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(errors_mod.Problems, "error", recording(errors_mod.Problems.error))
        patch.setattr(errors_mod.Problems, "warn", recording(errors_mod.Problems.warn))
        if case.parser_crash:
            def crash(*args, **kwargs):
                raise RecursionError("maximum recursion depth exceeded")
            patch.setattr(bibtexparser, "parse_string", crash)
        try:
            loaded = load(folder / "course.yaml", folder / "papers.bib")
        except CourseError as exc:
            return [str(p) for p in exc.problems + exc.warnings], reached
        try:  # what the outputs need, as `check` asks next (links in prose, the exporters' limits)
            site.make(loaded, STAMP)
        except CourseError as exc:
            return [str(p) for p in exc.problems + loaded.warnings], reached
    return [str(w) for w in loaded.warnings], reached


def reporting_sites() -> dict[tuple[str, int, int], str]:
    """Every call of error(...) or warn(...) in the loader's modules, with its source text."""
    sites = {}
    for name in REPORTING:
        source = (PACKAGE / name).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if called in ("error", "warn"):
                    sites[(name, node.lineno, node.end_lineno)] = " ".join(ast.get_source_segment(source, node).split())
    return sites


def guide_rows() -> list[tuple[str, str]]:
    """(message, fix) for each row of the messages page's tables; `…` in a message stands for any text."""
    rows = []
    for line in MESSAGES.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| (`+)(.+?)\1 \| (.+) \|$", line)
        if m:
            rows.append((m[2].strip(), m[3].strip()))
    return rows


def pattern(message: str) -> re.Pattern:
    return re.compile(".+".join(re.escape(part) for part in message.split("…")))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[list[str], set]]:
    """Every corpus case loaded once: the messages it gives (test_check.py checks them line for line) and where."""
    return {case.name: run_case(case, tmp_path_factory.mktemp("case")) for case in CASES}


@pytest.fixture(scope="module")
def repository_messages(tmp_path_factory) -> list[str]:
    """What `check` says about the courses of one repository together (two course folders with one id, a folder
    name that cannot be an address)."""
    root = tmp_path_factory.mktemp("repository")
    for name in ("a", "b", "c#"):
        prepare(original("starter"), root / "courses" / name)
    result = run_cli(root, "check")
    lines = [line.removeprefix("error: ") for line in result.stderr.splitlines()]
    assert result.returncode == 1 and len(lines) == 3, lines
    assert lines[0].startswith("courses/c#/: the folder's name") and "is also the id of" in lines[1]
    return lines


@pytest.fixture(scope="module")
def check_notes(tmp_path_factory) -> list[str]:
    """The notes `check` prints (for the seed without `id:`: all three), without the "note: " prefix."""
    root = copy_course(tmp_path_factory.mktemp("notes"))
    path = root / "course.yaml"
    path.write_text(re.sub(r"(?m)^id: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli(root, "check")
    assert (result.returncode, result.stderr) == (0, "")
    notes = [line.removeprefix("note: ") for line in result.stdout.splitlines() if line.startswith("note: ")]
    assert len(notes) == 3, notes
    return notes


@pytest.fixture(scope="module")
def command_messages(tmp_path_factory) -> list[str]:
    """What `new` and `build` print when they refuse or fail, without the "error: " prefix."""
    root = copy_course(tmp_path_factory.mktemp("commands"))
    messages = []
    result = run_cli(root, "new", str(root))
    assert result.returncode == 1
    messages += result.stderr.splitlines()
    for target in ("papers.bib", "papers.bib/next"):
        result = run_cli(root, "new", str(root / target))
        assert result.returncode == 1
        messages += result.stderr.splitlines()
    (root / "docs" / "roles.md").write_text("# Roles written by hand\n", encoding="utf-8")
    result = run_cli(root, "build")
    assert result.returncode == 1
    messages += [line for line in result.stderr.splitlines() if "error" in line.lower() and "BuildError" not in line]
    # Next semester from last semester's course (`new --from`), refused.
    flow, broken = root / "flow", root / "broken"
    for folder in (flow, broken):
        folder.mkdir()
        (folder / "papers.bib").write_bytes((root / "papers.bib").read_bytes())
    data = yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8"))
    for s in data["sessions"]:
        s.pop("notebook")
    (flow / "course.yaml").write_text(json.dumps(data, default=str), encoding="utf-8")
    seed = (root / "course.yaml").read_text(encoding="utf-8").replace("date: 2023-10-31", "date: 2023-10-32")
    (broken / "course.yaml").write_text(re.sub(r"\n    notebook: .*", "", seed), encoding="utf-8")
    for args in (("--from", "."), ("--start", "2024-04-16"), ("--from", ".", "--start", "2024-16-04"),
                 ("--from", "docs", "--start", "2024-04-16"), ("--from", ".", "--start", "2024-04-17"),
                 ("--from", "flow", "--start", "2024-04-16"), ("--from", "broken", "--start", "2024-04-16")):
        result = run_cli(root, "new", "next", *args)
        assert result.returncode == 1 and not (root / "next").exists()
        messages += [line for line in result.stderr.splitlines() if "not a real date" not in line]
    cleaned = [re.sub(r"^(error: |ERROR\s+-\s+)", "", m) for m in messages]
    assert cleaned == [f"{root}/course.yaml already exists; move it away (git keeps the old version) or choose another "
                       "folder, e.g. make new DIR=next-seminar",
                       f"{root}/papers.bib is a file, not a folder; give the folder for the new course, "
                       "e.g. make new DIR=next-seminar",
                       f"cannot create the folder {root}/papers.bib/next (Not a directory); choose another place",
                       "docs/roles.md would hide a generated page; rename or delete docs/roles.md",
                       "the site could not be built (see above); no site/ was written.",
                       "FROM needs START, the date of the first session: make new DIR=next FROM=. START=YYYY-MM-DD",
                       "START is the first session of a course made from last semester's; name that course with FROM "
                       "(make new DIR=... FROM=... START=...), or leave START out for the starter",
                       "START=2024-16-04 is not a date (or list of dates); write dates as YYYY-MM-DD, e.g. START=2024-04-16",
                       "docs has no course.yaml; FROM names last semester's course folder, e.g. FROM=courses/ws2023",
                       "2024-04-17 is a Wednesday, but the sessions meet on Tuesdays (meetings.weekday in ./course.yaml); "
                       "give a Tuesday, e.g. START=2024-04-23",
                       "flow/course.yaml is not written one key per line (block style), so its comments and layout cannot "
                       "be copied; write it in block style, or start from `make new` without FROM",
                       "1 error; fix broken first; nothing was written."]
    return (cleaned + sheets_messages(tmp_path_factory.mktemp("sheets")) + publish_messages(tmp_path_factory.mktemp("publish"))
            + written_messages(tmp_path_factory.mktemp("written")) + settings_messages(tmp_path_factory.mktemp("settings"))
            + notebook_messages(tmp_path_factory.mktemp("notebooks")))


def notebook_messages(folder: Path) -> list[str]:
    """What `build` prints when a notebook's run fails (tests/test_notebook_site.py runs real kernels into each
    kind), unprefixed. Here nbclient's client fails as it does, with its own exceptions, without a kernel."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    root = copy_course(folder / "course")
    failures = {"import scipy": CellExecutionError("", "ModuleNotFoundError", "No module named 'scipy'"),
                "train(epochs=10**6)": CellTimeoutError("A cell timed out while it was being executed"),
                "raise ValueError('the experiment broke')": CellExecutionError("", "ValueError", "the experiment broke"),
                "big = [0] * 10**12": DeadKernelError("Kernel died")}
    for notebook, source in zip(sorted((root / "notebooks").glob("*.ipynb")), failures):
        data = json.loads(notebook.read_text(encoding="utf-8"))  # a changed notebook: it runs again
        data["cells"].insert(1, {"cell_type": "code", "execution_count": None, "id": "failing", "metadata": {},
                                 "outputs": [], "source": [source]})
        notebook.write_text(json.dumps(data), encoding="utf-8")

    def execute(self, **kwargs):
        source = self.nb.cells[1].source
        if not isinstance(failures[source], DeadKernelError):
            self.on_cell_start(cell=self.nb.cells[1], cell_index=1)
        raise failures[source]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(NotebookClient, "execute", execute)
        result = run_cli(root, "build")
    lines = [re.sub(r"^(error: |ERROR\s+-\s+)", "", line) for line in result.stderr.splitlines()]
    assert result.returncode == 1 and len(lines) == 5, lines
    return lines[:4]


def settings_messages(folder: Path) -> list[str]:
    """What `build` refuses (and `check` warns about) in a course folder without mkdocs.yml, or with it but
    without its docs folder (tests/test_course_folder.py meets both), unprefixed."""
    alone = folder / "alone"
    assert run_main(folder, "new", str(alone)).returncode == 0
    lines = run_main(folder, "build", "--course", str(alone)).stderr.splitlines()[:1]
    (alone / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
    lines += run_main(folder, "check", "--course", str(alone)).stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("error: ") and lines[1].startswith("warning: "), lines
    return [line.removeprefix("error: ").removeprefix("warning: ") for line in lines]


def written_messages(folder: Path) -> list[str]:
    """What `new`, `render` and `schema` print when the system refuses their writes (tests/test_new.py meets each
    refusal), unprefixed."""
    root, lines = copy_course(folder / "course"), []
    for code, command in ((errno.ENOSPC, ("new", "next")), (errno.EACCES, ("render", "out")), (errno.EIO, ("schema",))):
        with pytest.MonkeyPatch.context() as patch:
            refusing(patch, code, {"new": "papers.bib", "render": "schedule.md", "schema": schema.FILE_NAME}[command[0]])
            result = run_main(root, *command)
        assert result.returncode == 1
        lines += [line.removeprefix("error: ") for line in result.stderr.splitlines()]
    assert lines == ["next/papers.bib: the disk is full; free space on that disk, then run `make new` again; nothing was written",
                     "out/schedule.md: permission denied; choose another folder for the pages, or make the folder writable",
                     f"{schema.FILE_NAME}: Input/output error; check the disk (its space, its permissions, its health), "
                     "then run `make schema` again"]
    return lines


def publish_messages(folder: Path) -> list[str]:
    """What `build` prints when the system refuses a write (tests/test_publish.py meets each where it happens; here
    the lock file is refused, the first write of a build), unprefixed."""
    root = copy_course(folder / "course")
    lines = []
    real_open = os.open

    def refusing(code):
        def open_(path, *args, **kwargs):
            if os.fspath(path).endswith(publish.LOCK):
                raise OSError(code, os.strerror(code), os.fspath(path))
            return real_open(path, *args, **kwargs)
        return open_

    for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EBUSY, errno.EIO):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "open", refusing(code))
            if code == errno.EIO:  # a site set aside by a build that was killed during the swap
                (root / ".site-old-killed").mkdir()
            result = run_cli(root, "build")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        lines += result.stderr.splitlines()
    lines = [re.sub(r"^error: ", "", line) for line in lines]
    assert len(lines) == 7 and all(line.startswith(f"{root}/: ") for line in lines), lines
    return lines


def sheets_messages(folder: Path) -> list[str]:
    """What `sheets` (and `check` about private files) prints when it refuses or keeps a file, unprefixed."""
    root = copy_course(folder / "course")
    course = root / "course.yaml"
    lines = []
    seed = course.read_text(encoding="utf-8")
    course.write_text(seed.replace("participants: 10\n", ""), encoding="utf-8")
    lines += run_cli(root, "sheets").stderr.splitlines()
    course.write_text(seed, encoding="utf-8")
    (root / "private").write_text("a file where the folder belongs", encoding="utf-8")
    lines += run_cli(root, "sheets").stderr.splitlines()
    (root / "private").unlink()
    (root / "private").mkdir()
    (root / "private" / "grades.xlsx").write_bytes(b"not a workbook")
    lines += run_cli(root, "sheets").stderr.splitlines()
    course.write_text(seed.replace("participants: 10\n", "participants: 12\n"), encoding="utf-8")
    run_cli(root, "sheets")  # grades-2.xlsx, then one for 10 participants that loses the 12th row
    book = openpyxl.load_workbook(root / "private" / "grades-2.xlsx")
    book.worksheets[0].cell(3 + 12, 2).value = "Twelve"
    book.save(root / "private" / "grades.xlsx")
    course.write_text(seed, encoding="utf-8")
    lines += run_cli(root, "sheets").stderr.splitlines()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-f", "private/grades.xlsx"], cwd=root, check=True)
    lines += run_cli(root, "check").stderr.splitlines()
    lines = [re.sub(r"^(error|warning): ", "", line) for line in lines]
    assert len(lines) == 5 and "1 error" not in " ".join(lines), lines
    return lines


def test_cases_reach_every_reporting_line(outcomes):
    """Together the broken inputs make every error(...) and warn(...) call in the loader report something."""
    reached = set().union(*(r for _, r in outcomes.values()))
    missed = [f"{name}:{first}: {code}" for (name, first, last), code in reporting_sites().items()
              if not any(n == name and first <= line <= last for n, line in reached)]
    assert missed == [], "add a case to tests/corpus.py (and a row to docs/messages.md) for each of these"


def test_guide_lists_every_message(outcomes, command_messages, repository_messages):
    """Every message that a broken input or a refused command gives matches a row of the messages page's tables."""
    patterns = [pattern(message) for message, _ in guide_rows()]
    messages = [line for lines, _ in outcomes.values() for line in lines] + command_messages + repository_messages
    unlisted = sorted({m for m in messages if not any(p.search(m) for p in patterns)})
    assert unlisted == [], "add these messages to the tables in docs/messages.md"


def test_guide_lists_every_note(check_notes):
    """Every note of `check` (what is no problem but worth knowing) has a row on the messages page, with what to do."""
    patterns = [pattern(message) for message, _ in guide_rows()]
    assert [note for note in check_notes if not any(p.search(note) for p in patterns)] == []


def test_guide_lists_only_messages_the_tool_gives(outcomes, command_messages, check_notes, repository_messages):
    """Every row of the messages page's tables matches a message that some broken input or command really gives."""
    messages = [line for lines, _ in outcomes.values() for line in lines] + command_messages + check_notes + repository_messages
    unused = [message for message, _ in guide_rows() if not any(pattern(message).search(m) for m in messages)]
    assert unused == []


def test_every_guide_row_has_a_fix():
    """Each row of the error tables says what to do, and no message is listed twice."""
    rows = guide_rows()
    assert len(rows) >= 50
    assert [m for m, fix in rows if len(fix) < 15] == []
    assert len({m for m, _ in rows}) == len(rows)


def test_guide_is_a_page_of_the_site(site):
    """The built site has the guide and then the messages page as its last navigation entries, the guide with its
    sections and a link to the messages, the messages page with its tables."""
    page = site.html("/guide/")
    nav = page.select_one("nav.md-nav--primary")
    assert [" ".join(li.select_one(".md-ellipsis").get_text(" ").split()) for li in nav.select(":scope > ul > li")][-2:] \
        == ["Organizer guide", "Messages"]
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in site.content("/guide/").select("h2")]
    assert headings == ["Edit", "Preview", "Check", "Publish", "Everyday changes", "Start a new semester",
                        "The semester's paperwork", "Language",
                        "Participants' privacy", "Where Markdown is allowed"]
    assert "../messages/" in [a.get("href") for a in site.content("/guide/").select("a")]
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in site.content("/messages/").select("h2")]
    assert headings == ["Reading course.yaml and papers.bib", "Keys and values in course.yaml", "Rules across the files",
                        "papers.bib", "Warnings", "Notes", "Commands"]
    assert len(site.content("/messages/").select("table tr")) >= 55


def test_guide_tables_come_wrapped(site):
    """Each table of the guide and of the messages page is in Material's scroll wrapper from the build, with the class
    that keeps Material's script from moving it again after the page loads (engine/tables.py)."""
    tables = site.content("/guide/").select("table")
    assert len(tables) >= 1
    tables += site.content("/messages/").select("table")
    assert len(tables) >= 8
    assert [(t.get("class"), t.parent.get("class"), t.parent.parent.get("class")) for t in tables] \
        == [(["cs-table"], ["md-typeset__table"], ["md-typeset__scrollwrap"])] * len(tables)


# --- One way to write places and sessions (errors.place, errors.session_label) ---------------------------------------

SESSION = re.compile(r"\bsession (\d+)\b")
NAMED = re.compile(r"\bsession \d+ \(\d{1,2} [A-Z][a-z]+ \d{4}\)")


def misplaced(line: str) -> list[str]:
    """What in a message line (`file:line: place: message; fix`) writes a place or a session another way."""
    found = [f"path segment {m[0]!r}: write [n]" for m in re.finditer(r"[A-Za-z_\]]\.\d+", line)]
    found += [f"{m[0]!r}: name each session on its own" for m in re.finditer(r"\bsessions \d+ \(", line)]
    for m in SESSION.finditer(line):
        rest = line[m.end():]
        if rest.startswith(" ("):
            if not NAMED.match(line, m.start()):
                found.append(f"{line[m.start():m.start() + 30]!r}: write session N (D Month YYYY)")
        # Without its date only where there is none: a session whose date cannot be read (in the place) or none at all.
        elif not (re.match(r"[^ ]+:\d+: $", line[:m.start()]) or line[:m.start()].endswith("no ")):
            found.append(f"{m[0]!r} without its date")
    numbers = [m[1] for m in SESSION.finditer(line)]
    found += [f"session {n} named {numbers.count(n)} times" for n in sorted(set(numbers)) if numbers.count(n) > 1]
    return found


def test_messages_write_places_and_sessions_one_way(outcomes):
    """Every message of the corpus writes places as `withdrawn[4]`, `sessions[2].papers[0]`, and each session it
    names as `session 3 (5 December 2023)`, once: never `withdrawn.4`, an ISO date, or the place's session again."""
    lines = sorted({line for lines, _ in outcomes.values() for line in lines})
    assert lines
    assert {line: misplaced(line) for line in lines if misplaced(line)} == {}


def test_the_check_finds_the_old_forms():
    """The check above fails on each way messages used to write places and sessions."""
    assert misplaced("course.yaml:89: withdrawn.1: in session 1 (6 May 2027) nobody holds Presenter") \
        == ["path segment 'n.1': write [n]"]
    assert misplaced("course.yaml:108: session 2 (3 June 2027), cancelled: session 2 (3 June 2027) is cancelled") \
        == ["session 2 named 2 times"]
    assert misplaced("course.yaml:92: swaps[0].session: nobody holds a role in session 2 (2027-06-03)") \
        == ["'session 2 (2027-06-03)': write session N (D Month YYYY)"]
    assert misplaced("course.yaml:97: sessions: session 1 is unbalanced (Presenter 1)") == ["'session 1' without its date"]
    assert misplaced("course.yaml:106: session 2 (6 May 2027), start: sessions 1 (line 97) and 2 (line 106) overlap") \
        == ["'sessions 1 (': name each session on its own"]
    assert misplaced("course.yaml:106: session 2, date: 9999-06-03 is not a year a seminar takes place in") == []
    assert misplaced("course.yaml:90: swaps[0].session: there is no session 4; use a session number from 1 to 3") == []


def test_guide_writes_places_and_sessions_one_way():
    """The tables of the messages page and the guide's example messages follow the same form as the messages."""
    text = GUIDE.read_text(encoding="utf-8") + MESSAGES.read_text(encoding="utf-8")
    spans = re.findall(r"`([^`\n]*(?:session|withdrawn|sessions\[)[^`\n]*)`", text)
    assert len(spans) > 10
    bad = {span: misplaced(span) for span in spans}
    # A span without file and line may name a session without its date only as the guide's placeholder "session …".
    bad = {span: [m for m in found if not m.endswith("without its date")] for span, found in bad.items()}
    assert {span: found for span, found in bad.items() if found} == {}
