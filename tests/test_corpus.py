"""A corpus of documents built by the normal `ccmkg build`, with no change of code: the project's
document (CCM/MSP/2011/5) and a TEST FIXTURE written for these tests (tests/fixtures/corpus/, not a
United Nations document), copied into data/source/ and data/annotations/ of a copy of the project.

Expected values come from the two texts, read by hand: data/source/CCM-MSP-2011-5.txt (paragraph 8
lists Lebanon among the 46 parties at the Meeting, 13-16 September 2011; paragraph 9 lists
Afghanistan among the six States that had ratified, not yet in force; paragraph 10 lists Canada
among the 38 signatories; Annex II, as at 20 August 2011: footnotes 32 and 59 list Lebanon among
States parties, footnote 2 lists Afghanistan among seven signatory States, footnotes 21 and 70 list
Canada among States parties) and tests/fixtures/corpus/source/TEST-FIXTURE-2012-1.txt (paragraph 3
lists Afghanistan, Lebanon and Norway as parties at the fixture meeting, held from 10 to 14 September
2012; paragraph 4 lists Canada and Indonesia as signatories; paragraph 5 names Brunei as an
observer; Annex II paragraph 1, as at 1 September 2012, footnote 1: Lebanon and Norway, States
parties).
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest

from ccmkg import namespaces as prefixes
from ccmkg.cli import main
from ccmkg.project import Project
import pyoxigraph as ox

from ccmkg.query import SHARED_GRAPH, Store, bindings, document_dataset, read_query, render

from .conftest import copy_project, run_cli
from .test_outputs_unchanged import recorded

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
REAL, TEST = "CCM-MSP-2011-5", "TEST-FIXTURE-2012-1"
ID = "https://w3id.org/ccmkg/id/"


def add_fixture(root: Path) -> Path:
    """The fixture document copied into a project as any document would be added."""
    shutil.copy(FIXTURE / "source" / f"{TEST}.txt", root / "data" / "source" / f"{TEST}.txt")
    shutil.copytree(FIXTURE / "annotations" / TEST, root / "data" / "annotations" / TEST)
    return root


def build_quietly(root: Path) -> str:
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = main(["--root", str(root), "build"])
    assert code == 0, printed.getvalue()
    return printed.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the project with the fixture added, built once: its root and what the build printed."""
    root = add_fixture(copy_project(tmp_path_factory.mktemp("corpus")))
    return root, build_quietly(root)


@pytest.fixture(scope="module")
def store(corpus) -> Store:
    project = Project(corpus[0])
    return Store(project.ontology_files + project.data_files(), prefixes.of_project(project.root))


def rows(store: Store, root: Path, name: str, **params) -> list[dict[str, str]]:
    query = read_query(root / "queries" / f"{name}.rq")
    results = store.run(query.text, bindings(query, params))
    return list(csv.DictReader(io.StringIO(render(results, "csv").decode("utf-8"))))


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.ttl"))}


# ------------------------------------------------------------------ the fixture and the layout

