"""The workbench's web pages in a real browser (Debian's Chromium driven by Playwright, as in
tests/test_serve_browser.py): the matrix's labels, title and legend; an annex in reading order;
labels instead of IRIs; a readable SPARQL error; the saved-query picker; the favicon.
Expected values are read from the document (data/source/CCM-MSP-2011-5.txt)."""
from __future__ import annotations

import os
import re

import pytest

from tests.servers import CHROMIUM, ROOT, browser_page, ccmkg_server, chromium

SOURCE = (ROOT / "data" / "source" / "CCM-MSP-2011-5.txt").read_text(encoding="utf-8")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

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
    yield from browser_page(browser, csp_refusals=True)


def test_the_matrix_shows_its_longest_label_whole_with_a_title_and_a_legend(server, page):
    page.goto(server + "/")
    # paragraph 8 names "United Kingdom of Great Britain and Northern Ireland"; annex II lists it
    label = page.locator(".matrix svg text.state", has_text="United Kingdom of Great Britain and Northern Ireland")
    assert label.count() == 1
    inside = label.evaluate("""e => { const box = e.getBBox(); const svg = e.ownerSVGElement.viewBox.baseVal;
                                     return box.x >= 0 && box.x + box.width <= svg.width; }""")
    assert inside
    assert "by State and theme" in page.locator(".matrix svg text.matrix-title").text_content()
    assert "number of findings" in page.locator(".matrix svg .legend").text_content()
    assert page.locator(".matrix svg .legend rect").count() >= 2


def test_an_annex_page_reads_in_order_with_footnotes_1_2_3(server, page):
    page.goto(server + "/id/doc/CCM-MSP-2011-5/annex_2")
    numbers = [int(n) for n in page.locator(".reading .part.fn").evaluate_all("els => els.map(e => e.dataset.number)")]
    # annex II's footnotes, as the source text numbers them (superscript digits opening a line)
    annex = SOURCE[SOURCE.index("Beirut progress report"):SOURCE.index("Annex III")]
    expected = sorted({int(m.translate(SUPERSCRIPTS)) for m in re.findall(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+) ", annex, re.M)})
    assert numbers == expected and numbers[:3] == [1, 2, 3]
    # the text of footnote 21, as the document gives it
    fn21 = page.locator('.reading .part.fn[data-number="21"] .text').inner_text()
    assert fn21 == "Bosnia and Herzegovina, Canada, Croatia, Germany and United Kingdom."
    # the count said is the count of marks shown
    marks = page.locator(".reading mark").count()
    assert marks > 0 and page.locator(".reading").locator("xpath=preceding-sibling::p[1]").inner_text().startswith(f"{marks} quoted spans")


def test_a_paragraph_counts_the_spans_it_marks(server, page):
    page.goto(server + "/id/doc/CCM-MSP-2011-5/main__para_9")
    marks = page.locator(".text mark").count()
    # paragraph 9 names six States; each is a quoted span
    for name in ("Afghanistan", "Bulgaria", "Costa Rica", "Grenada", "Senegal", "Swaziland"):
        assert page.locator(".text mark", has_text=name).count() == 1
    assert marks >= 6
    assert page.locator("p.hint").first.inner_text().startswith(f"{marks} quoted spans marked")


def test_types_and_properties_are_shown_by_label(server, page):
    page.goto(server + "/id/state/LBN")
    props = page.locator("table.props").first
    assert "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" not in props.inner_text()
    row = props.locator("tr", has=page.locator('a[title="rdf:type"]'))
    assert row.locator("td").first.inner_text() == "type" and row.locator("td").nth(1).inner_text() == "State"


def test_a_sparql_error_is_a_readable_box(server, page):
    page.goto(server + "/query")
    page.fill("#query", "SELECT ?s WHERE { ?s a nope:Thing }")
    page.click("#run")
    page.wait_for_selector("#error.error-box")
    message = page.locator("#error pre").inner_text()
    assert "unknown prefix 'nope:'" in message and "known prefixes:" in message
    box = page.locator("#error").bounding_box()
    form = page.locator("#query").bounding_box()
    assert box["width"] <= form["width"] + 2  # wrapped inside the page, not widening it
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_query_page_opens_with_the_prefix_table_and_runs_with_it(server, page):
    page.goto(server + "/query")
    text = page.input_value("#query")
    for prefix in ("ccm:", "rdfs:", "status:", "capacity:", "msp5:", "wd:"):
        assert f"PREFIX {prefix} <" in text
    page.fill("#query", "SELECT ?s WHERE { ?s ccm:iso3166Alpha3 \"LBN\" }")  # no PREFIX: predefined
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr")
    assert page.locator("#results-table a").first.get_attribute("href") == "/id/state/LBN"


def test_the_picker_runs_a_saved_query_and_says_what_it_takes(server, page):
    page.goto(server + "/query")
    page.select_option("#saved", "participants")
    page.wait_for_url(re.compile(r".*/query\?saved=participants$"))
    page.wait_for_selector("#results-table tbody tr")
    # paragraphs 8-14 list 46 + 6 + 38 + 41 States and the organizations of paragraphs 12-14
    assert page.locator("#results-table tbody tr").count() > 46 + 6 + 38 + 41
    assert "paragraphs 8-14" in page.locator("#saved-about").inner_text()
    assert page.locator("#saved option:checked").get_attribute("value") == "participants"


def test_a_saved_query_with_parameters_shows_them(server, page):
    from ccmkg.query import saved_queries
    with_params = [q for q in saved_queries(ROOT / "queries").values() if q.params]
    assert with_params
    query = with_params[0]
    page.goto(server + "/query?saved=" + query.name)
    about = page.locator("#saved-about")
    for param in query.params:
        assert f"?{param.name}" in about.inner_text()
    page.wait_for_selector("#results-table, #error", timeout=20000)


def test_the_favicon_is_shipped(server, page):
    response = page.goto(server + "/favicon.ico")
    assert response.status == 200 and response.headers["content-type"] == "image/x-icon"
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page.goto(server + "/")
    assert page.locator('link[rel="icon"]').get_attribute("href") == "/favicon.ico"
