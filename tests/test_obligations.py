"""The obligation register and stated-or-derived marking.

Expected register rows come from a reading of annex II's footnotes made before the rules were
run (tests/expected/obligation-register-reading.txt, merged into obligation-register.csv); the
totals of obligation-check are the document's own numbers and names.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from ccmkg.build import Project, build_facts, load_ontology
from ccmkg.derive import derive, facts_and_ontology, load_rules, read_rule, to_store
from ccmkg.errors import InputError
from ccmkg.query import bindings, saved_queries

from .conftest import ROOT, read_csv, run_cli

CCM = "https://w3id.org/ccmkg/ontology#"
DERIVED = URIRef("https://w3id.org/ccmkg/vocab/basis/derived")
STATED = URIRef("https://w3id.org/ccmkg/vocab/basis/stated")
PROV_FROM = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
HEADER = ["iso3", "article", "status", "progress", "as_at", "sources"]


def expected_rows() -> list[dict[str, str]]:
    with open(ROOT / "tests" / "expected" / "obligation-register.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def register_of(project: Project) -> list[dict[str, str]]:
    """Build the facts of `project` (no files written) and run the saved register query on them."""
    ontology = load_ontology(project)
    ctx = build_facts(project, ontology)
    ctx.graphs["derived"] = derive(to_store(facts_and_ontology(ctx.graphs, ontology)),
                                   load_rules(project.rules), project.root)
    store = to_store(facts_and_ontology(ctx.graphs, ontology))
    query = saved_queries(ROOT / "queries")["obligation-register"]
    results = store.query(query.text, substitutions=bindings(query, {}))
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names} for row in results]


def test_register_header_is_the_contract():
    done = run_cli("query", "obligation-register", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert next(csv.reader(io.StringIO(done.stdout))) == HEADER


def test_register_rows_are_the_footnotes_as_read():
    done = run_cli("query", "obligation-register", "--format", "csv")
    assert read_csv(done.stdout) == expected_rows()


def test_register_size_per_article():
    """States per obligation, counted by hand from the footnotes: article 3 (2) has the 7 States
    parties of footnote 8, the 4 of footnote 13, the 15 signatories of footnote 16 (Canada also in
    14), the 8 of footnote 12 and Hungary (19); every other State under it is among these."""
    rows = read_csv(run_cli("query", "obligation-register", "--format", "csv").stdout)
    holders = {}
    for row in rows:
        holders.setdefault(row["article"], set()).add(row["iso3"])
    assert len(holders["3 (2)"]) == 7 + 4 + 15 + 8 + 1
    assert len(holders["3, 4 and/or 5"]) == 19  # footnote 53
    assert len(holders["4 (1)"]) == 7 + 7 + 2 + 1  # footnotes 32, 33, 36 and Sudan (38)


@pytest.fixture(scope="module")
def copy_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    for folder in ("data/source", "data/annotations", "data/reference", "ontology", "rules"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def without_finding(root: Path, footnote: int) -> Project:
    """The project with the annotation of one footnote's finding removed (entries are blank-line separated)."""
    path = root / "data" / "annotations" / "CCM-MSP-2011-5" / "findings.yaml"
    original = (ROOT / "data" / "annotations" / "CCM-MSP-2011-5" / "findings.yaml").read_text(encoding="utf-8")
    chunks = original.split("\n\n")
    kept = [c for c in chunks if not c.lstrip("\n").startswith(f"  - footnote: {footnote}\n")]
    assert len(kept) == len(chunks) - 1
    path.write_text("\n\n".join(kept), encoding="utf-8")
    return Project(root)


def rows_without(footnote: str, by_elimination=()) -> list[dict[str, str]]:
    """The expected register once a footnote's finding is gone: a row keeps its other footnotes,
    and goes when none is left or when it was derived by elimination against that finding."""
    out = []
    for row in expected_rows():
        sources = row["sources"].split()
        if footnote in sources:
            if row["progress"] in by_elimination or sources == [footnote]:
                continue
            row = {**row, "sources": " ".join(s for s in sources if s != footnote)}
        out.append(row)
    return out


def test_removing_a_finding_removes_the_rows_that_rested_on_it(copy_project):
    assert register_of(without_finding(copy_project, 11)) == rows_without("11")  # Japan's tendering
    assert register_of(without_finding(copy_project, 9)) == rows_without("9")    # the Netherlands stays (13)
    # footnote 48 is also what paragraph 49's unnamed States are found against
    assert register_of(without_finding(copy_project, 48)) == rows_without(
        "48", by_elimination={"time-bound-actions-not-reported", "actions-23-26-not-reported"})


def test_every_derived_fact_names_its_rule_and_sources(built):
    derived = set(built.subjects(URIRef(CCM + "basis"), DERIVED))
    assert len(derived) > 500
    rules = set(built.subjects(RDF_TYPE, URIRef(CCM + "DerivationRule")))
    for node in derived:
        named = set(built.objects(node, URIRef(CCM + "derivedBy")))
        assert named and named <= rules, node
        sources = set(built.objects(node, PROV_FROM))
        assert sources, node
        for source in sources:  # each is a fact or text part of the graph, not a dangling IRI
            assert (source, None, None) in built, (node, source)
    for rule in rules:
        path = ROOT / str(built.value(rule, URIRef(CCM + "ruleFile")))
        assert path.is_file() and path.stem == str(rule).rsplit("/", 1)[-1]


def test_every_triple_of_derived_ttl_is_a_rule_or_about_a_derived_node(built):
    from rdflib import Graph

    g = Graph().parse(ROOT / "data" / "ttl" / "CCM-MSP-2011-5" / "derived.ttl")
    rules = set(g.subjects(RDF_TYPE, URIRef(CCM + "DerivationRule")))
    for s in set(g.subjects()):
        assert s in rules or (s, URIRef(CCM + "basis"), DERIVED) in g, s


