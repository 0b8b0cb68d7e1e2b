"""The narrative, the obstacles and the numbers as the text states them.

Every expected value here is read from the document (data/source/CCM-MSP-2011-5.txt).
"""
import pytest

DOC = "https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/"
ID = "https://w3id.org/ccmkg/id/"


def test_the_five_obstacles_of_annex_2_paragraph_26(select):
    rows = select("""SELECT ?exact ?prevents ?by WHERE { ?o a ccm:Obstacle ; ccm:quote/oa:exact ?exact ;
        ccm:prevents/skos:notation ?prevents ; ccm:identifiedBy ?by }""")
    prevents = {r["exact"]: r["prevents"] for r in rows}
    assert prevents == {
        "National security concerns or reluctance within Ministries of Defence or the military": "accession",
        "Concerns over the implementation of the Convention, primarily the cost of carrying out clearance "
        "and/or stockpile destruction": "accession",
        "Lack of priority within the Government to undertake the accession process": "accession",
        "Lack of political will, lengthy ratification procedures and, in general, low prioritization in "
        "domestic and/or foreign policy": "ratification",
        "Lack of knowledge or recognition of the significance of the Convention": "ratification",
    }
    # "identified by the Friend on Universalization and by the Cluster Munition Coalition"
    for exact in prevents:
        assert {r["by"] for r in rows if r["exact"] == exact} == {
            ID + "office/friend-on-universalization", ID + "org/cmc"}


def test_paragraph_26_is_neither_a_challenge_nor_questions(select):
    rows = select(f"""SELECT ?f WHERE {{ ?f a ?c ; ccm:source ?p .
        VALUES ?c {{ ccm:Challenge ccm:DiscussionQuestion }}
        FILTER (STRSTARTS(STR(?p), "{DOC}annex_2__para_26")) }}""")
    assert rows == []


def test_who_submitted_the_progress_report_and_in_what_capacity(select):
    rows = select("""SELECT ?holder ?office ?in WHERE { ?r ccm:role cv:role\\/submitter ; ccm:holder ?holder ;
        ccm:office ?office ; ccm:roleIn ?in ; ccm:source ?p . FILTER (STRENDS(STR(?p), "annex_2__para_1")) }""")
    assert rows == [{"holder": ID + "state/LAO", "office": ID + "office/msp-1-president",
                     "in": DOC + "annex_2"}]
    assist = select("""SELECT ?actor WHERE { ?s ccm:statementKind cv:statement-kind\\/assist ; ccm:actor ?actor }""")
    assert assist == [{"actor": ID + "office/friend-on-general-status"}]


def test_every_annex_2_date_cites_paragraph_3(select):
    statement = select("""SELECT ?s ?date ?exact WHERE { ?s ccm:statementKind cv:statement-kind\\/finalize ;
        dcterms:date ?date ; ccm:source ?p ; ccm:quote/oa:exact ?exact . FILTER (STRENDS(STR(?p), "annex_2__para_3")) }""")
    assert len(statement) == 1 and statement[0]["date"] == "2011-08-20"
    assert statement[0]["exact"].startswith("The present report was finalized on 20 August 2011.")
    uncited = select(f"""SELECT ?f WHERE {{ ?f ccm:asAt "2011-08-20"^^xsd:date ; ccm:source ?p .
        FILTER (STRSTARTS(STR(?p), "{DOC}annex_2"))
        FILTER NOT EXISTS {{ ?f ccm:asAtStatedBy <{statement[0]["s"]}> }} }}""")
    assert uncited == []
    cited = select("SELECT (COUNT(?f) AS ?n) WHERE { ?f a ccm:Finding ; ccm:asAtStatedBy ?s }")
    assert cited == [{"n": "76"}]  # one finding per footnote, 1-76


@pytest.mark.parametrize("figure, words, qualifier", [
    ("a2-20-states-responded-to-outreach", "nearly 90", "nearly"),
    ("a2-24-countries-civil-society-advocacy", "approximately 100", "approximately"),
    ("a2-4-signatories-to-ratify-2011", "at least nine", "at-least"),
    ("a2-38-cmc-estimate-states", "as many as 28", "as-many-as"),
    ("main-27-a-intersessional-days", "up to five", "up-to"),
    ("a2-4-more-than-half-un-members", "more than half", "more-than"),
    ("a2-7-signatories-with-stockpiles", "Fifteen", "exactly"),
])
def test_numbers_keep_their_words_and_qualifier(select, figure, words, qualifier):
    rows = select(f"""SELECT ?words ?q WHERE {{ <{DOC}figure/{figure}> ccm:valueText ?words ;
        ccm:qualifier/skos:notation ?q }}""")
    assert rows == [{"words": words, "q": qualifier}]


def test_more_than_half_is_a_fraction_with_no_value(select):
    rows = select(f"""SELECT ?v ?n ?d WHERE {{ <{DOC}figure/a2-4-more-than-half-un-members> ccm:numerator ?n ;
        ccm:denominator ?d OPTIONAL {{ <{DOC}figure/a2-4-more-than-half-un-members> ccm:value ?v }} }}""")
    assert rows == [{"v": "", "n": "1", "d": "2"}]


