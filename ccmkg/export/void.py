"""dist/void.ttl: the VoID and DCAT description of dist/ (the dataset, each distribution with its
media type and size, a partition per ccm: class, a linkset per external target), in canonical
Turtle. Counts are of the merged graph; nothing is timed."""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS, VOID, XSD

from ..namespaces import BASE, GEONAMES, IANA_MEDIA_TYPES, ID, ONTOLOGY_IRI, WD
from ..terms import CCM
from .csv_tables import CSV_TABLES
from .turtle import TYPE, turtle

DATASET = ID["dataset"]
ONTOLOGY = ONTOLOGY_IRI
VERSION_INFO = str(OWL.versionInfo)
LINKSET_TARGETS = {str(WD): "wikidata", str(GEONAMES): "geonames"}
# the predicates of a linkset, rdflib terms looked up by rdflib terms (a str key would not match)
LINK_PREDICATES = {predicate: predicate for predicate in (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch)}
MEDIA_TYPES = {"ccm.ttl": "text/turtle", "ccm.nt": "application/n-triples",
               "ccm.jsonld": "application/ld+json", "ccm.trig": "application/trig",
               "ccm.wikidata.ttl": "text/turtle", "datapackage.json": "application/json",
               **{f"{name}.csv": "text/csv" for name in CSV_TABLES}}


@dataclass
class GraphCounts:
    """What VoID says of the merged graph (terms as str), in one Python loop over its triples and
    two passes in C; no index of the whole graph is made."""

    triples: int = 0
    version: str = ""
    subjects: set = field(default_factory=set)
    predicates: set = field(default_factory=set)
    members: dict = field(default_factory=dict)  # class -> its instances
    links: dict = field(default_factory=dict)  # (target namespace, link predicate) -> triples

    @classmethod
    def of(cls, merged) -> "GraphCounts":
        counts = cls(triples=len(merged))
        # a subject's triples share its term (found by identity, in C); predicate terms are made
        # anew by rdflib's RDF.type and friends, so they are compared as str
        counts.subjects = {str(s) for s in set(map(itemgetter(0), merged))}
        counts.predicates = set(map(str, map(itemgetter(1), merged)))
        versions = []
        for s, p, o in merged:
            if str.__eq__(p, TYPE):
                counts.members.setdefault(str(o), set()).add(str(s))
            elif p in LINK_PREDICATES:
                target = next((ns for ns in LINKSET_TARGETS if o.startswith(ns)), None)
                if target:
                    key = (target, LINK_PREDICATES[p])
                    counts.links[key] = counts.links.get(key, 0) + 1
            elif str.__eq__(p, VERSION_INFO) and str.__eq__(s, ONTOLOGY):
                versions.append(str(o))
        counts.version = versions[0] if versions else ""
        return counts


def void(merged: Graph, sizes: dict[str, int]) -> bytes:
    """VoID + DCAT description of dist/; counts are of the merged graph, nothing is timed."""
    counts = GraphCounts.of(merged)
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("ccmr", ID),
                       ("owl", OWL), ("rdfs", RDFS), ("xsd", XSD), ("ccm", CCM._NS)):
        g.bind(prefix, ns)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("ccmkg: a knowledge graph of CCM/MSP/2011/5", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "The final document of the Second Meeting of States Parties to the Convention on Cluster "
        "Munitions (Beirut, 12-16 September 2011) as an RDF knowledge graph: its structure, "
        "participants, findings, decisions, roles and documents, each fact traced to its paragraph "
        "or footnote with the exact words, and links of its States and instruments to ISO 3166-1, "
        "UN M49, GeoNames and Wikidata.", lang="en")))
    g.add((d, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((d, DCTERMS.source, URIRef("https://undocs.org/CCM/MSP/2011/5")))
    g.add((d, DCTERMS.source, ID["doc/CCM-MSP-2011-5"]))
    g.add((d, OWL.versionInfo, Literal(counts.version)))
    g.add((d, URIRef(str(DCAT) + "version"), Literal(counts.version)))  # DCAT 3; rdflib lists DCAT 2
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.triples, Literal(counts.triples)))
    g.add((d, VOID.entities, Literal(sum(1 for s in counts.subjects if s.startswith(str(ID))))))
    g.add((d, VOID.classes, Literal(len(counts.members))))
    g.add((d, VOID.properties, Literal(len(counts.predicates))))
    for ns in sorted(vocabularies(merged, counts.predicates | counts.members.keys())):
        g.add((d, VOID.vocabulary, URIRef(ns)))
    for cls in sorted(c for c in counts.members if c.startswith(str(CCM._NS))):
        partition = ID[f"dataset/class/{cls.split('#')[-1]}"]
        g.add((d, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(cls)))
        g.add((partition, VOID.entities, Literal(len(counts.members[cls]))))
    for name, size in sorted(sizes.items()):
        distribution(g, name, size)
    for (target, predicate), count in sorted(counts.links.items()):
        linkset(g, target, predicate, count)
    return turtle(g)


def vocabularies(merged: Graph, used: set[str]) -> set[str]:
    """The bound namespaces of which `used` (the predicates and classes) holds a term."""
    known = {str(ns) for _, ns in merged.namespaces()}
    return {ns for ns in known for term in used if term.startswith(ns)
            and term[len(ns):] and not any(c in term[len(ns):] for c in "/#")}


def distribution(g: Graph, name: str, size: int) -> None:
    dist = ID[f"dataset/distribution/{name}"]
    g.add((DATASET, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(name)))
    g.add((dist, DCAT.downloadURL, URIRef(BASE + f"dist/{name}")))
    g.add((dist, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + MEDIA_TYPES[name])))
    g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    if MEDIA_TYPES[name] not in ("text/csv", "application/json") and name != "ccm.wikidata.ttl":
        g.add((DATASET, VOID.dataDump, URIRef(BASE + f"dist/{name}")))


def linkset(g: Graph, target: str, predicate: URIRef, count: int) -> None:
    """The linkset of the `count` triples whose `predicate` links to an IRI under `target`."""
    name = f"{LINKSET_TARGETS[target]}-{str(predicate).rsplit('#', 1)[-1]}"
    ls = ID[f"dataset/linkset/{name}"]
    other = ID[f"dataset/{LINKSET_TARGETS[target]}"]
    g.add((DATASET, VOID.subset, ls))
    g.add((ls, RDF.type, VOID.Linkset))
    g.add((ls, VOID.subjectsTarget, DATASET))
    g.add((ls, VOID.objectsTarget, other))
    g.add((ls, VOID.linkPredicate, predicate))
    g.add((ls, VOID.triples, Literal(count)))
    g.add((other, RDF.type, VOID.Dataset))
    g.add((other, VOID.uriSpace, Literal(target)))
    g.add((other, DCTERMS.title, Literal(LINKSET_TARGETS[target].capitalize() if target != str(GEONAMES) else "GeoNames")))
