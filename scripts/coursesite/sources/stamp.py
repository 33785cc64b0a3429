"""The "as of" stamp shown in the footer and the handout: a date and the source version.

Derived from the git commit, not the clock, so that two builds of the same input
are identical. COURSESITE_STAMP_DATE / COURSESITE_VERSION override it (tests,
builds outside git).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import gitrepo


@dataclass(frozen=True)
class Stamp:
    date: dt.date
    version: str
    """Short git commit ("a1b2c3d", "+ local changes" when the work tree differs), or "unversioned"."""

    def __str__(self) -> str:
        return f"{self.date.isoformat()} ({self.version})"


def _git(root: Path, *args: str) -> str | None:
    if not gitrepo.possible(root):
        return None
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def current(root: str | Path, files: tuple[str, ...] = ("course.yaml", "papers.bib"), own: bool = False) -> Stamp:
    """`own`: the last commit that changed the folder `root` rather than the repository's last commit (a course of
    several, which stays as it was built while the others change)."""
    root = Path(root)
    date_text = os.environ.get("COURSESITE_STAMP_DATE")
    version = os.environ.get("COURSESITE_VERSION")
    if version is None:
        commit = (_git(root, "log", "-1", "--abbrev=7", "--format=%h", "--", ".") if own else None) or \
            _git(root, "rev-parse", "--short=7", "HEAD")
        if commit:
            dirty = _git(root, "status", "--porcelain", "--", *files)
            version = commit + (" + local changes" if dirty else "")
        else:
            version = "unversioned"
    if date_text is None:
        date_text = ((_git(root, "log", "-1", "--format=%cs", "--", ".") if own else None)
                     or _git(root, "log", "-1", "--format=%cs")) if version != "unversioned" else None
    if date_text:
        date = dt.date.fromisoformat(date_text)
    else:
        # Outside git: the newest input file's date, which changes only when the input does.
        mtimes = [(root / f).stat().st_mtime for f in files if (root / f).exists()]
        date = dt.datetime.fromtimestamp(max(mtimes), dt.UTC).date() if mtimes else dt.date(1970, 1, 1)
    return Stamp(date, version)
