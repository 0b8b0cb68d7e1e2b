"""The SPARQL engine for SHACL Core (ccmkg/shacl/) against pySHACL, the reference.

SHACL Core only: both engines must give the same results (severity, shape, focus node, path,
value, message) for the shapes of shapes/ccm.shapes.ttl on every shape fixture, on the built
graph, and on mutations of the built graph that break it in different ways; a shapes graph with
SHACL the engine does not implement must be refused. The cross-checks (shapes/cross-checks.ttl)
run through ccmkg's code with either engine, so comparing them here would compare ccmkg with
itself: they are compared with pySHACL's own SHACL-SPARQL run in test_cross_checks_pyshacl.py.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from ccmkg.shacl import UnsupportedShape, load_shapes, to_store, validate

from .conftest import mutated

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "shapes").glob("*.ttl"))
ID = "https://w3id.org/ccmkg/id/"
MSP5 = ID + "doc/CCM-MSP-2011-5/"
CCM = "https://w3id.org/ccmkg/ontology#"
SHAPES = "https://w3id.org/ccmkg/shapes#"
STATUS = "https://w3id.org/ccmkg/vocab/status/"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


# the SHACL-SPARQL node shapes, read from their file so that a new cross-check is left out too
CROSS_CHECK_SHAPES = {str(shape).split("#")[-1] for shape in Graph().parse(ROOT / "shapes" / "cross-checks.ttl")
                      .subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape"))}


def results(graph, shapes, engine):
    """The SHACL Core results of one engine (the cross-checks are left out: see the docstring)."""
    return {(r.severity, r.shape, r.focus, r.path, r.value, r.message)
            for r in validate(graph, shapes, engine=engine).results
            if r.shape.split("#")[-1] not in CROSS_CHECK_SHAPES}


def same_results(graph, shapes):
    """Both engines' results; fails with the differences if they are not the same."""
    fast, reference = results(graph, shapes, "sparql"), results(graph, shapes, "pyshacl")
    assert fast == reference, {"sparql only": fast - reference, "pyshacl only": reference - fast}
    return fast


def shapes_of(found) -> set[str]:
    return {shape[len(SHAPES):] for _, shape, *_ in found}


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_same_as_pyshacl(path, shapes, ontology):
    g = Graph()
    g += ontology
    g.parse(path)
    found = same_results(g, shapes)
    if path.name.split("-")[0] not in CROSS_CHECK_SHAPES:  # those: test_cross_checks_are_standard_shacl_sparql
        assert bool(found) == ("-invalid-" in path.name)


def test_built_graph_same_as_pyshacl(built, shapes):
    assert same_results(built, shapes) == set()  # its 8 warnings are cross-checks


def test_store_only(built, shapes):
    """The build passes its pyoxigraph store and no rdflib graph."""
    store = to_store(built)
    assert validate(None, shapes, store=store).results == validate(built, shapes).results
    assert ({(r.shape, r.focus) for r in validate(None, shapes, store=store, engine="pyshacl").results}
            == {(r.shape, r.focus) for r in validate(built, shapes).results})  # cross-checks: both ccmkg's


def test_state_labels_deleted(built, shapes):
    states = list(built.subjects(RDF.type, URIRef(CCM + "State")))
    g = mutated(built, remove=[(s, RDFS.label, None) for s in states])
    found = same_results(g, shapes)
    assert {(shape, focus) for _, shape, focus, *_ in found if shape.endswith("AgentShape-label")} == \
        {(SHAPES + "AgentShape-label", str(s)) for s in states}


def test_second_status_at_same_date(built, shapes):
    member = URIRef(MSP5 + "finding/21/member/CAN")
    g = mutated(built, add=[(member, URIRef(CCM + "describedStatus"), URIRef(STATUS + "signatory"))])
    assert "MembershipShape-status" in shapes_of(same_results(g, shapes))  # cross-check: test_cross_checks_pyshacl


