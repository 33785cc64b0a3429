"""Companion notebooks on the site: rendered with their plots, linked, cached, and failing loudly."""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import posixpath
import re
import time
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import PHONE, boxes_with_and_without_containment, new_page, rendered, scroll_to_last, visit
from conftest import ROOT, build_site, copy_course, run_cli, warm_notebook_cache
from coursesite.cache import private_folder
from coursesite.course import notebooks, paths
from coursesite.engine import notebook_pages, seal, theme
from coursesite.exports import notebook_cells
from coursesite.exports.notebook_html import self_contained

KEYS = ["glorot2010understanding", "ba2014deep", "zhang2021understanding", "li2018visualizing", "grimmer2024provably"]


def test_notebook_pages_show_their_plots(site):
    """Each notebook page is on the site with its computed plots, as PNG files next to the page, each with its size."""
    for key in KEYS:
        page = site.content(f"/notebooks/{key}/")
        images = page.find_all("img")
        assert images, key
        for img in images:
            assert re.fullmatch(r"output-[0-9a-f]{16}\.png", img["src"]), img["src"]
            picture = site.dir / "notebooks" / key / img["src"]
            assert picture.read_bytes().startswith(b"\x89PNG"), picture
            assert int(img["width"]) > 100 and int(img["height"]) > 100
        # Each plot comes after its code, below a phone's first screen: it loads when the reader scrolls near it.
        assert [img.get("loading") for img in images] == ["lazy"] * len(images)
        assert "Questions to discuss" in site.text(f"/notebooks/{key}/")


def test_notebook_pages_set_up_code_blocks_as_they_come_into_view(site):
    """Material mounts a notebook page's code blocks (copy button, size) as each comes into view (its flag
    content.lazy, on notebook pages only); the other pages keep the site's flags as mkdocs.yml gives them."""
    def features(address: str) -> list[str]:
        page = BeautifulSoup(site.path(address).read_text(encoding="utf-8"), "html.parser")
        return json.loads(page.find("script", id="__config").string)["features"]

    site_flags = features("/")
    assert "content.code.copy" in site_flags and "content.lazy" not in site_flags
    for key in KEYS:
        assert features(f"/notebooks/{key}/") == ["content.lazy", *site_flags]
    assert features("/schedule/") == features(f"/papers/{KEYS[0]}/") == site_flags
    config = '<script id="__config" type="application/json">{"base": ".", "features": []}</script>'
    assert theme.with_feature(config, "x") == config.replace("[]", '["x"]')
    assert theme.with_feature("<p>no config</p>", "x") == "<p>no config</p>"


CELL_STARTS = ".cs-nb-code > :first-child"


def test_code_cells_off_screen_are_skipped_until_they_near_it(site, browser, served):
    """On a phone, a notebook page's code cells below the first screen are not styled or laid out at load (the browser
    skips them: Material's whole-page restyles at start-up spare them, issue 24), and each is when scrolled to; the page
    is laid out to the pixel as without that containment; a heading reached by its anchor lands at the top of the
    screen; print lays out every cell."""
    page = new_page(browser, viewport=PHONE)
    try:
        for key in KEYS:
            address = f"{served}notebooks/{key}/"
            visit(page, address)
            shown = rendered(page, CELL_STARTS)
            assert len(shown) > 3 and shown[-1] is False and not all(shown[1:]), (key, shown)
            scroll_to_last(page, CELL_STARTS)
            contained, uncontained = boxes_with_and_without_containment(page, ".md-typeset .cs-nb-code")
            assert contained == uncontained, key
            heading = site.content(f"/notebooks/{key}/").select("h2[id]")[-1]["id"]
            visit(page, f"{address}#{heading}")
            top = page.evaluate(f"document.getElementById('{heading}').getBoundingClientRect().top")
            assert 0 <= top < 150, (key, heading, top)
        page.emulate_media(media="print")
        assert all(rendered(page, CELL_STARTS)), "print"
    finally:
        page.context.close()