def test_every_figure_has_its_words_in_its_quote_or_just_before(select):
    rows = select("""SELECT ?f ?words ?exact ?prefix WHERE { ?f a ccm:StatedFigure ; ccm:valueText ?words ;
        ccm:qualifier ?q ; ccm:quote ?s . ?s oa:exact ?exact ; oa:prefix ?prefix }""")
    assert len(rows) == len(select("SELECT ?f WHERE { ?f a ccm:StatedFigure }"))
    assert [r["f"] for r in rows if r["words"] not in r["prefix"] + r["exact"]] == []


def test_quotes_hold_the_claims_they_support(select):
    # paragraph 71: "Nine States parties" / page break / "had not submitted their initial ..."
    nine = select(f"""SELECT ?exact ?prefix WHERE {{ <{DOC}figure/a2-71-initial-reports-overdue> ccm:quote ?s .
        ?s oa:exact ?exact ; oa:prefix ?prefix }}""")[0]
    assert "had not submitted their initial transparency reports by their deadlines" in nine["exact"]
    assert "Nine States parties" in nine["prefix"]
    # footnote 64: the finding's quote ends with its claim, not at the page break
    fn64 = select(f"SELECT ?exact WHERE {{ <{DOC}finding/64> ccm:quote/oa:exact ?exact }}")[0]["exact"]
    assert fn64.endswith("one⁶⁴ has implemented actions Nos. 33-36")


def test_no_title_the_document_does_not_give_and_the_pinpoints_it_does(select):
    assert select(f"SELECT ?t WHERE {{ <{ID}doc/CCM-MSP-2010-5> dcterms:title ?t }}") == []
    pinpoints = {r["pin"]: r["p"].rsplit("/", 1)[-1] for r in select(
        f"SELECT ?pin ?p WHERE {{ ?r ccm:refersTo <{ID}doc/CCM-MSP-2010-5> ; ccm:pinpoint ?pin ; ccm:source ?p }}")}
    assert pinpoints == {"para. 28": "main__para_4", "para. 29": "main__para_4", "para. 25": "main__para_5",
                         "para. 24": "main__para_5", "annex I": "annex_1__para_2", "annex II": "annex_1__para_2"}


def test_palestine_note_is_not_a_reconciliation(select):
    notes = [r["n"] for r in select(f"SELECT ?n WHERE {{ <{ID}entity/PSE> skos:scopeNote ?n }}")]
    assert notes and not any("not counted" in n for n in notes)


def test_friend_mentions_share_the_office_of_the_friend_of_paragraph_16(select):
    # paragraph 16: Australia (on clearance), Belgium (on transparency reporting), Canada (on workplan
    # and implementation architecture), Japan (on universalization), New Zealand (on national
    # implementation measures); Annex II speaks of the Friend on each of these
    rows = select("""SELECT ?iso ?office WHERE { ?r ccm:role cv:role\\/friend-of-the-president ; ccm:office ?office ;
        ccm:holder/ccm:iso3166Alpha3 ?iso . ?s a ccm:NarrativeStatement ; ccm:actor ?office }""")
    assert {(r["iso"], r["office"].rsplit("/", 1)[-1]) for r in rows} == {
        ("AUS", "friend-on-clearance"), ("BEL", "friend-on-transparency"), ("CAN", "friend-on-workplan"),
        ("JPN", "friend-on-universalization"), ("NZL", "friend-on-national-implementation-measures")}


def test_paragraph_27_a_place_timing_and_review(select):
    rows = select(f"""SELECT ?where ?often ?when ?review WHERE {{ <{DOC}decision/convene-annual-intersessionals>
        ccm:location ?where ; ccm:frequency ?often ; ccm:timing ?when ; ccm:subjectToReviewBy ?review }}""")
    assert rows == [{"where": ID + "place/geneva", "often": "annually", "when": "in the first half of the year",
                     "review": ID + "meeting/review-conference-1"}]
    items = select("""SELECT ?p WHERE { ?d ccm:subDecisionOf/ccm:subDecisionOf ?top ; ccm:source ?p .
        FILTER (STRENDS(STR(?top), "implementation-architecture")) }""")
    items = [r for r in items if "__c__" in r["p"] or "__d__" in r["p"]]
    assert len({r["p"] for r in items}) == 8  # 27 (c) (i)-(vi) and 27 (d) (i)-(ii)


def test_every_paragraph_is_the_source_of_a_fact(select):
    rows = select("""SELECT ?p WHERE { ?p a ccm:Paragraph .
        FILTER NOT EXISTS { ?f ccm:source ?p ; a ?c . ?c rdfs:subClassOf* ccm:Fact } }""")
    assert sorted(r["p"].rsplit("/", 1)[-1] for r in rows) == []  # main body, Annex I and Annex II alike
