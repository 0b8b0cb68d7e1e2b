"""dist/ccm.jsonld and dist/context.jsonld: compacted JSON-LD with a readable context, written
directly (rdflib's compaction is slow and orders nothing): nodes sorted by @id, keys sorted, a
key's values sorted by their JSON text, one node per line."""
from __future__ import annotations

import json

import re

from rdflib import Graph, URIRef

from ..namespaces import XSD_STRING_TERM
from ..terms import CCM
from .turtle import TYPE, subject_predicates

CCM_NS = str(CCM._NS)
JSON_ESCAPED = re.compile(r'[\x00-\x1f\\"]')  # the characters json.dumps escapes (ensure_ascii=False)
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
        iri = str(iri)  # a plain str: looked up in C, where an rdflib term compares in Python
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


def jsonld_context(graph: Graph, grouped: dict | None = None) -> dict:
    """A readable context: our prefixes, and a short term for every ccm: property (its local
    name, which is unique), typed where every value in the graph has one type, so that values
    are plain strings wherever the type is known."""
    ctx: dict = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces())
                 if prefix and prefix in PREFIXES}
    compact = Compactor(ctx)
    kinds = value_kinds(subject_predicates(graph) if grouped is None else grouped)
    for predicate in sorted(kinds):
        local = predicate[len(CCM_NS):]
        if predicate.startswith(CCM_NS) and local not in ctx:
            ctx[local] = term_definition(predicate, kinds[predicate], compact)
    return {"@context": ctx}


def value_kinds(grouped: dict) -> dict[str, set]:
    """predicate -> the kinds of its values, in one pass over the graph grouped by subject
    (turtle.subject_predicates: predicates as str): "@id" for an IRI, the datatype of a literal
    with one and no language, None for any other literal."""
    kinds: dict = {}
    for predicates in grouped.values():
        for p, objects in predicates.items():
            seen = kinds.get(p)
            if seen is None:
                seen = kinds[p] = set()
            for o in objects:
                seen.add("@id" if type(o) is URIRef else None if o.language else o.datatype)
    return kinds


def term_definition(predicate: str, kinds: set, compact: Compactor) -> dict:
    definition: dict = {"@id": compact(predicate)}
    if kinds == {"@id"}:
        definition["@type"] = "@id"
    elif len(kinds) == 1 and None not in kinds:
        definition["@type"] = compact(next(iter(kinds)))
    return definition


def jsonld(graph: Graph, context: dict, grouped: dict | None = None) -> bytes:
    """Compacted JSON-LD with the context inline (the same as dist/context.jsonld), nodes sorted
    by @id; `grouped`: the graph grouped by subject already (turtle.subject_predicates)."""
    ctx = context["@context"]
    compact = Compactor(ctx)
    keys = Keys(ctx, compact)
    grouped = subject_predicates(graph) if grouped is None else grouped
    # one node per line: diff-friendly, and written by json's C encoder (indent= takes its slow
    # pure-Python path, seconds on large graphs)
    nodes_text = ",\n".join(json.dumps(node_of(s, grouped[s], keys, compact), ensure_ascii=False)
                            for s in sorted(grouped, key=str))
    head = json.dumps({"@context": ctx}, ensure_ascii=False, indent=1)[:-2]  # without the closing "\n}"
    return (f'{head},\n "@graph": [\n{nodes_text}\n ]\n}}\n').encode("utf-8")


class Keys(dict):
    """predicate -> (its JSON key, its term definition): the term of the context whose @id it
    is, else its compacted IRI with no definition; looked up once per predicate."""

    def __init__(self, ctx: dict, compact: Compactor):
        super().__init__()
        self.terms = {v["@id"]: (k, v) for k, v in ctx.items() if isinstance(v, dict)}
        self.compact = compact

    def __missing__(self, predicate: str) -> tuple[str, dict]:
        compacted = self.compact(predicate)
        found = self[predicate] = self.terms.get(compacted, (compacted, {}))
        return found


def node_of(subject, predicates: dict[str, list], keys: dict, compact: Compactor) -> dict:
    """A subject's node: keys sorted, several values sorted by their JSON text."""
    node: dict = {"@id": [compact(subject)]}
    string = compact(XSD_STRING_TERM)
    for p, objects in predicates.items():
        if p == TYPE:
            key, values = "@type", [compact(o) for o in objects]
        else:
            key, definition = keys[p]
            coerced = definition.get("@type")
            values = [value(o, coerced, compact, string) for o in objects]
        have = node.get(key)
        if have is None:
            node[key] = values
        else:
            have.extend(values)
    return {k: (v[0] if k == "@id" else v if len(v) == 1 else sorted(v, key=sort_key))
            for k, v in sorted(node.items())}


def value(o, coerced: str | None, compact: Compactor, string: str):
    """An object's JSON value under a term coerced to `coerced` (None: not coerced); `string` is
    how xsd:string is compacted (datatypes are compared compacted: as str, in C)."""
    if type(o) is URIRef:
        return compact(o) if coerced == "@id" else {"@id": compact(o)}
    language = o.language
    if language:
        return {"@value": str(o), "@language": language}
    datatype = o.datatype
    written = string if datatype is None else compact(datatype)
    if coerced and coerced != "@id" and coerced == written:
        return str(o)
    if written == string and not coerced:
        return str(o)
    return {"@value": str(o), "@type": written}


def sort_key(v) -> str:
    """A value's JSON text; a string that JSON writes as it is gets its text without json.dumps."""
    if type(v) is str and not JSON_ESCAPED.search(v):
        return f'"{v}"'
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def dumps(obj: dict) -> bytes:
    """A JSON document as dist/ writes it (context.jsonld): indented by one space, UTF-8."""
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
