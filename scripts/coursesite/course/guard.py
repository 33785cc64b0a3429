"""A guard for the past: roles and talks that an edit changes in sessions that have already taken place.

When the course folder is in a git repository, the rotation of the working files is compared with the
one that the course files of the last commit (HEAD) give, session by session. A session is matched by
its original date (`moved_from`, else `date`) and its order on that day, never by its number, so that
an inserted session does not make every later one look changed. Outside git there is nothing to
compare with, and the guard stays silent; so it does when the committed files do not load.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..errors import CourseError, Problem, Problems, place
from ..model import Course, Session
from ..schedule import rotation
from ..schedule.fairness import Finding
from ..sources import gitrepo
from . import paths
from .load import Loaded, load, session_places


def committed(paths: Sequence[Path]) -> dict[Path, bytes | None]:
    """Each file as of the last commit, or None (no git, not a repository, not committed yet).

    One `git cat-file --batch` per folder reads them all: a build pays for each process git starts."""
    found: dict[Path, bytes | None] = dict.fromkeys(paths)
    for folder in {path.parent for path in paths}:
        names = [path for path in paths if path.parent == folder and "\n" not in path.name]
        if not gitrepo.possible(folder):
            continue
        try:
            result = subprocess.run(["git", "cat-file", "--batch"], cwd=folder, capture_output=True, timeout=30, check=False,
                                    input="".join(f"HEAD:./{path.name}\n" for path in names).encode())
        except (OSError, subprocess.SubprocessError):
            continue
        if result.returncode:
            continue
        out, at = result.stdout, 0
        for path in names:  # "<object> <type> <size>\n<content>\n", or "<name> missing\n"
            end = out.find(b"\n", at)
            if end < 0:
                break
            header, at = out[at:end].split(b" "), end + 1
            if len(header) == 3 and header[2].isdigit():
                size = int(header[2])
                if header[1] == b"blob":
                    found[path] = out[at:at + size]
                at += size + 1
    return found


def committed_course(loaded: Loaded) -> Course | None:
    """The course as of the last commit; None when there is none, or when the files are unchanged since
    (then it is the loaded course, and nothing can differ)."""
    files = (loaded.course_file, loaded.bib_file)
    old = committed(files)
    if all(old[path] is not None and old[path] == _working(path) for path in files):
        return None

    def read(path: Path, problems: Problems) -> bytes | None:
        if old.get(path) is None:
            problems.error(path.name, None, "not in the last commit")
        return old.get(path)
    try:
        return load(loaded.course_file, loaded.bib_file, read=read).course
    except CourseError:
        return None


def _working(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _keys(course: Course) -> dict[tuple[dt.date, int], Session]:
    """Each session by (original date, its order among the sessions of that original date)."""
    seen: dict[dt.date, int] = {}
    result = {}
    for s in sorted(course.sessions, key=lambda s: (rotation.original_date(s), s.start or dt.time(0), s.number)):
        day = rotation.original_date(s)
        seen[day] = seen.get(day, 0) + 1
        result[day, seen[day]] = s
    return result


def _holding(course: Course, rot: rotation.Rotation, p: int, s: Session) -> tuple[str | None, tuple[str, ...]]:
    """What participant p does in a session: role id and paper keys of their talks."""
    role = rot.role(p, s.number) if p <= len(rot.table) else None
    talks = tuple(key for n, key in rot.talks(p) if n == s.number) if p <= len(rot.table) else ()
    return (role.id if role else None), talks


def _describe(course: Course, holding: tuple[str | None, tuple[str, ...]]) -> str:
    role_id, talks = holding
    names = {role.id: role.name for role in course.roles}
    parts = ([names.get(role_id, role_id)] if role_id else []) + [f"the talk on {key}" for key in talks]
    return " and ".join(parts) or "nothing"


def changes(old: Course, new: Course, now: dt.datetime) -> list[Finding]:
    """Per participant, each holding that differs in a session of `new` that ended before `now`."""
    before, after = rotation.for_course(old), rotation.for_course(new)
    if before is None or after is None:
        return []
    old_sessions = _keys(old)
    findings = []
    for key, s in sorted(_keys(new).items(), key=lambda item: item[1].number):
        o = old_sessions.get(key)
        ended = dt.datetime.combine(s.date, s.end or s.start or dt.time(23, 59), tzinfo=new.tz) <= now
        if o is None or not ended or s.cancelled:
            continue
        for p in range(1, max(len(before.table), len(after.table)) + 1):
            was, now_held = _holding(old, before, p, o), _holding(new, after, p, s)
            if was != now_held:
                findings.append(Finding(("sessions", s.index), f"participant {p} was "
                                        f"{_describe(old, was)}, is now {_describe(new, now_held)}",
                                        fix=f"this session has taken place: to keep its roles, undo the edit or add "
                                            f"swaps for it (swaps: - session: {s.date}); for someone who left, "
                                            f"use `withdrawn:` with the date they left"))
    return findings


def check(loaded: Loaded, now: dt.datetime | None = None) -> Loaded:
    """The loaded course with a warning for each past role the uncommitted edits change, and, for a finished
    course of a repository with several (`courses/<name>/`), one for any edit at all (it is archived)."""
    old = committed_course(loaded)
    if old is None:
        return loaded
    course = loaded.course
    now = now or dt.datetime.now(course.tz)
    doc = loaded.source
    assert doc is not None  # every course that `load` returns has its source
    names = session_places(course)
    warnings = [Problem(doc.file, doc.line(f.about), f.message, path=place(f.about, names), fix=f.fix)
                for f in changes(old, course, now)]
    warnings += frozen(loaded, old, now)
    return dataclasses.replace(loaded, warnings=loaded.warnings + tuple(warnings)) if warnings else loaded


def ended(course: Course) -> dt.datetime:
    last = max(course.sessions, key=lambda s: (s.date, s.end or s.start or dt.time(23, 59)))
    return dt.datetime.combine(last.date, last.end or last.start or dt.time(23, 59), tzinfo=course.tz)


def frozen(loaded: Loaded, old: Course, now: dt.datetime) -> list[Problem]:
    """A warning per edited file of an archived course: a course folder in `courses/` whose last session is over.

    Its pages stay published for the links in old announcements and calendars, so an edit changes a record."""
    folder = loaded.course_file.parent
    if folder.parent.name != paths.COURSES or ended(old) > now:
        return []
    what = differences(old, loaded.course)
    if not what:
        return []
    files = [path for path, text in committed((loaded.course_file, loaded.bib_file)).items() if text != _working(path)]
    return [Problem(path.name, None, f"this course ended on {ended(old).date()} and is archived, and the uncommitted "
                    f"edits change {what}", fix=f"undo them with `git restore {paths.COURSES}/{folder.name}/{path.name}` "
                    "unless they correct a mistake (then commit them); next semester goes into a new folder "
                    f"(make new DIR={paths.COURSES}/<name> FROM={paths.COURSES}/{folder.name} START=...)")
            for path in files]


def differences(old: Course, new: Course) -> str:
    """What differs between two versions of a course, in its own words: "title, sessions 2 and 5, paper glorot2010"."""
    found = []
    for f in dataclasses.fields(Course):
        was, now = getattr(old, f.name), getattr(new, f.name)
        if f.name == "citations" or was == now:
            continue
        if f.name == "sessions":
            numbers = [str(s.number) for s in new.sessions if s.number > len(old.sessions) or old.sessions[s.number - 1] != s]
            numbers += [str(s.number) for s in old.sessions[len(new.sessions):]]
            found.append(f"session{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}")
        elif f.name == "papers":
            keys = sorted(k for k in set(was) | set(now) if was.get(k) != now.get(k))
            found.append(f"paper{'s' if len(keys) > 1 else ''} {', '.join(keys)}")
        else:
            found.append(f.name)
    return ", ".join(found)
