"""The one table of names: every namespace, base IRI and prefix ccmkg uses, each defined here once.

rdflib's own namespaces where rdflib has them (`SH`, `ORG`, `TIME`, `PROV`, `DCTERMS`, `SKOS` …);
ours are built on `BASE`. The terms of our ontology and concept schemes are `DefinedNamespace`
classes in ccmkg/terms.py (ccm:) and ccmkg/concepts.py (cv: schemes and concepts), generated from ontology/ by
tools/write_terms.py (a test checks both ways), so that a misspelled term fails instead of minting
a new IRI.

`prefix_table()` is what `ccmkg sparql`, `ccmkg query` and `/sparql` predefine, so a query may use
`ccm:`, `status:` or `skos:` without declaring them (a query's own PREFIX lines win); table output
shortens IRIs with it. The concept-scheme prefixes are read from ontology/vocab/*.ttl (each scheme
IRI, such as cv:finding-kind, gives the prefix of its concepts), so a new scheme gets its prefix
unasked. `bind_prefixes` binds the prefixes of the written Turtle (and so of the JSON-LD context).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, VANN,
                              VOID, XSD)

# ---------------------------------------------------------------------------------- ours
BASE = "https://w3id.org/ccmkg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")  # the owl:Ontology
ONTOLOGY = Namespace(BASE + "ontology#")  # ccm: classes and properties (terms.CCM)
ID = Namespace(BASE + "id/")  # ccmr: every resource the document speaks of
CV = Namespace(BASE + "vocab/")  # cv: the SKOS concept schemes
GRAPH = Namespace(BASE + "graph/")  # the named graphs of ccm.trig, one per data file
SHAPES = Namespace(BASE + "shapes#")  # shapes/*.ttl
# ------------------------------------------------------------------- others' (not in rdflib)
OA = Namespace("http://www.w3.org/ns/oa#")
DOCO = Namespace("http://purl.org/spar/doco/")
WD = Namespace("http://www.wikidata.org/entity/")
WIKIDATA = {"wd": str(WD), "wdt": "http://www.wikidata.org/prop/direct/",
            "p": "http://www.wikidata.org/prop/", "ps": "http://www.wikidata.org/prop/statement/",
            "pq": "http://www.wikidata.org/prop/qualifier/", "pr": "http://www.wikidata.org/prop/reference/",
            "wikibase": "http://wikiba.se/ontology#"}
GEONAMES = Namespace("https://sws.geonames.org/")

W3C = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS),
       "dcterms": str(DCTERMS), "prov": str(PROV), "oa": str(OA), "org": str(ORG), "time": str(TIME),
       "foaf": str(FOAF)}
PROJECT = {"ccm": str(ONTOLOGY), "ccmr": str(ID), "cv": str(CV)}
# A prefixed name cannot hold '/', so `ccmr:state/LBN` is no name a query can use: each kind of
# resource gets its prefix (`state:LBN`), and the document's parts theirs (`msp5:main__para_8`).
# Organizations stay under ccmr: (`org:` is the W3C Organization ontology).
ID_KINDS = ("state", "entity", "person", "office", "meeting", "body", "place", "instrument", "doc")
RESOURCES = {**{kind: f"{ID}{kind}/" for kind in ID_KINDS}, "msp5": f"{ID}doc/CCM-MSP-2011-5/"}
# Scheme names of more than one word get a one-word prefix; any other scheme is its own name.
SHORT = {"finding-kind": "kind", "decision-kind": "decision", "isu-principle": "principle"}
# The prefixes of every Turtle file the build writes (and so of the JSON-LD context).
BOUND = {"ccm": ONTOLOGY, "cv": CV, "ccmr": ID, "oa": OA, "org": ORG, "time": TIME, "prov": PROV,
         "dcterms": DCTERMS, "skos": SKOS}
# Namespaces the code names but queries are not given unasked (shapes, VoID and DCAT, doco).
NAMESPACES = {"sh": SH, "shapes": SHAPES, "dcat": DCAT, "void": VOID, "vann": VANN, "doco": DOCO}
# Every prefix the table knows, for the code's own queries and for pages that pick a few.
ALL_PREFIXES = {**W3C, **WIKIDATA, **PROJECT, **RESOURCES, **{n: str(ns) for n, ns in NAMESPACES.items()}}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in BOUND.items():
        graph.bind(prefix, namespace)
    return graph


def scheme_prefixes(vocab_dir: Path) -> dict[str, str]:
    """prefix -> concept namespace, for every skos:ConceptScheme under cv: in vocab_dir/*.ttl."""
    found = {}
    for path in sorted(vocab_dir.glob("*.ttl")):
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            iri = triple.subject.value
            if (triple.predicate.value == str(RDF.type) and triple.object.value == str(SKOS.ConceptScheme)
                    and iri.startswith(str(CV))):
                local = iri[len(str(CV)):]
                found[SHORT.get(local, local)] = iri + "/"
    return found


@lru_cache(maxsize=4)
def table_for(vocab_dir: Path) -> dict[str, str]:
    """Every predefined prefix, sorted by name: project, resources, schemes, W3C, Wikidata."""
    wikidata = {name: WIKIDATA[name] for name in ("wd", "wdt")}
    every = {**W3C, **wikidata, **PROJECT, **RESOURCES, **scheme_prefixes(vocab_dir)}
    return dict(sorted(every.items()))


def of_project(root: Path) -> dict[str, str]:
    return table_for(Path(root).resolve() / "ontology" / "vocab")


def declarations(prefixes: dict[str, str]) -> str:
    """The table as SPARQL PREFIX lines (for an endpoint, which has no predefined prefixes)."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())


def prefix_lines(*names: str) -> str:
    """PREFIX lines for the named prefixes of the table, for a query the code writes."""
    return declarations({name: ALL_PREFIXES[name] for name in names})


def shortened(iri: str, prefixes: dict[str, str]) -> str:
    """`status:party` for an IRI in a known namespace whose rest is a plain local name, else the IRI.

    The longest namespace wins (ccmr:doc/… rather than a shorter base)."""
    best = ""
    for name, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
            best = name
    if best and re.fullmatch(r"[\w\-./]*[\w\-]|", iri[len(prefixes[best]):]):
        return f"{best}:{iri[len(prefixes[best]):]}"
    return f"<{iri}>"


if __name__ == "__main__":  # the table, as PREFIX lines (`python -m ccmkg.namespaces`)
    print(declarations(of_project(Path(__file__).resolve().parent.parent)), end="")
