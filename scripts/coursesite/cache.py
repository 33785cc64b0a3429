"""This user's private temp folder: where what one process made is kept for the next (compiled templates,
handouts, page renders, the handout fonts' coverage), and what others must not be able to plant.

It is Jinja's folder for compiled templates (jinja2.FileSystemBytecodeCache's default: created 0700 in the temp
folder and checked to be this user's). Below every stage, so that each stage may keep things there; where there is
none, nothing is kept and only time is lost. What is kept is written whole or not at all (`whole`): a process
stopped midway, or another writing the same entry, never leaves a file cut short for the next to read.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import jinja2


def private_folder() -> Path | None:
    """This user's private temp folder; None where there is none (made anew each call: the temp folder can change)."""
    try:
        return Path(jinja2.FileSystemBytecodeCache().directory)
    except (OSError, RuntimeError):  # no safe private temp folder
        return None


def whole(path: Path, content: bytes, folder_mode: int = 0o777) -> None:
    """Write `path` whole or not at all (its folder made if missing); OSError when the system refuses.

    Through a part file of this process's own, replaced into place in one step: a build stopped midway leaves no
    file cut short, and two builds writing one entry at once do not write into one file."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(mode=folder_mode, parents=True, exist_ok=True)
        part.write_bytes(content)
        os.replace(part, path)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise
