"""SPARQL text for the compiler: terms, strings, paths, class membership. Shape values reach a
query only through these (an IRI in <>, a literal escaped), never by pasting."""
from __future__ import annotations

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import SH

from .compiled import TYPE_PATH
from .index import UnsupportedShape


def sparql_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.language:
            return f"{sparql_string(str(term))}@{term.language}"
        return sparql_string(str(term)) + (f"^^<{term.datatype}>" if term.datatype else "")
    raise UnsupportedShape(str(term), "a blank node where a shape needs an IRI or a literal")


def sparql_string(text: str) -> str:
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\r", "\\r")) + '"'


def instance_of(var: str, classes: list) -> str:
    """A pattern that matches when the node in `var` is an instance of one of `classes`."""
    return " UNION ".join(f"{{ {var} {TYPE_PATH} {sparql_term(c)} }}" for c in classes)


def target_pattern(kind: str, term) -> str:
    """A graph pattern binding ?this to the focus nodes of one target."""
    if kind == "class":  # instances of the class and of its subclasses, as SHACL defines
        return f"?this {TYPE_PATH} {sparql_term(term)} ."
    return f"?this {sparql_term(term)} [] ."


def compile_path(core, path) -> str:
    """sh:path as a SPARQL property path: an IRI, or a sequence (RDF list) of paths."""
    if isinstance(path, URIRef):
        return sparql_term(path)
    if isinstance(path, BNode) and (path, RDF.first, None) in core:
        steps = list(core.items(path))
        if len(steps) < 2:
            raise unsupported(path, "a sequence path of fewer than two steps")
        return "(" + "/".join(compile_path(core, step) for step in steps) + ")"
    kinds = [str(p).split("#")[-1] for p in core.predicates(path) if str(p).startswith(str(SH))]
    raise unsupported(path, f"the path {', '.join('sh:' + k for k in kinds) or path}")


def first_step(core, path) -> URIRef:
    """The first IRI of a path (of a sequence path, its first step's)."""
    while not isinstance(path, URIRef):
        path = core.items(path)[0]
    return path


def unsupported(shape, what: str) -> UnsupportedShape:
    return UnsupportedShape(str(shape), f"{what} is not supported by ccmkg's SHACL engine "
                                        f"(validate with engine 'pyshacl' instead, or extend the engine)")
