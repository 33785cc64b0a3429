"""MkDocs hook: glue between MkDocs and the coursesite package (no logic of its own).

on_config validates course.yaml and papers.bib before MkDocs cleans site/, so a
broken input never costs the last good site; on_files adds the generated pages
and downloads as in-memory files.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from coursesite import site, stamp  # noqa: E402
from coursesite.errors import CourseError  # noqa: E402

# Course warnings (e.g. an unbalanced rotation) must not fail `mkdocs build --strict`,
# so they go to a logger outside MkDocs' warning counter.
notes = logging.getLogger("coursesite")

_build: dict = {}  # the loaded course and its stamp, kept between the events of one build


# Before the plugins' on_config (default priority 0): the search plugin reads the theme's
# language there, so a German course gets German search stemming.
@event_priority(50)
def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        loaded = site.load_course(root)
    except CourseError as exc:
        raise PluginError(str(exc)) from None
    # One stamp per build: it asks git, and the footer, calendars, handout and sitemap all show it.
    when = stamp.current(root)
    site.pin_build_date(when.date)
    # `python -m coursesite build` has printed them already before starting MkDocs.
    if not os.environ.get("COURSESITE_WARNINGS_SHOWN"):
        for warning in loaded.warnings:
            notes.warning("WARNING -  %s", warning)
    _build.update(loaded=loaded, stamp=when)
    site.configure(config, loaded.course, when)
    return config


# Before mkdocs-jupyter's on_files (priority 0), which takes over the notebooks added here.
@event_priority(50)
def on_files(files: Files, config) -> Files:
    loaded = _build["loaded"]
    generated = [File.generated(config, src_uri, content=content)
                 for src_uri, content in site.generated_files(loaded, _build["stamp"]).items()]
    # A real file with its own source folder (the course folder), not File.generated: the wrapper
    # mkdocs-jupyter puts around notebooks loses the source path of generated files.
    root = str(loaded.course_file.parent)
    generated += [File(src_uri, src_dir=root, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
                  for src_uri in site.notebooks(loaded)]
    for file in generated:
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(f"docs/{file.src_uri} would hide a generated page; rename or delete docs/{file.src_uri}")
        files.append(file)
    return files


# After mkdocs-jupyter's on_pre_page, which sets up the notebook's rendering.
@event_priority(-50)
def on_pre_page(page, config, files):
    site.explain_notebook_failure(page)
    return page


def on_page_content(html: str, page, config, files) -> str:
    site.keep_notebook_out_of_search(page)
    return html


def on_post_page(output: str, page, config) -> str:
    return site.finish_page(output, page.file.src_uri)


def on_page_context(context, page, config, nav):
    site.protect_title(page)
    return context
