"""One address per kind of page of a built site, for the tests that visit every page type in a browser."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

from coursesite.course.load import load

FIXED = {
    "home": "",
    "info": "info/",
    "schedule": "schedule/",
    "roles": "roles/",
    "rotation": "rotation/",
    "reading list": "papers/",
    "guide": "guide/",
    "messages": "messages/",
    # The local test server answers a missing address with its own page, so open Material's directly.
    "404": "404.html",
}


def page_types(root: Path) -> dict[str, str]:
    """Kind of page -> address relative to the site's root, for the course built in `root`.

    Besides the fixed pages: the first participant's page, the paper of the first session, a paper
    that is only further reading (when there is one), and every notebook page the build produced.
    """
    course = load(root / "course.yaml", root / "papers.bib").course
    found = dict(FIXED)
    found["participant"] = "participants/1/"
    found["paper"] = f"papers/{course.sessions[0].paper}/"
    in_sessions = {s.paper for s in course.sessions}
    further = sorted(key for key in course.papers if key not in in_sessions)
    if further:
        found["further reading"] = f"papers/{further[0]}/"
    site = root / "site"
    for index in sorted((site / "notebooks").rglob("index.html")):
        address = index.parent.relative_to(site).as_posix() + "/"
        found[f"notebook {address}"] = address
    return found


def search_inputs(site, base: str, address: str) -> dict:
    """What Material's search takes from the page at `address` of `site` (conftest.Site) served at `base`: its settings
    (#__config, with its addresses resolved as the bundle resolves them, and of the features only the search's own:
    notebook pages add content.lazy) and the search dialog's markup. Pages whose inputs are equal do the same once
    the search's files (browser.SEARCH) arrive, for tests that let them arrive on one page only (browser.hold_search)."""
    html = site.html(address)
    config = json.loads(html.select_one("#__config").get_text())
    url = base + address
    config["base"] = urljoin(url, config["base"])  # as the bundle's `new URL(base, location)`
    config["search"] = urljoin(url, config["search"])  # as `new Worker(search)` resolves it
    config["features"] = [feature for feature in config["features"] if feature.startswith("search.")]
    return {"config": config, "dialog": str(html.select_one("[data-md-component=search]"))}
