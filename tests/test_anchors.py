"""Anchors taken from the source by hand, checked on a fresh build (not the committed data/ttl):
what a mistake in the segmenter or in name resolution would change even after `ccmkg build`.

The line numbers were read with `grep -n` on data/source/CCM-MSP-2011-5.txt (e.g.
`grep -n '^27\\. ' data/source/CCM-MSP-2011-5.txt`), the remarks by reading paragraphs 8-14 and
footnotes 1-76 for every "(": none of these values comes from running ccmkg.
"""
from __future__ import annotations

import hashlib

import pytest

# sha256sum data/source/CCM-MSP-2011-5.txt (the same as the shared copy of the UN document)
SOURCE_SHA256 = "ba2be9cc0746e7d9dd02db49ba2d1528709b129fee31f35d2498cad0ac3780cf"

LINES = {  # part id -> its first line in the source file (grep -n)
    "main__para_1": 19,        # "1. Article 11 of the Convention on Cluster Munitions provides ..."
    "main__para_8": 46,        # "8. The following 46 parties to the Convention ..."
    "main__para_10": 50,       # "10. The following 38 States signatories ..."
    "main__para_11": 52,       # "11. Argentina, Armenia, Brazil, ..."
    "main__para_13": 56,       # "13. ICRC, the International Federation of Red Cross ..."
    "main__para_14": 58,       # "14. The representatives of the following relevant ..."
    "main__para_27": 88,       # "27. On the basis of the proposals submitted ..."
    "main__para_27__c": 94,    # "(c) Establish working groups on:"
    "main__para_27__c__iv": 102,  # "(iv) Clearance and risk reduction;"
    "main__para_33": 158,      # "33. At the same plenary meeting, on 16 September 2011, ..."
    "annex_1": 160,            # "Annex I"
    "annex_1__para_1": 166,    # "1. We, the representatives of the States parties ..."
    "annex_1__para_8": 174,    # "8. We welcome the 63 States ..."
    "annex_2": 180,            # "Annex II"
    "annex_2__para_1": 188,    # "1. The present report presents an aggregate analysis ..."
    "annex_2__fn_1": 250,      # "¹ Botswana, Bulgaria, Chile, ..."
    "annex_2__para_27": 296,   # "27. With regard to increasing the membership ..."
    "annex_2__para_29": 315,   # "29. In their initial article 7 transparency reports ..."
    "annex_2__fn_13": 333,     # "¹³ Bosnia and Herzegovina, Chile, Guinea-Bissau and Netherlands (...)"
    "annex_2__para_80": 680,   # "80. A key challenge in the area of compliance ..."
    "annex_2__fn_76": 686,     # "⁷⁶ Ireland and Norway."
    "annex_3": 688,            # "Annex III"
    "annex_3__row_25": 719,    # "CCM/MSP/2011/INF.1<tab>List of participants"
}

DOC = "https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/"

# Every parenthesis inside a list of names (paragraphs 8-14, footnotes 1-76), as the source writes
# it: (list part, member key, the name as written, the remark or "" where the parenthesis belongs
# to the name). Other parentheses of those parts are outside the lists: "rule 1 (2)",
# "(CCM/MSP/2011/3)".
PARENTHESES = [
    ("list/main__para_11", "IRN", "Iran (Islamic Republic of)", ""),
    ("list/main__para_11", "VEN", "Venezuela (Bolivarian Republic of)", ""),
    ("list/main__para_12", "undp", "United Nations Development Programme (UNDP)", ""),
    ("list/main__para_14", "maic", "Mine Action Information Centre (James Madison University)", ""),
    ("finding/13", "NLD", "Netherlands", "which has begun to destroy its stockpiles"),
]


def test_source_is_the_un_document_byte_for_byte(project):
    assert hashlib.sha256(project.document("CCM-MSP-2011-5").source.read_bytes()).hexdigest() == SOURCE_SHA256


