"""The built graph against the document: counts, provenance, quotes, dates and spot checks.

Every expected value here is read from CCM/MSP/2011/5 itself (paragraph numbers in comments).
"""
import pytest

from .conftest import ROOT, read_csv

SOURCE_TEXT = (ROOT / "data" / "source" / "CCM-MSP-2011-5.txt").read_text(encoding="utf-8")


def group_counts(select):
    rows = select("""
        SELECT ?group ?stated (COUNT(?m) AS ?listed) WHERE {
          ?group a ccm:Group . OPTIONAL { ?group ccm:statedCount ?stated }
          FILTER NOT EXISTS { ?group a ccm:DescribedGroup }  # named in words: no count, no members
          OPTIONAL { ?m ccm:group ?group } } GROUP BY ?group ?stated""")
    out = {}
    for row in rows:
        iri = row["group"]
        key = ("annex_2__fn_" + iri.rsplit("/", 1)[-1]) if "/finding/" in iri else iri.rsplit("/", 1)[-1]
        out[key] = (row["stated"], row["listed"])
    return out


def test_stated_and_listed_counts_match_the_independent_extraction(select):
    got = group_counts(select)
    expected = read_csv((ROOT / "tests" / "expected" / "stated-counts.csv").read_text(encoding="utf-8"))
    for row in expected:
        assert got[row["source"]] == (row["stated"], row["listed"]), row["source"]
    assert len(got) == len(expected) + 3  # + paragraphs 12, 13, 14 (organizations; no number stated)


def test_every_finding_and_membership_has_source_and_verbatim_quote(select):
    rows = select("""
        SELECT ?fact ?source ?exact ?text WHERE {
          { ?fact a ccm:Finding } UNION { ?fact a ccm:Membership }
          OPTIONAL { ?fact ccm:source ?source . ?source ccm:text ?text }
          OPTIONAL { ?fact ccm:quote/oa:exact ?exact } }""")
    assert len(rows) == 76 + 497
    for row in rows:
        assert row["source"] and row["exact"], row["fact"]
        assert row["exact"] in row["text"], row["fact"]


def test_every_quote_occurs_verbatim_in_the_source_file(select):
    exacts = [r["exact"] for r in select("SELECT ?exact WHERE { ?fact ccm:quote/oa:exact ?exact }")]
    assert len(exacts) >= 76 + 497  # at least every finding and every membership
    missing = [e for e in exacts if e not in SOURCE_TEXT]
    assert missing == []


def test_every_fact_points_to_a_text_part(select):
    rows = select("""
        SELECT ?fact WHERE { ?fact a ?cls . ?cls rdfs:subClassOf* ccm:Fact .
          FILTER NOT EXISTS { ?fact ccm:source ?part . ?part a ?kind . ?kind rdfs:subClassOf* ccm:TextPart } }""")
    assert rows == []


def test_no_blank_nodes(select):
    assert select("SELECT ?s WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } LIMIT 1") == []


def test_findings_speak_as_at_20_august_2011(select):
    # Annex II, paragraph 3: "The present report was finalized on 20 August 2011."
    rows = select("SELECT DISTINCT ?d WHERE { ?f a ccm:Finding ; ccm:asAt ?d }")
    assert [r["d"] for r in rows] == ["2011-08-20"]


def status_of(select, iso3):
    return {(r["date"], r["status"], r["source"].rsplit("/", 1)[-1]) for r in select(f"""
        SELECT ?date ?status ?source WHERE {{
          ?m ccm:member/ccm:iso3166Alpha3 "{iso3}" ; ccm:asAt ?date ; ccm:source ?source ;
             ccm:describedStatus/skos:notation ?status }}""")}


def test_afghanistan_changes_status_between_the_two_dates(select):
    statuses = status_of(select, "AFG")
    # Annex II footnote 2 (as at 20 August 2011): "Seven signatory States"
    assert ("2011-08-20", "signatory", "annex_2__fn_2") in statuses
    # main paragraph 9 (the Meeting): ratified or acceded, not yet in force
    assert ("2011-09-13", "ratified-not-in-force", "main__para_9") in statuses


def test_canada_is_called_a_state_party_in_footnote_70_and_a_signatory_in_paragraph_10(select):
    statuses = status_of(select, "CAN")
    assert ("2011-08-20", "party", "annex_2__fn_70") in statuses
    assert ("2011-08-20", "signatory", "annex_2__fn_14") in statuses
    assert ("2011-09-13", "signatory", "main__para_10") in statuses


