"""Query parameters: each declared type accepts exactly its values, bound as RDF terms (never
pasted into the text), and the rest is refused naming the parameter. Property-based (hypothesis)
where a type has a grammar, exact cases where the README states one; in process, fast."""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from hypothesis import given, settings, strategies as st

from ccmkg.errors import InputError
from ccmkg.query import Param, SavedQuery, Store, bindings, read_query, render, saved_queries, table, term_for

XSD = "http://www.w3.org/2001/XMLSchema#"


def param(kind: str) -> Param:
    return Param("p", kind, "x", "a parameter")


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A[A-Z]{3}\Z"))
def test_any_three_capitals_is_an_iso3_plain_literal(code):
    assert term_for(param("iso3"), code) == ox.Literal(code)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8).filter(lambda s: not re.fullmatch(r"[A-Z]{3}", s)))
def test_anything_else_is_refused_as_iso3_naming_the_parameter(value):
    with pytest.raises(InputError) as caught:
        term_for(param("iso3"), value)
    assert caught.value.where == "--param p" and "is not a valid iso3" in caught.value.message


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-999_999_999, max_value=999_999_999))
def test_integers_of_up_to_nine_digits_are_xsd_integers(n):
    assert term_for(param("integer"), str(n)) == ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


@pytest.mark.parametrize("value", ["1234567890", "1.5", "", "+3", "3 ", "0x10", "1\n"])
def test_other_numbers_are_refused(value):
    with pytest.raises(InputError):
        term_for(param("integer"), value)


@settings(max_examples=100, deadline=None)
@given(st.dates())
def test_dates_are_xsd_dates(day):
    assert term_for(param("date"), day.isoformat()) == ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))


@pytest.mark.parametrize("value", ["2011-9-13", "13/09/2011", "2011-09-13T00:00:00", "2011-09-13\n"])
def test_other_dates_are_refused(value):
    with pytest.raises(InputError):
        term_for(param("date"), value)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda s: "\n" not in s and "\r" not in s))
def test_any_line_of_up_to_200_characters_is_a_string_literal_as_given(value):
    # the value becomes a literal term, whatever SPARQL it holds: nothing is pasted into a query
    assert term_for(param("string"), value) == ox.Literal(value)


@pytest.mark.parametrize("value", ["", "x" * 201, "two\nlines"])
def test_empty_long_or_multiline_strings_are_refused(value):
    with pytest.raises(InputError):
        term_for(param("string"), value)


@pytest.mark.parametrize("value", ["https://w3id.org/ccmkg/id/state/LBN", "http://example.org/a#b"])
def test_iris_are_named_nodes(value):
    assert term_for(param("iri"), value) == ox.NamedNode(value)


@pytest.mark.parametrize("value", ["w3id.org/x", "https://a b", "https://a>", "ftp://x", "https://"])
def test_other_iris_are_refused(value):
    with pytest.raises(InputError):
        term_for(param("iri"), value)


QUERY = SavedQuery("q", None, "SELECT ?x WHERE { }", params=[Param("iso3", "iso3", "LBN", "a State"),
                                                              Param("year", "integer", "2012", "a year")])


def test_bindings_are_variables_bound_to_terms():
    assert bindings(QUERY, {"iso3": "LBN", "year": "2012"}) == {
        ox.Variable("iso3"): ox.Literal("LBN"),
        ox.Variable("year"): ox.Literal("2012", datatype=ox.NamedNode(XSD + "integer"))}


def test_an_unknown_parameter_is_refused_naming_it_and_the_declared_ones():
    with pytest.raises(InputError) as caught:
        bindings(QUERY, {"iso3": "LBN", "year": "2012", "zz": "1"})
    assert caught.value.where == "--param zz" and caught.value.message == "not a parameter of q; it takes iso3, year"


def test_a_missing_parameter_is_refused_with_its_example():
    with pytest.raises(InputError) as caught:
        bindings(QUERY, {"iso3": "LBN"})
    assert caught.value.where == "query q"
    assert caught.value.message == "parameter 'year' is required (e.g. --param year=2012)"


