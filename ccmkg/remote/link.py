"""`ccmkg link`: our Wikidata links beside an endpoint's items of the same ISO 3166-1 alpha-3 code
(Wikidata's P298). It reads the committed graph and the endpoint, and writes nothing.
"""
from __future__ import annotations

from ..namespaces import WD, prefix_lines
from .endpoint import run_query

P298_QUERY = prefix_lines("wdt") + """SELECT ?iso3 ?item WHERE { VALUES ?iso3 { %s } ?item wdt:P298 ?iso3 }"""
SHIPPED = prefix_lines("ccm", "owl", "skos", "wd") + """SELECT ?iso3 ?item WHERE {
  ?agent ccm:iso3166Alpha3 ?iso3 .
  OPTIONAL { ?agent owl:sameAs|skos:exactMatch|skos:closeMatch ?item
             FILTER(STRSTARTS(STR(?item), STR(wd:))) }
}"""


def shipped_links(store) -> dict[str, set[str]]:
    """ISO alpha-3 -> the Wikidata items our links name (identity or match), from the store."""
    shipped: dict[str, set[str]] = {}
    for row in store.run(SHIPPED, where="links"):
        items = shipped.setdefault(row["iso3"].value, set())
        if row["item"] is not None:
            items.add(row["item"].value[len(str(WD)):])
    return shipped


def endpoint_links(endpoint: str, codes: list[str]) -> dict[str, set[str]]:
    values = " ".join(f'"{code}"' for code in codes if code.isalpha())
    found: dict[str, set[str]] = {}
    for row in run_query(endpoint, P298_QUERY % values, where="ccmkg link (P298)"):
        found.setdefault(row["iso3"].value, set()).add(row["item"].value.rsplit("/", 1)[-1])
    return found


def compare(shipped: dict[str, set[str]], found: dict[str, set[str]]) -> list[tuple[str, str, str, str]]:
    """(kind, iso3, shipped, endpoint) for every difference: `added` (the endpoint has an item
    where we ship none), `changed` (none of its items is one we ship), `missing` (it has none)."""
    out = []
    for iso3 in sorted(shipped):
        ours, theirs = shipped[iso3], found.get(iso3, set())
        if not theirs and ours:
            out.append(("missing", iso3, " ".join(sorted(ours)), ""))
        elif theirs and not ours:
            out.append(("added", iso3, "", " ".join(sorted(theirs))))
        elif theirs and not ours & theirs:
            out.append(("changed", iso3, " ".join(sorted(ours)), " ".join(sorted(theirs))))
    return out
