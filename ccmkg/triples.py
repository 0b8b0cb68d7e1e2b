"""TripleSet: the graphs ccmkg builds and exports, as Python sets with the few lookups it makes.

An rdflib Graph indexes every triple three ways on insert and compares terms in Python code; for
graphs that are written once and looked up by a handful of patterns, that costs more than all the
extraction and export work together. A TripleSet takes the same arguments as a Graph for what
ccmkg uses (add, bind, `in` with None as a wildcard, subjects, objects, subject_objects, value,
predicates, namespaces), and is iterable like one, so the exports take either.
"""
from __future__ import annotations

from rdflib import Graph, URIRef

DEFAULT_NAMESPACES = list(Graph().namespaces())  # rdflib's own bindings (rdf, rdfs, owl, xsd, ...)


class TripleSet:
    def __init__(self, triples=(), namespaces=None):
        self.triples: set = set(triples)
        self._namespaces = dict(DEFAULT_NAMESPACES if namespaces is None else namespaces)
        self._indexed = False  # the indexes are made at the first lookup, then kept up to date

    def _index(self) -> None:
        self._by_predicate: dict = {}  # p -> [(s, o)]
        self._by_subject_predicate: dict = {}  # (s, p) -> {o}
        self._by_predicate_object: dict = {}  # (p, o) -> {s}
        self._indexed = True
        for triple in self.triples:
            self._add_to_indexes(triple)

    def _add_to_indexes(self, triple) -> None:
        s, p, o = triple
        self._by_predicate.setdefault(p, []).append((s, o))
        self._by_subject_predicate.setdefault((s, p), set()).add(o)
        self._by_predicate_object.setdefault((p, o), set()).add(s)

    def add(self, triple) -> "TripleSet":
        if triple not in self.triples:
            self.triples.add(triple)
            if self._indexed:
                self._add_to_indexes(triple)
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
        if not self._indexed:
            self._index()
        if s is not None and p is not None:
            return (s, p) in self._by_subject_predicate
        return any(True for _ in self._match(s, p, o))

    def _match(self, s, p, o):
        if not self._indexed:
            self._index()
        pairs = self._by_predicate.get(p, ()) if p is not None else \
            ((s2, o2) for s2, _, o2 in self.triples)
        return ((s2, o2) for s2, o2 in pairs if (s is None or s2 == s) and (o is None or o2 == o))

    def predicates(self):
        if not self._indexed:
            self._index()
        return iter(list(self._by_predicate))

    def subjects(self, predicate=None, obj=None):
        if not self._indexed:
            self._index()
        if predicate is not None and obj is not None:
            return iter(self._by_predicate_object.get((predicate, obj), ()))
        return (s for s, _ in self._match(None, predicate, obj))

    def objects(self, subject=None, predicate=None):
        if not self._indexed:
            self._index()
        if subject is not None and predicate is not None:
            return iter(self._by_subject_predicate.get((subject, predicate), ()))
        return (o for _, o in self._match(subject, predicate, None))

    def subject_objects(self, predicate=None):
        return iter(self._match(None, predicate, None))

    def value(self, subject, predicate, default=None):
        return next(self.objects(subject, predicate), default)
