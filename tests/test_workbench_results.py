"""Readable results: tables with prefixed names and --labels, GROUP_CONCAT cells in a fixed order
(byte-identical CSV locally and on a real Oxigraph server), names beside codes."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from ccmkg import cli
from ccmkg.query import saved_queries
from ccmkg.results import concat_columns

from .servers import start_oxigraph, stop

ROOT = Path(__file__).resolve().parent.parent


def ccmkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ccmkg.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_concat_columns_reads_each_separator():
    text = ('SELECT (GROUP_CONCAT(DISTINCT STR(?a); separator=" | ") AS ?all) '
            "(group_concat(?b) AS ?bs) (GROUP_CONCAT(?c ; SEPARATOR=', ') AS ?cs) "
            '# (GROUP_CONCAT(?d; separator="x") AS ?ds)\n{ }')
    assert concat_columns(text) == {"all": " | ", "bs": " ", "cs": ", "}


def test_group_concat_cells_are_sorted():
    query = 'SELECT (GROUP_CONCAT(?x; separator=" | ") AS ?all) { VALUES ?x { "pear" "apple" "fig" } }'
    for fmt in ("csv", "table"):
        result = ccmkg("sparql", query, "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert "apple | fig | pear" in result.stdout


def test_table_shows_prefixed_names():
    result = ccmkg("sparql", "SELECT ?m ?st { ?ms ccm:capacity capacity:party ; ccm:member ?m ; "
                             "ccm:describedStatus ?st } ORDER BY ?m LIMIT 1")
    assert result.returncode == 0, result.stderr
    # paragraph 8 lists Albania first, a party for which the Convention is in force
    assert "state:ALB" in result.stdout and "status:in-force" in result.stdout
    assert "https://" not in result.stdout


def test_labels_add_a_label_column_after_each_iri_column():
    result = ccmkg("sparql", "--labels", "SELECT ?m ?n { ?ms ccm:capacity capacity:party ; ccm:member ?m . "
                                         "?m ccm:iso3166Alpha3 ?n } ORDER BY DESC(?n) LIMIT 1")
    assert result.returncode == 0, result.stderr
    header, _, row = result.stdout.splitlines()[:3]
    assert header.split() == ["m", "m_label", "n"]  # no label column for the literal column
    assert row.split() == ["state:ZMB", "Zambia", "ZMB"]  # paragraph 8: "... Uruguay and Zambia"


def test_labels_are_for_tables_only():
    result = ccmkg("query", "coordinators", "--labels", "--format", "csv")
    assert result.returncode == 2 and "--labels" in result.stderr


def test_coordinators_named_gives_names_beside_codes():
    result = ccmkg("query", "coordinators-named", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = csv_rows(result.stdout)
    assert list(rows[0]) == ["area", "iso3", "name", "year"]
    pairs = {(row["iso3"], row["name"], row["year"]) for row in rows}
    # paragraph 28 (d): "in 2012 (Lao People's Democratic Republic), and in 2012 and 2013 (Ireland)"
    assert ("LAO", "Lao People's Democratic Republic", "2012") in pairs
    assert {("IRL", "Ireland", "2012"), ("IRL", "Ireland", "2013")} <= pairs
    assert len(rows) == 22  # (a)-(f): 3 rows each, (g) and (h): 2 each


def test_states_not_attending_has_the_signatories_the_report_mentions():
    result = ccmkg("query", "states-not-attending", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = {(row["iso3"], row["status"]): row["sources"] for row in csv_rows(result.stdout)}
    # footnote 3 names three signatories (DRC and Gambia are listed in paragraph 10, the
    # Dominican Republic nowhere); footnote 16 names Rwanda among signatory States
    assert rows[("DOM", "signatory")] == "annex_2__fn_3"
    assert rows[("RWA", "signatory")] == "annex_2__fn_16"
    # footnotes 71 and 73 both name San Marino; the cell lists them in a fixed order
    assert rows[("SMR", "party")] == "annex_2__fn_71 annex_2__fn_73"
    assert ("COD", "signatory") not in rows and ("GMB", "signatory") not in rows


# ------------------------------------------------------------------ local and remote byte-identical

@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    base, process = start_oxigraph(tmp_path_factory.mktemp("oxigraph-workbench"))
    yield base
    stop(process)


def run_in_process(capsysbinary, *args: str) -> bytes:
    capsysbinary.readouterr()
    assert cli.main(["--root", str(ROOT), *args]) == 0
    return capsysbinary.readouterr().out


def test_every_saved_query_gives_the_same_csv_locally_and_on_oxigraph(oxigraph, capsysbinary):
    compared = 0
    for name, query in saved_queries(ROOT / "queries").items():
        params = [option for p in query.params for option in ("--param", f"{p.name}={p.example}")]
        local = run_in_process(capsysbinary, "query", name, *params, "--format", "csv")
        remote = run_in_process(capsysbinary, "query", name, *params, "--format", "csv",
                                "--endpoint", oxigraph + "/query")
        assert local == remote, name
        compared += 1
    assert compared == len(list((ROOT / "queries").glob("*.rq")))
