"""The engine exit: ProperDocs (MkDocs' maintained fork) builds the seed course exactly as MkDocs does.

Material for MkDocs is in maintenance until 5 May 2027 and MkDocs 2 drops plugins; the README says how to
switch (`make build ENGINE=properdocs`). This builds the seed both ways, each in a process of its own as
`make build` runs it, and compares every file of the two sites.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import copy_course, file_digests

pytestmark = pytest.mark.slow  # two whole builds of their own

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def built(root, engine: str) -> dict[str, bytes]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COURSESITE_ENGINE=engine,
               COURSESITE_STAMP_DATE="2023-10-20", COURSESITE_VERSION="abc1234")
    result = subprocess.run([sys.executable, "-m", "coursesite", "build"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return {name: (root / "site" / name).read_bytes() for name in file_digests(root / "site")}


def test_properdocs_builds_every_page_as_mkdocs_does(tmp_path):
    """Same files, byte for byte, apart from the generator tag, which names ProperDocs in the one and MkDocs in the other."""
    mkdocs = built(copy_course(tmp_path / "mkdocs"), "mkdocs")
    properdocs = built(copy_course(tmp_path / "properdocs"), "properdocs")
    assert sorted(properdocs) == sorted(mkdocs)
    pages = [name for name in mkdocs if name.endswith(".html")]
    assert len(pages) >= 25
    for name in pages:
        (theirs,), (ours,) = GENERATOR.findall(mkdocs[name]), GENERATOR.findall(properdocs[name])
        assert b'content="mkdocs-1.6' in theirs and b"ProperDocs" not in theirs, name
        assert b'content="mkdocs-ProperDocs 1.6' in ours, name
    different = [name for name in mkdocs if GENERATOR.sub(b"", mkdocs[name]) != GENERATOR.sub(b"", properdocs[name])]
    assert different == []
