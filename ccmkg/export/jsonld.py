"""dist/ccm.jsonld and dist/context.jsonld: compacted JSON-LD with a readable context, written
directly (rdflib's compaction is slow and orders nothing): nodes sorted by @id, keys sorted, a
key's values sorted by their JSON text, one node per line."""
from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef

from ..vocab import CCM
from .turtle import TYPE, XSD_STRING

PREFIXES = {"ccm", "ccmr", "cv", "dcterms", "oa", "org", "owl", "prov", "rdf", "rdfs", "skos",
            "time", "xsd", "wd", "doco", "foaf", "undo", "vann"}


class Compactor:
    """IRIs written as prefix:local against the prefixes of one JSON-LD context; the namespaces
    and every IRI already compacted are remembered by this object, for as long as it lives (it is
    called once per term of every triple)."""

    def __init__(self, ctx: dict):
        self.prefix_of: dict[str, str] = {}  # namespace -> its first prefix in the context
        for prefix, ns in ctx.items():
            if isinstance(ns, str):
                if not ns.endswith(("/", "#")):
                    raise ValueError(f"namespace {ns} of prefix {prefix} must end in / or #")
                self.prefix_of.setdefault(ns, prefix)
        self.compacted: dict[str, str] = {}

    def __call__(self, iri) -> str:
        """prefix:local for the longest namespace of the context that IRI starts with."""
        iri = str(iri)
        written = self.compacted.get(iri)
        if written is None:
            best = self.longest_namespace(iri)
            written = self.compacted[iri] = f"{self.prefix_of[best]}:{iri[len(best):]}" if best else iri
        return written

    def longest_namespace(self, iri: str) -> str:
        """Our namespaces all end in '/' or '#', so only the IRI's prefixes ending there are looked
        up (a scan of every namespace per IRI is what made JSON-LD slow on large graphs)."""
        cut = len(iri) - 1
        while cut > 0:
            cut = max(iri.rfind("/", 0, cut), iri.rfind("#", 0, cut))
            if cut < 0:
                break
            ns = iri[:cut + 1]
            if ns in self.prefix_of and not iri[cut + 1:].startswith("/"):
                return ns
        return ""


def jsonld_context(graph: Graph) -> dict:
    """A readable context: our prefixes, and a short term for every ccm: property (its local
    name, which is unique), typed where every value in the graph has one type, so that values
    are plain strings wherever the type is known."""
    ctx: dict = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces())
                 if prefix and prefix in PREFIXES}
    compact = Compactor(ctx)
    for predicate in sorted(set(graph.predicates())):
        local = str(predicate)[len(str(CCM._NS)):]
        if str(predicate).startswith(str(CCM._NS)) and local not in ctx:
            ctx[local] = term_definition(graph, predicate, compact)
    return {"@context": ctx}


def term_definition(graph: Graph, predicate: URIRef, compact: Compactor) -> dict:
    definition: dict = {"@id": compact(predicate)}
    objects = set(graph.objects(None, predicate))
    if all(isinstance(o, URIRef) for o in objects):
        definition["@type"] = "@id"
    elif all(isinstance(o, Literal) and o.datatype and not o.language for o in objects):
        datatypes = {o.datatype for o in objects}
        if len(datatypes) == 1:
            definition["@type"] = compact(datatypes.pop())
    return definition


def jsonld(graph: Graph, context: dict) -> bytes:
    """Compacted JSON-LD with the context inline (the same as dist/context.jsonld), nodes sorted
    by @id."""
    ctx = context["@context"]
    compact = Compactor(ctx)
    terms = {v["@id"]: (k, v) for k, v in ctx.items() if isinstance(v, dict)}
    nodes: dict[URIRef, dict] = {}
    keys: dict = {}  # predicate -> (JSON key, term definition), looked up once per predicate
    for s, p, o in graph:
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"@id": compact(s)}
        if str.__eq__(p, TYPE):
            node.setdefault("@type", []).append(compact(o))
            continue
        if p not in keys:
            keys[p] = terms.get(compact(p), (compact(p), {}))
        key, definition = keys[p]
        node.setdefault(key, []).append(value(o, definition, compact))
    ordered = []
    for s in sorted(nodes, key=str):
        node = nodes[s]
        ordered.append({k: (v if k == "@id" or len(v) == 1 else sorted(v, key=sort_key))
                        for k, v in sorted(node.items())})
    # one node per line: diff-friendly, and written by json's C encoder (indent= takes its slow
    # pure-Python path, seconds on large graphs)
    nodes_text = ",\n".join(json.dumps(node, ensure_ascii=False) for node in ordered)
    head = json.dumps({"@context": ctx}, ensure_ascii=False, indent=1)[:-2]  # without the closing "\n}"
    return (f'{head},\n "@graph": [\n{nodes_text}\n ]\n}}\n').encode("utf-8")


def value(o, definition: dict, compact: Compactor):
    coerced = definition.get("@type")
    if isinstance(o, URIRef):
        return compact(o) if coerced == "@id" else {"@id": compact(o)}
    if o.language:
        return {"@value": str(o), "@language": o.language}
    datatype = o.datatype or XSD_STRING
    if coerced and coerced != "@id" and coerced == compact(datatype):
        return str(o)
    if datatype == XSD_STRING and not coerced:
        return str(o)
    return {"@value": str(o), "@type": compact(datatype)}


def sort_key(v) -> str:
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def dumps(obj: dict) -> bytes:
    """A JSON document as dist/ writes it (context.jsonld): indented by one space, UTF-8."""
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
