"""One address per kind of page of a built site, for the tests that visit every page type in a browser."""

from __future__ import annotations

from pathlib import Path

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
