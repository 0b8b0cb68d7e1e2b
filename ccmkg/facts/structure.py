"""The document and its parts: annexes, sections, paragraphs, sub-paragraphs, footnotes, table rows.

Also what the text itself cites, found by code: footnote markers, the Convention's articles and the
Vientiane Action Plan's actions ("actions Nos. 10-17", "article 5 (1)").
"""
from __future__ import annotations

import re

from .base import CCM, DCTERMS, ID, Context, Literal, XSD, label, text, typed

ARTICLE_MENTION = re.compile(r"\barticles? ((?:\d+(?: \(\d\))?(?:\.\d+)?(?:, | and | and/or | or )?)+)")
ACTION_MENTION = re.compile(r"\b[Aa]ctions? Nos?\. ((?:\d+(?:-\d+)?(?:, | and )?)+)")


def numbers_in(listing: str) -> list[int]:
    """"10-17" -> 10..17; "24, 25, 27, 28 and 29" -> five numbers; "5 (1)" -> 5; "3.8" -> 3."""
    found: list[int] = []
    for token in re.findall(r"\d+(?:-\d+)?(?: \(\d\))?(?:\.\d+)?", listing):
        token = re.sub(r" \(\d\)|\.\d+", "", token)
        if "-" in token:
            low, high = (int(t) for t in token.split("-"))
            found.extend(range(low, high + 1))
        else:
            found.append(int(token))
    return found


def article_iri(n: int):
    return ID[f"instrument/ccm/article/{n}"]


def action_iri(n: int):
    return ID[f"instrument/vap/action/{n}"]


def build_structure(ctx: Context) -> None:
    g = ctx.graph("structure")
    for part in ctx.source.parts.values():
        iri = ctx.part_iri(part.id)
        if part.id != "main":
            typed(g, iri, part.kind)
            g.add((iri, DCTERMS.isPartOf, ctx.part_iri(part.parent)))
            g.add((iri, CCM.order, Literal(part.order, datatype=XSD.integer)))
            g.add((iri, CCM.line, Literal(part.line, datatype=XSD.integer)))
            label(g, iri, part_label(part))
        if part.number and part.id != "main":
            g.add((iri, CCM.number, text(part.number)))
        if part.heading:
            g.add((iri, CCM.heading, text(part.heading)))
        if part.lines:
            g.add((iri, CCM.text, text(part.text)))
        if part.kind == "Footnote":
            continue
        for n in ctx.source.footnote_markers(part):
            g.add((iri, CCM.marksFootnote, ctx.part_iri(f"{part.id.split('__')[0]}__fn_{n}")))
        mentions(g, iri, part.text + " " + part.heading)


def mentions(g, iri, body: str) -> None:
    for match in ARTICLE_MENTION.finditer(body):
        for n in numbers_in(match.group(1)):
            g.add((iri, CCM.concernsArticle, article_iri(n)))
    for match in ACTION_MENTION.finditer(body):
        for n in numbers_in(match.group(1)):
            g.add((iri, CCM.concernsAction, action_iri(n)))


SCOPE_NAMES = {"main": "", "annex_1": "Annex I, ", "annex_2": "Annex II, ", "annex_3": "Annex III, "}


def part_label(part) -> str:
    scope = SCOPE_NAMES[part.id.split("__")[0]]
    if part.kind == "Annex":
        return f"Annex {part.number}: {part.heading}"
    if part.kind in ("Section", "Subsection"):
        return f"{scope}{part.number + '. ' if part.kind == 'Section' and part.number else ''}{part.heading}"
    if part.kind == "Paragraph":
        return f"{scope}paragraph {part.number}" if part.number else f"{scope}closing note"
    if part.kind == "SubParagraph":
        return f"{scope}paragraph {part.number}"
    if part.kind == "Footnote":
        return f"{scope}footnote {part.number}"
    if part.kind == "TableRow":
        return f"{scope}row {part.number}"
    return f"{scope}{part.heading}"
