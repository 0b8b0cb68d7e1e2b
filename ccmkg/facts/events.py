"""Annex II, paragraphs 21-22: reported uses of cluster munitions and the reactions to them.

Events are coded as conflict-event datasets code them: a kind, the year or month, the place and
the actors the text gives, and nothing it does not give (paragraph 22 names Libya as the place of
a use and no user, so the use has no user). Who reacted is a State, an office, an organization or
a group the text describes in words.
"""
from __future__ import annotations

from rdflib import SKOS, XSD

from .base import CCM, RDF, Context, Entry, InputError, Literal, URIRef, entry_list, typed
from .declaration import add_objects, build_described_groups, group_or_agent

EVENT_KEYS = {"id", "class", "kind", "source", "quote"}
EVENT_OPTIONAL = {"user", "actors", "place", "year", "month", "in_response_to", "follows_up",
                  "counterparts", "during", "objects", "refs", "instruments", "challenges", "note"}
EVENT_CLASSES = {"Event", "ReportedUse", "Reaction"}


def build_events(ctx: Context, annotations: Entry) -> None:
    g = ctx.graph("events")
    annotations.check_keys({"as_at", "groups", "events", "challenges"})
    known = build_described_groups(ctx, g, annotations, annotations["as_at"])
    build_more_challenges(ctx, annotations)
    entries = annotations.entries("events")
    for entry in entries:
        entry.check_keys(EVENT_KEYS, EVENT_OPTIONAL)
        if entry["id"] in known:
            raise InputError(entry.where, f"id '{entry['id']}' is used twice")
        known[entry["id"]] = ctx.doc_iri(f"event/{entry['id']}")
    for entry in entries:
        add_event(ctx, g, known[entry["id"]], entry, known)


def add_event(ctx: Context, g, event: URIRef, entry: Entry, known: dict[str, URIRef]) -> None:
    if entry["class"] not in EVENT_CLASSES:
        raise InputError(entry.where, f"unknown class '{entry['class']}'; expected one of "
                                      f"{', '.join(sorted(EVENT_CLASSES))}")
    if entry.get("user") and entry["class"] != "ReportedUse":
        raise InputError(entry.where, "only a ReportedUse has a user")
    typed(g, event, entry["class"])
    g.add((event, CCM.eventKind, ctx.concept("event-kind", entry["kind"], entry.where)))
    agent = lambda key: group_or_agent(ctx, str(entry[key]), known, entry)
    for key, predicate in (("user", CCM.user), ("place", CCM.location), ("during", CCM.duringMeeting)):
        if entry.get(key):
            g.add((event, predicate, agent(key)))
    for key, predicate in (("actors", CCM.actor), ("counterparts", CCM.counterpart)):
        for value in entry_list(entry, key):
            g.add((event, predicate, group_or_agent(ctx, str(value), known, entry)))
    for key, predicate in (("in_response_to", CCM.inResponseTo), ("follows_up", CCM.followsUp)):
        if entry.get(key):
            g.add((event, predicate, earlier_event(entry, entry[key], known)))
    add_time(g, event, entry)
    add_objects(ctx, g, event, entry, known)
    for part_id in entry_list(entry, "challenges"):
        challenge = ctx.doc_iri(f"challenge/{part_id}")
        if (challenge, RDF.type, CCM.Challenge) not in ctx.graph("findings"):
            raise InputError(entry.where, f"no challenge in part '{part_id}'")
        g.add((event, CCM.concernsChallenge, challenge))
    if entry.get("note"):
        g.add((event, SKOS.editorialNote, Literal(entry["note"], lang="en")))
    ctx.quote(g, event, ctx.part(entry["source"], entry.where), entry["quote"], entry.where)


def earlier_event(entry: Entry, event_id: str, known: dict[str, URIRef]) -> URIRef:
    if event_id not in known or "/event/" not in str(known[event_id]):
        raise InputError(entry.where, f"no event with id '{event_id}'")
    return known[event_id]


def add_time(g, event: URIRef, entry: Entry) -> None:
    """The year ("in 2011") or the month without a year ("in August") the text gives."""
    year, month = entry.get("year"), entry.get("month")
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
            raise InputError(entry.where, f"a year is four digits, got {year!r}")
        g.add((event, CCM.inYear, Literal(str(year), datatype=XSD.gYear)))
    if month is not None:
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise InputError(entry.where, f"a month is 1-12, got {month!r}")
        g.add((event, CCM.inMonth, Literal(f"--{month:02d}", datatype=XSD.gMonth)))


def build_more_challenges(ctx: Context, annotations: Entry) -> None:
    """Challenges a paragraph states after its first sentence ("A second challenge is ..."): the
    paragraph's own challenge (ccmkg/facts/challenges.py) quotes only the first."""
    g = ctx.graph("findings")
    for entry in annotations.entries("challenges"):
        entry.check_keys({"id", "source", "quote", "section", "theme"}, {"note"})
        challenge = ctx.doc_iri(f"challenge/{entry['id']}")
        if (challenge, RDF.type, CCM.Challenge) in g:
            raise InputError(entry.where, f"challenge id '{entry['id']}' is used twice")
        typed(g, challenge, "Challenge")
        g.add((challenge, CCM.aboutSection, ctx.part_iri(ctx.part(entry["section"], entry.where).id)))
        g.add((challenge, CCM.theme, ctx.concept("theme", entry["theme"], entry.where)))
        if entry.get("note"):
            g.add((challenge, SKOS.editorialNote, Literal(entry["note"], lang="en")))
        ctx.quote(g, challenge, ctx.part(entry["source"], entry.where), entry["quote"], entry.where)
