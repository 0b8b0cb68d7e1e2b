"""Write graphs as files: canonical sorted Turtle, written to a temporary file and renamed."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import BNode, Graph

from .errors import InputError


def turtle(graph: Graph) -> bytes:
    """Canonical Turtle: rdflib's longturtle sorts subjects, predicates and objects; with no blank
    nodes its output depends only on the triples and prefixes (canon=True would only relabel
    blank nodes, at three times the cost)."""
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        raise InputError("graph", "blank nodes are not allowed in published data")
    return graph.serialize(format="longturtle", encoding="utf-8")


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file or none: all go to temporary files first, then are renamed in place."""
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are for everyone
            staged.append((path, tmp))
    except OSError as exc:
        for _, tmp in staged:
            os.unlink(tmp)
        raise InputError(str(exc.filename or "output"), f"cannot write: {exc.strerror}") from None
    for path, tmp in staged:
        os.replace(tmp, path)
