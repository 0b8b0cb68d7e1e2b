"""Exports of dist/: deterministic bytes, isomorphic formats, strict parsing, and the links."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from .conftest import read_csv

STRICT = {"ccm.ttl": ox.RdfFormat.TURTLE, "ccm.nt": ox.RdfFormat.N_TRIPLES, "ccm.trig": ox.RdfFormat.TRIG,
          "ccm.jsonld": ox.RdfFormat.JSON_LD, "void.ttl": ox.RdfFormat.TURTLE,
          "ccm.wikidata.ttl": ox.RdfFormat.TURTLE}


@pytest.fixture(scope="module")
def dists(two_builds):
    return [out / "dist" for out in two_builds]


def test_every_format_is_written(dists):
    names = {p.name for p in dists[0].iterdir()}
    assert set(STRICT) | {"context.jsonld", "participants.csv", "findings.csv", "coordinators.csv",
                          "decisions.csv", "documents.csv"} <= names


def test_two_builds_give_the_same_bytes_in_every_dist_file(dists):
    for first in sorted(dists[0].iterdir()):
        assert first.read_bytes() == (dists[1] / first.name).read_bytes(), first.name


@pytest.mark.parametrize("name", sorted(STRICT))
def test_parses_with_pyoxigraph_strict_parser(dists, name):
    assert list(ox.parse(path=str(dists[0] / name), format=STRICT[name]))


@pytest.mark.parametrize("name,fmt", [("ccm.nt", "nt"), ("ccm.jsonld", "json-ld")])
def test_round_trip_is_isomorphic_with_turtle(dists, name, fmt):
    turtle = Graph().parse(dists[0] / "ccm.ttl", format="turtle")
    other = Graph().parse(dists[0] / name, format=fmt)
    assert len(turtle) == len(other)
    assert isomorphic(turtle, other)


def test_trig_holds_the_same_triples(dists):
    quads = ox.parse(path=str(dists[0] / "ccm.trig"), format=ox.RdfFormat.TRIG)
    triples = ox.parse(path=str(dists[0] / "ccm.nt"), format=ox.RdfFormat.N_TRIPLES)
    assert {(q.subject, q.predicate, q.object) for q in quads} == {(t.subject, t.predicate, t.object) for t in triples}


def test_nt_lines_are_sorted(dists):
    lines = (dists[0] / "ccm.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_csv_participants_match_the_saved_query(dists):
    rows = read_csv((dists[0] / "participants.csv").read_text(encoding="utf-8"))
    assert len(rows) > 100 and {"entity", "name", "iso3", "capacity"} <= set(rows[0])


def test_void_counts_the_triples(dists):
    store = ox.Store()
    store.load(path=str(dists[0] / "void.ttl"), format=ox.RdfFormat.TURTLE)
    [row] = store.query("""PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?n ?license WHERE { ?d void:triples ?n ; dcterms:license ?license ; void:vocabulary ?v }
        LIMIT 1""")
    assert int(row["n"].value) == len(list(ox.parse(path=str(dists[0] / "ccm.nt"), format=ox.RdfFormat.N_TRIPLES)))


# ------------------------------------------------------------------------------------ links
def test_every_state_has_iso_m49_and_wikidata(select):
    rows = select("""SELECT ?s ?a2 ?num ?m49 ?geo ?wd WHERE { ?s a ccm:State .
        OPTIONAL { ?s ccm:iso3166Alpha2 ?a2 } OPTIONAL { ?s ccm:iso3166Numeric ?num }
        OPTIONAL { ?s ccm:m49Code ?m49 } OPTIONAL { ?s ccm:geonamesId ?geo }
        OPTIONAL { ?s owl:sameAs|skos:exactMatch ?wd FILTER(STRSTARTS(STR(?wd), "http://www.wikidata.org/entity/")) } }""")
    assert len({r["s"] for r in rows}) == 137  # 136 in the participant lists and footnotes, and Libya (Annex II para 22)
    assert [r["s"] for r in rows if not all(r.values())] == []


@pytest.mark.parametrize("subject,item", [("state/VAT", "Q237"), ("state/NLD", "Q55"), ("state/DNK", "Q35"),
                                          ("entity/PSE", "Q219060")])
def test_no_owl_same_as_where_the_entities_differ(select, subject, item):
    """The Holy See is not Vatican City; the Kingdoms are not their European countries; the
    document's Palestine is not asserted identical to the State of Palestine."""
    rows = select(f"""SELECT ?r WHERE {{ <https://w3id.org/ccmkg/id/{subject}> ?r <http://www.wikidata.org/entity/{item}> }}""")
    assert [r["r"] for r in rows] == ["http://www.w3.org/2004/02/skos/core#closeMatch"]


def test_holy_see_is_the_holy_see(select):
    rows = select("SELECT ?i WHERE { <https://w3id.org/ccmkg/id/state/VAT> owl:sameAs ?i }")
    assert [r["i"] for r in rows] == ["http://www.wikidata.org/entity/Q159583"]


def test_merged_turtle_reuses_blocks_and_equals_the_turtle_of_the_union():
    """ccm.ttl is assembled from the data files' blocks; it must be the bytes turtle() writes for
    the union: a subject in two graphs, a subject in one, a graph bound to other prefixes."""
    from rdflib import RDFS, Literal, URIRef

    from ccmkg.export import TurtleBlocks, merged_turtle, turtle
    from ccmkg.facts.base import bind_prefixes
    from ccmkg.triples import TripleSet

    lbn, fra = URIRef("https://w3id.org/ccmkg/id/state/LBN"), URIRef("https://w3id.org/ccmkg/id/state/FRA")
    agents = bind_prefixes(TripleSet([(lbn, RDFS.label, Literal("Lebanon", lang="en")),
                                      (fra, RDFS.label, Literal("France", lang="en"))]))
    links = bind_prefixes(TripleSet([(lbn, RDFS.seeAlso, URIRef("http://www.wikidata.org/entity/Q822"))]))
    other = TripleSet([(fra, RDFS.comment, Literal("a \"quoted\"\nline"))], namespaces=[("r", str(RDFS))])
    union = bind_prefixes(TripleSet(set(agents) | set(links) | set(other)))
    parts = [TurtleBlocks(agents), TurtleBlocks(links), TurtleBlocks(other)]
    assert merged_turtle(union, parts) == turtle(union)
    assert merged_turtle(union, parts[:1]) == turtle(union)
    assert b'"a \\"quoted\\"\\nline"' in turtle(union)
