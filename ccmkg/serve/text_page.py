"""The sections of a text part's or a group's page: its text with the quoted spans marked, its
sentences and their facts, the parts below it in reading order, the members of a list."""
from __future__ import annotations

from html import escape

import pyoxigraph as ox

from .markup import mark, quote_html, spans_note, table, value


class TextSections:
    """Mixed into Pages: needs its `select`."""

    def text_section(self, iri: str) -> str:
        text_rows = self.select(f"SELECT ?text WHERE {{ <{iri}> ccm:text ?text }}")
        if not text_rows:
            return ""
        quotes = self.select(f"""SELECT ?fact ?exact ?prefix WHERE {{ ?fact ccm:source <{iri}> ; ccm:quote ?q .
            ?q oa:exact ?exact OPTIONAL {{ ?q oa:prefix ?prefix }} }}""")
        marked, spans = mark(text_rows[0]["text"].value, [(r["exact"].value, r["prefix"].value if r["prefix"] else "",
                                                           r["fact"].value) for r in quotes])
        return (f'<h2>Text</h2><div class="text">{marked}</div>'
                f'<p class="hint">{spans_note(spans)}</p>' + self.sentences_section(iri))

    def reading_section(self, iri: str) -> str:
        """Every part below `iri` in reading order (ccm:order): headings, paragraphs and footnotes
        with their text, quoted spans marked and counted."""
        parts = self.select(f"""SELECT ?part ?label ?order ?text ?heading ?number ?footnote WHERE {{
            ?part dcterms:isPartOf+ <{iri}> ; ccm:order ?order ; ccm:line ?line .
            OPTIONAL {{ ?part rdfs:label ?label }} OPTIONAL {{ ?part ccm:text ?text }}
            OPTIONAL {{ ?part ccm:heading ?heading }} OPTIONAL {{ ?part ccm:number ?number }}
            BIND(EXISTS {{ ?part a ccm:Footnote }} AS ?footnote) }} ORDER BY ?order""")
        if not parts:
            return ""
        quotes = self.select(f"""SELECT ?part ?fact ?exact ?prefix WHERE {{ ?part dcterms:isPartOf+ <{iri}> .
            ?fact ccm:source ?part ; ccm:quote ?q . ?q oa:exact ?exact OPTIONAL {{ ?q oa:prefix ?prefix }} }}""")
        by_part: dict = {}
        for r in quotes:
            by_part.setdefault(r["part"].value, []).append(
                (r["exact"].value, r["prefix"].value if r["prefix"] else "", r["fact"].value))
        out, total = [], 0
        for r in parts:
            link = value(r["part"], r["label"])
            if r["heading"] is not None and r["text"] is None:
                out.append(f'<h3 class="part-heading">{link} {escape(r["heading"].value)}</h3>')
                continue
            if r["text"] is None:
                continue
            marked, spans = mark(r["text"].value, by_part.get(r["part"].value, []))
            total += spans
            footnote = r["footnote"].value == "true"
            number = escape(r["number"].value) if r["number"] is not None else ""
            cls = "part fn" if footnote else "part"
            out.append(f'<div class="{cls}" data-number="{number}"><span class="where">{link}</span> '
                       f'<span class="text">{marked}</span></div>')
        return (f'<h2>Text in reading order</h2><p class="hint">{spans_note(total)}</p>'
                f'<div class="reading">{"".join(out)}</div>')

    def sentences_section(self, iri: str) -> str:
        """Each sentence of the part: the facts it supports, or why it carries none."""
        rows = self.select(f"""SELECT ?sentence ?order ?text (COUNT(?fact) AS ?facts) (SAMPLE(?why) AS ?reason)
            WHERE {{ ?sentence a ccm:Sentence ; ccm:source <{iri}> ; ccm:order ?order ; ccm:text ?text .
            OPTIONAL {{ ?sentence ccm:supportedBy ?fact }}
            OPTIONAL {{ ?sentence ccm:noFactReason/skos:prefLabel ?why }} }}
            GROUP BY ?sentence ?order ?text ORDER BY ?order""")
        if not rows:
            return ""
        cells = []
        for r in rows:
            n = int(r["facts"].value)
            status = (f'<span class="facts">{n} fact{"s" if n != 1 else ""}</span>' if n else
                      f'<span class="no-fact">no fact: {escape(r["reason"].value)}</span>' if r["reason"] else
                      '<span class="unaccounted">unaccounted</span>')
            cells.append([value(r["sentence"], ox.Literal("heading" if r["order"].value == "0" else r["order"].value)),
                          escape(r["text"].value), status])
        return "<h2>Sentences</h2>" + table(["sentence", "text", "facts"], cells, "sentences")

    def members_section(self, iri: str) -> str:
        rows = self.select(f"""SELECT ?member ?label ?status ?statusLabel ?date ?exact WHERE {{
            ?m ccm:group <{iri}> ; ccm:member ?member . OPTIONAL {{ ?member rdfs:label ?label }}
            OPTIONAL {{ ?m ccm:describedStatus ?status OPTIONAL {{ ?status skos:prefLabel ?statusLabel }} }}
            OPTIONAL {{ ?m ccm:asAt ?date }} OPTIONAL {{ ?m ccm:quote/oa:exact ?exact }} }} ORDER BY ?label""")
        return f"<h2>Members listed ({len(rows)})</h2>" + table(["member", "status", "as at", "quote"], [
            [value(r["member"], r["label"]), value(r["status"], r["statusLabel"]), value(r["date"]),
             quote_html(r["exact"])] for r in rows])
