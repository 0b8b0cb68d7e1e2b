"""Annex I's statements and Annex II's events and reactions (paragraphs 21-22).

Every expected value here is read from the document by hand (data/source/CCM-MSP-2011-5.txt,
lines 166-178 for Annex I, 260-262 for Annex II paragraphs 21-22), not taken from a run.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from .conftest import read_csv, run_cli
from .test_build import ANNOTATIONS, edit, outputs, scratch  # noqa: F401  (scratch is a fixture)

MSP5 = "https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/"
REPRESENTATIVES = ("the representatives of the States parties to the Convention on Cluster Munitions, "
                   "together with representatives of other States present as signatories")


def rows(name: str) -> list[dict[str, str]]:
    result = run_cli("query", name, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return read_csv(result.stdout)


@pytest.fixture(scope="module")
def declaration():
    return rows("declaration")


@pytest.fixture(scope="module")
def reactions():
    return rows("reactions")


@pytest.mark.parametrize("name, header", [
    ("events", "event,kind,user_iso3,place_iso3,year,source"),
    ("reactions", "event,reactor,kind,source"),
    ("declaration", "source,act,speaker,object,addressee"),
])
def test_contract_headers(name, header):
    result = run_cli("query", name, "--format", "csv")
    assert result.stdout.splitlines()[0] == header


# ---------------------------------------------------------------------------------- events
def test_two_reported_uses_with_user_or_place_only_as_the_text_names_them():
    # para 21: "the use of cluster munitions by Thailand in 2011" (a user, no place);
    # para 22: "the use of cluster munitions in Libya in 2011" (a place, no user)
    got = {(r["user_iso3"], r["place_iso3"], r["year"], r["source"], r["kind"]) for r in rows("events")}
    assert got == {("THA", "", "2011", "annex_2__para_21", "use"), ("", "LBY", "2011", "annex_2__para_22", "use")}


def test_libya_is_a_state_and_not_a_user(select):
    assert select("""SELECT ?label ?iso WHERE { <https://w3id.org/ccmkg/id/state/LBY> a ccm:State ; rdfs:label ?label ;
                     ccm:iso3166Alpha3 ?iso }""") == [{"label": "Libya", "iso": "LBY"}]
    assert select("SELECT ?e WHERE { ?e ccm:user <https://w3id.org/ccmkg/id/state/LBY> }") == []
    assert select("SELECT ?e WHERE { ?e ccm:actor <https://w3id.org/ccmkg/id/state/LBY> }") == []


def test_the_four_reactions_of_paragraph_22(reactions):
    # "Many States (...), the United Nations and civil society have also reported actions taken in
    # response ...", "Human Rights Watch issued a statement", "the Cluster Munition Coalition
    # condemned the use", "the European Union issued a joint statement condemning the use"
    got = Counter((r["event"], r["reactor"], r["kind"]) for r in reactions if r["source"] == "annex_2__para_22")
    libya = "use-libya-2011"
    assert got == Counter({
        (libya, "Many States (including States parties, signatories and States not party), "
                "the United Nations and civil society", "reported-actions"): 1,
        (libya, "Human Rights Watch", "statement"): 1,
        (libya, "Cluster Munition Coalition", "condemnation"): 1,
        (libya, "European Union", "joint-statement"): 1})


def test_the_reactions_of_paragraph_21(reactions):
    # "These have included individual and joint démarches, support for fact-finding missions and
    # condemnation of the use in public statements" (by the "Several States" that reported them);
    # the President's statement; States and civil society followed up and held a dialogue with
    # Thailand; a workshop in Bangkok, whose organizer the text does not name
    got = Counter((r["event"], r["reactor"], r["kind"]) for r in reactions if r["source"] == "annex_2__para_21")
    thailand = "use-thailand-2011"
    assert got == Counter({
        (thailand, "Several States", "demarche"): 1,
        (thailand, "Several States", "joint-demarche"): 1,
        (thailand, "Several States", "fact-finding-support"): 1,
        (thailand, "Several States", "condemnation"): 1,
        (thailand, "President of the Meeting of States Parties", "statement"): 1,
        (thailand, "States and civil society", "follow-up"): 1,
        (thailand, "States and civil society", "dialogue"): 1,
        (thailand, "", "workshop"): 1})


def test_bangkok_workshop_has_place_and_month_and_no_year_or_organizer(select):
    # "a workshop on the Convention held in Bangkok in August": no year, no organizer in the text
    found = select("""SELECT ?place ?month ?followed WHERE {
        ?w ccm:eventKind <https://w3id.org/ccmkg/vocab/event-kind/workshop> ; ccm:location ?place ; ccm:inMonth ?month ;
           ccm:followsUp ?followed .
        FILTER NOT EXISTS { ?w ccm:inYear ?y } FILTER NOT EXISTS { ?w ccm:actor ?a } }""")
    assert found == [{"place": "https://w3id.org/ccmkg/id/place/bangkok", "month": "--08",
                      "followed": MSP5 + "event/a2-21-dialogue"}]


def test_thailands_statement_at_the_intersessional_meeting(select):
    found = select("""SELECT ?meeting ?about WHERE {
        ?e a ccm:Event ; ccm:eventKind <https://w3id.org/ccmkg/vocab/event-kind/statement> ; ccm:actor <https://w3id.org/ccmkg/id/state/THA> ;
           ccm:duringMeeting ?meeting ; ccm:statementObject ?about ; ccm:quote/oa:exact ?q .
        FILTER (CONTAINS(?q, "Thailand stated")) }""")
    assert {r["meeting"] for r in found} == {"https://w3id.org/ccmkg/id/meeting/intersessional-2011"}
    assert MSP5 + "event/a2-21-bangkok-workshop" in {r["about"] for r in found}


def test_every_event_of_paragraphs_21_and_22_bears_on_the_challenge_of_paragraph_25(select):
    found = select("""SELECT ?e ?p WHERE { ?e a ?c ; ccm:source ?p . ?c rdfs:subClassOf* ccm:Event .
        FILTER NOT EXISTS { ?e ccm:concernsChallenge <%schallenge/annex_2__para_25> } }""" % MSP5)
    # only the universalization actions of paragraphs 23-24 are not about a reported use
    assert {r["p"] for r in found} == {MSP5 + "annex_2__para_23", MSP5 + "annex_2__para_24"}
    quote = select("""SELECT ?q WHERE { <%schallenge/annex_2__para_25> ccm:quote/oa:exact ?q }""" % MSP5)
    assert "by reacting consistently and robustly to any reported use" in quote[0]["q"]


def test_paragraphs_23_and_24_actions_with_actors_only_where_named(select):
    # para 23 "Several States have reported that they have cooperated ..."; para 24 "The United
    # Nations Mine Action Team, ICRC and the Cluster Munition Coalition have reported several and
    # diverse actions"; then two passives with no actor: materials "have been produced", and
    # "information, legal advice and support have been offered to States considering adherence"
    found = select("""SELECT ?kind ?actor WHERE { ?e a ccm:Event ; ccm:eventKind/skos:notation ?kind ;
        ccm:source ?p . FILTER (?p IN (<%sannex_2__para_23>, <%sannex_2__para_24>))
        OPTIONAL { ?e ccm:actor/rdfs:label ?actor } }""" % (MSP5, MSP5))
    got = Counter((r["kind"], r.get("actor", "")) for r in found)
    assert got == Counter({("cooperation", "Several States"): 1, ("outreach", "United Nations Mine Action Team"): 1,
                           ("outreach", "International Committee of the Red Cross"): 1, ("outreach", "Cluster Munition Coalition"): 1,
                           ("information-materials", ""): 1, ("advice-and-support", ""): 1})


def test_paragraph_25_states_three_challenges(select):
    # "A key challenge ...", "A second challenge ...", "A third challenge ..."
    found = select("""SELECT ?q WHERE { ?c a ccm:Challenge ; ccm:source <%sannex_2__para_25> ;
                      ccm:quote/oa:exact ?q }""" % MSP5)
    starts = sorted(r["q"].split(" is ")[0] for r in found)
    assert starts == ["A key challenge for the States parties", "A second challenge", "A third challenge"]


# ---------------------------------------------------------------------------------- Annex I
def test_statements_per_paragraph(declaration):
    # read from Annex I: 1 reaffirm, welcome; 2 note, endeavour; 3 are encouraged, (assert);
    # 4 acknowledge, resolve, recalling; 5 witness, are reminded, reaffirm; 6 two assertions;
    # 7 deplore, condemn, (assert), call upon; 8 welcome, recognize, call on, urge, note, urge,
    # aim; 9 welcome; 10 acknowledge, (assert), are compelled
    counts = Counter(r["source"] for r in declaration)
    assert counts == {f"annex_1__para_{n}": c for n, c in
                      {1: 2, 2: 2, 3: 2, 4: 3, 5: 3, 6: 2, 7: 4, 8: 7, 9: 1, 10: 3}.items()}


def test_the_states_parties_speak_only_where_the_text_names_them(declaration):
    # para 5 "we, the States parties, reaffirm"; para 8 "States parties also recognize ... and
    # call on them ... and urge all non-signatory States"; every other "we" is paragraph 1's
    states_parties = {(r["source"], r["act"]) for r in declaration if r["speaker"] == "the States parties"}
    assert states_parties == {("annex_1__para_5", "reaffirm"), ("annex_1__para_8", "recognize"),
                              ("annex_1__para_8", "call-upon"), ("annex_1__para_8", "urge")}
    others = [r for r in declaration if r["speaker"] != "the States parties"]
    assert len(others) == len(declaration) - 4
    assert all(r["speaker"].startswith(REPRESENTATIVES) for r in others)


def test_every_act_the_issue_names_is_found(declaration):
    acts = {r["act"] for r in declaration}
    assert {"reaffirm", "welcome", "note", "endeavour", "acknowledge", "resolve", "deplore", "condemn",
            "call-upon", "urge", "recognize", "aim"} <= acts


def test_addressees_as_the_text_names_them(declaration):
    addressed = {(r["source"], r["act"], r["speaker"] == "the States parties"): r["addressee"]
                 for r in declaration if r["addressee"]}
    assert addressed == {
        ("annex_1__para_7", "call-upon", False): "all those who continue to use cluster munitions | those who "
        "develop, produce, otherwise acquire, assist, encourage and induce the production, stockpiling, "
        "retention and transfer of these weapons",
        ("annex_1__para_8", "call-upon", True): "the States that have joined the efforts by signing the Convention",
        ("annex_1__para_8", "urge", True): "all non-signatory States",
        ("annex_1__para_8", "urge", False): "all countries in the region, and beyond"}


def test_joined_cells_are_sorted(declaration):
    for row in declaration:
        for cell in (row["object"], row["addressee"]):
            parts = cell.split(" | ")
            assert parts == sorted(parts)


def test_objects_link_the_resources_the_text_names(select):
    def objects(part, act):
        return {r["o"] for r in select(f"""SELECT ?o WHERE {{ ?s ccm:source <{MSP5}{part}> ;
            ccm:speechAct <https://w3id.org/ccmkg/vocab/speech-act/{act}> ; ccm:statementObject ?o }}""")}
    ID = "https://w3id.org/ccmkg/id/"
    assert objects("annex_1__para_5", "reaffirm") == {ID + "instrument/ccm"}  # the obligations under the Convention
    assert objects("annex_1__para_2", "note") == {ID + "meeting/msp-1", ID + "instrument/vientiane-declaration",
                                                  ID + "instrument/vap"}
    assert ID + "body/isu" in objects("annex_1__para_9", "welcome")
    assert objects("annex_1__para_8", "aim") == {ID + "instrument/ccm"}


def test_every_statement_is_dated_by_the_annex_subtitle_and_quotes_its_act(select):
    statements = select("""SELECT ?s ?date ?dated ?exact ?text ?act ?given WHERE {
        ?s a ccm:Statement ; dcterms:date ?date ; ccm:dateSource ?dated ; ccm:source ?p ;
           ccm:quote/oa:exact ?exact ; ccm:speechAct/skos:notation ?act ; dcterms:isPartOf ?d .
        ?p ccm:text ?text . OPTIONAL { ?s ccm:actAsGiven ?given } }""")
    assert len(statements) == 29
    subtitle = select(f"SELECT ?t WHERE {{ <{MSP5}annex_1> ccm:text ?t }}")[0]["t"]
    assert "(As adopted at the final plenary meeting, on 16 September 2011)" in subtitle
    for s in statements:
        assert s["date"] == "2011-09-16" and s["dated"] == MSP5 + "annex_1"
        assert s["exact"] in s["text"]
        if s["act"] != "assert":
            assert s["given"] and s["given"] in s["exact"], s


def test_every_annex_1_paragraph_is_the_source_of_a_fact_besides_its_text(select):
    sourced = {r["p"] for r in select("""SELECT DISTINCT ?p WHERE {
        ?f ccm:source ?p . ?p a ccm:Paragraph . FILTER (?f != ?p) FILTER (STRSTARTS(STR(?p), "%sannex_1__para_")) }""" % MSP5)}
    assert sourced == {f"{MSP5}annex_1__para_{n}" for n in range(1, 11)}


def test_described_groups_keep_the_texts_words_and_have_no_members(select):
    groups = select("""SELECT ?g ?label ?exact WHERE { ?g a ccm:DescribedGroup ; rdfs:label ?label ;
                       ccm:quote/oa:exact ?exact }""")
    assert groups and all(g["label"] == g["exact"] for g in groups)
    assert select("SELECT ?m WHERE { ?m ccm:group ?g . ?g a ccm:DescribedGroup }") == []


# ---------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("file, old, new, message", [
    ("declaration.yaml", "    act: deplore\n", "    act: lament\n", "'lament' is not a notation of the speech-act scheme"),
    ("declaration.yaml", 'objects: ["the use of cluster munitions in recent conflicts"]',
     'objects: ["the use of cluster munitions in all conflicts"]', "object not inside the quote"),
    ("events.yaml", "    kind: joint-statement\n", "    kind: joint-statement\n    user: European Union\n",
     "only a ReportedUse has a user"),
    ("events.yaml", "    in_response_to: use-libya-2011\n", "    in_response_to: use-libya-2012\n",
     "no event with id 'use-libya-2012'"),
])
def test_bad_annotation_names_file_and_line(scratch, file, old, new, message):  # noqa: F811
    path = scratch / ANNOTATIONS / file
    edit(path, old, new)
    before = outputs(scratch)
    result = run_cli("--root", str(scratch), "build")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert message in result.stderr
    assert re.search(rf"{file}:\d+: ", result.stderr), result.stderr
    assert outputs(scratch) == before


