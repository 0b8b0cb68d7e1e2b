"""`ccmkg serve` over real HTTP: a server process on a free loopback port, asked with urllib."""
from __future__ import annotations

import csv
import io
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import ROOT, oxigraph_binary, start_ccmkg, start_oxigraph, stop

BASE_IRI = "https://w3id.org/ccmkg/"
COUNT_STATES = "PREFIX ccm: <https://w3id.org/ccmkg/ontology#> SELECT (COUNT(?s) AS ?n) WHERE { ?s a ccm:State }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server():
    # small limits so that the cap and the timeout are quick to reach
    base, process = start_ccmkg("--timeout-s", "2", "--max-rows", "50", "--max-body", "4096", "--cors", "*")
    yield base
    stop(process)


def get(url: str, accept: str | None = None, method: str = "GET", data: bytes | None = None,
        content_type: str | None = None):
    """(status, headers, body) without raising on 4xx/5xx."""
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", content_type)) if v}
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def sparql_get(base: str, query: str, accept: str):
    return get(base + "/sparql?" + urllib.parse.urlencode({"query": query}), accept)


# -- SPARQL protocol -------------------------------------------------------------------------

@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values")])
def test_select_in_each_results_format(server, accept, media):
    status, headers, body = sparql_get(server, COUNT_STATES, accept)
    assert status == 200 and headers.get_content_type() == media
    assert b"137" in body


def test_select_by_post_form_and_by_post_query(server):
    form = urllib.parse.urlencode({"query": COUNT_STATES}).encode()
    status, _, body = get(server + "/sparql", "application/sparql-results+json", "POST", form,
                          "application/x-www-form-urlencoded")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "137"
    status, _, body = get(server + "/sparql", "text/csv", "POST", COUNT_STATES.encode(), "application/sparql-query")
    assert status == 200 and list(csv.reader(io.StringIO(body.decode())))[1] == ["137"]


def test_ask(server):
    status, _, body = sparql_get(server, "ASK { <https://w3id.org/ccmkg/id/state/LBN> ?p ?o }",
                                 "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("accept, media, marker", [("text/turtle", "text/turtle", b"@prefix"),
                                                   ("application/ld+json", "application/ld+json", b'"@id"')])
def test_construct_and_describe_as_turtle_or_jsonld(server, accept, media, marker):
    for query in ["CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/ccmkg/id/state/LBN> AS ?s) ?s ?p ?o }",
                  "DESCRIBE <https://w3id.org/ccmkg/id/state/LBN>"]:
        status, headers, body = sparql_get(server, query, accept)
        assert status == 200 and headers.get_content_type() == media
        assert marker in body and b"Lebanon" in body


def test_rows_are_capped_and_the_response_says_so(server):
    status, headers, body = sparql_get(server, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    data = json.loads(body)
    assert status == 200 and len(data["results"]["bindings"]) == 50
    assert headers["X-Result-Truncated"] == "true; max-rows=50"
    assert "truncated" in data["warning"]


def test_small_results_are_not_marked_truncated(server):
    _, headers, _ = sparql_get(server, COUNT_STATES, "application/sparql-results+json")
    assert headers["X-Result-Truncated"] is None


def test_runaway_query_is_cut_and_the_server_keeps_serving(server):
    started = time.monotonic()
    status, _, body = sparql_get(server, RUNAWAY, "application/sparql-results+json")
    assert status == 503 and b"longer than 2 s" in body
    assert time.monotonic() - started < 10
    # the killed worker is replaced; queries go on being answered
    for _ in range(5):
        status, _, body = sparql_get(server, COUNT_STATES, "text/csv")
        assert status == 200 and b"137" in body


@pytest.mark.parametrize("how", ["update-param", "update-body", "query-text"])
def test_updates_are_refused(server, how):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if how == "update-param":
        status, _, body = get(server + "/sparql", None, "POST", urllib.parse.urlencode({"update": update}).encode(),
                              "application/x-www-form-urlencoded")
    elif how == "update-body":
        status, _, body = get(server + "/sparql", None, "POST", update.encode(), "application/sparql-update")
    else:
        status, _, body = sparql_get(server, update, "application/sparql-results+json")
    assert 400 <= status < 500
    _, _, after = sparql_get(server, "ASK { <urn:a> ?p ?o }", "application/sparql-results+json")
    assert json.loads(after)["boolean"] is False


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_graph_store_writes_are_refused(server, method):
    status, headers, _ = get(server + "/data?default", None, method, b"<urn:a> <urn:b> <urn:c> .", "text/turtle")
    assert status == 405 and "POST" in headers["Allow"]


def test_post_outside_sparql_is_refused(server):
    status, _, _ = get(server + "/data?default", None, "POST", b"<urn:a> <urn:b> <urn:c> .", "text/turtle")
    assert status == 405


def test_request_bodies_are_capped(server):
    big = urllib.parse.urlencode({"query": "ASK {}" + " " * 10000}).encode()
    status, _, body = get(server + "/sparql", None, "POST", big, "application/x-www-form-urlencoded")
    assert status == 413 and b"4096" in body


@pytest.mark.parametrize("query, status", [("SELEC * WHERE {}", 400), ("", 400)])
def test_bad_queries_are_4xx_without_traceback(server, query, status):
    got, _, body = sparql_get(server, query, "application/sparql-results+json")
    assert got == status and b"Traceback" not in body and body.startswith(f"{status} ".encode())


def test_unacceptable_format_is_406(server):
    status, _, _ = sparql_get(server, COUNT_STATES, "image/png")
    assert status == 406


def test_cors_header_when_configured(server):
    _, headers, _ = sparql_get(server, COUNT_STATES, "text/csv")
    assert headers["Access-Control-Allow-Origin"] == "*"


# -- linked data --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/id/state/LBN", "/id/doc/CCM-MSP-2011-5/annex_2__para_29",
                                  "/id/doc/CCM-MSP-2011-5/annex_2__fn_8", "/id/doc/CCM-MSP-2011-5/finding/8",
                                  "/id/meeting/msp-2", "/id/doc/CCM-MSP-2011-WP.1-Rev.1", "/vocab/theme/clearance"])
