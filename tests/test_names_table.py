"""The one table of names: ccmkg/terms.py and concepts.py say exactly what ontology/ declares, and no other module
of ccmkg/ (nor the pages' scripts) spells a namespace IRI of the table outside its docstrings."""
from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pyoxigraph as ox
import pytest

from ccmkg import concepts, namespaces, terms
from ccmkg.namespaces import BASE, CV, ONTOLOGY

ROOT = Path(__file__).resolve().parent.parent
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    store = ox.Store()
    for path in [ROOT / "ontology" / "ccm.ttl", *sorted((ROOT / "ontology" / "vocab").glob("*.ttl"))]:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def declared(cls) -> set[str]:
    return set(vars(cls).get("__annotations__", {})) | set(vars(cls).get("_extras", []))


def test_ccm_class_holds_every_term_of_the_ontology_and_no_other(ontology):
    rows = ontology.query(f"""SELECT ?t WHERE {{ ?t a ?k .
        VALUES ?k {{ <{OWL}Class> <{OWL}ObjectProperty> <{OWL}DatatypeProperty> }} }}""")
    in_ontology = {r["t"].value[len(str(ONTOLOGY)):] for r in rows if r["t"].value.startswith(str(ONTOLOGY))}
    assert declared(terms.CCM) == in_ontology
    assert len(in_ontology) > 150  # the ontology was read (it has some 200 terms)


def test_vocab_class_holds_every_scheme_and_concept_and_no_other(ontology):
    rows = ontology.query(f"""SELECT ?t WHERE {{ {{ ?t a <{SKOS}ConceptScheme> }}
        UNION {{ ?t a <{SKOS}Concept> ; <{SKOS}inScheme> ?scheme . FILTER(STRSTARTS(STR(?t), STR(?scheme))) }} }}""")
    in_ontology = {r["t"].value[len(str(CV)):] for r in rows if r["t"].value.startswith(str(CV))}
    assert declared(concepts.VOCAB) == in_ontology
    assert {"status", "status/signatory", "capacity/ratified-not-in-force"} <= in_ontology


def test_a_misspelled_term_fails_instead_of_minting_an_iri():
    with pytest.raises(AttributeError):
        terms.CCM.Sttae
    with pytest.raises(AttributeError):
        concepts.VOCAB["status/signatory-party"]
    assert str(concepts.VOCAB["status/signatory"]) == f"{CV}status/signatory"
    assert str(concepts.VOCAB["capacity/ratified-not-in-force"]) == f"{CV}capacity/ratified-not-in-force"


def test_terms_and_concepts_are_what_the_generator_writes_from_ontology():
    spec = importlib.util.spec_from_file_location("write_terms", ROOT / "tools" / "write_terms.py")
    writer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(writer)
    files = writer.render(ROOT)
    assert sorted(files) == ["ccmkg/concepts.py", "ccmkg/terms.py"]
    for path, text in files.items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path}: run python tools/write_terms.py"


def strings_outside_docstrings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def table_namespaces() -> set[str]:
    """Every namespace IRI of the table (ours are BASE and what is built on it), each without its
    last '#' or '/', so that a namespace spelled without it is found as well."""
    tables = (namespaces.OURS, namespaces.W3C, namespaces.WIKIDATA, namespaces.OTHERS, namespaces.RESOURCES)
    every = {iri for table in tables for iri in table.values()}
    every |= {BASE, namespaces.SPARQL_RESULTS, namespaces.SVG, namespaces.ISO639_1, namespaces.IANA_MEDIA_TYPES,
              namespaces.OWLRL_ERRORS}
    return {iri.rstrip("#/") for iri in every}


def spelled_namespaces(text: str) -> set[str]:
    return {iri for iri in table_namespaces() if iri in text}


def test_only_the_names_table_spells_a_namespace_iri():
    spelled = [f"{path.relative_to(ROOT)}:{line}: {sorted(spelled_namespaces(text))}"
               for path in sorted((ROOT / "ccmkg").rglob("*.py")) if path.name != "namespaces.py"
               for line, text in strings_outside_docstrings(path) if spelled_namespaces(text)]
    assert spelled == []


def test_the_pages_scripts_spell_no_namespace_iri():
    """query.js reads the base IRI from the page (written from the table), not from its own text."""
    scripts = sorted((ROOT / "ccmkg" / "serve" / "static").glob("*.js"))
    assert scripts
    assert {path.name: sorted(spelled_namespaces(path.read_text(encoding="utf-8"))) for path in scripts} \
        == {path.name: [] for path in scripts}


def test_the_names_table_spells_each_namespace_once_and_ours_only_in_base():
    """The tests above find what they look for: namespaces.py's own strings hold our base IRI in
    `BASE = ` alone, and every other namespace of the table once, as a literal of its own."""
    strings = strings_outside_docstrings(ROOT / "ccmkg" / "namespaces.py")
    ours = BASE.rstrip("/")
    assert [line for line, text in strings if ours in spelled_namespaces(text)] == [line_of("BASE = ")]
    others = {iri for iri in table_namespaces() if not iri.startswith(ours)}
    literals = [text.rstrip("#/") for _, text in strings]
    assert {iri: literals.count(iri) for iri in others} == {iri: 1 for iri in others}


def line_of(start: str) -> int:
    lines = (ROOT / "ccmkg" / "namespaces.py").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def test_written_turtle_prefixes_are_the_query_prefixes():
    """What bind_prefixes writes into Turtle and the JSON-LD context is what a query may use."""
    table = namespaces.of_project(ROOT)
    from rdflib import Graph

    bound = {name: str(iri) for name, iri in namespaces.bind_prefixes(Graph()).namespaces()}
    assert {name: bound[name] for name in namespaces.BOUND} == {name: table[name] for name in namespaces.BOUND}
    assert table["ccm"] == BASE + "ontology#" and table["status"] == BASE + "vocab/status/"


def test_the_w3c_namespaces_of_the_table_are_rdflibs():
    """The table spells the W3C namespaces as strings (the query path imports no rdflib); they are
    the ones rdflib defines, and the rdflib objects the table gives on request are rdflib's own."""
    import rdflib.namespace as rdflib_namespaces

    from ccmkg import namespaces

    for prefix in ("rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "org", "time", "foaf"):
        assert namespaces.W3C[prefix] == str(getattr(rdflib_namespaces, prefix.upper())), prefix
    for prefix in ("sh", "dcat", "void", "vann"):
        assert namespaces.OTHERS[prefix] == str(getattr(rdflib_namespaces, prefix.upper())), prefix
    assert namespaces.SH is rdflib_namespaces.SH and namespaces.SKOS is rdflib_namespaces.SKOS
    assert str(namespaces.ID) == namespaces.OURS["ccmr"] == namespaces.BASE + "id/"
    assert namespaces.XSD_STRING_TERM == rdflib_namespaces.XSD.string
    assert namespaces.XSD_STRING == str(rdflib_namespaces.XSD.string)
