"""Formulas in paper titles: MathML on the site, Unicode in the handout, calendars and the browser's title,
and a formula that cannot be safe MathML shown as written with a warning (never as markup)."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browser import serve
from conftest import Site, copy_course, run_cli
from coursesite.sources import formulas
from test_payloads_browser import AUDIT, POKE

MATH_TITLE = r"Sorting in $O(n \log n)$: $\ell_1$ Nets in $\mathbb{R}^n$"
HOSTILE = [
    r"$\href{javascript:__pwned(1)}{x}$",
    r"$\text{<img src=x onerror=__pwned(3)>}$",
    r"$\style{background:url(https://evil.example/a.png)}{y}$",
    r"$\htmlData{onclick=__pwned(4)}{z}$",
    r"$\html{x}$",
    r"$\href{https://evil.example/}{w}$",
    r"$\unicode{x}$",
    "$" + "x+" * 200 + "x$",
]
HOSTILE_CONVERTED = [r"$<script>__pwned(2)</script>$", "$" + "{" * 120 + "x" + "}" * 120 + "$"]


def _sub(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("math"))
    bib = (root / "papers.bib").read_text(encoding="utf-8")
    bib = _sub(bib, "{Do Deep Nets Really Need to be Deep?}", "{" + MATH_TITLE + "}")
    bib = _sub(bib, "{Visualizing the Loss Landscape of Neural Nets}", "{Hostile " + " ".join(HOSTILE + HOSTILE_CONVERTED) + "}")
    bib = _sub(bib, "{Understanding Deep Learning Requires Rethinking Generalization}", r"{Understanding $O(n \log n)$ Generalization}")
    (root / "papers.bib").write_text(bib, encoding="utf-8")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return Site(root), result.stderr


def _tree(element) -> str:
    """A <math> element as `tag(text)` tokens, for comparing structure without attributes."""
    return " ".join(f"{el.name}({el.string or ''})" if el.string and not el.find() else el.name
                    for el in [element, *element.find_all(True)])


@pytest.mark.slow  # reads the build of its own
def test_paper_page_shows_formulas_as_mathml(built):
    site, _ = built
    heading = site.content("/papers/ba2014deep/").select_one("h1")
    maths = heading.select("math")
    assert [_tree(m) for m in maths] == [
        "math mrow mi(O) mo(() mi(n) mspace mi(log) mspace mi(n) mo())",
        "math mrow msub mi(ℓ) mn(1)",
        "math mrow msup mi(ℝ) mi(n)",
    ]
    assert " ".join(heading.get_text(" ").split()).startswith("Sorting in")
    assert "$" not in heading.get_text()
    # The citation on the paper page, the reading list and the schedule show the same formulas.
    for url in ("/papers/ba2014deep/", "/papers/", "/schedule/"):
        shown = [_tree(m) for m in site.content(url).select("math")]
        assert "math mrow msub mi(ℓ) mn(1)" in shown and "math mrow msup mi(ℝ) mi(n)" in shown, url
    citation = site.content("/papers/ba2014deep/").select_one("#citation").find_next("p")
    assert len(citation.select("math")) == 3 and "J. Ba and R. Caruana" in citation.get_text()


@pytest.mark.slow  # reads the build of its own
def test_plain_outputs_get_the_unicode_text(built):
    site, _ = built
    # A page outside the navigation takes its <title> from the heading: Unicode, no markup.
    title = site.html("/papers/zhang2017understanding/").title.string
    assert title.startswith("Understanding O(n log n) Generalization - ")
    assert "<" not in site.path("/papers/zhang2017understanding/").read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
    # Attributes (the schedule's time elements name their paper) carry the Unicode text.
    attributes = [v for el in site.html("/schedule/").find_all(True) for v in el.attrs.values() if isinstance(v, str)]
    assert any("Sorting in O(n log n): ℓ₁ Nets in ℝⁿ" in v for v in attributes)
    calendar = icalendar.Calendar.from_ical((site.dir / "course.ics").read_bytes())
    texts = " ".join(str(e.get(k)) for e in calendar.walk("VEVENT") for k in ("SUMMARY", "DESCRIPTION") if e.get(k))
    assert "Sorting in O(n log n): ℓ₁ Nets in ℝⁿ" in texts and "<math" not in texts
    handout = subprocess.run(["pdftotext", "-layout", str(site.dir / "handout.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
    assert "Sorting in O(n log n): ℓ₁ Nets in ℝⁿ" in " ".join(handout.split())


@pytest.mark.slow  # reads the build of its own
def test_unconvertible_formulas_are_shown_as_written_and_named(built):
    site, stderr = built
    warned = [line for line in stderr.splitlines() if "cannot be converted to MathML" in line]
    for formula in HOSTILE:
        written = formula if len(formula) <= 60 else formula[:57] + "...$"
        assert any(f"`{written}`" in line and "entry 'li2018visualizing', title" in line for line in warned), formula
    assert len(warned) == len(HOSTILE)
    text = site.text("/papers/li2018visualizing/")
    for formula in HOSTILE:
        assert formula in text, formula  # as written, dollar signs included
    article = site.content("/papers/li2018visualizing/")
    assert article.select("img, script, [style*=url], [onclick], [onerror]") == []
    assert [a["href"] for a in article.select("[href]") if re.match(r"\s*(javascript|https?://evil)", a["href"], re.I)] == []
    for math in site.html("/papers/li2018visualizing/").select("math, math *"):
        assert set(math.attrs) <= formulas.MATHML_ATTRIBUTES, math.attrs
    calendar = (site.dir / "course.ics").read_text(encoding="utf-8")
    assert r"\\href{javascript:__pwned(1)}{x}" in re.sub(r"\r\n[ \t]", "", calendar)


@pytest.mark.browser
def test_formulas_render_and_nothing_runs_in_chromium(built, browser):
    """The MathML has a size in Chromium; the hostile title runs nothing, loads nothing from another host."""
    from browser import new_page
    site, _ = built
    page = new_page(browser)
    ran: list[str] = []
    requests: list[str] = []
    page.expose_function("__report", lambda what: ran.append(what))
    page.add_init_script("window.__pwned = (id) => window.__report(String(id));")
    page.on("dialog", lambda d: (ran.append(f"dialog {d.type}"), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    with serve(site.dir) as base:
        for url in ("papers/ba2014deep/", "papers/li2018visualizing/", "papers/", "schedule/"):
            page.goto(base + url, wait_until="load")
            page.evaluate(POKE)
            page.wait_for_timeout(50)
            assert page.evaluate(AUDIT) == [], url
        page.goto(base + "papers/ba2014deep/", wait_until="load")
        widths = page.evaluate("() => [...document.querySelectorAll('h1 math')].map(m => m.getBoundingClientRect().width)")
        assert len(widths) == 3 and all(w > 5 for w in widths)
        # MathML layout: the subscript sits lower than its base.
        low = page.evaluate("() => { const s = document.querySelector('h1 msub'); "
                            "return s.children[1].getBoundingClientRect().bottom - s.children[0].getBoundingClientRect().bottom; }")
        assert low > 0
    page.context.close()
    assert ran == []
    assert [u for u in requests if not u.startswith(base)] == []


GOOD = [(r"O(n \log n)", "mi"), (r"\ell_1", "msub"), (r"\mathbb{R}^n", "msup"), (r"\frac{a}{b}", "mfrac"),
        (r"\sqrt{x}", "msqrt"), (r"\alpha + \beta", "mo"), (r"\mathcal{O}(1)", "mi")]


@pytest.mark.parametrize(("tex", "element"), GOOD)
def test_standard_formulas_convert(tex, element):
    out = formulas.mathml(tex)
    assert out is not None and out.startswith('<math display="inline">') and f"<{element}" in out


@pytest.mark.parametrize("tex", [f[1:-1] for f in HOSTILE] + [r"\color{red} x", r"\textcolor{red}{x}", "a & b", ""])
def test_unsafe_or_unknown_formulas_do_not_convert(tex):
    assert formulas.mathml(tex) is None


_PIECES = st.sampled_from(["\\href{", "javascript:", "}{", "}", "{", "\\style{", "\\text{", "<", ">", "&", "\"", "'",
                           "\\html", "\\unicode{", "x", "_", "^", "\\frac", "\\mathbb{R}", "\\color{", "url(", " ",
                           "<!DOCTYPE", "<?x", "&#x", ";", "\\\\", "\\mathrm{", "onload=", "\\operatorname{"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join) | st.text(max_size=40))
def test_any_conversion_is_inert_mathml(tex):
    out = formulas.mathml(tex)
    if out is None:
        return
    root = ET.fromstring(out)
    for element in root.iter():
        assert element.tag.split("}")[-1] in formulas.MATHML_TAGS
        assert set(element.attrib) <= formulas.MATHML_ATTRIBUTES
    # Words like `javascript:` may appear as text (`\\text{javascript:}` is shown as written, inside <mtext>,
    # where it is inert); what must never appear is an attribute that links, styles or runs anything.
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not re.search(r"href|style|^on", name, re.I), (name, out)
            assert not re.search(r"javascript:|url\(|expression\(", value, re.I), (value, out)
