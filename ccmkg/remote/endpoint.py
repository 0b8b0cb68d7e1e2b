"""A remote SPARQL endpoint: its URL checked, a query run on it and read back as pyoxigraph results.

Queries go through SPARQLWrapper, and their JSON results are read back into pyoxigraph's result
objects, so that `ccmkg query NAME --endpoint URL` renders exactly as the local store does.
Every failure — an HTTP error, a partial answer, a refused connection, a malformed URL — is an
InputError: exit 2 with the URL and the reason, never a traceback.
"""
from __future__ import annotations

import math
import re
import urllib.error
import urllib.parse

import pyoxigraph as ox
from SPARQLWrapper import JSON, SPARQLWrapper

from ..errors import InputError
from ..namespaces import BASE
from ..sparql_errors import masked

TIMEOUT = 60  # seconds for any one request
AGENT = f"ccmkg ({BASE})"


def endpoint_url(url: str, option: str) -> str:
    """An http(s) URL with a host, or bad input naming the option."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # a port that is not a number raises here
    except ValueError as exc:
        raise InputError(f"{option} {url[:80]!r}", f"not a URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"[\x00-\x20\x7f]", url):
        raise InputError(f"{option} {url[:80]!r}", "not an http(s) URL with a host")
    return url


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


def run_query(endpoint: str, text: str, substitutions: dict | None = None, where: str = "query",
              timeout: float = TIMEOUT):
    """A query on a remote endpoint, as pyoxigraph results (solutions or boolean), or the
    N-Triples bytes of a CONSTRUCT/DESCRIBE."""
    client = SPARQLWrapper(endpoint_url(endpoint, "--endpoint"), agent=AGENT)
    client.setTimeout(math.ceil(timeout))  # whole seconds; 0 would mean none
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
