"""What a companion notebook may hold, and what of it is published.

Notebooks come from organizers and, through pull requests, from students. Their Markdown cells and
outputs are HTML on the course's site, so two rules hold for every cell:

- nothing may need script: an output whose richest form needs JavaScript (a widget, an interactive
  plot, HTML with a script or an event handler) is published in its static form (a picture or text)
  with a note, and raw cells are not published at all (`static_outputs`);
- nothing may be loaded from another host: an image, frame, stylesheet, script, video or font
  addressed on another host is refused (`Problem`s naming the cell), and an image given by a path
  relative to the notebook is published next to it (`local_images`).

The allow-list pass over the page (`render.sanitize.notebook`) holds the same rules whatever a
notebook does; this module finds the breaches early, in `check`, with the cell to change. Outputs
that only appear when the notebook runs are found by the build with the same messages.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

MAX_BYTES = 10_000_000
"""The largest notebook file (and executed notebook) published; a page of it would weigh as much."""

STATIC = ("text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png", "image/jpeg", "text/plain")
"""Output types shown without script (SVG as an image, where it can run nothing and load nothing), in
the order of nbconvert's preference."""
INERT = frozenset({"application/pdf", "application/json"})
"""Output types that are left out without a note: they have a static form beside them and need no script."""
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"})

