"""A page's entries in Material's search index, made once per content: `mkdocs serve` indexes only what a save changed.

Material's search plugin reads every page's HTML with Python's HTMLParser on every build, and on a rebuild of the
seed that cost as much as rendering the pages MkDocs had to render again. Its entries for a page depend only on
the page's HTML, its table of contents, its address, its title and front matter (`SearchIndex.create_entry_for_section`
reads nothing else; its settings apply when the index is written), so the plugin keeps each page's entries in this
process under a key of those, and gives a page whose key is the same the kept entries instead of parsing it again.
The index written is the one Material would write.

`use` does this to the search index of a build (the plugin's on_pre_build, after the search plugin's on_config made
it); without Material's search plugin, or with one that keeps its index another way, it changes nothing.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

_KEPT: dict[str, tuple[bytes, list[dict[str, Any]]]] = {}
"""The entries of each page (by src_uri) last indexed in this process, under the key they were made with."""


def _toc(items: Any) -> list[Any]:
    return [[item.id, item.url, item.title, item.level, _toc(item.children)] for item in items]


def _key(page: Page) -> bytes:
    made_from = [page.url, page.title, json.dumps(page.meta, sort_keys=True, default=repr), _toc(page.toc), page.content]
    return hashlib.sha256(json.dumps(made_from).encode()).digest()


def use(config: MkDocsConfig) -> bool:
    """Give this build's search index the kept entries of pages that did not change; False if there is no index."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index: Any = getattr(plugin, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if not isinstance(getattr(index, "entries", None), list) or add is None:
        return False

    def add_entry_from_context(page: Page) -> None:
        key = _key(page)
        kept = _KEPT.get(page.file.src_uri)
        if kept is not None and kept[0] == key:
            index.entries.extend(copy.deepcopy(kept[1]))
            return
        start = len(index.entries)
        add(page)
        _KEPT[page.file.src_uri] = key, copy.deepcopy(index.entries[start:])

    index.add_entry_from_context = add_entry_from_context
    return True
