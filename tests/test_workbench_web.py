"""The workbench's web: per-resource RDF that answers "what does the graph say about X", against a
real `ccmkg serve` process and a real HTTP client. Expected values are read from the document
(data/source/CCM-MSP-2011-5.txt)."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from tests.servers import start_ccmkg, stop

ID = "https://w3id.org/ccmkg/id/"
MSP5 = ID + "doc/CCM-MSP-2011-5/"
CCM = "https://w3id.org/ccmkg/ontology#"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(scope="module")
def server():
    base, process = start_ccmkg()
    yield base
    stop(process)


def get(url: str, accept: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.headers.get_content_type(), response.read()


def triples(body: bytes, media: str) -> set:
    fmt = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.JSON_LD
    return {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(body, format=fmt)}


def objects(graph: set, subject: str, predicate: str) -> set[str]:
    return {o for s, p, o in graph if s == subject and p == predicate}


@pytest.mark.parametrize("accept, query, media", [("text/turtle", "", "text/turtle"),
                                                  ("application/ld+json", "", "application/ld+json"),
                                                  (None, "?format=ttl", "text/turtle"),
                                                  (None, "?format=jsonld", "application/ld+json")])
def test_a_state_comes_with_the_facts_that_point_at_it(server, accept, query, media):
    status, got, body = get(server + "/id/state/LBN" + query, accept)
    assert status == 200 and got == media
    graph = triples(body, media)
    # paragraph 8: "The following 46 parties to the Convention participated ...: ..., Lebanon, ..."
    membership = MSP5 + "list/main__para_8/member/LBN"
    assert objects(graph, membership, CCM + "member") == {ID + "state/LBN"}
    assert objects(graph, membership, CCM + "source") == {MSP5 + "main__para_8"}
    assert objects(graph, membership, CCM + "basis") == {"https://w3id.org/ccmkg/vocab/basis/stated"}
    [selector] = objects(graph, membership, CCM + "quote")
    assert objects(graph, selector, OA + "exact") == {"Lebanon"}
    # paragraph 16: "Adnan Mansour, Minister for Foreign Affairs and Emigrants of the Republic of Lebanon"
    role = MSP5 + "role/adnan-mansour-position"
    assert objects(graph, role, CCM + "roleIn") == {ID + "state/LBN"}
    [selector] = objects(graph, role, CCM + "quote")
    assert objects(graph, selector, OA + "exact") == {
        "Adnan Mansour, Minister for Foreign Affairs and Emigrants of the Republic of Lebanon"}
    # annex II, footnote 39 lists Lebanon among the States parties with article 4 obligations
    finding_members = {s for s, p, o in graph if p == CCM + "member" and o == ID + "state/LBN"
                       and objects(graph, s, CCM + "source") == {MSP5 + "annex_2__fn_39"}}
    assert len(finding_members) == 1
    # obligations where present: derived, with the rule and the facts they come from
    obligations = {s for s, p, o in graph if p == CCM + "bearer" and o == ID + "state/LBN"}
    assert obligations and all(objects(graph, s, CCM + "basis") == {"https://w3id.org/ccmkg/vocab/basis/derived"}
                               and objects(graph, s, CCM + "derivedBy") for s in obligations)


def test_turtle_and_json_ld_hold_the_same_triples(server):
    _, _, ttl = get(server + "/id/state/LBN", "text/turtle")
    _, _, jsonld = get(server + "/id/state/LBN", "application/ld+json")
    assert triples(ttl, "text/turtle") == triples(jsonld, "application/ld+json")


def test_json_ld_is_compact_with_the_published_context(server, two_builds):
    _, _, body = get(server + "/id/state/LBN?format=jsonld")
    document = json.loads(body)
    published = json.loads((two_builds[0] / "dist" / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == published["@context"]
    nodes = {node["@id"]: node for node in document["@graph"]}
    assert document["@graph"][0]["@id"] == "ccmr:state/LBN"  # the resource first
    membership = nodes["ccmr:doc/CCM-MSP-2011-5/list/main__para_8/member/LBN"]
    # short keys, and one value as itself, not as a one-element array
    assert membership["member"] == "ccmr:state/LBN" and membership["source"] == "ccmr:doc/CCM-MSP-2011-5/main__para_8"
    assert membership["@type"] == "ccm:Membership" and membership["asAt"] == "2011-09-13"
    assert nodes[membership["quote"]]["oa:exact"] == "Lebanon"
    assert not any(isinstance(v, list) and len(v) == 1 for node in document["@graph"] for v in node.values())


def test_a_group_comes_with_its_members(server):
    # paragraph 9: "Afghanistan, Bulgaria, Costa Rica, Grenada, Senegal and Swaziland"
    _, _, body = get(server + "/id/doc/CCM-MSP-2011-5/list/main__para_9", "text/turtle")
    graph = triples(body, "text/turtle")
    members = {o.rsplit("/", 1)[-1] for s, p, o in graph if p == CCM + "member"}
    assert members == {"AFG", "BGR", "CRI", "GRD", "SEN", "SWZ"}


def test_the_same_bytes_each_time(server):
    first = get(server + "/id/state/CAN", "text/turtle")[2]
    assert first == get(server + "/id/state/CAN?format=ttl")[2]


def sparql(base: str, query: str) -> tuple[int, str]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


NO_PREFIX = 'SELECT ?s WHERE { ?s ccm:iso3166Alpha3 "LBN" ; ccm:source msp5:main__para_8 }'


def test_sparql_predefines_the_prefix_table(server):
    assert sparql(server, NO_PREFIX) == (200, "s\r\nhttps://w3id.org/ccmkg/id/state/LBN\r\n")
    # a query's own declaration wins over the table's
    status, body = sparql(server, "PREFIX ccm: <http://example.org/other#> " + NO_PREFIX)
    assert status == 200 and body == "s\r\n"
    status, body = sparql(server, "SELECT ?s WHERE { ?s nope:x ?o }")
    assert status == 400 and "unknown prefix 'nope:'" in body and "ccm" in body


def test_without_predefined_prefixes_a_query_declares_its_own():
    base, process = start_ccmkg("--no-predefined-prefixes")
    try:
        status, body = sparql(base, NO_PREFIX)
        assert status == 400 and "unknown prefix 'ccm:'" in body
    finally:
        stop(process)
