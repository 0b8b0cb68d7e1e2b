"""Every ```sparql block of docs/cookbook.md runs through `ccmkg sparql` against the built graph,
without a PREFIX line, and returns rows; some values are checked against the document."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COOKBOOK = (ROOT / "docs" / "cookbook.md").read_text(encoding="utf-8")


def examples() -> dict[str, str]:
    """'2.1' -> the first query of section 2, and so on."""
    found = {}
    for section in re.split(r"^## ", COOKBOOK, flags=re.MULTILINE)[1:]:
        number = section.split(".", 1)[0]
        for index, query in enumerate(re.findall(r"```sparql\n(.*?)```", section, flags=re.DOTALL), start=1):
            found[f"{number}.{index}"] = query
    return found


EXAMPLES = examples()


def run(query: str) -> list[dict[str, str]]:
    result = subprocess.run([sys.executable, "-m", "ccmkg.cli", "sparql", "--file", "-", "--format", "csv"],
                            cwd=ROOT, input=query, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_the_cookbook_has_an_example_per_pattern():
    assert len(re.findall(r"^```sparql$", COOKBOOK, flags=re.MULTILINE)) == len(EXAMPLES) >= 9
    assert {key.split(".")[0] for key in EXAMPLES} == {str(n) for n in range(1, 10)}


@pytest.mark.parametrize("key", EXAMPLES)
def test_example_runs_without_prefix_lines_and_returns_rows(key):
    assert "PREFIX" not in EXAMPLES[key].upper()
    assert run(EXAMPLES[key]), f"cookbook example {key} returned no row"


ID = "https://w3id.org/ccmkg/id/"
MSP5 = ID + "doc/CCM-MSP-2011-5/"


def test_membership_counts_of_paragraphs_8_and_10():
    rows = {row["list"]: row for row in run(EXAMPLES["1.1"])}
    # "The following 46 parties ..." (8); "The following 38 States signatories ..." (10)
    assert (rows[MSP5 + "list/main__para_8"]["stated"], rows[MSP5 + "list/main__para_8"]["listed"]) == ("46", "46")
    assert (rows[MSP5 + "list/main__para_10"]["stated"], rows[MSP5 + "list/main__para_10"]["listed"]) == ("38", "38")


def test_canada_is_kept_both_a_party_and_a_signatory():
    statuses = {(row["source"].rsplit("/", 1)[1], row["status"].rsplit("/", 1)[1]) for row in run(EXAMPLES["2.1"])}
    # footnote 21 ("Five States parties") names Canada; paragraph 10 lists it among 38 signatories
    assert ("annex_2__fn_21", "party") in statuses
    assert ("main__para_10", "signatory") in statuses


def test_vice_presidents_of_paragraph_17():
    rows = run(EXAMPLES["4.1"])
    vice = {row["name"] for row in rows if row["role"].endswith("/vice-president")}
    # "France, Ghana, Guatemala and the Lao People's Democratic Republic were elected ... Vice-Presidents"
    assert vice == {"France", "Ghana", "Guatemala", "Lao People's Democratic Republic"}


def test_footnote_22_members():
    rows = run(EXAMPLES["5.1"])
    # "Two States parties²² ..." and footnote 22: "Norway and Switzerland."
    assert {row["member"] for row in rows} == {ID + "state/NOR", ID + "state/CHE"}
    assert {row["stated"] for row in rows} == {"2"}


def test_one_row_per_submitter_of_wp9():
    rows = run(EXAMPLES["7.1"])
    # Annex III: "CCM/MSP/2011/WP.9 ... (submitted by Norway and Switzerland)"
    assert sorted(row["name"] for row in rows if row["symbol"] == "CCM/MSP/2011/WP.9") == ["Norway", "Switzerland"]


def test_the_text_of_paragraph_8():
    (row,) = run(EXAMPLES["8.2"])
    assert row["number"] == "8"
    assert row["text"].startswith("The following 46 parties to the Convention participated")
