"""The segmenter finds the document's structure (the source's sha256 and its lines: test_anchors)."""

import pytest

from ccmkg.source import read_source

@pytest.fixture(scope="module")
def source(project):
    return read_source(project.document("CCM-MSP-2011-5").source)


def numbers(source, prefix, kind):
    return sorted(int(p.number) for p in source.parts.values()
                  if p.kind == kind and p.id.startswith(prefix + "__") and p.id.count("__") == 1)


def test_main_body_has_paragraphs_1_to_33(source):
    assert numbers(source, "main", "Paragraph") == list(range(1, 34))


def test_annex_1_has_paragraphs_1_to_10(source):
    assert numbers(source, "annex_1", "Paragraph") == list(range(1, 11))


def test_annex_2_has_paragraphs_1_to_80_and_footnotes_1_to_76(source):
    assert numbers(source, "annex_2", "Paragraph") == list(range(1, 81))
    assert numbers(source, "annex_2", "Footnote") == list(range(1, 77))


def test_annex_2_has_twelve_sections(source):
    headings = [p.heading for p in source.parts.values() if p.kind == "Section" and p.id.startswith("annex_2")]
    assert headings[0] == "Introduction" and headings[-1] == "Compliance" and len(headings) == 12


def test_annex_3_table_has_25_documents(source):
    rows = [p for p in source.parts.values() if p.kind == "TableRow"]
    assert len(rows) == 25
    assert rows[0].text.startswith("CCM/MSP/2011/1\t") and rows[-1].text.startswith("CCM/MSP/2011/INF.1\t")


def test_page_breaks_are_joined(source):
    # "... assisted by the Permanent Representative of" / page break / "Lebanon to the United Nations"
    assert "Permanent Representative of Lebanon to the United Nations in Geneva (CCM/MSP/2010/5, para. 28)" \
        in source.parts["main__para_4"].text
    assert source.parts["annex_2__para_71"].text.endswith("and the reports have yet to be submitted.")


def test_sub_paragraphs_nest(source):
    assert source.parts["main__para_27__c__vi"].text == "Cooperation and assistance;"
    assert source.parts["main__para_27__c__vi"].parent == "main__para_27__c"
    assert "with each working group led by one or two Coordinators" in source.parts["main__para_27__c"].text
    assert source.parts["annex_2__para_26__b__ii"].parent == "annex_2__para_26__b"


def test_paragraph_28_keeps_its_closing_sentence(source):
    assert source.parts["main__para_28"].text.endswith("cost-effective and efficient working methods.")
