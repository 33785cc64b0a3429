"""A page's entries in Material's search index, made once per content: a build indexes only the pages that changed.

Material's search plugin reads every page's HTML with Python's HTMLParser on every build, and on a rebuild of the
seed that cost as much as rendering the pages MkDocs had to render again; in a course of 50 sessions and 200
participants it is a fifth of the build. Its entries for a page depend only on the page's HTML, its table of
contents, its address, its title and front matter (`SearchIndex.create_entry_for_section` reads nothing else; its
settings apply when the index is written) and on the installed code, so the plugin keeps each page's entries under a
key of those: in this process (`mkdocs serve`), and between builds in the per-user private folder (`kept`), with
this user's mark over key and entries (`seal`). A page whose key is the same gets the kept entries instead of being
parsed again. The index written is the one Material would write.

`use` does this to the search index of a build (the plugin's on_pre_build, after the search plugin's on_config made
it); without Material's search plugin, or with one that keeps its index another way, it changes nothing. `store`
keeps what a build that succeeded indexed.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from . import kept, seal

FOLDER = "coursesite-search"
KEEP = 2048
"""Pages' entries kept between builds, the newest: the sites built lately (as `rendered.KEEP`; a personal page of
50 sessions 70 kB)."""

_NEW: dict[Path, bytes] = {}
"""The entries this build made, to keep once it succeeded (`store`)."""

_KEPT: dict[str, tuple[bytes, list[dict[str, Any]]]] = {}
"""The entries of each page (by src_uri) last indexed in this process, under the key they were made with."""


def _toc(items: Any) -> list[Any]:
    return [[item.id, item.url, item.title, item.level, _toc(item.children)] for item in items]


def _key(page: Page) -> bytes:
    made_from = [page.url, page.title, json.dumps(page.meta, sort_keys=True, default=repr), _toc(page.toc), page.content]
    return hashlib.sha256(json.dumps(made_from).encode() + kept.tools()).digest()


def use(config: MkDocsConfig) -> bool:
    """Give this build's search index the kept entries of pages that did not change; False if there is no index."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index: Any = getattr(plugin, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if not isinstance(getattr(index, "entries", None), list) or add is None:
        return False

    folder = kept.folder(FOLDER)
    _NEW.clear()

    def add_entry_from_context(page: Page) -> None:
        key = _key(page)
        found = _KEPT.get(page.file.src_uri)
        if found is None or found[0] != key:
            found = _read(folder, key)
        if found is not None:
            index.entries.extend(copy.deepcopy(found[1]))
            _KEPT[page.file.src_uri] = found
            return
        start = len(index.entries)
        add(page)
        made = copy.deepcopy(index.entries[start:])
        _KEPT[page.file.src_uri] = key, made
        if folder is not None:
            _NEW[folder / f"{key.hex()}.json"] = seal.sealed(key, json.dumps(made, default=str).encode())  # as Material writes them

    index.add_entry_from_context = add_entry_from_context
    return True


def _read(folder: Path | None, key: bytes) -> tuple[bytes, list[dict[str, Any]]] | None:
    content = None if folder is None else kept.opened(folder / f"{key.hex()}.json", key)
    try:
        entries = None if content is None else json.loads(content)
    except ValueError:
        return None
    return (key, entries) if isinstance(entries, list) else None


def store() -> None:
    """After a build that succeeded: keep the entries it made for the builds after it."""
    kept.store(dict(_NEW), KEEP)
    _NEW.clear()
