"""Every bad input to the command line is one line on stderr and exit 2, never a traceback; the
real process (`python -m ccmkg.cli`) is run each time. Build inputs are broken in a copy."""
from __future__ import annotations

import os

import pytest

from ..conftest import run_cli
from ..servers import free_port
from .conftest import one_error_line

ANNOTATIONS = "data/annotations/CCM-MSP-2011-5"


CLOSED = f"http://127.0.0.1:{free_port()}"  # nothing listens there

# (arguments, what the message must name)
BAD_ARGUMENTS = [
    # evaluation errors come while the lazy results are read, after the query was accepted
    (["sparql", f"SELECT * WHERE {{ SERVICE <{CLOSED}/sparql> {{ ?s ?p ?o }} }}"], "sparql"),
    (["sparql", "--format", "csv", f"SELECT * WHERE {{ SERVICE <{CLOSED}/sparql> {{ ?s ?p ?o }} }}"], "sparql"),
    # pyoxigraph's message for this syntax error spans several lines
    (["sparql", "CONSTRUCT WHERE { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }"], "sparql"),
    # argparse's own errors (usage and error on several lines before)
    (["query", "participants", "--format", "xls"], "--format"),
    (["sparql", "--format", "xls", "ASK {}"], "--format"),
    (["validate", "--format", "xml"], "--format"),
    (["export", "--format", "docx"], "--format"),
    (["frobnicate"], "frobnicate"),
    (["link"], "--endpoint"),
    (["publish", "--store", CLOSED + "/store", "--timeout", "nan"], "--timeout"),
    (["publish", "--store", CLOSED + "/store", "--timeout", "inf"], "--timeout"),
    (["publish", "--store", CLOSED + "/store", "--timeout", "-1"], "--timeout"),
    (["publish", "--store", CLOSED + "/store", "--timeout", "0"], "--timeout"),
    # malformed store URLs
    (["publish", "--store", "http://[::1"], "--store"),
    (["publish", "--update", "foo"], "--update"),
    (["publish", "--store", "localhost:7878/store"], "--store"),
    (["publish", "--store", "http://127.0.0.1:notaport/store"], "--store"),
    (["publish", "--store", CLOSED + "/store", "--query", "ftp://127.0.0.1/query"], "--query"),
    # graph names that are not IRIs
    (["publish", "--store", CLOSED + "/store", "--graph", "http://ex.org/\udcff"], "--graph"),
    (["publish", "--store", CLOSED + "/store", "--graph", "relative/graph"], "--graph"),
    (["publish", "--store", CLOSED + "/store", "--graph", "http://ex.org/a b"], "--graph"),
    (["publish", "--update", CLOSED + "/update", "--graph", "http://ex.org/a>"], "--graph"),
    # a document key becomes the IRI of the graph a query reads: only a key's characters pass
    (["query", "decisions", "--param", "document=x> <urn:other"], "--param document"),
    (["query", "decisions", "--param", "document=../CCM-MSP-2011-5"], "--param document"),
    (["query", "decisions", "--param", "document=CCM-MSP-2011-5/main"], "--param document"),
]


@pytest.mark.parametrize("arguments, named", BAD_ARGUMENTS, ids=lambda v: " ".join(v)[:60] if isinstance(v, list) else None)
def test_bad_argument(arguments, named):
    assert named in one_error_line(run_cli(*arguments))


def test_a_document_the_graph_does_not_hold_gives_no_rows():
    answer = run_cli("query", "decisions", "--param", "document=NO-SUCH-DOCUMENT", "--format", "csv")
    assert answer.returncode == 0 and answer.stderr == ""
    assert answer.stdout.splitlines()[1:] == []  # the header alone


@pytest.mark.parametrize("arguments", [["export"], ["export", "--format", "jsonld"],
                                       ["export", "--profile", "wikidata"]])
def test_export_onto_a_folder_is_refused_and_leaves_nothing(tmp_path, arguments):
    folder = tmp_path / "out"
    folder.mkdir()
    message = one_error_line(run_cli(*arguments, "--out", str(folder)))
    assert f"{folder}: a folder" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"] and not any(folder.iterdir())


def test_export_onto_a_pipe_is_refused(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert f"{pipe}: not a regular file" in one_error_line(run_cli("export", "--out", str(pipe)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.parametrize("old, new, named", [
    ("  Cape Verde: CPV", "  Cape Verde: XYZ", "Cape Verde"),
    ("  Cape Verde: CPV", "  Cape Verde: [CPV]", "Cape Verde"),
    ("  Cape Verde: CPV", "  Cape Verde: 12", "Cape Verde"),
    ("  Cape Verde: CPV", "  Cape Verde: cpv", "Cape Verde"),
    ("  - iso3: PSE", "  - iso3: PSX", "'PSX'"),
])
def test_a_bad_code_in_names_yaml(copy, old, new, named):
    path = copy / "data" / "annotations" / "names.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    message = one_error_line(run_cli("--root", str(copy), "build"))
    assert f"names.yaml:{line}: " in message and named in message


def test_a_reference_table_that_is_not_utf8(copy):
    path = copy / "data" / "reference" / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"Lebanon", "Liban\u00e9".encode("latin-1"), 1))
    assert "countries.csv: cannot read" in one_error_line(run_cli("--root", str(copy), "build"))
