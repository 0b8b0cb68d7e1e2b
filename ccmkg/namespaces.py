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

# This module imports no rdflib: `ccmkg query` and `ccmkg sparql` read the prefix table and start
# with pyoxigraph alone. The rdflib namespace objects (`ID`, `SH`, …) are made on first use, by
# the module's __getattr__ below; the IRIs are the strings of this table (a test compares the
# W3C ones with rdflib's).

# ---------------------------------------------------------------------------------- ours
BASE = "https://w3id.org/ccmkg/"
OURS = {"ccm": BASE + "ontology#",  # ccm: classes and properties (terms.CCM)
        "ccmr": BASE + "id/",  # every resource the document speaks of
        "cv": BASE + "vocab/",  # the SKOS concept schemes
        "graph": BASE + "graph/",  # the named graphs of ccm.trig, one per data file
        "shapes": BASE + "shapes#"}  # shapes/*.ttl
ONTOLOGY_IRI_TEXT = BASE + "ontology"  # the owl:Ontology
# ------------------------------------------------------------------------------- others'
W3C = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
       "owl": "http://www.w3.org/2002/07/owl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
       "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
       "prov": "http://www.w3.org/ns/prov#", "oa": "http://www.w3.org/ns/oa#", "org": "http://www.w3.org/ns/org#",
       "time": "http://www.w3.org/2006/time#", "foaf": "http://xmlns.com/foaf/0.1/"}
WIKIDATA = {"wd": "http://www.wikidata.org/entity/", "wdt": "http://www.wikidata.org/prop/direct/",
            "p": "http://www.wikidata.org/prop/", "ps": "http://www.wikidata.org/prop/statement/",
            "pq": "http://www.wikidata.org/prop/qualifier/", "pr": "http://www.wikidata.org/prop/reference/",
            "wikibase": "http://wikiba.se/ontology#"}
OTHERS = {"doco": "http://purl.org/spar/doco/", "geonames": "https://sws.geonames.org/",
          "sh": "http://www.w3.org/ns/shacl#", "dcat": "http://www.w3.org/ns/dcat#",
          "void": "http://rdfs.org/ns/void#", "vann": "http://purl.org/vocab/vann/"}
# Namespaces of formats, not of the graph: the root element of a SPARQL 1.1 Query Results XML
# document, and of the SVG pictures the export writes. No query or Turtle file uses them as prefixes.
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
SVG = "http://www.w3.org/2000/svg"
# IRI spaces the graph points into, never bound as prefixes: the Library of Congress' ISO 639-1
# languages (a resource's dcterms:language), IANA's media types (VoID's dcat:mediaType), and the
# namespace owlrl writes its clash messages in (read back by the reason stage).
ISO639_1 = "http://id.loc.gov/vocabulary/iso639-1/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
OWLRL_ERRORS = "http://www.daml.org/2002/03/agents/agent-ont#"
# The datatype of a plain literal, as text; `XSD_STRING_TERM` is its rdflib URIRef (rdflib terms
# equal only terms of their own type, never a str), made on first use like the namespaces below.
XSD_STRING = W3C["xsd"] + "string"
PROJECT = {name: OURS[name] for name in ("ccm", "ccmr", "cv")}
ID_TEXT, CV_TEXT = OURS["ccmr"], OURS["cv"]
# A prefixed name cannot hold '/', so `ccmr:state/LBN` is no name a query can use: each kind of
# resource gets its prefix (`state:LBN`), and the document's parts theirs (`msp5:main__para_8`).
# Organizations stay under ccmr: (`org:` is the W3C Organization ontology).
ID_KINDS = ("state", "entity", "person", "office", "meeting", "body", "place", "instrument", "doc")
RESOURCES = {**{kind: f"{ID_TEXT}{kind}/" for kind in ID_KINDS}, "msp5": f"{ID_TEXT}doc/CCM-MSP-2011-5/"}
# Scheme names of more than one word get a one-word prefix; any other scheme is its own name.
SHORT = {"finding-kind": "kind", "decision-kind": "decision", "isu-principle": "principle"}
# The prefixes of every Turtle file the build writes (and so of the JSON-LD context).
BOUND = ("ccm", "cv", "ccmr", "oa", "org", "time", "prov", "dcterms", "skos")
# Namespaces the code names but queries are not given unasked (shapes, VoID and DCAT, doco).
UNASKED = ("sh", "shapes", "dcat", "void", "vann", "doco")
# Every prefix the table knows, for the code's own queries and for pages that pick a few.
ALL_PREFIXES = {**W3C, **WIKIDATA, **PROJECT, **RESOURCES, **{n: {**OURS, **OTHERS}[n] for n in UNASKED}}

# The rdflib objects: our namespaces and those rdflib lacks by prefix; rdflib's own by name.
NAMESPACE_PREFIX = {"ONTOLOGY": "ccm", "ID": "ccmr", "CV": "cv", "GRAPH": "graph", "SHAPES": "shapes",
                    "OA": "oa", "DOCO": "doco", "WD": "wd", "GEONAMES": "geonames"}
RDFLIB_NAMESPACES = ("DCAT", "DCTERMS", "FOAF", "ORG", "OWL", "PROV", "RDF", "RDFS", "SH", "SKOS", "TIME",
                     "VANN", "VOID", "XSD")


def __getattr__(name: str):
    """`from ccmkg.namespaces import ID, SH`: the rdflib object, made (and kept) on first use."""
    if name in NAMESPACE_PREFIX:
        from rdflib import Namespace
        value = Namespace({**OURS, **W3C, **WIKIDATA, **OTHERS}[NAMESPACE_PREFIX[name]])
    elif name in RDFLIB_NAMESPACES:
        from rdflib import namespace
        value = getattr(namespace, name)
    elif name in ("ONTOLOGY_IRI", "XSD_STRING_TERM"):
        from rdflib import URIRef
        value = URIRef(ONTOLOGY_IRI_TEXT if name == "ONTOLOGY_IRI" else XSD_STRING)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def bind_prefixes(graph):
    """The prefixes of the Turtle the build writes, bound on an rdflib Graph (or TripleSet)."""
    from rdflib import Namespace
    for prefix in BOUND:
        graph.bind(prefix, Namespace(ALL_PREFIXES[prefix]))
    return graph


def scheme_prefixes(vocab_dir: Path) -> dict[str, str]:
    """prefix -> concept namespace, for every skos:ConceptScheme under cv: in vocab_dir/*.ttl."""
    found = {}
    for path in sorted(vocab_dir.glob("*.ttl")):
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            iri = triple.subject.value
            if (triple.predicate.value == W3C["rdf"] + "type" and triple.object.value == W3C["skos"] + "ConceptScheme"
                    and iri.startswith(CV_TEXT)):
                local = iri[len(CV_TEXT):]
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
