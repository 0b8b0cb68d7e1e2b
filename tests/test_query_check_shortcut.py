"""check_query's shortcut (plainly_safe) passes no query the token-by-token check refuses."""
from __future__ import annotations

import pytest

from ccmkg.errors import InputError
from ccmkg.query import MAX_DEPTH, MAX_TOKENS, check_query, plainly_safe
from tests.hostile.test_service_check import TEXTS

URL, BASE = "http://127.0.0.1:9/sparql", "http://127.0.0.1:9/"
REFUSED = [text.format(url=URL, base=BASE) for text, calls_out in TEXTS if calls_out] + [
    "SELECT * WHERE " + "{" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1),
    "ASK { FILTER(" + "!" * (MAX_DEPTH + 1) + "true) }",
    "SELECT * WHERE { " + "OPTIONAL { } " * MAX_TOKENS + "}",
    "SELECT * WHERE { ſervice <" + URL + "> { ?s ?p ?o } }",  # ſ (long s) is S in upper case
]


@pytest.mark.parametrize("text", REFUSED)
def test_a_refused_query_never_takes_the_shortcut(text):
    assert not plainly_safe(text)
    with pytest.raises(InputError):
        check_query(text)


def test_ordinary_queries_take_the_shortcut():
    select = ("PREFIX ccm: <https://w3id.org/ccmkg/ontology#> SELECT ?s ?iso WHERE "
              "{ ?s ccm:iso3166Alpha3 ?iso } ORDER BY ?iso LIMIT 20")
    assert plainly_safe(select) and plainly_safe("ASK { ?s a <https://w3id.org/ccmkg/ontology#Finding> }")
