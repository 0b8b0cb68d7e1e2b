"""OWL RL (issue 3): the default engine (rules) and reasonable give owlrl's closure on our data,
apart from the rules named in ccmkg.reason.ENGINE_ONLY; the built graph is consistent; a clash is
reported with the resources named."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from ccmkg.export.ntriples import inferred_ntriples
from ccmkg.reason import Unsupported, closure, engine_only, reason, reason_ntriples

CCM = "https://w3id.org/ccmkg/ontology#"


def test_built_graph_is_consistent(built):
    assert reason(built).problems == []


@pytest.fixture(scope="module")
def owlrl_closure(built):
    reference, _ = closure(built, "owlrl")
    return {t for t in reference if not engine_only(t)}


@pytest.mark.parametrize("engine", ["rules", "reasonable"])
def test_engine_equals_owlrl_apart_from_named_rules(built, owlrl_closure, engine):
    if engine == "reasonable":
        pytest.importorskip("reasonable")
    fast, _ = closure(built, engine)
    fast = {t for t in fast if not engine_only(t)}
    assert fast - owlrl_closure == set()
    assert owlrl_closure - fast == set()


def test_rules_engine_refuses_axioms_it_does_not_implement(built):
    g = Graph()
    g += built
    g.add((URIRef(CCM + "holder"), OWL.inverseOf, URIRef(CCM + "holds")))
    with pytest.raises(Unsupported, match="inverseOf"):
        closure(g, "rules")


def test_inferred_triples_follow_domain_range_subclass_and_sameas(built):
    """Hand-picked consequences of the ontology (ccm:State rdfs:subClassOf ccm:Agent) on Lebanon,
    the host State: it is inferred a ccm:Agent, and its Wikidata twin inherits ccm:State through
    owl:sameAs."""
    inferred = reason(built).inferred
    lbn = "https://w3id.org/ccmkg/id/state/LBN"
    assert (lbn, str(RDF.type), CCM + "Agent") in inferred
    twins = [o for s, p, o in inferred if s == lbn and p == str(OWL.sameAs)] + \
        [str(o) for o in built.objects(URIRef(lbn), OWL.sameAs)]
    assert twins, "Lebanon has a Wikidata owl:sameAs link in data/ttl/links.ttl"
    assert any((twin, str(RDF.type), CCM + "State") in inferred for twin in twins)


def test_disjoint_classes_clash_names_the_resource(built):
    g = Graph()
    g += built
    paragraph = URIRef("https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/main__para_8")
    g.add((paragraph, RDF.type, URIRef(CCM + "Footnote")))
    problems = reason(g).problems
    assert problems and all(str(paragraph) in p for p in problems)


def test_reading_ntriples_gives_what_reading_the_graph_gives(built):
    """The build reasons from dist/ccm.nt's lines (reason_ntriples), not from rdflib terms: the
    same inferred.nt and the same problems, here with two clashes added: a paragraph typed a
    Footnote (disjoint classes), and a second, different ccm:order of paragraph 8 (a functional
    property with two literal values, compared by value)."""
    import pyoxigraph as ox
    from rdflib import Literal, XSD

    g = Graph()
    g += built
    paragraph = URIRef("https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/main__para_8")
    g.add((paragraph, RDF.type, URIRef(CCM + "Footnote")))
    g.add((paragraph, URIRef(CCM + "order"), Literal("9999", datatype=XSD.integer)))
    store = ox.Store()
    store.extend(ox.Quad(*(ox.NamedNode(str(t)) if not isinstance(t, Literal) else
                           ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD.string)))
                           if not t.language else ox.Literal(str(t), language=t.language) for t in triple))
                 for triple in g)
    from_graph, from_lines = reason(g), reason_ntriples(store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                                    from_graph=ox.DefaultGraph()))
    assert any("ccm:order" in p or CCM + "order" in p for p in from_graph.problems)
    assert any("disjoint" in p for p in from_graph.problems)
    assert from_lines.problems == from_graph.problems
    assert inferred_ntriples(from_lines.inferred) == inferred_ntriples(from_graph.inferred)
