"""The SHACL stage: the shapes of shapes/ against ontology + data, as one report.

    rdf.py             reading RDF input (into pyoxigraph, or as rdflib triples)
    shapes.py          the shapes of shapes/: SHACL Core, and SHACL-SPARQL checks
    index.py           the shape index the compiler reads
    components.py      one function per value-type constraint component
    sparql.py          SPARQL text for terms, paths and targets
    compiler.py        SHACL Core to SPARQL queries (counts, classes, value types)
    planner.py         choosing each query's form on the data, and running them
    pyshacl_engine.py  pySHACL, the reference engine
    engine.py          validate(): one report from either engine
    results.py         results and the report
    render.py          the report as text, JSON or Turtle
    command.py         `ccmkg validate`
"""
from .engine import validate
from .index import UnsupportedShape
from .rdf import read_into_store, read_rdf, to_graph, to_store
from .render import render
from .results import Report, Result
from .shapes import Shapes, load_shapes

__all__ = ["Result", "Report", "Shapes", "UnsupportedShape", "load_shapes", "validate", "render", "read_rdf",
           "read_into_store", "to_graph", "to_store"]
