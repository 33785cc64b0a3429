"""Whether git can find a repository from a folder, answered without starting git.

Every `check` and `build` asks git three things (the last commit's course for the guard, private files that git
tracks, the version for the footer), each in a process of its own (~2 ms of CPU). Outside any repository (a folder
that `new` made before `git init`, a downloaded copy, the tests' temporary courses) git has nothing to say, and it
finds a repository only through a `.git` in the folder or a folder above it, a folder that is itself a repository's
git directory, or GIT_DIR. Where none of them is, git is not started; where one is, git decides as before.
"""

from __future__ import annotations

import os
from pathlib import Path


def possible(folder: str | Path) -> bool:
    """False only when git, started in `folder`, could find no repository."""
    if "GIT_DIR" in os.environ:
        return True
    try:
        here = Path(folder).resolve()  # git walks up the physical path, as getcwd() gives it
    except (OSError, RuntimeError):
        return True
    try:
        return any((place / ".git").exists() or ((place / "HEAD").is_file() and (place / "objects").is_dir())
                   for place in (here, *here.parents))
    except OSError:  # a folder that cannot be looked into: let git say
        return True
