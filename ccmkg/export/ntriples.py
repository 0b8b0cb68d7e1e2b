"""dist/ccm.nt: the merged graph as N-Triples, one triple per line, lines sorted and unique, so
that the bytes depend only on the triples. pyoxigraph writes the lines, many times faster than
rdflib would."""
from __future__ import annotations

import pyoxigraph as ox

from ..triples import sorted_lines, to_oxigraph


def sorted_ntriples(turtle_bytes: bytes | None = None, store: ox.Store | None = None) -> bytes:
    """Sorted N-Triples, from Turtle, or from a store that holds the graph already (the build's:
    no second parse)."""
    if store is None:
        triples = ox.parse(turtle_bytes, format=ox.RdfFormat.TURTLE)
        text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    else:
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return sorted_lines(text)


def inferred_ntriples(triples: set) -> bytes:
    """Sorted N-Triples of plain triples, or of the N-Triples lines reason_ntriples gives:
    deterministic, written by pyoxigraph."""
    if all(type(t) is str for t in triples):
        return sorted_lines("\n".join(triples).encode("utf-8"))
    terms = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), to_oxigraph(o)) for s, p, o in triples]
    return sorted_lines(ox.serialize(terms, format=ox.RdfFormat.N_TRIPLES))
