"""Coverage: every sentence of the document either supports a fact or is named as carrying none.

Segmentation (one rule set for every text part):
- A part's heading (section, sub-heading, annex title, table caption) is one sentence of its own.
- The cover page (`main__preface`) is one sentence per line; an Annex III table row is one
  sentence (a row is one record: symbol, title, submitters).
- Running text (paragraphs, sub-paragraphs, footnotes, an annex's "(As adopted ...)" line) ends a
  sentence at ". ; ? !" (with any closing quote, bracket or footnote marker right after it)
  followed by a space and a capital letter, an opening quote, a bracket or a digit; except after
  the abbreviations this document uses ("para.", "No.", "Nos.", "e.g.", "i.e.", "Mr.", "Ms.",
  "U.N.", ...). "2.5", "WP.1" or "Rev.1" have no space after the point and never end one.
  A sub-paragraph "(a)" is a part of its own, so list items are never merged or split here.

Support: a sentence has facts when at least one fact's quote (ccm:quote/oa:exact, located in its
part by oa:prefix) overlaps the sentence by at least one letter or digit; a quote that runs over
two sentences supports both, because the fact cites both. Otherwise a `coverage*.yaml` file of
the annotation folder names it as carrying no fact, by part and a verbatim quote inside it, with
a reason of the cv:no-fact-reason scheme (and, for a restatement, the sentence it restates).
Naming a sentence that has facts is an error: the list holds only sentences that state nothing.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF, SKOS, Literal, URIRef, XSD

from .annotations import Entry
from .errors import InputError
from .source import Part, Source
from .namespaces import OA
from .terms import CCM

ABBREVIATIONS = ("para.", "paras.", "No.", "Nos.", "e.g.", "i.e.", "Mr.", "Ms.", "Mrs.", "Dr.",
                 "U.N.", "art.", "arts.", "cf.", "vol.", "p.", "pp.")
# a sentence end: the mark, then any closers (quotes, brackets, asterisks, footnote markers),
# then white space and the first character of the next sentence
SENTENCE_END = re.compile(r"[.;?!][”\"’')\]*⁰¹²³⁴⁵⁶⁷⁸⁹]*(?=\s+[A-Z“\"‘(\[0-9])")
NO_FACT_KEYS = {"part", "quote", "reason"}
NO_FACT_OPTIONAL = {"restates", "restates_quote", "note"}


@dataclass
class Sentence:
    part: Part
    index: int  # 0 for a heading, then 1, 2, ... in the part's text
    text: str
    start: int  # offset in part.text (-1 for a heading)
    line: int
    facts: set = field(default_factory=set)
    reason: str = ""  # the notation of its cv:no-fact-reason concept
    reason_iri: URIRef | None = None
    restates: "Sentence | None" = None
    note: str = ""
    where: str = ""  # the no-fact entry naming it

    @property
    def key(self) -> str:
        return f"{self.part.id}/{'h' if self.index == 0 else self.index}"

    @property
    def status(self) -> str:
        return "with-facts" if self.facts else "no-fact" if self.reason else "unaccounted"


def spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every sentence of running text, by the rules above."""
    found, start = [], 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        words = text[:match.start() + 1].split()
        if words and words[-1].lstrip("(*“\"") in ABBREVIATIONS:
            continue
        found.append((start, end))
        start = end + (len(text[end:]) - len(text[end:].lstrip()))
    if text[start:].strip():
        found.append((start, len(text.rstrip())))
    return found


def line_of(lines: list[str], part: Part, sentence: str) -> int:
    """The source line where a sentence starts: the first line from the part's own that holds its
    opening words (page breaks put a part's pieces several lines apart)."""
    for size in (40, 12):
        head = sentence[:size]
        for number in range(part.line, len(lines) + 1):
            if head in lines[number - 1]:
                return number
    return part.line


def segment(source: Source) -> list[Sentence]:
    """The sentences of every text part, in document order."""
    sentences: list[Sentence] = []
    lines = source.raw.split("\n")
    for part in source.parts.values():
        if part.heading and part.kind != "Table" and part.id != "main__preface":  # the table caption is the annex heading
            sentences.append(Sentence(part, 0, part.heading, -1, line_of(lines, part, part.heading)))
        if not part.lines:
            continue
        if part.id == "main__preface" or part.kind == "TableRow":
            pieces = list(split_lines(part))
        else:
            pieces = [(s, e) for s, e in spans(part.text)]
        for n, (s, e) in enumerate(pieces, start=1):
            sentences.append(Sentence(part, n, part.text[s:e], s, line_of(lines, part, part.text[s:e])))
    return sentences


