"""The tidy CSV tables of dist/, one per query in queries/tables/, and datapackage.json, their
Frictionless Data description (written by ccmkg.tables)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..tables import csv_tables as tidy_tables

# one per query in queries/tables/ (a test keeps both in step)
CSV_TABLES = ("coordinators", "decision-objects", "decisions", "document-submitters", "documents",
              "finding-themes", "findings", "footnote-members", "participants")


def csv_tables(store: ox.Store, queries: Path) -> dict[str, bytes]:
    """name.csv -> its bytes (ORDER BY in every query makes them stable), and datapackage.json."""
    return tidy_tables(store, queries)
