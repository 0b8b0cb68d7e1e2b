"""dist/void.ttl: the VoID and DCAT description of dist/ (the dataset, a subset per document of
the corpus, each distribution with its media type and size, a partition per ccm: class, a linkset
per external target), in canonical Turtle. Counts are of the merged graph, made in one pass over
its triples; nothing is timed."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS, VOID, XSD

from ..namespaces import BASE, GEONAMES, IANA_MEDIA_TYPES, ID, ID_TEXT, ONTOLOGY_IRI, RESOURCES, WD
from ..terms import CCM
from .csv_tables import CSV_TABLES
from .turtle import TYPE, turtle

DATASET = ID["dataset"]
ONTOLOGY = ONTOLOGY_IRI
VERSION_INFO = str(OWL.versionInfo)
LINKSET_TARGETS = {str(WD): "wikidata", str(GEONAMES): "geonames"}
# the predicates of a linkset (their triples are found by the predicate's IRI as a str)
LINK_PREDICATES = (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch)
DOCUMENTS = RESOURCES["doc"]  # a document of the corpus is doc/KEY, its parts and facts under it
UNDER_DOCUMENT = re.compile(re.escape(DOCUMENTS) + "([^/#]+)[/#]")
TITLE, LABEL, LINE = str(DCTERMS.title), str(RDFS.label), str(CCM.line)
REGEX_SPECIAL = re.compile(r"[.\\?*+{}()\[\]|^$]")  # escaped in a void:uriRegexPattern
DOCUMENT_FACTS = (TITLE, LABEL)  # what a document's subset repeats of its node
DESCRIPTION = (
    "Meeting documents of the Convention on Cluster Munitions as an RDF knowledge graph, one "
    "void:subset per document: their structure, participants, findings, decisions, roles and "
    "documents, each fact traced to its paragraph or footnote with the exact words, and links of "
    "their States and instruments to ISO 3166-1, UN M49, GeoNames and Wikidata. States, "
    "organizations, meetings and instruments are shared: one IRI however many documents name them.")
MEDIA_TYPES = {"ccm.ttl": "text/turtle", "ccm.nt": "application/n-triples",
               "ccm.jsonld": "application/ld+json", "ccm.trig": "application/trig",
               "ccm.wikidata.ttl": "text/turtle", "datapackage.json": "application/json",
               **{f"{name}.csv": "text/csv" for name in CSV_TABLES}}


@dataclass
class DocumentCounts:
    """One document of the corpus as VoID describes it: the triples whose subject is the document
    or an IRI under it (doc/KEY/... and doc/KEY#...: its parts and the facts drawn from it), and
    what the graph says of the document node (its title and label as given)."""

    key: str
    triples: int = 0
    entities: int = 0
    about: dict = field(default_factory=dict)  # predicate (str) -> the document node's values

    @property
    def iri(self) -> URIRef:
        return URIRef(DOCUMENTS + self.key)


@dataclass
class GraphCounts:
    """What VoID says of the merged graph, from one Python loop over its triples that groups them
    by predicate and counts each subject's triples; the rest works on those groups and on the
    distinct subjects. rdflib compares and prefixes its terms in Python, so terms are compared as
    str here (str.__eq__, str.startswith), and looked up by identity and C hash only."""

    triples: int = 0
    version: str = ""
    subjects: dict = field(default_factory=dict)  # subject -> its triples
    predicates: set = field(default_factory=set)  # as str
    members: dict = field(default_factory=dict)  # class (str) -> its instances
    links: dict = field(default_factory=dict)  # (target namespace, link predicate) -> triples
    documents: dict = field(default_factory=dict)  # key -> DocumentCounts, the corpus's documents

    @classmethod
    def of(cls, merged) -> "GraphCounts":
        counts = cls()
        subjects = counts.subjects
        # predicate term objects by id: a graph holds a few thousand of them for a few hundred
        # IRIs, and a dict keyed by the terms would compare unequal objects of one IRI in Python
        by_predicate: dict[int, list] = {}
        for triple in merged:
            subject = triple[0]
            subjects[subject] = subjects.get(subject, 0) + 1
            group = by_predicate.get(id(triple[1]))
            if group is None:
                group = by_predicate[id(triple[1])] = []
            group.append(triple)
        counts.triples = sum(subjects.values())
        grouped: dict[str, list] = {}  # the groups of one IRI's term objects joined
        for group in by_predicate.values():
            grouped.setdefault(str(group[0][1]), []).extend(group)
        counts.predicates = set(grouped)
        counts.count_groups(grouped)
        counts.documents = corpus_documents(subjects, grouped)
        return counts

    def count_groups(self, grouped: dict[str, list]) -> None:
        """Classes and their instances, linksets, the ontology's version, from the predicates' groups."""
        by_class: dict[int, tuple] = {}  # class term objects by id, as the predicates in of()
        for s, _, o in grouped.get(TYPE, ()):
            found = by_class.get(id(o))
            if found is None:
                found = by_class[id(o)] = (o, set())
            found[1].add(s)
        for cls, instances in by_class.values():
            self.members.setdefault(str(cls), set()).update(instances)
        for predicate in LINK_PREDICATES:
            for _, _, o in grouped.get(str(predicate), ()):
                target = next((ns for ns in LINKSET_TARGETS if str.startswith(o, ns)), None)
                if target:
                    self.links[(target, predicate)] = self.links.get((target, predicate), 0) + 1
        versions = sorted(str(o) for s, _, o in grouped.get(VERSION_INFO, ()) if str.__eq__(s, ONTOLOGY))
        self.version = versions[0] if versions else ""

    def entities(self) -> int:
        return sum(1 for s in self.subjects if str.startswith(s, ID_TEXT))


def corpus_documents(subjects: dict, grouped: dict[str, list]) -> dict[str, DocumentCounts]:
    """The documents of the corpus by key: a document whose text the corpus holds, i.e. with parts
    that have a line in its source (ccm:line); a document another one only cites (doc/CCM-MSP-2010-5,
    the rules of procedure doc/CCM-MSP-2011-3 and its rules) has none. Each with the triples and
    subjects of its IRI space, and its node's title and label."""
    keys = {key_of(s) for s, _, _ in grouped.get(LINE, ())} - {None}
    documents = {key: DocumentCounts(key) for key in sorted(keys)}
    for subject, triples in subjects.items():
        if not str.startswith(subject, DOCUMENTS):
            continue
        document = documents.get(key_of(subject) or subject[len(DOCUMENTS):])  # under doc/KEY, or doc/KEY
        if document is not None:
            document.triples += triples
            document.entities += 1
    for predicate in DOCUMENT_FACTS:
        for s, _, o in grouped.get(predicate, ()):
            document = documents.get(s[len(DOCUMENTS):]) if str.startswith(s, DOCUMENTS) else None
            if document is not None:  # s is doc/KEY itself: a key holds no "/" or "#"
                document.about.setdefault(predicate, []).append(o)
    return documents


def key_of(iri) -> str | None:
    """The key of the document an IRI lies under (doc/KEY/... or doc/KEY#...), else None."""
    found = UNDER_DOCUMENT.match(iri)
    return found[1] if found else None


def void(merged: Graph, sizes: dict[str, int]) -> bytes:
    """VoID + DCAT description of dist/; counts are of the merged graph, nothing is timed."""
    counts = GraphCounts.of(merged)
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("ccmr", ID),
                       ("owl", OWL), ("rdfs", RDFS), ("xsd", XSD), ("ccm", CCM._NS)):
        g.bind(prefix, ns)
    describe_dataset(g, counts)
    for ns in sorted(vocabularies(merged, counts.predicates | counts.members.keys())):
        g.add((DATASET, VOID.vocabulary, URIRef(ns)))
    for cls in sorted(c for c in counts.members if c.startswith(str(CCM._NS))):
        partition = ID[f"dataset/class/{cls.split('#')[-1]}"]
        g.add((DATASET, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(cls)))
        g.add((partition, VOID.entities, Literal(len(counts.members[cls]))))
    for document in counts.documents.values():
        document_subset(g, document)
    for name, size in sorted(sizes.items()):
        distribution(g, name, size)
    for (target, predicate), count in sorted(counts.links.items()):
        linkset(g, target, predicate, count)
    return turtle(g)


