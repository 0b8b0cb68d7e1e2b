"""Meetings, places, bodies, instruments and the like: resources described by quoted statements.

Each resource entry has an id (its IRI path), a class and a label, and a list of `facts`, each
one property with its value, the part that states it and the words that say so. The quote is
checked against the part; the resource records the part as a source (`ccm:source`).
"""
from __future__ import annotations

from ..namespaces import ISO639_1
from .base import (CCM, DCTERMS, ID, RDF, SKOS, TIME, Context, Entry, InputError, Literal,
                   URIRef, date, integer, label, text, typed)

LANGUAGES = {"English": "en", "French": "fr", "Spanish": "es", "Arabic": "ar"}
PROPERTY_KINDS = {
    "location": "ref", "venue": "ref", "openedBy": "ref", "convenedBy": "ref",
    "hostedBy": "ref", "chairedBy": "ref", "ledBy": "ref", "partOfInstrument": "ref",
    "adoptedFrom": "ref", "isPartOf": "ref", "submittedBy": "ref",
    "heldDuring": "interval", "convenedDuring": "interval",
    "plenaryCount": "integer", "maxDurationDays": "integer",
    "fundingNote": "string", "number": "string", "identifier": "string", "title": "string",
    "workingLanguage": "language", "language": "language",
    "principle": "concept:isu-principle", "theme": "concept:theme",
    "date": "date",
}
DCTERMS_PROPERTIES = {"isPartOf", "identifier", "title", "date", "language"}
RESOURCE_CLASSES = {"Meeting", "MeetingOfStatesParties", "IntersessionalMeeting", "ReviewConference",
                    "PlenaryMeeting", "Place", "Body", "WorkingGroup", "ThematicArea",
                    "CoordinationCommittee", "ImplementationSupportUnit", "Instrument", "Convention",
                    "Article", "ActionPlan", "Action", "Declaration", "Rule", "Document"}


def build_resources(ctx: Context, annotations: Entry, graph_name: str) -> None:
    g = ctx.graph(graph_name)
    annotations.check_keys({"resources"})
    for entry in annotations.entries("resources"):
        entry.check_keys({"id", "class", "label"}, {"alt_labels", "facts", "note"})
        if entry["class"] not in RESOURCE_CLASSES:
            raise InputError(entry.where, f"unknown class '{entry['class']}'")
        iri = ID[entry["id"]]
        typed(g, iri, entry["class"])
        label(g, iri, entry["label"])
        for alt in entry.get("alt_labels", []):
            g.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
        if entry.get("note"):
            g.add((iri, SKOS.scopeNote, Literal(entry["note"], lang="en")))
        for fact in entry.entries("facts"):
            add_fact(ctx, g, iri, fact)


def add_fact(ctx: Context, g, subject: URIRef, fact: Entry) -> None:
    props = [k for k in fact if k not in ("source", "quote")]
    if len(props) > 1 or (props and props[0] not in PROPERTY_KINDS):
        raise InputError(fact.where, f"a fact has one property of {', '.join(sorted(PROPERTY_KINDS))}, "
                                     f"a source and a quote; got {', '.join(sorted(fact))}")
    part = ctx.part(fact.need("source"), fact.where)
    quote = fact.need("quote")
    ctx.check_quote(part, quote, fact.where)
    g.add((subject, CCM.source, ctx.part_iri(part.id)))
    if not props:
        return  # a mention: the resource is named here, nothing more is said
    prop = props[0]
    predicate = DCTERMS[prop] if prop in DCTERMS_PROPERTIES else CCM[prop]
    kind = PROPERTY_KINDS[prop]
    if kind == "interval":
        g.add((subject, predicate, interval(ctx, g, subject, prop, fact, part, quote)))
        return
    g.add((subject, predicate, value_of(ctx, kind, fact[prop], fact.where)))


def value_of(ctx: Context, kind: str, value, where: str):
    if kind == "ref":
        return ctx.agent(str(value), where)
    if kind == "integer":
        return integer(value, where)
    if kind == "date":
        return date(value, where)
    if kind == "language":
        if value not in LANGUAGES:
            raise InputError(where, f"unknown language '{value}'")
        return URIRef(ISO639_1 + LANGUAGES[value])
    if kind.startswith("concept:"):
        return ctx.concept(kind.split(":", 1)[1], value, where)
    return text(value)


def interval(ctx: Context, g, subject: URIRef, prop: str, fact: Entry, part, quote: str) -> URIRef:
    """An OWL-Time interval `{subject}/{held|convened}` with dated start and end instants."""
    value = fact[prop]
    if not isinstance(value, list) or len(value) != 2:
        raise InputError(fact.where, f"'{prop}' takes [start date, end date]")
    iri = URIRef(f"{subject}/{'held' if prop == 'heldDuring' else 'convened'}")
    g.add((iri, RDF.type, TIME.Interval))
    for end, day in zip(("start", "end"), value):
        instant = URIRef(f"{iri}/{end}")
        g.add((iri, TIME.hasBeginning if end == "start" else TIME.hasEnd, instant))
        g.add((instant, RDF.type, TIME.Instant))
        g.add((instant, TIME.inXSDDate, date(day, fact.where)))
    ctx.quote(g, iri, part, quote, fact.where)
    return iri
