"""The loader starts git only where git could find a repository (sources/gitrepo.py): the answer without git is
the answer git gives."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from coursesite.sources import gitrepo
from coursesite.sources.stamp import current


def git_finds_a_repository(folder: Path) -> bool:
    return subprocess.run(["git", "rev-parse", "--git-dir"], cwd=folder, capture_output=True).returncode == 0


def test_git_is_left_out_only_where_it_finds_no_repository(tmp_path, monkeypatch):
    """Outside a repository, in one, below one, through a link, in a bare repository: as git sees it; GIT_DIR wins."""
    monkeypatch.delenv("GIT_DIR", raising=False)
    outside = tmp_path / "outside" / "course"
    outside.mkdir(parents=True)
    if git_finds_a_repository(outside):
        pytest.skip("the temporary folder is inside a git repository")
    repo = tmp_path / "repo"
    below = repo / "courses" / "ws2023"
    below.mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    link = tmp_path / "link"
    link.symlink_to(below, target_is_directory=True)
    for folder in (outside, repo, below, bare, link):
        assert gitrepo.possible(folder) is git_finds_a_repository(folder), folder
    assert gitrepo.possible(outside) is False
    assert current(outside).version == "unversioned"
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    assert gitrepo.possible(outside) is True
