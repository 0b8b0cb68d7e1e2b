"""HTML pages: the home page, one page per resource, the query page.

Pages are plain strings built from the site's own SELECT queries, so they work the same on the
embedded store and on an external endpoint. Every value is escaped; every IRI of the graph links
to its page on this server (the base https://w3id.org/ccmkg/ maps to the server root).
"""
from __future__ import annotations

import re
from html import escape

import pyoxigraph as ox

from ..namespaces import BASE
from .results import PREFIXES

DOCUMENT_PART = re.compile(r"^ccmr:doc/[A-Za-z0-9.-]+/")  # a document's parts are named by their id alone
PREAMBLE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
LABEL = "rdfs:label|skos:prefLabel|dcterms:title"
EXTERNAL_IDS = ["ccm:iso3166Alpha3", "ccm:iso3166Alpha2", "ccm:iso3166Numeric", "ccm:m49Code",
                "ccm:geonamesId", "owl:sameAs", "skos:exactMatch", "skos:closeMatch"]
TEXT_PARTS = {"Paragraph", "SubParagraph", "Footnote", "TableRow"}
CONTAINERS = {"Document", "Annex", "Section", "Table"}  # pages that show their parts' text in reading order
W3C_LABELS = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type"}


def local(iri: str) -> str:
    """The server path of a graph IRI; other IRIs are left as they are."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else iri


def short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[\w.\-/]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


SAFE_IRI = re.compile(r"https?://[\w.\-/#()~%:]+")  # an IRI that can go between < > in a query


def prop_link(iri: str, labels: dict[str, str]) -> str:
    """A property by its label, its prefixed name on hover, linking to its documentation."""
    name = short(iri)
    return (f'<a href="{escape(local(iri))}" title="{escape(name)}">{escape(labels.get(iri, name))}</a>')


def value(term, label=None) -> str:
    """A term as HTML: IRIs as links (labelled when a label is known), literals as text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = label.value if label is not None else DOCUMENT_PART.sub("", short(term.value))
        return f'<a href="{escape(local(term.value))}">{escape(text)}</a>'
    if isinstance(term, ox.Literal) and term.language:
        return f'{escape(term.value)} <small class="lang">@{escape(term.language)}</small>'
    return escape(term.value)


