"""TripleSet: the graphs ccmkg builds and exports, as Python sets with the few lookups it makes.

An rdflib Graph indexes every triple three ways on insert and compares terms in Python code; for
graphs that are written once and looked up by a handful of patterns, that costs more than all the
extraction and export work together. A TripleSet takes the same arguments as a Graph for what
ccmkg uses (add, bind, `in` with None as a wildcard, subjects, objects, subject_objects, value,
predicates, namespaces), and is iterable like one, so the exports take either.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from .namespaces import XSD_STRING

DEFAULT_NAMESPACES = list(Graph().namespaces())  # rdflib's own bindings (rdf, rdfs, owl, xsd, ...)


class TripleSet:
    def __init__(self, triples=(), namespaces=None):
        self.triples: set = set(triples)
        self._namespaces = dict(DEFAULT_NAMESPACES if namespaces is None else namespaces)
        # Indexes, each made at its first use, then kept up to date by add():
        # "p": p -> [(s, o)], "sp": (s, p) -> {o}, "po": (p, o) -> {s}
        self._indexes: dict[str, dict] = {}

    def _index(self, kind: str) -> dict:
        index = self._indexes.get(kind)
        if index is None:
            index = self._indexes[kind] = {}
            for triple in self.triples:
                _index_one(kind, index, triple)
        return index

    def add(self, triple) -> "TripleSet":
        if triple not in self.triples:
            self.triples.add(triple)
            for kind, index in self._indexes.items():
                _index_one(kind, index, triple)
        return self

    def bind(self, prefix: str, namespace, override: bool = True, replace: bool = False) -> None:
        self._namespaces[prefix] = URIRef(str(namespace))

    def namespaces(self):
        return iter(self._namespaces.items())

    def __iter__(self):
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def __contains__(self, pattern) -> bool:
        s, p, o = pattern
        if None not in pattern:
            return pattern in self.triples
        if s is not None and p is not None:
            return (s, p) in self._index("sp")
        return any(True for _ in self._match(s, p, o))

    def _match(self, s, p, o):
        pairs = self._index("p").get(p, ()) if p is not None else ((s2, o2) for s2, _, o2 in self.triples)
        return ((s2, o2) for s2, o2 in pairs if (s is None or s2 == s) and (o is None or o2 == o))

    def predicates(self):
        return iter(list(self._index("p")))

    def subjects(self, predicate=None, obj=None):
        if predicate is not None and obj is not None:
            return iter(self._index("po").get((predicate, obj), ()))
        return (s for s, _ in self._match(None, predicate, obj))

    def objects(self, subject=None, predicate=None):
        # (s, p) lookups use their own index, unless only the predicate index exists already: then
        # scanning that predicate's pairs beats indexing every triple again for one lookup
        if subject is not None and predicate is not None and ("sp" in self._indexes or "p" not in self._indexes):
            return iter(self._index("sp").get((subject, predicate), ()))
        return (o for _, o in self._match(subject, predicate, None))

    def subject_objects(self, predicate=None):
        return iter(self._match(None, predicate, None))

    def value(self, subject, predicate, default=None):
        return next(self.objects(subject, predicate), default)


def _index_one(kind: str, index: dict, triple) -> None:
    s, p, o = triple
    if kind == "p":
        index.setdefault(p, []).append((s, o))
    elif kind == "sp":
        index.setdefault((s, p), set()).add(o)
    else:
        index.setdefault((p, o), set()).add(s)



def to_oxigraph(term):
    """The pyoxigraph term of an rdflib IRI or literal ("x" and "x"^^xsd:string are one literal)."""
    if not isinstance(term, Literal):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD_STRING)))


def sorted_lines(ntriples: bytes) -> bytes:
    """N-Triples with its lines sorted and unique, so that the bytes depend only on the triples.
    Sorted as bytes (UTF-8 keeps the order of code points) and cut only at newlines: a literal may
    hold characters str.splitlines would also cut at, such as U+2028."""
    lines = ntriples.split(b"\n")
    del ntriples  # a large graph's file: hold one copy of it at a time (the caller passes its own)
    lines.sort()
    unique = [line for line, following in zip(lines, lines[1:] + [None]) if line != following and line]
    return b"\n".join(unique) + b"\n"


def from_oxigraph(term, converted: dict):
    """The rdflib term of a pyoxigraph IRI or literal (None for a blank node), remembered in
    `converted`: most terms recur, and rdflib's are costly to make."""
    found = converted.get(term)
    if found is None:
        kind = type(term).__name__
        if kind == "NamedNode":
            found = URIRef(term.value)
        elif kind != "Literal":
            return None
        elif term.language:
            found = Literal(term.value, lang=term.language)
        elif term.datatype.value == XSD_STRING:
            found = Literal(term.value)
        else:
            found = Literal(term.value, datatype=URIRef(term.datatype.value))
        converted[term] = found
    return found


def literal_of_ntriples(text: str) -> Literal:
    """The rdflib Literal of a literal's N-Triples text."""
    triple = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)))
    return from_oxigraph(triple.object, {})


@contextmanager
def collector_paused():
    """No cyclic garbage collection while reasoning: the closure's millions of tuples and lists live
    until it returns, and the collector would scan them again and again (a third of the time at
    10 copies of the graph). Reference counting frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