def test_header_lines_are_read(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("#+ summary:  One line \n#+ description: first\n#+ description: second\n"
                    "#+ tags: a, b ,\n#+ param: iso3 | iso3 | LBN | a State\nSELECT * WHERE { }\n")
    query = read_query(path)
    assert (query.name, query.summary, query.description, query.tags) == ("q", "One line", "first second", ["a", "b"])
    assert query.params == [Param("iso3", "iso3", "LBN", "a State")]


@pytest.mark.parametrize("line", ["#+ param: iso3 | country | LBN | a State", "#+ param: iso3 | iso3 | LBN"])
def test_a_bad_param_line_names_its_file_and_line(tmp_path, line):
    path = tmp_path / "q.rq"
    path.write_text(f"#+ summary: s\n{line}\nSELECT * WHERE {{ }}\n")
    with pytest.raises(InputError) as caught:
        read_query(path)
    assert caught.value.where == f"{path}:2"


def test_table_pads_columns_and_counts_rows():
    store = ox.Store()
    results = store.query('SELECT ?a ?bb WHERE { VALUES (?a ?bb) { ("xyz" "1") ("q" UNDEF) } }')
    assert table(results) == "a    bb\n---  --\nxyz  1\nq\n(2 rows)\n"


def test_ask_renders_as_true_or_false():
    assert render(ox.Store().query("ASK { }"), "table") == b"true\n"


def test_a_query_without_parameters_says_it_takes_none():
    with pytest.raises(InputError) as caught:
        bindings(SavedQuery("plain", None, "SELECT * WHERE { }"), {"x": "1"})
    assert caught.value.message == "not a parameter of plain; it takes none"


def test_saved_queries_are_read_by_name(tmp_path):
    for name in ("b", "a"):
        (tmp_path / f"{name}.rq").write_text(f"#+ summary: query {name}\nSELECT * WHERE {{ }}\n")
    (tmp_path / "notes.txt").write_text("not a query")
    queries = saved_queries(tmp_path)
    assert list(queries) == ["a", "b"] and queries["b"].summary == "query b" and queries["a"].path == tmp_path / "a.rq"


def test_store_loads_turtle_and_names_a_file_it_cannot_load(tmp_path):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text("<http://e/a> <http://e/p> 1 .\n")
    bad.write_text("<http://e/a> <http://e/p> .\n")
    assert bool(Store([good]).run("ASK { <http://e/a> <http://e/p> 1 }"))
    with pytest.raises(InputError) as caught:
        Store([good, bad])
    assert caught.value.where == str(bad) and caught.value.message.startswith("cannot load: ")


def test_store_names_where_a_query_fails():
    store = Store([])
    with pytest.raises(InputError) as caught:
        store.run("SELEC ?x")
    assert caught.value.where == "query" and caught.value.message.startswith("SPARQL syntax error")
    with pytest.raises(InputError) as caught:
        store.run("SELECT ?x WHERE { }", {ox.Variable("y"): ox.Literal("1")}, where="q.rq")
    assert caught.value.where == "q.rq" and caught.value.message.startswith("query failed: ")


SELECT = 'SELECT ?a WHERE { VALUES ?a { "x" } }'


@pytest.mark.parametrize("fmt, expected", [
    ("csv", b"a\r\nx\r\n"), ("tsv", b'?a\n"x"\n'),
    ("json", b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"x"}}]}}'),
    ("table", b"a\n-\nx\n(1 rows)\n")])
def test_select_renders_in_each_format(fmt, expected):
    assert render(ox.Store().query(SELECT), fmt) == expected


def test_select_renders_as_xml():
    assert b'<binding name="a"><literal>x</literal></binding>' in render(ox.Store().query(SELECT), "xml")


def test_ask_renders_as_json_outside_a_table():
    assert render(ox.Store().query("ASK { }"), "json") == b'{"head":{},"boolean":true}'


def test_construct_renders_as_turtle():
    data = render(ox.Store().query("CONSTRUCT { <http://e/a> <http://e/p> 1 } WHERE { }"), "table")
    assert list(ox.parse(data, format=ox.RdfFormat.TURTLE)) == [
        ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"),
                ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")))]


def test_table_strips_only_the_ends_of_lines():
    results = ox.Store().query('SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x" "long value") } }')
    assert table(results) == "a  b\n-  ----------\nx  long value\n(1 rows)\n"


def test_header_lines_after_a_comment_are_read(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: s\n# a note for readers\n#+ tags: a\nSELECT * WHERE { }\n")
    assert read_query(path).tags == ["a"]
