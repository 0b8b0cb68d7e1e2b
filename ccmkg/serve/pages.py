"""HTML pages: the home page and one page per resource (the query page is in query_page.py).

Pages are plain strings built from the site's own SELECT queries, so they work the same on the
embedded store and on an external endpoint. Every value is escaped (markup.py).
"""
from __future__ import annotations

from html import escape

import pyoxigraph as ox

from ..namespaces import RESOURCES, W3C
from .markup import BASE, SAFE_IRI, layout, prop_link, quote_html, short, table, value
from .results import PREFIXES
from .state_page import StateSections
from .text_page import TextSections

PREAMBLE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
LABEL = "rdfs:label|skos:prefLabel|dcterms:title"
TEXT_PARTS = {"Paragraph", "SubParagraph", "Footnote", "TableRow"}
CONTAINERS = {"Document", "Annex", "Section", "Table"}  # pages that show their parts' text in reading order
W3C_LABELS = {W3C["rdf"] + "type": "type"}
DOCUMENTS = RESOURCES["doc"]  # a document of the graph is doc/KEY; its parts and facts lie under doc/KEY/
DOCUMENT_COUNTS = [("paragraphs", "ccm:Paragraph"), ("footnotes", "ccm:Footnote"), ("sentences", "ccm:Sentence"),
                   ("findings", "ccm:Finding"), ("decisions", "ccm:Decision"),
                   ("memberships (dated statuses)", "ccm:Membership")]


class Pages(StateSections, TextSections):
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

    def documents(self) -> list[dict]:
        """The documents of the graph whose text it holds (parts with a line in their source), by
        key: each with its label (the symbol it bears), its title where it gives one, and how
        many of its parts and facts of each kind it has (their IRIs lie under doc/KEY/)."""
        found = self.select("""SELECT ?doc (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?title) WHERE { ?doc a ccm:Document
            FILTER EXISTS { ?part dcterms:isPartOf ?doc ; ccm:line ?line }
            OPTIONAL { ?doc rdfs:label ?l } OPTIONAL { ?doc dcterms:title ?t } } GROUP BY ?doc ORDER BY ?doc""")
        counts = self.select(f"""SELECT ?key ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{
            VALUES ?c {{ {" ".join(cls for _, cls in DOCUMENT_COUNTS)} }} ?x a ?c
            BIND(STRBEFORE(STRAFTER(STR(?x), "{DOCUMENTS}"), "/") AS ?key) FILTER(?key != "") }} GROUP BY ?key ?c""")
        by_key: dict[str, dict[str, int]] = {}
        for r in counts:
            by_key.setdefault(r["key"].value, {})[short(r["c"].value)] = int(r["n"].value)
        return [{"iri": r["doc"], "key": r["doc"].value[len(DOCUMENTS):], "label": r["label"], "title": r["title"],
                 "counts": by_key.get(r["doc"].value[len(DOCUMENTS):], {})}
                for r in found if r["doc"].value.startswith(DOCUMENTS)]

    def documents_table(self, documents: list[dict]) -> str:
        rows = [[value(d["iri"], ox.Literal(d["key"])), escape(d["label"].value) if d["label"] else "",
                 escape(d["title"].value) if d["title"] else '<span class="none">none given</span>',
                 *(str(d["counts"].get(cls, 0)) for _, cls in DOCUMENT_COUNTS)] for d in documents]
        return table(["key", "symbol", "title", *(name for name, _ in DOCUMENT_COUNTS)], rows, "documents")

    def document_section(self, iri: str) -> str:
        """A document of the graph: its row of the home page's table (nothing for a document the
        graph only names)."""
        found = [d for d in self.documents() if d["iri"].value == iri]
        return f"<h2>In this graph</h2>{self.documents_table(found)}" if found else ""

    def home(self) -> str:
        counts = "".join(f"<li><strong>{n}</strong> {escape(name)}</li>" for name, n in self.counts())
        saved = [[escape(q.name), escape(q.summary),
                  f'<a class="run" href="/query?saved={escape(q.name)}">run</a> · '
                  f'<a href="/queries/{escape(q.name)}.rq">.rq</a>'] for q in self.queries.values()]
        body = f"""<h1>Meeting documents of the Convention on Cluster Munitions as a knowledge graph</h1>
<p class="lead">The final documents of meetings of the Convention on Cluster Munitions as linked data, one
document beside the other: who took part and in what capacity, the progress reports' findings with their
stated counts, the decisions, roles and documents. Every fact links to the paragraph or footnote it comes
from and carries the exact words that support it; every treaty status is dated. States, organizations,
meetings and instruments are shared: one page for each, whatever document names it.</p>
<ul class="counts">{counts}</ul>
<h2 id="documents">Documents of the graph</h2>
<p>Each document's page gives its text part by part, with quoted spans marked; the counts are of the
parts and facts drawn from it.</p>
{self.documents_table(self.documents())}
<h2>Main views</h2>
<ul><li><a href="/query">Query the graph</a> in SPARQL (endpoint: <code>/sparql</code>)</li>
<li><a href="/ontology">The ontology</a> (classes and properties)</li></ul>
<h2>States × themes of the progress reports</h2>
<p>How many findings of the progress reports list each State, by theme (click a State for its page).
Also as <a href="/matrix.svg">SVG</a>.</p>
<div class="matrix">{self.matrix_svg()}</div>
<h2>States × obligations of the Convention</h2>
<p>For each State, the obligations the progress reports report it as having or making progress on, coloured
by the furthest progress reported (as at the date each report speaks of). The register is derived from the
findings by the rules in <code>rules/</code>; hover a cell for every progress, click a State for the quotes.
Also as <a href="/obligations.svg">SVG</a>; the rows are the saved query
<a href="/query?saved=obligation-register">obligation-register</a>.</p>
<div class="obligations-matrix">{self.obligations_svg()}</div>
<h2>States</h2><p class="states">{self.listing("ccm:State")}</p>
<h2>Meetings</h2><p>{self.listing("ccm:Meeting")}</p>
<h2>Documents named</h2><p>{self.listing("ccm:Document")}</p>
<h2>Saved queries</h2>{table(["name", "what it answers", ""], saved, "saved")}"""
        return layout("ccmkg knowledge graph", body)

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
        if "Document" in types:
            body.append(self.document_section(iri))
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