def test_the_fixture_says_it_is_a_test_fixture():
    text = (FIXTURE / "source" / f"{TEST}.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "TEST FIXTURE, NOT A UNITED NATIONS DOCUMENT"
    assert "It is not a United Nations document and reports no real meeting." in text
    assert (FIXTURE / "annotations" / TEST / "README.md").read_text(encoding="utf-8").startswith("TEST FIXTURE")
    for path in (FIXTURE / "annotations" / TEST).glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# TEST FIXTURE"), path.name


def test_each_document_has_its_own_folder_of_facts(corpus):
    root, _ = corpus
    assert sorted(p.name for p in (root / "data" / "ttl").iterdir()) == [REAL, TEST]
    fixture_files = {p.name for p in (root / "data" / "ttl" / TEST).glob("*.ttl")}
    assert {"participation.ttl", "findings.ttl", "decisions.ttl", "agents.ttl", "derived.ttl"} <= fixture_files


def test_the_real_documents_files_are_unchanged_by_a_second_document(corpus):
    root, _ = corpus
    expected = {path.rsplit("/", 1)[-1]: digest for path, digest in recorded().items()
                if path.startswith(f"data/ttl/{REAL}/")}
    assert digests(root / "data" / "ttl" / REAL) == expected


def test_the_corpus_builds_conforming_and_fully_accounted(corpus):
    _, printed = corpus
    assert "validation: conforms: 0 violations" in printed
    # 495 sentences of the real document (README, Coverage), 16 of the fixture: 3 lines of its
    # cover, 4 headings, 7 sentences in its 6 paragraphs, Annex II's paragraph and footnote
    assert "coverage: 511 sentences" in printed and ", 0 unaccounted" in printed


# ------------------------------------------------------------------ shared States

def test_a_state_named_by_both_documents_has_one_iri_and_both_documents_statuses(store):
    found = list(store.run('SELECT ?s WHERE { ?s ccm:iso3166Alpha3 "LBN" }'))
    assert [solution["s"].value for solution in found] == [ID + "state/LBN"]
    labels = {s["l"].value for s in store.run("SELECT ?l WHERE { ccmr:state\\/LBN rdfs:label ?l }")}
    assert labels == {"Lebanon"}
    claims = {(s["part"].value.removeprefix(ID + "doc/"), s["status"].value, s["date"].value) for s in store.run(
        "SELECT ?part ?status ?date WHERE { ?m ccm:member ccmr:state\\/LBN ; ccm:asAt ?date ; ccm:source ?part ; "
        "ccm:describedStatus/skos:notation ?status }")}
    assert {(f"{REAL}/main__para_8", "in-force", "2011-09-13"),
            (f"{REAL}/annex_2__fn_32", "party", "2011-08-20"),
            (f"{REAL}/annex_2__fn_59", "party", "2011-08-20"),
            (f"{TEST}/main__para_3", "in-force", "2012-09-10"),
            (f"{TEST}/annex_2__fn_1", "party", "2012-09-01")} <= claims
    assert {part.split("/")[0] for part, _, _ in claims} == {REAL, TEST}


def test_a_spelling_of_the_fixtures_own_names_table_resolves(corpus, store):
    root, _ = corpus
    label = [s["l"].value for s in store.run("SELECT ?l WHERE { ccmr:state\\/BRN rdfs:label ?l }")]
    assert label == ["Brunei"]  # names.yaml of the fixture: "Brunei: BRN"
    assert "state/BRN" not in (root / "data" / "ttl" / REAL / "agents.ttl").read_text(encoding="utf-8")


# ------------------------------------------------------------------ queries across documents

def test_status_history_lists_a_states_statuses_document_by_document(corpus, store):
    result = rows(store, corpus[0], "status-history", state="LBN")
    assert [(r["as_at"], r["status"], r["source_document"]) for r in result] == [
        ("2011-08-20", "party", REAL), ("2011-09-13", "in-force", REAL),
        ("2012-09-01", "party", TEST), ("2012-09-10", "in-force", TEST)]
    assert {"annex_2__fn_32", "annex_2__fn_59"} <= set(result[0]["sources"].split())
    assert [r["sources"] for r in result[1:]] == ["main__para_8", "annex_2__fn_1", "main__para_3"]


def test_status_history_of_one_document(corpus, store):
    result = rows(store, corpus[0], "status-history", document=TEST)
    assert {(r["iso3"], r["as_at"], r["status"]) for r in result} == {
        ("AFG", "2012-09-10", "in-force"), ("LBN", "2012-09-10", "in-force"), ("NOR", "2012-09-10", "in-force"),
        ("LBN", "2012-09-01", "party"), ("NOR", "2012-09-01", "party"),
        ("CAN", "2012-09-10", "signatory"), ("IDN", "2012-09-10", "signatory"),
        ("BRN", "2012-09-10", "non-signatory")}  # paragraph 5: an observer, the status its capacity implies


def test_status_claims_of_one_document(corpus, store):
    result = rows(store, corpus[0], "status-claims", state="LBN", document=TEST)
    assert [(r["status"], r["as_at"], r["source"]) for r in result] == [
        ("party", "2012-09-01", "annex_2__fn_1"), ("in-force", "2012-09-10", "main__para_3")]


def test_status_changes_across_documents(corpus, store):
    result = rows(store, corpus[0], "status-changes")
    afghanistan = {(r["from_status"], r["from_date"], r["from_document"], r["to_status"], r["to_date"],
                    r["to_document"]) for r in result if r["iso3"] == "AFG"}
    assert afghanistan == {
        ("signatory", "2011-08-20", REAL, "ratified-not-in-force", "2011-09-13", REAL),
        ("signatory", "2011-08-20", REAL, "in-force", "2012-09-10", TEST),
        ("ratified-not-in-force", "2011-09-13", REAL, "in-force", "2012-09-10", TEST)}
    assert {r["iso3"] for r in result} == {"AFG"}
    assert rows(store, corpus[0], "status-changes", document=TEST) == []
    within = rows(store, corpus[0], "status-changes", document=REAL)
    assert [(r["iso3"], r["to_sources"]) for r in within] == [("AFG", "main__para_9")]


def test_status_conflicts_across_documents(corpus, store):
    result = rows(store, corpus[0], "status-conflicts")
    across = {(r["iso3"], r["claim"], r["claim_source"], r["other_claim"], r["other_source"]) for r in result
              if r["claim_document"] != r["other_document"]}
    # Canada: a State party in footnotes 21 and 70 (2011), a signatory in the fixture's paragraph 4 (2012);
    # Afghanistan's ratified-not-in-force (2011) then in-force (2012) is a change, not a conflict
    assert across == {("CAN", "party", "annex_2__fn_21", "signatory", "main__para_4"),
                      ("CAN", "party", "annex_2__fn_70", "signatory", "main__para_4")}
    assert rows(store, corpus[0], "status-conflicts", document=TEST) == []
    within = rows(store, corpus[0], "status-conflicts", document=REAL)
    assert {r["iso3"] for r in within} == {"CAN", "CHE", "COD", "SDN"}
    assert {(r["claim_document"], r["other_document"]) for r in within} == {(REAL, REAL)}


# ------------------------------------------------------------------ the build record and bad corpora

def test_an_edited_document_rebuilds_and_leaves_the_other_documents_files(tmp_path):
    root = add_fixture(copy_project(tmp_path))
    build_quietly(root)
    before = digests(root / "data" / "ttl" / REAL)
    assert "nothing to do" in build_quietly(root)
    decisions = root / "data" / "annotations" / TEST / "decisions.yaml"
    decisions.write_text(decisions.read_text(encoding="utf-8").replace(
        "hold-further-fixture-meeting", "hold-another-fixture-meeting"), encoding="utf-8")
    assert "nothing to do" not in build_quietly(root)
    assert "decision/hold-another-fixture-meeting" in (root / "data" / "ttl" / TEST / "decisions.ttl").read_text()
    assert digests(root / "data" / "ttl" / REAL) == before


def test_a_source_without_an_annotation_folder_is_refused(tmp_path):
    root = copy_project(tmp_path)
    shutil.copy(FIXTURE / "source" / f"{TEST}.txt", root / "data" / "source" / f"{TEST}.txt")
    result = run_cli("--root", str(root), "build")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{TEST}.txt: no annotation folder data/annotations/{TEST}/" in result.stderr
    assert not (root / "data" / "ttl").exists()


def test_an_annotation_folder_without_a_source_is_refused(tmp_path):
    root = copy_project(tmp_path)
    shutil.copytree(FIXTURE / "annotations" / TEST, root / "data" / "annotations" / TEST)
    result = run_cli("--root", str(root), "build")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"an annotation folder with no source data/source/{TEST}.txt" in result.stderr


def test_a_documents_own_spelling_already_in_the_shared_table_names_its_line(tmp_path):
    root = add_fixture(copy_project(tmp_path))
    names = root / "data" / "annotations" / TEST / "names.yaml"
    names.write_text(names.read_text(encoding="utf-8") + "  Cape Verde: CPV\n", encoding="utf-8")
    result = run_cli("--root", str(root), "build")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"names.yaml:4: 'Cape Verde' is already in" in result.stderr


def test_a_document_removed_from_the_corpus_leaves_no_facts_behind(tmp_path):
    root = add_fixture(copy_project(tmp_path))
    build_quietly(root)
    (root / "data" / "source" / f"{TEST}.txt").unlink()
    shutil.rmtree(root / "data" / "annotations" / TEST)
    build_quietly(root)
    assert sorted(p.name for p in (root / "data" / "ttl").iterdir()) == [REAL]
    assert "TEST-FIXTURE" not in (root / "dist" / "ccm.ttl").read_text(encoding="utf-8")


def test_a_saved_query_of_one_document_or_all(corpus, store):
    # paragraph 4 of the fixture: Canada and Indonesia, signatories, observers; paragraph 5: Brunei
    result = rows(store, corpus[0], "observers", document=TEST)
    assert [(r["source"], r["name"], r["capacity"]) for r in result] == [
        ("main__para_4", "Canada", "signatory-observer"), ("main__para_4", "Indonesia", "signatory-observer"),
        ("main__para_5", "Brunei", "observer")]
    real = rows(store, corpus[0], "observers", document=REAL)
    every = rows(store, corpus[0], "observers")
    assert len(every) == len(real) + 3 and {r["source_document"] for r in real} == {REAL}


# ------------------------------------------------------------------ saved queries given `document`
# Expected rows are read from the fixture's text (tests/fixtures/corpus/source/TEST-FIXTURE-2012-1.txt):
# paragraph 3, "the following three parties": Afghanistan, Lebanon, Norway; paragraph 4, "the following
# two States signatories ... as observers": Canada, Indonesia; paragraph 5: Brunei, an observer, no
# number stated; paragraph 6: "the Meeting decided to hold a further fixture meeting in 2013"; Annex II
# paragraph 1, footnote 1, as at 1 September 2012: Lebanon and Norway, States parties. The fixture
# has no declaration, reported use, reaction or document reference.

DOCUMENT_QUERIES = ["participant-counts", "decisions", "document-titles", "parties-not-attending",
                    "states-not-attending"]


def keyed(result: list[dict[str, str]]) -> list[tuple]:
    """The rows without the `document` column (the parameter's value, which differs by design)."""
    return sorted(tuple(v for k, v in row.items() if k != "document") for row in result)


@pytest.mark.parametrize("name", DOCUMENT_QUERIES)
def test_a_saved_query_with_all_is_each_document_in_turn(corpus, store, name):
    every = rows(store, corpus[0], name)
    real, test = (rows(store, corpus[0], name, document=key) for key in (REAL, TEST))
    assert keyed(every) == sorted(keyed(real) + keyed(test))
    assert {r["source_document"] for r in real} <= {REAL} and {r["source_document"] for r in test} <= {TEST}
    assert real, "the real document has rows for every one of these queries"


def test_participant_counts_of_the_fixture(corpus, store):
    counts = [(r["source"], r["capacity"], r["stated"], r["listed"])
              for r in rows(store, corpus[0], "participant-counts", document=TEST)]
    assert counts == [("main__para_3", "party", "3", "3"), ("main__para_4", "signatory-observer", "2", "2"),
                      ("main__para_5", "observer", "", "1")]
    assert all(r["source_document"] == REAL for r in rows(store, corpus[0], "participant-counts", document=REAL))


def test_decisions_of_the_fixture(corpus, store):
    result = rows(store, corpus[0], "decisions", document=TEST)
    assert [(r["decision"], r["source"]) for r in result] == [("hold-further-fixture-meeting", "main__para_6")]
    assert "hold-further-fixture-meeting" in {r["decision"] for r in rows(store, corpus[0], "decisions")}
    assert "hold-further-fixture-meeting" not in {r["decision"] for r in rows(store, corpus[0], "decisions",
                                                                                document=REAL)}


def test_attendance_is_that_of_the_same_document(corpus, store):
    # footnote 1 of the fixture names Lebanon and Norway States parties; both attended (paragraph 3)
    assert rows(store, corpus[0], "parties-not-attending", document=TEST) == []
    assert rows(store, corpus[0], "states-not-attending", document=TEST) == []
    # the real document's rows, as without the fixture (tests/test_queries.py): Botswana and Panama
    # (fn 1), Malawi (fn 74), San Marino (fn 71, 73), in no list of paragraphs 8-14
    real = rows(store, corpus[0], "parties-not-attending", document=REAL)
    assert [r["iso3"] for r in real] == ["BWA", "MWI", "PAN", "SMR"]


def test_state_profile_of_one_document(corpus, store):
    result = rows(store, corpus[0], "state-profile", state="LBN", document=TEST)
    assert [(r["aspect"], r["detail"], r["as_at"], r["source"]) for r in result] == [
        ("capacity", "party", "2012-09-10", "main__para_3"),
        ("finding", "universalization-promotion", "2012-09-01", "annex_2__fn_1")]
    every = rows(store, corpus[0], "state-profile", state="LBN")
    assert {r["source_document"] for r in every} == {REAL, TEST}
    assert len(every) == len(result) + len(rows(store, corpus[0], "state-profile", state="LBN", document=REAL))


def test_coverage_lists_each_document_after_the_other(corpus, store):
    result = rows(store, corpus[0], "coverage")
    # 495 sentences in the real document, 16 in the fixture (see test_the_corpus_builds_...)
    assert sum(int(r["sentences"]) for r in result) == 511
    fixture_parts = [r["part"] for r in result][-12:]
    assert fixture_parts == ["main__sec_1", "main__para_1", "main__para_2", "main__para_3", "main__para_4",
                             "main__para_5", "main__sec_2", "main__para_6", "annex_2", "annex_2__sec_1",
                             "annex_2__para_1", "annex_2__fn_1"]


def test_a_contract_query_without_a_document_column_gives_every_documents_rows(corpus, store):
    # The fixture has no declaration, reported use or reaction, so these are the real document's
    # rows; Annex I of the real document: 29 statements of its declaration (see
    # tests/test_declaration_events.py); each row's source is a part id within its document.
    declaration = rows(store, corpus[0], "declaration")
    assert len(declaration) == 29 and all(r["source"].startswith("annex_1__para_") for r in declaration)
    for name in ("events", "reactions"):
        result = rows(store, corpus[0], name)
        assert result and all(r["source"] for r in result)


def test_a_query_given_one_document_runs_on_that_documents_graphs(corpus, store):
    query = read_query(corpus[0] / "queries" / "observers.rq")
    assert document_dataset(store.store, bindings(query, {})) is None  # all: the default graph
    one = bindings(query, {"document": TEST})
    assert one.document == TEST
    assert document_dataset(store.store, one) == [SHARED_GRAPH, ox.NamedNode(ID + "doc/" + TEST)]
    # the names its participant lists write (fixture paragraphs 3-5), none of the real document's
    names = {s["n"].value for s in store.run("SELECT ?n ?document WHERE { ?m ccm:quote/oa:exact ?n ; ccm:group/a ccm:ParticipantList }",
                                             one)}
    assert names == {"Afghanistan", "Lebanon", "Norway", "Canada", "Indonesia", "Brunei"}


# ------------------------------------------------------------------ the per-document build record

def built_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for folder in ("data/ttl", "dist")
            for p in sorted((root / folder).rglob("*")) if p.is_file()}


