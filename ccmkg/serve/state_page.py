"""The sections of a State's page: dated statuses, obligations, findings, roles, documents, identifiers."""
from __future__ import annotations

from html import escape

from .markup import quote_html, short, table, value

EXTERNAL_IDS = ["ccm:iso3166Alpha3", "ccm:iso3166Alpha2", "ccm:iso3166Numeric", "ccm:m49Code",
                "ccm:geonamesId", "owl:sameAs", "skos:exactMatch", "skos:closeMatch"]


class StateSections:
    """Mixed into Pages: needs its `select`."""

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
                  prov:wasDerivedFrom ?fact .
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
