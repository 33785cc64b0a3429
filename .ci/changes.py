"""Say whether a push changed only course files: `code=false` (short publishing path) or `code=true`.

Reads the changed paths, one per line, on stdin and the course-file patterns (one glob per line)
from the COURSE_FILES environment variable, which deploy.yml sets. Any path outside the patterns,
or no list at all (a first push, a forced push), counts as a code change: the full suite runs.
"""

from __future__ import annotations

import fnmatch
import os
import sys


def course_only(changed: list[str], patterns: list[str]) -> bool:
    return bool(changed) and all(any(fnmatch.fnmatchcase(path, p) for p in patterns) for path in changed)


if __name__ == "__main__":
    patterns = [line.strip() for line in os.environ.get("COURSE_FILES", "").splitlines() if line.strip()]
    changed = [line.strip() for line in sys.stdin if line.strip()]
    print(f"code={'false' if course_only(changed, patterns) else 'true'}")
