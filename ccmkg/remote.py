"""Remote SPARQL endpoints: publish the graph to a store, run saved queries, look up links.

Publishing speaks the SPARQL 1.1 Graph Store Protocol (PUT replaces a graph, POST adds to it) or
SPARQL 1.1 Update (INSERT DATA, after DROP SILENT GRAPH for --replace). Queries go through
SPARQLWrapper, and their JSON results are read back into pyoxigraph's result objects, so that
`ccmkg query NAME --endpoint URL` renders exactly as the local store does. Every failure — an HTTP
error, a partial answer (206), a timeout, a refused connection — is an InputError: exit 2 with
the URL and the reason, never a traceback.
"""
from __future__ import annotations

import re
import socket
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
from SPARQLWrapper import JSON, SPARQLWrapper

from .errors import InputError

TIMEOUT = 60  # seconds for any one request
AGENT = "ccmkg (https://w3id.org/ccmkg/)"


def http(url: str, data: bytes | None, method: str, content_type: str, timeout: float = TIMEOUT) -> bytes:
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": content_type, "User-Agent": AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            # Only a complete success counts: 206 Partial Content or any 1xx/3xx left is a failure.
            if response.status not in (200, 201, 204):
                raise InputError(url, f"HTTP {response.status} {response.reason}: the store did not "
                                      "accept the whole graph")
            return body
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace").strip()
        raise InputError(url, f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
    except urllib.error.URLError as exc:
        raise InputError(url, f"cannot connect: {exc.reason}") from None
    except (socket.timeout, TimeoutError):
        raise InputError(url, f"no answer within {timeout} s") from None


def graph_url(store: str, graph: str | None) -> str:
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return store + ("&" if "?" in store else "?") + query


def publish_store(store: str, ntriples: bytes, graph: str | None, replace: bool, timeout: float = TIMEOUT) -> None:
    """Graph Store Protocol: PUT replaces the graph's content, POST merges into it."""
    http(graph_url(store, graph), ntriples, "PUT" if replace else "POST", "application/n-triples", timeout)


def publish_update(endpoint: str, ntriples: bytes, graph: str | None, replace: bool, timeout: float = TIMEOUT) -> None:
    """SPARQL Update: N-Triples lines are valid inside INSERT DATA as they are."""
    drop = (f"DROP SILENT GRAPH <{graph}> ;\n" if graph else "DROP SILENT DEFAULT ;\n") if replace else ""
    opening, closing = (f"GRAPH <{graph}> {{\n", "}\n") if graph else ("", "")
    update = f"{drop}INSERT DATA {{\n{opening}".encode() + ntriples + f"{closing}}}\n".encode()
    http(endpoint, update, "POST", "application/sparql-update; charset=utf-8", timeout)


def with_values(text: str, substitutions: dict) -> str:
    """Parameters as a VALUES block opening the WHERE group: bound as RDF terms, never pasted
    into the pattern, and in scope of every FILTER of the group, as pyoxigraph's substitutions
    (which only the local store has) are."""
    if not substitutions:
        return text
    names = " ".join(str(v) for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    match = re.search(r"\bWHERE\s*\{|\{", masked(text), re.IGNORECASE)
    if not match:
        raise InputError("query", "no WHERE group to bind the parameters in")
    return text[:match.end()] + f" VALUES ({names}) {{ ({terms}) }} " + text[match.end():]


def masked(text: str) -> str:
    """The text with comments, IRIs and strings blanked, keeping every position."""
    return re.sub(r"<[^>\s]*>|\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*", lambda m: " " * len(m.group()), text)


def run_query(endpoint: str, text: str, substitutions: dict | None = None, where: str = "query",
              timeout: float = TIMEOUT):
    """A query on a remote endpoint, as pyoxigraph results (solutions or boolean), or the
    N-Triples bytes of a CONSTRUCT/DESCRIBE."""
    client = SPARQLWrapper(endpoint, agent=AGENT)
    client.setTimeout(int(timeout))
    client.setMethod("POST")
    client.setQuery(with_values(text, substitutions or {}))
    # SPARQLWrapper guesses the form from keywords anywhere in the text and took "clearance" in a
    # comment for CLEAR (an update); the first keyword outside comments and IRIs is the form.
    client.queryType = query_form(text)
    graph_query = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat("nt" if graph_query else JSON)
    if graph_query:
        client.addCustomHttpHeader("Accept", "application/n-triples")
    try:
        response = client.query().response
        if response.status not in (200,):
            raise InputError(endpoint, f"HTTP {response.status}: incomplete answer to {where}")
        body = response.read()
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(endpoint, f"HTTP {exc.code} {exc.reason} for {where}") from None
    except Exception as exc:  # SPARQLWrapper wraps HTTP errors in several exception types
        raise InputError(endpoint, f"{where}: {type(exc).__name__}: {str(exc).strip()[:300]}") from None
    if graph_query:
        return ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
    try:
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise InputError(endpoint, f"{where}: not SPARQL JSON results: {exc}") from None


def query_form(text: str) -> str:
    match = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", masked(text), re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"
