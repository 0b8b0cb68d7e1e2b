"""Readable results: GROUP_CONCAT cells in a fixed order, and tables with prefixed names and labels.

SPARQL gives GROUP_CONCAT no ORDER BY, and engines join the values in the order they meet them,
so the same query on the embedded store and on an Oxigraph server could give the same values in
different orders. ccmkg's runner sorts them: every `GROUP_CONCAT(…; separator="S") AS ?v` of the
query names a column whose cells are split at S, sorted by code point and joined again, for local
and --endpoint results alike. (A subquery with ORDER BY would not do: SPARQL does not promise that
the order of a subquery reaches the aggregate.)
"""
from __future__ import annotations

import json
import re

import pyoxigraph as ox

from .namespaces import prefix_lines, shortened
from .sparql_errors import masked

JSON = ox.QueryResultsFormat.JSON
LABELS = prefix_lines("rdfs", "skos") + """SELECT ?s ?label ?lang ?kind WHERE {
  { ?s rdfs:label ?label BIND (0 AS ?kind) }
  UNION { ?s skos:prefLabel ?label BIND (1 AS ?kind) }
  BIND (LANG(?label) AS ?lang)
  FILTER (isIRI(?s) && (?lang = "" || langMatches(?lang, "en")))
}"""


def concat_columns(text: str) -> dict[str, str]:
    """variable -> separator, for every `GROUP_CONCAT(...) AS ?variable` in the query text."""
    plain = masked(text)  # strings, IRIs and comments blanked at the same positions
    columns = {}
    for match in re.finditer(r"\bGROUP_CONCAT\s*\(", plain, flags=re.IGNORECASE):
        end = closing_paren(plain, match.end())
        named = re.match(r"\s*AS\s+[?$](\w+)", plain[end + 1:], flags=re.IGNORECASE)
        if end < 0 or not named:
            continue
        separator = re.search(r"""separator\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""",
                              text[match.end():end], flags=re.IGNORECASE)
        columns[named.group(1)] = separator.group(1)[1:-1] if separator else " "
    return columns


def closing_paren(text: str, start: int) -> int:
    """The index of the parenthesis closing the one just before `start`, or -1."""
    depth = 1
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return -1


def ordered(results, text: str):
    """The results with the values of each GROUP_CONCAT cell sorted (see the module's note)."""
    columns = {name: sep for name, sep in concat_columns(text).items() if sep}
    if not columns or not isinstance(results, ox.QuerySolutions):
        return results
    data = json.loads(results.serialize(format=JSON))
    for binding in data["results"]["bindings"]:
        for name, separator in columns.items():
            cell = binding.get(name)
            if cell and cell["type"] == "literal":
                cell["value"] = separator.join(sorted(cell["value"].split(separator)))
    return ox.parse_query_results(json.dumps(data).encode("utf-8"), format=JSON)


# ------------------------------------------------------------------ tables

def labels_of(store: ox.Store) -> dict[str, str]:
    """IRI -> one English (or untagged) label: @en before untagged, rdfs:label before
    skos:prefLabel, then the first by code point, so the choice does not depend on the engine."""
    best: dict[str, tuple] = {}
    for row in store.query(LABELS):
        key = (row["lang"].value == "", int(row["kind"].value), row["label"].value)
        iri = row["s"].value
        if iri not in best or key < best[iri]:
            best[iri] = key
    return {iri: key[2] for iri, key in best.items()}


def cell(term, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shortened(term.value, prefixes)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def table(results, prefixes: dict[str, str], labels: dict[str, str] | None = None) -> str:
    """A plain text table; IRIs as prefixed names; with labels, a `NAME_label` column after each
    column that holds an IRI."""
    names = [v.value for v in results.variables]
    solutions = [[row[name] for name in names] for row in results]
    header, columns = [], []
    for index, name in enumerate(names):
        terms = [solution[index] for solution in solutions]
        header.append(name)
        columns.append([cell(term, prefixes) for term in terms])
        if labels is not None and any(isinstance(term, ox.NamedNode) for term in terms):
            header.append(name + "_label")
            columns.append([labels.get(term.value, "") if isinstance(term, ox.NamedNode) else ""
                            for term in terms])
    rows = [list(row) for row in zip(*columns)] if columns else []
    widths = [max([len(h)] + [len(value) for value in column]) for h, column in zip(header, columns)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    out += ["  ".join(value.ljust(w) for value, w in zip(row, widths)).rstrip() for row in rows]
    out.append(f"({len(solutions)} rows)")
    return "\n".join(out) + "\n"


def render_table(results, prefixes: dict[str, str], labels: dict[str, str] | None = None) -> bytes:
    if isinstance(results, ox.QueryBoolean):
        return (str(bool(results)).lower() + "\n").encode()
    if isinstance(results, ox.QueryTriples):
        return results.serialize(format=ox.RdfFormat.TURTLE)
    return table(results, prefixes, labels).encode("utf-8")
