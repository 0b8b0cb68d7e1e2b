"""The writers of the export package on small graphs written here: what the build's own data may
not hold (line separators inside literals, two JSON-LD contexts in one process)."""
from __future__ import annotations

import json

import pyoxigraph as ox

from ccmkg.export.jsonld import Compactor, jsonld, jsonld_context, sort_key
from ccmkg.export.ntriples import sorted_ntriples
from ccmkg.export.trig import trig
from ccmkg.export.turtle import turtle
from ccmkg.namespaces import bind_prefixes
from ccmkg.triples import TripleSet
from rdflib import RDFS, Literal, URIRef

LBN = URIRef("https://w3id.org/ccmkg/id/state/LBN")
# U+2028 (line separator), U+0085 (next line) and form feed end a line for str.splitlines, not
# for Turtle or N-Triples: a writer that cut lines there would break the literal in two
ODD = "Lebanon\u2028Liban\x85Lubnan\x0cend"


def triples_of(data: bytes, fmt) -> set:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(data, format=fmt)}


def test_a_literal_with_line_separators_stays_whole_in_nt_and_trig():
    graph = bind_prefixes(TripleSet([(LBN, RDFS.label, Literal(ODD, lang="en")),
                                     (LBN, RDFS.comment, Literal("two\nlines"))]))
    data = turtle(graph)
    expected = triples_of(data, ox.RdfFormat.TURTLE)
    assert len(expected) == 2
    nt = sorted_ntriples(data)
    assert nt.count(b"\n") == 2
    assert triples_of(nt, ox.RdfFormat.N_TRIPLES) == expected
    quads = ox.parse(trig({"agents": data}), format=ox.RdfFormat.TRIG)
    assert {(str(q.subject), str(q.predicate), str(q.object)) for q in quads} == expected


def test_two_contexts_compact_the_same_iri_each_its_own_way():
    # the caches belong to each Compactor: one context's answers never leak into another's
    iri = "https://w3id.org/ccmkg/id/state/LBN"
    short = Compactor({"ccmr": "https://w3id.org/ccmkg/id/"})
    longer = Compactor({"ccmr": "https://w3id.org/ccmkg/id/", "st": "https://w3id.org/ccmkg/id/state/"})
    none = Compactor({"ex": "http://example.org/"})
    assert [short(iri), longer(iri), none(iri), short(iri)] == ["ccmr:state/LBN", "st:LBN", iri, "ccmr:state/LBN"]


def test_values_sort_by_their_json_text():
    values = ["a b", "a", "a\"q", "a\\b", "a\nb", "a!", "é", "Z", {"@id": "x"}, {"@value": "v", "@language": "en"},
              "a\x01", "a\u2028"]
    by_json = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    assert sorted(values, key=sort_key) == by_json


def test_jsonld_of_a_graph_parses_back_to_its_triples():
    graph = bind_prefixes(TripleSet([(LBN, RDFS.label, Literal(ODD, lang="en")),
                                     (LBN, RDFS.label, Literal("Lebanon", lang="en")),
                                     (LBN, RDFS.comment, Literal("a \"quoted\" word")),
                                     (LBN, RDFS.seeAlso, URIRef("http://www.wikidata.org/entity/Q822"))]))
    data = jsonld(graph, jsonld_context(graph))
    assert triples_of(data, ox.RdfFormat.JSON_LD) == triples_of(turtle(graph), ox.RdfFormat.TURTLE)


def test_staged_files_are_renamed_together_or_all_removed(tmp_path):
    """The build stages each file as soon as it is made: until commit() none is in place, and a
    build that stops (discard()) leaves neither files nor temporary files."""
    import hashlib

    from ccmkg.export.distributions import StagedFiles

    paths = [tmp_path / "dist" / "ccm.nt", tmp_path / "ttl" / "KEY" / "agents.ttl"]
    stopped = StagedFiles()
    for path in paths:
        stopped.add(path, b"stopped")
    assert not any(path.exists() for path in paths)
    stopped.discard()
    assert list(tmp_path.iterdir()) == []  # nor the folders made for them
    staged = StagedFiles()
    for n, path in enumerate(paths):
        staged.add(path, b"line %d\n" % n)
    staged.commit()
    assert [path.read_bytes() for path in paths] == [b"line 0\n", b"line 1\n"]
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == sorted(paths)
    assert staged.digests == {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
