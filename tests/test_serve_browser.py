"""`ccmkg serve` in a real browser: Debian's Chromium (/usr/bin/chromium) driven by Playwright.

Never a downloaded browser: Playwright is given executable_path. `.ci/run` installs the
`chromium` package when /usr/bin/chromium is missing; without it these tests are skipped.
"""
from __future__ import annotations

import os

import pytest

from tests.servers import CHROMIUM, ROOT, browser_page, ccmkg_server, chromium


playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing (apt-get install chromium)")


@pytest.fixture(scope="module")
def server():
    yield from ccmkg_server()


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.fixture
def page(browser):
    yield from browser_page(browser)


def shoot(page, name: str) -> None:
    """Refresh the screenshots the README shows (docs/*.png) when asked: CCMKG_SCREENSHOTS=1."""
    if os.environ.get("CCMKG_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / name))


def test_home_page(server, page):
    page.goto(server + "/")
    assert "Convention on Cluster Munitions" in page.locator("h1").inner_text()
    assert page.locator('table.documents a[href="/id/doc/CCM-MSP-2011-5"]').inner_text() == "CCM-MSP-2011-5"
    assert page.locator(".counts li").count() >= 8
    assert page.locator(".matrix svg rect").count() > 100
    shoot(page, "screenshot-home.png")
    page.locator('.matrix svg a[href="/id/state/LBN"]').click()
    page.wait_for_url("**/id/state/LBN")
    assert page.locator("h1").inner_text() == "Lebanon"


def test_state_page(server, page):
    page.goto(server + "/id/state/LBN")
    assert page.locator("h1").inner_text() == "Lebanon"
    assert page.get_by_role("heading", name="Capacity and dated statuses").is_visible()
    findings = page.locator("table.findings tbody tr")
    assert findings.count() >= 10
    assert findings.first.locator("mark").count() >= 1
    shoot(page, "screenshot-state.png")
    findings.first.locator('a[href*="annex_2__fn_"]').first.click()
    assert page.locator(".text mark").count() >= 1  # the footnote, its quoted spans marked


def test_query_page_runs_a_query(server, page):
    page.goto(server + "/query")
    page.fill("#query", "PREFIX ccm: <https://w3id.org/ccmkg/ontology#>\n"
                        "SELECT ?s ?iso WHERE { ?s ccm:iso3166Alpha3 ?iso } ORDER BY ?iso LIMIT 5")
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr")
    assert page.locator("#results-table tbody tr").count() == 5
    assert "5 results" in page.locator("#status").inner_text()
    assert page.locator("#results-table a").first.get_attribute("href").startswith("/id/")


def test_query_page_shows_errors_and_truncation(server, page):
    page.goto(server + "/query")
    page.fill("#query", "SELEC nothing")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "400" in page.locator("#status").inner_text()
    page.fill("#query", "SELECT * WHERE { ?s ?p ?o }")
    page.click("#run")
    page.wait_for_selector("#truncated")
    assert page.locator("#results-table tbody tr").count() == 10000


def test_saved_query_one_click_run(server, page):
    page.goto(server + "/")
    page.locator('a.run[href="/query?saved=participants"]').click()
    page.wait_for_selector("#results-table tbody tr")
    assert page.locator("#results-table tbody tr").count() > 50
