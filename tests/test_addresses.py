"""An e-mail address is name@host.domain and nothing more: in course.yaml, in the JSON Schema and in prose links.

A `?bcc=` or `?body=` after an address would copy every student's mail to the organizer to someone else,
or write its text; the loader, the schema that editors check with, and the links in Markdown prose refuse it alike.
"""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from coursesite.render import escape
from coursesite.sources import addresses

GOOD = ["organizer@uni.example", "a.b+seminar@mathi.uni-heidelberg.de", "jürgen.müller@uni.example", "x_y@sub.host.example"]
BAD = ["a@uni.example?bcc=someone@else.example&body=x", "a@uni.example?body=x", "a@uni.example&cc=b@c.example",
       "a@uni.example,b@c.example", "a@b", "a@b.example.", "a@-b.example", ".a@b.example", "a@@b.example",
       "a@uni.example\r\nBcc: b@c.example", "a@uni.example ?bcc=b@c.example", "Name <a@b.example>", "a@b.example%3Fbcc=c@d.example"]
EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.escapeall", "pymdownx.superfences"]


@pytest.mark.parametrize("value", GOOD)
def test_plain_addresses_pass_everywhere(value):
    """A plain address passes the loader, the schema's pattern, and a `mailto:` link in prose stays a link."""
    assert addresses.email_problem(value) is None
    assert addresses.address_problem(f"mailto:{value}") is None
    assert re.match(addresses.EMAIL_PATTERN, value) and re.match(addresses.ADDRESS_PATTERN, f"mailto:{value}")
    html = markdown.markdown(escape.prose(f"[write to us](mailto:{value})"), extensions=EXTENSIONS)
    assert BeautifulSoup(html, "html.parser").a["href"] == f"mailto:{value}"


@pytest.mark.parametrize("value", BAD)
def test_anything_more_is_refused_everywhere(value):
    """Extra recipients, headers, a body or a second address: refused by the loader and the schema, and a
    prose link to it is reduced to its text (inline, autolink and reference definition alike)."""
    assert addresses.email_problem(value) is not None
    assert addresses.address_problem(f"mailto:{value}") is not None
    assert not re.match(addresses.EMAIL_PATTERN, value) and not re.match(addresses.ADDRESS_PATTERN, f"mailto:{value}")
    one_line = " ".join(value.split())
    for prose in (f"[write to us](mailto:{one_line})", f"<mailto:{one_line}>", f"[x]: mailto:{one_line}\n\n[write][x]"):
        html = markdown.markdown(escape.prose(prose), extensions=EXTENSIONS)
        assert [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a")] == [], prose


def test_the_hidden_recipient_message():
    """The organizer learns why the `?` part is refused."""
    assert addresses.email_problem("a@uni.example?bcc=someone@else.example&body=x") == (
        "has a `?` or `&` part after the address, which could add hidden recipients (bcc) or text to every mail sent "
        "through the link")


@given(st.text(st.sampled_from("ab.-_+@?&=%,ü \n"), max_size=20))
def test_loader_and_schema_agree(value):
    """For any text, the loader's rule and the JSON Schema's pattern accept the same e-mail addresses."""
    assert (addresses.email_problem(value) is None) == bool(re.match(addresses.EMAIL_PATTERN, value))


@pytest.mark.parametrize("extra", sorted(addresses._NOT_LETTER))
def test_loader_classes_are_the_schemas_for_every_code_point(extra):
    """The loader's regex writes each character class of an address as what it leaves out (it compiles at once); for
    every code point, that class and the schema's readable one agree."""
    every = "".join(map(chr, range(0x110000)))
    readable = re.sub(f"[{addresses._LETTER}{extra}]", "", every)
    assert readable == re.sub(f"[^{addresses._NOT_LETTER[extra]}]", "", every)
    assert 0 < len(readable) < len(every)  # the class takes some code points, not all
