"""The predefined prefixes of `ccmkg sparql` and `ccmkg query --file`, queries from a file or
stdin, and parse errors as one readable line, through the real CLI in a subprocess."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ccmkg import namespaces as prefixes

ROOT = Path(__file__).resolve().parent.parent
VOCAB = "https://w3id.org/ccmkg/vocab/"
# Paragraph 8: "The following 46 parties to the Convention participated in the work of the Meeting"
PARTIES_PARA_8 = "SELECT (COUNT(DISTINCT ?m) AS ?n) { ?ms ccm:capacity capacity:party ; ccm:member ?m }"


def ccmkg(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "ccmkg.cli", *args], cwd=ROOT, input=stdin,
                            capture_output=True, timeout=300)
    result.out = result.stdout.decode("utf-8")
    result.err = result.stderr.decode("utf-8")
    return result


def one_line_error(result) -> str:
    assert result.returncode == 2, result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


def test_the_table_has_every_scheme_the_ontology_defines():
    table = prefixes.of_project(ROOT)
    assert table["status"] == VOCAB + "status/"
    assert table["capacity"] == VOCAB + "capacity/"
    assert table["role"] == VOCAB + "role/"
    assert table["theme"] == VOCAB + "theme/"
    assert table["kind"] == VOCAB + "finding-kind/"
    assert table["decision"] == VOCAB + "decision-kind/"
    assert table["ccm"] == "https://w3id.org/ccmkg/ontology#"
    assert table["ccmr"] == "https://w3id.org/ccmkg/id/"
    assert {"rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "oa", "org", "time", "foaf"} <= set(table)
    assert table["state"] == "https://w3id.org/ccmkg/id/state/"
    assert table["msp5"] == "https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/"


def test_a_new_scheme_gets_its_own_prefix(tmp_path):
    (tmp_path / "basis.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"<{VOCAB}basis> a skos:ConceptScheme .\n"
        f"<{VOCAB}evidence-kind> a skos:ConceptScheme .\n", encoding="utf-8")
    assert prefixes.scheme_prefixes(tmp_path) == {"basis": VOCAB + "basis/",
                                                  "evidence-kind": VOCAB + "evidence-kind/"}


def test_predefined_prefixes_answer_from_the_document():
    result = ccmkg("sparql", PARTIES_PARA_8, "--format", "csv")
    assert result.returncode == 0, result.err
    assert result.out.splitlines() == ["n", "46"]


def test_the_querys_own_prefix_wins():
    query = "PREFIX capacity: <http://example.org/elsewhere/>\n" + PARTIES_PARA_8
    result = ccmkg("sparql", query, "--format", "csv")
    assert result.returncode == 0, result.err
    assert result.out.splitlines() == ["n", "0"]


def test_file_and_stdin_give_what_the_argument_gives(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(PARTIES_PARA_8, encoding="utf-8")
    from_file = ccmkg("sparql", "--file", str(path), "--format", "csv")
    from_stdin = ccmkg("sparql", "--file", "-", "--format", "csv", stdin=PARTIES_PARA_8.encode())
    assert from_file.out.splitlines() == from_stdin.out.splitlines() == ["n", "46"]


def test_query_file_has_the_prefixes_too(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: parties of paragraph 8\n" + PARTIES_PARA_8, encoding="utf-8")
    result = ccmkg("query", "--file", str(path), "--format", "csv")
    assert result.returncode == 0, result.err
    assert result.out.splitlines() == ["n", "46"]


def test_unknown_prefix_is_named_with_the_known_ones():
    line = one_line_error(ccmkg("sparql", "SELECT * WHERE {\n  ?s foo:bar ?o }"))
    assert "SPARQL syntax error at line 2, column 6" in line
    assert "unknown prefix 'foo:'" in line
    assert "capacity, ccm, ccmr" in line and "status" in line


def test_a_prefix_in_a_string_iri_or_comment_is_not_taken_for_one():
    # 'zz:' appears only inside a string, an IRI and a comment; the real fault is FILTER(
    line = one_line_error(ccmkg("sparql", 'SELECT * { ?s ?p "zz:a" . ?s <zz:b> ?o # zz:c\n FILTER( }'))
    assert "zz" not in line.split("after")[0]
    assert "SPARQL syntax error at line 2, column 11: expected one of" in line and "after 'FILTER( }'" in line


def test_a_syntax_error_is_one_short_line_with_its_position():
    line = one_line_error(ccmkg("sparql", "SELECT * WHERE { ?s ?p ?o \n FILTER( }"))
    assert line.startswith("ccmkg: error: sparql: SPARQL syntax error at line 2, column 11: expected one of")
    assert "\\u{" not in line and "['" not in line  # no character classes
    assert len(line) < 300


def test_a_path_written_as_prefixed_name_gets_the_schemes_prefix():
    line = one_line_error(ccmkg("sparql", "SELECT ?f { ?f ccm:findingKind cv:finding-kind/not-attending }"))
    assert "write kind:not-attending for cv:finding-kind/not-attending" in line


def test_an_iri_with_a_slash_written_as_prefixed_name_gets_the_full_iri():
    line = one_line_error(ccmkg("sparql", "SELECT ?r { ?r ccm:holder ccmr:org/icrc }"))
    assert "write <https://w3id.org/ccmkg/id/org/icrc> for ccmr:org/icrc" in line


def test_the_error_names_the_file(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?x {\n?x a ex:Thing }", encoding="utf-8")
    line = one_line_error(ccmkg("sparql", "--file", str(path)))
    assert f"{path}: SPARQL syntax error at line 2, column 6: unknown prefix 'ex:'" in line


def test_a_huge_file_is_refused(tmp_path):
    path = tmp_path / "huge.rq"
    path.write_bytes(b"SELECT * { ?s ?p ?o }\n" + b"# padding\n" * 200_000)
    assert "larger than 1,000,000 bytes" in one_line_error(ccmkg("sparql", "--file", str(path)))


def test_binary_on_stdin_is_refused():
    line = one_line_error(ccmkg("sparql", "--file", "-", stdin=bytes(range(256)) * 8))
    assert "stdin: not UTF-8 text" in line


def test_nul_and_empty_input_are_refused():
    assert "NUL" in one_line_error(ccmkg("sparql", "--file", "-", stdin=b"SELECT * {\x00}"))
    assert "empty" in one_line_error(ccmkg("sparql", "--file", "-", stdin=b"  \n"))


def test_missing_file_and_both_sources_are_refused(tmp_path):
    assert "cannot read" in one_line_error(ccmkg("sparql", "--file", str(tmp_path / "none.rq")))
    assert "not both" in one_line_error(ccmkg("sparql", "SELECT * {}", "--file", "-", stdin=b"ASK {}"))
    assert "not both" in one_line_error(ccmkg("sparql"))
