"""A rotation that survives change: edits to the schedule, explicit assignments, drop-outs, the git guard."""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_cli
from coursesite.course import guard
from coursesite.course.load import load, session_places
from coursesite.errors import Problems, place
from coursesite.render import pages
from coursesite.schedule import rotation

SEED = yaml.safe_load((ROOT / "course.yaml").read_text(encoding="utf-8"))
BIB = (ROOT / "papers.bib").read_bytes()


def load_data(data: dict):
    """Load course data as if it were course.yaml next to the repository's papers.bib and notebooks."""
    # libyaml's emitter where PyYAML has it (the same text as safe_dump's for the seed, a tenth of the CPU): this
    # test loads ~240 edited courses.
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False).encode()

    def read(path: Path, problems: Problems) -> bytes:
        return text if path.name == "course.yaml" else BIB
    return load(ROOT / "course.yaml", ROOT / "papers.bib", read=read)


def holdings(course) -> dict[tuple, dict[int, tuple]]:
    """Per session (by original date and start) what each participant does: role id and talks."""
    rot = rotation.for_course(course)
    result = {}
    for s in course.sessions:
        key = (rotation.original_date(s), s.start)
        result[key] = {p: (getattr(rot.role(p, s.number), "id", None),
                           tuple(k for n, k in rot.talks(p) if n == s.number)) for p in rot.participants}
    return result


@functools.cache
def seed_holdings() -> dict[tuple, dict[int, tuple]]:
    """`holdings` of the unedited seed, where every example of the edit property starts (loaded once, not 40 times)."""
    return holdings(load_data({**SEED, "sessions": [dict(s) for s in SEED["sessions"]]}).course)


def tuesdays_free(data: dict) -> list[dt.date]:
    used = {dt.date.fromisoformat(str(s["date"])) for s in data["sessions"]}
    used |= {dt.date.fromisoformat(str(s["moved_from"])) for s in data["sessions"] if "moved_from" in s}
    first = dt.date(2023, 10, 24)
    return [first + dt.timedelta(weeks=k) for k in range(16) if first + dt.timedelta(weeks=k) not in used]


@st.composite
def edit(draw, data: dict) -> tuple[dict, tuple | None]:
    """One edit of the course data, and the session it touches (by original date and start), if any."""
    sessions = data["sessions"]
    kind = draw(st.sampled_from(["insert", "delete", "cancel", "move", "swap"]))
    start = dt.time(18, 0)
    if kind == "insert":
        day = draw(st.sampled_from(tuesdays_free(data)))
        new = {"date": day, "title": "Guest talk"} if draw(st.booleans()) else \
            {"date": day, "paper": "zhang2017understanding", "rotation": False}
        return {**data, "sessions": sessions + [new]}, None
    i = draw(st.integers(0, len(sessions) - 1))
    s = dict(sessions[i])
    key = (dt.date.fromisoformat(str(s.get("moved_from", s["date"]))), start)
    if kind == "delete":
        if "title" not in s and s.get("rotation", True):
            return data, None
        return {**data, "sessions": sessions[:i] + sessions[i + 1:]}, key
    if kind == "cancel":
        s["cancelled"] = True
    elif kind == "move":
        if "moved_from" in s:
            return data, None
        day = dt.date.fromisoformat(str(s["date"]))
        new_day = day + dt.timedelta(days=draw(st.sampled_from([-1, 1, 2, 3])))
        if any(str(o["date"]) == str(new_day) for o in sessions):
            return data, None
        s["moved_from"], s["date"] = day, new_day
    else:
        if "title" in s or not s.get("rotation", True) or s.get("cancelled"):
            return data, None
        a = draw(st.integers(1, 10))
        b = draw(st.integers(1, 10).filter(lambda x: x != a))
        swaps = data.get("swaps", []) + [{"session": s["date"], "participants": [a, b]}]
        return {**data, "swaps": swaps}, key
    return {**data, "sessions": sessions[:i] + [s] + sessions[i + 1:]}, key


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_edits_change_no_other_session(data):
    """Inserting or deleting a session that does not rotate, cancelling, moving or swapping by date changes
    no participant's role or talk in any other session, over any sequence of such edits."""
    course_data = {**SEED, "sessions": [dict(s) for s in SEED["sessions"]]}
    before = seed_holdings()
    for _ in range(data.draw(st.integers(1, 6))):
        course_data, touched = data.draw(edit(course_data))
        after = holdings(load_data(course_data).course)
        for key in before.keys() & after.keys():
            if key != touched:
                assert before[key] == after[key], key
        before = after


def seed(**changes) -> dict:
    return {**SEED, **changes}


def sessions(*extra: dict, **edits: dict) -> list[dict]:
    """The seed sessions with edits by index ("s2" = the third), plus extra ones."""
    result = [dict(s) for s in SEED["sessions"]]
    for name, change in edits.items():
        result[int(name[1:])].update(change)
    return sorted(result + list(extra), key=lambda s: str(s["date"]))