def describe_dataset(g: Graph, counts: GraphCounts) -> None:
    """The dataset: what it is, its sources (the corpus's documents), licence, version and figures."""
    d = DATASET
    labels = [str(label) for document in counts.documents.values()
              for label in document.about.get(LABEL, [])[:1]]
    about = labels[0] if len(labels) == 1 else f"{len(counts.documents)} documents"
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal(f"ccmkg: a knowledge graph of {about}", lang="en")))
    g.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((d, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    for document in counts.documents.values():
        g.add((d, DCTERMS.source, document.iri))
    g.add((d, OWL.versionInfo, Literal(counts.version)))
    g.add((d, URIRef(str(DCAT) + "version"), Literal(counts.version)))  # DCAT 3; rdflib lists DCAT 2
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.triples, Literal(counts.triples)))
    g.add((d, VOID.entities, Literal(counts.entities())))
    g.add((d, VOID.classes, Literal(len(counts.members))))
    g.add((d, VOID.properties, Literal(len(counts.predicates))))


def document_subset(g: Graph, document: DocumentCounts) -> None:
    """A document of the corpus as a void:subset (and DCAT dataset part): its key, its title as
    the document gives it (its label, the symbol it bears, where it gives none), the document it
    comes from, and the triples and entities of its IRI space."""
    subset = ID[f"dataset/document/{document.key}"]
    labels = sorted(document.about.get(LABEL, []))
    g.add((DATASET, VOID.subset, subset))
    g.add((subset, RDF.type, VOID.Dataset))
    g.add((subset, RDF.type, DCAT.Dataset))
    g.add((subset, DCTERMS.isPartOf, DATASET))
    g.add((subset, DCTERMS.identifier, Literal(document.key)))
    for title in sorted(document.about.get(TITLE, [])) or labels[:1]:
        g.add((subset, DCTERMS.title, title))
    for label in labels:
        g.add((subset, RDFS.label, label))
    g.add((subset, DCTERMS.source, document.iri))
    g.add((subset, VOID.uriRegexPattern, Literal("^" + REGEX_SPECIAL.sub(r"\\\g<0>", document.iri) + "([/#].*)?$")))
    g.add((subset, VOID.triples, Literal(document.triples)))
    g.add((subset, VOID.entities, Literal(document.entities)))


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
