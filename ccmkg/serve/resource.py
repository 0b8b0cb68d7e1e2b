"""What the graph says about one resource, as RDF (/id/... as Turtle or JSON-LD).

A resource's own triples do not answer "what does the graph say about Lebanon": its memberships,
roles, findings' member nodes and obligations point at it. So the document holds the resource's
triples, its own hash nodes, every node that points at it by one of the ABOUT properties with all
of that node's triples (its ccm:source, ccm:basis, ccm:asAt …), and that node's hash nodes (its
ccm:quote selector with oa:exact). JSON-LD is compacted with the published context (the one
`ccmkg build` writes to dist/context.jsonld): short keys, a single value not wrapped in an array.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from ..export.jsonld import jsonld, jsonld_context
from ..namespaces import ONTOLOGY, bind_prefixes
from ..triples import TripleSet

CCM = str(ONTOLOGY)
# The properties by which a fact is about the resource it points at. Not ccm:source, ccm:meeting,
# dcterms:isPartOf or the concept links (status, capacity, basis): a paragraph, the Meeting or a
# concept is pointed at by hundreds of nodes that are about something else.
_JSONLD = threading.Lock()  # export.jsonld keeps module-level caches: one server thread at a time
ABOUT = ("member", "group", "bearer", "stateObligation", "obligation", "holder", "roleIn", "onBehalfOf",
         "submittedBy", "actor", "decisionObject", "subDecisionOf")


def describe(iri: str) -> str:
    """The CONSTRUCT for one resource. `iri` is made of the characters the server's SAFE_PATH
    allows (letters, digits, . - / ( ) _), none of which can end an IRI or a string."""
    about = " ".join(f"<{CCM}{name}>" for name in ABOUT)
    return f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ BIND(<{iri}> AS ?s) ?s ?p ?o }}
  UNION {{ <{iri}> ?x ?s . ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{iri}#")) }}
  UNION {{ VALUES ?about {{ {about} }} ?s ?about <{iri}> . ?s ?p ?o FILTER(isIRI(?s)) }}
  UNION {{ VALUES ?about {{ {about} }} ?n ?about <{iri}> . ?n ?y ?s . ?s ?p ?o
           FILTER(isIRI(?n) && STRSTARTS(STR(?s), CONCAT(STR(?n), "#"))) }}
}}"""


def ordered(triples: list, focus: str) -> list:
    """The resource's triples first, then by subject, predicate and object: the same bytes on
    every request, whatever order the engine gives."""
    return sorted(triples, key=lambda t: (t.subject.value != focus, t.subject.value, str(t.predicate), str(t.object)))


def published_context(files: list[Path]) -> dict:
    """The JSON-LD context of the graph in `files`, made as the build makes dist/context.jsonld."""
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return jsonld_context(TripleSet(graph, bind_prefixes(TripleSet()).namespaces()))


def compact_document(triples: list, context: dict, focus: str) -> bytes:
    """Compact JSON-LD: the resource's node first, then the others by @id; single values unwrapped."""
    graph = TripleSet(rdflib_triple(t) for t in triples)
    with _JSONLD:
        document = json.loads(jsonld(graph, context))
    nodes = [{key: single(key, value) for key, value in node.items()} for node in document["@graph"]]
    focus_id = next((n["@id"] for n in nodes if expand(n["@id"], context) == focus), None)
    nodes.sort(key=lambda n: (n["@id"] != focus_id, n["@id"]))
    return (json.dumps({"@context": document["@context"], "@graph": nodes}, ensure_ascii=False, indent=1)
            + "\n").encode("utf-8")


def single(key: str, value):
    return value[0] if key != "@id" and isinstance(value, list) and len(value) == 1 else value


def expand(compact_iri: str, context: dict) -> str:
    prefix, _, local = compact_iri.partition(":")
    namespace = context["@context"].get(prefix)
    return namespace + local if isinstance(namespace, str) and not local.startswith("//") else compact_iri


def rdflib_triple(triple) -> tuple:
    return tuple(rdflib_term(term) for term in (triple.subject, triple.predicate, triple.object))


def rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"no blank nodes in the graph: {term}")
