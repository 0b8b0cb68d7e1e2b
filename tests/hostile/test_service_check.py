"""check_query against pyoxigraph itself: on tricky query texts, the check refuses exactly the
queries with which the store contacts the listener (a SERVICE clause), and lets the others run."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from ccmkg.errors import InputError
from ccmkg.query import check_query
from tests.hostile.probes import Listener

# {url} is the listener; each text parses, so the store either calls it or it does not
TEXTS = [
    ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", True),
    ("sElEcT * WHERE {{ sErViCe SiLeNt <{url}> {{ ?s ?p ?o }} }}", True),
    ("SELECT * WHERE {{ ?s ?p ?o .SERVICE <{url}> {{ ?a ?b ?c }} }}", True),
    ("SELECT * WHERE {{ SERVICE#comment\n<{url}> {{ ?s ?p ?o }} }}", True),
    # an escaped # or ' in a prefixed name starts no comment and no string
    ("PREFIX e: <http://example.org/> SELECT * WHERE {{ OPTIONAL {{ ?s ?p e:a\\# }} SERVICE <{url}> {{ ?a ?b ?c }} }}",
     True),
    ("PREFIX e: <http://example.org/> SELECT * WHERE {{ OPTIONAL {{ ?s ?p e:a\\' }} SERVICE <{url}> {{ ?a ?b ?c }} }} "
     "# '", True),
    ('SELECT * WHERE {{ BIND("""a""" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} }}', True),
    ('SELECT * WHERE {{ BIND("a\\\\" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} }}', True),
    # pyoxigraph reads a keyword without looking for its end: glued forms call out too
    ("PREFIX : <{base}> SELECT * WHERE {{ SERVICE:sparql {{ ?s ?p ?o }} }}", True),
    ("PREFIX x: <{base}> SELECT * WHERE {{ SERVICEx:sparql {{ ?s ?p ?o }} }}", True),
    ("SELECT * WHERE {{ SERVICESILENT<{url}> {{ ?s ?p ?o }} }}", True),
    ("SELECT * WHERE {{ ?s ?p trueSERVICE<{url}> {{ ?a ?b ?c }} }}", True),
    ("SELECT * WHERE {{ ?s ?p ?o BIND(1 AS ?z)SERVICE<{url}> {{ ?a ?b ?c }} }}", True),
    ('SELECT ?service WHERE {{ BIND("SERVICE <{url}> {{ }}" AS ?service) }}', False),
    ("SELECT * WHERE {{ BIND('''x\nSERVICE <{url}> {{ }}''' AS ?x) }}", False),
    ('SELECT * WHERE {{ BIND("a\\" SERVICE <{url}> {{ ?s ?p ?o }}" AS ?x) }}', False),
    ("SELECT * WHERE {{ ?s ?p ?o }} # SERVICE <{url}> {{ }}", False),
    ("PREFIX svc: <http://example.org/> SELECT * WHERE {{ ?s svc:service <{url}SERVICE> }}", False),
    ("PREFIX e: <http://example.org/> SELECT * WHERE {{ ?s e:a.SERVICE ?o }}", False),
    ("PREFIX e: <http://example.org/> SELECT * WHERE {{ ?s e:serviceType ?o }}", False),
]


@pytest.fixture(scope="module")
def store():
    store = ox.Store()  # patterns joined with SERVICE have a row: SERVICE is then called
    for value in (ox.NamedNode("http://example.org/o"), ox.Literal(True)):
        store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), value))
    return store


@pytest.mark.parametrize("text, calls_out", TEXTS)
def test_check_refuses_exactly_what_the_store_would_send(store, text, calls_out):
    listener = Listener()
    try:
        query = text.format(url=listener.url, base=listener.url.rsplit("/", 1)[0] + "/")
        try:
            list(store.query(query))
        except OSError:  # the listener closes without an answer
            pass
        assert bool(listener.connections()) == calls_out, "the case itself is wrong"
        if calls_out:
            with pytest.raises(InputError, match="SERVICE is refused"):
                check_query(query)
        else:
            check_query(query)
    finally:
        listener.close()
