"""Exports of dist/: deterministic bytes, isomorphic formats, strict parsing, and the links."""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from .conftest import read_csv

STRICT = {"ccm.ttl": ox.RdfFormat.TURTLE, "ccm.nt": ox.RdfFormat.N_TRIPLES, "ccm.trig": ox.RdfFormat.TRIG,
          "ccm.jsonld": ox.RdfFormat.JSON_LD, "void.ttl": ox.RdfFormat.TURTLE,
          "ccm.wikidata.ttl": ox.RdfFormat.TURTLE}


@pytest.fixture(scope="module")
def dists(fresh):
    """dist/ of the fresh build (tests of two builds' bytes: test_two_builds_give_the_same_bytes...)."""
    return [fresh / "dist"]


def test_every_format_is_written(dists):
    names = {p.name for p in dists[0].iterdir()}
    assert set(STRICT) | {"context.jsonld", "participants.csv", "findings.csv", "coordinators.csv",
                          "decisions.csv", "documents.csv"} <= names


def test_two_builds_give_the_same_bytes_in_every_dist_file(two_builds):
    dists = [out / "dist" for out in two_builds]
    for first in sorted(dists[0].iterdir()):
        assert first.read_bytes() == (dists[1] / first.name).read_bytes(), first.name


@pytest.mark.parametrize("name", sorted(STRICT))
def test_parses_with_pyoxigraph_strict_parser(dists, name):
    assert list(ox.parse(path=str(dists[0] / name), format=STRICT[name]))


@pytest.mark.parametrize("name,fmt", [("ccm.nt", "nt"), ("ccm.jsonld", "json-ld")])
def test_round_trip_is_isomorphic_with_turtle(dists, name, fmt):
    turtle = Graph().parse(dists[0] / "ccm.ttl", format="turtle")
    other = Graph().parse(dists[0] / name, format=fmt)
    assert len(turtle) == len(other)
    assert isomorphic(turtle, other)


def test_trig_holds_the_same_triples(dists):
    quads = ox.parse(path=str(dists[0] / "ccm.trig"), format=ox.RdfFormat.TRIG)
    triples = ox.parse(path=str(dists[0] / "ccm.nt"), format=ox.RdfFormat.N_TRIPLES)
    assert {(q.subject, q.predicate, q.object) for q in quads} == {(t.subject, t.predicate, t.object) for t in triples}


