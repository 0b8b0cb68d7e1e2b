"""Where a project's files are, relative to its root folder: light to import (paths only), so
that the small commands (`ccmkg query`, `ccmkg sparql`) need not import the build."""
from __future__ import annotations

from pathlib import Path

DOCUMENT = "CCM-MSP-2011-5"


class Project:
    """Where a project's files are; everything is relative to its root folder. (A plain class: the
    dataclasses module alone costs a small command a tenth of its start-up.)"""

    def __init__(self, root: Path):
        self.root = root

    def __repr__(self) -> str:
        return f"Project({self.root!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Project) and other.root == self.root

    @property
    def source(self) -> Path:
        return self.root / "data" / "source" / f"{DOCUMENT}.txt"

    @property
    def annotations(self) -> Path:
        return self.root / "data" / "annotations" / DOCUMENT

    @property
    def source_record(self) -> Path:
        """The checksums of the source text the annotations were made on (source.sha256)."""
        return self.annotations / "source.sha256"

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

    def inputs(self) -> list[Path]:
        """Every file a build reads besides the ccmkg code."""
        folders = [(self.annotations, "*.yaml"), (self.root / "data" / "reference", "*"),
                   (self.root / "shapes", "*.ttl"), (self.root / "queries", "*.rq"),
                   (self.root / "queries" / "tables", "*.rq"), (self.rules, "*.rq")]
        return [self.source, self.source_record, *self.ontology_files,
                *(p for folder, pattern in folders for p in sorted(folder.glob(pattern)) if p.is_file())]
