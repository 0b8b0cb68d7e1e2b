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
    compiled.py        the compiled queries, and their copy on disk
    command.py         `ccmkg validate`

The names below are imported on first use (`from ccmkg.shacl import validate`), so that importing
one module of the package, as `ccmkg validate` does, does not import rdflib with the others.
"""
from importlib import import_module

EXPORTS = {"validate": "engine", "UnsupportedShape": "index", "read_into_store": "rdf", "read_rdf": "rdf",
           "to_graph": "rdf", "to_store": "rdf", "render": "render", "Report": "results", "Result": "results",
           "Shapes": "shapes", "load_shapes": "shapes"}
__all__ = sorted(EXPORTS)


def __getattr__(name: str):
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{EXPORTS[name]}"), name)
    globals()[name] = value
    return value