# (element, attribute) through which a browser loads an address by itself, and what it loads.
_LOADING = {("img", "src"): "an image", ("img", "srcset"): "an image", ("source", "src"): "a video or sound",
            ("source", "srcset"): "an image", ("video", "src"): "a video", ("video", "poster"): "an image",
            ("audio", "src"): "a sound", ("track", "src"): "subtitles", ("iframe", "src"): "a frame",
            ("frame", "src"): "a frame", ("embed", "src"): "an embedded object", ("object", "data"): "an embedded object",
            ("script", "src"): "a script", ("input", "src"): "an image", ("image", "href"): "an image",
            ("image", "xlink:href"): "an image", ("use", "href"): "a drawing", ("use", "xlink:href"): "a drawing",
            ("link", "href"): "a stylesheet or other resource", ("body", "background"): "an image",
            ("table", "background"): "an image", ("td", "background"): "an image", ("th", "background"): "an image",
            ("feimage", "href"): "an image", ("feimage", "xlink:href"): "an image"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# What a URL parser skips before and inside an address.
_IGNORED = re.compile(r"[\x00-\x20]")
_SCRIPT_SCHEMES = ("javascript", "vbscript")
_SCRIPT_ELEMENTS = frozenset({"script", "iframe", "frame", "object", "embed", "applet", "base", "meta", "form"})


@dataclass(frozen=True)
class Reference:
    """An address in HTML that the browser would load by itself."""

    url: str
    what: str
    """What it loads, for the message: "an image", "a frame", "a stylesheet or font (CSS)"."""


def address_kind(url: str) -> str:
    """"remote" (another host), "data", "attachment" (a notebook attachment), "script", "relative",
    "absolute" (from the server's root), "fragment" (this page) or "other" (mailto:, tel:, ...)."""
    url = _IGNORED.sub("", url.replace("\\", "/"))
    if url.startswith("//"):
        return "remote"
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("data", "attachment"):
            return name
        if name in _SCRIPT_SCHEMES:
            return "script"
        return "remote" if url[scheme.end():].startswith("//") or name in ("http", "https", "ftp", "file", "ws", "wss") else "other"
    if not url or url.startswith(("#", "?")):
        return "fragment"
    return "absolute" if url.startswith("/") else "relative"


class _Scanner(HTMLParser):
    """Collects the loading references of an HTML fragment and whether it needs script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []
        self.script = False
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _SCRIPT_ELEMENTS:
            self.script = True
        self._style = tag == "style"
        for name, value in attrs:
            name, value = name.lower(), value or ""
            if name.startswith("on"):
                self.script = True
            if address_kind(value) == "script" and name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                self.script = True
            what = _LOADING.get((tag, name))
            if name == "style":
                self.found += [Reference(url, "a picture or font (CSS)") for url in css_urls(value)]
            elif what is None:
                continue
            elif name == "srcset":
                self.found += [Reference(part.split()[0], what) for part in value.split(",") if part.split()]
            else:
                self.found.append(Reference(value, what))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.found += [Reference(url, "a stylesheet or font (CSS)") for url in css_urls(data)]


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) or "" for m in _CSS_URL.finditer(css)]


def scan(html: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner


def needs_script(html: str) -> bool:
    """Whether HTML does anything only script can do (a script, a handler, a `javascript:` address, a frame)."""
    return scan(html).script


def text(source: Any) -> str:
    """A cell's source or an output's text: nbformat stores either a string or a list of lines."""
    return "".join(source) if isinstance(source, list) else source if isinstance(source, str) else ""


def static_outputs(outputs: Any) -> Iterator[tuple[dict[str, Any], bool]]:
    """Each output as it is published, and whether something that needs script was left out of it.

    A display keeps only the types in `STATIC`, and its HTML only if that needs no script; the page
    then shows the richest type left (as nbconvert chooses), an image or text.
    """
    for output in outputs if isinstance(outputs, list) else ():
        if not isinstance(output, dict):
            continue
        data = output.get("data")
        if output.get("output_type") not in ("display_data", "execute_result") or not isinstance(data, dict):
            yield output, False
            continue
        kept = {mime: data[mime] for mime in STATIC if mime in data}
        if "text/html" in kept and needs_script(text(kept["text/html"])):
            del kept["text/html"]
        left_out = set(data) - set(kept) - INERT
        yield {**output, "data": kept}, bool(left_out)


@functools.cache
def _markdown() -> Any:
    # nbconvert renders Markdown cells with mistune too, HTML passed through. One parser for every cell: making
    # one compiles its plugins' patterns, which cost more than the cell; a call keeps nothing for the next.
    import mistune

    return mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url", "footnotes"])


def cell_html(cell: dict[str, Any], markdown: Any) -> list[str]:
    """The HTML a cell puts on the page, before the allow-list: rendered Markdown, HTML and Markdown outputs."""
    kind = cell.get("cell_type")
    if kind == "markdown":
        return [str(markdown(text(cell.get("source"))))]
    if kind != "code":
        return []  # raw cells are not published
    found = []
    for output, _ in static_outputs(cell.get("outputs")):
        data = output.get("data") or {}
        if "text/html" in data:
            found.append(text(data["text/html"]))
        elif "text/markdown" in data:
            found.append(str(markdown(text(data["text/markdown"]))))
    return found


@dataclass(frozen=True)
class Breach:
    """A cell that cannot be published as it is: its number (from 1, as the notebook lists them) and what is wrong."""

    cell: int
    message: str
    fix: str

    @property
    def place(self) -> str:
        return f"cell {self.cell}"


REMOTE_FIX = ("save the file next to the notebook and show it by its name (![Figure 1](figure1.png)), "
              "or make it a link ([Figure 1](https://...)) that readers follow themselves")


_SCANNED: dict[bytes, tuple[Reference, ...]] = {}
"""`_references` by the digest of the cell's content (a digest: outputs may hold megabytes of pictures)."""


def _references(cell: dict[str, Any]) -> tuple[Reference, ...]:
    """The loading references in the HTML of a cell. Kept by content: `check`, every build and every rebuild
    of `serve` scan the same cells again, and rendering their Markdown is most of the time a load takes."""
    key = hashlib.sha256(json.dumps(cell, sort_keys=True).encode()).digest()
    found = _SCANNED.get(key)
    if found is None:
        found = tuple(ref for html in cell_html(cell, _markdown()) for ref in scan(html).found)
        if len(_SCANNED) >= 10_000:
            _SCANNED.clear()
        _SCANNED[key] = found
    return found


def breaches(notebook: dict[str, Any], src: str, exists: Any) -> tuple[list[Breach], list[str]]:
    """(what stops the notebook from being published, the images next to it that its cells show).

    `src` is the notebook's path relative to the course folder; `exists(path)` says whether a path
    relative to the course folder is a regular file inside it (the images are published with the page).
    """
    folder = posixpath.dirname(src)
    found: list[Breach] = []
    images: list[str] = []
    for n, cell in enumerate(notebook.get("cells") or (), start=1):
        if not isinstance(cell, dict):
            continue
        for ref in _references(cell):
            kind = address_kind(ref.url)
            if kind == "remote":
                found.append(Breach(n, f"loads {ref.what} from another host: {ref.url}", REMOTE_FIX))
            elif kind == "absolute":
                found.append(Breach(n, f"loads {ref.what} from {ref.url}, an address from the web server's root",
                                    "give the path relative to the notebook (figure1.png, figures/figure1.png)"))
            elif kind == "relative":
                path = posixpath.normpath(posixpath.join(folder, ref.url.split("#")[0].split("?")[0]))
                if path.startswith("../") or path == "..":
                    found.append(Breach(n, f"shows {ref.url}, which is outside the course folder",
                                        "copy the file next to the notebook and give its name"))
                elif posixpath.splitext(path)[1].lower() not in IMAGE_TYPES or ref.what != "an image":
                    continue  # not an image: the allow-list leaves it out of the page
                elif not exists(path):
                    found.append(Breach(n, f"shows the image {ref.url}, but {path} does not exist",
                                        "save the image there (next to the notebook) or correct its name"))
                elif path not in images:
                    images.append(path)
    return found, images


def local_images(html: str) -> Iterator[str]:
    """The relative image addresses in (published) HTML, as written."""
    for ref in scan(html).found:
        if ref.what == "an image" and address_kind(ref.url) == "relative":
            yield ref.url
