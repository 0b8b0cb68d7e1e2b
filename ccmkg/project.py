"""Where a project's files are: its documents, the inputs they share, and where a build writes.

A document is data, not code: every `data/source/KEY.txt` is a document, annotated in
`data/annotations/KEY/`, and its facts go to `data/ttl/KEY/`. What the documents share (the
names table, the reference tables, the ontology, the shapes, the rules, the saved queries) lives
once, outside any document's folder.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

NAMES = "names.yaml"  # the shared names table, and the file of a document's own aliases


@dataclass(frozen=True)
class Document:
    """One document of the corpus: its key (the source file's stem, also its IRI segment
    doc/KEY), its text and its annotation folder."""

    key: str
    source: Path
    annotations: Path

    @property
    def source_record(self) -> Path:
        """The checksums of the source text the annotations were made on (source.sha256)."""
        return self.annotations / "source.sha256"

    def inputs(self) -> list[Path]:
        """The files of this document alone."""
        return [self.source, self.source_record, *sorted(p for p in self.annotations.glob("*.yaml") if p.is_file())]


@dataclass
class Project:
    """Where a project's files are; everything is relative to its root folder."""

    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "data" / "source"

    @property
    def annotation_root(self) -> Path:
        return self.root / "data" / "annotations"

    @property
    def names(self) -> Path:
        """The names table every document resolves its names through."""
        return self.annotation_root / NAMES

    @property
    def reference(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def ontology_files(self) -> list[Path]:
        return [self.root / "ontology" / "ccm.ttl", *sorted((self.root / "ontology" / "vocab").glob("*.ttl"))]

    @property
    def data_dir(self) -> Path:
        return self.root / "data" / "ttl"

    @property
    def rules(self) -> Path:
        return self.root / "rules"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    def documents(self) -> list[Document]:
        """Every document under data/source/, in key order, each with its annotation folder; a
        source without a folder, or a folder without a source, is an error (neither may be left
        out of a build silently)."""
        sources = sorted(self.sources.glob("*.txt"))
        if not sources:
            raise InputError(str(self.sources), "no source document (*.txt) found")
        documents = [Document(p.stem, p, self.annotation_root / p.stem) for p in sources]
        for doc in documents:
            if not doc.annotations.is_dir():
                raise InputError(str(doc.source), f"no annotation folder {doc.annotations.relative_to(self.root)}/")
        keys = {doc.key for doc in documents}
        for folder in sorted(p for p in self.annotation_root.iterdir() if p.is_dir()):
            if folder.name not in keys:
                raise InputError(str(folder), f"an annotation folder with no source data/source/{folder.name}.txt")
        return documents

    def document(self, key: str) -> Document:
        """The document of this key; an error names the keys there are."""
        found = {doc.key: doc for doc in self.documents()}
        if key not in found:
            raise InputError(f"document {key}", f"no such document; the project has {', '.join(found)}")
        return found[key]

    def data_files(self, data_dir: Path | None = None) -> list[Path]:
        """The built data files of every document (data/ttl/KEY/*.ttl), in path order."""
        return sorted((data_dir or self.data_dir).glob("*/*.ttl"))

    def shared_inputs(self) -> list[Path]:
        """Every file a build reads that no single document owns (besides the ccmkg code)."""
        folders = [(self.reference, "*"), (self.root / "shapes", "*.ttl"), (self.root / "queries", "*.rq"),
                   (self.root / "queries" / "tables", "*.rq"), (self.rules, "*.rq")]
        return [self.names, *self.ontology_files,
                *(p for folder, pattern in folders for p in sorted(folder.glob(pattern)) if p.is_file())]

    def inputs(self) -> list[Path]:
        """Every file a build reads besides the ccmkg code."""
        return [*self.shared_inputs(), *(p for doc in self.documents() for p in doc.inputs())]


def load_ontology(project: Project):
    """The ontology files as one graph (a TripleSet), parsed by pyoxigraph (rdflib's parser takes
    five times longer); it may hold no blank nodes, like the data."""
    import pyoxigraph as ox  # here: the commands that only read a project's paths need neither

    from .namespaces import bind_prefixes
    from .triples import TripleSet, from_oxigraph

    graph = bind_prefixes(TripleSet())
    converted: dict = {}
    for path in project.ontology_files:
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except FileNotFoundError:
            raise InputError(str(path), "ontology file not found") from None
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(str(path), f"cannot parse: {exc}") from None
        for triple in triples:
            terms = tuple(from_oxigraph(t, converted) for t in (triple.subject, triple.predicate, triple.object))
            if None in terms:
                raise InputError(str(path), f"a blank node in the ontology: {triple}")
            graph.add(terms)
    return graph


def files_state(first_line: str, files: list[Path]) -> str:
    """What a cache made from `files` is kept under: `first_line` (the form of what is kept), then
    one line per file with its path, size and modification time."""
    lines = [first_line]
    for path in files:
        stat = os.stat(path)
        lines.append(f"{os.path.abspath(path)}\t{stat.st_size}\t{stat.st_mtime_ns}\n")
    return "".join(lines)
