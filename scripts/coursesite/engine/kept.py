"""The handout PDF kept between builds by the digest of everything Typst is given (`pdf.Typesetting`).

Typesetting is the slowest step of making a course's files (0.06 s for the seed, 0.9 s for 50 sessions and 200
participants, more than the rest of them together), and most builds change nothing the handout shows. Typst's
output depends only on what the digest covers, so a kept entry is the file a new run would write.

The entries live in the per-user private temp folder where Jinja keeps the compiled templates (`folder`: created
0700 and checked to be this user's), not in the course folder: a file there can come with a pull request or a CI
cache, and it would be published as the handout unseen. A new entry is written once the build (or a `check`) has
succeeded (`store`); a cache that cannot be read or written costs only the time.

Page renders are kept there the same way (`rendered`), in a folder of their own (`folder`, `read`, `store`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import sysconfig
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import cache
from ..exports import pdf
from ..model import Course
from ..sources.stamp import Stamp
from . import seal

KEEP = 32
"""Handouts kept, the newest (0.1-0.3 MB each): the courses and stamps built lately."""

HANDOUTS = "coursesite-handouts"


def folder(name: str = HANDOUTS) -> Path | None:
    """Where entries of one kind are kept: below Jinja's private per-user temp folder; None where there is none."""
    private = cache.private_folder()
    return None if private is None else private / name


def read(entry: Path) -> bytes | None:
    """A kept entry's bytes (it becomes the newest, `store`), or None."""
    try:
        found = entry.read_bytes()
        os.utime(entry)
    except OSError:
        return None
    return found


def opened(entry: Path, key: bytes) -> bytes | None:
    """A kept entry's content, when this user's mark over it and `key` holds (`seal.sealed`); else None."""
    data = read(entry)
    return None if data is None else seal.opened(key, data)


@functools.cache
def tools() -> bytes:
    """A digest of what makes pages besides their input: Python, every installed distribution with its version
    (Markdown and its extensions, Pygments, MkDocs, Material, nh3) and this package's code (the allow-list)."""
    made = hashlib.sha256(sys.version.encode())
    for folder in sorted(installed()):
        try:
            made.update(json.dumps(sorted(name for name in os.listdir(folder) if name.endswith(".dist-info"))).encode())
        except OSError:
            made.update(folder.encode())
    package = Path(__file__).parents[1]
    for source in sorted(package.rglob("*.py")):
        made.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return made.digest()


def installed() -> set[str]:
    """The folders of the installed distributions."""
    paths = sysconfig.get_paths()
    return {os.path.realpath(paths["purelib"]), os.path.realpath(paths["platlib"])}


def handout_pdf(course: Course, stamp: Stamp, folder: Path | None, new: dict[Path, bytes]) -> bytes:
    """`pdf.handout_pdf`, read from the cache in `folder` (`folder()`; None: no cache) when it was typeset from
    equal input; a handout typeset now is added to `new`, for `store`."""
    return handout_soon(course, stamp, folder, new)()


def handout_soon(course: Course, stamp: Stamp, folder: Path | None, new: dict[Path, bytes]) -> Callable[[], bytes]:
    """`handout_pdf` begun: what is not in the cache is typeset in a thread of its own while the caller goes on
    (typst-py lets go of Python's lock as it compiles, so on a second core a preview's rebuild makes its pages
    meanwhile). Calling the result waits for the bytes, or raises what `handout_pdf` would have raised.

    The handout's data (citations, labels) is made in the caller's thread: only Typst runs in the other."""
    try:
        job = pdf.typesetting(course, stamp)
        entry = None if folder is None else folder / f"{job.digest()}.pdf"
    except Exception as exc:  # noqa: BLE001 - raised when the bytes are asked for, as handout_pdf raises it
        error = exc

        def failed() -> bytes:
            raise error
        return failed
    found = None if entry is None else read(entry)
    if found is not None:
        return lambda: found
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handout")
    typesetting = pool.submit(job.run)
    pool.shutdown(wait=False)

    def made() -> bytes:
        pdf_bytes = typesetting.result()
        assert isinstance(pdf_bytes, bytes)
        if entry is not None:
            new[entry] = pdf_bytes
        return pdf_bytes
    return made


def store(new: dict[Path, bytes], keep: int | None = None) -> None:
    """Keep what `handout_pdf` typeset (or other entries); in each folder written to, the oldest entries of that
    kind (name ending) beyond `keep` (handouts: `KEEP`) go."""
    keep = KEEP if keep is None else keep
    written: set[tuple[Path, str]] = set()
    for entry, content in new.items():
        try:
            cache.whole(entry, content, folder_mode=0o700)
            written.add((entry.parent, entry.suffix))
        except OSError:
            pass
    for parent, suffix in written:
        try:
            entries = [(path.stat().st_mtime, path) for path in parent.glob(f"*{suffix}")]
            if len(entries) > keep:
                for _, stale in sorted(entries, reverse=True)[keep:]:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # another build pruned first
