"""Accessibility of the notebook pages: axe-core finds nothing serious or critical on any of them, checked as
test_accessibility.py checks every other kind of page (both colour schemes, phone and desktop, mid-semester).

Their syntax-coloured code makes them the longest axe runs (color-contrast on every token); a module of their own
lets the second worker of `make test` take them while the first checks the rest.
"""

from __future__ import annotations

import pytest

from axe import SCHEMES, check_pages
from browser import DESKTOP, PHONE
from pagetypes import page_types


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_notebook_page(tabs, served, site, axe_script, scheme):
    """No notebook page has a serious or critical axe-core violation, in either colour scheme, on a phone or a desktop."""
    pages = {kind: address for kind, address in page_types(site.root).items() if kind.startswith("notebook ")}
    assert pages, "the seed has no notebook pages; this test checks nothing"
    problems = check_pages(tabs, served, pages, axe_script,
                           scheme=scheme, viewports={"phone": PHONE, "desktop": DESKTOP}, moment="mid-semester")
    assert problems == [], "\n".join(problems)