def test_string_where_integer_required(built, shapes):
    order = URIRef(CCM + "order")
    parts = sorted(built.subjects(order, None))[:3]
    g = mutated(built, remove=[(p, order, None) for p in parts],
                add=[(parts[0], order, Literal("three")),  # a plain string
                     (parts[1], order, Literal("three", datatype=XSD_INTEGER)),  # ill-typed
                     (parts[2], order, Literal("0", datatype=XSD_INTEGER))])  # below sh:minInclusive
    found = same_results(g, shapes)
    assert {(focus, value) for _, _, focus, _, value, _ in found} >= {
        (str(parts[0]), "three"), (str(parts[1]), "three"), (str(parts[2]), "0")}


def test_wrong_class_objects(built, shapes):
    made_at = URIRef(CCM + "madeAt")
    location = URIRef(CCM + "location")
    decision, meeting = sorted(built.subject_objects(made_at))[0]
    meeting_place = sorted(pair for pair in built.subject_objects(location) if "/meeting/" in pair[0])[0]
    canada = URIRef(ID + "state/CAN")
    g = mutated(built, remove=[(decision, made_at, meeting), (meeting_place[0], location, meeting_place[1])],
                add=[(decision, made_at, canada),  # a State is no ccm:Meeting
                     (meeting_place[0], location, decision)])  # neither ccm:Place nor ccm:State (sh:or)
    assert {"DecisionShape-madeAt", "MeetingShape-location"} <= shapes_of(same_results(g, shapes))


def test_strings_languages_lists_and_iris(built, shapes):
    canada = URIRef(ID + "state/CAN")
    quote = URIRef(MSP5 + "finding/8#quote")
    exact = URIRef("http://www.w3.org/ns/oa#exact")
    member = URIRef(MSP5 + "finding/21/member/CAN")
    g = mutated(built, remove=[(canada, URIRef(CCM + "iso3166Alpha3"), None), (quote, exact, None)],
                add=[(canada, RDFS.label, Literal("Kanada", lang="de")),  # maxCount, languageIn
                     (quote, exact, Literal("")),  # minLength
                     (member, URIRef(CCM + "capacity"), URIRef(STATUS + "party")),  # sh:in
                     (URIRef(ID + "state/can"), RDF.type, URIRef(CCM + "State")),  # IRI pattern
                     (URIRef(ID + "state/XYZ"), RDF.type, URIRef(CCM + "State"))])  # minCount
    assert {"AgentShape-label", "StateShape-iso3", "QuoteSelectorShape-exact", "CapacityValueShape-in",
            "StateShape"} <= shapes_of(same_results(g, shapes))


def test_node_kinds_dates_and_blank_nodes(built, shapes):
    refers_to, as_at = URIRef(CCM + "refersTo"), URIRef(CCM + "asAt")
    reference = sorted(built.subjects(refers_to, None))[0]
    member = URIRef(MSP5 + "finding/21/member/CAN")
    blank = BNode()
    g = mutated(built, remove=[(reference, refers_to, None), (member, as_at, None)],
                add=[(reference, refers_to, Literal("CCM/MSP/2010/5")),  # sh:nodeKind sh:IRI
                     (member, as_at, Literal("2011-02-30", datatype=XSD_DATE)),  # ill-typed date
                     (blank, RDF.type, URIRef(CCM + "Person")),  # a blank node fails sh:pattern
                     (blank, RDFS.label, Literal("Nobody", lang="en"))])
    found = same_results(g, shapes)
    assert {"DocumentReferenceShape-refersTo", "MembershipShape-asAt", "AgentShape"} <= shapes_of(found)


