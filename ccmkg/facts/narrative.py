"""The narrative: what the text says that is not a count, a listed group, a decision or a role.

Each statement is a `ccm:NarrativeStatement` fact: its kind (cv:statement-kind, the verb the text
uses: report, submit, offer, assess ...), who acts (`ccm:actor`, an entity the text names, and
`ccm:actorAsWritten` for "Several States parties", "civil society" and other actors the text does
not name one by one), what it is about (`ccm:statementObject`, `ccm:objectAsWritten`), its theme,
dates and the statement it belongs to. Annex II's obstacles to joining the Convention are
`ccm:Obstacle` facts with what they prevent (cv:joining) and who identified them; further
challenges and questions that share a part with another are added here as ccm:Challenge and
ccm:DiscussionQuestion facts.

`as_at` names the statement that fixes the date a part of the document speaks as at (Annex II
para 3: "finalized on 20 August 2011"); every fact of that part dated so cites it by
`ccm:asAtStatedBy`.
"""
from __future__ import annotations

import re

from rdflib import XSD

from .base import (CCM, DCTERMS, SKOS, Context, Entry, InputError, Literal, URIRef, date,
                   entry_list, text, typed)
from .findings import section_of

STATEMENT_KEYS = {"id", "source", "quote", "kind"}
STATEMENT_OPTIONAL = {"actors", "actor_text", "objects", "object_text", "theme", "date", "from", "to",
                      "part_of", "note"}
OBSTACLE_KEYS = {"source", "quote", "prevents", "identified_by", "stated_in"}
EXTRA_KEYS = {"id", "source", "quote"}
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")
ENTRY_ID = re.compile(r"^[a-z0-9_-]+$")


def build_narrative(ctx: Context, annotations: Entry) -> None:
    g = ctx.graph("narrative")
    annotations.check_keys({"statements", "obstacles", "as_at"}, {"challenges", "questions"})
    ids = {e.get("id") for e in annotations.entries("statements")}
    for entry in annotations.entries("statements"):
        entry.check_keys(STATEMENT_KEYS, STATEMENT_OPTIONAL)
        add_statement(ctx, g, entry, ids)
    for entry in annotations.entries("obstacles"):
        entry.check_keys(OBSTACLE_KEYS)
        add_obstacle(ctx, g, entry, ids)
    for entry in annotations.entries("challenges"):
        entry.check_keys(EXTRA_KEYS)
        add_extra(ctx, g, entry, "Challenge", "challenge")
    for entry in annotations.entries("questions"):
        entry.check_keys(EXTRA_KEYS | {"challenge"})
        question = add_extra(ctx, g, entry, "DiscussionQuestion", "question")
        g.add((question, DCTERMS.isPartOf, ctx.doc_iri(f"challenge/{entry['challenge']}")))
    cite_as_at(ctx, annotations["as_at"], ids)


def checked_id(entry: Entry) -> str:
    value = str(entry["id"])
    if not ENTRY_ID.match(value):
        raise InputError(entry.where, f"an id is lower-case letters, digits, '-' and '_': {value!r}")
    return value


def add_statement(ctx: Context, g, entry: Entry, ids: set) -> None:
    iri = ctx.doc_iri(f"statement/{checked_id(entry)}")
    if (iri, CCM.statementKind, None) in g:
        raise InputError(entry.where, f"statement id '{entry['id']}' is used twice")
    part = ctx.part(entry["source"], entry.where)
    typed(g, iri, "NarrativeStatement")
    g.add((iri, CCM.statementKind, ctx.concept("statement-kind", entry["kind"], entry.where)))
    for actor in entry_list(entry, "actors"):
        g.add((iri, CCM.actor, ctx.agent(str(actor), entry.where, part.id)))
    for written in entry_list(entry, "actor_text"):
        g.add((iri, CCM.actorAsWritten, text(in_part(ctx, part, written, entry.where))))
    for obj in entry_list(entry, "objects"):
        g.add((iri, CCM.statementObject, ctx.agent(str(obj), entry.where)))
    for written in entry_list(entry, "object_text"):
        g.add((iri, CCM.objectAsWritten, text(in_part(ctx, part, written, entry.where))))
    if entry.get("theme"):
        g.add((iri, CCM.theme, ctx.concept("theme", entry["theme"], entry.where)))
    for key, predicate in (("date", DCTERMS.date), ("from", CCM.periodFrom), ("to", CCM.periodTo)):
        if key in entry:
            g.add((iri, predicate, partial_date(entry[key], entry.where)))
    if entry.get("part_of"):
        if entry["part_of"] not in ids:
            raise InputError(entry.where, f"part_of names no statement: '{entry['part_of']}'")
        g.add((iri, DCTERMS.isPartOf, ctx.doc_iri(f"statement/{entry['part_of']}")))
    if entry.get("note"):
        g.add((iri, SKOS.editorialNote, Literal(entry["note"], lang="en")))  # the curator's, not the text's
    g.add((iri, CCM.aboutSection, ctx.part_iri(section_of(ctx, part.id))))
    ctx.quote(g, iri, part, entry["quote"], entry.where)


