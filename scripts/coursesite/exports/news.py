"""Announcements beyond the home page: the Atom feed and the bar at the top of every page.

The feed is written by feedgenerator (Pelican's maintained, pure-Python Atom writer) rather than by
hand: Atom's dates, ids and escaping are easy to get subtly wrong. The texts go through the same
prose rules as every other Markdown field (`escape.prose`), then through Python-Markdown.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid

import markdown

from ..course import paths
from ..model import Announcement, Course
from ..render import escape, sanitize
from ..render.i18n import Labels


def to_html(text: str, course: Course, inline: bool = False) -> str:
    """Prose Markdown as HTML, with the prose rules applied (no raw HTML, safe links only).

    The bar is on every page and the feed on none, so a link to a page of the site can only be its full
    address: without site_url it shows as its label alone."""

    def to(target: str) -> str | None:
        found = escape.site_target(target)
        assert found is not None
        path, anchor = found
        return paths.absolute_url(course.site_url, path) + (f"#{anchor}" if anchor else "") if course.site_url else None

    safe = escape.inline_prose(text, to) if inline else escape.prose(text, to)
    # The same allow-list pass as the pages' HTML (sanitize.py): the bar and the feed are not pages.
    out = sanitize.page(markdown.markdown(safe, extensions=["pymdownx.escapeall"]))
    return out.removeprefix("<p>").removesuffix("</p>") if inline and out.count("<p>") == 1 else out


def _feed_id(course: Course) -> str:
    # Stable across builds and independent of the address, which may be set only later.
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"coursesite:{course.title}:{course.semester}"))


def _noon(course: Course, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=course.tz)


def feed(course: Course) -> bytes:
    """The announcements, newest first, as an Atom feed."""
    import feedgenerator  # only a course with announcements has a feed: a build of one without does not import it

    t = Labels(course.language)
    home = paths.site_link(course.site_url, paths.HOME)
    news = course.news()
    atom = feedgenerator.Atom1Feed(
        title=f"{course.title}: " + t._("Announcements"), link=home, description=course.semester,
        language=course.language, feed_guid=_feed_id(course),
        feed_url=paths.site_link(course.site_url, paths.ANNOUNCEMENTS_FEED) if course.site_url else None)
    for n, item in enumerate(reversed(news)):
        when = _noon(course, item.date)
        atom.add_item(
            title=f"{t.long_date(item.date)}: {_plain(item)}", link=home,
            description=to_html(item.text, course), pubdate=when, updateddate=when,
            # The n-th announcement of the course keeps its id when a newer one is added.
            unique_id=f"{_feed_id(course)}:{item.date.isoformat()}:{n}")
    # Feed readers show the newest first themselves; the file lists them newest first as well.
    atom.items.reverse()
    return atom.writeString("utf-8").encode("utf-8")


def _plain(item: Announcement, limit: int = 80) -> str:
    """The announcement's first line as plain text, for the entry's title."""
    words = " ".join(item.text.split())
    for mark in "*_`[]<>":
        words = words.replace(mark, "")
    return words if len(words) <= limit else words[:limit - 1].rstrip() + "…"


def bar(course: Course, today: dt.date) -> str:
    """The newest announcement as the HTML of Material's announcement bar, while it is recent; else ""."""
    news = course.news()
    if not news or course.announcement_days == 0:
        return ""
    newest = news[0]
    until = newest.date + dt.timedelta(days=course.announcement_days)
    if today >= until:
        return ""
    t = Labels(course.language)
    # data-until lets the browser hide the bar on time even if no new build happens in between.
    return (f'<div class="cs-announce" data-until="{until.isoformat()}">'
            f"<strong>{html.escape(t.long_date(newest.date))}:</strong> {to_html(newest.text, course, inline=True)}</div>")