def layout(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · ccmkg</title><link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/favicon.ico"></head>
<body><header><a class="brand" href="/">ccmkg</a>
<nav><a href="/">Home</a><a href="/query">Query</a><a href="/ontology">Ontology</a>
<a href="/id/doc/CCM-MSP-2011-5">Document</a><a href="/sparql">SPARQL endpoint</a></nav></header>
<main>{body}</main>
<footer>Knowledge graph of UN document CCM/MSP/2011/5. Data CC-BY-4.0. Every fact cites its paragraph and quote.</footer>
</body></html>"""


def table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    if not rows:
        return '<p class="none">None.</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def quote_html(exact, prefix=None, suffix=None) -> str:
    if exact is None:
        return ""
    before = f'<span class="ctx">…{escape(prefix.value)}</span>' if prefix is not None else ""
    after = f'<span class="ctx">{escape(suffix.value)}…</span>' if suffix is not None else ""
    return f'<q>{before}<mark>{escape(exact.value)}</mark>{after}</q>'


class Pages:
    """Renders pages from an engine's `select`; `queries` are the saved queries of queries/."""

    def __init__(self, engine, queries: dict, matrix_svg, obligations_svg=lambda: ""):
        self.engine = engine
        self.queries = queries
        self.matrix_svg = matrix_svg
        self.obligations_svg = obligations_svg

    def select(self, text: str) -> list[dict]:
        return self.engine.select(PREAMBLE + text)

    # -- home ---------------------------------------------------------------------------------

    def counts(self) -> list[tuple[str, int]]:
        rows = self.select("""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c
            VALUES ?c { ccm:State ccm:Finding ccm:Decision ccm:Document ccm:Paragraph ccm:Footnote
                        ccm:RoleAssignment ccm:Membership ccm:Meeting ccm:MeetingOfStatesParties } } GROUP BY ?c""")
        found = {short(r["c"].value): int(r["n"].value) for r in rows}
        triples = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].value
        names = [("States", "ccm:State"), ("findings", "ccm:Finding"), ("decisions", "ccm:Decision"),
                 ("documents", "ccm:Document"), ("paragraphs", "ccm:Paragraph"),
                 ("footnotes", "ccm:Footnote"), ("role assignments", "ccm:RoleAssignment"),
                 ("memberships (dated statuses)", "ccm:Membership")]
        return [(name, found.get(cls, 0)) for name, cls in names] + [("triples", int(triples))]

    def listing(self, cls: str) -> str:
        rows = self.select(f"""SELECT ?s (SAMPLE(?l) AS ?label) WHERE {{ ?s a {cls} OPTIONAL {{ ?s {LABEL} ?l }} }}
                               GROUP BY ?s ORDER BY ?label ?s""")
        return ", ".join(value(r["s"], r["label"]) for r in rows) or "none"

    def home(self) -> str:
        counts = "".join(f"<li><strong>{n}</strong> {escape(name)}</li>" for name, n in self.counts())
        saved = [[escape(q.name), escape(q.summary),
                  f'<a class="run" href="/query?saved={escape(q.name)}">run</a> · '
                  f'<a href="/queries/{escape(q.name)}.rq">.rq</a>'] for q in self.queries.values()]
        body = f"""<h1>CCM/MSP/2011/5 as a knowledge graph</h1>
<p class="lead">The final document of the Second Meeting of States Parties to the Convention on Cluster
Munitions (Beirut, 12–16 September 2011) as linked data: who took part and in what capacity, the Beirut
progress report's findings with their stated counts, the decisions, roles and documents. Every fact links
to the <a href="/id/doc/CCM-MSP-2011-5">paragraph or footnote</a> it comes from and carries the exact words
that support it; every treaty status is dated.</p>
<ul class="counts">{counts}</ul>
<h2>Main views</h2>
<ul><li><a href="/id/doc/CCM-MSP-2011-5">The document</a>, part by part, with quoted spans marked</li>
<li><a href="/id/meeting/msp-2">The Second Meeting</a> and its <a href="/id/meeting/msp-3">successor</a></li>
<li><a href="/query">Query the graph</a> in SPARQL (endpoint: <code>/sparql</code>)</li>
<li><a href="/ontology">The ontology</a> (classes and properties)</li></ul>
<h2>States × themes of the progress report</h2>
<p>How many findings of Annex II list each State, by theme (click a State for its page).
Also as <a href="/matrix.svg">SVG</a>.</p>
<div class="matrix">{self.matrix_svg()}</div>
<h2>States × obligations of the Convention</h2>
<p>For each State, the obligations annex II reports it as having or making progress on, coloured by the
furthest progress reported (as at 20 August 2011). The register is derived from the findings by the rules
in <code>rules/</code>; hover a cell for every progress, click a State for the quotes.
Also as <a href="/obligations.svg">SVG</a>; the rows are the saved query
<a href="/query?saved=obligation-register">obligation-register</a>.</p>
<div class="obligations-matrix">{self.obligations_svg()}</div>
<h2>States</h2><p class="states">{self.listing("ccm:State")}</p>
<h2>Meetings</h2><p>{self.listing("ccm:Meeting")}</p>
<h2>Documents</h2><p>{self.listing("ccm:Document")}</p>
<h2>Saved queries</h2>{table(["name", "what it answers", ""], saved, "saved")}"""
        return layout("CCM/MSP/2011/5 knowledge graph", body)

    # -- resources ----------------------------------------------------------------------------

    def exists(self, iri: str) -> bool:
        return bool(self.select(f"SELECT ?p WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }} LIMIT 1"))

    def resource(self, iri: str) -> str:
        out = self.select(f"""SELECT ?p ?o (SAMPLE(?l) AS ?label) WHERE {{ <{iri}> ?p ?o
                              OPTIONAL {{ ?o {LABEL} ?l }} }} GROUP BY ?p ?o ORDER BY ?p ?o""")
        types = {short(r["o"].value).split(":")[-1] for r in out if r["p"].value.endswith("#type")}
        title = self.title(iri, out)
        body = [f"<h1>{escape(title)}</h1>",
                f'<p class="iri"><code>{escape(iri)}</code> · as <a href="?format=ttl">Turtle</a>'
                f' · <a href="?format=jsonld">JSON-LD</a></p>']
        if types & {"State", "PoliticalEntity"}:
            body.append(self.state_sections(iri))
        if types & TEXT_PARTS or "text" in {short(r["p"].value).split(":")[-1] for r in out}:
            body.append(self.text_section(iri))
        if types & CONTAINERS:
            body.append(self.reading_section(iri))
        if types & {"Finding", "Group", "ParticipantList"}:
            body.append(self.members_section(iri))
        body.append(self.quote_section(iri))
        body.append("<h2>Properties</h2>" + self.properties(out))
        body.append("<h2>Referred to by</h2>" + self.incoming(iri))
        return layout(title, "\n".join(body))

    def title(self, iri: str, out: list[dict]) -> str:
        for name in ("label", "prefLabel", "title", "heading", "number"):
            for row in out:
                if short(row["p"].value).endswith(":" + name):
                    return row["o"].value + ("" if name != "number" else f" ({iri.rsplit('/', 1)[-1]})")
        return short(iri) if not iri.startswith(BASE) else iri[len(BASE):]

    def properties(self, out: list[dict]) -> str:
        labels = self.property_labels({r["p"].value for r in out})
        rows = [[prop_link(r["p"].value, labels), value(r["o"], r["label"])]
                for r in out if not short(r["p"].value) == "ccm:text"]
        return table(["property", "value"], rows, "props")

    def property_labels(self, iris: set[str]) -> dict[str, str]:
        """Each property's rdfs:label from the ontology; rdf:type is "type"."""
        names = " ".join(f"<{i}>" for i in sorted(iris) if SAFE_IRI.fullmatch(i))
        rows = self.select(f"SELECT ?p (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?p {{ {names} }} ?p rdfs:label ?l }} GROUP BY ?p") \
            if names else []
        return {**W3C_LABELS, **{r["p"].value: r["label"].value for r in rows}}

    def incoming(self, iri: str) -> str:
        # parts in reading order (ccm:order: footnote 2 before footnote 10), the rest by IRI
        rows = self.select(f"""SELECT ?s ?p (SAMPLE(?l) AS ?label) (MIN(?o) AS ?order) WHERE {{ ?s ?p <{iri}>
                               OPTIONAL {{ ?s {LABEL} ?l }} OPTIONAL {{ ?s ccm:order ?o }} }}
                               GROUP BY ?s ?p ORDER BY ?p ?order ?s LIMIT 301""")
        note = "<p>(first 300 shown; use the query page for all)</p>" if len(rows) > 300 else ""
        labels = self.property_labels({r["p"].value for r in rows})
        return table(["resource", "via"], [[value(r["s"], r["label"]), prop_link(r["p"].value, labels)]
                                           for r in rows[:300]], "props") + note

    def quote_section(self, iri: str) -> str:
        rows = self.select(f"""SELECT ?exact ?prefix ?suffix ?source WHERE {{ <{iri}> ccm:quote ?q .
            ?q oa:exact ?exact OPTIONAL {{ ?q oa:prefix ?prefix }} OPTIONAL {{ ?q oa:suffix ?suffix }}
            OPTIONAL {{ <{iri}> ccm:source ?source }} }}""")
        if not rows:
            return ""
        r = rows[0]
        return (f'<h2>Quote</h2><blockquote>{quote_html(r["exact"], r["prefix"], r["suffix"])}</blockquote>'
                f'<p>Source: {value(r["source"])}</p>')

    # -- States ------------------------------------------------------------------------------

    def state_sections(self, iri: str) -> str:
        return "\n".join([self.statuses(iri), self.obligations_of(iri), self.findings_of(iri),
                          self.roles_of(iri), self.documents_of(iri), self.external_ids(iri)])

    def statuses(self, iri: str) -> str:
        rows = self.select(f"""SELECT ?date ?status ?statusLabel ?capacity ?capacityLabel ?group ?source
                ?exact WHERE {{ ?m ccm:member <{iri}> ; ccm:group ?group .
            FILTER NOT EXISTS {{ ?group a ccm:Finding }}
            OPTIONAL {{ ?m ccm:asAt ?date }} OPTIONAL {{ ?m ccm:describedStatus ?status OPTIONAL {{ ?status skos:prefLabel ?statusLabel }} }}
            OPTIONAL {{ ?m ccm:capacity ?capacity OPTIONAL {{ ?capacity skos:prefLabel ?capacityLabel }} }}
            OPTIONAL {{ ?m ccm:source ?source }} OPTIONAL {{ ?m ccm:quote/oa:exact ?exact }} }} ORDER BY ?date""")
        body = table(["as at", "capacity", "status", "list", "source", "quote"],
                     [[value(r["date"]), value(r["capacity"], r["capacityLabel"]), value(r["status"], r["statusLabel"]),
                       value(r["group"]), value(r["source"]), quote_html(r["exact"])] for r in rows])
        return "<h2>Capacity and dated statuses</h2>" + body

    def obligations_of(self, iri: str) -> str:
        """The State's rows of the obligation register, each with the findings and words it rests on."""
        rows = self.select(f"""SELECT ?obligation ?notation ?step ?progress ?progressLabel ?statusLabel ?date
                ?rule ?ruleLabel ?footnote ?sentence ?paragraph WHERE {{
            ?held ccm:bearer <{iri}> ; ccm:obligation ?obligation . ?obligation skos:notation ?notation .
            ?step ccm:stateObligation ?held ; ccm:progress ?progress ; ccm:asAt ?date ; ccm:derivedBy ?rule ;
                  <http://www.w3.org/ns/prov#wasDerivedFrom> ?fact .
            ?rule rdfs:label ?ruleLabel . ?progress skos:prefLabel ?progressLabel .
            OPTIONAL {{ ?step ccm:describedStatus/skos:prefLabel ?statusLabel }}
            {{ ?fact ccm:group ?finding }} UNION {{ ?fact a ccm:Finding BIND(?fact AS ?finding) }}
            ?finding ccm:footnote ?footnote ; ccm:source ?paragraph ; ccm:quote/oa:exact ?sentence .
            }} ORDER BY ?notation ?progressLabel ?footnote""")
        grouped: dict = {}
        for r in rows:
            grouped.setdefault(r["step"].value, []).append(r)
        table_rows = []
        for group in grouped.values():
            first = group[0]
            said = {(r["footnote"].value, r["sentence"].value): r for r in group}
            quotes = "<br>".join(f'{quote_html(r["sentence"])} ({value(r["footnote"])}, {value(r["paragraph"])})'
                                 for _, r in sorted(said.items()))
            rules = ", ".join(sorted({value(r["rule"], r["ruleLabel"]) for r in group}))
            table_rows.append([value(first["obligation"], first["notation"]), value(first["progress"], first["progressLabel"]),
                               escape(first["statusLabel"].value) if first["statusLabel"] else "", value(first["date"]), quotes, rules])
        body = table(["article", "progress", "status as the text gives it", "as at", "what the report says", "derived by"],
                     table_rows, "obligations")
        return (f"<h2>Obligations under the Convention ({len(table_rows)})</h2>"
                f'<p class="hint">Derived from the findings below by the rules named; none is stated in these words.</p>' + body)

    def findings_of(self, iri: str) -> str:
        rows = self.select(f"""SELECT ?finding ?date ?status ?statusLabel ?theme ?themeLabel ?footnote
                ?paragraph ?sentence ?exact WHERE {{ ?m ccm:member <{iri}> ; ccm:group ?finding .
            ?finding a ccm:Finding . OPTIONAL {{ ?m ccm:asAt ?date }}
            OPTIONAL {{ ?m ccm:describedStatus ?status OPTIONAL {{ ?status skos:prefLabel ?statusLabel }} }}
            OPTIONAL {{ ?finding ccm:theme ?theme OPTIONAL {{ ?theme skos:prefLabel ?themeLabel }} }}
            OPTIONAL {{ ?finding ccm:footnote ?footnote }} OPTIONAL {{ ?finding ccm:source ?paragraph }}
            OPTIONAL {{ ?finding ccm:quote/oa:exact ?sentence }} OPTIONAL {{ ?m ccm:quote/oa:exact ?exact }}
            }} ORDER BY ?paragraph ?finding""")
        body = table(["finding", "what the report says", "status as at", "theme", "listed in", "paragraph"],
                     [[value(r["finding"], None), quote_html(r["sentence"]),
                       f'{value(r["status"], r["statusLabel"])} {value(r["date"])}',
                       value(r["theme"], r["themeLabel"]), f'{value(r["footnote"])} {quote_html(r["exact"])}',
                       value(r["paragraph"])] for r in rows], "findings")
        return f"<h2>Findings about it ({len(rows)})</h2>" + body

    def roles_of(self, iri: str) -> str:
        rows = self.select(f"""SELECT ?r ?role ?roleLabel ?in ?inLabel ?year ?source WHERE {{
            ?r ccm:holder <{iri}> . OPTIONAL {{ ?r ccm:role ?role OPTIONAL {{ ?role skos:prefLabel ?roleLabel }} }}
            OPTIONAL {{ ?r ccm:roleIn ?in OPTIONAL {{ ?in rdfs:label ?inLabel }} }}
            OPTIONAL {{ ?r ccm:forYear ?year }} OPTIONAL {{ ?r ccm:source ?source }} }} ORDER BY ?year""")
        return "<h2>Roles</h2>" + table(["role", "in", "year", "source"], [
            [value(r["role"], r["roleLabel"]), value(r["in"], r["inLabel"]), value(r["year"]),
             value(r["source"])] for r in rows])

    def documents_of(self, iri: str) -> str:
        rows = self.select(f"""SELECT ?doc ?title ?symbol WHERE {{ ?doc ccm:submittedBy <{iri}> .
            OPTIONAL {{ ?doc dcterms:title ?title }} OPTIONAL {{ ?doc dcterms:identifier ?symbol }} }} ORDER BY ?symbol""")
        return "<h2>Documents it submitted</h2>" + table(["document", "title"], [
            [value(r["doc"], r["symbol"]), value(r["title"])] for r in rows])

    def external_ids(self, iri: str) -> str:
        rows = self.select(f"""SELECT ?p ?o WHERE {{ <{iri}> ?p ?o VALUES ?p {{ {" ".join(EXTERNAL_IDS)} }} }} ORDER BY ?p""")
        return "<h2>External identifiers</h2>" + table(["scheme", "identifier"], [
            [escape(short(r["p"].value)), value(r["o"])] for r in rows])

    # -- text parts and groups ---------------------------------------------------------------

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


