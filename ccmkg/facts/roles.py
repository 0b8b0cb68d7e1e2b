"""Officers, Friends of the President, coordinators and other persons in their roles."""
from __future__ import annotations

from rdflib import XSD

from .base import CCM, DCTERMS, Context, Entry, InputError, Literal, date, text, typed

ROLE_KEYS = {"id", "holder", "role", "source", "quote"}
ROLE_OPTIONAL = {"in", "office", "theme", "date", "position", "on_behalf_of", "honorific"}


def build_roles(ctx: Context, annotations: Entry) -> None:
    g = ctx.graph("roles")
    annotations.check_keys({"roles", "coordinators"})
    for entry in annotations.entries("roles"):
        entry.check_keys(ROLE_KEYS, ROLE_OPTIONAL)
        add_role(ctx, g, entry["id"], entry)
    for entry in annotations.entries("coordinators"):
        entry.check_keys({"body", "holder", "years", "source", "quote"})
        body = entry["body"].split("/", 1)[1]
        holder_key = str(ctx.agent(entry["holder"], entry.where)).rsplit("/", 1)[-1]
        where = entry.where
        entry = Entry(entry, role="coordinator", **{"in": entry["body"]})
        entry.where = where
        add_role(ctx, g, f"coordinator-{body}-{holder_key}", entry)


def add_role(ctx: Context, g, role_id: str, entry: Entry) -> None:
    iri = ctx.doc_iri(f"role/{role_id}")
    if (iri, CCM.role, None) in g:
        raise InputError(entry.where, f"role id '{role_id}' is used twice")
    typed(g, iri, "RoleAssignment")
    holder = ctx.agent(entry["holder"], entry.where, entry["source"])
    g.add((iri, CCM.holder, holder))
    g.add((iri, CCM.role, ctx.concept("role", entry["role"], entry.where)))
    if entry.get("in"):
        g.add((iri, CCM.roleIn, ctx.agent(entry["in"], entry.where)))
    if entry.get("office"):
        g.add((iri, CCM.office, ctx.agent(entry["office"], entry.where)))
    if entry.get("theme"):
        g.add((iri, CCM.theme, ctx.concept("theme", entry["theme"], entry.where)))
    if entry.get("date"):
        g.add((iri, DCTERMS.date, date(entry["date"], entry.where)))
    if entry.get("position"):
        g.add((iri, CCM.positionTitle, text(entry["position"])))
    if entry.get("on_behalf_of"):
        g.add((iri, CCM.onBehalfOf, ctx.agent(entry["on_behalf_of"], entry.where)))
    if entry.get("honorific"):
        g.add((holder, CCM.honorific, text(entry["honorific"])))
    for year in entry.get("years", []):
        if not isinstance(year, int):
            raise InputError(entry.where, f"a year is a whole number, got {year!r}")
        g.add((iri, CCM.forYear, Literal(str(year), datatype=XSD.gYear)))
    ctx.quote(g, iri, ctx.part(entry["source"], entry.where), entry["quote"], entry.where)
