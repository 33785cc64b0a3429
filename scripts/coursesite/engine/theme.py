"""The theme's Jinja environment as MkDocs makes it, without the two costs it pays again on every build.

Each build (each rebuild of `mkdocs serve`, which loads mkdocs.yml afresh) asks `Theme.get_env` for a new
environment, and before any plugin could step in:
- MkDocs lists every file of the theme's folders to find its static files (`Files.add_files_from_theme`):
  Material's hold 14,000 icons in `.icons/`, which that listing then drops one by one by name (no path with a
  hidden part is copied). Here the listing does not go into hidden folders: the same files come out, a
  tenth of a second sooner.
- Templates are compiled anew, those that Material's search plugin reads in its on_config as well as the
  page templates. Here the environment keeps compiled templates on disk between builds (`pages.bytecode_cache`,
  as the course's own templates do); a template whose source changed is compiled again.
`use` puts this in place on the configuration's theme (the plugin's on_config), so Material's plugins get it too.
`with_feature` gives one page a Material feature flag that the others do not have.
"""

from __future__ import annotations

import json
import os
from typing import Any

import jinja2
from mkdocs.theme import Theme

from ..render import pages


class _Loader(jinja2.FileSystemLoader):
    """Jinja's loader for the theme folders, listing what is outside hidden folders only."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                base = os.path.relpath(dirpath, searchpath).replace(os.path.sep, "/")
                found.update(name if base == "." else f"{base}/{name}" for name in filenames)
        return sorted(found)


def use(theme: Theme) -> None:
    """Make `theme.get_env` (MkDocs' own, called by MkDocs and the plugins) list and load as said above."""
    make = theme.get_env
    if getattr(make, "_coursesite", False):
        return

    def get_env() -> jinja2.Environment:
        env = make()
        loader = env.loader
        assert isinstance(loader, jinja2.FileSystemLoader)
        env.loader = _Loader(loader.searchpath, loader.encoding, loader.followlinks)
        if env.bytecode_cache is None:
            env.bytecode_cache = pages.bytecode_cache()
        return env

    kept: Any = get_env
    kept._coursesite = True
    theme.get_env = kept  # type: ignore[method-assign]


_CONFIG = '<script id="__config" type="application/json">'
_FEATURES = '"features": ['


def with_feature(page_html: str, flag: str) -> str:
    """The page with one more of Material's feature flags (mkdocs.yml's theme.features) for this page alone.

    Material's script reads the flags from the page's own `__config` (base.html writes it, with Jinja's tojson, at
    the end of the body), so a flag can differ from page to page without a second theme configuration.
    """
    at = page_html.rfind(_CONFIG)
    start = page_html.find(_FEATURES, at) + len(_FEATURES) if at >= 0 else -1
    if start < len(_FEATURES) or page_html.find("</script>", at) < start:
        return page_html
    listed = "" if page_html.startswith("]", start) else ", "
    return page_html[:start] + json.dumps(flag) + listed + page_html[start:]
