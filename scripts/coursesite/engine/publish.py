"""Put a freshly built site in place of site/ so that a complete site/ exists at every instant.

Builds in one course folder take turns (a lock file, `flock`); each builds into a staging folder
of its own (`.site-build-<unique>`), so a second build can neither delete nor half-overwrite the
first one's. The swap exchanges the staging folder and site/ in one step where the system can
(Linux `renameat2(RENAME_EXCHANGE)`). Elsewhere it takes two renames, site/ to `.site-old-<unique>`
and the new folder to site/; a build killed between them leaves the complete old site under its
`.site-old-` name, and the next build, holding the lock, puts it back before it does anything else.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

SITE = "site"
LOCK = ".site.lock"
STAGING = ".site-build-"
OLD = ".site-old-"


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the folder's build lock (waiting, with a note, while another build has it)."""
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("note: another build is running in this folder; waiting for it to finish", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock, also when the process is killed


def recover(root: Path) -> bool:
    """With the lock held: put back a site/ that a killed swap left aside, remove staging leftovers.

    True when site/ was put back.
    """
    target, restored = root / SITE, False
    olds = sorted(root.glob(OLD + "*"), key=lambda p: p.stat().st_mtime)
    if not target.exists() and olds:
        olds.pop().rename(target)
        restored = True
    for leftover in [*olds, *root.glob(STAGING + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    return restored


def staging(root: Path) -> Path:
    """A new, empty staging folder for one build (readable like any folder the build would create)."""
    fresh = Path(tempfile.mkdtemp(prefix=STAGING, dir=root))
    umask = os.umask(0)
    os.umask(umask)
    fresh.chmod(0o777 & ~umask)
    return fresh


def swap(root: Path, fresh: Path) -> None:
    """Make `fresh` the site/; the previous site/ is removed afterwards."""
    target = root / SITE
    if not target.exists():
        fresh.rename(target)
        return
    if _exchange(fresh, target):
        shutil.rmtree(fresh, ignore_errors=True)  # now holds the previous site
        return
    old = root / (OLD + fresh.name.removeprefix(STAGING))
    target.rename(old)
    # Killed here: no site/, but `old` is complete, and `recover` renames it back.
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux 3.15+, glibc 2.28+); False where the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None or os.environ.get("COURSESITE_NO_EXCHANGE"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
