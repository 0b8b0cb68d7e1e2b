"""`ccmkg serve` probed as an attacker would, over real HTTP on loopback: SSRF through SERVICE,
DNS rebinding (Host), cross-site form POSTs, request desync, slow and idle connections, deep
nesting, runaway memory, one client holding every worker. One server process for the module."""
from __future__ import annotations

import re
import threading
import time

import pytest

from tests.hostile.probes import FORM, Listener, form, port_of, query_path, raw, request
from tests.servers import start_ccmkg, stop

FRIEND = "https://friend.example"  # the --cors origin
COUNT_STATES = "PREFIX ccm: <https://w3id.org/ccmkg/ontology#> SELECT (COUNT(?s) AS ?n) WHERE { ?s a ccm:State }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs until the timeout
MEMORY_HOG = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c LIMIT 1"


@pytest.fixture(scope="module")
def allowed():
    listener = Listener()  # the one endpoint SERVICE may call (--allow-service)
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def server(allowed):
    base, process = start_ccmkg("--timeout-s", "3", "--cors", FRIEND, "--worker-memory-mb", "400",
                                "--idle-timeout-s", "1", "--allow-service", allowed.url,
                                "--allowed-host", "ccmkg.example")
    yield base
    stop(process)


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()


def service_queries(url: str) -> list[str]:
    base = url.rsplit("/", 1)[0] + "/"
    return [f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?x ?y ?z .SERVICE <{url}> {{ ?s ?p ?o }} }} LIMIT 1",
            f"PREFIX l: <{base}> SELECT * WHERE {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}"]


# -- no outbound requests --------------------------------------------------------------------

@pytest.mark.parametrize("how", ["GET", "POST form", "POST query"])
def test_service_is_refused_and_nothing_is_contacted(server, listener, how):
    for query in service_queries(listener.url):
        if how == "GET":
            status, body = request(server, "GET", query_path(query))
        elif how == "POST form":
            status, body = request(server, "POST", "/sparql", form(query), FORM)
        else:
            status, body = request(server, "POST", "/sparql", query.encode(),
                                   {"Content-Type": "application/sparql-query"})
        assert status == 400 and b"SERVICE is refused" in body, (query, status, body)
    assert listener.connections() == []


def test_the_word_service_elsewhere_is_not_a_service_clause(server):
    query = ('PREFIX ex: <http://example.org/> SELECT ?service WHERE { '
             'BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?service) '
             'OPTIONAL { <http://example.org/SERVICE> ex:service ?o } }  # SERVICE <http://127.0.0.1:9/>')
    status, body = request(server, "GET", query_path(query), headers={"Accept": "text/csv"})
    assert status == 200 and b'SERVICE <http://127.0.0.1:9/> { }' in body


def test_allowed_service_is_called_only_by_its_exact_iri(server, allowed):
    # the positive control: pyoxigraph does send SERVICE requests, here to the allowed listener
    request(server, "GET", query_path(f"SELECT * WHERE {{ SERVICE <{allowed.url}> {{ ?s ?p ?o }} }}"))
    calls = allowed.connections()
    assert len(calls) == 1 and calls[0].startswith(b"POST /sparql")
    for near in (allowed.url + "/", allowed.url + "?x", allowed.url.upper()):
        status, body = request(server, "GET", query_path(f"SELECT * WHERE {{ SERVICE <{near}> {{ ?s ?p ?o }} }}"))
        assert status == 400 and b"SERVICE is refused" in body
    assert len(allowed.connections()) == 1


# -- Host and Origin -------------------------------------------------------------------------

@pytest.mark.parametrize("host, expected", [
    ("evil.example:{port}", 421), ("127.0.0.1.evil.example", 421), ("", 421),
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("[::1]:{port}", 200), ("CCMKG.example", 200)])
def test_host_must_name_this_server(server, host, expected):
    headers = {"Host": host.format(port=port_of(server))}
    for path in ("/", query_path("ASK {}")):
        status, _ = request(server, "GET", path, headers=headers)
        assert status == expected, (host, path)


@pytest.mark.parametrize("origin, expected", [
    ("http://evil.example", 403), ("null", 403), ("http://127.0.0.1:1", 403), ("http://[::1", 403),
    ("https://ccmkg.example.evil.example", 403),
    ("http://127.0.0.1:{port}", 200), (FRIEND, 200), (None, 200),
    ("https://ccmkg.example", 200)])  # an --allowed-host name: its pages, behind a proxy
def test_cross_origin_post_is_refused(server, origin, expected):
    headers = dict(FORM)
    if origin:
        headers["Origin"] = origin.format(port=port_of(server))
    status, _ = request(server, "POST", "/sparql", form(COUNT_STATES), headers)
    assert status == expected, origin