def test_changing_one_document_rebuilds_only_it_and_writes_what_a_full_build_writes(tmp_path, monkeypatch):
    import ccmkg.build

    root = add_fixture(copy_project(tmp_path))
    build_quietly(root)
    before = built_files(root)
    # the fixture's paragraph 1 edited (its text is a fact of the part), the edit accepted as the
    # README says, by deleting the source's record
    source = root / "data" / "source" / f"{TEST}.txt"
    text = source.read_text(encoding="utf-8")
    assert text.count("reports no real meeting.") == 1
    source.write_text(text.replace("reports no real meeting.", "reports no actual meeting."), encoding="utf-8")
    (root / "data" / "annotations" / TEST / "source.sha256").unlink()
    extracted, build_facts = [], ccmkg.build.build_facts
    monkeypatch.setattr(ccmkg.build, "build_facts", lambda project, ontology, timings=None, document=None:
                        extracted.append(document.key) or build_facts(project, ontology, timings, document))
    printed = build_quietly(root)
    assert extracted == [TEST]
    assert f"documents rebuilt: {TEST}\n" in printed and f"documents reused: {REAL}\n" in printed
    partial = built_files(root)
    changed = {name for name in partial if partial[name] != before.get(name)}
    assert f"data/ttl/{TEST}/structure.ttl" in changed and "dist/coverage.csv" in changed
    assert not any(name.startswith(f"data/ttl/{REAL}/") for name in changed)
    assert b"reports no actual meeting." in partial[f"data/ttl/{TEST}/structure.ttl"]
    extracted.clear()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--root", str(root), "build", "--force"]) == 0
    assert extracted == [REAL, TEST]
    full = built_files(root)
    assert list(full) == list(partial)
    for name, data in full.items():
        assert partial[name] == data, name  # every file, the build record's too


