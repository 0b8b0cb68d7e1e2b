"""Decisions and recommendations, each with its kind, objects and the sub-decisions it holds."""
from __future__ import annotations

from rdflib import SKOS

from .base import CCM, DCTERMS, Context, Entry, InputError, Literal, date, entry_list, typed

DECISION_KEYS = {"id", "kind", "source", "quote"}
DECISION_OPTIONAL = {"made_at", "objects", "part_of", "date", "note", "location", "frequency", "timing",
                     "review_by"}


def build_decisions(ctx: Context, annotations: Entry) -> None:
    g = ctx.graph("decisions")
    annotations.check_keys({"decisions"})
    ids = {e.get("id") for e in annotations.entries("decisions")}
    for entry in annotations.entries("decisions"):
        entry.check_keys(DECISION_KEYS, DECISION_OPTIONAL)
        iri = ctx.doc_iri(f"decision/{entry['id']}")
        if (iri, CCM.decisionKind, None) in g:
            raise InputError(entry.where, f"decision id '{entry['id']}' is used twice")
        typed(g, iri, "Decision")
        g.add((iri, CCM.decisionKind, ctx.concept("decision-kind", entry["kind"], entry.where)))
        g.add((iri, CCM.madeAt, ctx.agent(entry.get("made_at", "meeting/msp-2"), entry.where)))
        for obj in entry_list(entry, "objects"):
            g.add((iri, CCM.decisionObject, ctx.agent(obj, entry.where)))
        if entry.get("part_of"):
            if entry["part_of"] not in ids:
                raise InputError(entry.where, f"part_of names no decision: '{entry['part_of']}'")
            g.add((iri, CCM.subDecisionOf, ctx.doc_iri(f"decision/{entry['part_of']}")))
        if entry.get("date"):
            g.add((iri, DCTERMS.date, date(entry["date"], entry.where)))
        if entry.get("note"):
            g.add((iri, SKOS.editorialNote, Literal(entry["note"], lang="en")))
        add_terms(ctx, g, iri, entry)
        ctx.quote(g, iri, ctx.part(entry["source"], entry.where), entry["quote"], entry.where)


def add_terms(ctx: Context, g, iri, entry: Entry) -> None:
    """Where, how often and when a decided meeting is to be held, and what may review it
    (paragraph 27 (a)); the frequency and timing are the quote's own words."""
    if entry.get("location"):
        g.add((iri, CCM.location, ctx.agent(entry["location"], entry.where)))
    if entry.get("review_by"):
        g.add((iri, CCM.subjectToReviewBy, ctx.agent(entry["review_by"], entry.where)))
    for key, predicate in (("frequency", CCM.frequency), ("timing", CCM.timing)):
        if entry.get(key):
            if str(entry[key]) not in str(entry["quote"]):
                raise InputError(entry.where, f"{key} {entry[key]!r} is not in the quote")
            g.add((iri, predicate, Literal(str(entry[key]))))
