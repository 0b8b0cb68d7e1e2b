"""What every fact builder shares: IRIs, typed literals, quotes and references to entities."""
from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ..annotations import Entry
from ..errors import InputError
from ..names import Names
from ..namespaces import CV, ID, OA, ORG, TIME, bind_prefixes
from ..source import Part, Source
from ..concepts import VOCAB
from ..terms import CCM
from ..triples import TripleSet

KEY_PREFIXES = ("state/", "entity/", "org/", "person/", "office/", "meeting/", "body/", "place/",
                "doc/", "instrument/")
QUOTE_CONTEXT = 32  # characters of oa:prefix / oa:suffix
STATED = VOCAB["basis/stated"]  # ccm:basis of every fact quoted from the text (derived facts: ccmkg/derive.py)


@dataclass
class Context:
    """The inputs every builder reads, and the graphs they write (one per output file)."""

    source: Source
    names: Names
    doc_key: str  # the document's key, its file name in data/source/ ("CCM-MSP-2011-5")
    graphs: dict[str, TripleSet] = field(default_factory=dict)
    concepts: set[URIRef] = field(default_factory=set)  # every cv: concept the ontology defines
    entity_sources: dict[str, set[str]] = field(default_factory=dict)  # agent key -> part ids
    sentences: list = field(default_factory=list)  # coverage.Sentence, in document order, once built

    def graph(self, name: str) -> TripleSet:
        if name not in self.graphs:
            self.graphs[name] = bind_prefixes(TripleSet())
        return self.graphs[name]

    # IRIs -------------------------------------------------------------------------------
    def doc_iri(self, local: str = "") -> URIRef:
        return ID[f"doc/{self.doc_key}/{local}" if local else f"doc/{self.doc_key}"]

    def part_iri(self, part_id: str) -> URIRef:
        return self.doc_iri() if part_id == "main" else self.doc_iri(part_id)

    def concept(self, scheme: str, notation, where: str) -> URIRef:
        iri = CV[f"{scheme}/{notation}"]
        if iri not in self.concepts:
            raise InputError(where, f"'{notation}' is not a notation of the {scheme} scheme")
        return iri

    def part(self, part_id: str, where: str) -> Part:
        return self.source.part(part_id, where)

    def agent(self, value: str, where: str, part_id: str | None = None) -> URIRef:
        """An entity from a key ("org/icrc") or a name as the document writes it ("Cape Verde")."""
        if value.startswith(KEY_PREFIXES):
            if value.startswith(("state/", "entity/", "org/", "person/", "office/")) \
                    and value not in self.names.by_key:
                raise InputError(where, f"unknown entity '{value}'")
            key = value
        else:
            key = self.names.resolve(value, where).key
        if part_id:
            self.entity_sources.setdefault(key, set()).add(part_id)
        return ID[key]

    # provenance -------------------------------------------------------------------------
    def check_quote(self, part: Part, exact: str, where: str, after: int = 0) -> int:
        """Where the exact words start in the part; an error if they are not there verbatim."""
        start = part.text.find(exact, after) if exact else -1
        if start < 0:
            raise InputError(where, f"quote not found in {part.id}: {exact!r}")
        if exact not in self.source.raw:
            raise InputError(where, f"quote spans a page break of {part.id}: {exact!r}")
        return start

    def quote(self, g: Graph, fact: URIRef, part: Part, exact: str, where: str,
              after: int = 0) -> int:
        """Attach source and quote to a fact; the exact words must be in the part and the file."""
        text = part.text
        start = self.check_quote(part, exact, where, after)
        selector = URIRef(f"{fact}#quote")
        g.add((fact, CCM.source, self.part_iri(part.id)))
        g.add((fact, CCM.basis, STATED))  # a source and the words: what the text states
        g.add((fact, CCM.quote, selector))
        g.add((selector, RDF.type, OA.TextQuoteSelector))
        g.add((selector, OA.exact, Literal(exact)))
        g.add((selector, OA.prefix, Literal(text[max(0, start - QUOTE_CONTEXT):start])))
        g.add((selector, OA.suffix, Literal(text[start + len(exact):start + len(exact) + QUOTE_CONTEXT])))
        return start + len(exact)


def date(value, where: str) -> Literal:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        raise InputError(where, f"expected a date YYYY-MM-DD, got {value!r}")
    return Literal(str(value), datatype=XSD.date)


def integer(value, where: str) -> Literal:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(where, f"expected a whole number, got {value!r}")
    return Literal(value, datatype=XSD.integer)


def number(value, where: str) -> Literal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(where, f"expected a number, got {value!r}")
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    # the decimal the annotation wrote, not a binary float that only prints like it
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def text(value) -> Literal:
    return Literal(str(value))


def label(g: Graph, iri: URIRef, value: str) -> None:
    g.add((iri, RDFS.label, Literal(value, lang="en")))


def typed(g: Graph, iri: URIRef, cls: str) -> None:
    g.add((iri, RDF.type, CCM[cls]))


def entry_list(entry: Entry, key: str) -> list:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise InputError(entry.where, f"'{key}' must be a list")
    return value


__all__ = ["Context", "date", "integer", "number", "text", "label", "typed", "entry_list",
           "CCM", "CV", "ID", "OA", "ORG", "TIME", "RDF", "RDFS", "SKOS", "XSD", "DCTERMS", "PROV",
           "Literal", "URIRef", "Graph", "InputError", "Entry"]
