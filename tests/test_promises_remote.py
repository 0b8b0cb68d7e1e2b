"""README promises of `publish` and `link` against a real Oxigraph server, and the message of a
refused connection. The publish tests are round trips: what `ccmkg publish` sends is read back
from the server and compared with the local graph."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pyoxigraph as ox

from .conftest import ROOT, run_cli
from .test_remote import free_port, server  # noqa: F401  (the Oxigraph server fixture)

WD = "http://www.wikidata.org/entity/"
CCM = "https://w3id.org/ccmkg/ontology#"
LINKS = ("http://www.w3.org/2002/07/owl#sameAs", "http://www.w3.org/2004/02/skos/core#exactMatch",
         "http://www.w3.org/2004/02/skos/core#closeMatch")


def remote_count(url: str, pattern: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    request = urllib.request.Request(url + "/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def put(url: str, data: bytes, graph: str | None = None) -> None:
    target = url + "/store?" + (urllib.parse.urlencode({"graph": graph}) if graph else "default")
    request = urllib.request.Request(target, data=data, method="PUT", headers={"Content-Type": "text/turtle"})
    urllib.request.urlopen(request, timeout=30).close()


def local_triples(root=ROOT) -> int:
    paths = [root / "ontology" / "ccm.ttl", *sorted((root / "ontology" / "vocab").glob("*.ttl")),
             *sorted((root / "data" / "ttl").rglob("*.ttl"))]
    return len({q.triple for p in paths for q in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)})


STALE = b"<https://example.org/stale> <https://example.org/p> 1 .\n"


def test_publish_replace_replaces_a_stale_default_graph_round_trip(server):  # noqa: F811
    url = server()
    put(url, STALE)
    done = run_cli("publish", "--store", url + "/store", "--replace")
    assert done.returncode == 0, done.stderr
    assert remote_count(url, "<https://example.org/stale> ?p ?o") == 0
    assert remote_count(url, "?s ?p ?o") == local_triples()


def test_publish_without_replace_keeps_what_was_there(server):  # noqa: F811
    url = server()
    put(url, STALE)
    assert run_cli("publish", "--store", url + "/store").returncode == 0
    assert remote_count(url, "<https://example.org/stale> ?p ?o") == 1
    assert remote_count(url, "?s ?p ?o") == local_triples() + 1


def test_publish_store_into_a_named_graph_round_trip(server):  # noqa: F811
    url = server()
    graph = "https://w3id.org/ccmkg/graph/store-test"
    put(url, STALE, graph)
    done = run_cli("publish", "--store", url + "/store", "--graph", graph, "--replace")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"published {local_triples()} triples to graph <{graph}> of {url}/store (replaced)")
    assert remote_count(url, f"GRAPH <{graph}> {{ ?s ?p ?o }}") == local_triples()
    assert remote_count(url, f"GRAPH <{graph}> {{ <https://example.org/stale> ?p ?o }}") == 0
    assert remote_count(url, "?s ?p ?o") == 0  # nothing in the default graph


def test_link_exits_0_when_every_link_agrees(server):  # noqa: F811
    """The endpoint holds, for every ISO code of data/ttl/links.ttl, exactly the Wikidata items
    our links name (data/ttl/agents.ttl and links.ttl, read here with pyoxigraph), as Wikidata states them (wdt:P298)."""
    url = server()
    triples = {q.triple for name in ("agents", "links")
               for q in ox.parse(path=str(ROOT / "data" / "ttl" / "CCM-MSP-2011-5" / f"{name}.ttl"), format=ox.RdfFormat.TURTLE)}
    codes = {t.subject: t.object.value for t in triples if t.predicate.value == CCM + "iso3166Alpha3"}
    items = {(t.object.value, codes[t.subject]) for t in triples
             if t.subject in codes and t.predicate.value in LINKS and t.object.value.startswith(WD)}
    assert len({code for _, code in items}) > 130
    put(url, "".join(f'<{item}> <http://www.wikidata.org/prop/direct/P298> "{code}" .\n'
                     for item, code in sorted(items)).encode())
    done = run_cli("link", "--endpoint", url + "/query")
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1].endswith("agree, 0 added, 0 changed, 0 missing; nothing written "
                                                 "(edit data/reference/ to change a link)")


def test_refused_connection_names_the_endpoint_and_the_refusal():
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    done = run_cli("query", "participants", "--endpoint", endpoint)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"ccmkg: error: {endpoint}") and "refused" in done.stderr.lower()
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
