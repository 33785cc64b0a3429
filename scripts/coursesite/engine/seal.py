"""A mark that only this user's own builds can put on what they keep in a course folder's `.cache/`.

A finished notebook page in the cache is published as it is, without the sanitizer's pass (that pass is what
the cache saves). The folder is not private: a `.cache/` file can arrive with a pull request (`git add -f`) or
from a CI cache that pipelines of other branches write, and the cache key is computable from public input, so
an entry could carry a script into the site unseen. Each kept page therefore carries an HMAC-SHA256 under a
secret that lives in this user's private temp folder (Jinja's, created 0700 and checked to be this user's);
an entry without a valid mark is made again from the notebook, as if it were missing. Where there is no private
folder, nothing is ever trusted and every page is made afresh: only time is lost.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets

from .. import cache

_KEY = "coursesite-seal.key"


@functools.cache
def _key() -> bytes | None:
    """This user's secret, made once (atomically: concurrent builds all read the one that was published first)."""
    private = cache.private_folder()
    if private is None:
        return None
    final = private / _KEY
    try:
        key = final.read_bytes()
    except FileNotFoundError:
        part = final.with_name(f"{_KEY}.{os.getpid()}.part")
        try:
            descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_bytes(32))
            try:
                os.link(part, final)  # whole or not at all; another build's key wins if it was first
            except FileExistsError:
                pass
            finally:
                part.unlink(missing_ok=True)
            key = final.read_bytes()
        except OSError:
            return None
    except OSError:
        return None
    return key if len(key) == 32 else None


def mark(content: bytes) -> str:
    """The mark of `content`; empty (never valid) where this user has no secret."""
    key = _key()
    return "" if key is None else hmac.new(key, content, hashlib.sha256).hexdigest()


def valid(content: bytes, claimed: object) -> bool:
    """Whether `claimed` is the mark this user's builds give `content`."""
    expected = mark(content)
    return bool(expected) and isinstance(claimed, str) and hmac.compare_digest(expected, claimed)


def sealed(key: bytes, content: bytes) -> bytes:
    """`content` as it is kept under `key` (a digest of what it was made from): this user's mark over both, a line,
    then the content."""
    return mark(key + content).encode() + b"\n" + content


def opened(key: bytes, data: bytes) -> bytes | None:
    """The content of what `sealed` kept under `key`; None unless its mark is this user's over both (an entry made
    for other input, or by anyone else, is as good as missing)."""
    claimed, _, content = data.partition(b"\n")
    return content if valid(key + content, claimed.decode("ascii", "replace")) else None
