"""The Wikidata-shaped export: the document's treaty statuses as statements a Wikidata editor
can check and accept.

The profile's choices (the README, "The Wikidata profile", says the same for users):
- Only what the text states in the words of a Wikidata property. `P1891` (signatory) for the
  States a place calls signatories. Parties are left out: every place that names parties says
  "ratified or acceded" or "parties" without telling which State did which (footnote 1 counts
  13 ratifications and 1 accession among States it does not tell apart), and `P6193` (ratified
  by) would guess ratification for each of them.
- Statuses the document contradicts elsewhere are left out, not deprecated: deprecated rank says
  a statement is wrong, and the document does not say which of its two places is wrong (Canada is
  a signatory in paragraph 10 and a State party in annex II, footnote 21). The contradictions are
  those of shapes:StatusConflictShape, whose query is run here; the file's header names each
  status left out and the places that contradict it.
- Every reference has the document's address: `P248` (stated in) when the graph links the document
  to a Wikidata item, else `P854` (reference URL) at the UN document system
  (https://undocs.org/ + its symbol); `P958` (section, verse, paragraph, or clause) for the places;
  `P1683` (quote) for the words that give the status and the words that name the State.
- The date the status holds is qualifier `P585` (point in time).
Only items linked by owl:sameAs or skos:exactMatch are used; close matches are different entities.
Statement and reference nodes get IRIs under ccmr:wikidata/ (no blank nodes); Wikidata's own
statement ids are unknown to us.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS

from .. import namespaces
from ..namespaces import ALL_PREFIXES, SH, SHAPES, prefix_lines

WD = str(namespaces.WD)
UNDOCS = "https://undocs.org/"
PROPS = {"signatory": "P1891"}  # the only status the text states in a Wikidata property's words
PREFIXES = {name: ALL_PREFIXES[name] for name in ("wd", "wdt", "p", "ps", "pq", "pr", "prov", "wikibase", "xsd")}
ID = str(namespaces.ID)  # not a prefix of the output: pyoxigraph would escape every "/"
RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)
CONFLICT_CONSTRAINT = str(SHAPES["StatusConflictShape-sparql"])
SH_SELECT = str(SH.select)

STATUSES = prefix_lines("ccm", "dcterms", "oa", "owl", "rdfs", "skos", "instrument", "wd") + """SELECT DISTINCT ?treaty ?item ?state ?iso3 ?status ?statusIri ?date ?source ?sourceLabel ?quote
                ?groupSource ?groupSourceLabel ?groupQuote ?symbol ?docItem WHERE {
  instrument:ccm owl:sameAs|skos:exactMatch ?treaty .
  ?m a ccm:Membership ; ccm:member ?state ; ccm:describedStatus ?statusIri ;
     ccm:asAt ?date ; ccm:source ?source ; ccm:quote/oa:exact ?quote .
  ?statusIri skos:notation ?status .
  ?source rdfs:label ?sourceLabel ; dcterms:isPartOf+ ?doc .
  ?doc dcterms:identifier ?symbol .
  FILTER NOT EXISTS { ?doc dcterms:isPartOf ?whole }
  OPTIONAL { ?doc owl:sameAs|skos:exactMatch ?docItem FILTER(STRSTARTS(STR(?docItem), STR(wd:))) }
  OPTIONAL { ?m ccm:group ?group . ?group ccm:source ?groupSource ; ccm:quote/oa:exact ?groupQuote .
             ?groupSource rdfs:label ?groupSourceLabel }
  ?state ccm:iso3166Alpha3 ?iso3 ; owl:sameAs|skos:exactMatch ?item .
  FILTER(STRSTARTS(STR(?item), STR(wd:)) && STRSTARTS(STR(?treaty), STR(wd:)))
}"""


def conflict_query(shapes: Path) -> str:
    """The SELECT of shapes:StatusConflictShape, read from the shapes folder: one rule of what
    contradicts what, for the validator and for this profile."""
    for path in sorted(shapes.glob("*.ttl")):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if quad.subject == ox.NamedNode(CONFLICT_CONSTRAINT) and quad.predicate == ox.NamedNode(SH_SELECT):
                return quad.object.value
    raise LookupError(f"{shapes}: no sh:select for {CONFLICT_CONSTRAINT}")


def contradictions(store: ox.Store, shapes: Path) -> dict[tuple[str, str, str], set[str]]:
    """(state, status, source) -> the places that contradict that status, both sides of every
    conflict the shape finds."""
    found: dict[tuple[str, str, str], set[str]] = {}
    for row in store.query(conflict_query(shapes)):
        state = row["this"].value
        sources, others = row["sources"].value.split(), row["otherSources"].value.split()
        for source in sources:
            found.setdefault((state, row["value"].value, source), set()).update(others)
        for source in others:
            found.setdefault((state, row["other"].value, source), set()).update(sources)
    return found


def statements(store: ox.Store, shapes: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The rows to export, and one line for each status left out because another place
    contradicts it."""
    contradicted = contradictions(store, shapes)
    rows, left_out = [], set()
    for row in store.query(STATUSES):
        values = {k: (row[k].value if row[k] is not None else "") for k in (
            "treaty", "item", "state", "iso3", "status", "statusIri", "date", "source", "sourceLabel",
            "quote", "groupSource", "groupSourceLabel", "groupQuote", "symbol", "docItem")}
        if values["status"] not in PROPS:
            continue
        against = contradicted.get((values["state"], values["statusIri"], values["source"]))
        if against:
            left_out.add(f"{values['iso3']} {values['status']} as at {values['date']} ({values['sourceLabel']}),"
                         f" contradicted by {'; '.join(sorted(label(store, s) for s in against))}")
            continue
        rows.append(values | {"prop": PROPS[values["status"]]})
    return rows, sorted(left_out)


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def label(store: ox.Store, iri: str) -> str:
    """A place's label ("Annex II, footnote 21"), else the end of its IRI."""
    for quad in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDFS_LABEL), None):
        return quad.object.value
    return short(iri)