# -- request framing and slow connections ----------------------------------------------------

def test_content_length_with_transfer_encoding_is_refused(server):
    body = form(COUNT_STATES)
    reply = raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n%s" % (len(body), body))
    assert reply.startswith(b"HTTP/1.1 400") and reply.count(b"HTTP/1.1 ") == 1


def test_two_different_content_lengths_are_refused(server):
    body = form(COUNT_STATES)
    reply = raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: %d\r\nContent-Length: 5\r\n\r\n%s" % (len(body), body))
    assert reply.startswith(b"HTTP/1.1 400") and reply.count(b"HTTP/1.1 ") == 1


def test_a_body_on_a_get_is_not_read_as_a_second_request(server):
    smuggled = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    reply = raw(server, b"GET /static/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n%s"
                % (len(smuggled), smuggled))
    assert reply.startswith(b"HTTP/1.1 200") and reply.count(b"HTTP/1.1 ") == 1


def test_partial_headers_are_closed_by_the_idle_timeout(server):
    started = time.monotonic()
    reply = raw(server, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: te", wait_s=8)
    assert reply == b"" and time.monotonic() - started < 5


def test_a_short_body_is_closed_by_the_idle_timeout(server):
    started = time.monotonic()
    reply = raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                        b"Content-Length: 100\r\n\r\nASK {", wait_s=8)
    assert reply.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5


# -- what one query may cost -----------------------------------------------------------------

def test_deep_or_long_queries_are_refused_before_parsing(server):
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    status, body = request(server, "POST", "/sparql", deep.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"deeper than 64" in body
    chain = "SELECT * WHERE { " + "OPTIONAL { } " * 10000 + "}"  # flat, but as deadly to the parser
    status, body = request(server, "POST", "/sparql", chain.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"longer than 5000 tokens" in body
    shallow = "SELECT * WHERE " + "{" * 60 + "}" * 60
    assert request(server, "GET", query_path(shallow))[0] == 200


def test_a_query_over_the_memory_cap_gets_503_and_the_server_goes_on(server):
    status, body = request(server, "GET", query_path(MEMORY_HOG), source="127.0.0.5")
    assert status == 503 and b"more than the 400 MB" in body
    status, body = request(server, "GET", query_path(COUNT_STATES), headers={"Accept": "text/csv"},
                           source="127.0.0.5")
    assert status == 200 and b"137" in body  # the States the document names: 136, and Libya (annex II para 22)


def timed(base: str, path: str, accept: str, source: str) -> tuple[int, float]:
    started = time.monotonic()
    status, _ = request(base, "GET", path, headers={"Accept": accept}, source=source)
    return status, time.monotonic() - started


def test_slow_queries_of_one_client_leave_room_for_others(server):
    slow: list[int] = []
    threads = [threading.Thread(target=lambda: slow.append(request(server, "GET", query_path(RUNAWAY),
                                                                   source="127.0.0.2")[0]))
               for _ in range(20)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the slow queries are in: one runs, the others wait for their client's turn
    answers: list[tuple[int, float]] = []

    def ask(path: str, accept: str, source: str) -> None:
        for _ in range(100):
            answers.append(timed(server, path, accept, source))
            time.sleep(0.03)  # spread over the slow queries' run and a worker's replacement
    others = [threading.Thread(target=ask, args=(query_path(COUNT_STATES), "text/csv", "127.0.0.3")),
              threading.Thread(target=ask, args=("/id/state/LBN", "text/html", "127.0.0.4"))]
    for thread in others:
        thread.start()
    for thread in others + threads:
        thread.join(60)
    assert len(answers) == 200 and {status for status, _ in answers} == {200}
    # None waited for a slow query: those run 3 s (--timeout-s) before they are cut. The 1 s the
    # issue asks of each answer is measured by the load benchmark, not here: a shared machine
    # stretches single requests past any tight bound (1.08 s seen once under a load of 7).
    assert max(seconds for _, seconds in answers) < 2.5
    assert len(slow) == 20 and set(slow) <= {503, 429} and 503 in slow  # the runaway ones were cut


# -- pages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/query", "/sparql", "/id/state/LBN", "/ontology"])
def test_html_pages_forbid_inline_script_and_have_none(server, path):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port_of(server), timeout=30)
    conn.request("GET", path, headers={"Accept": "text/html"})
    response = conn.getresponse()
    page = response.read().decode()
    conn.close()
    assert response.status == 200
    policy = response.getheader("Content-Security-Policy") or ""
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", page)
              if "src=" not in tag and "application/ld+json" not in tag]  # a JSON-LD block is data
    assert inline == [] and not re.search(r"<[^>]+\son[a-z]+\s*=", page)
