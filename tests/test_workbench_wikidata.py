"""The Wikidata profile (`ccmkg export --profile wikidata`, dist/ccm.wikidata.ttl): no statement
the document contradicts elsewhere, no ratification guessed, every reference with the document's
address, its places and its words. Expected values are read from the document
(data/source/CCM-MSP-2011-5.txt)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "data" / "source" / "CCM-MSP-2011-5.txt").read_text(encoding="utf-8")
WB = Namespace("http://wikiba.se/ontology#")
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
PR = Namespace("http://www.wikidata.org/prop/reference/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ID = "https://w3id.org/ccmkg/id/"

# Read in the document: paragraph 10 lists Canada, Switzerland and the Democratic Republic of the
# Congo among "38 States signatories", while annex II counts them among "States parties"
# (footnotes 21 and 70: Canada; 22 and 69: Switzerland; 70: the Democratic Republic of the Congo).
# Footnote 38 counts Sudan among the "Five signatories³⁸" of annex II, while
# paragraph 11 lists it with the States that "also participated ... as observers", neither party
# nor signatory.
CONTRADICTED = {"CAN", "CHE", "COD", "SDN"}
# Signatories in paragraph 10 that no place calls a party or a non-signatory.
UNCONTESTED = {"AUS", "ITA", "ZAF"}


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> tuple[str, Graph]:
    out = tmp_path_factory.mktemp("wikidata") / "ccm.wikidata.ttl"
    result = subprocess.run([sys.executable, "-m", "ccmkg.cli", "export", "--profile", "wikidata", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    return text, Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def items(select) -> dict[str, URIRef]:
    rows = select("""SELECT ?iso ?wd WHERE { ?s ccm:iso3166Alpha3 ?iso ; owl:sameAs|skos:exactMatch ?wd
                     FILTER(STRSTARTS(STR(?wd), "http://www.wikidata.org/entity/")) }""")
    return {r["iso"]: URIRef(r["wd"]) for r in rows}


def test_the_document_says_what_the_test_assumes():
    assert "The following 38 States signatories" in SOURCE
    for line in ("²¹ Bosnia and Herzegovina, Canada, Croatia, Germany and United Kingdom.", "²² Norway and Switzerland.",
                 "⁶⁹ Norway and Switzerland.", "⁷⁰ Canada and Democratic Republic of the Congo.",
                 "³⁸ Afghanistan, Democratic Republic of the Congo, Iraq, Mauritania and Sudan."):
        assert line in SOURCE


def test_no_normal_rank_statement_on_a_state_the_document_contradicts(profile, items):
    text, graph = profile
    for iso3 in CONTRADICTED:
        statements = set(graph.subjects(PS.P1891, items[iso3])) | set(graph.subjects(PS.P6193, items[iso3]))
        normal = [s for s in statements if (s, WB.rank, WB.NormalRank) in graph]
        assert normal == [], iso3
        assert f"#   {iso3} signatory" in text  # named in the header with what contradicts it
    assert "CAN signatory as at 2011-09-13 (paragraph 10), contradicted by Annex II, footnote 21; Annex II, footnote 70" in text
    assert "SDN signatory as at 2011-08-20 (Annex II, footnote 38), contradicted by paragraph 11" in text


def test_uncontested_signatories_are_normal_rank_statements(profile, items):
    _, graph = profile
    for iso3 in UNCONTESTED:
        statements = set(graph.subjects(PS.P1891, items[iso3]))
        dates = {graph.value(s, PQ.P585).toPython().date().isoformat() for s in statements}
        assert "2011-09-13" in dates, iso3  # paragraph 10, the Meeting's first day
        assert all((s, WB.rank, WB.NormalRank) in graph for s in statements)


def test_no_ratification_is_guessed(profile):
    _, graph = profile
    # "ratified or acceded" everywhere a named State is a party (paragraph 9, annex II footnote 1)
    assert "ratified or acceded" in SOURCE
    assert list(graph.triples((None, PS.P6193, None))) == []
    assert "13 signatories have ratified and 1 State has acceded to the Convention.¹" in SOURCE


def test_every_reference_gives_the_document_its_place_and_its_words(profile):
    _, graph = profile
    references = set(graph.objects(None, PROV.wasDerivedFrom))
    assert references
    for ref in references:
        assert graph.value(ref, PR.P854) == URIRef("https://undocs.org/CCM/MSP/2011/5"), ref
        assert graph.value(ref, PR.P958), ref
        quotes = list(graph.objects(ref, PR.P1683))
        assert quotes and all(q.language == "en" and str(q) in SOURCE for q in quotes), ref


def test_a_footnote_reference_quotes_the_paragraph_and_the_footnote(profile, items):
    _, graph = profile
    [ref] = [r for s in graph.subjects(PS.P1891, items["AUS"]) for r in graph.objects(s, PROV.wasDerivedFrom)
             if str(r).endswith("-annex_2__fn_2")]
    assert graph.value(ref, PR.P958) == Literal("Annex II, paragraph 18; Annex II, footnote 2")
    assert set(graph.objects(ref, PR.P1683)) == {
        Literal("Australia", lang="en"),
        Literal("Seven signatory States² have declared that the date of their ratification of the Convention on "
                "Cluster Munitions is close — probably before the end of 2011.", lang="en")}


def test_the_built_profile_is_the_exported_one(profile, fresh):
    # `ccmkg build` writes dist/ccm.wikidata.ttl; `ccmkg export --profile wikidata` must give the
    # same bytes. The build is the session's fresh one: a clean clone has no dist/ of its own.
    text, _ = profile
    assert (fresh / "dist" / "ccm.wikidata.ttl").read_text(encoding="utf-8") == text
