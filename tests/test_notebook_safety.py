"""What of a notebook reaches its page: static outputs only, nothing that runs script, nothing from another host.

These tests need no kernel and no build: they hand notebooks as Jupyter writes them (committed
outputs included) to the functions that make the page. test_notebook_payloads.py opens such pages in
Chromium.
"""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursesite.course import notebooks
from coursesite.exports import notebook_cells, notebook_html
from coursesite.render import sanitize
from coursesite.render.i18n import Labels


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def display(data: dict, metadata: dict | None = None) -> dict:
    return {"output_type": "display_data", "metadata": metadata or {}, "data": data}


def code(*outputs: dict, source: str = "", **extra) -> dict:
    return {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": source, "outputs": list(outputs), **extra}


@pytest.mark.parametrize(("url", "kind"), [
    ("https://example.org/a.png", "remote"), ("HTTP://EXAMPLE.ORG/A.PNG", "remote"), ("//example.org/a.png", "remote"),
    ("\\\\example.org/a.png", "remote"), ("/\\example.org/a.png", "remote"), (" \thttps://example.org/", "remote"),
    ("ht\ntps://example.org/", "remote"), ("ftp://example.org/a", "remote"), ("file:///etc/passwd", "remote"),
    ("javascript:alert(1)", "script"), ("JaVa\tScRiPt:alert(1)", "script"), ("data:image/png;base64,AAAA", "data"),
    ("attachment:fig.png", "attachment"), ("figures/fig1.png", "relative"), ("fig1.png?x=1", "relative"),
    ("/fig1.png", "absolute"), ("#top", "fragment"), ("", "fragment"), ("mailto:a@example.org", "other"),
])
def test_addresses_are_classified_as_a_browser_reads_them(url, kind):
    """Addresses with mixed case, slashes either way, tabs and newlines count as the browser would load them."""
    assert notebooks.address_kind(url) == kind


def test_outputs_that_need_script_keep_their_static_form():
    """Widgets, JavaScript, plotly and HTML with script or a handler lose that form; what remains is a picture or text."""
    outputs = [
        display({"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "IntSlider(value=3)"}),
        display({"application/javascript": "alert(1)", "text/plain": "<IPython.core.display.Javascript object>"}),
        display({"application/vnd.plotly.v1+json": {}, "text/html": '<script src="https://cdn.plot.ly/p.js"></script>',
                 "image/png": base64.b64encode(png(4, 3)).decode(), "text/plain": "Figure()"}),
        display({"text/html": "<img src=x onerror=alert(1)>", "text/plain": "<IPython.core.display.HTML object>"}),
        display({"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "   a\n0  1"}),
        display({"text/vnd.mermaid": "graph TD; A-->B", "text/plain": "graph"}),
        display({"application/pdf": "JVBERi0=", "image/png": "AAAA", "text/plain": "fig"}),
        {"output_type": "stream", "name": "stdout", "text": "<script>alert(1)</script>"},
    ]
    published = list(notebooks.static_outputs(outputs))
    assert [sorted(out.get("data", {})) for out, _ in published] == [
        ["text/plain"], ["text/plain"], ["image/png", "text/plain"], ["text/plain"], ["text/html", "text/plain"],
        ["text/plain"], ["image/png", "text/plain"], []]
    assert [note for _, note in published] == [True, True, True, True, False, True, False, False]


def test_prepare_drops_raw_cells_metadata_and_script_and_moves_pictures_to_files():
    """Raw cells go, cell tags and ids cannot reach an attribute, pictures become files with their size, notes are added."""
    picture = png(640, 480)
    notebook = {"metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {}},
                             "kernelspec": {"name": "python3", "language": 'python"><script>'}},
                "cells": [
                    {"cell_type": "raw", "metadata": {"raw_mimetype": "text/html"}, "source": "<script>alert(1)</script>"},
                    {"cell_type": "markdown", "id": 'x"onclick="alert(1)', "metadata": {"tags": ['"><script>']}, "source": "# T"},
                    code(display({"image/png": base64.b64encode(picture).decode(), "text/plain": "<Figure>"},
                                 {"filenames": {"image/png": "javascript:alert(1)"}}),
                         display({"application/javascript": "alert(1)", "text/plain": "js"}),
                         metadata={"tags": ["x"]})]}
    prepared = notebook_cells.prepare(notebook, "notebooks/t.ipynb", Labels("en"))
    cells = prepared.notebook["cells"]
    assert [c["cell_type"] for c in cells] == ["markdown", "code"]
    assert [c["id"] for c in cells] == ["c2", "c3"] and all(c["metadata"] == {} for c in cells)
    assert prepared.notebook["metadata"] == {"kernelspec": {"name": "python3", "display_name": "", "language": "pythonscript"}}
    image, js, note = cells[1]["outputs"]
    name = next(iter(prepared.files))
    assert re.fullmatch(r"notebooks/t/output-[0-9a-f]{16}\.png", name) and prepared.files[name] == picture
    assert image["metadata"] == {"image/png": {"width": 640, "height": 480}, "filenames": {"image/png": name.removeprefix("notebooks/")}}
    assert js["data"] == {"text/plain": "js"}
    assert note["data"]["text/html"] == f'<p class="cs-nb-note">{notebook_cells.STATIC_NOTE}</p>'


def test_breaches_name_the_cell_and_the_address():
    """Every way a cell can load from another host is found, in Markdown and in committed outputs; links are not."""
    cells = [
        {"cell_type": "markdown", "source": "[a link](https://arxiv.org/abs/1) and `<img src=\"https://in.code/x.png\">`"},
        {"cell_type": "markdown", "source": "![f][r]\n\n[r]: https://example.org/ref.png"},
        {"cell_type": "markdown", "source": '<img src="https:&#x2F;&#x2F;example.org/ent.png">'},
        {"cell_type": "markdown", "source": '<picture><source srcset="https://example.org/a.webp 2x"></picture>'},
        {"cell_type": "markdown", "source": '<video poster="https://example.org/p.png"></video><audio src="//example.org/a.mp3">'},
        {"cell_type": "markdown", "source": "<style>@font-face { src: url(https://example.org/f.woff) }</style>"},
        {"cell_type": "markdown", "source": '<link rel="stylesheet" href="https://example.org/s.css">'},
        {"cell_type": "raw", "source": '<img src="https://raw.example/not-published.png">'},
        code(display({"text/html": '<img src="https://example.org/out.png"/>', "text/plain": "Image"})),
        code(display({"text/html": '<script src="https://cdn.plot.ly/p.js"></script>', "text/plain": "dropped"})),
        code(display({"text/markdown": "![m](https://example.org/md.png)", "text/plain": "md"})),
    ]
    found, images = notebooks.breaches({"cells": cells}, "notebooks/t.ipynb", lambda path: True)
    assert [(b.cell, b.message) for b in found] == [
        (2, "loads an image from another host: https://example.org/ref.png"),
        (3, "loads an image from another host: https://example.org/ent.png"),
        (4, "loads an image from another host: https://example.org/a.webp"),
        (5, "loads an image from another host: https://example.org/p.png"),
        (5, "loads a sound from another host: //example.org/a.mp3"),
        (6, "loads a stylesheet or font (CSS) from another host: https://example.org/f.woff"),
        (7, "loads a stylesheet or other resource from another host: https://example.org/s.css"),
        (9, "loads an image from another host: https://example.org/out.png"),
        (11, "loads an image from another host: https://example.org/md.png"),
    ]
    assert images == []


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.seen += [(tag, name, value or "") for name, value in attrs] or [(tag, "", "")]


FRAGMENTS = ["<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<script>alert(1)</script>", "<a href=",
             "javascript:alert(1)", "<iframe src=https://e.x/>", "<style>", "</style>", "<math><mtext>", "</mtext>",
             "<table><tr><td>", "<!--", "-->", "<![CDATA[", "]]>", "\"", "'", ">", "<", "<noscript>", "<template>",
             "<img src=https://e.x/a.png>", "<div style=\"background:url(https://e.x/b.png)\">", "&#106;", "<base href=//e.x>",
             "<object data=x>", "<form action=javascript:alert(1)><button>", "<video poster=//e.x/p>", "text"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14))
def test_allow_list_leaves_no_script_and_no_remote_load(parts):
    """Whatever the fragments combine to, the page keeps no handler, script address, loading element or remote image."""
    clean = sanitize.notebook("".join(parts))
    elements = _Elements()
    elements.feed(clean)
    for tag, name, value in elements.seen:
        assert tag not in {"script", "style", "iframe", "object", "embed", "base", "form", "video", "svg", "link"}, clean
        assert not name.startswith("on"), clean
        if name in ("src", "href"):
            assert notebooks.address_kind(value) not in ("script", "remote", "absolute") or tag == "a", clean
            assert tag != "a" or notebooks.address_kind(value) != "script", clean


def test_page_addresses_are_written_as_jupyter_reads_them():
    """Links and images written relative to the notebook lead where they do in Jupyter: files next to it, other
    notebooks' pages, the site's downloads; for the offline preview they are rewritten for pages as .html files."""
    converted = ('<div class="jupyter-wrapper"><div class="jp-Cell jp-MarkdownCell"><p><a href="glorot.ipynb#sec">g</a> '
                 '<a href="../papers.bib">b</a> <a href="#top">t</a> <a href="https://arxiv.org/">a</a> '
                 '<img src="figures/f.png" alt="f"> <img src="figures/d.svg" alt="d"></p></div></div><!-- jupyter-wrapper -->')
    content = notebook_html.page_content(converted, "notebooks/ba.ipynb", {"notebooks/figures/f.png": (320, 240)},
                                         {"notebooks/figures/d.svg": "data:image/svg+xml;base64,PHN2Zy8+"})
    assert content == ('<div class="cs-nb"><div class="cs-nb-cell cs-nb-markdown"><p><a href="../glorot/#sec">g</a> '
                       '<a href="../../papers.bib">b</a> <a href="#top">t</a> <a href="https://arxiv.org/">a</a> '
                       '<img alt="f" decoding="async" height="240" src="../figures/f.png" width="320"> '
                       '<img alt="d" decoding="async" src="data:image/svg+xml;base64,PHN2Zy8+"></p></div></div>')
    offline = notebook_html.for_file_urls(content, "notebooks/ba.ipynb")
    assert re.findall(r'(?:href|src)="([^"]*)"', offline) == ["glorot.html#sec", "../papers.bib", "#top", "https://arxiv.org/",
                                                             "figures/f.png", "data:image/svg+xml;base64,PHN2Zy8+"]


def test_code_keeps_only_the_token_spans_that_have_a_colour():
    """Names, whitespace and string prefixes in code are plain text (Material draws them in the code's colour or not
    at all); operators, numbers, strings and keywords keep their spans, and the code reads the same."""
    code = ('<span class="n">x</span><span class="w"> </span><span class="o">=</span><span class="w"> </span>'
            '<span class="sa">f</span><span class="s2">"a"</span><span class="w"> </span><span class="k">if</span>'
            '<span class="w"> </span><span class="n">y</span><span class="w"> </span><span class="k">else</span>'
            '<span class="w"> </span><span class="mi">1</span>')
    converted = ('<div class="jupyter-wrapper"><div class="jp-Cell jp-CodeCell"><div class="highlight-ipynb"><pre>'
                 f'<code>{code}</code></pre></div></div></div><!-- jupyter-wrapper -->')
    content = notebook_html.page_content(converted, "notebooks/ba.ipynb", {}, {})
    assert content == ('<div class="cs-nb"><div class="cs-nb-cell cs-nb-code"><div class="highlight"><pre><code>'
                       'x <span class="o">=</span> f<span class="s2">"a"</span> <span class="k">if</span> y '
                       '<span class="k">else</span> <span class="mi">1</span></code></pre></div></div></div>')


def test_only_pictures_that_may_be_on_the_first_screen_load_with_the_page():
    """A picture under a short introduction loads with the page; one below a screenful of code or text (a plot
    under its code) loads lazily, also the page's first, so that it does not take a phone's bandwidth from what
    the page needs first."""
    code = "\n".join(f'<span class="n">x{i}</span> <span class="o">=</span> <span class="mi">{i}</span>' for i in range(20))
    # Twenty short lines of code are a screenful, although they have fewer than 800 characters.
    assert len(re.sub(r"<[^>]+>", "", code)) < 800

    def lazy(intro: str) -> dict[str, bool]:
        converted = ('<div class="jupyter-wrapper">'
                     f'<div class="jp-Cell jp-MarkdownCell"><h1>Title</h1><p>A short introduction.</p>{intro}</div>'
                     f'<div class="jp-Cell jp-CodeCell"><div class="highlight-ipynb"><pre><code>{code}</code></pre></div>'
                     '<div class="jp-OutputArea"><div class="jp-OutputArea-output"><img src="b.png" alt="b"></div></div></div>'
                     '<div class="jp-Cell jp-MarkdownCell"><p><img src="c.png" alt="c"></p></div>'
                     '</div><!-- jupyter-wrapper -->')
        content = notebook_html.page_content(converted, "notebooks/ba.ipynb", {}, {})
        return {tag[len('<img alt="')]: 'loading="lazy"' in tag for tag in re.findall(r"<img [^>]*>", content)}

    assert lazy('<p><img src="a.png" alt="a"></p>') == {"a": False, "b": True, "c": True}
    assert lazy("") == {"b": True, "c": True}
