"""Publish against a real Oxigraph server (`oxigraph serve`, loopback): an injection in --graph
cannot reach the store, and a store that takes the graph but gives no answer is told truthfully.

A small proxy on 127.0.0.1 stands between ccmkg and Oxigraph. For the write it reads the whole
body and then, by its mode, forwards it (the store commits) or not, or forwards half of it, and
hangs up without answering, or answers after the client's timeout. Reads (publish's count of the
graph) go through to Oxigraph, so the outcome is judged on what the real store holds."""
from __future__ import annotations

import http.server
import subprocess
import threading
import time
import urllib.parse
import urllib.request

import pytest

from ..conftest import run_cli
from ..servers import free_port, oxigraph_binary, stop, wait_until_up


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """An empty Oxigraph server; each test uses graphs of its own."""
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path_factory.mktemp("ox")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/query?query=ASK%7B%7D", process, seconds=30)
        yield url
    finally:
        stop(process)


def update(base: str, text: str) -> None:
    request = urllib.request.Request(base + "/update", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(request, timeout=10).close()


def count(base: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(base + "/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.read().decode().split()[1])


def error_lines(result) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.stderr.strip().splitlines()


def test_an_injection_in_graph_drops_nothing(oxigraph):
    kept = "http://ex.org/G"
    update(oxigraph, f'INSERT DATA {{ GRAPH <{kept}> {{ <http://ex.org/s> <http://ex.org/p> "kept" }} }}')
    injection = f"http://ex.org/X> {{ }} }} ; DROP GRAPH <{kept}> ; INSERT DATA {{ GRAPH <http://ex.org/Y"
    result = run_cli("publish", "--update", oxigraph + "/update", "--graph", injection)
    lines = error_lines(result)
    assert result.returncode == 2 and len(lines) == 1 and "--graph" in lines[0], result.stderr
    assert count(oxigraph, kept) == 1
    assert count(oxigraph, "http://ex.org/X") == count(oxigraph, "http://ex.org/Y") == 0


class Proxy(http.server.BaseHTTPRequestHandler):
    """Forwards reads to Oxigraph; a write is handled by the server's `mode`."""

    def do_GET(self):
        request = urllib.request.Request(self.server.upstream + self.path,
                                         headers={"Accept": self.headers.get("Accept", "*/*")})
        self.relay(request)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.startswith("/query"):  # a count query, sent by POST
            self.relay(self.upstream_request(body))
            return
        mode = self.server.mode
        if mode == "half":  # half of the N-Triples lines reach the store
            lines = body.splitlines(keepends=True)
            body = b"".join(lines[:len(lines) // 2])
        if mode != "drop":
            urllib.request.urlopen(self.upstream_request(body), timeout=60).close()
        if mode == "slow":  # answers, but after the client gave up
            time.sleep(self.server.delay)
            self.send_response(204)
            self.end_headers()
        else:  # hang up without a word
            self.close_connection = True

    do_PUT = do_POST

    def upstream_request(self, body: bytes):
        return urllib.request.Request(self.server.upstream + self.path, data=body, method=self.command,
                                      headers={"Content-Type": self.headers["Content-Type"],
                                               "Accept": self.headers.get("Accept", "*/*")})

    def relay(self, request):
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, kind, data = response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            status, kind, data = exc.code, exc.headers.get("Content-Type", ""), exc.read()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(oxigraph):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    server.upstream, server.mode, server.delay = oxigraph, "commit", 4
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def published_count(result) -> int:
    return int(result.stdout.split()[1]) if result.stdout.startswith("published ") else -1


@pytest.mark.parametrize("how", ["--store", "--update"])
def test_a_store_that_commits_and_hangs_up_is_told_published(proxy, oxigraph, how):
    graph = f"http://ex.org/commit{how}"
    target = proxy.url + ("/store" if how == "--store" else "/update")
    # through SPARQL Update the count needs a query endpoint: here Oxigraph's own
    extra = [] if how == "--store" else ["--query", oxigraph + "/query"]
    result = run_cli("publish", how, target, "--graph", graph, "--replace", *extra)
    assert result.returncode == 0, result.stderr
    assert error_lines(result) == []
    held = count(oxigraph, graph)
    assert held > 10000 and published_count(result) == held
    assert "no answer" in result.stdout or "without an answer" in result.stdout


def test_a_store_that_drops_the_body_and_hangs_up_is_told_not_published(proxy, oxigraph):
    proxy.mode = "drop"
    graph = "http://ex.org/dropped"
    result = run_cli("publish", "--store", proxy.url + "/store", "--graph", graph, "--replace")
    lines = error_lines(result)
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "not published" in lines[0] and f"the store holds 0 triples for graph <{graph}>" in lines[0]
    assert count(oxigraph, graph) == 0


def test_a_store_that_keeps_half_is_told_unknown(proxy, oxigraph):
    proxy.mode = "half"
    graph = "http://ex.org/half"
    result = run_cli("publish", "--store", proxy.url + "/store", "--graph", graph, "--replace")
    lines = error_lines(result)
    held = count(oxigraph, graph)
    assert result.returncode == 3 and len(lines) == 1, result.stderr
    assert 0 < held and "unknown: " in lines[0] and f"the store holds {held} triples for graph <{graph}>" in lines[0]


def test_a_store_that_cannot_be_asked_is_told_unknown(proxy, oxigraph):
    """Through SPARQL Update without --query nothing can count the graph."""
    proxy.mode = "drop"
    result = run_cli("publish", "--update", proxy.url + "/update", "--graph", "http://ex.org/unasked")
    lines = error_lines(result)
    assert result.returncode == 3 and len(lines) == 1 and "unknown: " in lines[0], result.stderr
    assert "--query" in lines[0]


def test_a_store_that_answers_after_the_timeout_is_told_published(proxy, oxigraph):
    proxy.mode, proxy.delay = "slow", 4
    graph = "http://ex.org/slow"
    result = run_cli("publish", "--store", proxy.url + "/store", "--graph", graph, "--replace", "--timeout", "1.5")
    assert result.returncode == 0, result.stderr
    assert published_count(result) == count(oxigraph, graph) > 10000
    assert "1.5 s" in result.stdout


@pytest.mark.parametrize("sent, before, after, replace, expected", [
    (100, 0, 100, True, "published"),
    (100, 40, 100, True, "published"),
    (100, 40, 40, True, "not published"),  # the old content is untouched
    (100, 100, 100, True, "unknown"),  # as many as before and as sent: cannot tell
    (100, 40, 0, True, "unknown"),  # dropped, not inserted
    (100, 0, 50, True, "unknown"),
    (100, None, 100, True, "published"),
    (100, None, 0, True, "unknown"),
    (100, 0, 100, False, "published"),
    (100, 40, 140, False, "published"),
    (100, 0, 0, False, "not published"),
    (100, 40, 40, False, "unknown"),  # the triples may have been there already
    (100, 40, 120, False, "unknown"),
    (100, None, 100, False, "unknown"),
])
def test_what_a_count_says(sent, before, after, replace, expected):
    from ccmkg.remote.publish import outcome

    assert outcome(sent, before, after, replace) == expected
