"""The handout PDF kept between builds by the digest of everything Typst is given (`pdf.Typesetting`).

Typesetting is the slowest step of making a course's files (0.06 s for the seed, 0.9 s for 50 sessions and 200
participants, more than the rest of them together), and most builds change nothing the handout shows. Typst's
output depends only on what the digest covers, so a kept entry is the file a new run would write.

The entries live in the per-user private temp folder where Jinja keeps the compiled templates (`folder`: created
0700 and checked to be this user's), not in the course folder: a file there can come with a pull request or a CI
cache, and it would be published as the handout unseen. A new entry is written once the build has succeeded
(`store`); a cache that cannot be read or written costs only the time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..exports import pdf
from ..model import Course
from ..render import pages
from ..sources.stamp import Stamp

KEEP = 32
"""Entries kept, the newest (0.1-0.3 MB each): the courses and stamps built lately."""


def folder() -> Path | None:
    """Where the entries are kept: below Jinja's private per-user temp folder; None where there is none."""
    private = pages.private_folder()
    return None if private is None else private / "coursesite-handouts"


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
    try:
        if entry is not None:
            found = entry.read_bytes()
            os.utime(entry)  # the newest stay (`store`)
            return lambda: found
    except OSError:
        pass
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


def store(new: dict[Path, bytes]) -> None:
    """Keep what `handout_pdf` typeset; the oldest entries beyond `KEEP` go."""
    for entry, content in new.items():
        try:
            entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Whole or not at all, and this process's own part: two builds may run at once.
            part = entry.with_name(f"{entry.name}.{os.getpid()}.part")
            part.write_bytes(content)
            os.replace(part, entry)
            newest = sorted(entry.parent.glob("*.pdf"), key=lambda path: path.stat().st_mtime, reverse=True)
            for stale in newest[KEEP:]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass
