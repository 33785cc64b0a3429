"""What `mkdocs serve` saves on each rebuild without changing what it builds: the theme's listing and compiled
templates (engine/theme.py), the wait after a save's last file event (engine/watch.py), and deleting the last
build before the rebuild (engine/served.py)."""

from __future__ import annotations

import threading

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files

from conftest import ROOT
from coursesite.engine import plugin, served, theme, watch
from coursesite.engine.build import CONFIG_FILE


def _theme_files(config) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((f.src_uri, f.abs_src_path) for f in files)


def test_the_theme_gives_the_files_mkdocs_finds(tmp_path):
    """With `theme.use`, MkDocs takes the same static files from the theme folders (Material's, the plugin's, a
    custom_dir with files in hidden and plain folders) as without it, and never one from a hidden folder."""
    custom = tmp_path / "overrides"
    for name in ("assets/extra.css", "assets/.cache/old.css", ".icons/mine/x.svg", "notes/.hidden.js", "main.html"):
        (custom / name).parent.mkdir(parents=True, exist_ok=True)
        (custom / name).write_text("/* */\n", encoding="utf-8")
    config = load_config(str(ROOT / CONFIG_FILE), site_dir=str(tmp_path / "site"))
    config.theme.dirs[:0] = [str(custom), str(plugin.THEME)]
    plain = _theme_files(config)
    theme.use(config.theme)
    assert _theme_files(config) == plain
    names = [name for name, _ in plain]
    assert "assets/extra.css" in names and "assets/stylesheets/" in "".join(names)
    assert not [name for name in names if "/." in f"/{name}"]


def test_the_theme_keeps_compiled_templates_and_reads_changed_ones(tmp_path):
    """Every environment the theme gives (MkDocs' and the search plugin's) keeps compiled templates on disk, and a
    template whose source changed is read anew."""
    custom = tmp_path / "overrides"
    custom.mkdir()
    (custom / "hello.html").write_text("one", encoding="utf-8")
    config = load_config(str(ROOT / CONFIG_FILE), site_dir=str(tmp_path / "site"))
    config.theme.dirs.insert(0, str(custom))
    theme.use(config.theme)
    theme.use(config.theme)  # a second use changes nothing
    env = config.theme.get_env()
    assert isinstance(env.bytecode_cache, jinja2.BytecodeCache)
    assert env.get_template("hello.html").render() == "one"
    (custom / "hello.html").write_text("two", encoding="utf-8")
    assert config.theme.get_env().get_template("hello.html").render() == "two"


def test_file_events_shorten_the_wait_for_a_saves_last_event(tmp_path):
    """Once the server's watches use file events, it starts a rebuild `watch.SETTLE` seconds after the last event
    instead of MkDocs' 0.1 s; what it watches stays watched."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    assert server.build_delay == 0.1
    assert watch.use_file_events(server, [tmp_path], tmp_path)
    assert server.build_delay == watch.SETTLE < 0.1
    assert list(server._watched_paths) == [str(tmp_path)]


def test_the_last_build_is_deleted_after_the_rebuild_not_before(tmp_path):
    """With `served.delete_after_reload`, a rebuild finds nothing but hidden entries in the served folder (MkDocs'
    clean has nothing to delete), the last build is gone afterwards with nothing left beside the folder, and a
    failing build still fails for the server."""
    root, seen, broken = tmp_path / "mkdocs_site", [], []
    root.mkdir()
    (root / ".hidden").write_text("MkDocs' clean keeps it", encoding="utf-8")

    def build():
        seen.append(sorted(p.name for p in root.iterdir()))
        (root / "assets").mkdir(exist_ok=True)
        (root / "assets" / "site.css").write_text(f"/* build {len(seen)} */", encoding="utf-8")
        (root / "index.html").write_text(f"build {len(seen)}", encoding="utf-8")
        if broken:
            raise RuntimeError("the build failed")

    server = LiveReloadServer(builder=build, host="127.0.0.1", port=0, root=str(root))
    build()  # serve's first build, before the server runs
    assert served.delete_after_reload(server) and not served.delete_after_reload(server)
    server.builder()
    broken.append(True)
    with pytest.raises(RuntimeError, match="the build failed"):
        server.builder()
    for thread in threading.enumerate():
        if thread.name == "delete-last-build":
            thread.join()
    assert seen == [[".hidden"], [".hidden"], [".hidden"]]
    assert (root / "index.html").read_text(encoding="utf-8") == "build 3"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs_site"]
