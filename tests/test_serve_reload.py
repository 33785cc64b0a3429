"""`coursesite serve` (`make serve`): a saved course.yaml reaches the served pages, rebuilt once per save and
from the pages it changed.

How fast is the benchmark's business (`make bench`, "preview: course.yaml saved -> browsers reload"); this
checks what the organizer sees: the edit on the page the server sends after MkDocs' "Reloading browsers".
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.pages import Page

from conftest import copy_course, variant
from coursesite.engine import rendered, search
from coursesite.engine.build import CONFIG_FILE

pytestmark = pytest.mark.slow  # runs a server that builds the seed course twice


class Server:
    """`coursesite serve` in a process group of its own, its log read line by line."""

    def __init__(self, root, port):
        self.url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "coursesite", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                     cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        self.lines: queue.Queue = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text, timeout=300):
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            assert line is not None, "the server stopped:\n" + "".join(self.log)
            self.log.append(line)
            assert "Traceback" not in line and "ERROR" not in line, "".join(self.log)
            if text in line:
                return

    def quiet_for(self, seconds):
        """The log lines of the next `seconds`."""
        found, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            found.append(line)
        self.log += found
        return found

    def page(self, path):
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return response.read().decode("utf-8")

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGINT)  # what Ctrl+C does
        self.proc.wait(timeout=60)


@pytest.fixture
def server(tmp_path):
    root = copy_course(tmp_path / "course")
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    running = Server(root, port)
    try:
        running.wait_for("Serving on")
        yield root, running
    finally:
        running.stop()


def test_saved_course_yaml_reaches_the_served_page_once(server):
    """A new title, saved, is on the served home page after the reload, and the save starts one rebuild only
    (the build reads docs/ and the course files: reading them must not count as a change)."""
    root, running = server
    assert "Challenges" in running.page("/")
    text = (root / "course.yaml").read_text(encoding="utf-8")
    assert "title: Mathematical Machine Learning -- Challenges\n" in text
    (root / "course.yaml").write_text(text.replace("-- Challenges\n", "-- Challenges (edited)\n", 1), encoding="utf-8")
    running.wait_for("Reloading browsers")
    assert "Challenges (edited)" in running.page("/")
    # No second rebuild. A file the rebuild wrote would be a file event before "Reloading browsers", and MkDocs says
    # "Detected file changes" right after it (engine/watch.py); where the server polls instead, within its polling
    # interval (0.5 s). The second is that with room to spare (it was 2 s: ~1 s of the test's wall more).
    later = running.quiet_for(1.0)
    assert not [line for line in later if "Detected file changes" in line or "Building documentation" in line], \
        "".join(running.log)


def test_saved_papers_bib_and_an_atomic_save_reach_the_served_page(server):
    """Editors that save by writing a new file and renaming it over the old one (vim, many IDEs) are noticed too."""
    root, running = server
    bib = (root / "papers.bib").read_text(encoding="utf-8")
    page = running.page("/papers/")
    assert "Understanding the Difficulty of Training" in page
    fresh = root / ".papers.bib.swp"
    fresh.write_text(bib.replace("Understanding the Difficulty", "Understanding the Hardness", 1), encoding="utf-8")
    fresh.replace(root / "papers.bib")
    running.wait_for("Reloading browsers")
    assert "Understanding the Hardness of Training" in running.page("/papers/")


def _build(root, out):
    mkdocs_build(load_config(str(root / CONFIG_FILE), site_dir=str(out)))


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_renders_only_changed_pages_and_writes_what_a_fresh_build_writes(tmp_path, monkeypatch):
    """As serve rebuilds in one process: after an edit, the pages it did not change come from the last render
    (engine/rendered.py: MkDocs' Page.render does not run for them, the allow-list's result is kept too) and
    their search entries from the last index (engine/search.py), and every file of the site, the search index
    included, is byte for byte what a build from scratch writes."""
    # What is kept between builds: this test's own.
    monkeypatch.setattr(rendered, "FOLDER", str(tmp_path / "kept"))
    monkeypatch.setattr(search, "FOLDER", str(tmp_path / "kept-search"))
    root = copy_course(tmp_path / "course")
    _build(root, tmp_path / "first")
    before, indexed = dict(rendered._KEPT), dict(search._KEPT)
    text = (root / "course.yaml").read_text(encoding="utf-8")
    (root / "course.yaml").write_text(text.replace("-- Challenges\n", "-- Challenges (edited)\n", 1), encoding="utf-8")
    renders, allowed = [], []
    render, allow = Page.render, rendered.allowed
    monkeypatch.setattr(Page, "render", lambda page, *args: renders.append(page.file.src_uri) or render(page, *args))
    monkeypatch.setattr(rendered, "allowed", lambda html: allowed.append(html) or allow(html))
    _build(root, tmp_path / "rebuilt")
    monkeypatch.undo()
    reused = [src for src, render in rendered._KEPT.items() if before.get(src) is render]
    assert "guide.md" in reused and len(reused) > len(rendered._KEPT) / 2, reused
    assert renders and not set(renders) & set(reused), renders
    assert 0 < len(allowed) <= len(renders)  # the allow-list ran again for generated pages rendered again only
    # The title is in every page's navigation, not in its article: most pages' entries are as they were.
    same = [src for src, entries in search._KEPT.items() if indexed.get(src) is entries]
    assert "guide.md" in same and "index.md" not in same and len(same) > len(search._KEPT) / 2, same
    rendered._KEPT.clear()  # nothing to reuse: every page rendered and indexed
    search._KEPT.clear()
    monkeypatch.setattr(rendered, "FOLDER", str(tmp_path / "none kept"))
    monkeypatch.setattr(search, "FOLDER", str(tmp_path / "none kept-search"))
    _build(root, tmp_path / "fresh")
    rebuilt, fresh = _files(tmp_path / "rebuilt"), _files(tmp_path / "fresh")
    assert rebuilt.keys() == fresh.keys()
    assert [name for name in rebuilt if rebuilt[name] != fresh[name]] == []
    assert "Challenges (edited)" in rebuilt["index.html"].decode("utf-8")


def test_another_course_in_the_same_process_keeps_its_own_navigation_titles(tmp_path, monkeypatch):
    """The guide's page is the same Markdown in an English and a German course, but its title comes from each
    course's navigation: a German build after an English one writes what a German build alone writes."""
    monkeypatch.setattr(rendered, "FOLDER", str(tmp_path / "kept"))
    _build(copy_course(tmp_path / "english"), tmp_path / "english-site")
    german = variant(tmp_path / "german", "german")
    _build(german, tmp_path / "after")
    rendered._KEPT.clear()
    monkeypatch.setattr(rendered, "FOLDER", str(tmp_path / "none kept"))
    _build(german, tmp_path / "alone")
    after, alone = _files(tmp_path / "after"), _files(tmp_path / "alone")
    assert [name for name in after if after[name] != alone.get(name)] == []
    assert "Anleitung für die Organisation" in after["guide/index.html"].decode("utf-8")


def test_a_broken_link_fails_every_strict_rebuild(tmp_path):
    """A page whose render made MkDocs warn is not kept, so the warning and --strict's refusal come back each time."""
    root = copy_course(tmp_path / "course")
    (root / "docs" / "extra.md").write_text("# Extra\n\nSee [the notes](missing.md).\n", encoding="utf-8")
    for n in range(2):
        with pytest.raises(Abort):
            _build(root, tmp_path / f"out{n}")