def test_nt_lines_are_sorted(dists):
    lines = (dists[0] / "ccm.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_csv_participants_match_the_saved_query(dists):
    rows = read_csv((dists[0] / "participants.csv").read_text(encoding="utf-8"))
    assert len(rows) > 100 and {"entity", "name", "iso3", "capacity"} <= set(rows[0])


VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def inputs(fresh, project):
    """The triples of the ontology and the fresh data/ttl files, by pyoxigraph's own parser: what
    VoID describes, counted without ccmkg's code."""
    paths = project.ontology_files + sorted((fresh / "data" / "ttl").rglob("*.ttl"))
    return {q.triple for path in paths for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


@pytest.fixture(scope="module")
def void(dists):
    triples = {q.triple for q in ox.parse(path=str(dists[0] / "void.ttl"), format=ox.RdfFormat.TURTLE)}
    dataset = ox.NamedNode("https://w3id.org/ccmkg/id/dataset")

    def value(subject, local):
        [found] = [int(t.object.value) for t in triples if t.subject == subject and t.predicate.value == VOID + local]
        return found
    return triples, dataset, value


def test_void_counts_the_triples_pyoxigraph_parses(void, inputs):
    _, dataset, value = void
    assert value(dataset, "triples") == len(inputs)


def test_void_counts_entities_classes_and_properties_as_pyoxigraph_parses_them(void, inputs):
    _, dataset, value = void
    assert value(dataset, "entities") == len({t.subject for t in inputs
                                              if t.subject.value.startswith("https://w3id.org/ccmkg/id/")})
    assert value(dataset, "classes") == len({t.object for t in inputs if t.predicate.value == RDF_TYPE})
    assert value(dataset, "properties") == len({t.predicate for t in inputs})


def test_void_class_partitions_count_the_instances_pyoxigraph_parses(void, inputs):
    triples, dataset, value = void
    partitions = {t.object for t in triples if t.subject == dataset and t.predicate.value == VOID + "classPartition"}
    ccm_classes = {t.object for t in inputs if t.predicate.value == RDF_TYPE
                   and t.object.value.startswith("https://w3id.org/ccmkg/ontology#")}
    assert len(partitions) == len(ccm_classes) > 30
    for partition in partitions:
        [cls] = [t.object for t in triples if t.subject == partition and t.predicate.value == VOID + "class"]
        assert value(partition, "entities") == len({t.subject for t in inputs
                                                    if t.predicate.value == RDF_TYPE and t.object == cls}), cls


def test_void_byte_sizes_are_the_files_sizes(void, dists):
    triples, _, _ = void
    sizes = {t.subject.value.rsplit("/", 1)[-1]: int(t.object.value) for t in triples
             if t.predicate.value == "http://www.w3.org/ns/dcat#byteSize"}
    assert sizes and sizes == {name: (dists[0] / name).stat().st_size for name in sizes}


# ------------------------------------------------------------------------------------ links
def test_every_state_has_iso_m49_and_wikidata(select):
    rows = select("""SELECT ?s ?a2 ?num ?m49 ?geo ?wd WHERE { ?s a ccm:State .
        OPTIONAL { ?s ccm:iso3166Alpha2 ?a2 } OPTIONAL { ?s ccm:iso3166Numeric ?num }
        OPTIONAL { ?s ccm:m49Code ?m49 } OPTIONAL { ?s ccm:geonamesId ?geo }
        OPTIONAL { ?s owl:sameAs|skos:exactMatch ?wd FILTER(STRSTARTS(STR(?wd), "http://www.wikidata.org/entity/")) } }""")
    assert len({r["s"] for r in rows}) == 137  # 136 in the participant lists and footnotes, and Libya (Annex II para 22)
    assert [r["s"] for r in rows if not all(r.values())] == []


@pytest.mark.parametrize("subject,item", [("state/VAT", "Q237"), ("state/NLD", "Q55"), ("state/DNK", "Q35"),
                                          ("entity/PSE", "Q219060")])
def test_no_owl_same_as_where_the_entities_differ(select, subject, item):
    """The Holy See is not Vatican City; the Kingdoms are not their European countries; the
    document's Palestine is not asserted identical to the State of Palestine."""
    rows = select(f"""SELECT ?r WHERE {{ <https://w3id.org/ccmkg/id/{subject}> ?r <http://www.wikidata.org/entity/{item}> }}""")
    assert [r["r"] for r in rows] == ["http://www.w3.org/2004/02/skos/core#closeMatch"]


def test_holy_see_is_the_holy_see(select):
    rows = select("SELECT ?i WHERE { <https://w3id.org/ccmkg/id/state/VAT> owl:sameAs ?i }")
    assert [r["i"] for r in rows] == ["http://www.wikidata.org/entity/Q159583"]


def test_union_turtle_reuses_blocks_and_equals_the_turtle_of_the_union():
    """ccm.ttl is assembled from the data files' blocks; it must be the bytes turtle() writes for
    the union: a subject in two graphs, a subject in one, a graph bound to other prefixes."""
    from rdflib import RDFS, Literal, URIRef

    from ccmkg.export.jsonld import jsonld, jsonld_context
    from ccmkg.export.turtle import TurtleBlocks, merged_grouping, turtle, union_turtle
    from ccmkg.namespaces import bind_prefixes
    from ccmkg.triples import TripleSet

    lbn, fra = URIRef("https://w3id.org/ccmkg/id/state/LBN"), URIRef("https://w3id.org/ccmkg/id/state/FRA")
    agents = bind_prefixes(TripleSet([(lbn, RDFS.label, Literal("Lebanon", lang="en")),
                                      (fra, RDFS.label, Literal("France", lang="en"))]))
    links = bind_prefixes(TripleSet([(lbn, RDFS.seeAlso, URIRef("http://www.wikidata.org/entity/Q822"))]))
    other = TripleSet([(fra, RDFS.comment, Literal("a \"quoted\"\nline"))], namespaces=[("r", str(RDFS))])
    union = bind_prefixes(TripleSet(set(agents) | set(links) | set(other)))
    parts = [TurtleBlocks(agents), TurtleBlocks(links), TurtleBlocks(other)]
    assert union_turtle(union, parts) == turtle(union)
    assert union_turtle(union, parts[:1]) == turtle(union)
    # the build's path: the parts' groupings merged (Lebanon is in two parts) make the union's
    grouped, shared = merged_grouping(parts)
    assert shared == {lbn, fra}
    assert union_turtle(union, parts, (grouped, shared)) == turtle(union)
    context = jsonld_context(union)
    assert jsonld_context(union, grouped) == context
    assert jsonld(union, context, grouped) == jsonld(union, context)
    assert b'"a \\"quoted\\"\\nline"' in turtle(union)


# ------------------------------------------------------------------------------------ JSON-LD context
def test_jsonld_context_terms_are_ccm_properties_typed_by_their_values(dists):
    import json

    ctx = json.loads((dists[0] / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    terms = {k: v for k, v in ctx.items() if isinstance(v, dict)}
    assert len(terms) > 40 and all(v["@id"] == f"ccm:{k}" for k, v in terms.items())
    # a part's line is a number, its source an IRI, its text a plain string (no @type)
    assert terms["line"] == {"@id": "ccm:line", "@type": "xsd:integer"}
    assert terms["source"] == {"@id": "ccm:source", "@type": "@id"}
    assert terms["text"] == {"@id": "ccm:text"}
    assert ctx["ccm"] == "https://w3id.org/ccmkg/ontology#"


def test_void_names_the_licence_and_the_source(void):
    triples, dataset, _ = void
    about = {(t.predicate.value, t.object.value) for t in triples if t.subject == dataset}
    assert ("http://purl.org/dc/terms/license", "https://creativecommons.org/licenses/by/4.0/") in about
    sources = {o for p, o in about if p == "http://purl.org/dc/terms/source"}
    assert sources == {"https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5"}  # the one document of the project
    assert ("http://purl.org/dc/terms/title", "ccmkg: a knowledge graph of CCM/MSP/2011/5") in about


def test_void_has_a_subset_for_the_document_with_its_title_and_the_triples_of_its_iri_space(void, inputs, fresh):
    triples, dataset, value = void
    subset = ox.NamedNode("https://w3id.org/ccmkg/id/dataset/document/CCM-MSP-2011-5")
    assert ox.Triple(dataset, ox.NamedNode(VOID + "subset"), subset) in triples
    about = {(t.predicate.value, t.object.value) for t in triples if t.subject == subset}
    # the cover of data/source/CCM-MSP-2011-5.txt: "Final document" on a line of its own
    source = (fresh / "data" / "source" / "CCM-MSP-2011-5.txt").read_text(encoding="utf-8")
    assert "Final document" in source.splitlines()
    assert {("http://purl.org/dc/terms/identifier", "CCM-MSP-2011-5"),
            ("http://purl.org/dc/terms/title", "Final document"),
            ("http://www.w3.org/2000/01/rdf-schema#label", "CCM/MSP/2011/5"),
            ("http://purl.org/dc/terms/source", "https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5")} <= about
    space = "https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5"
    own = [t for t in inputs if t.subject.value == space or t.subject.value.startswith((space + "/", space + "#"))]
    assert value(subset, "triples") == len(own) > 20000
    assert value(subset, "entities") == len({t.subject for t in own})
    [pattern] = [o for p, o in about if p == VOID + "uriRegexPattern"]
    assert re.fullmatch(pattern, space + "/main__para_8") and not re.fullmatch(pattern, space + "-copy1/main__para_8")
