"""OWL RL (issue 3): the default engine (reasonable) and owlrl give the same closure on our data,
apart from the rules named in ccmkg.reason.ENGINE_ONLY; the built graph is consistent; a clash is
reported with the resources named."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from ccmkg.reason import closure, engine_only, reason

ROOT = Path(__file__).resolve().parents[1]
CCM = "https://w3id.org/ccmkg/ontology#"


@pytest.fixture(scope="module")
def built():
    g = Graph()
    for path in [ROOT / "ontology" / "ccm.ttl", *sorted((ROOT / "ontology" / "vocab").glob("*.ttl")),
                 *sorted((ROOT / "data" / "ttl").glob("*.ttl"))]:
        g.parse(path)
    return g


def test_built_graph_is_consistent(built):
    assert reason(built).problems == []


def test_reasonable_equals_owlrl_apart_from_named_rules(built):
    pytest.importorskip("reasonable")
    fast, _ = closure(built, "reasonable")
    reference, _ = closure(built, "owlrl")
    fast = {t for t in fast if not engine_only(t)}
    reference = {t for t in reference if not engine_only(t)}
    assert fast - reference == set()
    assert reference - fast == set()


def test_disjoint_classes_clash_names_the_resource(built):
    g = Graph()
    g += built
    paragraph = URIRef("https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/main__para_8")
    g.add((paragraph, RDF.type, URIRef(CCM + "Footnote")))
    problems = reason(g).problems
    assert problems and all(str(paragraph) in p for p in problems)