def warnings(loaded) -> list[str]:
    return [str(w) for w in loaded.warnings]


def test_introduction_and_cancellation_keep_everyone_elses_roles():
    """An introduction without a paper takes no place in the rotation; cancelling session 3 warns, per role,
    who loses it, and every other session keeps its roles."""
    plain = rotation.for_course(load_data(seed()).course)
    intro = {"date": "2023-10-24", "title": "Introduction"}
    loaded = load_data(seed(sessions=sessions(intro, s2={"cancelled": True, "note": "Dies academicus"})))
    rot = rotation.for_course(loaded.course)
    for p in range(1, 11):
        assert [rot.role(p, n) for n in (2, 3, 5, 6)] == [plain.role(p, n) for n in (1, 2, 4, 5)]
        assert rot.role(p, 1) is None and rot.role(p, 4) is None
    line = loaded.source.line(("sessions", 3, "cancelled"))
    assert warnings(loaded) == [
        f"course.yaml:{line}: session 4 (5 December 2023), cancelled: the session is cancelled, so participants 4, 9 lose "
        "Scientific Peer Reviewer; participants 5, 10 lose Archaeologist; participants 1, 6 lose Academic Researcher; "
        "participants 2, 7 lose Private Investigator; participants 3, 8 lose Hacker; "
        "to give them the role in another session, add swaps there"]


def test_withdrawn_and_joined():
    """Number 4 withdraws on 21 November: nothing from then on, nobody else changes, and each session with a
    role now empty is named; number 11 joins then and holds the rule's roles from that date."""
    loaded = load_data(seed(participants=11, withdrawn={4: "2023-11-21"}, joined={11: "2023-11-21"}))
    rot = rotation.for_course(loaded.course)
    plain = rotation.for_course(load_data(seed(participants=11)).course)
    assert [rot.role(4, n) for n in range(1, 6)][1:] == [None] * 4 and rot.role(4, 1) == plain.role(4, 1)
    assert rot.role(11, 1) is None and [rot.role(11, n) for n in range(2, 6)] == [plain.role(11, n) for n in range(2, 6)]
    for p in set(range(1, 11)) - {4}:
        assert [rot.role(p, n) for n in range(1, 6)] == [plain.role(p, n) for n in range(1, 6)]
    assert not any("nobody holds" in w for w in warnings(loaded))  # 11 and 9 still share 4's roles
    lone = load_data(seed(withdrawn={4: "2023-12-19", 9: "2023-12-19"}))
    assert [w for w in warnings(lone) if "nobody" in w] == [
        f"course.yaml:{line}: withdrawn[4]: in session {n} ({day}) nobody holds {role} (participants 4, 9 take no part "
        f"then); give the role to someone with a swap (swaps: - session: {iso}) or with `assign:` on the session"
        for n, day, iso, role, line in [(4, "19 December 2023", "2023-12-19", "Archaeologist", lone.source.line(("withdrawn", 4))),
                                        (5, "9 January 2024", "2024-01-09", "Academic Researcher", lone.source.line(("withdrawn", 4)))]]
    page = pages.render_pages(loaded.course)["participants/4.md"]
    assert "Withdrew on 21 November 2023: no role or talk from then on." in page
    assert re.findall(r"## Session (\d+): (.+)", page) == [("1", plain.role(4, 1).name)]


JOURNAL_CLUB = {
    "title": "Database Journal Club", "semester": "Winter 2024/25", "institution": "Somewhere", "timezone": "Europe/Berlin",
    "summary": "We read classics.", "participants": 3, "rotation": "none",
    "meetings": {"start": "16:00", "end": "17:00", "room": "Library", "weekday": "Wednesday"},
    "sessions": [
        {"date": "2024-10-16", "papers": [{"key": "glorot2010understanding", "presenters": [1]}]},
        {"date": "2024-10-30", "papers": [{"key": "ba2014deep", "presenters": [2]}, {"key": "li2018visualizing", "presenters": [3]}]},
        {"date": "2024-11-13", "papers": [{"key": "grimmer2024provably", "presenters": [1]}]},
    ],
}


def test_journal_club_presenters():
    """A journal club without roles: presenters by number show on personal pages, paper pages and in the
    personal calendar; a presenter with more than their share of talks is warned about."""
    loaded = load_data(JOURNAL_CLUB)
    rendered = pages.render_pages(loaded.course)
    assert "rotation.md" not in rendered
    one = rendered["participants/1.md"]
    assert re.findall(r"## Session (\d+): Talk", one) == ["1", "3"]
    assert "**Presenters (Session 2):** [2](../participants/2.md)" in rendered["papers/ba2014deep.md"]
    assert warnings(loaded) == []
    unfair = {**JOURNAL_CLUB, "sessions": [*JOURNAL_CLUB["sessions"][:1], {"date": "2024-10-30", "papers": [
        {"key": "ba2014deep", "presenters": [2]}, {"key": "li2018visualizing", "presenters": [1]}]},
        *JOURNAL_CLUB["sessions"][2:]]}
    loaded = load_data(unfair)
    assert warnings(loaded) == [
        f"course.yaml:{loaded.source.line(('participants',))}: participants: participant 3 holds no role and gives no "
        "talk; assign them a role (`assign:`) or a talk (`presenters:`), or lower `participants:`",
        f"course.yaml:{loaded.source.line(('sessions', 1, 'papers'))}: session 2 (30 October 2024), papers: participant 1 gives 3 talks, "
        "glorot2010understanding in session 1 (16 October 2024), li2018visualizing in this session and grimmer2024provably "
        "in session 3 (13 November 2024), more than the 2 that 4 talks for 3 participants give each; give one of the talks to a participant without "
        "one (`presenters:`)"]


