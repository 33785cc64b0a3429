"""The baseline: the course site as static pages for plain mkdocs-material.

Same mkdocs.yml settings (theme, features, palette, Markdown extensions, search, extra CSS and
JavaScript), but no hook and no mkdocs-jupyter: what a site of the same pages would cost
if it were written by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import get_yaml_loader

from coursesite.engine import site
from coursesite.engine.plugin import THEME
from coursesite.render import pages
from coursesite.sources import stamp


def edit_yaml(path: Path, change) -> None:
    # MkDocs' loader: mkdocs.yml may use its tags (`!ENV`), which it resolves as a build would.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader())  # noqa: S506 - MkDocs' safe loader
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def notebook_markdown(notebook: Path, built: Path, page: Path) -> None:
    """The executed notebook as Markdown, like `jupyter nbconvert --to markdown` writes it: cell sources
    from the .ipynb, outputs from the built page (text as code blocks, plots as PNG files next to the page)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    shown = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser").select("article .cs-nb-cell")
    assert len(cells) == len(shown), f"{built}: {len(shown)} cells shown, {len(cells)} in {notebook}"
    page.parent.mkdir(parents=True, exist_ok=True)
    parts = []
    for i, (cell, html) in enumerate(zip(cells, shown)):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            parts.append(source)
            continue
        parts.append(pages.fence(source, "python"))
        for j, output in enumerate(html.select(".cs-nb-output")):
            if image := output.find("img"):
                name = f"{notebook.stem}-{i}-{j}.png"
                (page.parent / name).write_bytes((built.parent / image["src"]).read_bytes())
                parts.append(f"![]({name})")
            elif output.get_text().strip():
                parts.append(pages.fence(output.get_text().strip("\n"), "text"))
    page.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def plain_material(course: Path, target: Path) -> Path:
    """The built course as static pages for plain mkdocs-material: same settings, no hook, no mkdocs-jupyter.

    Generated pages and downloads are written as `coursesite render` writes them; each notebook
    page becomes a Markdown page with the notebook's cells and outputs, so the page count matches.
    """
    docs = target / "docs"
    shutil.copytree(course / "docs", docs)
    loaded = site.load_course(course)
    pages.write_pages(site.generated_files(loaded, stamp.current(course)), docs)
    for src in site.notebooks(loaded):
        md = str(Path(src).with_suffix(".md"))
        notebook_markdown(course / src, course / "site" / Path(src).with_suffix("") / "index.html", docs / md)
        for page in (docs / "papers").glob("*.md"):  # links to the notebook now lead to its static page
            page.write_text(page.read_text(encoding="utf-8").replace(src, md), encoding="utf-8")
    shutil.copy2(course / "mkdocs.yml", target / "mkdocs.yml")
    c = loaded.course

    def _plain(nav):  # navigation titles are escaped markup (str subclasses) that YAML cannot write
        if isinstance(nav, list):
            return [_plain(item) for item in nav]
        if isinstance(nav, dict):
            return {str(key): _plain(value) for key, value in nav.items()}
        return str(nav)

    def settings(config: dict) -> None:  # what the plugin's on_config sets, written out
        config.pop("watch", None)
        config["plugins"] = ["search"]
        config["theme"]["custom_dir"] = str(THEME)  # the plugin's small override of Material's templates
        config.update(site_name=c.title, nav=_plain(site.navigation(c)), copyright=site.footer(c, stamp.current(course)))
        config["theme"]["language"] = c.language
        config.setdefault("extra", {})["generator"] = False
    edit_yaml(target / "mkdocs.yml", settings)
    return target
