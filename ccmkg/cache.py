"""Build only what changed.

A build is a function of its inputs (each document's source and annotations; the inputs the
documents share: names table, reference tables, ontology, shapes, rules, saved queries) and of
the ccmkg code. The last build leaves a record, dist/.build-record.json, with

- `key`: a hash of all of them, and `outputs`: the hash of every file it wrote. When the key is
  the same and every output still has its hash, the build has nothing to do: its summary is read
  from the record;
- `documents`: for each document, a key over its own inputs and the shared ones (code included),
  the hash of each of its data files (data/ttl/KEY/*.ttl) and what it adds to dist/coverage.csv
  and to the coverage totals. A document whose key is the same and whose data files still have
  their hashes is not extracted again: its facts are read back from its data files (canonical
  Turtle written by the build: what they hold is what extraction gave). The merged outputs are
  made again from every document's facts.

An edited shared input or edited code changes every document's key: a full build.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .namespaces import bind_prefixes
from .project import Document, Project
from .triples import TripleSet, from_oxigraph

PACKAGE = Path(__file__).resolve().parent
RECORD = ".build-record.json"  # in dist/
RECORD_VERSION = 2


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_key(inputs: list[Path], root: Path, data_dir: Path, dist: Path,
               pending: dict[Path, bytes] | None = None, code: bool = True) -> str:
    """One hash of input files (by path relative to root), the package code (unless `code` is
    false) and where the data files go from dist/. `pending` holds input files this build writes
    (a source's record), hashed as they will be, so that the next build matches."""
    pending = pending or {}
    h = hashlib.sha256(f"record {RECORD_VERSION}\n".encode())
    package = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if code else []
    for path in sorted(set(inputs)) + package:
        name = str(path.relative_to(PACKAGE)) if path.is_relative_to(PACKAGE) else str(path.relative_to(root))
        h.update(f"{name}\n".encode())
        data = pending[path] if path in pending else path.read_bytes() if path.is_file() else None
        h.update(digest(data).encode() if data is not None else b"missing")
    h.update(f"data {os.path.relpath(data_dir.resolve(), dist.resolve())}\n".encode())
    return h.hexdigest()


def combined_key(shared: str, documents: dict[str, str]) -> str:
    """The key of a whole build: the shared inputs' key and each document's, by document key."""
    return digest(json.dumps({"shared": shared, "documents": documents}, sort_keys=True).encode())


def build_keys(project: Project, documents: list[Document], data_dir: Path, dist: Path,
               pending: dict[Path, bytes]) -> tuple[str, dict[str, str]]:
    """The key of the whole build, and each document's key (its own inputs and the shared ones)."""
    shared = inputs_key(project.shared_inputs(), project.root, data_dir, dist)
    keys = {doc.key: combined_key(shared, {doc.key: inputs_key(doc.inputs(), project.root, data_dir, dist,
                                                               pending, code=False)}) for doc in documents}
    return combined_key(shared, keys), keys


def record(key: str, files: dict[Path, bytes | str], summary: dict, dist: Path,
           documents: dict[str, dict] | None = None, data_dir: Path | None = None) -> bytes:
    """The record kept in dist/; output paths are relative to it, so that two builds of the same
    inputs write the same bytes wherever they are. A file is given by its bytes or its digest.
    `documents` holds each document's entry (its key, its coverage) by document key; its data
    files (data_dir/KEY/*.ttl among `files`) are added to it."""
    def relative(path: Path) -> str:
        return os.path.relpath(path.resolve(), dist.resolve())

    outputs = {relative(p): data if isinstance(data, str) else digest(data) for p, data in files.items()}
    entries = {}
    for doc_key, entry in sorted((documents or {}).items()):
        folder = relative(data_dir / doc_key) + "/"
        entries[doc_key] = {**entry, "outputs": {n: d for n, d in outputs.items() if n.startswith(folder)}}
    return (json.dumps({"key": key, "outputs": outputs, "summary": summary, "documents": entries},
                       indent=1, sort_keys=True) + "\n").encode("utf-8")


def read(path: Path) -> dict:
    """The last build's record ({} when there is none or it cannot be read)."""
    try:
        last = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return last if isinstance(last, dict) else {}


def unchanged(folder: Path, outputs: dict[str, str], keep: bool = False) -> dict[str, bytes] | None:
    """Each output file (by its path relative to folder) when every one still has its digest (with
    its bytes when `keep`), else None."""
    found = {}
    for name, expected in outputs.items():
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return None
        if digest(data) != expected:
            return None
        found[name] = data if keep else b""
    return found


def lookup(last: dict, path: Path, key: str) -> dict | None:
    """The summary of the last build (its record `last`, read from `path`) if it had this key and
    its outputs are untouched."""
    if last.get("key") != key or unchanged(path.parent, last.get("outputs", {})) is None:
        return None
    return last.get("summary")


def reusable(last: dict, path: Path, keys: dict[str, str]) -> dict[str, tuple[dict, dict[str, bytes]]]:
    """The documents (by key) whose entry in the last build's record has the key they have now and
    whose data files are untouched: each one's entry and its data files' bytes by path relative to
    dist/ (the record's folder)."""
    found = {}
    documents = last.get("documents")
    for doc_key, entry in (documents if isinstance(documents, dict) else {}).items():
        if not well_formed(entry) or keys.get(doc_key) != entry["key"]:
            continue  # a damaged entry is no entry: the document is built again
        files = unchanged(path.parent, entry["outputs"], keep=True)
        if files is not None:
            found[doc_key] = (entry, files)
    return found


def well_formed(entry) -> bool:
    """A document's entry as record() writes it (a record edited or cut short is not trusted)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        return False
    outputs, coverage, prefixes = entry.get("outputs"), entry.get("coverage"), entry.get("prefixes")
    return (isinstance(outputs, dict) and bool(outputs) and all(isinstance(d, str) for d in outputs.values())
            and isinstance(coverage, dict) and isinstance(coverage.get("rows"), str)
            and isinstance(coverage.get("totals"), dict) and isinstance(prefixes, dict))


def standard_graph() -> TripleSet:
    return bind_prefixes(TripleSet())


def extra_prefixes(graphs: dict) -> dict[str, dict[str, str]]:
    """The prefixes each graph binds besides those of a standard graph (ccmkg.namespaces), by
    graph name: a graph read back binds them too, so that its Turtle is written as it was."""
    standard = {prefix: str(ns) for prefix, ns in standard_graph().namespaces()}
    extra = {name: {prefix: str(ns) for prefix, ns in graph.namespaces() if standard.get(prefix) != str(ns)}
             for name, graph in graphs.items()}
    return {name: bound for name, bound in sorted(extra.items()) if bound}


def read_graphs(files: dict[str, bytes], prefixes: dict[str, dict[str, str]]) -> dict[str, TripleSet]:
    """Each data file's triples (canonical Turtle the build wrote), by file name without .ttl, with
    the prefixes its graph bound (`prefixes`, as extra_prefixes gives them)."""
    graphs, converted = {}, {}

    def term(t):  # most terms recur: looked up before from_oxigraph is called
        found = converted.get(t)
        return found if found is not None else from_oxigraph(t, converted)

    for name, data in sorted(files.items()):
        triples = {(term(t.subject), term(t.predicate), term(t.object))
                   for t in ox.parse(data, format=ox.RdfFormat.TURTLE)}
        graph = graphs[Path(name).stem] = bind_prefixes(TripleSet(triples))
        for prefix, ns in prefixes.get(Path(name).stem, {}).items():
            graph.bind(prefix, ns)
    return graphs


@dataclass
class DocumentFacts:
    """One document's part of a build: its data graphs by name ("derived" among them when they are
    read back from its data files), its rows of dist/coverage.csv and its coverage totals
    (ccmkg.coverage.totals)."""

    key: str
    graphs: dict
    coverage_rows: str
    coverage_totals: dict
    prefixes: dict  # extra_prefixes of its extracted graphs
    reused: bool = False

    @classmethod
    def read_back(cls, key: str, entry: dict, files: dict[str, bytes]) -> "DocumentFacts":
        coverage, prefixes = entry["coverage"], entry["prefixes"]
        return cls(key, read_graphs(files, prefixes), coverage["rows"], coverage["totals"], prefixes, reused=True)

    def entry(self, key: str) -> dict:
        """Its entry in the build record, under its key (record() adds its data files' digests)."""
        return {"key": key, "coverage": {"rows": self.coverage_rows, "totals": self.coverage_totals},
                "prefixes": self.prefixes}
