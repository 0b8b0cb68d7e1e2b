"""Reading RDF input: files into a pyoxigraph store (what the SPARQL engine runs on), files as
rdflib triples (the shapes, and the rdflib Graph of `read_rdf`), and the copies between the two.
An unreadable or unparsable file is an InputError naming the file and line (exit 2, no traceback):
pyoxigraph parses because its syntax errors carry line and column (rdflib's do not). rdflib is
imported by the functions that make rdflib terms, not by reading files into pyoxigraph."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import XSD_STRING

RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
               ".n3": ox.RdfFormat.N3}
RDFLIB_FORMATS = {".nt": "nt", ".nq": "nquads", ".trig": "trig", ".rdf": "xml", ".owl": "xml", ".n3": "n3"}


def format_of(path: Path) -> ox.RdfFormat:
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown RDF file type '{path.suffix}' (use {', '.join(RDF_FORMATS)})")
    return fmt


def parsed(path: Path) -> tuple[bytes, list]:
    """The bytes of one RDF file and pyoxigraph's quads of it; errors as the module says."""
    fmt = format_of(path)
    try:
        data = path.read_bytes()
        return data, list(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    except SyntaxError as exc:
        raise InputError(f"{path}:{line_of(exc)}", f"not valid {path.suffix[1:]}: {exc}") from None


def read_into_store(paths: list[Path], store: ox.Store | None = None) -> ox.Store:
    """The triples of every file in one pyoxigraph store, without rdflib: Store.load gives each
    file's blank nodes new labels (a file's labels are its own, as with rdflib's parser) and
    keeps the named graphs of TriG and N-Quads apart from the default graph, which alone is
    validated (rdflib's parser into a Graph keeps only the default graph)."""
    store = store if store is not None else ox.Store()
    for path in paths:
        fmt = format_of(path)
        try:
            store.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        except OSError as exc:  # pyoxigraph's carry no strerror: "No such file or directory (os error 2)"
            raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
        except SyntaxError as exc:
            raise InputError(f"{path}:{line_of(exc)}", f"not valid {path.suffix[1:]}: {exc}") from None
    return store


def read_rdf(path: Path, graph) -> None:
    """Parse one RDF file into an rdflib `graph`; errors as the module says."""
    graph.addN((s, p, o, graph) for s, p, o in parse_rdf(path))


def parse_rdf(path: Path) -> list[tuple]:
    """The triples of one RDF file as rdflib terms. Turtle and N-Triples go from pyoxigraph's
    triples straight to rdflib terms, the other syntaxes through rdflib's parser."""
    from rdflib import Graph

    data, quads = parsed(path)
    if format_of(path) in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        blank: dict = {}  # a file's blank node labels are its own, as with rdflib's parser
        term = lambda t: rdflib_term(t, blank, path)  # noqa: E731
        return [(term(q.subject), term(q.predicate), term(q.object)) for q in quads]
    graph = Graph()
    graph.parse(data=data, format=RDFLIB_FORMATS.get(path.suffix.lower(), "turtle"),
                publicID=path.resolve().as_uri())
    return list(graph)


def rdflib_term(term, blank: dict, path: Path):
    """A pyoxigraph term as the rdflib term rdflib's parser makes (a plain literal for xsd:string)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blank.setdefault(term.value, BNode())
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise InputError(str(path), f"unsupported RDF term {term} (RDF 1.2 triple terms are not read)")


def line_of(exc: SyntaxError) -> str:
    match = re.search(r"line (\d+)", str(exc))
    return match.group(1) if match else str(getattr(exc, "lineno", "") or "?")


def to_graph(store: ox.Store):
    """The default graph of `store` as an rdflib Graph (pySHACL's input)."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    return graph


def to_store(graph) -> ox.Store:
    """The triples of `graph` in a new pyoxigraph store; blank nodes keep rdflib's labels (which
    Store.load would replace), so results name them as the graph does."""
    store = ox.Store()
    store.extend(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return store
