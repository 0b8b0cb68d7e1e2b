"""Validation: the shapes of shapes/ against ontology + data, as one report.

SHACL Core shapes are compiled to SPARQL SELECT queries (compiler.py) and run on pyoxigraph
(planner.py), each over all focus nodes at once; the compiler supports the part of SHACL Core
that shapes/ uses and refuses any other constraint with UnsupportedShape. pySHACL stays available
as the reference engine for SHACL Core (engine="pyshacl"); tests/test_validate_engine.py and
tests/test_shacl_differential.py check that the engines give the same results. No inference
either way: the ontology's rdfs:subClassOf triples are in the data graph, which is all
sh:targetClass and sh:class need.
SHACL-SPARQL shapes (sh:sparql, shapes/cross-checks.ttl) run as plain SELECT queries on pyoxigraph
with either engine: pySHACL evaluates them once per focus node, which is minutes on the built graph,
not milliseconds (tests/test_cross_checks_pyshacl.py compares them with pySHACL's own run).
"""
from __future__ import annotations

import time

import pyoxigraph as ox

from . import planner
from .results import Report, sort_key
from .shapes import Shapes

ENGINES = ("sparql", "pyshacl")


def validate(graph, shapes: Shapes, store: ox.Store | None = None, engine: str = "sparql") -> Report:
    """Every result of every shape on `graph` (an rdflib Graph of ontology + data). `store` may
    hold the same triples already loaded into pyoxigraph (then `graph` may be None); otherwise
    they are copied there. engine="pyshacl" runs the SHACL Core shapes in pySHACL instead."""
    if graph is None and store is None:
        raise ValueError("validate needs a graph or a store")
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r} (sparql or pyshacl)")
    started = time.perf_counter()
    if store is None:
        from .rdf import to_store

        store = to_store(graph)
    if engine == "sparql":
        results = planner.core_results(store, shapes.core_queries())
    else:
        from .pyshacl_engine import core_results
        from .rdf import to_graph

        results = core_results(graph if graph is not None else to_graph(store), shapes.core)
    results += planner.check_results(store, shapes.checks)
    results.sort(key=sort_key)
    return Report(results, time.perf_counter() - started)