def test_paper_pages_link_notebook_and_download(site):
    """Each paper page links its notebook page and the .ipynb file, which is the repository's notebook."""
    for key in KEYS:
        links = {a.get_text(strip=True): a["href"] for a in site.content(f"/papers/{key}/").find_all("a", href=True)}
        assert links["read it with its results"] == f"../../notebooks/{key}/"
        assert links["download the .ipynb file"] == f"../../downloads/{key}.ipynb"
        assert (site.dir / "downloads" / f"{key}.ipynb").read_bytes() == (ROOT / "notebooks" / f"{key}.ipynb").read_bytes()


def test_notebook_formulas_are_mathml_without_cdn(site):
    """Formulas become MathML at build time, and no notebook page loads MathJax or Mermaid from another host."""
    html = site.path("/notebooks/glorot2010understanding/").read_text(encoding="utf-8")
    assert html.count("<math") > 10
    assert "cdnjs.cloudflare.com" not in html and "x-mathjax-config" not in html and '<script src="">' not in html
    text = site.text("/notebooks/glorot2010understanding/")
    assert "\\tfrac" not in text and "$W_{jk}" not in text


def test_math_conversion_leaves_code_alone():
    """Dollar signs in code stay as they are; inline and display formulas in text become MathML."""
    page = "<p>Cost $x^2$ and</p><p>$$\\sum_i a_i$$</p><pre><code>price = \"$5 and $6\"</code></pre>"
    out = self_contained(page)
    assert out.count("<math") == 2 and 'display="block"' in out
    assert '<pre><code>price = "$5 and $6"</code></pre>' in out


@pytest.mark.slow
def test_unchanged_notebooks_are_not_run_again(tmp_path):
    """A second build takes every notebook from the cache instead of running it."""
    root = copy_course(tmp_path / "course", share_notebook_cache=False)
    # The runs the shared cache holds already (the first build would make the same): without them, the
    # first build here ran all five notebooks once more, ~20 s of CPU, only to have something to cache.
    cache = root / notebook_pages.CACHE
    cache.mkdir(parents=True)
    warm_notebook_cache()
    for shared in [entry for key in KEYS for entry in (ROOT / notebook_pages.CACHE).glob(f"notebooks--{key}-*.json")]:
        (cache / shared.name).write_text(json.dumps({"run": json.loads(shared.read_text(encoding="utf-8"))["run"]}),
                                         encoding="utf-8")
    build_site(root)
    entries = sorted(cache.glob("*.json"))
    assert len(entries) == len(KEYS)
    # Mark each cached page: if the second build ran a notebook, its page would lose the mark.
    for entry in entries:
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["pages"]["en"]["html"] = data["pages"]["en"]["html"].replace("Questions to discuss", "Questions to discuss (from cache)", 1)
        data["pages"]["en"]["seal"] = seal.mark(notebook_pages._sealed(data["pages"]["en"]))  # as this user's build would
        entry.write_text(json.dumps(data), encoding="utf-8")
    site = build_site(root)
    for key in KEYS:
        assert "Questions to discuss (from cache)" in site.text(f"/notebooks/{key}/")


def course_with_cells(tmp_path: Path, cells: dict[str, str], *, at: int) -> Path:
    """A copy of the seed whose only notebooks are those of `cells`, each with that code cell inserted at `at`."""
    root = copy_course(tmp_path / "course", share_notebook_cache=False)
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    for key in set(KEYS) - set(cells):
        text = text.replace(f"    notebook: notebooks/{key}.ipynb\n", "")
    course.write_text(text, encoding="utf-8")
    for key, source in cells.items():
        notebook = root / "notebooks" / f"{key}.ipynb"
        data = json.loads(notebook.read_text(encoding="utf-8"))
        data["cells"].insert(at, {"cell_type": "code", "execution_count": None, "id": "inserted", "metadata": {},
                                  "outputs": [], "source": [source]})
        notebook.write_text(json.dumps(data), encoding="utf-8")
    return root


