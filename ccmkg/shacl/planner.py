"""Planning and running the compiled queries on pyoxigraph, and the SHACL-SPARQL cross-checks
(shapes with sh:sparql) as plain SELECTs."""
from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox

from .compiled import TYPE_PATH, CoreQuery
from .results import Result

SIZE_QUERIES = (
    ("class", f"SELECT ?x (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?x {{ {{}} }} ?s {TYPE_PATH} ?x }} GROUP BY ?x"),
    ("subjectsOf", "SELECT ?x (COUNT(*) AS ?n) WHERE { VALUES ?x { {} } ?s ?x ?o } GROUP BY ?x"))


def sizes(store: ox.Store, queries: list[CoreQuery]) -> dict[tuple[str, str], int]:
    """The instances of each target class and the triples of each predicate the two-form queries
    start from (two counting queries, a few ms)."""
    both = [q for q in queries if q.focus_first]
    iris = {"class": sorted({iri for q in both for kind, iri in q.targets if kind == "class"}),
            "subjectsOf": sorted({q.predicate for q in both} | {iri for q in both for kind, iri in q.targets
                                                                  if kind == "subjectsOf"})}
    counts: dict[tuple[str, str], int] = {}
    for kind, query in SIZE_QUERIES:
        if iris[kind]:
            values = " ".join(f"<{iri}>" for iri in iris[kind])
            for row in store.query(query.replace("{ {} }", "{ " + values + " }")):
                counts[(kind, row["x"].value)] = int(row["n"].value)
    return counts


def plan(store: ox.Store, queries: list[CoreQuery]) -> list[str]:
    """The form of each query to run. A query that has two starts from the smaller side: from the
    triples of the path's first predicate when there are at most twice as many as focus nodes
    (a class with many instances, ccm:Fact), from the focus nodes otherwise (ccm:Annex and
    ccm:number, which most text parts have)."""
    counts = sizes(store, queries)
    chosen = []
    for q in queries:
        if q.focus_first:
            focus = sum(counts.get(target, 0) for target in q.targets)
            path_first = counts.get(("subjectsOf", q.predicate), 0) <= 2 * focus
            chosen.append(q.query if path_first else q.focus_first)
        else:
            chosen.append(q.query)
    return chosen


def core_results(store: ox.Store, queries: list[CoreQuery]) -> list[Result]:
    """Every result of the compiled queries."""
    return [result for _, result in component_results(store, queries)]


def component_results(store: ox.Store, queries: list[CoreQuery]) -> list[tuple[str, Result]]:
    """Every result of the compiled queries with the constraint component that gave it ("minCount",
    "class", ...). A query with a prefilter (the same test on the path for every node, focus node
    or not) that several shapes share (rdfs:label, one English label), or that is to run path
    first anyway, is asked once: where no node fails it, which is the rule, none of the queries
    that share it needs to run."""
    out = []
    shared = Counter(q.prefilter for q in queries if q.prefilter)
    asked: dict[str, bool] = {}
    for q, query in zip(queries, plan(store, queries)):
        if q.prefilter and (shared[q.prefilter] > 1 or query == q.query):
            if q.prefilter not in asked:
                asked[q.prefilter] = bool(store.query(q.prefilter))
            if not asked[q.prefilter]:
                continue
        out += rows_to_results(q, store.query(query))
    return out


def rows_to_results(q: CoreQuery, rows) -> list[tuple[str, Result]]:
    out = []
    counts = q.components[0] in ("minCount", "maxCount")
    for row in rows:
        focus = term_text(row["this"])
        value = "" if counts else term_text(row["value"]) if q.path else focus
        result = Result(q.severity, q.shape, focus, q.message, q.path, value)
        if q.flagged:  # one result per constraint the value fails (pySHACL does the same)
            out += [(c, result) for i, c in enumerate(q.components) if row[f"f{i}"].value == "true"]
        else:
            out.append((q.components[0], result))
    return out


def check_results(store: ox.Store, checks) -> list[Result]:
    """The results of the SHACL-SPARQL checks: (shape, severity, message template, SELECT)."""
    out = []
    for shape, severity, message, query in checks:
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            values = {name: sorted_list(row[name]) for name in names if row[name] is not None}
            out.append(Result(severity, str(shape), term_text(values.get("this")),
                              fill(message, values), term_text(values.get("path")),
                              term_text(values.get("value"))))
    return out


def sorted_list(term):
    """A literal of space-separated IRIs (a GROUP_CONCAT of sources, in an order SPARQL leaves
    open) with its IRIs sorted, so that a message reads the same on every run."""
    if isinstance(term, ox.Literal) and " " in term.value:
        parts = term.value.split(" ")
        if all(re.match(r"[a-z][a-z0-9+.-]*:\S+$", part) for part in parts):
            return ox.Literal(" ".join(sorted(parts)))
    return term


def fill(template: str, values: dict) -> str:
    """sh:message templates: {?var} and {$this} take the row's values."""
    return re.sub(r"\{[?$](\w+)\}", lambda m: term_text(values.get(m.group(1))), template)


def term_text(term) -> str:
    return "" if term is None else term.value
