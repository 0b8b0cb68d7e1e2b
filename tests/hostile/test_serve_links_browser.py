"""The query page in a real browser (Chromium via Playwright, as tests/test_serve_browser.py):
a crafted /query?query=... link runs its query on load, so the results it draws must not carry
a script link, and the page's Content-Security-Policy must hold no inline script."""
from __future__ import annotations

import os
import urllib.parse

import pytest

from tests.servers import CHROMIUM, ccmkg_server, chromium

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing (apt-get install chromium)")

CRAFTED = ("SELECT ?x WHERE { VALUES ?x { <javascript:document.title='owned'> <JavaScript:alert(1)> "
           "<data:text/html,hi> <https://example.org/ok> <https://w3id.org/ccmkg/id/state/LBN> } }")


@pytest.fixture(scope="module")
def server():
    yield from ccmkg_server()


@pytest.fixture(scope="module")
def page(server):
    for browser in chromium():
        yield browser.new_page()


def test_a_crafted_query_link_draws_no_script_link(server, page):
    page.goto(server + "/query?" + urllib.parse.urlencode({"query": CRAFTED}))
    page.wait_for_selector("#results-table tbody tr")
    cells = page.locator("#results-table tbody td")
    assert cells.count() == 5
    hrefs = [a.get_attribute("href") for a in page.locator("#results-table a").all()]
    assert hrefs == ["https://example.org/ok", "/id/state/LBN"]
    assert "javascript:document.title='owned'" in cells.all_inner_texts()  # shown as text
    # click where a script link would be: with one, the page's title would change
    page.locator("#results-table").get_by_text("javascript:document.title='owned'", exact=True).click()
    assert page.title() != "owned"
