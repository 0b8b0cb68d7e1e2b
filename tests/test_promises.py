"""README promises about `ccmkg build` and `ccmkg validate` that no other test held to: each test
fails if the promise breaks. Exact where the README is exact."""
from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from ccmkg import cache
from ccmkg.build import Project, build
from ccmkg.query import bindings, saved_queries

from .conftest import ROOT, copy_project, mutated, run_cli

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MSP5 = "https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/"
CCM = "https://w3id.org/ccmkg/ontology#"

VIOLATING_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ccm: <https://w3id.org/ccmkg/ontology#> .
<https://example.org/EveryStateHasAMotto> a sh:NodeShape ; sh:targetClass ccm:State ;
    sh:message "a State has a motto" ; sh:property [ sh:path ccm:motto ; sh:minCount 1 ] .
"""

# The README's warnings, read from the document: 8 of its own inconsistencies (footnote 1 states 14
# and lists 13; Canada, Switzerland and the DRC two each, Sudan one: States parties in some places,
# signatories or observers in others) and 10 progress reports on an obligation the document never
# says the State has (the eight States parties of footnote 12 and Hungary, footnote 19, completed
# stockpile destruction; Sudan reported on clearance, footnote 38).
WARNINGS = 8 + 10


def outputs(root) -> dict:
    return {p: p.read_bytes() for folder in ("data/ttl", "dist") for p in sorted((root / folder).rglob("*"))
            if p.is_file()}


# ------------------------------------------------------------------ build: exit 1, nothing written
def test_build_stops_on_a_violation_with_exit_1_and_writes_nothing(tmp_path):
    root = copy_project(tmp_path)
    (root / "shapes" / "motto.ttl").write_text(VIOLATING_SHAPE, encoding="utf-8")
    done = run_cli("build", cwd=root)
    assert done.returncode == 1
    assert done.stderr == "ccmkg: error: the graph has SHACL violations; nothing written\n"
    assert done.stdout.startswith("Violation: https://example.org/EveryStateHasAMotto\n")
    assert f"does not conform: 137 violations, {WARNINGS} warnings, 0 infos" in done.stdout  # one per State named (136 + Libya, annex II para 22)
    assert not (root / "data" / "ttl").exists() and not (root / "dist").exists()


def test_a_violation_leaves_the_last_build_as_it_was(tmp_path):
    root = copy_project(tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    before = outputs(root)
    (root / "shapes" / "motto.ttl").write_text(VIOLATING_SHAPE, encoding="utf-8")
    assert run_cli("build", cwd=root).returncode == 1
    assert outputs(root) == before


# ------------------------------------------------------------------ the build record
@pytest.fixture
def built_copy(tmp_path):
    root = copy_project(tmp_path)
    project = Project(root)
    assert not build(project).cached
    assert build(project).cached
    return project


def test_an_edited_output_makes_a_build_that_restores_it(built_copy):
    ttl = built_copy.dist / "ccm.ttl"
    original = ttl.read_bytes()
    ttl.write_bytes(original.replace(b"Lebanon", b"Lebanom", 1))
    again = build(built_copy)
    assert not again.cached
    assert again.documents == {"CCM-MSP-2011-5": "reused"}  # dist/ is merged again, the facts read back
    assert ttl.read_bytes() == original


def test_an_edited_data_file_makes_its_document_build_again(built_copy):
    data = built_copy.data_dir / "CCM-MSP-2011-5" / "findings.ttl"
    original = data.read_bytes()
    data.write_bytes(original + b"# edited\n")
    assert build(built_copy).documents == {"CCM-MSP-2011-5": "rebuilt"}
    assert data.read_bytes() == original


@pytest.mark.parametrize("edited", ["ontology/ccm.ttl", "shapes/ccm.shapes.ttl", "queries/participants.rq",
                                    "data/reference/countries.csv", "data/annotations/names.yaml",
                                    "rules/obligation-stated.rq", "data/source/CCM-MSP-2011-5.txt",
                                    "data/annotations/CCM-MSP-2011-5/roles.yaml"])
def test_an_edited_input_makes_a_full_build(built_copy, edited):
    path = built_copy.root / edited
    if not path.exists():
        pytest.skip(f"{edited} is not in this project")
    path.write_bytes(path.read_bytes() + (b"\n" if path.suffix in (".txt", ".csv") else b"\n# edited\n"))
    if edited.startswith("data/source/"):  # accepted as the README says, by deleting the source's record
        (built_copy.root / "data" / "annotations" / "CCM-MSP-2011-5" / "source.sha256").unlink()
    again = build(built_copy)
    assert not again.cached and again.documents == {"CCM-MSP-2011-5": "rebuilt"}
    assert build(built_copy).cached


@pytest.mark.parametrize("damage", [{"coverage": "x"}, {"outputs": []}, {"prefixes": None}, {"key": 7}])
def test_a_damaged_record_entry_rebuilds_its_document(built_copy, damage):
    path = built_copy.dist / cache.RECORD
    record = json.loads(path.read_text(encoding="utf-8"))
    record["key"] = "not this build's"  # past the whole-build check, to the document's entry
    record["documents"]["CCM-MSP-2011-5"].update(damage)
    path.write_text(json.dumps(record), encoding="utf-8")
    again = build(built_copy)
    assert not again.cached and again.documents == {"CCM-MSP-2011-5": "rebuilt"}
    assert build(built_copy).cached


def test_force_rebuilds_every_document(built_copy):
    forced = build(built_copy, force=True)
    assert not forced.cached and forced.documents == {"CCM-MSP-2011-5": "rebuilt"}


def test_edited_code_makes_a_full_build(built_copy, tmp_path, monkeypatch):
    import shutil

    code = tmp_path / "code" / "ccmkg"
    shutil.copytree(cache.PACKAGE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", code)
    assert build(built_copy).cached  # the same code, wherever it is
    (code / "names.py").write_text((code / "names.py").read_text() + "\n# a comment\n")
    again = build(built_copy)
    assert not again.cached and again.documents == {"CCM-MSP-2011-5": "rebuilt"}


def test_builds_under_different_hash_seeds_write_the_same_bytes(tmp_path):
    first, second = copy_project(tmp_path / "a"), copy_project(tmp_path / "b")
    assert run_cli("build", cwd=first, PYTHONHASHSEED="1").returncode == 0
    assert run_cli("build", cwd=second, PYTHONHASHSEED="2").returncode == 0
    one, other = outputs(first), outputs(second)
    assert [p.relative_to(first) for p in one] == [p.relative_to(second) for p in other]
    for path, data in one.items():
        assert data == other[second / path.relative_to(first)], path.relative_to(first)


# ------------------------------------------------------------------ validate on the command line
def test_validate_json_counts_exactly_the_readme_warnings(fresh):
    done = run_cli("validate", "--format", "json", cwd=fresh)
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert report["conforms"] is True and report["counts"] == {"Violation": 0, "Warning": WARNINGS, "Info": 0}
    assert len(report["results"]) == WARNINGS


def test_validate_turtle_is_a_shacl_report_with_the_readme_warnings(fresh):
    done = run_cli("validate", "--format", "turtle", cwd=fresh)
    assert done.returncode == 0
    triples = {q.triple for q in ox.parse(done.stdout.encode(), format=ox.RdfFormat.TURTLE)}
    [report] = [t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value == SH + "ValidationReport"]
    assert {t.object.value for t in triples if t.subject == report and t.predicate.value == SH + "conforms"} == {"true"}
    results = {t.object for t in triples if t.subject == report and t.predicate.value == SH + "result"}
    severities = [t.object.value for t in triples if t.subject in results and t.predicate.value == SH + "resultSeverity"]
    assert severities == [SH + "Warning"] * WARNINGS


def without_time(text: str) -> str:
    return re.sub(r" \(\d+\.\d+ s\)", "", text)


def test_validate_engine_pyshacl_on_the_command_line_gives_the_same_report(fresh):
    ours = run_cli("validate", cwd=fresh)
    reference = run_cli("validate", "--engine", "pyshacl", cwd=fresh)
    assert ours.returncode == reference.returncode == 0, reference.stderr
    assert without_time(reference.stdout) == without_time(ours.stdout)
    assert f"conforms: 0 violations, {WARNINGS} warnings, 0 infos" in ours.stdout


def test_validate_exit_1_names_the_violation_with_either_engine(fresh, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://w3id.org/ccmkg/id/state/XYZ> a <https://w3id.org/ccmkg/ontology#State> .\n')
    for engine in ("sparql", "pyshacl"):
        done = run_cli("validate", str(extra), "--engine", engine, "--format", "json", cwd=fresh)
        assert done.returncode == 1, engine
        violations = [r for r in json.loads(done.stdout)["results"] if r["severity"] == "Violation"]
        assert violations and {r["focus"] for r in violations} == {"https://w3id.org/ccmkg/id/state/XYZ"}


# ------------------------------------------------------------------ check queries fire
QUERIES = saved_queries(ROOT / "queries")


def rows_on(graph, name: str) -> list[dict[str, str]]:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    results = store.query(QUERIES[name].text, substitutions=bindings(QUERIES[name], {}))  # the defaults
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in results]


def test_every_check_query_is_tested_here():
    assert sorted(n for n, q in QUERIES.items() if "check" in q.tags) == ["check-facts-without-provenance"]


def test_check_facts_without_provenance_fires_on_a_fact_without_source_or_quote(built):
    finding, member = URIRef(MSP5 + "finding/8"), URIRef(MSP5 + "finding/8/member/FRA")
    assert rows_on(built, "check-facts-without-provenance") == []
    g = mutated(built, remove=[(finding, URIRef(CCM + "source"), None),
                               (URIRef(str(member) + "#quote"), URIRef("http://www.w3.org/ns/oa#exact"), None)])
    assert rows_on(g, "check-facts-without-provenance") == [
        {"fact": str(finding), "class": CCM + "Finding", "missing": "source"},
        {"fact": str(member), "class": CCM + "Membership", "missing": "quote"}]


def test_count_check_fires_on_a_member_removed(built):
    before = rows_on(built, "count-check")
    g = mutated(built, remove=[(URIRef(MSP5 + "list/main__para_10/member/AGO"), None, None)])
    added = [r for r in rows_on(g, "count-check") if r not in before]
    assert added and all("main__para_10" in " ".join(r.values()) for r in added)


def test_status_conflicts_fires_on_a_new_conflict(built):
    before = rows_on(built, "status-conflicts")
    member = URIRef(MSP5 + "finding/2/member/ITA")  # Italy: a signatory in footnote 2
    status = URIRef(CCM + "describedStatus")
    g = mutated(built, remove=[(member, status, None)],
                add=[(member, status, URIRef("https://w3id.org/ccmkg/vocab/status/party"))])
    added = [r for r in rows_on(g, "status-conflicts") if r not in before]
    assert added and all("ITA" in " ".join(r.values()) for r in added)
