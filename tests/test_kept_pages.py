"""Page renders and search entries kept between builds (engine/rendered.py, engine/search.py): a build of unchanged
pages renders and indexes none of them again, writes what a build from nothing writes, and publishes only what one
of this user's builds made."""

from __future__ import annotations

import hashlib
import hmac
import re
import shutil
import sys

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from conftest import copy_course, file_digests
from coursesite.engine import rendered, seal, search
from coursesite.engine.build import CONFIG_FILE
from coursesite.render import sanitize

pytestmark = pytest.mark.slow  # builds the seed course a few times

PLANTED = '<script>alert(1)</script>'


def _build(root, out):
    mkdocs_build(load_config(str(root / CONFIG_FILE), site_dir=str(out)))
    return file_digests(out)


def _forget():
    """As a new process: only what is on disk is kept (also not the allow-list's results, which another test in this
    worker may have made for the same HTML)."""
    rendered._KEPT.clear()
    search._KEPT.clear()
    rendered.allowed.cache_clear()


def _keep_in(monkeypatch, folder):
    """Renders kept in `folder`, search entries beside it (they are kept in the user's private temp folder
    otherwise)."""
    monkeypatch.setattr(rendered, "FOLDER", str(folder))
    monkeypatch.setattr(search, "FOLDER", str(folder.with_name(folder.name + "-search")))


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """This test's own folders of kept renders and search entries, and nothing kept in this process: each build finds
    only what is on disk."""
    folder = tmp_path / "kept"
    _keep_in(monkeypatch, folder)
    _forget()
    yield folder
    _forget()


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """(course folder, digests of its site) of one build of the seed from nothing kept, and that build's kept renders
    and search entries (`kept`, `kept-search`): the tests that start from such a build copy them instead of each
    building the seed once more (~0.5 s of CPU a build). Tests must not change the course folder."""
    base = tmp_path_factory.mktemp("kept-seed")
    root = copy_course(base / "course")
    with pytest.MonkeyPatch.context() as patch:
        _keep_in(patch, base / "kept")
        _forget()
        try:
            fresh = _build(root, base / "fresh")
        finally:
            _forget()
    return root, fresh, base


@pytest.fixture
def seed_kept(seed, kept):
    """(course folder, digests of its site built from nothing): the shared seed build, with what it kept copied into
    this test's `kept` folders as if this test had just built it."""
    root, fresh, base = seed
    for name in ("kept", "kept-search"):
        shutil.copytree(base / name, kept.with_name(name))
    return root, fresh


def _counted(monkeypatch):
    renders, allowed, indexed = [], [], []
    render, page, index = Page.render, sanitize.page, SearchIndex.add_entry_from_context

    def counted(self, *args):
        if not self.file.src_uri.endswith(".ipynb"):  # a notebook page's content comes from notebook_pages
            renders.append(self.file.src_uri)
        render(self, *args)
    monkeypatch.setattr(Page, "render", counted)
    monkeypatch.setattr(sanitize, "page", lambda html: allowed.append(html) or page(html))
    monkeypatch.setattr(SearchIndex, "add_entry_from_context", lambda self, p: indexed.append(p.file.src_uri) or index(self, p))
    return renders, allowed, indexed


def test_a_build_from_kept_renders_writes_what_a_build_from_nothing_writes(tmp_path, seed_kept, kept, monkeypatch):
    root, fresh = seed_kept
    entries = sorted(kept.glob("*.html"))
    assert len(entries) >= 20  # every Markdown page of the seed (the notebook pages are kept by notebook_pages)
    _forget()
    renders, allowed, indexed = _counted(monkeypatch)
    again = _build(root, tmp_path / "again")
    assert (renders, allowed, indexed) == ([], [], [])  # no page rendered, no allow-list pass, none indexed
    assert again == fresh
    assert sorted(kept.glob("*.html")) == entries  # nothing new to keep


def test_an_edit_renders_again_only_the_pages_it_changed(tmp_path, seed_kept, monkeypatch):
    root = copy_course(tmp_path / "course")  # renders are kept by content: those of the shared build are this one's
    text = (root / "course.yaml").read_text(encoding="utf-8")
    (root / "course.yaml").write_text(text.replace("-- Challenges\n", "-- Challenges (edited)\n", 1), encoding="utf-8")
    _forget()
    renders, allowed, indexed = _counted(monkeypatch)
    edited = _build(root, tmp_path / "edited")
    monkeypatch.undo()
    assert renders and "guide.md" not in renders and len(renders) < 10, renders
    assert 0 < len(allowed) <= len(renders)
    assert "index.md" in indexed and "guide.md" not in indexed and len(indexed) < 10, indexed
    monkeypatch.setattr(rendered, "FOLDER", str(tmp_path / "none kept"))
    monkeypatch.setattr(search, "FOLDER", str(tmp_path / "none kept-search"))
    _forget()
    assert _build(root, tmp_path / "fresh") == edited


