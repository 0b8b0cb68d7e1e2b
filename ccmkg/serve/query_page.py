"""The query page: the form, the picker of saved queries, the query it opens with."""
from __future__ import annotations

from html import escape

from ..namespaces import BASE
from .markup import layout, table


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
<div id="results" data-autorun="{"yes" if run else "no"}" data-base="{escape(BASE)}"></div>
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