def split_lines(part: Part):
    """The cover page's lines, joined by " / " in the part's text; a table row is one piece."""
    if part.kind == "TableRow":
        yield 0, len(part.text)
        return
    offset = 0
    for piece in part.text.split(" / "):
        yield offset, offset + len(piece)
        offset += len(piece) + 3


# support ---------------------------------------------------------------------------------
def quoted_facts(graphs) -> list[tuple[URIRef, URIRef, str, str]]:
    """(fact, part IRI, exact, prefix) for every fact with a quote selector."""
    out = []
    for g in graphs:
        for fact, selector in g.subject_objects(CCM.quote):
            exact = next(g.objects(selector, OA.exact), None)
            prefix = next(g.objects(selector, OA.prefix), Literal(""))
            for part in g.objects(fact, CCM.source):
                if exact is not None:
                    out.append((fact, part, str(exact), str(prefix)))
    return out


def attach_support(sentences: list[Sentence], facts, part_iri) -> None:
    by_part: dict = {}
    for sentence in sentences:
        if sentence.index:
            by_part.setdefault(part_iri(sentence.part.id), []).append(sentence)
    for fact, part, exact, prefix in facts:
        candidates = by_part.get(part, [])
        if not candidates:
            continue
        text = candidates[0].part.text
        at = text.find(prefix + exact)
        start = at + len(prefix) if at >= 0 else text.find(exact)
        if start < 0:
            continue  # the shapes report a quote that is not in its part
        end = start + len(exact)
        for sentence in candidates:
            lo, hi = max(start, sentence.start), min(end, sentence.start + len(sentence.text))
            if lo < hi and re.search(r"\w", text[lo:hi]):
                sentence.facts.add(fact)


# no-fact entries -------------------------------------------------------------------------
def find_sentence(sentences_of: dict, part_id: str, quote: str, where: str, source: Source) -> Sentence:
    if part_id not in sentences_of:
        raise InputError(where, f"no text part '{part_id}' with sentences")
    if not isinstance(quote, str) or not quote:
        raise InputError(where, "'quote' must be a non-empty string")
    hits = [s for s in sentences_of[part_id] if quote in s.text]
    if len(hits) > 1:  # a quote that is a whole sentence names that one ("16 September 2011")
        hits = [s for s in hits if s.text == quote] or hits
    if not hits:
        raise InputError(where, f"quote not found in a sentence of {part_id}: {quote!r}")
    if len(hits) > 1:
        raise InputError(where, f"quote is in {len(hits)} sentences of {part_id}; quote more words: {quote!r}")
    if quote not in source.raw:
        raise InputError(where, f"quote spans a page break of {part_id}: {quote!r}")
    return hits[0]


def apply_no_fact(sentences: list[Sentence], files: dict[str, Entry], source: Source, reason_iri) -> None:
    """Mark the sentences every coverage*.yaml names as carrying no fact; `reason_iri(notation,
    where)` is the cv:no-fact-reason concept of a reason (an error for an unknown one)."""
    sentences_of: dict = {}
    for sentence in sentences:
        sentences_of.setdefault(sentence.part.id, []).append(sentence)
    for name, coverage_file in sorted(files.items()):
        coverage_file.check_keys({"no_fact"})
        for entry in coverage_file.entries("no_fact"):
            entry.check_keys(NO_FACT_KEYS, NO_FACT_OPTIONAL)
            sentence = find_sentence(sentences_of, entry["part"], entry["quote"], entry.where, source)
            sentence_reason = reason_iri(entry["reason"], entry.where)
            if (entry["reason"] == "restatement") != ("restates" in entry):
                raise InputError(entry.where, "'restates' (a part id) goes with reason restatement, and only there")
            if sentence.facts:
                raise InputError(entry.where, f"sentence {sentence.key} has facts; a no-fact entry is "
                                              f"for a sentence that states nothing")
            if sentence.reason:
                raise InputError(entry.where, f"sentence {sentence.key} is already named at {sentence.where}")
            if "restates" in entry:
                sentence.restates = find_sentence(sentences_of, entry["restates"],
                                                  entry.get("restates_quote", ""), entry.where, source) \
                    if entry.get("restates_quote") else first_sentence(sentences_of, entry["restates"], entry.where)
            sentence.reason, sentence.note, sentence.where = entry["reason"], entry.get("note", ""), entry.where
            sentence.reason_iri = sentence_reason


