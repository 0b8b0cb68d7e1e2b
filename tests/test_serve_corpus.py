"""`ccmkg serve` over a corpus: the project's document and the TEST FIXTURE of tests/fixtures/corpus/
(not a United Nations document) built together in a copy of the project, as tests/test_corpus.py
builds them, and served by a real `ccmkg --root COPY serve` process asked over HTTP.

Expected values are read from the two texts: the fixture's cover line names its symbol
(TEST/FIXTURE/2012/1), its paragraphs are the lines "N. ...", its one footnote the line starting
with a superscript one, its one decision the sentence "the Meeting decided to ..."; the lists of
its paragraphs 3 and 4, the observer of its paragraph 5 and its footnote name the members. The real
document's cover has "Final document" on a line of its own, and its footnotes are the lines that
start with a superscript number.
"""
from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from .conftest import copy_project
from .servers import ROOT, free_port, stop, wait_until_up
from .test_corpus import FIXTURE, REAL, TEST, add_fixture, build_quietly

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
FOOTNOTE = re.compile(f"[{SUPERSCRIPTS}]+ ")  # a footnote's line starts with its number in superscript
COLUMNS = ["key", "symbol", "title", "paragraphs", "footnotes", "sentences", "findings", "decisions",
           "memberships (dated statuses)"]


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory) -> Path:
    root = add_fixture(copy_project(tmp_path_factory.mktemp("served-corpus")))
    build_quietly(root)
    return root


@pytest.fixture(scope="module")
def server(corpus_root):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ccmkg.cli", "--root", str(corpus_root), "serve",
                                "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/static/site.css", process)
        yield base
    finally:
        stop(process)


def get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def text_of(key: str, root: Path) -> str:
    return (root / "data" / "source" / f"{key}.txt").read_text(encoding="utf-8")


def fixture_text() -> str:
    return (FIXTURE / "source" / f"{TEST}.txt").read_text(encoding="utf-8")


def documents_table(page: str) -> dict[str, dict[str, str]]:
    """The home page's table of documents: each row's cells (as text) by column, by key."""
    table = re.search(r'<table class="documents">(.*?)</table>', page, re.S)
    assert table, "no table of documents"
    assert re.findall(r"<th>(.*?)</th>", table[1]) == COLUMNS
    rows = {}
    for row in re.findall(r"<tr>(<td>.*?)</tr>", table[1], re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        rows[cells[0]] = dict(zip(COLUMNS, cells))
        assert f'<a href="/id/doc/{cells[0]}">' in row  # the key links to the document's page
    return rows


def listed_names(text: str) -> list[str]:
    """The names of the fixture's lists: after the colon of paragraphs 3 and 4, the observer of
    paragraph 5, the States of its footnote."""
    lines = text.splitlines()
    names = []
    for number in ("3", "4"):
        [line] = [line for line in lines if line.startswith(f"{number}. ")]
        names += re.split(r", | and ", line.split(": ", 1)[1].rstrip("."))
    [line] = [line for line in lines if line.startswith("5. ")]
    names.append(line[3:].split(" also participated")[0])
    [note] = [line for line in lines if FOOTNOTE.match(line)]
    names += re.split(r", | and ", FOOTNOTE.sub("", note, 1).rstrip("."))
    return names


def test_the_home_page_lists_every_document_of_the_corpus(server, corpus_root):
    status, page = get(server + "/")
    assert status == 200
    rows = documents_table(page)
    assert sorted(rows) == sorted(p.stem for p in (corpus_root / "data" / "source").glob("*.txt")) == [REAL, TEST]
    assert "Final document" in text_of(REAL, corpus_root).splitlines()
    assert rows[REAL]["title"] == "Final document"
    assert rows[REAL]["footnotes"] == str(sum(bool(FOOTNOTE.match(line)) for line in text_of(REAL, corpus_root).splitlines()))


def test_the_fixture_row_gives_what_its_text_holds(server):
    text = fixture_text()
    _, page = get(server + "/")
    row = documents_table(page)[TEST]
    assert row["symbol"] == re.search(r"TEST/FIXTURE/\d{4}/\d+", text)[0]
    assert row["title"] == "none given"  # its cover gives a symbol, no title (its documents.yaml names none)
    lines = text.splitlines()
    assert row["paragraphs"] == str(sum(bool(re.match(r"\d+\. ", line)) for line in lines)) == "7"
    assert row["footnotes"] == row["findings"] == str(sum(bool(FOOTNOTE.match(line)) for line in lines)) == "1"
    assert row["decisions"] == str(text.count("decided to")) == "1"
    assert row["memberships (dated statuses)"] == str(len(listed_names(text))) == "8"


def test_the_home_page_speaks_of_the_corpus_not_of_one_document(server):
    _, page = get(server + "/")
    assert "<h1>CCM/MSP/2011/5" not in page and "Knowledge graph of UN document CCM/MSP/2011/5" not in page
    assert '<a href="/#documents">Documents</a>' in page and 'id="documents"' in page


def test_the_fixtures_page_gives_its_text_in_reading_order(server):
    status, page = get(server + f"/id/doc/{TEST}")
    assert status == 200
    symbol = re.search(r"TEST/FIXTURE/\d{4}/\d+", fixture_text())[0]
    assert f"<h1>{symbol}</h1>" in page and "<h2>In this graph</h2>" in page
    reading = page[page.index("Text in reading order"):page.index("<h2>Properties")]
    lines = fixture_text().splitlines()
    numbered = [line for line in lines if re.match(r"\d+\. ", line)]
    at = [reading.index(f'href="/id/doc/{TEST}/main__para_{line.split(".")[0]}"') for line in numbered[:6]]
    assert at == sorted(at)  # paragraphs 1 to 6 of the main body in their order
    for line in numbered:  # each paragraph's words, some marked as quoted spans
        assert unescape(re.sub(r"<[^>]+>", "", reading)).count(line.split(". ", 1)[1]) == 1, line


def test_a_part_of_the_fixture_and_a_fact_of_it_have_pages(server):
    [line] = [line for line in fixture_text().splitlines() if line.startswith("3. ")]
    status, page = get(server + f"/id/doc/{TEST}/main__para_3")
    assert status == 200 and "Afghanistan" in line and "<mark>Afghanistan</mark>" in page
    status, page = get(server + f"/id/doc/{TEST}/finding/1")
    assert status == 200 and "Lebanon" in page


def test_the_real_documents_page_still_works_beside_the_fixture(server):
    status, page = get(server + f"/id/doc/{REAL}")
    assert status == 200 and "<h2>In this graph</h2>" in page and "Final document" in page


@pytest.mark.parametrize("path", [f"/id/doc/{TEST[:-1]}2", "/id/doc/NO-SUCH-DOCUMENT",
                                  "/id/doc/NO-SUCH-DOCUMENT/main__para_1", f"/id/doc/{TEST}/main__para_99"])
def test_an_unknown_document_or_part_is_404(server, path):
    status, body = get(server + path)
    assert status == 404 and "Traceback" not in body