@pytest.mark.parametrize("accept, media", [("text/html", "text/html"), ("text/turtle", "text/turtle"),
                                           ("application/ld+json", "application/ld+json")])
def test_iris_dereference_by_content_negotiation(server, path, accept, media):
    status, headers, body = get(server + path, accept)
    assert status == 200 and headers.get_content_type() == media
    assert headers["Vary"] == "Accept"
    if media == "text/html":
        assert (BASE_IRI + path[1:]).encode() in body
    else:  # compact IRIs in JSON-LD, prefixed names in Turtle: the parsed triples name it
        import pyoxigraph as ox
        fmt = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.JSON_LD
        assert ox.NamedNode(BASE_IRI + path[1:]) in {t.subject for t in ox.parse(body, format=fmt)}


def test_kept_alive_connection_answers_repeated_requests_promptly(server):
    # one connection, as a client with keep-alive makes: each reply is whole (Content-Length),
    # the same bytes each time (pages are kept), HEAD has no body, and no reply waits for a
    # delayed ACK (Nagle's algorithm held each one ~40 ms: 30 requests took over a second)
    import http.client
    port = int(server.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    bodies = {}
    started = time.perf_counter()
    for _ in range(10):
        for method, accept in [("GET", "text/html"), ("GET", "text/turtle"), ("HEAD", "text/html")]:
            connection.request(method, "/id/state/LBN", headers={"Accept": accept})
            response = connection.getresponse()
            body = response.read()
            assert response.status == 200 and response.headers.get_content_type() == accept
            assert not response.will_close
            if method == "HEAD":
                assert body == b"" and int(response.headers["Content-Length"]) == len(bodies["text/html"])
            else:
                assert len(body) == int(response.headers["Content-Length"])
                assert bodies.setdefault(accept, body) == body
    assert time.perf_counter() - started < 1.0
    connection.close()


def test_turtle_of_a_resource_holds_its_triples(server):
    import pyoxigraph as ox
    _, _, body = get(server + "/id/doc/CCM-MSP-2011-5/finding/8", "text/turtle")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    exacts = [t.object.value for t in triples if t.predicate.value == "http://www.w3.org/ns/oa#exact"]
    assert any(e.startswith("seven States parties") for e in exacts)  # the quote selector (#quote) comes along


def test_a_decision_page(server):
    status, _, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": (
        "PREFIX ccm: <https://w3id.org/ccmkg/ontology#> SELECT ?d WHERE { ?d a ccm:Decision } LIMIT 1")}), "text/csv")
    decision = body.decode().splitlines()[1]
    status, _, page = get(server + "/" + decision[len(BASE_IRI):], "text/html")
    assert status == 200 and b"Properties" in page


@pytest.mark.parametrize("path", ["/id/state/XXX", "/id/nothing", "/vocab/nothing", "/nowhere",
                                  "/id/state/LBN%3E%20%3Fp%20%3Fo", "/static/../server.py",
                                  "/static/%2e%2e/server.py", "/queries/../README.md.rq"])
def test_unknown_paths_are_404(server, path):
    status, _, body = get(server + path, "text/html")
    assert status == 404 and b"Traceback" not in body


