"""`mkdocs serve` notices a saved file when it is saved: the system's file events instead of MkDocs' polling.

MkDocs 1.6's LiveReloadServer watches with watchdog's PollingObserver, which compares the watched trees
every 0.5 s (MkDocs chose it for network mounts and containers, where file events may not arrive): a saved
course.yaml waited up to half a second before its rebuild began, longer than the seed's rebuild itself.
Before the server starts, `use_file_events` hands its watches to watchdog's observer for this system
(inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows) through the server's own
`watch`/`unwatch`, so MkDocs still decides what a change means and when to rebuild; and, since events now
come as the file is saved, shortens MkDocs' wait for a save's last event (`SETTLE`). Where the system has
no file events, or they cannot be started (inotify limits), the server keeps its polling.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent,
                                        FileMovedEvent]
"""The events that say a file's content may differ. Not opening or reading a file: the build reads docs/,
and MkDocs rebuilds on any event of a watched file, so those would start a rebuild after every rebuild."""

SETTLE = 0.02
"""Seconds without a further event before the rebuild starts (MkDocs' `build_delay`, 0.1 s). One save is a few
events microseconds apart (truncate, write, close; or write a new file, rename it over the old); 0.1 s is
a fifth of the seed's whole preview budget. Events that come during a rebuild start one more afterwards."""


class _Changes(Observer):  # type: ignore[misc, valid-type]  # watchdog's observer for this platform, chosen at import
    """The platform's observer, reporting only changes to a file (MkDocs' `watch` asks for every event)."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, *, recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None, follow_symlink: bool = False) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)


def _starts(folder: Path) -> bool:
    """Whether file events can be had here: a watch of `folder` starts and stops (inotify has per-user limits)."""
    probe = _Changes()
    try:
        probe.schedule(FileSystemEventHandler(), str(folder))
        probe.start()
    except Exception:  # noqa: BLE001 - whatever the system refuses, polling still works
        return False
    finally:
        with contextlib.suppress(Exception):
            probe.stop()
            probe.join(timeout=5)
    return True


def use_file_events(server: Any, watched: Iterable[str | Path], folder: Path) -> bool:
    """Move the watches of MkDocs' not yet started server (`watched`: those it made before the plugins' on_serve)
    to the system's file events; later `server.watch` calls go there too. False (nothing changed) when
    the server does not poll, is running already, or file events cannot be had for `folder`."""
    polling = getattr(server, "observer", None)
    if not isinstance(polling, PollingObserver) or polling.is_alive() or issubclass(_Changes, PollingObserver):
        return False
    if not _starts(folder):
        return False
    moved = []
    for path in dict.fromkeys(str(p) for p in watched if p):
        try:
            server.unwatch(path)
        except KeyError:  # not watched (--watch-theme not given)
            continue
        moved.append(path)
    events: BaseObserver = _Changes()
    server.observer = events
    for path in moved:
        server.watch(path)
    if hasattr(server, "build_delay"):
        server.build_delay = min(server.build_delay, SETTLE)
    return True
