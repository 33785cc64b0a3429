"""Put a freshly built site in place of site/ so that a complete site/ exists at every instant.

Builds in one course folder take turns (a lock file, `flock`); each builds into a staging folder
of its own (`.site-build-<unique>`), so a second build can neither delete nor half-overwrite the
first one's. The swap exchanges the staging folder and site/ in one step where the system can
(Linux `renameat2(RENAME_EXCHANGE)`). Elsewhere it takes two renames, site/ to `.site-old-<unique>`
and the new folder to site/; a build killed between them leaves the complete old site under its
`.site-old-` name, and the next build, holding the lock, puts it back before it does anything else.

Whatever the system refuses (a full disk, a read-only or immutable folder) comes back as an OSError;
`trouble` turns it into the one line the build prints: the file or folder, what happened, what to do.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import errno
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
    try:
        fresh.rename(target)
    except OSError:
        # Refused (a full disk or quota can refuse even a rename): the last good site goes back at once;
        # should that fail too, `recover` puts it back at the next build, and `trouble` says so.
        with contextlib.suppress(OSError):
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux 3.15+, glibc 2.28+); False where the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None or os.environ.get("COURSESITE_NO_EXCHANGE"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


# What an organizer reads for each refusal of the system: what happened, and what to do about it.
_REFUSALS = {
    errno.ENOSPC: ("the disk is full",
                   "free space on that disk (a build needs about as much again as site/ holds), then build again"),
    errno.EDQUOT: ("your disk quota is used up", "free space within your quota, then build again"),
    errno.EROFS: ("the file system is read-only",
                  "build a copy of the course folder on a writable disk, or have the disk mounted read-write"),
    errno.EACCES: ("permission denied",
                   "make the folder writable for you (chmod u+w), or build a copy of the course folder in a folder "
                   "of your own"),
    errno.EPERM: ("not permitted (the folder or a file in it is marked immutable or append-only)",
                  "remove the mark (lsattr -d shows it, chattr -i removes it, as root) or ask whoever runs the machine"),
    errno.EBUSY: ("it is in use (a mount point, or held open by another program)",
                  "close what uses it, or publish the site somewhere else"),
}


_ANY_FIX = "check the disk (its space, its permissions, its health), then build again"


def happened(exc: OSError) -> str:
    """What the system's refusal `exc` means, in the organizer's words (its own wording for a rarer one)."""
    return _REFUSALS.get(exc.errno or 0, (exc.strerror or str(exc), ""))[0]


def usual(exc: OSError) -> bool:
    """Whether `exc` is one of the refusals the messages page explains one by one (else: check the disk)."""
    return exc.errno in _REFUSALS


def full(exc: OSError) -> bool:
    """Whether `exc` says there is no room left (the disk, or the quota), which freeing space mends."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


@dataclasses.dataclass(frozen=True)
class Trouble:
    """Why a build could not write or replace the site: the path the organizer knows, what happened, what to do."""

    path: Path
    folder: bool
    """Whether `path` is a folder (site/ counts as one also while it is set aside)."""
    what: str
    fix: str
    kept: str
    """What became of the last good site: `site/ is unchanged`, or where it waits for the next build."""


def trouble(exc: OSError, root: Path) -> Trouble:
    """The refusal `exc` met while building in the course folder `root`, as the organizer can act on it.

    The build's own files (lock, staging and set-aside folders) are named as the course folder that holds them:
    they are gone when the message is read, and it is that folder that is full, read-only or not writable."""
    named = [Path(os.fsdecode(name)) for name in (exc.filename, exc.filename2) if isinstance(name, str | bytes)]
    path = next((p for p in named if not _ours(p, root)), root)
    what, fix = happened(exc), _REFUSALS.get(exc.errno or 0, ("", _ANY_FIX))[1]
    target = root / SITE
    olds = sorted(root.glob(OLD + "*"), key=lambda p: p.stat().st_mtime)
    if target.exists():
        kept = "site/ is unchanged"
    elif olds:
        kept = f"the last site is kept as {olds[-1].name}, and the next build puts it back as site/"
    else:
        kept = "no site/ was written"
    folder = path.is_dir() or path.absolute() == target.absolute()
    return Trouble(path, folder, what, fix, kept)


def _ours(path: Path, root: Path) -> bool:
    """Whether `path` is the lock, a staging or a set-aside folder of `root`, or inside one."""
    try:
        first = path.absolute().relative_to(root.absolute()).parts[:1]
    except ValueError:
        return False
    return bool(first) and (first[0] == LOCK or first[0].startswith((STAGING, OLD)))
