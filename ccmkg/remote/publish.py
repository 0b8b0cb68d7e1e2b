"""`ccmkg publish`: the graph sent to a remote store, and what the store says it holds.

Publishing speaks the SPARQL 1.1 Graph Store Protocol (PUT replaces a graph, POST adds to it) or
SPARQL 1.1 Update (INSERT DATA, after DROP SILENT GRAPH for --replace). The graph IRI is checked
and written by rdflib's own term serialization, never pasted. When the store may have received the
graph but no answer came back (the connection ended, or the client timed out), publish asks the
store how many triples the graph now holds and says what that means: published, not published, or
unknown.
Every other failure — an HTTP error, a partial answer (206), a refused connection, a malformed URL
— is an InputError: exit 2 with the URL and the reason, never a traceback.
"""
from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import InputError
from .endpoint import AGENT, TIMEOUT, run_query

SETTLE_S = 5.0  # how long publish keeps counting a graph after an unanswered request
# An absolute IRI as SPARQL's IRIREF allows it: a scheme, then no space, control character,
# surrogate or any of <>"{}|^`\
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f\ud800-\udfff]*")


class Unanswered(InputError):
    """The request may have reached the store, but no answer came back."""


def graph_iri(value: str | None) -> URIRef | None:
    """--graph as an rdflib term, or None for the default graph; anything but an absolute IRI is
    bad input (it would otherwise end up inside an update)."""
    if value is None:
        return None
    if not IRI.fullmatch(value):
        raise InputError(f"--graph {value[:80]!r}", "not an absolute IRI (a scheme such as http:, and "
                                                    "no spaces, control characters or <>\"{}|^`\\)")
    return URIRef(value)


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
        # urllib wraps what fails while connecting and sending; a timeout or a reset while
        # sending may come after the store has read everything
        if isinstance(exc.reason, (TimeoutError, ConnectionResetError, BrokenPipeError)):
            raise Unanswered(url, f"no answer: {exc.reason}") from None
        raise InputError(url, f"cannot connect: {exc.reason}") from None
    except (socket.timeout, TimeoutError):
        raise Unanswered(url, f"no answer within {timeout} s") from None
    except (HTTPException, ConnectionError) as exc:  # e.g. RemoteDisconnected after the whole body
        raise Unanswered(url, f"the connection ended without an answer ({type(exc).__name__})") from None


def graph_url(store: str, graph: URIRef | None) -> str:
    query = urllib.parse.urlencode({"graph": str(graph)}) if graph else "default"
    return store + ("&" if "?" in store else "?") + query


def publish_store(store: str, payload: bytes, graph: URIRef | None, replace: bool, timeout: float = TIMEOUT) -> None:
    """Graph Store Protocol: PUT replaces the graph's content, POST merges into it."""
    http(graph_url(store, graph), payload, "PUT" if replace else "POST", "application/n-triples", timeout)


def publish_update(endpoint: str, payload: bytes, graph: URIRef | None, replace: bool, timeout: float = TIMEOUT) -> None:
    """SPARQL Update: N-Triples lines are valid inside INSERT DATA as they are; the graph IRI is
    written by rdflib (URIRef.n3), never pasted."""
    name = graph.n3() if graph else None
    drop = (f"DROP SILENT GRAPH {name} ;\n" if graph else "DROP SILENT DEFAULT ;\n") if replace else ""
    opening, closing = (f"GRAPH {name} {{\n", "}\n") if graph else ("", "")
    update = f"{drop}INSERT DATA {{\n{opening}".encode() + payload + f"{closing}}}\n".encode()
    http(endpoint, update, "POST", "application/sparql-update; charset=utf-8", timeout)


# ------------------------------------------------------------------------------ what the store holds
@dataclass
class Target:
    """Where publish sends the graph, and how it can ask the store what the graph holds."""

    url: str
    graph: URIRef | None
    store: bool  # Graph Store Protocol (else SPARQL Update)
    query: str | None = None  # a SPARQL query endpoint for the count

    @property
    def name(self) -> str:
        return f"graph {self.graph.n3()}" if self.graph else "the default graph"


def held(target: Target, timeout: float) -> int:
    """How many triples the store holds for the graph: a COUNT query on the query endpoint, else
    (Graph Store Protocol) the triples of a GET of the graph; errors propagate."""
    if target.query:
        pattern = f"GRAPH {target.graph.n3()} {{ ?s ?p ?o }}" if target.graph else "?s ?p ?o"
        results = run_query(target.query, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}",
                            where="the count of the published graph", timeout=timeout)
        return int(next(iter(results))["n"].value)
    if not target.store:
        raise InputError(target.url, "a SPARQL Update endpoint cannot be asked what it holds (give --query URL)")
    request = urllib.request.Request(graph_url(target.url, target.graph),
                                     headers={"Accept": "application/n-triples", "User-Agent": AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))  # not N-Triples: an error
    except urllib.error.HTTPError as exc:
        if exc.code == 404:  # no such graph: it holds nothing
            return 0
        raise


def count_or_none(target: Target, timeout: float) -> int | None:
    try:
        return held(target, timeout)
    except Exception:  # the count is only a help for a later failure: publishing goes on without it
        return None


def outcome(sent: int, before: int | None, after: int, replace: bool) -> str:
    """What a count of the graph after an unanswered request says: "published", "not published"
    or "unknown". With --replace the graph must hold what was sent. Without, what it held plus what
    was sent; an unchanged count then means "not published" only if the graph was empty (else the
    triples may have been there already), and a count short of the sum is unknown, never a success."""
    expected = sent if replace else (before + sent if before is not None else None)
    if after == expected and after != before:
        return "published"
    if before is not None and after == before != expected and (replace or before == 0):
        return "not published"
    return "unknown"


def settled(target: Target, sent: int, before: int | None, replace: bool, timeout: float) -> tuple[int, str]:
    """Count the graph after an unanswered request, and count again for SETTLE_S while the outcome
    is not "published": a store that was still reading or committing when the client gave up holds
    the graph a little later."""
    deadline = time.monotonic() + SETTLE_S
    while True:
        after = held(target, timeout)
        result = outcome(sent, before, after, replace)
        if result == "published" or time.monotonic() >= deadline:
            return after, result
        time.sleep(0.5)


def publish(target: Target, payload: bytes, replace: bool, timeout: float) -> tuple[str, str]:
    """Send the graph; returns (outcome, why) where outcome is "published", "not published" or
    "unknown". A refused connection or an HTTP error is an InputError (nothing published)."""
    sent = payload.count(b"\n")
    before = count_or_none(target, timeout)
    try:
        (publish_store if target.store else publish_update)(target.url, payload, target.graph, replace, timeout)
        return "published", ""
    except Unanswered as exc:
        unanswered = exc.message
    try:
        after, result = settled(target, sent, before, replace, timeout)
    except Exception as exc:
        return "unknown", f"{unanswered}, and the store could not be asked what it holds: {exc}"
    counts = (f"the store holds {after} triples for {target.name} ({sent} sent"
              + (f", {before} held before)" if before is not None else ")"))
    return result, f"{unanswered}; {counts}"
