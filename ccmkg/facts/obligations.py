"""The Convention's obligations, from data/reference/ccm-obligations.csv (written from the
Convention's text): each duty with its article and paragraph, its time limit as a duration and the
extensions allowed. Sourced to the Convention's article, never to CCM/MSP/2011/5, and given no
deadline date: the document states no date of entry into force for any State."""
from __future__ import annotations

import csv
from pathlib import Path

from .base import CCM, DCTERMS, ID, RDFS, SKOS, XSD, Context, InputError, Literal, label, text, typed
from .structure import article_iri

OBLIGATIONS_FILE = "ccm-obligations.csv"
COLUMNS = ["article", "paragraph", "duty", "time_limit", "counted_from", "extension", "note"]
# Annex II groups three obligations as one ("obligations under articles 3, 4 and/or 5",
# paragraphs 11, 58, 66, 73) without saying which article each State's obligation is under.
OPERATIVE = ("3-4-5", "3, 4 and/or 5", [3, 4, 5],
             "the obligations of articles 3 (stockpile destruction), 4 (clearance) and 5 (victim "
             "assistance), which annex II counts together")


def obligation_iri(slug: str):
    return ID[f"instrument/ccm/obligation/{slug}"]


def build_obligations(ctx: Context, reference: Path) -> None:
    g = ctx.graph("obligations")
    path = reference / OBLIGATIONS_FILE
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise InputError(f"{path}:1", f"expected the columns {','.join(COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            if row["duty"].startswith("("):
                continue  # a description of entry into force (article 17), not a duty
            add_row(g, row, f"{path}:{line}")
    slug, notation, articles, duty = OPERATIVE
    add_obligation(g, slug, notation, articles, duty)


def add_row(g, row: dict, where: str) -> None:
    article, paragraph = row["article"], row["paragraph"]
    if not article.isdigit() or (paragraph and not paragraph.isdigit()):
        raise InputError(where, f"article and paragraph must be numbers, got {article!r}, {paragraph!r}")
    slug = f"{article}-{paragraph}" if paragraph else article
    notation = f"{article} ({paragraph})" if paragraph else article
    iri = add_obligation(g, slug, notation, [int(article)], row["duty"])
    if row["time_limit"]:
        g.add((iri, CCM.timeLimit, Literal(row["time_limit"], datatype=XSD.duration)))
        g.add((iri, CCM.countedFrom, text(row["counted_from"])))
    if row["extension"]:
        g.add((iri, CCM.extensionAllowed, text(row["extension"])))
    if row["note"]:
        g.add((iri, RDFS.comment, Literal(row["note"], lang="en")))


def add_obligation(g, slug: str, notation: str, articles: list[int], duty: str):
    iri = obligation_iri(slug)
    typed(g, iri, "Obligation")
    label(g, iri, f"Article {notation} of the Convention: {duty}" if len(articles) == 1
          else f"Articles {notation} of the Convention")
    g.add((iri, SKOS.notation, text(notation)))
    g.add((iri, CCM.duty, text(duty)))
    g.add((iri, CCM.partOfInstrument, ID["instrument/ccm"]))
    for n in articles:
        g.add((iri, CCM.underArticle, article_iri(n)))
        g.add((iri, DCTERMS.source, article_iri(n)))
    return iri
