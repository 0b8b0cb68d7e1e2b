"""The shapes of shapes/: SHACL-SPARQL shapes (sh:sparql) as checks, the rest as SHACL Core."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .compiler import CoreQuery, compile_core
from .index import ShapesIndex
from .rdf import parse_rdf


@dataclass
class Shapes:
    triples: list[tuple]  # the SHACL Core shapes (compiled to SPARQL by compile_core, or run by pySHACL)
    checks: list[tuple[URIRef, str, str, str]]  # (shape, severity, message template, SELECT query)
    compiled: list[CoreQuery] | None = None  # compile_core(triples), made on first use
    graph: Graph | None = None  # the triples as an rdflib Graph, made on first use

    @property
    def core(self) -> Graph:
        """The SHACL Core shapes graph (pySHACL's input)."""
        if self.graph is None:
            self.graph = Graph()
            self.graph.addN((s, p, o, self.graph) for s, p, o in self.triples)
        return self.graph

    def core_queries(self) -> list[CoreQuery]:
        if self.compiled is None:
            self.compiled = compile_core(self.triples)
        return self.compiled


def load_shapes(folder: Path) -> Shapes:
    """The shapes of folder/*.ttl (files in name order, a triple once)."""
    triples = list(dict.fromkeys(t for path in sorted(folder.glob("*.ttl")) for t in parse_rdf(path)))
    index = ShapesIndex(triples)
    checks, sparql_nodes = [], set()
    for shape, constraint in sorted((s, o) for s, p, o in triples if p == SH.sparql):
        severity = str(index.value(shape, SH.severity, default=SH.Violation)).split("#")[-1]
        message = str(index.value(constraint, SH.message) or index.value(shape, SH.message))
        checks.append((shape, severity, message, str(index.value(constraint, SH.select))))
        sparql_nodes |= {shape, constraint}
    return Shapes([t for t in triples if t[0] not in sparql_nodes], checks)  # the rest is SHACL Core