@pytest.mark.parametrize("query, expected", [
    # paragraph 7: held at Beirut from 13 to 16 September 2011; cover page: 12-16 September
    ("SELECT ?d WHERE { ccmr:meeting\\/msp-2 ccm:heldDuring/time:hasBeginning/time:inXSDDate ?d }", "2011-09-13"),
    ("SELECT ?d WHERE { ccmr:meeting\\/msp-2 ccm:heldDuring/time:hasEnd/time:inXSDDate ?d }", "2011-09-16"),
    ("SELECT ?d WHERE { ccmr:meeting\\/msp-2 ccm:convenedDuring/time:hasBeginning/time:inXSDDate ?d }", "2011-09-12"),
    ("SELECT ?l WHERE { ccmr:meeting\\/msp-2 ccm:location/rdfs:label ?l }", "Beirut"),
    # paragraph 16: eight plenary meetings
    ("SELECT ?n WHERE { ccmr:meeting\\/msp-2 ccm:plenaryCount ?n }", "8"),
    # paragraph 15: opened by Thongloun Sisoulith
    ("SELECT ?l WHERE { ccmr:meeting\\/msp-2 ccm:openedBy/rdfs:label ?l }", "Thongloun Sisoulith"),
    # paragraph 27 (b): 16 to 19 April 2012 at the World Meteorological Organization in Geneva
    ("SELECT ?d WHERE { ccmr:meeting\\/intersessional-2012 ccm:heldDuring/time:hasBeginning/time:inXSDDate ?d }", "2012-04-16"),
    ("SELECT ?d WHERE { ccmr:meeting\\/intersessional-2012 ccm:heldDuring/time:hasEnd/time:inXSDDate ?d }", "2012-04-19"),
    ("SELECT ?l WHERE { ccmr:meeting\\/intersessional-2012 ccm:venue/rdfs:label ?l }", "World Meteorological Organization"),
    ("SELECT (COUNT(?l) AS ?n) WHERE { ccmr:meeting\\/intersessional-2012 ccm:workingLanguage ?l }", "3"),
    # paragraph 31: Third Meeting in Norway, week of 10 to 14 September 2012, up to four days
    ("SELECT ?l WHERE { ccmr:meeting\\/msp-3 ccm:location/rdfs:label ?l }", "Norway"),
    ("SELECT ?d WHERE { ccmr:meeting\\/msp-3 ccm:convenedDuring/time:hasBeginning/time:inXSDDate ?d }", "2012-09-10"),
    ("SELECT ?n WHERE { ccmr:meeting\\/msp-3 ccm:maxDurationDays ?n }", "4"),
    ("SELECT ?l WHERE { ?r ccm:role cv:role\\/president-designate ; ccm:roleIn ccmr:meeting\\/msp-3 ; ccm:holder/rdfs:label ?l }",
     "Steffen Kongstad"),
    # paragraph 16: President Adnan Mansour, assisted by Najla Riachi Assaker
    ("SELECT ?l WHERE { ?r ccm:role cv:role\\/president ; ccm:roleIn ccmr:meeting\\/msp-2 ; ccm:holder/rdfs:label ?l }", "Adnan Mansour"),
    ("SELECT ?l WHERE { ?r ccm:role cv:role\\/president-assistant ; ccm:holder/rdfs:label ?l }", "Najla Riachi Assaker"),
    # paragraph 18: Secretary-General of the Meeting
    ("SELECT ?l WHERE { ?r ccm:role cv:role\\/secretary-general ; ccm:holder/rdfs:label ?l }", "Peter Kolarov"),
    # paragraph 29 (a): the ISU is hosted by the GICHD
    ("SELECT ?l WHERE { ccmr:body\\/isu ccm:hostedBy/rdfs:label ?l }", "Geneva International Centre for Humanitarian Demining"),
    # paragraph 29 (b): six principles
    ("SELECT (COUNT(?p) AS ?n) WHERE { ccmr:body\\/isu ccm:principle ?p }", "6"),
    # paragraph 30: the President's Executive Coordinator
    ("SELECT ?l WHERE { ?r ccm:role cv:role\\/executive-coordinator ; ccm:holder/rdfs:label ?l }", "Sara Sekkenes"),
    # paragraph 27 (c), (d): six working groups and two thematic areas
    ("SELECT (COUNT(?b) AS ?n) WHERE { ?b a ccm:WorkingGroup }", "6"),
    ("SELECT (COUNT(?b) AS ?n) WHERE { ?b a ccm:ThematicArea }", "2"),
    # paragraph 16: sixteen Friends of the President, eleven of them with a theme
    ("SELECT (COUNT(?r) AS ?n) WHERE { ?r ccm:role cv:role\\/friend-of-the-president }", "16"),
    ("SELECT (COUNT(?r) AS ?n) WHERE { ?r ccm:role cv:role\\/friend-of-the-president ; ccm:theme ?t }", "11"),
    ("SELECT ?l WHERE { ?r ccm:role cv:role\\/friend-of-the-president ; ccm:theme cv:theme\\/universalization ; ccm:holder/rdfs:label ?l }",
     "Japan"),
    # paragraph 17: four Vice-Presidents
    ("SELECT (COUNT(?r) AS ?n) WHERE { ?r ccm:role cv:role\\/vice-president }", "4"),
    # paragraph 20: four messages, one on behalf of the Secretary-General of the United Nations
    ("SELECT (COUNT(?r) AS ?n) WHERE { ?r ccm:role cv:role\\/message-deliverer }", "4"),
    ("SELECT ?l WHERE { ?r ccm:role cv:role\\/message-deliverer ; ccm:onBehalfOf ?o ; ccm:holder/rdfs:label ?l }", "Sergio Duarte"),
    # Annex I, paragraphs 1 and 8: 40 non-signatory observer States; 63 States ratified or acceded
    ("SELECT ?v WHERE { ?f a ccm:StatedFigure ; ccm:source ccmr:doc\\/CCM-MSP-2011-5\\/annex_1__para_1 ; ccm:value ?v }", "40"),
    ("SELECT ?v WHERE { ?f a ccm:StatedFigure ; ccm:source ccmr:doc\\/CCM-MSP-2011-5\\/annex_1__para_8 ; ccm:value ?v }", "63"),
    # Annex II, paragraph 32: 64,448,458 submunitions destroyed
    ("SELECT ?v WHERE { ?f a ccm:StatedFigure ; ccm:value ?v FILTER(?v = 64448458) }", "64448458"),
    # Annex III: WP.8 submitted by Norway and Switzerland; WP.1/Rev.3 revises Rev.2, which revises Rev.1
    ("SELECT (COUNT(?s) AS ?n) WHERE { ccmr:doc\\/CCM-MSP-2011-WP.8 ccm:submittedBy ?s }", "2"),
    ("SELECT ?id WHERE { <https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-WP.1-Rev.3> ccm:revisionOf/ccm:revisionOf/dcterms:identifier ?id }",
     "CCM/MSP/2011/WP.1/Rev.1"),
    ("SELECT ?id WHERE { <https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-WP.3-Rev.1-Amend.1> ccm:amendmentOf/dcterms:identifier ?id }",
     "CCM/MSP/2011/WP.3/Rev.1"),
    ("SELECT ?t WHERE { ccmr:doc\\/CCM-MSP-2011-WP.6 dcterms:title ?t }", "Model legislation: Cluster Munitions Act 2011"),
    # paragraph 23 names the same paper differently: both titles are kept
    ("SELECT ?t WHERE { ?r ccm:refersTo ccmr:doc\\/CCM-MSP-2011-WP.6 ; ccm:source ccmr:doc\\/CCM-MSP-2011-5\\/main__para_23 ; ccm:titleAsGiven ?t }",
     "Model legislation: Cluster Munition Act 2011[]"),
    # paragraph 33: the final document was adopted from CRP.1
    ("SELECT ?id WHERE { ccmr:doc\\/CCM-MSP-2011-5 ccm:adoptedFrom/dcterms:identifier ?id }", "CCM/MSP/2011/CRP.1"),
])
def test_spot_check(select, query, expected):
    rows = select(query)
    assert [list(r.values())[0] for r in rows] == [expected]


def test_decisions_of_paragraphs_27_and_29_hold_their_sub_decisions(select):
    rows = select("""
        SELECT ?sub ?part WHERE { ?sub ccm:subDecisionOf ?parent ; ccm:source ?p . ?p ccm:number ?part .
          FILTER(STRENDS(STR(?parent), "implementation-architecture") || STRENDS(STR(?parent), "isu-mandate")) }""")
    parts = sorted({r["part"] for r in rows})
    assert parts == ["27 (a)", "27 (b)", "27 (c)", "27 (d)", "27 (e)",
                     "29 (a)", "29 (b)", "29 (c)", "29 (d)", "29 (e)", "29 (f)"]


def test_annex_2_challenges_and_questions_are_linked_to_their_sections(select):
    rows = select("""SELECT ?q ?section WHERE { ?q a ccm:DiscussionQuestion ; ccm:aboutSection ?section }""")
    assert any(r["section"].endswith("annex_2__sec_5") for r in rows)  # Stockpile destruction, paragraph 37
    assert len([r for r in rows if r["q"].endswith("annex_2__para_37__f")]) == 1
