"""README promises of `ccmkg serve` held exactly: 403 for every kind of update, the truncation note
in XML and Turtle (not only JSON), `?format=` for each listed format, a Turtle body parsed and
checked. One server process on a free loopback port, stopped afterwards."""
from __future__ import annotations

import urllib.parse

import pyoxigraph as ox
import pytest

from tests.servers import start_ccmkg, stop

from .test_serve import get, sparql_get

LBN = "https://w3id.org/ccmkg/id/state/LBN"
EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"
NOTE = b"results truncated to the first 50 rows (server limit --max-rows)"


@pytest.fixture(scope="module")
def server():
    base, process = start_ccmkg("--max-rows", "50")
    yield base
    stop(process)


@pytest.mark.parametrize("how, expected", [("update-param", 403), ("update-body", 403),
                                           ("query-text", 400)])
def test_every_update_gets_exactly_403(server, how, expected):
    """An update (the protocol's update= or an application/sparql-update body) gets 403; update
    text sent as a query is not a query, and gets 400 as any malformed query does."""
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if how == "update-param":
        status, _, _ = get(server + "/sparql", None, "POST", urllib.parse.urlencode({"update": update}).encode(),
                           "application/x-www-form-urlencoded")
    elif how == "update-body":
        status, _, _ = get(server + "/sparql", None, "POST", update.encode(), "application/sparql-update")
    else:
        status, _, _ = sparql_get(server, update, "application/sparql-results+json")
    assert status == expected


def test_truncated_xml_results_carry_the_note(server):
    status, headers, body = sparql_get(server, EVERYTHING, "application/sparql-results+xml")
    assert status == 200 and headers["X-Result-Truncated"] == "true; max-rows=50"
    assert b"<!-- " + NOTE + b" -->" in body and body.count(b"<result>") == 50


def test_truncated_turtle_carries_the_note_and_50_triples(server):
    status, headers, body = sparql_get(server, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 200 and headers["X-Result-Truncated"] == "true; max-rows=50"
    assert body.startswith(b"# " + NOTE + b"\n")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 50


@pytest.mark.parametrize("fmt, media", [("json", "application/sparql-results+json"),
                                        ("xml", "application/sparql-results+xml"),
                                        ("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
def test_format_parameter_chooses_the_results_format(server, fmt, media):
    query = f"SELECT ?label WHERE {{ <{LBN}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
    status, headers, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": query, "format": fmt}))
    assert status == 200 and headers.get_content_type() == media and b"Lebanon" in body


@pytest.mark.parametrize("fmt, media, parser", [("ttl", "text/turtle", ox.RdfFormat.TURTLE),
                                                ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD)])
def test_format_parameter_chooses_the_graph_format_and_the_body_parses(server, fmt, media, parser):
    query = f"DESCRIBE <{LBN}>"
    status, headers, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": query, "format": fmt}))
    assert status == 200 and headers.get_content_type() == media
    triples = {q.triple for q in ox.parse(body, format=parser)}
    label = ox.Triple(ox.NamedNode(LBN), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("Lebanon", language="en"))
    assert label in triples and all(t.subject == ox.NamedNode(LBN) for t in triples)


def test_an_iri_dereferences_to_turtle_about_it(server):
    status, headers, body = get(server + "/id/state/LBN", "text/turtle")
    assert status == 200 and headers.get_content_type() == "text/turtle"
    triples = {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert ox.Triple(ox.NamedNode(LBN), ox.NamedNode("https://w3id.org/ccmkg/ontology#iso3166Alpha3"),
                     ox.Literal("LBN")) in triples