@pytest.mark.notebook
@pytest.mark.slow
def test_failing_cell_fails_the_build(tmp_path):
    """A notebook whose cell raises stops the build with its name and the error, and keeps the last site."""
    # Only one notebook, so the test runs one kernel.
    root = course_with_cells(tmp_path, {KEYS[0]: "raise ValueError('the experiment broke')"}, at=1)
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (f"notebooks/{KEYS[0]}.ipynb: cell 2: the cell failed when run (ValueError: the experiment broke); open "
            "the notebook in Jupyter, run all cells, fix this one and build again") in result.stderr
    # This course folder had no site yet, and the failed build leaves it so.
    assert result.stderr.splitlines()[-1] == "error: the site could not be built (see above); no site/ was written."
    assert not (root / "site").exists()


@pytest.mark.notebook
@pytest.mark.slow
def test_a_cell_that_never_ends_stops_the_build(tmp_path, monkeypatch):
    """A cell that waits for ever (here: longer than the limit, made short for the test) stops the build in time,
    naming the cell; a cell that asks for input fails at once instead of waiting for it."""
    from coursesite.engine import notebook_pages

    # The cells go first (after the title): no cell of the notebook runs before them, so the limit, only for the
    # cell that sleeps, can be short without stopping another (at 3 s with the cells third, the test waited ~4 s
    # more: the limit, and the notebooks' first cells, which import numpy).
    limit = 1 / 60  # 1 s: nbclient counts a cell's time limit in whole seconds
    monkeypatch.setattr(notebook_pages, "CELL_MINUTES", limit)
    root = course_with_cells(tmp_path, {KEYS[0]: "import time\ntime.sleep(600)", KEYS[1]: "name = input('Your name? ')"},
                             at=1)
    started = time.monotonic()
    result = run_cli(root, "build")
    # Well under the 600 s the cell sleeps: the limit stopped it, the cell did not end by itself.
    assert time.monotonic() - started < 300
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"notebooks/{KEYS[0]}.ipynb: cell 2: still running after {limit} minutes, the longest a cell may take; "
            "make the cell faster") in result.stderr
    assert f"notebooks/{KEYS[1]}.ipynb: cell 2: the cell failed when run (StdinNotImplementedError: " in result.stderr


def test_search_index_leaves_out_notebooks(site):
    """Searching finds the course pages, not the notebooks' code: notebook pages are not in the search index."""
    index = json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not any(location.startswith("notebooks/") for location in locations)
    assert "papers/ba2014deep/" in locations


def test_notebook_pages_link_paper_session_and_download(site):
    """Each notebook page says, under its title, which paper and session it belongs to and offers its .ipynb file."""
    for key in KEYS:
        line = site.content(f"/notebooks/{key}/").select_one("h1 + p.cs-notebook-links")
        assert line is not None, key
        links = [(a.get_text(), a["href"]) for a in line.find_all("a")]
        assert links[0][1] == f"../../papers/{key}/" and links[0][0].endswith(site.html(f"/papers/{key}/").h1.get_text().strip("¶"))
        assert links[1][0].startswith("Session ") and links[1][1] == "../../schedule/"
        assert links[2] == ("download the .ipynb file", f"../../downloads/{key}.ipynb")
        assert line.find_all("a")[2].has_attr("download")


PAGE_BUDGET = 300_000
"""Bytes a notebook page may weigh with its stylesheets, apart from its images (issue 23)."""
STYLESHEET_BUDGET = 60_000


def weight_without_images(html: str) -> int:
    """The page's size in bytes, not counting inline images (data: addresses)."""
    return len(html.encode("utf-8")) - sum(len(m.group().encode("utf-8")) for m in re.finditer(r'data:image/[^"\')\s]+', html))


