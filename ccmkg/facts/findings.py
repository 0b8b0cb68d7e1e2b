"""Annex II, the Beirut progress report: one finding per footnote, and the figures its text states.

The finding's wording is quoted from the paragraph that carries the footnote marker; its members
are parsed from the footnote body. Both the stated number and the listed members are kept.
"""
from __future__ import annotations

from .base import (CCM, QUOTE_CONTEXT, RDF, SKOS, Context, Entry, InputError, Literal, date, entry_list,
                   integer, number, text)
from .groups import add_group, add_members
from .structure import action_iri, article_iri

FINDING_KEYS = {"footnote", "paragraph", "quote", "kind", "theme", "articles", "actions"}
FINDING_OPTIONAL = {"stated", "stated_text", "noun", "status", "member_status", "subset_of",
                    "partial", "note"}
FIGURE_KEYS = {"id", "paragraph", "quote", "value_text", "measure"}
FIGURE_OPTIONAL = {"value", "qualifier", "numerator", "denominator", "theme", "as_at", "note", "kind"}


def build_findings(ctx: Context, annotations: Entry, scope: str = "annex_2") -> None:
    g = ctx.graph("findings")
    annotations.check_keys({"as_at", "findings", "figures"})
    as_at = annotations["as_at"]
    seen = set()
    for entry in annotations.entries("findings"):
        entry.check_keys(FINDING_KEYS, FINDING_OPTIONAL)
        n = entry["footnote"]
        if n in seen:
            raise InputError(entry.where, f"footnote {n} is annotated twice")
        seen.add(n)
        add_finding(ctx, g, entry, scope, as_at)
    for entry in annotations.entries("figures"):
        entry.check_keys(FIGURE_KEYS, FIGURE_OPTIONAL)
        add_figure(ctx, g, entry, f"{scope}__para_{entry['paragraph']}", entry.get("as_at", as_at))


def add_finding(ctx: Context, g, entry: Entry, scope: str, as_at) -> None:
    n = entry["footnote"]
    footnote = ctx.part(f"{scope}__fn_{n}", entry.where)
    paragraph = ctx.part(f"{scope}__para_{entry['paragraph']}", entry.where)
    if n not in ctx.source.footnote_markers(paragraph):
        raise InputError(entry.where, f"paragraph {paragraph.number} carries no marker of footnote {n}")
    finding = ctx.doc_iri(f"finding/{n}")
    add_group(ctx, g, finding, "Finding", entry, paragraph, as_at)
    g.add((finding, CCM.footnote, ctx.part_iri(footnote.id)))
    g.add((finding, CCM.findingKind, ctx.concept("finding-kind", entry["kind"], entry.where)))
    g.add((finding, CCM.theme, ctx.concept("theme", entry["theme"], entry.where)))
    g.add((finding, CCM.aboutSection, ctx.part_iri(section_of(ctx, paragraph.id))))
    for article in entry_list(entry, "articles"):
        g.add((finding, CCM.concernsArticle, article_iri(int(str(article)))))
    for action in entry_list(entry, "actions"):
        g.add((finding, CCM.concernsAction, action_iri(int(action))))
    if entry.get("subset_of"):
        g.add((finding, CCM.subsetOf, ctx.doc_iri(f"finding/{entry['subset_of']}")))
    if entry.get("partial"):
        g.add((finding, CCM.listIsPartial, Literal(True)))
    add_members(ctx, g, finding, entry, footnote, footnote.text, as_at,
                statuses=entry.get("member_status"))


def add_figure(ctx: Context, g, entry: Entry, part_id: str, as_at) -> None:
    part = ctx.part(part_id, entry.where)
    figure = ctx.doc_iri(f"figure/{entry['id']}")
    if (figure, RDF.type, CCM.StatedFigure) in g:
        raise InputError(entry.where, f"figure id '{entry['id']}' is used twice")
    g.add((figure, RDF.type, CCM.StatedFigure))
    add_number(ctx, g, figure, entry, part)
    g.add((figure, CCM.measure, text(entry["measure"])))
    g.add((figure, CCM.asAt, date(as_at, entry.where)))
    if entry.get("theme"):
        g.add((figure, CCM.theme, ctx.concept("theme", entry["theme"], entry.where)))
    if entry.get("note"):
        g.add((figure, SKOS.editorialNote, Literal(entry["note"], lang="en")))
    g.add((figure, CCM.aboutSection, ctx.part_iri(section_of(ctx, part.id))))
    ctx.quote(g, figure, part, entry["quote"], entry.where)


def add_number(ctx: Context, g, figure, entry: Entry, part) -> None:
    """The number as the text states it: its words, its qualifier (a bare number is exactly), and
    its value, or for a fraction in words ("more than half") its numerator and denominator and no
    value. The words must stand in the quote or just before it (where a page break splits a
    sentence, the quote holds the claim and oa:prefix the number)."""
    if ("value" in entry) == ("denominator" in entry) or ("numerator" in entry) != ("denominator" in entry):
        raise InputError(entry.where, "a figure has either a value or a numerator and denominator")
    if "value" in entry:
        g.add((figure, CCM.value, number(entry["value"], entry.where)))
    else:
        g.add((figure, CCM.numerator, integer(entry["numerator"], entry.where)))
        g.add((figure, CCM.denominator, integer(entry["denominator"], entry.where)))
    start = ctx.check_quote(part, entry["quote"], entry.where)
    words = str(entry["value_text"])
    if words not in part.text[max(0, start - QUOTE_CONTEXT):start + len(entry["quote"])]:
        raise InputError(entry.where, f"value_text {words!r} is not in the quote or just before it")
    g.add((figure, CCM.valueText, text(words)))
    g.add((figure, CCM.qualifier, ctx.concept("qualifier", entry.get("qualifier", "exactly"), entry.where)))


def section_of(ctx: Context, part_id: str) -> str:
    """The nearest enclosing section or sub-heading of a part."""
    part = ctx.source.parts[part_id]
    while part.kind not in ("Section", "Subsection", "Annex", "Document"):
        part = ctx.source.parts[part.parent]
    return part.id


def build_figures(ctx: Context, annotations: Entry) -> None:
    """Figures of the main body and Annex I, each naming its part."""
    g = ctx.graph("findings")
    annotations.check_keys({"as_at", "figures"})
    for entry in annotations.entries("figures"):
        entry.check_keys({"id", "source", "quote", "value_text", "measure"}, FIGURE_OPTIONAL)
        add_figure(ctx, g, entry, entry["source"], entry.get("as_at", annotations["as_at"]))
