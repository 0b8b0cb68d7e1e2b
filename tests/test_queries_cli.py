"""`ccmkg query` and `ccmkg sparql`: listing, parameters, formats, and hostile parameter values.

Parameters are bound as RDF terms (pyoxigraph substitutions), never pasted into the query text:
a hostile value is either refused (exit 2, a message naming the parameter) or matched as a plain
value, and never executed.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.plugins.sparql.results.csvresults import CSVResultParser
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
from rdflib.plugins.sparql.results.tsvresults import TSVResultParser

ROOT = Path(__file__).resolve().parent.parent


def ccmkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ccmkg.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_list_names_summary_and_parameters():
    result = ccmkg("query", "--list")
    assert result.returncode == 0, result.stderr
    lines = {line.split("\t")[0]: line for line in result.stdout.splitlines()}
    assert {"count-check", "status-conflicts", "status-changes", "state-profile"} <= set(lines)
    assert "state (string, e.g. LBN)" in lines["state-profile"]


def test_count_check_csv_header():
    result = ccmkg("query", "count-check", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "source,stated,listed,explanation"


def test_status_conflicts_csv_header():
    result = ccmkg("query", "status-conflicts", "--format", "csv")
    assert result.stdout.splitlines()[0] == ("iso3,claim,claim_source,other_claim,other_source,"
                                           "claim_document,other_document,document")


# ------------------------------------------------------------------ formats parse with standard parsers

def test_csv_parses():
    out = ccmkg("query", "participants", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 46 + 6 + 38 + 41 + 6 + 4 + 6                    # paras 8-14
    parsed = CSVResultParser().parse(io.StringIO(out))
    assert len(list(parsed)) == len(rows)


def test_tsv_parses():
    out = ccmkg("query", "finding-members", "--param", "footnote=8", "--format", "tsv").stdout
    parsed = TSVResultParser().parse(io.StringIO(out))
    assert {str(row["iso3"]) for row in parsed} == {"HRV", "DNK", "FRA", "DEU", "JPN", "SVN", "GBR"}


def test_json_parses():
    out = ccmkg("query", "friends-of-the-president", "--format", "json").stdout
    data = json.loads(out)
    assert data["head"]["vars"] == ["iso3", "name", "theme", "words"]
    assert len(data["results"]["bindings"]) == 16                       # para 16
    assert len(list(JSONResultParser().parse(io.StringIO(out)))) == 16


def test_sparql_ad_hoc_json():
    query = ("PREFIX ccm: <https://w3id.org/ccmkg/ontology#> "
             "SELECT (COUNT(*) AS ?n) WHERE { ?f a ccm:Finding }")
    data = json.loads(ccmkg("sparql", query, "--format", "json").stdout)
    assert data["results"]["bindings"][0]["n"]["value"] == "76"         # Annex II footnotes 1-76


def test_query_file(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("#+ summary: mine\n#+ param: code | iso3 | LBN | a State\n"
                    "PREFIX ccm: <https://w3id.org/ccmkg/ontology#>\n"
                    "SELECT ?code ?s WHERE { ?s ccm:iso3166Alpha3 ?c FILTER (?c = STR(?code)) }\n")
    result = ccmkg("query", "--file", str(path), "--param", "code=LBN", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "https://w3id.org/ccmkg/id/state/LBN" in result.stdout


# ------------------------------------------------------------------ bad input exits 2

@pytest.mark.parametrize("args, words", [
    (("query", "state-profile"), "parameter 'state' is required"),
    (("query", "finding-members", "--param", "footnote=eight"), "not a valid integer"),
    (("query", "finding-members", "--param", "nope=1", "--param", "footnote=8"), "not a parameter"),
    (("query", "finding-members", "--param", "footnote=8", "--param", "footnote=9"), "more than once"),
    (("query", "no-such-query"), "no such saved query"),
    (("query", "state-profile", "--param", "state"), "expected name=value"),
    (("sparql", "SELECT WHERE {"), "syntax error"),
])
def test_bad_input_exits_2(args, words):
    result = ccmkg(*args)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ hostile values

HOSTILE = [
    'LBN" } UNION { ?s ?p ?o } #',
    "LBN'",
    "<https://w3id.org/ccmkg/id/state/LBN>",
    "} SELECT * WHERE { ?s ?p ?o }",
    "\\u0022) || true || (\\u0022",
    '" . ?s ?p ?o . FILTER("',
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX x: <http://x/> SELECT * WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_string_is_a_plain_value(value):
    # Bound as a literal, it names no State: no rows, and the store is not changed.
    result = ccmkg("query", "state-profile", "--param", f"state={value}", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("state,") and len(lines) == 1


@pytest.mark.parametrize("value", ["LBN\n} SELECT * WHERE { ?s ?p ?o }", "LBN\r\n", "x" * 201])
def test_hostile_string_refused(value):
    result = ccmkg("query", "state-profile", "--param", f"state={value}")
    assert result.returncode == 2 and "--param state" in result.stderr


@pytest.mark.parametrize("param, value", [
    ("state", 'LBN"'), ("state", "LBN>"), ("state", "LB}"), ("state", "lbn"),
])
def test_hostile_iso3_refused(param, value):
    result = ccmkg("query", "status-claims", "--param", f"{param}={value}")
    assert result.returncode == 2 and "not a valid iso3" in result.stderr


@pytest.mark.parametrize("value", ["8 } ", "8) || (1=1", "8\n", '"8"', "1e3"])
def test_hostile_integer_refused(value):
    result = ccmkg("query", "finding-members", "--param", f"footnote={value}")
    assert result.returncode == 2 and "not a valid integer" in result.stderr


def test_state_still_found_after_hostile_runs():
    result = ccmkg("query", "status-claims", "--param", "state=SDN", "--format", "csv")
    assert len(result.stdout.splitlines()) == 3                          # fn 38 and para 11