def in_part(ctx: Context, part, written, where: str) -> str:
    """An actor or object as written must be the document's own words, in the same part."""
    ctx.check_quote(part, str(written), where)
    return str(written)


def partial_date(value, where: str) -> Literal:
    """A date as precise as the text gives it: 2011, 2011-06 or 2011-08-20."""
    value = str(value)
    if not PARTIAL_DATE.match(value):
        raise InputError(where, f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    if len(value) == 10:
        return date(value, where)
    return Literal(value, datatype=XSD.gYearMonth if len(value) == 7 else XSD.gYear)


def add_obstacle(ctx: Context, g, entry: Entry, ids: set) -> None:
    """One obstacle of a list: its words, what it prevents (stated by the item above it) and who
    identified it (stated by the paragraph that opens the list)."""
    part = ctx.part(entry["source"], entry.where)
    iri = ctx.doc_iri(f"obstacle/{part.id}")
    typed(g, iri, "Obstacle")
    g.add((iri, CCM.prevents, ctx.concept("joining", entry["prevents"], entry.where)))
    for agent in entry_list(entry, "identified_by"):
        g.add((iri, CCM.identifiedBy, ctx.agent(str(agent), entry.where, part.id)))
    if entry["stated_in"] not in ids:
        raise InputError(entry.where, f"stated_in names no statement: '{entry['stated_in']}'")
    g.add((iri, DCTERMS.isPartOf, ctx.doc_iri(f"statement/{entry['stated_in']}")))
    g.add((iri, CCM.aboutSection, ctx.part_iri(section_of(ctx, part.id))))
    ctx.quote(g, iri, part, entry["quote"], entry.where)


def add_extra(ctx: Context, g, entry: Entry, cls: str, path: str) -> URIRef:
    """A further challenge or question in a part that already has one (its first sentence)."""
    iri = ctx.doc_iri(f"{path}/{checked_id(entry)}")
    part = ctx.part(entry["source"], entry.where)
    typed(g, iri, cls)
    section = ctx.source.parts[section_of(ctx, part.id)]
    g.add((iri, CCM.aboutSection, ctx.part_iri(ctx.source.parts[section.parent].id
                                               if section.kind == "Subsection" else section.id)))
    ctx.quote(g, iri, part, entry["quote"], entry.where)
    return iri


def cite_as_at(ctx: Context, as_at: Entry, ids: set) -> None:
    """Every fact of `scope` dated `date` cites the statement that fixes that date."""
    as_at.check_keys({"statement", "scope", "date"})
    if as_at["statement"] not in ids:
        raise InputError(as_at.where, f"as_at names no statement: '{as_at['statement']}'")
    statement = ctx.doc_iri(f"statement/{as_at['statement']}")
    day = date(as_at["date"], as_at.where)
    scope = str(ctx.part_iri(as_at["scope"]))
    for g in list(ctx.graphs.values()):
        dated = list(g.subjects(CCM.asAt, day))
        for fact in dated:
            if any(str(part).startswith(scope) for part in g.objects(fact, CCM.source)):
                g.add((fact, CCM.asAtStatedBy, statement))
