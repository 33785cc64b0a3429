"""The organizer's private folder (`private/`: grading workbook, attendance list) stays out of git.

The site build never reads that folder (no generated file comes from it, and a notebook there is
refused by `outputs`). What can still go wrong is a commit: `git add -A` by habit, or a course folder
copied without its .gitignore. So every load looks for files under private/ that git tracks, and warns.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

from ..errors import Problem
from ..sources import gitrepo
from . import paths
from .load import Loaded

IGNORE_ALL = "# Written by coursesite: nothing in this folder goes into git (grades, names, signatures).\n*\n"
"""private/.gitignore: ignores the folder's files whatever the repository's own .gitignore says."""


def tracked(root: Path) -> list[str]:
    """Files under the course folder's private/ that git tracks (empty outside git)."""
    if not gitrepo.possible(root):
        return []
    try:
        result = subprocess.run(["git", "ls-files", "-z", "--", paths.PRIVATE], cwd=root, capture_output=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if result.returncode != 0:
        return []
    return [name for name in result.stdout.decode("utf-8", "replace").split("\0") if name]


def check(loaded: Loaded) -> Loaded:
    """The loaded course with one warning per private file that git tracks."""
    root = loaded.course_file.parent
    warnings = [Problem(name, None, "this private file is tracked by git, so every clone and fork of the "
                        "repository has it", fix=f"run `git rm --cached {name}`, commit, and keep {paths.PRIVATE}/ "
                        "in .gitignore; if the repository is public, treat what the file held as published")
                for name in tracked(root)]
    return dataclasses.replace(loaded, warnings=loaded.warnings + tuple(warnings)) if warnings else loaded


def ensure_ignored(folder: Path) -> None:
    """Create private/ with a .gitignore of its own that ignores everything in it."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(IGNORE_ALL, encoding="utf-8")
