"""Validation (issue 3): shape fixtures, the built graph, mutations of it, and `ccmkg validate`.

Expected warnings come from the document (tests/expected/status-claims.md): Canada, Switzerland and
the Democratic Republic of the Congo are "States parties" in annex II footnotes 21/22/69/70 but
signatories elsewhere; Sudan is a signatory in footnote 38 but an observer in paragraph 11; footnote 1
lists 13 States for "13 signatories have ratified and 1 State has acceded" (14).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection

from ccmkg.shacl import validate

from .conftest import mutated

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "shapes").glob("*.ttl"))
ID = "https://w3id.org/ccmkg/id/"
MSP5 = ID + "doc/CCM-MSP-2011-5/"
SHAPES = "https://w3id.org/ccmkg/shapes#"
CCM = "https://w3id.org/ccmkg/ontology#"


def node_shape(shape: str) -> str:
    """shapes:MembershipShape-status -> MembershipShape."""
    return shape[len(SHAPES):].split("-")[0]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture(path, shapes, ontology):
    expect = path.read_text(encoding="utf-8").splitlines()[0]
    g = Graph()
    g += ontology
    g.parse(path)
    results = validate(g, shapes).results
    if "-valid-" in path.name:
        assert expect.startswith("# expect: conforms"), expect
        assert results == []
    else:
        count, shape = re.match(r"# expect: (\d+) results? from (\w+)", expect).groups()
        assert [node_shape(r.shape) for r in results] == [shape] * int(count), results


def node_shapes_in_files() -> set[str]:
    """Local names of the node shapes of every file in shapes/ (SHACL Core and SHACL-SPARQL)."""
    g = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        g.parse(path)
    return {str(s)[len(SHAPES):] for s in g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                      URIRef("http://www.w3.org/ns/shacl#NodeShape"))
            if str(s).startswith(SHAPES)}


def test_every_node_shape_has_a_valid_and_an_invalid_fixture():
    """Issue 3: tests/shapes/{NodeShape}-valid-01.ttl and -invalid-01.ttl for every node shape, and
    no fixture for a shape that does not exist; an invalid fixture expects results of its own shape."""
    node_shapes = node_shapes_in_files()
    assert len(node_shapes) >= 60
    names = {p.stem for p in FIXTURES}
    missing = sorted(f"{s}-{kind}-01" for s in node_shapes for kind in ("valid", "invalid")
                     if f"{s}-{kind}-01" not in names)
    assert missing == [], f"shapes without fixtures in tests/shapes/: {missing}"
    for path in FIXTURES:
        match = re.fullmatch(r"(\w+)-(valid|invalid)-\d{2}", path.stem)
        assert match and match.group(1) in node_shapes, f"{path.name}: not {{NodeShape}}-valid|invalid-NN"
        expect = path.read_text(encoding="utf-8").splitlines()[0]
        if match.group(2) == "invalid":
            assert re.match(rf"# expect: \d+ results? from {match.group(1)} \(.+\)$", expect), path.name
        else:
            assert re.match(r"# expect: conforms \(.+\)$", expect), path.name


def test_sh_in_lists_name_every_concept_of_their_scheme(shapes, ontology):
    """An sh:in list of cv: concepts (status, capacity, decision kind, role, ISU principle) is the
    whole scheme: a concept added to ontology/vocab/ must be added to the shape too."""
    sh_in = URIRef("http://www.w3.org/ns/shacl#in")
    in_scheme = URIRef("http://www.w3.org/2004/02/skos/core#inScheme")
    vocab = "https://w3id.org/ccmkg/vocab/"
    checked = 0
    for shape, head in shapes.core.subject_objects(sh_in):
        listed = {str(x) for x in Collection(shapes.core, head)}
        schemes = {x[len(vocab):].split("/")[0] for x in listed if x.startswith(vocab) and "/" in x[len(vocab):]}
        if len(schemes) != 1 or not all(x.startswith(vocab) and "/" in x[len(vocab):] for x in listed):
            continue  # a list of schemes (a path through skos:inScheme), not of concepts
        scheme = URIRef(vocab + schemes.pop())
        assert listed == {str(c) for c in ontology.subjects(in_scheme, scheme)}, shape
        checked += 1
    assert checked >= 5


def test_every_shape_has_a_label_and_message(shapes):
    g = shapes.core
    sh = "http://www.w3.org/ns/shacl#"
    named = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(SHAPES)}
    assert len(named) > 100
    for shape in named:
        assert g.value(shape, RDFS.label) is not None, shape
        assert g.value(shape, URIRef(sh + "message")) is not None, shape


def test_every_class_has_a_shape(shapes, ontology):
    classes = {str(c) for c in ontology.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                  URIRef("http://www.w3.org/2002/07/owl#Class"))
               if str(c).startswith(CCM)}
    targeted = {str(c) for c in shapes.core.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    assert classes - targeted == set()


def test_built_graph_conforms_with_the_documents_own_inconsistencies(built, shapes):
    report = validate(built, shapes)
    assert report.conforms
    conflicts = [r for r in report.results if r.shape == SHAPES + "StatusConflictShape"]
    assert {r.focus for r in conflicts} == {ID + "state/" + c for c in ("CAN", "CHE", "COD", "SDN")}
    assert all(r.severity == "Warning" for r in conflicts)
    sudan = next(r for r in conflicts if r.focus.endswith("SDN"))
    assert "annex_2__fn_38" in sudan.message and "main__para_11" in sudan.message  # both sources
    counts = [r for r in report.results if r.shape == SHAPES + "StatedCountShape"]
    assert [(r.focus, r.value, r.severity) for r in counts] == [(MSP5 + "finding/1", "14", "Warning")]
    assert {r.severity for r in report.results} == {"Warning"}


def violated_shapes(graph, shapes) -> set[str]:
    return {node_shape(r.shape) for r in validate(graph, shapes).results if r.severity == "Violation"}


def test_label_deleted_fails_agent_shape(built, shapes):
    canada = URIRef(ID + "state/CAN")
    g = mutated(built, remove=[(canada, RDFS.label, None)])
    assert violated_shapes(g, shapes) == {"AgentShape"}


def test_second_status_at_same_date_fails(built, shapes):
    member = URIRef(MSP5 + "finding/21/member/CAN")
    g = mutated(built, add=[(member, URIRef(CCM + "describedStatus"),
                             URIRef("https://w3id.org/ccmkg/vocab/status/signatory"))])
    assert violated_shapes(g, shapes) == {"MembershipShape", "OneStatusPerStatementShape"}


def test_quote_altered_fails_quote_in_source(built, shapes):
    quote = URIRef(MSP5 + "finding/8#quote")
    exact = URIRef("http://www.w3.org/ns/oa#exact")
    g = mutated(built, remove=[(quote, exact, None)], add=[(quote, exact, Literal("Seventeen States parties"))])
    assert violated_shapes(g, shapes) == {"QuoteInSourceShape"}


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "ccmkg.cli", "--root", str(ROOT), "validate", *args],
                          capture_output=True, text=True)


def test_cli_exit_0_on_the_built_graph():
    done = run_cli("--format", "json")
    assert done.returncode == 0, done.stderr
    # 8 disagreements of statuses and counts, and 10 States with progress on an obligation the
    # document never says they have: the eight States parties of footnote 12 and Hungary (footnote
    # 19) completed stockpile destruction, Sudan reported on clearance (footnote 38)
    assert '"Warning": 18' in done.stdout


def test_cli_exit_1_on_violations(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://w3id.org/ccmkg/id/state/CAN> <http://www.w3.org/2000/01/rdf-schema#label> "Kanada"@de .\n')
    done = run_cli(str(extra))
    assert done.returncode == 1
    assert "AgentShape-label" in done.stdout


def test_cli_exit_2_on_unreadable_input(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    done = run_cli(str(bad))
    assert done.returncode == 2
    assert f"{bad}:2" in done.stderr and "Traceback" not in done.stderr


def test_cli_exit_2_on_a_missing_file(tmp_path):
    missing = tmp_path / "missing.ttl"
    done = run_cli(str(missing))
    assert done.returncode == 2
    assert done.stderr.startswith(f"ccmkg: error: {missing}: cannot read: No such file or directory")
    assert done.stderr.count("\n") == 1 and done.stdout == ""
