"""dist/void.ttl of a corpus: the project's document and the TEST FIXTURE of tests/fixtures/corpus/
(not a United Nations document) built together in a copy of the project, as tests/test_corpus.py
builds them. Counts are checked against pyoxigraph's own parse of the built files, the keys and
titles against the two texts: the real document's cover has "Final document" on a line of its own;
the fixture's cover gives its symbol (TEST/FIXTURE/2012/1) and no title.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from .conftest import copy_project
from .test_corpus import FIXTURE, REAL, TEST, add_fixture, build_quietly

ID = "https://w3id.org/ccmkg/id/"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DATASET = ox.NamedNode(ID + "dataset")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = add_fixture(copy_project(tmp_path_factory.mktemp("void-corpus")))
    build_quietly(root)
    return root


def parsed(paths) -> set:
    return {q.triple for path in paths for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


@pytest.fixture(scope="module")
def inputs(corpus) -> set:
    """The ontology's and every document's data triples, by pyoxigraph's parser."""
    return parsed([corpus / "ontology" / "ccm.ttl", *sorted((corpus / "ontology" / "vocab").glob("*.ttl")),
                   *sorted((corpus / "data" / "ttl").rglob("*.ttl"))])


def description(root: Path) -> set:
    return parsed([root / "dist" / "void.ttl"])


def about(triples: set, subject) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in triples:
        if t.subject == subject:
            out.setdefault(t.predicate.value, set()).add(t.object.value)
    return out


def in_space(inputs: set, key: str) -> list:
    space = ID + "doc/" + key
    return [t for t in inputs if t.subject.value == space or t.subject.value.startswith((space + "/", space + "#"))]


def subset(key: str):
    return ox.NamedNode(f"{ID}dataset/document/{key}")


def test_one_subset_per_document_of_the_corpus(corpus):
    triples = description(corpus)
    subsets = about(triples, DATASET)[VOID + "subset"]
    keys = sorted(p.stem for p in (corpus / "data" / "source").glob("*.txt"))
    assert keys == [REAL, TEST]
    assert {s for s in subsets if s.startswith(ID + "dataset/document/")} == {subset(k).value for k in keys}
    assert about(triples, DATASET)[DCTERMS + "source"] == {ID + "doc/" + k for k in keys}
    assert about(triples, DATASET)[DCTERMS + "title"] == {"ccmkg: a knowledge graph of 2 documents"}


def test_each_subset_has_its_key_its_title_as_given_and_its_source(corpus):
    triples = description(corpus)
    real, test = about(triples, subset(REAL)), about(triples, subset(TEST))
    real_text = (corpus / "data" / "source" / f"{REAL}.txt").read_text(encoding="utf-8")
    fixture_text = (FIXTURE / "source" / f"{TEST}.txt").read_text(encoding="utf-8")
    assert "Final document" in real_text.splitlines()
    assert real[DCTERMS + "identifier"] == {REAL} and real[DCTERMS + "title"] == {"Final document"}
    symbol = re.search(r"TEST/FIXTURE/\d{4}/\d+", fixture_text.splitlines()[2])[0]
    # the fixture gives no title: its subset is titled by the symbol its cover gives
    assert test[DCTERMS + "identifier"] == {TEST} and test[DCTERMS + "title"] == {symbol} == test[RDFS_LABEL]
    for key, described in ((REAL, real), (TEST, test)):
        assert described[DCTERMS + "source"] == {ID + "doc/" + key}
        assert described[DCTERMS + "isPartOf"] == {DATASET.value}


def test_each_subset_counts_the_triples_and_entities_of_its_iri_space(corpus, inputs):
    triples = description(corpus)
    for key in (REAL, TEST):
        own = in_space(inputs, key)
        described = about(triples, subset(key))
        assert described[VOID + "triples"] == {str(len(own))}, key
        assert described[VOID + "entities"] == {str(len({t.subject for t in own}))}, key
    # the fixture's own paragraphs, footnote, findings and lists: some hundreds, not the real document's
    assert 100 < len(in_space(inputs, TEST)) < len(in_space(inputs, REAL)) / 10


def test_the_dataset_counts_the_whole_corpus(corpus, inputs):
    described = about(description(corpus), DATASET)
    assert described[VOID + "triples"] == {str(len(inputs))}
    assert described[VOID + "entities"] == {str(len({t.subject for t in inputs if t.subject.value.startswith(ID)}))}


def test_the_real_documents_subset_is_the_same_with_or_without_the_fixture(corpus, fresh):
    alone, together = about(description(fresh), subset(REAL)), about(description(corpus), subset(REAL))
    assert alone == together
    assert about(description(fresh), DATASET)[VOID + "subset"] >= {subset(REAL).value}
    assert subset(TEST).value not in about(description(fresh), DATASET)[VOID + "subset"]
