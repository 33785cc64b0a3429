"""Known ways around the prose rules: each is stopped by `escape.prose`, and again by the allow-list pass.

Each payload is rendered the way the site renders prose (Python-Markdown with mkdocs.yml's
extensions); the test asserts what reaches the page: no element or attribute that runs script, no
link to another scheme or host. The same payloads also go through `sanitize.page` alone, without
the source rules, to show that the second line holds by itself.
"""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from coursesite.render import escape, sanitize

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.escapeall", "pymdownx.superfences"]

TABLE = "<table><tbody><tr>{}</tr></tbody></table>"

BYPASSES = {
    "escaped backticks around HTML": r"\`<script>alert(1)</script>\`",
    "escaped backticks inline": r"a \`<img src=x onerror=alert(1)>\` b",
    "definition in a block quote": "> [x]: javascript:alert(1)\n>\n> [click][x]",
    "definition in a list item": "- [x]: javascript:alert(1)\n\n[click][x]",
    "definition in a numbered item": "1. [x]: javascript:alert(1)\n\n[c][x]",
    "definition with the target on the next line": "[x]:\n  javascript:alert(1)\n\n[click][x]",
    "link with a single-quoted title": "[click](javascript:alert(1) 'title')",
    "link with a parenthesised title": "[click](javascript:alert(1) (title))",
    "protocol-relative link": "[click](//evil.example/x)",
    "backslash host": "[click](/\\evil.example/x)",
    "protocol-relative definition": "[x]: //evil.example/\n\n[click][x]",
    "attribute list": "text{: onclick=alert(1) }",
    "data: link": "[click](data:text/html,<script>alert(1)</script>)",
    "entity-encoded scheme": "[click](&#106;avascript:alert(1))",
    "indented block continuing a list item": "- item\n\n    <img src=x onerror=alert(1)>",
    "indented block after a list, tab-indented": "1. item\n\n\t<script>alert(1)</script>",
    "indented code, then prose": "x\n\n    code\n\n<script>alert(1)</script>",
}


def unsafe(html: str) -> list[str]:
    """What in the HTML could run script or lead off the site: elements, event handlers, other schemes."""
    found = []
    for el in BeautifulSoup(html, "html.parser").find_all(True):
        if el.name in ("script", "img", "iframe", "object", "embed", "svg", "math", "style", "link", "meta"):
            found.append(el.name)
        for name, value in el.attrs.items():
            if name.startswith("on") or name in ("style", "src", "srcdoc", "formaction"):
                found.append(f"{el.name}[{name}]")
            if name == "href":
                value = value.strip()
                if value.startswith("//") or "\\" in value or (":" in value.split("/")[0] and not value.startswith(("https:", "http:", "mailto:"))):
                    found.append(f"href={value}")
    return found


@pytest.mark.parametrize("payload", BYPASSES.values(), ids=BYPASSES.keys())
def test_prose_rules_stop_the_bypass(payload):
    """The prose rules alone leave nothing that runs or leads elsewhere."""
    assert unsafe(markdown.markdown(escape.prose(payload), extensions=EXTENSIONS)) == []


@pytest.mark.parametrize("payload", BYPASSES.values(), ids=BYPASSES.keys())
def test_allow_list_alone_stops_the_bypass(payload):
    """Without the prose rules, the allow-list pass over the rendered HTML still removes it."""
    raw = markdown.markdown(payload, extensions=EXTENSIONS)
    assert unsafe(sanitize.page(raw)) == []


@pytest.mark.parametrize("html, kept", [
    ('<p><a href="https://example.org/a?b=1" title="t">x</a></p>', '<p><a href="https://example.org/a?b=1" title="t">x</a></p>'),
    ('<p><a href="../papers/ba2014deep/">x</a></p>', '<p><a href="../papers/ba2014deep/">x</a></p>'),
    ('<p><a href="mailto:a@b.example">x</a></p>', '<p><a href="mailto:a@b.example">x</a></p>'),
    (TABLE.format('<td style="text-align: left;">x</td>'), TABLE.format('<td style="text-align: left;">x</td>')),
    ('<h2 id="roles">Roles<a class="headerlink" href="#roles" title="Permanent link">¶</a></h2>',
     '<h2 id="roles">Roles<a class="headerlink" href="#roles" title="Permanent link">¶</a></h2>'),
])
def test_allow_list_keeps_what_the_pages_need(html, kept):
    """Links to the web, e-mail and the site, table alignment and permalinks pass unchanged."""
    assert sanitize.page(html) == kept


@pytest.mark.parametrize("html, left", [
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="//evil.example/">x</a>', "<a>x</a>"),
    (TABLE.format('<td style="background:url(https://evil.example/)">x</td>'), TABLE.format("<td>x</td>")),
    ('<p onclick="alert(1)">x</p>', "<p>x</p>"),
    ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
])
def test_allow_list_removes(html, left):
    """Unsafe schemes, other hosts, arbitrary styles, event handlers and scripts are removed."""
    assert sanitize.page(html) == left


@pytest.mark.parametrize("payload", ["Example:\n\n    <b>bold</b> & &amp; {x}\n\nafter", "```\n<b> &amp;\n```",
                                     "- a list\n\ntext\n\n    <b> &amp;"])
def test_code_blocks_show_as_written(payload):
    """Code, fenced or indented by four spaces, shows its text exactly once escaped: `<b>` and `&amp;` as typed."""
    html = markdown.markdown(escape.prose(payload), extensions=EXTENSIONS)
    code = BeautifulSoup(html, "html.parser").find("code").get_text()
    assert "<b>" in code and "&amp;" in code and "&lt;" not in code


def test_code_blocks_in_one_line_prose_stay_text():
    """A question (one-line prose) with an indented block shows its HTML as text, not as markup."""
    html = markdown.markdown(escape.inline_prose("Example:\n\n    <img src=x onerror=alert(1)>"), extensions=EXTENSIONS)
    assert unsafe(html) == [] and "<img src=x" in BeautifulSoup(html, "html.parser").get_text()
