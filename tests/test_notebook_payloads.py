"""A hostile companion notebook, in Chromium: no script of its own runs, nothing loads from another host, the page stays light.

The notebook holds several variants of each way a student's pull request could attack the course's
readers: event handlers, script elements, `javascript:` in Markdown and HTML, SVG with script, raw
cells, committed outputs (HTML, JavaScript, widgets, SVG, Markdown, metadata naming files, cell tags),
and addresses on another host (images, frames, styles, fonts, media). Its outputs are committed and its
code cells empty, so the build needs no kernel.

`check` refuses the notebook for every remote address (test_check_names_every_remote_load). To see that
the page itself holds even what `check` could miss, the site is built with `check`'s verdict on
notebooks switched off; every payload calls `__pwned(<id>)`, which an init script defines, dialogs
count too, and a recorder refuses and records every request to another host.
"""

from __future__ import annotations

import base64
import io
import json
from urllib.parse import urlsplit

import pytest

from browser import DESKTOP, PHONE, new_page, serve
from conftest import build_site, copy_course, run_cli
from coursesite.course import notebooks
from coursesite.exports import notebook_cells
from test_notebook_site import page_weight
from test_privacy import Recorder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KEY = "notebooks/hostile.ipynb"
REMOTE = "remote.example"


def _p(i: str) -> str:
    return f"__pwned('{i}')"


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def md(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def out(data: dict, metadata: dict | None = None, kind: str = "display_data") -> dict:
    extra = {"execution_count": 1} if kind == "execute_result" else {}
    return {"output_type": kind, "metadata": metadata or {}, "data": data, **extra}


def code(*outputs: dict, metadata: dict | None = None) -> dict:
    return {"cell_type": "code", "execution_count": 1, "metadata": metadata or {}, "source": "", "outputs": list(outputs)}


PICTURE = base64.b64encode(png(300, 200)).decode()
SCRIPT_CELLS = [
    md("# Hostile notebook\n\nA [link to the paper](https://arxiv.org/abs/1412.6980) stays a link."),
    md(f'<img src=x onerror="{_p("md-img")}"> <details open ontoggle="{_p("md-details")}">d</details>'),
    md(f"## Section <img src=x onerror=\"{_p('toc')}\"> &lt;script&gt;{_p('toc-2')}&lt;/script&gt; $x<y$"),
    md(f'<svg onload="{_p("md-svg")}"><script>{_p("md-svg-script")}</script></svg>\n\n'
       f'<svg><a xlink:href="javascript:{_p("md-svg-a")}"><text y="20">svg link</text></a></svg>'),
    md(f"<script>{_p('md-script')}</script>\n\n<noscript><p title=\"</noscript><img src=x onerror={_p('md-noscript')}>\"></noscript>"),
    md(f"[a](javascript:{_p('md-js-1')}) [b](JaVaScRiPt:{_p('md-js-2')}) [c](&#106;avascript:{_p('md-js-3')})\n\n"
       f"[d][r]\n\n[r]: javascript:{_p('md-js-4')}\n\n<a href=\"jav&#x09;ascript:{_p('md-js-5')}\">e</a>"),
    md(f'<math><mtext><table><mglyph><style><img src=x onerror="{_p("md-mxss")}"></style></mglyph></table></mtext></math>'
       f'\n\n<form><button formaction="javascript:{_p("md-form")}">go</button></form>'
       f'\n\n<iframe srcdoc="<script>parent.{_p("md-srcdoc")}</script>"></iframe>'),
    md(f'<div id="__drawer" class="md-header" style="position:fixed;top:0;left:0;width:100%;height:100%;'
       f'background:red" onmouseover="{_p("md-overlay")}">overlay</div>\n\n<style>body {{ display: none }}</style>'),
    {"cell_type": "raw", "metadata": {}, "source": f"<script>{_p('raw-1')}</script><img src=x onerror={_p('raw-2')}>"},
    {"cell_type": "raw", "metadata": {"raw_mimetype": "text/html"}, "source": f"<svg onload={_p('raw-3')}>"},
    code(out({"text/html": f'<img src=x onerror="{_p("out-html")}">', "text/plain": "<IPython.core.display.HTML object>"}),
         out({"application/javascript": _p("out-js"), "text/plain": "<IPython.core.display.Javascript object>"}),
         out({"application/vnd.jupyter.widget-view+json": {"model_id": "1", "version_major": 2, "version_minor": 0},
              "text/plain": "IntSlider(value=3)"}),
         out({"text/html": f"<script>{_p('out-script')}</script><b>bold</b>", "text/plain": "Bold"}, kind="execute_result"),
         metadata={"tags": [f'x" onmouseover="{_p("tag")}']}),
    code(out({"image/svg+xml": f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="{_p("out-svg")}">'
                               f'<script>{_p("out-svg-2")}</script><rect width="40" height="20"/></svg>', "text/plain": "svg"}),
         out({"text/markdown": f"[m](javascript:{_p('out-md')})", "text/plain": "md"}),
         out({"image/png": PICTURE, "text/plain": "<Figure size 300x200>"}, {"filenames": {"image/png": f"javascript:{_p('meta')}"}}),
         out({"text/vnd.mermaid": "graph TD; A-->B", "text/plain": "mermaid"}),
         out({"application/vnd.plotly.v1+json": {"data": []}, "image/png": PICTURE, "text/plain": "Figure()",
              "text/html": f'<script src="https://cdn.plot.ly/plotly.min.js"></script><script>{_p("plotly")}</script>'}),
         {"output_type": "stream", "name": "stdout", "text": f"\x1b[31mred\x1b[0m <script>{_p('stream')}</script>"},
         {"output_type": "error", "ename": "E", "evalue": "v", "traceback": [f"<img src=x onerror={_p('traceback')}>"]}),
    md("A figure saved next to the notebook: ![Local figure](figures/local.png) and a drawing ![SVG](figures/drawing.svg)"),
]
# Each of these loads from another host; `check` names every one (cell numbers follow SCRIPT_CELLS).
REMOTE_CELLS = [
    md(f"![Figure 1](https://{REMOTE}/fig1.png) ![Up](HTTPS://{REMOTE.upper()}/up.png)"),
    md(f"![f][r]\n\n[r]: https://{REMOTE}/ref.png"),
    md(f'<img src="https:&#x2F;&#x2F;{REMOTE}/entity.png"> <img srcset="//{REMOTE}/srcset.png 2x" alt="s">'),
    md(f'<iframe src="https://{REMOTE}/frame"></iframe> <object data="https://{REMOTE}/o.pdf"></object> '
       f'<embed src="https://{REMOTE}/e.swf">'),
    md(f'<link rel="stylesheet" href="https://{REMOTE}/s.css">\n\n<style>@import "https://{REMOTE}/i.css"; '
       f'@font-face {{ font-family: x; src: url(https://{REMOTE}/f.woff) }}</style>'),
    md(f'<video src="https://{REMOTE}/v.mp4" poster="https://{REMOTE}/p.png"></video> <audio src="//{REMOTE}/a.mp3"></audio>'),
    md(f'<div style="background-image: url(https://{REMOTE}/bg.png)">bg</div> '
       f'<table background="https://{REMOTE}/t.png"><tr><td>t</td></tr></table>'),
    code(out({"text/html": f'<img src="https://{REMOTE}/image-url.png"/>', "text/plain": "<IPython.core.display.Image object>"})),
    code(out({"text/html": f'<img src="//{REMOTE}/protocol.png">', "text/plain": "x"})),
    code(out({"text/markdown": f"![m](https://{REMOTE}/markdown-output.png)", "text/plain": "x"})),
]
CELLS = SCRIPT_CELLS + REMOTE_CELLS


def hostile_notebook() -> str:
    return json.dumps({"cells": CELLS, "nbformat": 4, "nbformat_minor": 5,
                       "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                                    "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}}})


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("hostile-notebook"))
    (root / KEY).write_text(hostile_notebook(), encoding="utf-8")
    (root / "notebooks" / "figures").mkdir()
    (root / "notebooks" / "figures" / "local.png").write_bytes(png(320, 240))
    (root / "notebooks" / "figures" / "drawing.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30" onload="{_p("local-svg")}"><script>{_p("local-svg-2")}'
        f'</script><image href="https://{REMOTE}/in-svg.png" width="10" height="10"/><rect width="60" height="30"/></svg>',
        encoding="utf-8")
    text = (root / "course.yaml").read_text(encoding="utf-8")
    (root / "course.yaml").write_text(text.replace("notebook: notebooks/ba2014deep.ipynb", f"notebook: {KEY}"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile(course):
    real = notebooks.breaches
    with pytest.MonkeyPatch.context() as patch:
        # check's verdict off: the page must hold by itself (the images next to the notebook are still published)
        patch.setattr(notebooks, "breaches", lambda *args: ([], real(*args)[1]))
        return build_site(course)


def test_check_names_every_remote_load(course):
    """`check` refuses the notebook, naming each cell that loads from another host; no script cell is named."""
    result = run_cli(course, "check")
    assert result.returncode == 1
    named = {int(line.split("cell ")[1].split(":")[0]) for line in result.stderr.splitlines() if line.startswith(f"error: {KEY}: cell ")}
    first_remote = len(SCRIPT_CELLS) + 1
    assert named == set(range(first_remote, len(CELLS) + 1))
    assert f"error: {KEY}: cell {first_remote}: loads an image from another host: https://{REMOTE}/fig1.png; " \
           f"{notebooks.REMOTE_FIX}" in result.stderr.splitlines()


AUDIT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('article *')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(`${el.tagName} ${a.name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'poster', 'srcset'].includes(a.name)) {
        let url;
        try { url = new URL(a.value, document.baseURI); } catch { continue; }
        if (!['http:', 'https:', 'mailto:'].includes(url.protocol) && !(el.tagName === 'IMG' && url.protocol === 'data:')) bad.push(`${el.tagName} ${a.name}=${a.value.slice(0, 60)}`);
        if (el.tagName !== 'A' && url.host !== location.host && url.protocol !== 'data:') bad.push(`${el.tagName} ${a.name} from ${url.host}`);
      }
    }
    if (getComputedStyle(el).position === 'fixed') bad.push(`${el.tagName} position fixed`);
  }
  for (const tag of ['script', 'style', 'iframe', 'object', 'embed', 'svg', 'video', 'audio', 'link', 'form'])
    if (document.querySelector(`article ${tag}`)) bad.push(`article has <${tag}>`);
  if (document.querySelector('article pre.mermaid')) bad.push('mermaid diagram');
  return bad;
}"""
POKE = """async () => {
  for (const el of document.querySelectorAll('article *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'toggle', 'animationstart', 'load', 'error'])
      el.dispatchEvent(new Event(type));
  }
  for (const a of document.querySelectorAll('article a[href]')) if (!a.href.startsWith('http')) a.click();
  window.scrollTo(0, document.body.scrollHeight);
  await new Promise(r => setTimeout(r, 300));
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_hostile_notebook_runs_nothing_and_loads_nothing_from_another_host(hostile, browser, viewport):
    """The page loads, is scrolled, hovered and its links clicked: no payload runs, no dialog opens, no other host is asked."""
    page = new_page(browser, viewport=viewport)
    ran: list[str] = []
    page.expose_function("__report", lambda what: ran.append(what))
    page.add_init_script("window.__pwned = (id) => window.__report(String(id));")
    page.on("dialog", lambda d: (ran.append(f"dialog {d.type}: {d.message}"), d.dismiss()))
    with serve(hostile.dir) as base:
        recorder = Recorder(page.context, urlsplit(base).netloc)
        try:
            page.goto(base + "notebooks/hostile/", wait_until="load")
            page.wait_for_load_state("networkidle")  # "load" first: see browser.py
            problems = page.evaluate(AUDIT)
            page.evaluate(POKE)
            page.wait_for_load_state("networkidle")
            shown = page.evaluate("""() => [...document.querySelectorAll('article img')].map(
                img => [img.getAttribute('src'), img.naturalWidth, img.getAttribute('width'), img.getAttribute('loading')])""")
            text = page.inner_text("article")
        finally:
            page.context.close()
    assert ran == [] and problems == []
    assert recorder.hosts() == {urlsplit(base).netloc}, sorted(u for u in recorder.urls if REMOTE in u or "plot.ly" in u)
    assert "__pwned" in hostile.path("/notebooks/hostile/").read_text(encoding="utf-8")  # the payloads arrived, as text
    # The local figure and the output pictures are files on the site, shown with their size.
    local = [s for s in shown if s[0] == "../figures/local.png"]
    assert local and local[0][1:3] == [320, "320"] and local[0][3] == "lazy"
    outputs = [(src, width) for src, width, _, _ in shown if (src or "").startswith("output-")]
    assert len(outputs) == 2 and all(width > 0 for _, width in outputs), shown  # the PNG outputs
    # SVG (an output, a file next to the notebook) is shown from a data: address, never published as a file
    # of the site, where opened on its own it would run its script.
    drawings = [s for s in shown if (s[0] or "").startswith("data:image/svg+xml;base64,")]
    assert len(drawings) == 2 and all(width > 0 for _, width, _, _ in drawings), shown
    assert not list(hostile.dir.rglob("*.svg"))
    # Interactive outputs are shown in their static form, with the note; raw cells are not published.
    assert "IntSlider(value=3)" in text and text.count(notebook_cells.STATIC_NOTE) >= 5
    assert "raw-1" not in text and "raw-3" not in text
    article = hostile.content("/notebooks/hostile/")
    assert [c for c in article.select(".highlight") if not c.get_text().strip()] == []  # no empty code blocks


def test_hostile_page_weighs_under_the_budget(hostile):
    """Even the hostile notebook's page, with its stylesheets, stays under 300 kB apart from its images."""
    weights = page_weight(hostile, "hostile")
    print(weights)
    assert 5_000 < sum(weights.values()) < 300_000
