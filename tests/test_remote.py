"""Against a real Oxigraph server process: publish, remote queries equal local ones, link.

The fixture starts `oxigraph serve` (from the `oxigraph` PyPI package, in the test extra) on a
free loopback port with a temporary --location, and stops it afterwards.
"""
from __future__ import annotations

import csv
import http.server
import io
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from ccmkg.query import saved_queries

from .conftest import ROOT, run_cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    def start():
        port = free_port()
        location = tmp_path_factory.mktemp("oxigraph")
        process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                                    "--bind", f"127.0.0.1:{port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"oxigraph serve exited: {process.stderr.read().decode()[:500]}")
                time.sleep(0.1)
        started.append(process)
        return url

    started: list[subprocess.Popen] = []
    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def published(server):
    url = server()
    result = run_cli("publish", "--store", url + "/store", "--replace")
    assert result.returncode == 0, result.stderr
    return url


def example_params(query) -> list[str]:
    return [arg for p in query.params for arg in ("--param", f"{p.name}={p.example}")]


QUERIES = sorted(saved_queries(ROOT / "queries").values(), key=lambda q: q.name)


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_publish_round_trip_remote_rows_equal_local_rows(published, query):
    """A publish round trip: the graph `ccmkg publish` sent, queried on the server, gives the rows
    the same saved query gives locally."""
    params = example_params(query)
    local = run_cli("query", query.name, *params, "--format", "csv")
    remote = run_cli("query", query.name, *params, "--format", "csv", "--endpoint", published + "/query")
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert rows(remote.stdout) == rows(local.stdout)


def rows(text: str) -> list:
    """The rows as a sorted list, each cell as its sorted words: SPARQL leaves the order of
    GROUP_CONCAT's parts and of rows that tie under ORDER BY to the engine."""
    return sorted([sorted(cell.split()) for cell in row] for row in csv.reader(io.StringIO(text)))


def test_publish_through_sparql_update_into_a_named_graph(server):
    url = server()
    graph = "https://w3id.org/ccmkg/graph/test"
    assert run_cli("publish", "--update", url + "/update", "--graph", graph, "--replace").returncode == 0
    again = run_cli("publish", "--update", url + "/update", "--graph", graph, "--replace")
    assert again.returncode == 0, again.stderr
    count = run_cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    remote = urllib.request.urlopen(url + "/query?query=" + urllib.request.quote(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"), timeout=10)
    assert f'"value":"{count.stdout.split()[-1]}"' in remote.read().decode()


def test_link_reports_differences_without_writing(server):
    url = server()
    fixture = (ROOT / "tests" / "fixtures" / "wikidata-p298.ttl").read_bytes()
    request = urllib.request.Request(url + "/store?default", data=fixture, method="PUT",
                                     headers={"Content-Type": "text/turtle"})
    urllib.request.urlopen(request, timeout=10)
    before = (ROOT / "data" / "ttl" / "CCM-MSP-2011-5" / "links.ttl").read_bytes()
    result = run_cli("link", "--endpoint", url + "/query")
    assert result.returncode == 1, result.stderr  # differences found
    lines = result.stdout.splitlines()
    assert "changed\tFRA\tshipped: Q142\tendpoint: Q999999999" in lines
    assert not any(line.split("\t")[1] in {"AUT", "LBN", "NOR", "VAT", "DNK"} for line in lines[:-1])
    assert sum(line.startswith("missing\t") for line in lines) == 138 - 6  # 137 States (Libya from Annex II para 22) and Palestine
    assert (ROOT / "data" / "ttl" / "CCM-MSP-2011-5" / "links.ttl").read_bytes() == before


# ------------------------------------------------------------------------------------ errors
class Partial(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(206)
        self.end_headers()

    do_PUT = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def partial_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Partial)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_partial_answer_is_an_error(partial_server):
    result = run_cli("publish", "--store", partial_server + "/store")
    assert result.returncode == 2 and "206" in result.stderr and "Traceback" not in result.stderr


def test_http_error_is_exit_2_with_a_message(published):
    result = run_cli("publish", "--store", published + "/no-such-path")
    assert result.returncode == 2 and "HTTP 404" in result.stderr and "Traceback" not in result.stderr


def test_refused_connection_is_exit_2(tmp_path):
    result = run_cli("query", "participants", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.returncode == 2 and "Traceback" not in result.stderr
