"""This user's private temp folder: where what one process made is kept for the next (compiled templates,
handouts, page renders, the handout fonts' coverage), and what others must not be able to plant.

It is Jinja's folder for compiled templates (jinja2.FileSystemBytecodeCache's default: created 0700 in the temp
folder and checked to be this user's). Below every stage, so that each stage may keep things there; where there is
none, nothing is kept and only time is lost.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


def private_folder() -> Path | None:
    """This user's private temp folder; None where there is none (made anew each call: the temp folder can change)."""
    try:
        return Path(jinja2.FileSystemBytecodeCache().directory)
    except (OSError, RuntimeError):  # no safe private temp folder
        return None
