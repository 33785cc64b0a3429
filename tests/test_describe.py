"""The meta description's sentence: from any paragraph text, a prefix of it, short, on one line."""

from __future__ import annotations

from html import escape

from hypothesis import given
from hypothesis import strategies as st

from coursesite.render.describe import LIMIT, first_sentence


# Text as Markdown renders it: no control characters but line breaks and tabs (an HTML parser drops them).
@given(st.text(st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t "), min_size=1))
def test_a_prefix_of_the_first_paragraph(text):
    shown = " ".join(text.split())
    sentence = first_sentence(f"<p>{escape(text)}</p><p>Second paragraph.</p>")
    assert len(sentence) <= LIMIT
    # A paragraph of separators only (":", " · ") says nothing, so the next paragraph describes the page.
    if shown.strip(" ·|,;:"):
        assert sentence and shown.startswith(sentence.removesuffix("…"))
    else:
        assert sentence == "Second paragraph."


def test_sentences_links_and_headings():
    assert first_sentence('<p><a href="../">← Back</a></p><p>One <em>two</em>. Three.</p>') == "One two."
    assert first_sentence("<p>Is it Deep? (Ba &amp; Caruana). Next one.</p>") == "Is it Deep? (Ba & Caruana)."
    assert first_sentence('<h1 id="a">List<a class="headerlink" href="#a">¶</a></h1><h2>A</h2><h2>B</h2><ul><li>x</li></ul>') \
        == "List: A · B"
    assert first_sentence("<p>&lt;script&gt;alert(1)&lt;/script&gt; done.</p>") == "<script>alert(1)</script> done."
    assert first_sentence("<div></div>") == ""
