"""The tidy CSV tables (`ccmkg export --format csv`, and dist/ after a build) and their Frictionless
Data package, validated with the `frictionless` package; values checked against the document."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import validate

from ccmkg.export.csv_tables import CSV_TABLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    result = subprocess.run([sys.executable, "-m", "ccmkg.cli", "export", "--format", "csv", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / f"{name}.csv").read_text(encoding="utf-8"))))


def test_one_table_per_query_of_queries_tables():
    assert sorted(CSV_TABLES) == sorted(p.stem for p in (ROOT / "queries" / "tables").glob("*.rq"))


def test_the_package_describes_every_csv_and_validates(tables):
    package = json.loads((tables / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in package["resources"]) == sorted(p.name for p in tables.glob("*.csv"))
    report = validate(str(tables / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_a_wrong_type_fails_validation(tables, tmp_path):
    # the validation is not vacuous: declare the States' names integers and it must fail
    package = json.loads((tables / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        (tmp_path / resource["path"]).write_bytes((tables / resource["path"]).read_bytes())
        for field in resource["schema"]["fields"]:
            if resource["name"] == "footnote-members" and field["name"] == "name":
                field["type"] = "integer"
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert not validate(str(tmp_path / "datapackage.json")).valid


def test_one_value_per_cell(tables):
    for name in CSV_TABLES:
        for row in rows(tables, name):
            for column, value in row.items():
                assert " | " not in value, (name, column, value)
                if column in ("iso3", "wikidata", "theme", "status", "capacity"):
                    assert " " not in value, (name, column, value)


def test_every_iso3_has_a_name_and_a_qid(tables):
    for name in ("participants", "footnote-members", "coordinators", "document-submitters"):
        for row in rows(tables, name):
            if row["iso3"] and row["iso3"] != "PSE":
                assert row["name"] and re.fullmatch(r"Q\d+", row["wikidata"]), (name, row)


def test_one_row_per_submitter(tables):
    submitters = [row for row in rows(tables, "document-submitters") if row["symbol"] == "CCM/MSP/2011/WP.9"]
    # Annex III: "CCM/MSP/2011/WP.9 ... (submitted by Norway and Switzerland)"
    assert [(row["iso3"], row["name"]) for row in submitters] == [("NOR", "Norway"), ("CHE", "Switzerland")]


def test_footnote_members_long_table(tables):
    members = [row for row in rows(tables, "footnote-members") if row["footnote"] == "22"]
    # Annex II paragraph 34: "Two States parties²² reported ..."; footnote 22: "Norway and Switzerland."
    assert {(row["paragraph"], row["iso3"], row["name"], row["status"], row["as_at"]) for row in members} == {
        ("34", "NOR", "Norway", "party", "2011-08-20"), ("34", "CHE", "Switzerland", "party", "2011-08-20")}


def test_participants_of_paragraph_8(tables):
    party = [row for row in rows(tables, "participants") if row["paragraph"] == "8"]
    # "The following 46 parties to the Convention participated ...: Albania, ... Uruguay and Zambia."
    assert len(party) == 46 and {row["capacity"] for row in party} == {"party"}
    assert {"Albania", "Zambia"} <= {row["name"] for row in party}