# ---------------------------------------------------------------------------------- coverage
def test_every_sentence_of_annex_1_and_annex_2_paragraphs_21_to_25_is_accounted_for():
    # sentences counted by reading: Annex I's title and its "(As adopted ...)" line, then
    # paragraphs 1-10 with 2, 2, 2, 1, 3, 2, 3, 4, 1, 3 sentences; Annex II paragraphs 21-25
    # with 6, 3, 2, 3, 3
    result = run_cli("query", "coverage", "--format", "csv")
    assert result.returncode == 0, result.stderr
    coverage = {r["part"]: r for r in read_csv(result.stdout)}
    expected = {"annex_1": 2, **{f"annex_1__para_{n}": c for n, c in
                                 zip(range(1, 11), (2, 2, 2, 1, 3, 2, 3, 4, 1, 3))},
                **{f"annex_2__para_{n}": c for n, c in zip(range(21, 26), (6, 3, 2, 3, 3))}}
    for part, count in expected.items():
        row = coverage[part]
        assert int(row["sentences"]) == count, part
        assert row["unaccounted"] == "0", part
    # only Annex I's title and its "(As adopted ...)" line carry no fact
    assert sum(int(coverage[p]["no_fact"]) for p in expected) == 2
    assert coverage["annex_1"]["no_fact"] == "2"
