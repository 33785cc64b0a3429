"""The folder `mkdocs serve` serves from: the last build is deleted after the browsers reload, not before the rebuild.

Every rebuild of `mkdocs serve` is a clean build: MkDocs first deletes every file of the last one in its temporary
folder (`clean_directory`), then writes them all again. On a disk that trims freed blocks, or one that other
programs keep busy, the deletion alone took 50-800 ms of waiting on this project's machines for the seed's 110
files (5-9 ms of CPU), more than the whole rebuild otherwise. `delete_after_reload` wraps the server's builder:
the last build's top-level entries are renamed into a folder beside the served one (one rename each, on the same
disk), MkDocs then finds nothing to delete, and a thread deletes that folder while the server reloads the
browsers and serves the new pages. What MkDocs writes, and when the browsers reload, is unchanged. (With
`--dirty`, MkDocs finds no earlier output and writes every page, as it does for the generated pages anyway.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any


def _set_aside(folder: Path) -> Path | None:
    """Move the entries MkDocs would delete (all but hidden ones, as `clean_directory`) out of `folder`."""
    try:
        entries = [entry for entry in os.scandir(folder) if not entry.name.startswith(".")]
        if not entries:
            return None
        aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}-last-", dir=folder.parent))
    except OSError:
        return None  # MkDocs' own clean does it then
    for entry in entries:
        try:
            os.rename(entry.path, aside / entry.name)
        except OSError:
            pass  # left in place for MkDocs to delete
    return aside


def delete_after_reload(server: Any) -> bool:
    """Make each rebuild of MkDocs' LiveReloadServer delete the last build in the background; False if it has no
    builder and served folder to do this with."""
    build, root = getattr(server, "builder", None), getattr(server, "root", None)
    if build is None or root is None or getattr(build, "_coursesite", False):
        return False

    def builder(*args: Any, **kwargs: Any) -> None:
        aside = _set_aside(Path(root))
        try:
            build(*args, **kwargs)
        finally:
            if aside is not None:
                threading.Thread(target=shutil.rmtree, args=(aside, True), name="delete-last-build").start()

    kept: Any = builder
    kept._coursesite = True
    server.builder = kept
    return True