def first_sentence(sentences_of: dict, part_id: str, where: str) -> Sentence:
    body = [s for s in sentences_of.get(part_id, []) if s.index]
    if len(body) != 1:
        raise InputError(where, f"'restates: {part_id}' needs restates_quote to name one of its "
                                f"{len(body)} sentences")
    return body[0]


# graph and reports -----------------------------------------------------------------------
def sentence_iri(ctx, sentence: Sentence) -> URIRef:
    return ctx.doc_iri(f"sentence/{sentence.key}")


def build_coverage(ctx, files: dict[str, Entry]) -> list[Sentence]:
    """Segment, attach support from every fact built so far, apply the no-fact entries, and add
    one ccm:Sentence per sentence to the `coverage` graph."""
    sentences = segment(ctx.source)
    attach_support(sentences, quoted_facts(ctx.graphs.values()), ctx.part_iri)
    apply_no_fact(sentences, files, ctx.source, lambda notation, where: ctx.concept("no-fact-reason", notation, where))
    g = ctx.graph("coverage")
    for sentence in sentences:
        iri = sentence_iri(ctx, sentence)
        g.add((iri, RDF.type, CCM.Sentence))
        g.add((iri, CCM.source, ctx.part_iri(sentence.part.id)))
        g.add((iri, CCM.text, Literal(sentence.text)))
        g.add((iri, CCM.order, Literal(sentence.index, datatype=XSD.integer)))
        g.add((iri, CCM.line, Literal(sentence.line, datatype=XSD.integer)))
        for fact in sentence.facts:
            g.add((iri, CCM.supportedBy, fact))
        if sentence.reason_iri is not None:
            g.add((iri, CCM.noFactReason, sentence.reason_iri))
        if sentence.restates is not None:
            g.add((iri, CCM.restates, sentence_iri(ctx, sentence.restates)))
        if sentence.note:
            g.add((iri, SKOS.editorialNote, Literal(sentence.note, lang="en")))
    return sentences


def per_part(sentences: list[Sentence]) -> list[tuple[str, int, int, int, int]]:
    """(part, sentences, with facts, no fact, unaccounted) per text part, in document order."""
    rows: dict[str, Counter] = {}
    for sentence in sentences:
        rows.setdefault(sentence.part.id, Counter())[sentence.status] += 1
    return [(part, sum(c.values()), c["with-facts"], c["no-fact"], c["unaccounted"]) for part, c in rows.items()]


def totals(sentences: list[Sentence]) -> dict:
    status = Counter(s.status for s in sentences)
    reasons = Counter(s.reason for s in sentences if s.status == "no-fact")
    return {"sentences": len(sentences), "with_facts": status["with-facts"], "no_fact": status["no-fact"],
            "reasons": dict(sorted(reasons.items())), "unaccounted": status["unaccounted"]}


def totals_line(sentences: list[Sentence]) -> str:
    return totals_text(totals(sentences))


def totals_text(t: dict) -> str:
    """The totals line of totals() (or of several documents' totals added up)."""
    reasons = ", ".join(f"{r} {n}" for r, n in t["reasons"].items())
    return (f"coverage: {t['sentences']} sentences, {t['with_facts']} with facts, {t['no_fact']} no fact"
            f"{f' ({reasons})' if reasons else ''}, {t['unaccounted']} unaccounted")


def table_csv(documents: dict[str, list[Sentence]]) -> bytes:
    """dist/coverage.csv: one row per sentence of each document (by key), a part's id and a
    sentence's key being unique only within their document."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["document", "part", "sentence", "line", "status", "facts", "reason", "restates", "text"])
    for document, sentences in sorted(documents.items()):
        for s in sentences:
            writer.writerow([document, s.part.id, s.key, s.line, s.status, len(s.facts), s.reason,
                             s.restates.key if s.restates else "", s.text])
    return out.getvalue().encode("utf-8")
