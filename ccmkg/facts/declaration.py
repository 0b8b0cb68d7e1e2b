"""Annex I, the 2011 Beirut Declaration: one statement per speech act.

A statement has a speaker, an act (cv:speech-act) with the verb as written, its objects in the
text's words (each inside its quote) and the resources they name, its addressees, and the date of
the Declaration, cited from Annex I's subtitle. Speakers and addressees that the text names by a
description ("all non-signatory States") are described groups, kept in its words.
"""
from __future__ import annotations

from rdflib import SKOS

from .base import (CCM, DCTERMS, ID, Context, Entry, InputError, Literal, URIRef, date,
                   entry_list, label, text, typed)
from .groups import add_group
from .resources import add_fact

STATEMENT_KEYS = {"source", "speaker", "act", "quote"}
STATEMENT_OPTIONAL = {"as_given", "objects", "refs", "addressees", "instruments", "themes", "note"}
GROUP_KEYS = {"id", "source", "quote"}
GROUP_OPTIONAL = {"noun", "note"}
DECLARATION_RESOURCE_CLASSES = {"Place"}


def build_declaration(ctx: Context, annotations: Entry) -> None:
    g = ctx.graph("declaration")
    annotations.check_keys({"as_at", "date", "date_source", "date_quote", "part_of", "groups", "resources",
                            "statements"})
    groups = build_described_groups(ctx, g, annotations, annotations["as_at"])
    build_mentioned_resources(ctx, g, annotations)
    when = date(annotations["date"], annotations.where)
    dating_part = ctx.part(annotations["date_source"], annotations.where)
    ctx.check_quote(dating_part, annotations["date_quote"], annotations.where)  # the words that date it
    dated_by = ctx.part_iri(dating_part.id)
    declaration = ctx.agent(annotations["part_of"], annotations.where)
    numbered: dict[str, list[tuple[int, Entry]]] = {}
    for entry in annotations.entries("statements"):
        entry.check_keys(STATEMENT_KEYS, STATEMENT_OPTIONAL)
        part = ctx.part(entry["source"], entry.where)
        numbered.setdefault(part.id, []).append((ctx.check_quote(part, entry["quote"], entry.where), entry))
    for part_id, entries in numbered.items():
        for n, (_, entry) in enumerate(sorted(entries, key=lambda item: item[0]), start=1):
            statement = ctx.doc_iri(f"statement/{part_id}-{n}")
            add_statement(ctx, g, statement, entry, groups)
            g.add((statement, DCTERMS.date, when))
            g.add((statement, CCM.dateSource, dated_by))
            g.add((statement, DCTERMS.isPartOf, declaration))


def add_statement(ctx: Context, g, statement: URIRef, entry: Entry, groups: dict[str, URIRef]) -> None:
    typed(g, statement, "Statement")
    g.add((statement, CCM.speaker, group_or_agent(ctx, entry["speaker"], groups, entry)))
    g.add((statement, CCM.speechAct, ctx.concept("speech-act", entry["act"], entry.where)))
    if entry["act"] != "assert":
        g.add((statement, CCM.actAsGiven, text(entry.get("as_given", entry["act"]))))
    add_objects(ctx, g, statement, entry, groups)
    for addressee in entry_list(entry, "addressees"):
        g.add((statement, CCM.addressee, group_or_agent(ctx, addressee, groups, entry)))
    if entry.get("note"):
        g.add((statement, SKOS.editorialNote, Literal(entry["note"], lang="en")))
    ctx.quote(g, statement, ctx.part(entry["source"], entry.where), entry["quote"], entry.where)


def add_objects(ctx: Context, g, fact: URIRef, entry: Entry, known: dict[str, URIRef]) -> None:
    """Objects in the text's words (each inside the quote), the resources they name, the
    instruments and themes the fact touches. Shared with the events of Annex II."""
    for words in entry_list(entry, "objects"):
        if str(words) not in entry["quote"]:
            raise InputError(entry.where, f"object not inside the quote: {words!r}")
        g.add((fact, CCM.objectAsWritten, text(words)))
    for ref in entry_list(entry, "refs"):
        g.add((fact, CCM.statementObject, reference(ctx, ref, known, entry)))
    for instrument in entry_list(entry, "instruments"):
        if not str(instrument).startswith("instrument/"):
            raise InputError(entry.where, f"not an instrument: {instrument!r}")
        g.add((fact, CCM.concernsInstrument, ID[instrument]))
    for theme in entry_list(entry, "themes"):
        g.add((fact, CCM.theme, ctx.concept("theme", theme, entry.where)))


def reference(ctx: Context, ref: str, known: dict[str, URIRef], entry: Entry) -> URIRef:
    """A fact of this file ("group/users", an event id) or any resource or agent of the graph."""
    if ref in known:
        return known[ref]
    if ref.startswith(f"doc/{ctx.doc_key}/"):
        ctx.part(ref.split("/", 2)[2], entry.where)  # a part of this document must exist
    return ctx.agent(ref, entry.where, entry["source"])


def group_or_agent(ctx: Context, value: str, groups: dict[str, URIRef], entry: Entry) -> URIRef:
    return groups.get(value) or ctx.agent(value, entry.where, entry["source"])


def build_described_groups(ctx: Context, g, annotations: Entry, as_at) -> dict[str, URIRef]:
    """The groups a file names by description, by id (and by "group/{id}" for refs)."""
    groups: dict[str, URIRef] = {}
    for entry in annotations.entries("groups"):
        entry.check_keys(GROUP_KEYS, GROUP_OPTIONAL)
        if entry["id"] in groups:
            raise InputError(entry.where, f"group id '{entry['id']}' is used twice")
        iri = ctx.doc_iri(f"group/{entry['id']}")
        label(g, iri, entry["quote"])  # the text's own words
        add_group(ctx, g, iri, "DescribedGroup", entry, ctx.part(entry["source"], entry.where), as_at)
        groups[entry["id"]] = groups[f"group/{entry['id']}"] = iri
    return groups


def build_mentioned_resources(ctx: Context, g, annotations: Entry) -> None:
    """Things the Declaration names that the graph had no resource for (a region)."""
    for entry in annotations.entries("resources"):
        entry.check_keys({"id", "class", "label", "facts"})
        if entry["class"] not in DECLARATION_RESOURCE_CLASSES:
            raise InputError(entry.where, f"unknown class '{entry['class']}'")
        iri = ID[entry["id"]]
        typed(g, iri, entry["class"])
        label(g, iri, entry["label"])
        for fact in entry.entries("facts"):
            add_fact(ctx, g, iri, fact)
