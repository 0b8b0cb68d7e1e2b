"""The three contract queries give exactly the document's lists.

Expected rows are the reviewer's independent hand extraction in tests/expected/, read from the
document, not from the pipeline.
"""
from collections import Counter

import pytest

from .conftest import ROOT, read_csv, run_cli

EXPECTED = ROOT / "tests" / "expected"


@pytest.fixture(scope="module")
def query_rows(fresh):
    """Rows of a saved query on the fresh build, by the command line."""
    def run(name: str) -> tuple[list[str], list[dict[str, str]]]:
        result = run_cli("query", name, "--format", "csv", cwd=fresh)
        assert result.returncode == 0, result.stderr
        header = result.stdout.splitlines()[0].split(",")
        return header, read_csv(result.stdout)
    return run


def expected_rows(name: str) -> list[dict[str, str]]:
    return read_csv((EXPECTED / f"{name}.csv").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, header", [
    ("participants", ["entity", "name", "iso3", "capacity"]),
    ("footnote-members", ["footnote", "iso3"]),
    ("coordinators", ["area", "iso3", "year"]),
])
def test_header_row(query_rows, name, header):
    assert query_rows(name)[0] == header


@pytest.mark.parametrize("name, columns", [
    ("participants", ("name", "iso3", "capacity")),
    ("footnote-members", ("footnote", "iso3")),
    ("coordinators", ("area", "iso3", "year")),
])
def test_rows_equal_the_independent_extraction(query_rows, name, columns):
    got = Counter(tuple(row[c] for c in columns) for row in query_rows(name)[1])
    want = Counter(tuple(row[c] for c in columns) for row in expected_rows(name))
    assert got - want == Counter(), "rows the document does not have"
    assert want - got == Counter(), "rows of the document that are missing"


def test_participant_counts_per_capacity(query_rows):
    # paragraphs 8 (46 parties), 9 (six), 10 (38 signatories); 11-14: 41 + 6 + 4 + 6 observers
    counts = Counter(row["capacity"] for row in query_rows("participants")[1])
    assert counts == {"party": 46, "ratified-not-in-force": 6, "signatory-observer": 38, "observer": 57}


def test_participant_entities_are_keyed_by_iso_code(query_rows):
    for row in query_rows("participants")[1]:
        if row["iso3"] == "PSE":
            assert row["entity"].endswith("/id/entity/PSE")  # Palestine: listed, not counted a State
        elif row["iso3"]:
            assert row["entity"].endswith(f"/id/state/{row['iso3']}")
        else:
            assert "/id/org/" in row["entity"]


def test_every_footnote_lists_at_least_one_state(query_rows):
    footnotes = {int(row["footnote"]) for row in query_rows("footnote-members")[1]}
    assert footnotes == set(range(1, 77))
