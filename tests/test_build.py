"""The build: regeneration, determinism, strict parsing, ontology lint, and bad input."""
import re
import shutil
import difflib

import pyoxigraph
import pytest
from rdflib import Graph

from ccmkg.build import Project, build

from .conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def rebuilt(two_builds):
    return two_builds


def test_rebuild_equals_the_committed_data(rebuilt, project):
    committed = sorted(p.relative_to(project.data_dir).as_posix() for p in project.data_files())
    assert sorted(p.relative_to(rebuilt[0] / "ttl").as_posix() for p in project.data_files(rebuilt[0] / "ttl")) == committed
    for name in committed:
        new = (rebuilt[0] / "ttl" / name).read_text(encoding="utf-8")
        old = (project.data_dir / name).read_text(encoding="utf-8")
        if new != old:
            diff = "".join(list(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                     f"committed/{name}", f"rebuilt/{name}"))[:80])
            pytest.fail(f"data/ttl/{name} is out of date; run `ccmkg build`:\n{diff}")


def test_two_builds_give_the_same_bytes(rebuilt):
    for first in sorted((rebuilt[0]).rglob("*.ttl")):
        second = rebuilt[1] / first.relative_to(rebuilt[0])
        assert first.read_bytes() == second.read_bytes(), first.name


def test_dist_parses_in_pyoxigraph_strict_parser_and_in_rdflib(rebuilt):
    path = rebuilt[0] / "dist" / "ccm.ttl"
    strict = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(strict) == len(Graph().parse(path, format="turtle")) > 10000


