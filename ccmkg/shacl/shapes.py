"""The shapes of shapes/: SHACL-SPARQL shapes (sh:sparql) as checks, the rest as SHACL Core.
rdflib is imported where the shapes are read or handed to pySHACL, not by the compiled shapes
kept on disk (compiled.py), which are all `ccmkg validate` needs."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .compiled import CoreQuery, read_cached, state_of, write_cached


@dataclass
class Shapes:
    triples: list[tuple] | None  # the SHACL Core shapes (compiled by compile_core, or run by pySHACL)
    checks: list[tuple]  # (shape, severity, message template, SELECT query)
    compiled: list[CoreQuery] | None = None  # compile_core(triples), made on first use
    graph: object = None  # the triples as an rdflib Graph, made on first use

    @property
    def core(self):
        """The SHACL Core shapes graph (pySHACL's input)."""
        if self.triples is None:
            raise ValueError("compiled shapes hold no SHACL Core triples: load_shapes() for pySHACL")
        if self.graph is None:
            from rdflib import Graph

            self.graph = Graph()
            self.graph.addN((s, p, o, self.graph) for s, p, o in self.triples)
        return self.graph

    def core_queries(self) -> list[CoreQuery]:
        if self.compiled is None:
            from .compiler import compile_core

            self.compiled = compile_core(self.triples)
        return self.compiled


def load_shapes(folder: Path) -> Shapes:
    """The shapes of folder/*.ttl (files in name order, a triple once)."""
    from rdflib.namespace import SH

    from .index import ShapesIndex
    from .rdf import parse_rdf

    triples = list(dict.fromkeys(t for path in sorted(folder.glob("*.ttl")) for t in parse_rdf(path)))
    index = ShapesIndex(triples)
    checks, sparql_nodes = [], set()
    for shape, constraint in sorted((s, o) for s, p, o in triples if p == SH.sparql):
        severity = str(index.value(shape, SH.severity, default=SH.Violation)).split("#")[-1]
        message = str(index.value(constraint, SH.message) or index.value(shape, SH.message))
        checks.append((shape, severity, message, str(index.value(constraint, SH.select))))
        sparql_nodes |= {shape, constraint}
    return Shapes([t for t in triples if t[0] not in sparql_nodes], checks)  # the rest is SHACL Core


def compiled_shapes(folder: Path, cache: Path) -> Shapes:
    """The shapes of folder/*.ttl compiled, as kept under `cache` for the current state of the
    shapes files and of the code, or read, compiled and kept there. Its SHACL Core triples are not
    kept (pySHACL's input): it serves the SPARQL engine only."""
    state = state_of(folder)
    kept = read_cached(cache, state)
    if kept is not None:
        return Shapes(None, kept[0], kept[1])
    shapes = load_shapes(folder)
    write_cached(cache, state, shapes.checks, shapes.core_queries())
    return Shapes(None, shapes.checks, shapes.compiled)