UNSUPPORTED = {
    "sh:xone": "sh:xone ( [ sh:class ccm:Place ] [ sh:class ccm:State ] )",
    "sh:closed": "sh:closed true",
    "sh:targetNode": "sh:targetNode <https://w3id.org/ccmkg/id/state/CAN>",
    "sh:inversePath": "sh:property [ sh:path [ sh:inversePath ccm:member ] ; sh:minCount 1 ]",
    "sh:maxLength": "sh:property [ sh:path rdfs:label ; sh:maxLength 3 ]",
}


@pytest.mark.parametrize("what", UNSUPPORTED)
def test_unsupported_constraint_is_refused(what, tmp_path, built):
    folder = tmp_path / "shapes"
    shutil.copytree(ROOT / "shapes", folder)
    (folder / "extra.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ccm: <https://w3id.org/ccmkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<https://example.org/Extra> a sh:NodeShape ; sh:targetClass ccm:State ; {UNSUPPORTED[what]} .\n")
    with pytest.raises(UnsupportedShape, match=what):
        validate(built, load_shapes(folder))


def test_cross_check_messages_list_sources_sorted(built, shapes):
    """GROUP_CONCAT's order is open in SPARQL; ccmkg sorts the listed sources, so the text of a
    report is the same whatever order the triples were loaded in."""
    triples = sorted(built, key=str)
    forward, backward = Graph(), Graph()
    for triple in triples:
        forward.add(triple)
    for triple in reversed(triples):
        backward.add(triple)
    one, other = validate(forward, shapes).results, validate(backward, shapes).results
    assert one == other
    conflicts = [r for r in one if r.shape == SHAPES + "StatusConflictShape"]
    assert conflicts
    for r in conflicts:
        for listed in re.findall(r"\(([^()]*)\)", r.message):
            assert listed.split(" ") == sorted(listed.split(" ")), r.message


CROSS_CHECK_FIXTURES = [p for p in FIXTURES if p.name.split("-")[0] in {
    "QuoteInSourceShape", "OneStatusPerStatementShape", "OneCapacityPerDateShape",
    "StatedCountShape", "StatusConflictShape"}]


@pytest.mark.parametrize("path", CROSS_CHECK_FIXTURES, ids=[p.stem for p in CROSS_CHECK_FIXTURES])
def test_cross_checks_are_standard_shacl_sparql(path, ontology):
    """pySHACL runs shapes/cross-checks.ttl itself (SHACL-SPARQL forbids MINUS, VALUES and SERVICE,
    and pySHACL refuses a query that has them) and finds the focus nodes ccmkg finds."""
    from pyshacl import validate as shacl_validate

    g = Graph()
    g += ontology
    g.parse(path)
    shapes_graph = Graph().parse(ROOT / "shapes" / "cross-checks.ttl")
    conforms, report, text = shacl_validate(g, shacl_graph=shapes_graph, inference="none",
                                            advanced=True, allow_warnings=True)
    sh = "http://www.w3.org/ns/shacl#"
    theirs = {(str(report.value(r, URIRef(sh + "sourceShape"))), str(report.value(r, URIRef(sh + "focusNode"))))
              for r in report.subjects(RDF.type, URIRef(sh + "ValidationResult"))}
    ours = {(r.shape, r.focus) for r in validate(g, load_shapes(ROOT / "shapes")).results
            if r.shape.split("#")[-1] == path.name.split("-")[0]}
    assert "Validation Failure" not in text
    assert theirs == ours
    assert bool(ours) == ("-invalid-" in path.name)


def test_ill_formed_duration(built, shapes):
    """sh:datatype xsd:duration checks the lexical form (the differential tests found it passed)."""
    limit = URIRef(CCM + "timeLimit")
    obligation, value = sorted(built.subject_objects(limit))[0]
    g = mutated(built, remove=[(obligation, limit, value)],
                add=[(obligation, limit, Literal("xP10Y", datatype=URIRef("http://www.w3.org/2001/XMLSchema#duration")))])
    assert (str(obligation), "xP10Y") in {(focus, value) for _, _, focus, _, value, _ in same_results(g, shapes)}
