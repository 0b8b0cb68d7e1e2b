"""The tidy CSV tables of dist/ and their Frictionless Data package (dist/datapackage.json).

Each table is a query in queries/tables/: one row per record, one value per cell (what a
GROUP_CONCAT would join is a long table of its own), ISO3 codes with name and Wikidata QID
columns. Each query declares its columns (`#+ column: name | type | description`, Table Schema
types); the CSV header must be those columns, so that the package describes what is written.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError

TYPES = {"string", "integer", "number", "date", "year", "boolean"}
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}


def table_queries(queries: Path) -> list[Path]:
    return sorted((queries / "tables").glob("*.rq"))


def header_lines(path: Path, key: str) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    return [(number, match.group(1).strip()) for number, line in enumerate(text.splitlines(), start=1)
            if (match := re.match(rf"^#\+\s*{key}:\s*(.*)$", line))]


def fields_of(path: Path) -> list[dict[str, str]]:
    fields = []
    for number, value in header_lines(path, "column"):
        parts = [part.strip() for part in value.split("|")]
        if len(parts) != 3 or parts[1] not in TYPES:
            raise InputError(f"{path}:{number}", "a column line is `name | type | description` with type "
                                                 f"one of {', '.join(sorted(TYPES))}")
        fields.append({"name": parts[0], "type": parts[1], "description": parts[2]})
    return fields


def csv_tables(store: ox.Store, queries: Path) -> dict[str, bytes]:
    """name.csv -> SPARQL CSV bytes for every table query, and datapackage.json describing them."""
    tables, resources = {}, []
    for path in table_queries(queries):
        fields = fields_of(path)
        data = store.query(path.read_text(encoding="utf-8")).serialize(format=ox.QueryResultsFormat.CSV)
        header = data.decode("utf-8").split("\r\n", 1)[0].split(",")
        if header != [field["name"] for field in fields]:
            raise InputError(str(path), f"the query's columns {header} are not its `#+ column:` lines "
                                        f"{[field['name'] for field in fields]}")
        tables[f"{path.stem}.csv"] = data
        summary = header_lines(path, "summary")
        resources.append({"name": path.stem, "path": f"{path.stem}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8",
                          "description": summary[0][1] if summary else "",
                          "schema": {"fields": fields}})
    tables["datapackage.json"] = datapackage(resources)
    return tables


def datapackage(resources: list[dict]) -> bytes:
    package = {"name": "ccmkg-ccm-msp-2011-5",
               "title": "ccmkg: tables of CCM/MSP/2011/5, the final report of the Second Meeting of "
                        "States Parties to the Convention on Cluster Munitions",
               "licenses": [LICENSE], "resources": resources}
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
