"""The query text and the serve options at the command line: SERVICE refused by `ccmkg sparql`
and `ccmkg query --file` (a listener must see no connection), deep nesting refused before the
parser crashes, and `ccmkg serve` options that are not numbers it can use."""
from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from tests.hostile.probes import Listener
from tests.servers import ROOT


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()


def ccmkg(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ccmkg.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def one_line_error(done: subprocess.CompletedProcess, *words: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "Traceback" not in done.stderr and all(word in lines[-1] for word in words), done.stderr


def test_pyoxigraph_itself_sends_service_requests(listener):
    # why the check exists: the store POSTs the inner pattern to whatever SERVICE names
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    calls = listener.connections()
    assert len(calls) == 1 and calls[0].startswith(b"POST /sparql")


def test_sparql_refuses_service(listener):
    done = ccmkg("sparql", f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}")
    one_line_error(done, "sparql", f"SERVICE SILENT <{listener.url}>", "refused")
    assert listener.connections() == []


def test_sparql_allows_a_listed_service_and_tells_its_failure_in_one_line(listener):
    done = ccmkg("sparql", "--allow-service", listener.url, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    one_line_error(done, "sparql: query failed")
    assert len(listener.connections()) == 1


def test_query_file_refuses_service(listener, tmp_path):
    rq = tmp_path / "probe.rq"
    rq.write_text(f"#+ summary: a probe\nSELECT * WHERE {{\n  ?s ?p ?o .\n  SERVICE <{listener.url}> {{ ?s ?p ?o }}\n}}\n")
    done = ccmkg("query", "--file", str(rq))
    one_line_error(done, f"{rq}: line 4", "SERVICE")
    assert listener.connections() == []


@pytest.mark.parametrize("deep, said", [
    ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, "deeper than 64"),
    ("ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "deeper than 64"),
    ("ASK { FILTER(" + "!" * 20000 + "true) }", "deeper than 64"),
    ("SELECT * WHERE { {} " + "UNION {} " * 10000 + "}", "longer than 5000 tokens"),  # a flat chain
    ("ASK { FILTER(1" + "+1" * 20000 + ") }", "longer than 5000 tokens")])
def test_deep_or_long_queries_are_refused_not_a_crash(deep, said):
    # each of these kills pyoxigraph 0.5 with a stack overflow (SIGSEGV)
    one_line_error(ccmkg("sparql", deep), "sparql", said)


@pytest.mark.parametrize("option, value", [("--timeout-s", "nan"), ("--timeout-s", "inf"), ("--timeout-s", "0"),
                                           ("--port", "70000"), ("--port", "-1"), ("--workers", "0")])
def test_serve_refuses_unusable_numbers(option, value):
    try:
        done = ccmkg("serve", "--port", "0", option, value, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ccmkg serve {option} {value} started serving")
    one_line_error(done, option, value)
