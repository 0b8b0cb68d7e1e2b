"""Coverage: the document sentence by sentence.

Sentence boundaries expected here are read from the document (data/source/CCM-MSP-2011-5.txt),
not from a run of the segmenter.
"""
import shutil

import pytest

from ccmkg.build import build_facts, load_ontology, Project
from ccmkg.coverage import spans
from ccmkg.errors import InputError

from .conftest import ROOT, read_csv, run_cli

# Parts whose sentences another line of work accounts for (Annex I's statements, the reported uses
# of cluster munitions and the reactions to them in Annex II paragraphs 21-25); they add their own
# coverage-*.yaml (coverage-declaration-events.yaml).
ANNOTATED_ELSEWHERE = ("annex_1", "annex_2__para_21", "annex_2__para_22", "annex_2__para_23",
                       "annex_2__para_24", "annex_2__para_25")


@pytest.fixture(scope="module")
def sentences(ontology):
    project = Project(ROOT)
    return build_facts(project, load_ontology(project)).sentences


def texts(sentences, part_id):
    return [s.text for s in sentences if s.part.id == part_id and s.index]


def test_sentences_as_the_document_reads(sentences):
    assert texts(sentences, "annex_2__para_3") == [
        "The present report was finalized on 20 August 2011.",
        "Changes that have occurred since that date are not reflected in the report."]
    # "para. 28)." ends the first sentence; "para." alone does not
    para_4 = texts(sentences, "main__para_4")
    assert len(para_4) == 3
    assert para_4[0].endswith("(CCM/MSP/2010/5, para. 28).")
    assert para_4[1].startswith("It also decided to hold")
    assert para_4[2].endswith("(*ibid.*, para. 29).")
    # a sentence after a page break starts on its own line of the file
    lines = {s.text[:20]: s.line for s in sentences if s.part.id in ("main__para_4", "main__preface")}
    assert lines["The First Meeting of"] == 32 and lines["It also decided to h"] == 36
    assert lines["16 September 2011"] == 7
    # a footnote marker after the full stop stays with its sentence
    para_17 = texts(sentences, "annex_2__para_17")
    assert para_17[1] == "Since then, 13 signatories have ratified and 1 State has acceded to the Convention.¹"
    assert len(para_17) == 3
    # Annex II para 4: five sentences
    assert len(texts(sentences, "annex_2__para_4")) == 5
    # headings are sentences of their own part
    assert [s.text for s in sentences if s.part.id == "annex_2__sec_2" and s.index == 0] == ["General trends"]


@pytest.mark.parametrize("text, expected", [
    ("in line with action No. 8. Several States", ["in line with action No. 8.", "Several States"]),
    ("Nos. 37-42. Then", ["Nos. 37-42.", "Then"]),
    ("a ratio of 2.5 per cent. It", ["a ratio of 2.5 per cent.", "It"]),
    ("document WP.1 was read; Then we", ["document WP.1 was read;", "Then we"]),
    ("reports; statements made", ["reports; statements made"]),
    ("asked: what can be done? The", ["asked: what can be done?", "The"]),
    ("the “Beirut report”. We", ["the “Beirut report”.", "We"]),
    ("see e.g. Mr. Smith", ["see e.g. Mr. Smith"]),
])
def test_sentence_rules(text, expected):
    assert [text[s:e] for s, e in spans(text)] == expected


def test_no_sentence_is_unaccounted_outside_the_parts_annotated_elsewhere(sentences):
    left = [f"{s.line}: {s.key}: {s.text[:60]}" for s in sentences
            if s.status == "unaccounted" and not s.part.id.startswith(ANNOTATED_ELSEWHERE)]
    assert left == []


def test_no_sentence_is_unaccounted(sentences):
    assert [s.key for s in sentences if s.status == "unaccounted"] == []


def test_no_fact_entries_name_sentences_without_facts(sentences):
    named = [s for s in sentences if s.reason]
    assert named and all(not s.facts for s in named)


def test_a_restatement_names_what_it_restates(sentences):
    for s in sentences:
        assert (s.reason == "restatement") == (s.restates is not None), s.key


