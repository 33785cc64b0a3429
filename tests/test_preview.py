"""The pull-request preview (COURSESITE_OFFLINE=true make build) works when unzipped and opened from disk."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, Site, copy_course


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Site:
    root = copy_course(tmp_path_factory.mktemp("preview"))
    (root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COURSESITE_OFFLINE="true")
    result = subprocess.run([sys.executable, "-m", "coursesite", "build"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return Site(root)


@pytest.mark.slow  # reads the build of its own
def test_preview_has_page_files_and_asks_no_other_host(preview):
    """Pages are .html files (no folder listings from disk), and the search shim is served with the site."""
    assert (preview.dir / "schedule.html").is_file() and not (preview.dir / "schedule").exists()
    home = preview.html("/index.html")
    scripts = [s.get("src", "") for s in home.select("script[src]")]
    assert "javascripts/iframe-worker.js" in scripts
    assert [s for s in scripts if "://" in s] == []


def test_published_site_keeps_directory_urls(site):
    """The published build (without COURSESITE_OFFLINE) serves pages as folders and loads no shim."""
    assert site.path("/schedule/").is_file() and not (site.dir / "schedule.html").exists()
    assert "iframe-worker" not in site.path("/").read_text(encoding="utf-8")


def test_preview_opens_from_disk_follows_a_link_and_searches(browser, preview):
    """From file:// in Chromium: home opens, the Schedule link leads to its page, and a search finds a paper."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto((preview.dir / "index.html").as_uri())
        assert page.locator("article h1").first.inner_text().startswith("Mathematical Machine Learning")
        page.locator("article a", has_text="Schedule →").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/schedule.html")
        assert page.locator("article h1").first.inner_text().startswith("Schedule")
        page.locator("input.md-search__input").click()
        page.keyboard.type("Glorot")
        result = page.locator(".md-search-result__item").first
        result.wait_for(timeout=20000)
        assert "Glorot" in page.locator(".md-search-result").inner_text()
    finally:
        page.close()


@pytest.mark.slow  # reads the build of its own
def test_preview_notebook_page_finds_its_pictures_and_pages(preview):
    """In the preview, a notebook page (notebooks/x.html) names its pictures and the pages it links as files that exist."""
    page = preview.dir / "notebooks" / "li2018visualizing.html"
    html = preview.html("/notebooks/li2018visualizing.html")
    pictures = [img["src"] for img in html.select("article img")]
    links = [a["href"] for a in html.select("article .cs-notebook-links a")]
    assert pictures and links
    for address in pictures + links:
        assert (page.parent / address).resolve().is_file(), address