def test_an_edited_data_file_rebuilds_its_document_only(tmp_path, monkeypatch):
    import ccmkg.build

    root = add_fixture(copy_project(tmp_path))
    build_quietly(root)
    before = built_files(root)
    edited = root / "data" / "ttl" / TEST / "participation.ttl"
    edited.write_bytes(edited.read_bytes().replace(b"Norway", b"Norwey"))
    extracted, build_facts = [], ccmkg.build.build_facts
    monkeypatch.setattr(ccmkg.build, "build_facts", lambda project, ontology, timings=None, document=None:
                        extracted.append(document.key) or build_facts(project, ontology, timings, document))
    printed = build_quietly(root)
    assert extracted == [TEST] and f"documents reused: {REAL}\n" in printed
    assert built_files(root) == before


def test_an_added_document_is_built_alone_and_an_edited_shared_input_rebuilds_every_document(tmp_path):
    root = copy_project(tmp_path)
    build_quietly(root)
    real = digests(root / "data" / "ttl" / REAL)
    add_fixture(root)
    printed = build_quietly(root)
    assert f"documents rebuilt: {TEST}\n" in printed and f"documents reused: {REAL}\n" in printed
    assert digests(root / "data" / "ttl" / REAL) == real
    added = built_files(root)
    names = root / "data" / "annotations" / "names.yaml"
    names.write_text(names.read_text(encoding="utf-8") + "# a curator's note\n", encoding="utf-8")
    printed = build_quietly(root)
    assert f"documents rebuilt: {REAL}, {TEST}\n" in printed and "documents reused: none\n" in printed
    again = built_files(root)
    assert {name for name in again if again[name] != added.get(name)} == {"dist/.build-record.json"}
