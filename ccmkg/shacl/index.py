"""The shape index: a shapes graph in dictionaries, with the few lookups the compiler makes
(without the cost of rdflib's store on each of them, compiling takes milliseconds, not a tenth
of a second), and the two ways a result names a shape and a path."""
from __future__ import annotations

from rdflib import RDF, BNode, URIRef

from ..errors import InputError


class UnsupportedShape(InputError):
    """A shapes graph uses SHACL that the SPARQL engine does not implement (never silently passed)."""


class ShapesIndex:
    """Triples by subject and predicate (out) and by object (into)."""

    def __init__(self, graph):  # a Graph or any iterable of triples
        self.out: dict = {}
        self.into: dict = {}
        for s, p, o in graph:
            self.out.setdefault(s, {}).setdefault(p, []).append(o)
            self.into.setdefault(o, []).append((s, p))

    def objects(self, subject, predicate) -> list:
        if subject is None:
            return [o for props in self.out.values() for o in props.get(predicate, ())]
        return list(self.out.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate, obj) -> list:
        if predicate is None:
            return [s for s, _ in self.into.get(obj, ())]
        if obj is None:
            return [s for s, props in self.out.items() if predicate in props]
        return [s for s, p in self.into.get(obj, ()) if p == predicate]

    def predicates(self, subject) -> list:
        return list(self.out.get(subject, {}))

    def subject_predicates(self):
        return [(s, p) for s, props in self.out.items() for p in props]

    def value(self, subject, predicate, default=None):
        values = self.out.get(subject, {}).get(predicate)
        return values[0] if values else default

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        values = self.out.get(s, {}).get(p, ())
        return bool(values) if o is None else o in values

    def items(self, lst) -> list:
        """The members of an RDF list."""
        out = []
        while lst is not None and lst != RDF.nil:
            first = self.value(lst, RDF.first)
            if first is None:
                raise UnsupportedShape(str(lst), "an RDF list without rdf:first")
            out.append(first)
            lst = self.value(lst, RDF.rest)
        return out


def owning_shape(core, shape):
    """A blank-node shape inside an sh:or list is reported as the named shape that holds it."""
    while isinstance(shape, BNode):
        parent = next(iter(core.subjects(None, shape)), None)
        if parent is None:
            break
        shape = parent
    return shape


def path_text(graph, path) -> str:
    """A result's path as text: the IRI of a predicate path, '<p1>/<p2>' for a sequence path."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return str(path)
    if isinstance(path, BNode) and (path, RDF.first, None) in graph:
        return "/".join(f"<{step}>" if isinstance(step, URIRef) else path_text(graph, step)
                        for step in graph.items(path))
    return str(path)