LINT = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term WHERE {
  VALUES (?kind ?labelled) { (owl:Class rdfs:label) (owl:ObjectProperty rdfs:label)
                             (owl:DatatypeProperty rdfs:label) (skos:Concept skos:prefLabel) }
  ?term a ?kind .
  FILTER(STRSTARTS(STR(?term), "https://w3id.org/ccmkg/"))
  FILTER NOT EXISTS {
    ?term ?labelled ?label ; skos:definition ?definition ; rdfs:isDefinedBy ?ontology .
    FILTER(LANG(?label) = "en" && LANG(?definition) = "en") }
}"""


def test_lint_no_term_without_label_and_definition(store):
    assert [r["term"].value for r in store.run(LINT)] == []


def test_ontology_defines_exactly_the_terms_the_code_uses(store):
    code = set(re.findall(r"^    (\w+): URIRef", (ROOT / "ccmkg" / "terms.py").read_text(), re.M))
    rows = store.run("""SELECT ?t WHERE { ?t a ?k . VALUES ?k { <http://www.w3.org/2002/07/owl#Class>
        <http://www.w3.org/2002/07/owl#ObjectProperty> <http://www.w3.org/2002/07/owl#DatatypeProperty> }
        FILTER(STRSTARTS(STR(?t), "https://w3id.org/ccmkg/ontology#")) }""")
    assert {r["t"].value.split("#")[1] for r in rows} == code


def test_ontology_header(store):
    rows = list(store.run("""PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?v ?vi ?t ?d ?l ?c WHERE { <https://w3id.org/ccmkg/ontology> a owl:Ontology ;
          owl:versionInfo ?v ; owl:versionIRI ?vi ; dcterms:title ?t ; dcterms:description ?d ;
          dcterms:license ?l ; dcterms:creator ?c }"""))
    assert rows


# ---------------------------------------------------------------------------------- bad input
@pytest.fixture
def scratch(tmp_path):
    """A copy of the project's inputs, with the committed outputs in place."""
    for folder in ("data/source", "data/annotations", "ontology", "data/ttl"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def outputs(root):
    return {p: p.read_bytes() for p in sorted((root / "data" / "ttl").rglob("*.ttl"))}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


ANNOTATIONS = "data/annotations/CCM-MSP-2011-5"


@pytest.mark.parametrize("file, old, new, message, where", [
    # a State name the alias table no longer resolves (pycountry knows "Cabo Verde" only)
    ("../names.yaml", "  Cape Verde: CPV ",  # the shared names table
     "  Cabo Verde: CPV ", "unknown name 'Cape Verde'", "participation.yaml"),
    # a paragraph that does not exist
    ("decisions.yaml", "source: main__para_21", "source: main__para_34", "no part 'main__para_34'", "decisions.yaml"),
    # a quote not found in its paragraph
    ("roles.yaml", "quote: \"Australia (on clearance)\"", "quote: \"Australia (on mine clearance)\"",
     "quote not found in main__para_16", "roles.yaml"),
    # a footnote that does not exist
    ("findings.yaml", "  - footnote: 76\n", "  - footnote: 77\n", "no part 'annex_2__fn_77'", "findings.yaml"),
    # a key the format does not have
    ("roles.yaml", "  - id: msp-1-president\n", "  - id: msp-1-president\n    colour: red\n", "unknown key(s) colour", "roles.yaml"),
    # malformed YAML
    ("decisions.yaml", "decisions:\n", "decisions:\n  - [unclosed\n", "malformed YAML", "decisions.yaml"),
])
def test_bad_annotation_stops_the_build_naming_file_and_line(scratch, file, old, new, message, where):
    path = scratch / ANNOTATIONS / file
    edit(path, old, new)
    before = outputs(scratch)
    result = run_cli("--root", str(scratch), "build")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    match = re.search(r"(\S+\.(?:yaml|txt)):(\d+): ", result.stderr)
    assert match, result.stderr
    assert match.group(1).endswith(where)
    assert outputs(scratch) == before  # nothing written
    assert not (scratch / "dist").exists()


def test_unknown_name_error_points_at_the_entry_line(scratch):
    path = scratch / ANNOTATIONS / "roles.yaml"
    edit(path, "holder: Australia,", "holder: Australasia,")
    result = run_cli("--root", str(scratch), "build")
    assert result.returncode == 2
    assert f"roles.yaml:{line_of(path, 'holder: Australasia,')}: unknown name 'Australasia'" in result.stderr


def test_not_a_project_folder(tmp_path):
    result = run_cli("--root", str(tmp_path), "build")
    assert result.returncode == 2 and "not a ccmkg project folder" in result.stderr


def test_an_undocumented_term_stops_the_build(scratch):
    path = scratch / "ontology" / "ccm.ttl"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nccm:State\n")
    definition = text.index("skos:definition", start)
    path.write_text(text[:definition] + "rdfs:comment" + text[definition + len("skos:definition"):],
                    encoding="utf-8")
    result = run_cli("--root", str(scratch), "build")
    assert result.returncode == 2
    assert "https://w3id.org/ccmkg/ontology#State" in result.stderr
    assert not (scratch / "dist").exists()


def test_an_unchanged_build_is_skipped_and_any_change_rebuilds(tmp_path):
    """The build record (ccmkg.cache): same inputs and untouched outputs mean nothing to do; an
    edited annotation, an edited output or a deleted output mean a full build again."""
    for folder in ("data", "ontology", "shapes", "queries", "rules"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    project = Project(tmp_path)
    first = build(project)
    assert not first.cached
    written = {p: p.read_bytes() for p in sorted((tmp_path / "dist").iterdir())}
    again = build(project)
    assert again.cached and again.lines() == first.lines()
    assert {p: p.read_bytes() for p in sorted((tmp_path / "dist").iterdir())} == written
    (tmp_path / "dist" / "ccm.nt").unlink()
    assert not build(project).cached
    assert (tmp_path / "dist" / "ccm.nt").read_bytes() == written[tmp_path / "dist" / "ccm.nt"]
    roles = project.document("CCM-MSP-2011-5").annotations / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + "# a curator's note\n", encoding="utf-8")
    assert not build(project).cached
    assert build(project, force=True).cached is False
