"""MkDocs hook: glue between MkDocs and the coursesite package (no logic of its own).

on_config validates course.yaml and papers.bib before MkDocs cleans site/, so a
broken input never costs the last good site; on_files adds the generated pages
and downloads as in-memory files.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from coursesite import site  # noqa: E402
from coursesite.errors import CourseError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.coursesite")
# Course warnings (e.g. an unbalanced rotation) must not fail `mkdocs build --strict`,
# so they go to a logger outside MkDocs' warning counter.
notes = logging.getLogger("coursesite")

_build: dict = {}  # the loaded course, kept between the events of one build


def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        loaded = site.load_course(root)
    except CourseError as exc:
        raise PluginError(str(exc)) from None
    site.pin_build_date(root)
    for warning in loaded.warnings:
        notes.warning("WARNING -  %s", warning)
    _build["loaded"] = loaded
    site.configure(config, loaded.course)
    return config


def on_files(files: Files, config) -> Files:
    loaded = _build["loaded"]
    for src_uri, content in site.generated_files(loaded).items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} would hide a generated page; rename or delete docs/{src_uri}")
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_context(context, page, config, nav):
    site.protect_title(page)
    return context
