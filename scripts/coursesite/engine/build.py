"""Run MkDocs in this process for `coursesite build`: the course loaded once, MkDocs' problems as plain lines.

MkDocs reads the mkdocs.yml of the course folder or, when the folder has none, the nearest one above
it (the repository's: a course folder holds only the course); the coursesite plugin found there is
handed the course that `coursesite build` has loaded and reported already, so validation runs once. What
organizers need from MkDocs is its warnings and errors: a logging handler prints those, one line
each, and leaves out its progress lines (shown with --verbose).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import yaml_load

from ..course.load import Loaded
from ..errors import place
from ..sources.yamlsource import Located, session_names
from .plugin import FOLDER_VARIABLE, CoursePlugin
from .site import Made

CONFIG_FILE = "mkdocs.yml"
# MkDocs logs an error that stopped a page before it re-raises it; for a refusal of the system (errno) that is
# a second line saying what the build's own message says.
_QUOTED = re.compile(r"'([^']+)'")
_ECHOED_OS_ERROR = re.compile(r"Error (?:building|reading) page '[^']*': \[Errno \d+\]")


def config_file(folder: Path) -> Path | None:
    """The mkdocs.yml that applies to a course folder: its own, else the nearest one above it."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
    return None


def _config_or_explain(root: Path, stream: TextIO, kind: str = "error") -> Path | None:
    found = config_file(root)
    if found is None:
        print(f"{kind}: there is no {CONFIG_FILE} in {root} or any folder above it; keep the course folder "
              f"inside the repository, or copy the repository's {CONFIG_FILE} and docs/ into it", file=stream)
    return found


def _docs_missing(found: Path, stream: TextIO, kind: str = "error") -> bool:
    """Whether the docs folder that mkdocs.yml names is missing (after saying so in one line): it holds the
    site's stylesheets and scripts, and a copied mkdocs.yml without it gets two lines from MkDocs and no fix."""
    try:
        with found.open(encoding="utf-8") as file:
            written = yaml_load(file)  # MkDocs' own reader (its !ENV and !relative tags)
    except Exception:  # noqa: BLE001 - MkDocs reports an unreadable mkdocs.yml in its own words
        return False
    name = written.get("docs_dir", "docs") if isinstance(written, dict) else "docs"
    docs = found.parent / str(name)
    if docs.is_dir():
        return False
    print(f"{kind}: {found}: docs_dir {name} is not a folder next to it ({docs}); copy the repository's {name}/ "
          "there: it holds the site's stylesheets and scripts", file=stream)
    return True


def settings(root: Path, stream: TextIO, site_dir: Path | None = None, kind: str = "error") -> MkDocsConfig | None:
    """The settings that build the course folder `root` (its mkdocs.yml, or the nearest above it) as MkDocs
    reads them; None after saying in a line each why they cannot build it (`kind`: error, or warning for
    `check`, which `render` for other engines does not need them for)."""
    found = _config_or_explain(root, stream, kind)
    if found is None or _docs_missing(found, stream, kind):
        return None
    try:
        # MkDocs reads a relative site_dir from mkdocs.yml's folder
        config = load_config(str(found), strict=True, **({} if site_dir is None else {"site_dir": str(site_dir.resolve())}))
    except (ConfigurationError, Abort) as exc:
        print(f"{kind}: {found}: {exc}", file=stream)
        return None
    if not isinstance(config.plugins.get("coursesite"), CoursePlugin):
        print(f"{kind}: {found} does not use the coursesite plugin; add `- coursesite` under "
              "`plugins:` (see the README)", file=stream)
        return None
    return config


@contextlib.contextmanager
def _lines(stream: TextIO, level: int, source: Located | None = None) -> Iterator[None]:
    """MkDocs' log records printed as `_Lines` while the block runs, and only there."""
    logger = logging.getLogger("mkdocs")
    handler = _Lines(stream, level, source)
    old_level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # the handler shows them; Python's last resort would repeat them
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = propagate


def check_settings(root: Path, stream: TextIO | None = None) -> bool:
    """For `check`: whether the mkdocs.yml that applies to the course folder `root` can build it; else a warning
    line each (the build refuses them). Without any mkdocs.yml there is nothing to check: the course may be
    rendered for another site engine (`render`), and `build` says in one line what it lacks."""
    if config_file(root) is None:
        return True
    stream = stream or sys.stderr
    with _lines(stream, logging.WARNING):
        return settings(root, stream, kind="warning") is not None


class _Lines(logging.Handler):
    """MkDocs' log records as `WARNING -  text` lines, the format `mkdocs build` uses.

    With the course's source: a warning that quotes text of course.yaml (a link MkDocs could not follow) also
    names the place it was written, as `check` names places: `check` should have refused it, and the organizer
    must learn which field to change, not which generated page MkDocs saw it in."""

    def __init__(self, stream: TextIO, level: int, source: Located | None = None):
        super().__init__(level)
        self.stream = stream
        self.source = source

    def _origin(self, message: str) -> str:
        if self.source is None:
            return ""
        # The last quoted text first: MkDocs names the page before the link in it.
        for quoted in reversed(_QUOTED.findall(message)):
            path = self.source.written(quoted) if len(quoted) > 2 else None
            if path is not None:
                where = place(path, session_names(self.source.data))
                return f" (from {self.source.file}:{self.source.line(path)}: {where}; change it there)"
        return ""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if _ECHOED_OS_ERROR.match(record.getMessage()):
                return  # MkDocs re-raises it, and `coursesite build` reports it as its one line
            origin = self._origin(record.getMessage()) if record.levelno >= logging.WARNING else ""
            lines = record.getMessage().splitlines()  # a problem per line (several failing notebooks)
            for n, line in enumerate(lines, 1):
                print(f"{record.levelname:<8}-  {line}{origin if n == len(lines) else ''}", file=self.stream)
        except Exception:  # a broken pipe must not turn into a second error
            self.handleError(record)


def build(root: Path, loaded: Loaded, site_dir: Path, verbose: bool = False, stream: TextIO | None = None,
          made: Made | None = None) -> bool:
    """Build the site of the course folder `root` into `site_dir`, strictly; False (problems printed) on failure.

    `made`: the course's files, made and checked already (`site.make`), so that MkDocs does not make them again."""
    stream = stream or sys.stderr
    with _lines(stream, logging.DEBUG if verbose else logging.WARNING, loaded.source):
        config = settings(root, stream, site_dir)
        if config is None:
            return False
        plugin = config.plugins["coursesite"]
        assert isinstance(plugin, CoursePlugin)
        plugin.use(loaded, made)
        try:
            mkdocs_build(config)
        except Abort as exc:
            if "BuildError" not in str(exc):  # that one's cause was logged above as an ERROR line
                print(f"ERROR   -  {exc}", file=stream)
            return False
        return True


def serve(root: Path, address: str | None = None, stream: TextIO | None = None) -> bool:
    """Preview the course folder `root` at http://127.0.0.1:8000, rebuilt on every change (until Ctrl-C)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    stream = stream or sys.stderr
    found = _config_or_explain(root, stream)
    if found is None:
        return False
    # MkDocs reads mkdocs.yml again for every rebuild, so the folder travels in the environment.
    os.environ[FOLDER_VARIABLE] = str(root.resolve())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(_Lines(stream, logging.INFO))
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        if address:
            mkdocs_serve(str(found), dev_addr=address)
        else:
            mkdocs_serve(str(found))
    except (ConfigurationError, Abort) as exc:
        print(f"error: {exc}", file=stream)
        return False
    return True