def page_weight(site, key: str) -> dict[str, int]:
    """Bytes of a notebook page and of each stylesheet it links, apart from images."""
    address = f"/notebooks/{key}/"
    html = site.path(address).read_text(encoding="utf-8")
    weights = {"page": weight_without_images(html)}
    for link in site.html(address).head.find_all("link", rel="stylesheet"):
        sheet = site.path(posixpath.normpath(posixpath.join(address, link["href"])))
        weights[link["href"]] = sheet.stat().st_size
    return weights


def test_notebook_pages_weigh_under_the_budget(site):
    """Every notebook page with its stylesheets is under 300 kB apart from its images; its own stylesheet under 60 kB."""
    weights = {key: page_weight(site, key) for key in KEYS}
    for key, parts in weights.items():
        assert parts["page"] > 10_000 and len(parts) >= 4, parts  # the measure measures something
        print(key, sum(parts.values()), parts)
    assert {key: sum(parts.values()) for key, parts in weights.items() if sum(parts.values()) > PAGE_BUDGET} == {}
    assert (site.dir / paths.NOTEBOOK_STYLESHEET).stat().st_size < STYLESHEET_BUDGET


def test_notebook_styles_are_one_shared_stylesheet(site):
    """The notebook styles come once, in a stylesheet that every notebook page links, and not inside each page."""
    stylesheet = site.dir / paths.NOTEBOOK_STYLESHEET
    assert ".cs-nb-output" in stylesheet.read_text(encoding="utf-8")
    for key in KEYS:
        page = site.html(f"/notebooks/{key}/")
        # The only style element left is the printed pages' running head (theme/main.html).
        assert [style.get("media") for style in page.find_all("style")] == ["print"], key
        links = [link["href"] for link in page.head.find_all("link", rel="stylesheet")]
        assert links[-1] == "../../stylesheets/notebook.css", key
    assert not [link for link in site.html("/papers/ba2014deep/").find_all("link", rel="stylesheet")
                if "notebook.css" in link["href"]]


def test_notebook_stylesheet_holds_only_rules_the_pages_use(site):
    """Every class the notebook stylesheet styles appears on a notebook page or is a terminal colour of outputs."""
    css = (site.dir / paths.NOTEBOOK_STYLESHEET).read_text(encoding="utf-8")
    styled = set(re.findall(r"\.(cs-nb[\w-]*)", css))
    used = set()
    for key in KEYS:
        for element in site.content(f"/notebooks/{key}/").find_all(class_=True):
            used.update(element["class"])
    assert styled and styled <= used | {"cs-nb-stderr", "cs-nb-note"}, styled - used


@pytest.mark.notebook
@pytest.mark.slow
def test_outputs_of_the_run_are_held_to_the_same_rules(tmp_path):
    """What a cell displays when the build runs it: script outputs become text with a note; an image from another
    host, which `check` cannot see before the run, makes the build refuse the notebook with the cell to change."""
    root = copy_course(tmp_path / "course", share_notebook_cache=False)
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    for key in KEYS[1:]:
        text = text.replace(f"    notebook: notebooks/{key}.ipynb\n", "")
    course.write_text(text, encoding="utf-8")
    notebook = root / "notebooks" / f"{KEYS[0]}.ipynb"

    def write(*sources: str) -> None:
        cells = [{"cell_type": "markdown", "id": "t", "metadata": {}, "source": "# Run"}]
        cells += [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [], "source": s}
                  for i, s in enumerate(sources)]
        notebook.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "P",
                                        "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")

    write('from IPython.display import HTML, Javascript, display\n'
          'display(HTML("<img src=x onerror=__pwned(1)>"))\ndisplay(Javascript("__pwned(2)"))')
    site = build_site(root)
    article = site.content(f"/notebooks/{KEYS[0]}/")
    assert article.find_all("script") == [] and article.find_all(attrs={"onerror": True}) == []
    assert article.find_all("img") == []  # the HTML output's picture is gone, its text stays
    assert site.text(f"/notebooks/{KEYS[0]}/").count(notebook_cells.STATIC_NOTE) == 2
    assert "IPython.core.display.Javascript object" in site.text(f"/notebooks/{KEYS[0]}/")

    write('from IPython.display import Image\nImage(url="https://example.org/fig1.png")')
    assert run_cli(root, "check").returncode == 0  # no outputs yet: nothing for check to see
    result = run_cli(root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"notebooks/{KEYS[0]}.ipynb: cell 2: loads an image from another host: https://example.org/fig1.png; "
            f"{notebooks.REMOTE_FIX}") in result.stderr


