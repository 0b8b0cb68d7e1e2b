"""dist/void.ttl: the VoID and DCAT description of dist/ (the dataset, each distribution with its
media type and size, a partition per ccm: class, a linkset per external target), in canonical
Turtle. Counts are of the merged graph; nothing is timed."""
from __future__ import annotations

from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS, VOID, XSD

from ..vocab import BASE, CCM, ID
from .csv_tables import CSV_TABLES
from .turtle import turtle

DATASET = ID["dataset"]
MEDIA_TYPES = {"ccm.ttl": "text/turtle", "ccm.nt": "application/n-triples",
               "ccm.jsonld": "application/ld+json", "ccm.trig": "application/trig",
               "ccm.wikidata.ttl": "text/turtle", "datapackage.json": "application/json",
               **{f"{name}.csv": "text/csv" for name in CSV_TABLES}}


def void(merged: Graph, sizes: dict[str, int]) -> bytes:
    """VoID + DCAT description of dist/; counts are of the merged graph, nothing is timed."""
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("ccmr", ID),
                       ("owl", OWL), ("rdfs", RDFS), ("xsd", XSD), ("ccm", CCM._NS)):
        g.bind(prefix, ns)
    ontology = URIRef(BASE + "ontology")
    version = str(merged.value(ontology, OWL.versionInfo) or "")
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
    g.add((d, OWL.versionInfo, Literal(version)))
    g.add((d, URIRef(str(DCAT) + "version"), Literal(version)))  # DCAT 3; rdflib lists DCAT 2
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.triples, Literal(len(merged))))
    entities = {s for s in merged.subjects() if str(s).startswith(str(ID))}
    g.add((d, VOID.entities, Literal(len(entities))))
    classes = set(merged.objects(None, RDF.type))
    g.add((d, VOID.classes, Literal(len(classes))))
    g.add((d, VOID.properties, Literal(len(set(merged.predicates())))))
    for ns in sorted(vocabularies(merged)):
        g.add((d, VOID.vocabulary, URIRef(ns)))
    members: dict = {}  # class -> its instances, in one pass over the rdf:type triples
    for s, cls in merged.subject_objects(RDF.type):
        members.setdefault(cls, set()).add(s)
    for cls in sorted(c for c in classes if str(c).startswith(str(CCM._NS))):
        partition = ID[f"dataset/class/{str(cls).split('#')[-1]}"]
        g.add((d, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, Literal(len(members[cls]))))
    for name, size in sorted(sizes.items()):
        distribution(g, name, size)
    for target, predicate in linkset_targets(merged):
        linkset(g, merged, target, predicate)
    return turtle(g)


def vocabularies(merged: Graph) -> set[str]:
    used = set(merged.predicates()) | set(merged.objects(None, RDF.type))
    known = {str(ns) for _, ns in merged.namespaces()}
    return {ns for ns in known for term in used if str(term).startswith(ns)
            and str(term)[len(ns):] and not any(c in str(term)[len(ns):] for c in "/#")}


def distribution(g: Graph, name: str, size: int) -> None:
    dist = ID[f"dataset/distribution/{name}"]
    g.add((DATASET, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(name)))
    g.add((dist, DCAT.downloadURL, URIRef(BASE + f"dist/{name}")))
    g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[name]}")))
    g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    if MEDIA_TYPES[name] not in ("text/csv", "application/json") and name != "ccm.wikidata.ttl":
        g.add((DATASET, VOID.dataDump, URIRef(BASE + f"dist/{name}")))


LINKSET_TARGETS = {"http://www.wikidata.org/entity/": "wikidata", "https://sws.geonames.org/": "geonames"}


def linkset_targets(merged: Graph) -> list[tuple[str, URIRef]]:
    found = set()
    for predicate in (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch):
        for o in merged.objects(None, predicate):
            for prefix in LINKSET_TARGETS:
                if str(o).startswith(prefix):
                    found.add((prefix, predicate))
    return sorted(found)


def linkset(g: Graph, merged: Graph, target: str, predicate: URIRef) -> None:
    name = f"{LINKSET_TARGETS[target]}-{str(predicate).rsplit('#', 1)[-1]}"
    ls = ID[f"dataset/linkset/{name}"]
    other = ID[f"dataset/{LINKSET_TARGETS[target]}"]
    count = sum(1 for o in merged.objects(None, predicate) if str(o).startswith(target))
    g.add((DATASET, VOID.subset, ls))
    g.add((ls, RDF.type, VOID.Linkset))
    g.add((ls, VOID.subjectsTarget, DATASET))
    g.add((ls, VOID.objectsTarget, other))
    g.add((ls, VOID.linkPredicate, predicate))
    g.add((ls, VOID.triples, Literal(count)))
    g.add((other, RDF.type, VOID.Dataset))
    g.add((other, VOID.uriSpace, Literal(target)))
    g.add((other, DCTERMS.title, Literal(LINKSET_TARGETS[target].capitalize() if target != "https://sws.geonames.org/" else "GeoNames")))
