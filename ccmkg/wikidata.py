"""The Wikidata-shaped export: the document's treaty statuses as Wikidata statements.

Each dated status a membership states becomes a statement on the Convention's item, the way
Wikidata writes treaty participation: `P1891` (signatory) for States the text calls signatories,
`P6193` (ratified by) for States it calls parties (ratified or acceded: Wikidata has one property
for both), the date as qualifier `P585` (point in time), and a reference (`prov:wasDerivedFrom`)
whose `P854` (reference URL) is our paragraph or footnote and `P1683` (quote) its exact words.
Only items linked by owl:sameAs or skos:exactMatch are used; close matches are different entities.
Statement and reference nodes get IRIs under ccmr:wikidata/ (no blank nodes); Wikidata's own
statement ids are unknown to us.
"""
from __future__ import annotations

import pyoxigraph as ox

WD = "http://www.wikidata.org/entity/"
PROPS = {"signatory": "P1891", "party": "P6193", "in-force": "P6193", "ratified-not-in-force": "P6193"}
PREFIXES = {"wd": WD, "wdt": "http://www.wikidata.org/prop/direct/", "p": "http://www.wikidata.org/prop/",
            "ps": "http://www.wikidata.org/prop/statement/", "pq": "http://www.wikidata.org/prop/qualifier/",
            "pr": "http://www.wikidata.org/prop/reference/", "prov": "http://www.w3.org/ns/prov#",
            "wikibase": "http://wikiba.se/ontology#", "xsd": "http://www.w3.org/2001/XMLSchema#",
            }
ID = "https://w3id.org/ccmkg/id/"  # not a prefix of the output: pyoxigraph would escape every "/"

STATUSES = """
PREFIX ccm: <https://w3id.org/ccmkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?treaty ?item ?iso3 ?status ?date ?source ?quote WHERE {
  <https://w3id.org/ccmkg/id/instrument/ccm> owl:sameAs|skos:exactMatch ?treaty .
  ?m a ccm:Membership ; ccm:member ?state ; ccm:describedStatus/skos:notation ?status ;
     ccm:asAt ?date ; ccm:source ?source ; ccm:quote/oa:exact ?quote .
  ?state ccm:iso3166Alpha3 ?iso3 ; owl:sameAs|skos:exactMatch ?item .
  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/")
         && STRSTARTS(STR(?treaty), "http://www.wikidata.org/entity/"))
}"""


def statements(store: ox.Store) -> list[dict[str, str]]:
    rows = []
    for row in store.query(STATUSES):
        status = row["status"].value
        if status in PROPS:
            rows.append({k: row[k].value for k in ("treaty", "item", "iso3", "date", "source", "quote")}
                        | {"prop": PROPS[status]})
    return rows


def profile(turtle_bytes: bytes | None = None, store: ox.Store | None = None) -> bytes:
    """Turtle in Wikidata's RDF shape, sorted N-Triples style lines under prefixes; from the
    graph's Turtle, or from a store that holds it already (the build's: no second parse)."""
    if store is None:
        store = ox.Store()
        store.bulk_load(turtle_bytes, format=ox.RdfFormat.TURTLE)
    triples: set[tuple] = set()
    for row in statements(store):
        add_statement(triples, row)
    # pyoxigraph writes triples in the order given, grouping a subject's consecutive triples:
    # sorted input makes the bytes depend only on the triples.
    graph = sorted((ox.Triple(*t) for t in triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    lines = ox.serialize(graph, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8").splitlines()
    prefixes = sorted(line for line in lines if line.startswith("@prefix"))  # its order is a hash map's
    body = [line for line in lines if not line.startswith("@prefix")]
    return ("\n".join(prefixes + [""] + body) + "\n").encode("utf-8")


def add_statement(triples: set, row: dict) -> None:
    n, lit = ox.NamedNode, ox.Literal
    treaty_q = row["treaty"][len(WD):]
    item_q = row["item"][len(WD):]
    prop = row["prop"]
    date = row["date"]
    statement = n(f"{ID}wikidata/statement/{treaty_q}-{prop}-{item_q}-{date}")
    part = row["source"].rsplit("/", 1)[-1]
    reference = n(f"{ID}wikidata/reference/{treaty_q}-{prop}-{item_q}-{date}-{part}")
    treaty, item = n(row["treaty"]), n(row["item"])
    p = PREFIXES
    triples.add((treaty, n(p["wdt"] + prop), item))
    triples.add((treaty, n(p["p"] + prop), statement))
    triples.add((statement, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(p["wikibase"] + "Statement")))
    triples.add((statement, n(p["wikibase"] + "rank"), n(p["wikibase"] + "NormalRank")))
    triples.add((statement, n(p["ps"] + prop), item))
    # Wikidata writes dates as xsd:dateTime at midnight UTC; the same form joins with its data.
    triples.add((statement, n(p["pq"] + "P585"), lit(f"{date}T00:00:00Z", datatype=n(p["xsd"] + "dateTime"))))
    triples.add((statement, n(p["prov"] + "wasDerivedFrom"), reference))
    triples.add((reference, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(p["wikibase"] + "Reference")))
    triples.add((reference, n(p["pr"] + "P854"), n(row["source"])))
    triples.add((reference, n(p["pr"] + "P1683"), lit(row["quote"], language="en")))