def _prose(tmp_path):
    """A course folder with one notebook of text only (nothing to run, no kernel started): (wanted, cache, folder)."""
    folder = tmp_path / "course"
    (folder / "notebooks").mkdir(parents=True)
    notebook = folder / "notebooks" / "prose.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "markdown", "id": "t", "metadata": {}, "source": "# Prose\n\nWords."}],
                                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return {"notebooks/prose.ipynb": notebook}, tmp_path / "cache", folder


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC])
@pytest.mark.parametrize("refused", ["the folder", "the entry"])
def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path, monkeypatch, code, refused):
    """A notebook cache the system refuses to make or write (a read-only checkout, a full disk) does not stop the
    build: the page is made from this run, and the cache stays as it was (the next build runs the notebook again)."""
    wanted, cache, folder = _prose(tmp_path)
    if refused == "the entry":
        cache.mkdir()
    real_mkdir, real_write = Path.mkdir, Path.write_text

    def mkdir(self, *args, **kwargs):
        if self == cache:
            raise OSError(code, os.strerror(code), str(self))
        return real_mkdir(self, *args, **kwargs)

    def write_text(self, *args, **kwargs):
        if self.parent == cache:
            raise OSError(code, os.strerror(code), str(self))
        return real_write(self, *args, **kwargs)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(Path, "write_text", write_text)
    page = notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"]
    assert "Words." in page.html and page.title == "Prose"
    assert not cache.exists() if refused == "the folder" else list(cache.iterdir()) == []


def test_an_edited_notebook_replaces_its_cache_entry(tmp_path):
    """The cache holds one entry per notebook: the entry of the notebook before an edit goes once the new one is
    kept (it could never be read again)."""
    wanted, cache, folder = _prose(tmp_path)
    notebook_pages.load(wanted, cache, folder, "en")
    [old] = cache.glob("*.json")
    notebook = wanted["notebooks/prose.ipynb"]
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("Words.", "Other words."), encoding="utf-8")
    assert "Other words." in notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"].html
    [new] = cache.glob("*.json")
    assert new != old and new.name.startswith("notebooks--prose-")


@pytest.mark.parametrize("ids", ["none", "one twice"])
def test_cells_without_ids_build_without_a_word_from_nbformat(tmp_path, ids, caplog):
    """Notebooks of format 4.5 as some tools and hand edits leave them, with no cell ids or one id twice: the page is
    made and nothing is printed (nbformat's warnings about ids address programmers; the page numbers its cells)."""
    wanted, cache, folder = _prose(tmp_path)
    notebook = wanted["notebooks/prose.ipynb"]
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Prose\n\nWords."},
             {"cell_type": "markdown", "metadata": {}, "source": "More words."}]
    if ids == "one twice":
        cells = [{**cell, "id": "same"} for cell in cells]
    notebook.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"].html
    assert "Words." in html and "More words." in html
    assert caplog.records == []


def test_each_language_keeps_its_own_page_in_the_cache(tmp_path):
    """A notebook's page is kept per language: after a German page is made, the English one is still read from
    the cache (shared builds of a course in several languages convert each notebook once per language)."""
    wanted, cache, folder = _prose(tmp_path)
    english = notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"]
    assert "Words." in english.html
    [entry] = cache.glob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["pages"]["en"]["html"] = english.html.replace("Words.", "Words (from cache).")
    data["pages"]["en"]["seal"] = seal.mark(notebook_pages._sealed(data["pages"]["en"]))  # as this user's build would
    entry.write_text(json.dumps(data), encoding="utf-8")
    notebook_pages.load(wanted, cache, folder, "de")
    assert sorted(json.loads(entry.read_text(encoding="utf-8"))["pages"]) == ["de", "en"]
    assert "Words (from cache)." in notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"].html


