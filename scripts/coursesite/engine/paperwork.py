"""The semester's paperwork: writes private/grades.xlsx and private/attendance.pdf for the organizer.

Never part of the site: `coursesite sheets` (make sheets) calls this, the build never does. A new
workbook takes over what was typed into the old one (`sheets.entered`); when something typed has no
place in the new one, the old file stays as it is and the new one is written next to it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..course import paths, private
from ..course.load import Loaded
from ..exports import attendance, sheets
from ..schedule import rotation as rotation_mod
from ..sources import stamp


@dataclass(frozen=True)
class Written:
    grades: Path
    attendance: Path
    kept: int
    """How many typed values the new workbook took over."""
    lost: tuple[str, ...]
    """What typed in the old workbook has no place in the new one (then `grades` is a new file beside it)."""
    unreadable: str = ""
    """Why the old workbook could not be read (then `grades` is a new file beside it)."""


class NoParticipants(Exception):
    """The course has no participant count, so there are no rows to write."""


def write(root: Path, loaded: Loaded) -> Written:
    course = loaded.course
    rotation = rotation_mod.for_course(course)
    if rotation is None:
        raise NoParticipants()
    folder = root / paths.PRIVATE
    private.ensure_ignored(folder)
    target = folder / paths.GRADES
    kept: dict = {}
    lost: list[str] = []
    unreadable = ""
    if target.exists():
        try:
            typed = sheets.entered(target.read_bytes())
        except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file  # noqa: BLE001
            unreadable = f"{type(exc).__name__}: {exc}".splitlines()[0]
        else:
            kept, lost = sheets.placeable(course, rotation, typed)
        if lost or unreadable:
            target = _free_name(target)
    _replace(target, sheets.workbook(course, rotation, kept))
    pdf = folder / paths.ATTENDANCE
    _replace(pdf, attendance.attendance_pdf(course, rotation, stamp.current(root).date))
    return Written(target, pdf, len(kept), tuple(lost), unreadable)


def _free_name(path: Path) -> Path:
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate


def _replace(path: Path, data: bytes) -> None:
    """Write next to the file, then rename: a spreadsheet program never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
