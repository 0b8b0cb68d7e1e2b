"""Documents: Annex III's table, every UN symbol the text writes, and curated citations.

A document's IRI is its symbol with "/" replaced by "-". Revision, addendum and amendment
relations come from the symbols themselves ("…/WP.1/Rev.2" revises "…/WP.1/Rev.1").
"""
from __future__ import annotations

import re

from .base import (CCM, DCTERMS, ID, RDF, Context, Entry, InputError, URIRef, date, label,
                   text, typed)
from .resources import value_of

SYMBOL = re.compile(r"CCM/MSP/\d{4}/(?:[A-Z]+\.)?\d+(?:/(?:Add|Rev|Amend)\.\d+)*")
SUBMITTED = re.compile(r"^(.*) \(submitted by (.*)\)$")


def doc_iri(symbol: str) -> URIRef:
    return ID["doc/" + symbol.replace("/", "-")]


def build_documents(ctx: Context, annotations: Entry) -> None:
    g = ctx.graph("documents")
    annotations.check_keys({"documents", "references"})
    symbols: set[str] = set()
    for part in ctx.source.parts.values():
        if part.kind == "TableRow":
            symbols.add(table_row(ctx, g, part))
        for n, match in enumerate(SYMBOL.finditer(part.text), start=1):
            symbols.add(match.group())
            reference(ctx, g, f"{part.id}-{n}", match.group(), part, match.group(), Entry())
    for entry in annotations.entries("documents"):
        entry.check_keys({"symbol", "source", "quote"}, {"title", "date", "language", "adopted_from"})
        iri = doc_iri(entry["symbol"])
        if entry.get("title"):  # only a title the document gives
            g.add((iri, DCTERMS.title, text(entry["title"])))
        if entry.get("date"):
            g.add((iri, DCTERMS.date, date(entry["date"], entry.where)))
        if entry.get("language"):
            g.add((iri, DCTERMS.language, value_of(ctx, "language", entry["language"], entry.where)))
        if entry.get("adopted_from"):
            g.add((iri, CCM.adoptedFrom, doc_iri(entry["adopted_from"])))
        ctx.check_quote(ctx.part(entry["source"], entry.where), entry["quote"], entry.where)
        g.add((iri, CCM.source, ctx.part_iri(entry["source"])))
        symbols.add(entry["symbol"])
    for entry in annotations.entries("references"):
        entry.check_keys({"id", "refers_to", "source", "quote"}, {"title", "pinpoint"})
        reference(ctx, g, entry["id"], entry["refers_to"], ctx.part(entry["source"], entry.where),
                  entry["quote"], entry)
    for symbol in symbols:
        describe_symbol(g, symbol)


def table_row(ctx: Context, g, part) -> str:
    """One Annex III row: symbol, title and submitters, quoted from the row."""
    symbol, cell = part.text.split("\t", 1)
    title, submitters = cell, ""
    match = SUBMITTED.match(cell)
    if match:
        title, submitters = match.groups()
    entry = Entry(title=title)
    entry.where = f"{ctx.source.path}:{part.line}"
    ref = reference(ctx, g, part.id, symbol, part, cell, entry)
    iri = doc_iri(symbol)
    g.add((iri, DCTERMS.title, text(title)))
    g.add((iri, CCM.source, ctx.part_iri(part.id)))
    if submitters:
        for written, _ in ctx.names.split_list(submitters, entry.where):
            g.add((iri, CCM.submittedBy, ctx.agent(written, entry.where, part.id)))
    g.add((ref, CCM.titleAsGiven, text(title)))
    return symbol


def reference(ctx: Context, g, ref_id: str, symbol: str, part, quote: str, entry: Entry) -> URIRef:
    iri = ctx.doc_iri(f"ref/{ref_id}")
    if (iri, RDF.type, CCM.DocumentReference) in g:
        raise InputError(entry.where, f"reference id '{ref_id}' is used twice")
    typed(g, iri, "DocumentReference")
    g.add((iri, CCM.refersTo, doc_iri(symbol)))
    if entry.get("title"):
        g.add((iri, CCM.titleAsGiven, text(entry["title"])))
    if entry.get("pinpoint"):
        g.add((iri, CCM.pinpoint, text(entry["pinpoint"])))
    ctx.quote(g, iri, part, quote, entry.where or f"{ctx.source.path}:{part.line}")
    return iri


def describe_symbol(g, symbol: str) -> None:
    iri = doc_iri(symbol)
    typed(g, iri, "Document")
    g.add((iri, DCTERMS.identifier, text(symbol)))
    label(g, iri, symbol)
    parent, _, last = symbol.rpartition("/")
    kind, _, n = last.partition(".")
    if kind == "Rev":
        previous = f"{parent}/Rev.{int(n) - 1}" if int(n) > 1 else parent
        g.add((iri, CCM.revisionOf, doc_iri(previous)))
    elif kind == "Add":
        g.add((iri, CCM.addendumTo, doc_iri(parent)))
    elif kind == "Amend":
        g.add((iri, CCM.amendmentOf, doc_iri(parent)))