@pytest.mark.parametrize("part, line", sorted(LINES.items()))
def test_part_starts_at_the_line_grep_finds(select, part, line):
    rows = select(f"SELECT ?line WHERE {{ <{DOC}{part}> ccm:line ?line }}")
    assert [r["line"] for r in rows] == [str(line)]


@pytest.mark.parametrize("group, key, written, remark", PARENTHESES)
def test_parenthesis_of_a_list_is_a_remark_or_part_of_the_name(select, group, key, written, remark):
    member = f"{DOC}{group}/member/{key}"
    rows = select(f"""SELECT ?exact ?note WHERE {{
        <{member}> ccm:quote/oa:exact ?exact . OPTIONAL {{ <{member}> ccm:memberNote ?note }} }}""")
    assert rows == [{"exact": written, "note": remark}]


def test_no_other_member_has_a_remark(select):
    rows = select("SELECT ?member ?note WHERE { ?member ccm:memberNote ?note }")
    assert [(r["member"], r["note"]) for r in rows] == \
        [(f"{DOC}finding/13/member/NLD", "which has begun to destroy its stockpiles")]


def test_parts_are_numbered_consecutively_in_document_order(select):
    # sentences carry an order of their own (within the document's sentences): parts only here
    parts = "?p ccm:order ?o FILTER NOT EXISTS { ?p a ccm:Sentence }"
    [row] = select(f"SELECT (MIN(?o) AS ?first) (MAX(?o) AS ?last) (COUNT(?p) AS ?n) WHERE {{ {parts} }}")
    assert int(row["last"]) - int(row["first"]) + 1 == int(row["n"])
    rows = select(f"SELECT ?p WHERE {{ {parts} }} ORDER BY ?o LIMIT 4")
    # the document's first lines: the preface (symbol, title), "I. Introduction", "1. Article 11 ..."
    assert [r["p"][len(DOC):] for r in rows][:3] == ["main__preface", "main__sec_1", "main__para_1"]


def test_an_entity_is_sourced_from_every_part_that_names_it(select):
    # grep -n Angola: line 50 (paragraph 10), 339, 408, 476, 488 (footnotes 16, 33, 44, 50)
    rows = select("SELECT ?part WHERE { <https://w3id.org/ccmkg/id/state/AGO> ccm:source ?part }")
    assert sorted(r["part"][len(DOC):] for r in rows) == sorted(
        ["main__para_10", "annex_2__fn_16", "annex_2__fn_33", "annex_2__fn_44", "annex_2__fn_50"])


def test_decisions_of_paragraphs_4_and_5_are_the_first_meetings(select):
    # line 32: "4. The First Meeting of States Parties to the Convention decided ...",
    # line 38: "5. The First Meeting of States Parties also decided ..."
    rows = select(f"""SELECT ?d ?meeting WHERE {{ ?d a ccm:Decision ; ccm:madeAt ?meeting ; ccm:source ?part .
        FILTER(?part IN (<{DOC}main__para_4>, <{DOC}main__para_5>)) }}""")
    assert rows and {r["meeting"] for r in rows} == {"https://w3id.org/ccmkg/id/meeting/msp-1"}


def test_the_opener_s_position_is_the_words_of_paragraph_15(select):
    # line 62: "... opened by the Deputy Prime Minister and Minister for Foreign Affairs of the Lao
    # People's Democratic Republic, President of the First Meeting ..., Thongloun Sisoulith."
    rows = select("SELECT ?title WHERE { ?role ccm:positionTitle ?title ; ccm:source ?part . "
                  f"FILTER(?part = <{DOC}main__para_15>) }}")
    assert [r["title"] for r in rows] == [
        "Deputy Prime Minister and Minister for Foreign Affairs of the Lao People's Democratic Republic"]


def test_annex_3_table_carries_the_annex_s_heading(select):
    # lines 688-690: "Annex III" / "List of documents"
    rows = select(f"SELECT ?h WHERE {{ <{DOC}annex_3__table> ccm:heading ?h }}")
    assert [r["h"] for r in rows] == ["List of documents"]