def mark(text: str, quotes: list[tuple[str, str, str]]) -> tuple[str, int]:
    """The text with each quoted span in a <mark> linking to its fact (overlapping spans merge),
    and how many marks it holds."""
    spans = []
    for exact, prefix, fact in quotes:
        start = text.find(prefix + exact) + len(prefix) if prefix and prefix + exact in text else text.find(exact)
        if start >= 0 and exact:
            spans.append((start, start + len(exact), fact))
    merged: list[list] = []
    for start, end, fact in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(fact)
        else:
            merged.append([start, end, [fact]])
    out, at = [], 0
    for start, end, facts in merged:
        out.append(escape(text[at:start]))
        out.append(f'<a class="q" href="{escape(local(facts[0]))}" title="{escape(", ".join(short(f) for f in facts))}">'
                   f"<mark>{escape(text[start:end])}</mark></a>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out), len(merged)


def spans_note(n: int) -> str:
    return (f"{n} quoted span{'' if n == 1 else 's'} marked; each links to the fact it supports."
            if n else "No quoted span in this text.")


def query_page(initial: str = "", run: bool = False, saved: dict | None = None, chosen: str = "") -> str:
    """The query form; with `saved`, a picker of the saved queries (each with its description and
    parameters) that opens the chosen one here and runs it (static/query.js)."""
    body = f"""<h1>Query the graph</h1>
<p>SPARQL 1.1 against <code>/sparql</code> (read-only). Results are capped; a note says so when they are.
The prefixes declared below are also predefined on <code>/sparql</code>: a query may use them without
declaring them.</p>
{picker(saved or {}, chosen)}
<form id="query-form"><textarea id="query" name="query" rows="16" spellcheck="false">{escape(initial)}</textarea>
<div class="bar"><button id="run" type="submit">Run</button>
<label>as <select id="format"><option value="table">table</option><option value="application/sparql-results+json">JSON</option>
<option value="text/csv">CSV</option><option value="text/tab-separated-values">TSV</option>
<option value="application/sparql-results+xml">XML</option><option value="text/turtle">Turtle (CONSTRUCT)</option>
<option value="application/ld+json">JSON-LD (CONSTRUCT)</option></select></label>
<span id="status" role="status"></span></div></form>
<div id="results" data-autorun="{"yes" if run else "no"}"></div>
<script src="/static/query.js"></script>"""
    return layout("Query", body)


def picker(saved: dict, chosen: str) -> str:
    if not saved:
        return ""
    options = "".join(f'<option value="{escape(q.name)}"{" selected" if q.name == chosen else ""}>'
                      f"{escape(q.name)}: {escape(q.summary)}</option>" for q in saved.values())
    about = ""
    if chosen in saved:
        query = saved[chosen]
        params = table(["parameter", "type", "what it is", "example (bound below)"],
                       [[f"<code>?{escape(p.name)}</code>", escape(p.type), escape(p.description),
                         f"<code>{escape(p.example)}</code>"] for p in query.params], "params") \
            if query.params else '<p class="none">No parameters.</p>'
        about = (f'<div id="saved-about" class="about"><h2>{escape(query.name)}</h2>'
                 f"<p>{escape(query.description or query.summary)}</p>{params}</div>")
    return (f'<form id="saved-form" action="/query" method="get"><label>Saved query '
            f'<select id="saved" name="saved"><option value="">(choose one to open and run it)</option>{options}'
            f'</select></label> <button type="submit" id="open-saved">Open</button></form>{about}')


DEFAULT_BODY = """SELECT ?state ?name (COUNT(?m) AS ?findings) WHERE {
  ?m ccm:group ?finding ; ccm:member ?state .
  ?finding a ccm:Finding .
  ?state rdfs:label ?name .
} GROUP BY ?state ?name ORDER BY DESC(?findings) LIMIT 20
"""

