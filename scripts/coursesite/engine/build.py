"""Run MkDocs in this process for `coursesite build`: the course loaded once, MkDocs' problems as plain lines.

MkDocs reads the mkdocs.yml of the course folder or, when the folder has none, the nearest one above
it (the repository's: a course folder holds only the course); the coursesite plugin found there is
handed the course that `coursesite build` has loaded and reported already, so validation runs once. What
organizers need from MkDocs is its warnings and errors: a logging handler prints those, one line
each, and leaves out its progress lines (shown with --verbose).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import TextIO

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

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


def _config_or_explain(root: Path, stream: TextIO) -> Path | None:
    found = config_file(root)
    if found is None:
        print(f"error: there is no {CONFIG_FILE} in {root} or any folder above it; keep the course folder "
              "inside the repository, or copy the repository's mkdocs.yml into it", file=stream)
    return found


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
    logger = logging.getLogger("mkdocs")
    handler = _Lines(stream, logging.DEBUG if verbose else logging.WARNING, loaded.source)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False  # the handler above shows them; Python's last resort would repeat them
    try:
        found = _config_or_explain(root, stream)
        if found is None:
            return False
        try:
            config = load_config(str(found), site_dir=str(site_dir.resolve()), strict=True)  # MkDocs reads a relative one from mkdocs.yml's folder
        except (ConfigurationError, Abort) as exc:
            print(f"error: {found}: {exc}", file=stream)
            return False
        plugin = config.plugins.get("coursesite")
        if not isinstance(plugin, CoursePlugin):
            print(f"error: {found} does not use the coursesite plugin; add `- coursesite` under "
                  "`plugins:` (see the README)", file=stream)
            return False
        plugin.use(loaded, made)
        try:
            mkdocs_build(config)
        except Abort as exc:
            if "BuildError" not in str(exc):  # that one's cause was logged above as an ERROR line
                print(f"ERROR   -  {exc}", file=stream)
            return False
        return True
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


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