def profile(turtle_bytes: bytes | None = None, store: ox.Store | None = None, *, shapes: Path) -> bytes:
    """Turtle in Wikidata's RDF shape, sorted N-Triples style lines under prefixes; from the
    graph's Turtle, or from a store that holds it already (the build's: no second parse)."""
    if store is None:
        store = ox.Store()
        store.bulk_load(turtle_bytes, format=ox.RdfFormat.TURTLE)
    rows, left_out = statements(store, shapes)
    triples: set[tuple] = set()
    for row in rows:
        add_statement(triples, row)
    # pyoxigraph writes triples in the order given, grouping a subject's consecutive triples:
    # sorted input makes the bytes depend only on the triples.
    graph = sorted((ox.Triple(*t) for t in triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    lines = ox.serialize(graph, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8").splitlines()
    prefixes = sorted(line for line in lines if line.startswith("@prefix"))  # its order is a hash map's
    body = [line for line in lines if not line.startswith("@prefix")]
    header = ["# ccmkg's Wikidata profile of CCM/MSP/2011/5 (README, \"The Wikidata profile\").",
              "# Signatories only: the text never tells which party ratified and which acceded.",
              "# Left out, because another place of the document contradicts them:"]
    header += [f"#   {line}" for line in left_out] or ["#   (nothing)"]
    return ("\n".join(header + prefixes + [""] + body) + "\n").encode("utf-8")


def add_statement(triples: set, row: dict) -> None:
    n, lit = ox.NamedNode, ox.Literal
    treaty_q = row["treaty"][len(WD):]
    item_q = row["item"][len(WD):]
    prop = row["prop"]
    date = row["date"]
    statement = n(f"{ID}wikidata/statement/{treaty_q}-{prop}-{item_q}-{date}")
    reference = n(f"{ID}wikidata/reference/{treaty_q}-{prop}-{item_q}-{date}-{short(row['source'])}")
    treaty, item = n(row["treaty"]), n(row["item"])
    p = PREFIXES
    triples.add((treaty, n(p["wdt"] + prop), item))
    triples.add((treaty, n(p["p"] + prop), statement))
    triples.add((statement, n(RDF_TYPE), n(p["wikibase"] + "Statement")))
    triples.add((statement, n(p["wikibase"] + "rank"), n(p["wikibase"] + "NormalRank")))
    triples.add((statement, n(p["ps"] + prop), item))
    # Wikidata writes dates as xsd:dateTime at midnight UTC; the same form joins with its data.
    triples.add((statement, n(p["pq"] + "P585"), lit(f"{date}T00:00:00Z", datatype=n(p["xsd"] + "dateTime"))))
    triples.add((statement, n(p["prov"] + "wasDerivedFrom"), reference))
    triples.add((reference, n(RDF_TYPE), n(p["wikibase"] + "Reference")))
    if row["docItem"]:
        triples.add((reference, n(p["pr"] + "P248"), n(row["docItem"])))
    else:  # no Wikidata item for the document: its address at the UN document system
        triples.add((reference, n(p["pr"] + "P854"), n(UNDOCS + row["symbol"])))
    places = [row["groupSourceLabel"], row["sourceLabel"]] if row["groupSource"] not in ("", row["source"]) \
        else [row["sourceLabel"]]
    triples.add((reference, n(p["pr"] + "P958"), lit("; ".join(places))))
    for quote in {row["groupQuote"], row["quote"]} - {""}:
        triples.add((reference, n(p["pr"] + "P1683"), lit(quote, language="en")))