def test_a_cache_entry_is_parsed_again_only_when_its_bytes_changed(tmp_path, monkeypatch):
    """In one process (the rebuilds of `mkdocs serve`), an unchanged cache entry is not parsed again, and one whose
    bytes changed on disk is, so the page shows what the entry now holds."""
    wanted, cache, folder = _prose(tmp_path)
    notebook_pages.load(wanted, cache, folder, "en")  # converted and written to the cache
    first = notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"]  # read from it
    parsed, loads = [], json.loads
    monkeypatch.setattr(json, "loads", lambda raw, *args, **kwargs: parsed.append(raw) or loads(raw, *args, **kwargs))
    again = notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"]
    assert (again, parsed) == (first, [])
    [entry] = cache.glob("*.json")
    data = loads(entry.read_text(encoding="utf-8"))
    data["pages"]["en"]["html"] = first.html.replace("Words.", "Other words.")
    data["pages"]["en"]["seal"] = seal.mark(notebook_pages._sealed(data["pages"]["en"]))
    entry.write_text(json.dumps(data), encoding="utf-8")
    changed = notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"]
    assert len(parsed) == 1 and "Other words." in changed.html


PLANTED = ['<script>alert(1)</script>', '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>',
           '<iframe src="https://evil.example/"></iframe>']


@pytest.fixture(scope="module")
def prose_made(tmp_path_factory) -> tuple[notebook_pages.NotebookPage, str, str]:
    """The prose notebook's page as a build makes it, with the cache entry that build wrote (name, text): made once
    for the twelve cases below, which each start from a copy of the entry (its name is its notebook's content)."""
    wanted, cache, folder = _prose(tmp_path_factory.mktemp("prose"))
    made = notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"]
    [entry] = cache.glob("*.json")
    return made, entry.name, entry.read_text(encoding="utf-8")


@pytest.mark.parametrize("planted", PLANTED)
@pytest.mark.parametrize("claimed", ["kept", "none", "other key"])
def test_a_planted_cache_page_is_made_again_not_published(tmp_path, prose_made, planted, claimed):
    """A cache entry whose page this user's builds did not make (it came with a pull request or a shared CI cache;
    its key is computable from public input) is not published: the page is made again from the notebook."""
    wanted, cache, folder = _prose(tmp_path)
    made, name, text = prose_made
    cache.mkdir()
    entry = cache / name
    data = json.loads(text)
    page = data["pages"]["en"]
    page["html"] += planted
    if claimed == "none":
        del page["seal"]
    elif claimed == "other key":
        page["seal"] = hmac.new(b"k" * 32, notebook_pages._sealed(page), hashlib.sha256).hexdigest()
    entry.write_text(json.dumps(data), encoding="utf-8")
    again = notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"]
    assert again == made and planted not in again.html
    assert planted not in entry.read_text(encoding="utf-8")  # the entry now holds the page made again


def test_without_a_private_folder_no_kept_page_is_trusted(tmp_path, monkeypatch):
    """Where this user has no private temp folder (no secret), every page is made afresh: nothing planted is used."""
    wanted, cache, folder = _prose(tmp_path)
    monkeypatch.setattr(seal, "_key", lambda: None)
    notebook_pages.load(wanted, cache, folder, "en")
    [entry] = cache.glob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["pages"]["en"]["seal"] == ""
    data["pages"]["en"]["html"] += PLANTED[0]
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert PLANTED[0] not in notebook_pages.load(wanted, cache, folder, "en").pages["notebooks/prose.ipynb"].html


def test_the_secret_is_private_and_one_per_user():
    """The secret is this user's alone (0600 in the 0700 folder) and the same for every build."""
    key = private_folder() / "coursesite-seal.key"
    assert seal.mark(b"x") == seal.mark(b"x") != "" and key.stat().st_mode & 0o077 == 0