def test_explicit_assignments_and_checks():
    """`assign` replaces the rule in one session; a number without role or talk, a role nobody holds and a role
    held twice are each warned about."""
    data = seed(participants=6, sessions=sessions(s0={"assign": {"hacker": [1, 2], "reviewer": [3]}}))
    loaded = load_data(data)
    rot = rotation.for_course(loaded.course)
    assert [rot.role(p, 1) and rot.role(p, 1).id for p in range(1, 7)] == ["hacker", "hacker", "reviewer", None, None, None]
    plain = rotation.for_course(load_data(seed(participants=6)).course)
    assert [[rot.role(p, n) for n in range(2, 6)] for p in range(1, 7)] == [[plain.role(p, n) for n in range(2, 6)] for p in range(1, 7)]
    text = "\n".join(warnings(loaded))
    assert "in session 1 (31 October 2023) nobody holds Archaeologist or Academic Researcher or Private Investigator" in text
    assert "participant 1 plays Hacker twice" in text


def test_bad_assignments_are_errors(course_dir):
    """An unknown role id or number in `assign`, a date without a session in a swap: one line each, all at once."""
    path = course_dir / "course.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - date: 2023-11-21\n", "  - date: 2023-11-21\n    assign: {hackr: [3], hacker: [99]}\n", 1)
    path.write_text(text + "\nswaps:\n  - session: 2023-11-22\n    participants: [3, 7]\n", encoding="utf-8")
    result = run_cli(course_dir, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any("session 2 (21 November 2023), assign.hackr: there is no role 'hackr'; did you mean 'hacker'?" in line for line in lines)
    assert any("session 2 (21 November 2023), assign.hacker[0]: there is no participant 99; use a number from 1 to 10" in line for line in lines)
    assert any("swaps[0].session: there is no session on 2023-11-22" in line for line in lines)


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder, check=True,
                   capture_output=True)


def test_guard_warns_about_a_changed_past_role(course_dir):
    """In a git repository, an edit that shifts roles in sessions already held warns per participant, with the
    fix; an edit that keeps them (an introduction without a paper) warns about nothing; outside git, no guard."""
    git(course_dir, "init", "-q")
    git(course_dir, "add", "course.yaml", "papers.bib")
    git(course_dir, "commit", "-qm", "seed")
    path = course_dir / "course.yaml"
    seed_text = path.read_text(encoding="utf-8")
    path.write_text(seed_text.replace("sessions:\n", "sessions:\n  - date: 2023-10-24\n    title: Introduction\n", 1))
    assert run_cli(course_dir, "check").stderr == ""
    path.write_text(seed_text.replace("sessions:\n", "sessions:\n  - date: 2023-10-24\n    paper: zhang2017understanding\n", 1))
    result = run_cli(course_dir, "check")
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if "was " in line]
    assert len(lines) == 50  # 10 participants x 5 sessions, all in the past
    assert lines[0].startswith("warning: course.yaml:") and ": session 2 (31 October 2023): participant 1 " \
        "was Scientific Peer Reviewer, is now Archaeologist; this session has taken place" in lines[0]
    shutil_rmtree(course_dir / ".git")
    assert "was " not in run_cli(course_dir, "check").stderr


def shutil_rmtree(path: Path) -> None:
    import shutil
    shutil.rmtree(path)


def test_guard_compares_by_original_date():
    """The guard matches sessions by their original date: moving one (moved_from) is no change of the past."""
    old = load_data(seed()).course
    moved = load_data(seed(sessions=sessions(s1={"date": "2023-11-22", "moved_from": "2023-11-21"}))).course
    assert guard.changes(old, moved, dt.datetime(2030, 1, 1, tzinfo=dt.UTC)) == []
    swapped = load_data(seed(swaps=[{"session": "2023-11-21", "participants": [3, 7]}])).course
    found = guard.changes(old, swapped, dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert [f.message for f in found] == [
        "participant 3 was Private Investigator, is now Academic Researcher",
        "participant 7 was Academic Researcher, is now Private Investigator"]
    assert {f.about for f in found} == {("sessions", 1)}
    assert guard.changes(old, swapped, dt.datetime(2023, 11, 1, tzinfo=dt.UTC)) == []
    assert place(("sessions", 1), session_places(swapped)) == "session 2 (21 November 2023)"
