"""Every file of dist/ from the merged graph, and writing files all or none.

Each format comes from the same merged graph in a form that depends only on its triples: N-Triples
lines sorted, JSON-LD nodes sorted by @id with sorted keys and values, TriG made of the canonical
Turtle of each data file, CSV from saved queries with a full ORDER BY.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..cache import digest
from ..errors import InputError
from .csv_tables import csv_tables
from .jsonld import dumps, jsonld, jsonld_context
from .ntriples import sorted_ntriples
from .trig import trig
from .void import MEDIA_TYPES, void
from .wikidata import profile

STALE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # write_all's temporary names: .NAME.XXXXXXXX.tmp


def dist_files(merged: Graph, merged_ttl: bytes, data_files: dict[str, bytes], queries: Path,
               store: ox.Store | None = None, grouped: dict | None = None) -> dict[str, bytes]:
    """Every file of dist/ besides ccm.ttl and the pictures, by name; void.ttl describes the
    others. `store` may hold the merged graph already loaded into pyoxigraph, `grouped` the merged
    graph grouped by subject (turtle.merged_grouping: the one grouping of ccm.ttl and JSON-LD)."""
    if store is None:
        store = ox.Store()
        store.bulk_load(merged_ttl, format=ox.RdfFormat.TURTLE)
    context = jsonld_context(merged, grouped)
    out = {"ccm.nt": sorted_ntriples(store=store), "ccm.trig": trig(data_files),
           "context.jsonld": dumps(context), "ccm.jsonld": jsonld(merged, context, grouped),
           "ccm.wikidata.ttl": profile(store=store, shapes=queries.parent / "shapes"), **csv_tables(store, queries)}
    sizes = {name: len(data) for name, data in out.items() if name in MEDIA_TYPES}
    sizes["ccm.ttl"] = len(merged_ttl)
    out["void.ttl"] = void(merged, sizes)
    return out


def refuse_non_file(path: Path) -> None:
    """A path to write must be a regular file or nothing yet: a rename would replace a folder,
    device or pipe."""
    if path.exists() and not path.is_file():
        raise InputError(str(path), ("a folder" if path.is_dir() else "not a regular file")
                         + "; give the path of a file to write")


class StagedFiles:
    """Files written to temporary names as they are made, then renamed into place together by
    commit(), or all removed by discard(): a build keeps no file's bytes once it is staged, and
    still writes every file or none. `digests` holds each staged file's sha256 (for the record)."""

    def __init__(self):
        self.staged: list[tuple[Path, str]] = []
        self.digests: dict[Path, str] = {}
        self.folders: list[Path] = []  # made for the files: removed again by discard()

    def add(self, path: Path, data: bytes) -> None:
        refuse_non_file(path)
        try:
            self.folders += reversed([p for p in (path.parent, *path.parent.parents) if not p.exists()])
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            self.staged.append((path, tmp))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are for everyone
        except OSError as exc:
            raise InputError(str(exc.filename or path), f"cannot write: {exc.strerror}") from None
        self.digests[path] = digest(data)

    def commit(self) -> None:
        try:
            for path, tmp in self.staged:
                os.replace(tmp, path)
        except OSError as exc:
            raise InputError(str(exc.filename or "output"), f"cannot write: {exc.strerror}") from None
        finally:
            self.folders = []  # in use now
            self.discard()

    def discard(self) -> None:
        for _, tmp in self.staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self.staged = []
        for folder in reversed(self.folders):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        self.folders = []


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file or none: all go to temporary files first, then are renamed in place."""
    for path in files:  # checked for all before any is written
        refuse_non_file(path)
    staged = StagedFiles()
    try:
        for path, data in files.items():
            staged.add(path, data)
        staged.commit()
    finally:
        staged.discard()


def remove_stale(folder: Path) -> list[Path]:
    """Temporary files that an interrupted write_all left in folder (and below): removed."""
    stale = [p for p in folder.rglob(".*.tmp") if p.is_file() and STALE.fullmatch(p.name)] if folder.is_dir() else []
    for path in stale:
        path.unlink()
    return stale