@pytest.mark.parametrize("claimed", ["kept", "none", "other key"])
def test_a_planted_render_is_not_published(tmp_path, seed_kept, kept, claimed):
    """A kept render whose mark is not this user's over its key and content is rendered again, as if missing."""
    root, fresh = seed_kept
    for entry in kept.glob("*.html"):
        mark, _, content = entry.read_bytes().partition(b"\n")
        content += PLANTED.encode()
        if claimed == "kept":
            forged = mark  # the mark of what it was
        elif claimed == "none":
            forged = b""
        else:
            forged = hmac.new(b"k" * 32, bytes.fromhex(entry.stem) + content, hashlib.sha256).hexdigest().encode()
        entry.write_bytes(forged + b"\n" + content)
    _forget()
    again = _build(root, tmp_path / "again")
    assert again == fresh
    assert PLANTED not in (tmp_path / "again" / "index.html").read_text(encoding="utf-8")


def test_planted_search_entries_are_not_published(tmp_path, seed_kept, kept):
    root, fresh = seed_kept
    planted = 0
    for entry in (tmp_path / "kept-search").glob("*.json"):
        mark, _, content = entry.read_bytes().partition(b"\n")
        if content != b"[]":
            entry.write_bytes(mark + b"\n" + content.replace(b'"text": "', b'"text": "planted ', 1))
            planted += 1
    assert planted >= 20
    _forget()
    assert _build(root, tmp_path / "again") == fresh


def test_a_mark_holds_for_its_own_key_only(tmp_path, seed_kept, kept):
    """An entry renamed to another page's key (its mark over its own key) is not that page's render."""
    root, fresh = seed_kept
    entries = sorted(kept.glob("*.html"), key=lambda entry: entry.stat().st_size)
    small, large = entries[0], entries[-1]
    small.write_bytes(large.read_bytes())
    _forget()
    assert _build(root, tmp_path / "again") == fresh


def test_without_a_private_folder_renders_are_kept_in_the_process_only(tmp_path, kept, monkeypatch):
    """Without a private folder (no key) nothing a build renders or indexes is kept on disk for the next.

    The seed without its notebooks: without a key every build converts each notebook afresh (~3 s of CPU for the
    seed's five, three quarters of this test), and their pages are no renders (`notebook_pages` makes them, and
    test_notebook_site's test_without_a_private_folder_no_kept_page_is_trusted shows that nothing kept of them is
    used without a key); what this test is about, renders and search entries, is every other page's, as before."""
    monkeypatch.setattr(seal, "_key", lambda: None)
    root = copy_course(tmp_path / "course", share_notebook_cache=False)
    course = root / "course.yaml"
    course.write_text(re.sub(r"(?m)^[ \t]*notebook:.*\n", "", course.read_text(encoding="utf-8")), encoding="utf-8")
    fresh = _build(root, tmp_path / "fresh")
    assert not any(name.startswith("notebooks/") for name in fresh), "the seed's notebooks are out"
    _forget()
    renders, _, indexed = _counted(monkeypatch)
    assert _build(root, tmp_path / "again") == fresh and len(renders) >= 20 and len(indexed) >= 20


def test_renders_are_kept_between_builds_only_with_extensions_of_installed_distributions(tmp_path):
    """A Markdown extension of the project (a module outside the installed distributions) can change without a new
    version, which the key would not see: then renders are kept in the process only."""
    root = copy_course(tmp_path / "course")
    config = load_config(str(root / CONFIG_FILE))
    assert rendered._from_distributions(config)
    (tmp_path / "localext.py").write_text("from markdown.extensions import Extension\n\n"
                                          "def makeExtension(**kwargs):\n    return Extension(**kwargs)\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        config.markdown_extensions.append("localext")
        assert not rendered._from_distributions(config)
    finally:
        sys.path.remove(str(tmp_path))
    config.markdown_extensions.pop()
    config.mdx_configs["toc"] = {"slugify": lambda text, separator: text}
    assert not rendered._from_distributions(config)