def test_path_traversal_with_raw_dots_is_404(server):
    port = int(server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /static/../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 404") and b"root:" not in reply


def test_state_page_shows_statuses_findings_quotes_and_links(server):
    _, _, body = get(server + "/id/state/LBN", "text/html")
    page = body.decode()
    for expected in ["Lebanon", "Capacity and dated statuses", "2011-08-20", "Findings about it",
                     'href="/id/doc/CCM-MSP-2011-5/annex_2__fn_', 'href="/id/doc/CCM-MSP-2011-5/annex_2__para_',
                     "<mark>", "Roles", "External identifiers", "LBN"]:
        assert expected in page, expected


def test_footnote_page_marks_quoted_spans(server):
    _, _, body = get(server + "/id/doc/CCM-MSP-2011-5/annex_2__fn_8", "text/html")
    page = body.decode()
    assert '<a class="q" href="/id/doc/CCM-MSP-2011-5/finding/8/member/' in page and "<mark>" in page


def test_home_page_has_counts_matrix_and_saved_queries(server):
    _, _, body = get(server + "/", "text/html")
    page = body.decode()
    assert "137</strong> States" in page and "<svg" in page and '/query?saved=participants' in page


def test_saved_query_runs_from_its_link(server):
    status, _, body = get(server + "/query?saved=state-profile", "text/html")
    assert status == 200 and b'VALUES ?state { &quot;LBN&quot; }  # example value' in body
    status, _, text = get(server + "/queries/state-profile.rq")
    _, _, rows = sparql_get(server, text.decode(), "text/csv")
    assert status == 200 and b"LBN" in rows


def test_matrix_svg(server):
    status, headers, body = get(server + "/matrix.svg")
    assert status == 200 and headers.get_content_type() == "image/svg+xml"
    assert b'href="/id/state/LBN"' in body


def test_obligations_svg_has_a_legend_and_links(server):
    status, headers, body = get(server + "/obligations.svg")
    assert status == 200 and headers.get_content_type() == "image/svg+xml"
    assert b'href="/id/state/DEU"' in body and b"Furthest progress reported" in body
    assert b"art. 3 (2)" in body and b"needs assistance" in body


def test_state_page_shows_its_obligations_with_quotes(server):
    _, _, body = get(server + "/id/state/JPN", "text/html")
    page = body.decode()
    section = page[page.index("Obligations under the Convention"):page.index("Findings about it")]
    # footnote 11: "one State party¹¹ has initiated a tendering process"
    assert "tendering process initiated" in section and "has initiated a tendering process" in section
    assert 'href="/id/rule/obligation-progress"' in section


@pytest.mark.parametrize("accept, media, marker", [("text/html", "text/html", b"State"),
                                                   ("text/turtle", "text/turtle", b"owl:Ontology"),
                                                   ("application/ld+json", "application/ld+json", b"@id")])
def test_ontology_documentation(server, accept, media, marker):
    status, headers, body = get(server + "/ontology", accept)
    assert status == 200 and headers.get_content_type() == media and marker in body


def test_static_files_are_served_from_the_package(server):
    status, headers, body = get(server + "/static/query.js")
    assert status == 200 and "javascript" in headers["Content-Type"] and b"/sparql" in body
    _, _, page = get(server + "/query", "text/html")
    assert not re.search(rb'<(script|link)[^>]+(src|href)="(https?:)?//', page)  # nothing from a CDN


# -- external endpoint ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server (PyPI package oxigraph, test extra) is not installed")
    endpoint, oxigraph = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    base, process = start_ccmkg("--endpoint", endpoint + "/query", "--max-rows", "50")
    yield base
    stop(process)
    stop(oxigraph)


def test_endpoint_mode_serves_pages_and_queries_from_the_remote_store(remote):
    status, _, body = sparql_get(remote, COUNT_STATES, "text/csv")
    assert status == 200 and b"137" in body
    status, headers, body = sparql_get(remote, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 50 and headers["X-Result-Truncated"]
    status, _, page = get(remote + "/id/state/LBN", "text/html")
    assert status == 200 and b"Lebanon" in page and b"Findings about it" in page
    status, _, ttl = get(remote + "/id/state/LBN", "text/turtle")
    assert status == 200 and b"Lebanon" in ttl
    assert get(remote + "/id/state/XXX", "text/html")[0] == 404


def test_endpoint_mode_reports_a_bad_query_as_4xx(remote):
    status, _, body = sparql_get(remote, "SELEC", "application/sparql-results+json")
    assert status == 400 and b"Traceback" not in body


def test_default_bind_is_loopback():
    from ccmkg.cli import parser
    args = parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000 and args.timeout_s == 10 and args.max_rows == 10000
    assert ROOT.is_dir()