def copy_project(tmp_path) -> Project:
    for folder in ("data/source", "data/annotations", "data/reference", "ontology", "shapes", "queries", "rules"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


@pytest.mark.parametrize("entry, message", [
    ('  - {part: annex_2__para_17, quote: "13 signatories have ratified", reason: heading}\n',
     "has facts"),
    ('  - {part: annex_2__sec_2, quote: "General trends", reason: because}\n', "'because' is not a notation of the no-fact-reason scheme"),
    ('  - {part: annex_2__sec_2, quote: "General trend s", reason: heading}\n', "quote not found"),
    ('  - {part: annex_2__para_99, quote: "x", reason: heading}\n', "no text part 'annex_2__para_99'"),
    ('  - {part: annex_2__sec_2, quote: "General trends", reason: restatement}\n', "'restates'"),
    ('  - {part: annex_2__sec_2, quote: "General trends", reason: heading, why: x}\n', "unknown key(s) why"),
])
def test_bad_no_fact_entry_names_file_and_line(tmp_path, entry, message):
    project = copy_project(tmp_path)
    path = project.document("CCM-MSP-2011-5").annotations / "coverage-test.yaml"
    path.write_text("# a test file\nno_fact:\n" + entry, encoding="utf-8")
    with pytest.raises(InputError) as error:
        build_facts(project, load_ontology(project))
    assert str(error.value).startswith(f"{path}:3"), str(error.value)
    assert message in str(error.value)


def test_coverage_query_contract(sentences):
    result = run_cli("query", "coverage", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "part,sentences,with_facts,no_fact,unaccounted"
    rows = {r["part"]: r for r in read_csv(result.stdout)}
    assert rows["annex_2__para_3"]["sentences"] == "2"
    assert rows["annex_2__para_4"]["sentences"] == "5"
    for part in {s.part.id for s in sentences}:
        mine = [s for s in sentences if s.part.id == part]
        row = rows[part]
        assert (int(row["sentences"]), int(row["with_facts"]), int(row["no_fact"]), int(row["unaccounted"])) == (
            len(mine), sum(1 for s in mine if s.facts), sum(1 for s in mine if s.status == "no-fact"),
            sum(1 for s in mine if s.status == "unaccounted")), part
    assert len(rows) == len({s.part.id for s in sentences})


def test_coverage_command_names_unaccounted_sentences_and_exits_1(tmp_path):
    # without the file that names Annex I's title and date line as carrying no fact, both are unaccounted
    copy_project(tmp_path)
    (tmp_path / "data" / "annotations" / "CCM-MSP-2011-5" / "coverage-declaration-events.yaml").unlink()
    result = run_cli("--root", str(tmp_path), "coverage", "--part", "annex_1")
    assert result.returncode == 1, result.stderr
    assert "CCM-MSP-2011-5.txt:162: annex_1/h: 2011 Beirut Declaration" in result.stdout
    assert result.stdout.strip().endswith("2 unaccounted")
    clean = run_cli("coverage", "--part", "annex_2__para_17")
    assert clean.returncode == 0, clean.stdout
    assert run_cli("coverage", "--part", "nothing").returncode == 2


class StoreEngine:
    """The page renderer's engine interface on the committed graph, without worker processes."""

    def __init__(self, store):
        self.store = store.store

    def select(self, text):
        results = self.store.query(text)
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names} for row in results]


def test_paragraph_page_shows_which_sentences_have_facts(store):
    from ccmkg.serve.pages import Pages

    pages = Pages(StoreEngine(store), {}, lambda: "")
    page = pages.resource("https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/annex_2__para_3")
    assert "<h2>Sentences</h2>" in page
    assert "The present report was finalized on 20 August 2011." in page
    assert 'class="facts">1 fact<' in page
    heading = pages.resource("https://w3id.org/ccmkg/id/doc/CCM-MSP-2011-5/annex_2__para_37")
    assert "no fact: transition" in heading  # "Questions include:"
    section = page.split("<h2>Sentences</h2>")[1].split("<h2>")[0]
    assert section.count('<a href="/id/doc/CCM-MSP-2011-5/sentence/annex_2__para_3/') == 2