def test_every_quoted_fact_is_marked_stated(built):
    quoted = set(built.subjects(URIRef(CCM + "quote"), None))
    assert len(quoted) > 800
    assert {s for s in quoted if (s, URIRef(CCM + "basis"), STATED) not in built} == set()
    assert {s for s in quoted if (s, URIRef(CCM + "basis"), DERIVED) in built} == set()


def test_derived_triples_on_stated_nodes_are_described(select):
    """Issue 12's examples: paragraph 8's in-force status, footnotes 23 and 34, the sub-heading's
    actions (footnote 17: action No. 9 only in "Actions Nos. 8 and 9"), the ISU's host and head."""
    rows = select("""SELECT ?rule ?subject ?object WHERE {
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:object ?o ; ccm:derivedBy ?r .
        BIND(STRAFTER(STR(?r), "/rule/") AS ?rule) BIND(STR(?s) AS ?subject) BIND(STR(?o) AS ?object) }""")
    found = {(r["rule"], r["subject"].split("/id/")[-1], r["object"].split("/")[-1]) for r in rows}
    doc = "doc/CCM-MSP-2011-5/"
    assert ("status-implied-by-capacity", doc + "list/main__para_8/member/ALB", "in-force") in found
    assert ("status-in-mixed-group", doc + "finding/23/member/COL", "signatory") in found
    assert ("status-in-mixed-group", doc + "finding/34/member/IRQ", "signatory") in found
    assert ("actions-from-sub-heading", doc + "finding/17", "9") in found
    assert ("actions-from-sub-heading", doc + "finding/17", "8") not in found  # paragraph 31 names it
    assert ("planned-as-done", "body/isu", "gichd") in found
    assert ("planned-as-done", "body/isu", "isu-director") in found
    assert not any(r == "status-implied-by-capacity" and "main__para_10" in s for r, s, _ in found)


def test_obligation_check_reproduces_or_names_the_difference():
    done = run_cli("query", "obligation-check", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "source,stated,derived,difference"
    rows = {r["source"]: r for r in read_csv(done.stdout)}

    def row(start: str) -> dict:
        matches = [r for s, r in rows.items() if s.startswith(start)]
        assert len(matches) == 1, (start, matches)
        return matches[0]
    # para 7: "7 of the 11 States parties with reported stockpiles": 11 holds; 7 does not, the
    # Netherlands (footnote 13, "which has begun to destroy its stockpiles") is the eighth
    assert (row("Annex II, paragraph 7: States parties with reported stockpiles of")["derived"]) == "11"
    started = row("Annex II, paragraph 7: States parties with reported stockpiles that")
    assert (started["stated"], started["derived"]) == ("7", "8") and "NLD (13)" in started["difference"]
    assert row("Annex II, paragraph 29: footnote 8")["difference"].endswith(
        "in the register, not listed: NLD (13); listed, not in the register: none")
    # para 58: 19 States parties, Bulgaria under no article-specific finding
    fn53 = row("Annex II, paragraph 58: footnote 53")
    assert (fn53["stated"], fn53["derived"]) == ("19", "18") and "listed, not in the register: BGR (53)" in fn53["difference"]
    # para 47's eight and five, para 49's three and one
    assert row("Annex II, paragraph 47: footnote 43")["difference"] == ""
    assert row("Annex II, paragraph 47: footnote 44")["difference"] == ""
    assert row("Annex II, paragraph 49: States parties with article 5 (1) obligations that have not reported implementing any")["derived"] == "3"
    # para 29's seven that completed before entry into force: the text names none
    assert row("Annex II, paragraph 29: States parties (of the eight")["derived"] == "0"


def test_convention_obligations_have_durations_not_dates(select):
    rows = select("""SELECT ?notation ?limit ?source WHERE {
        ?o a ccm:Obligation ; skos:notation ?notation ; dcterms:source ?source .
        OPTIONAL { ?o ccm:timeLimit ?limit } }""")
    limits = {r["notation"]: r["limit"] for r in rows}
    assert (limits["3 (2)"], limits["4 (1)"], limits["7 (1)"]) == ("P8Y", "P10Y", "P180D")
    assert all("/instrument/ccm/article/" in r["source"] for r in rows)
    dated = select("""SELECT ?x WHERE { { ?x a ccm:Obligation } UNION { ?x a ccm:StateObligation }
        ?x ?p ?d . FILTER(DATATYPE(?d) = xsd:date) }""")
    assert dated == []


def test_a_rule_without_its_header_is_refused(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("# label: something\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_rule(path)
    assert str(path) in str(err.value) and "comment" in str(err.value)


def test_researcher_queries():
    begun = read_csv(run_cli("query", "stockpile-destruction-begun", "--format", "csv").stdout)
    assert [r["iso3"] for r in begun] == ["DEU", "FRA", "GBR", "NLD"]  # footnote 9 and footnote 13's remark
    clearance = read_csv(run_cli("query", "signatory-obligations", "--param", "article=4 (1)", "--format", "csv").stdout)
    assert {r["iso3"] for r in clearance} == {"AFG", "AGO", "TCD", "COG", "COD", "IRQ", "MRT"}  # footnote 33
    asked = read_csv(run_cli("query", "obligations-assistance", "--format", "csv").stdout)
    assert {r["iso3"] for r in asked} == {"BIH", "HRV", "GNB", "CIV", "LAO", "LBN", "AFG", "IRQ", "ALB"}
