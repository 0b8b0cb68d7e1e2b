"""Lists of names are parsed by their grammar, exactly: "A, B, ... and C", remarks in parentheses.

A participant list (paragraphs 8-14) or a footnote cut at either end, with a doubled name or a
name that is not in the text, stops the build with exit 2 and a message naming the annotation
file and line; each case edits a COPY of the project and runs `ccmkg build` there.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from ccmkg.annotations import load
from ccmkg.errors import InputError
from ccmkg.names import Names

from .conftest import ROOT, copy_project, run_cli

ANNOTATIONS = "data/annotations/CCM-MSP-2011-5"
SOURCE = "data/source/CCM-MSP-2011-5.txt"


@pytest.fixture(scope="module")
def names() -> Names:
    return Names(load(ROOT / "data" / "annotations" / "names.yaml"))


# ------------------------------------------------------------------ the splitter, on the text's lists
@pytest.mark.parametrize("text, expected", [
    # footnote 13 (line 333): a remark in parentheses after the last name
    ("Bosnia and Herzegovina, Chile, Guinea-Bissau and Netherlands (which has begun to destroy its stockpiles).",
     [("Bosnia and Herzegovina", ""), ("Chile", ""), ("Guinea-Bissau", ""),
      ("Netherlands", "which has begun to destroy its stockpiles")]),
    # footnote 35 (line 412): two lists joined by ", in addition to "
    ("Cambodia and Viet Nam, in addition to Iraq and Lao People's Democratic Republic.",
     [("Cambodia", ""), ("Viet Nam", ""), ("Iraq", ""), ("Lao People's Democratic Republic", "")]),
    # footnote 63 (line 564)
    ("Including Australia and Switzerland.", [("Australia", ""), ("Switzerland", "")]),
    # footnotes 5 and 65: one name, one with an "and" inside
    ("Australia.", [("Australia", "")]),
    ("Bosnia and Herzegovina.", [("Bosnia and Herzegovina", "")]),
    # footnote 4 (line 270): the last name holds an "and"
    ("Norway and United Kingdom of Great Britain and Northern Ireland.",
     [("Norway", ""), ("United Kingdom of Great Britain and Northern Ireland", "")]),
    # paragraph 11 (line 52): parentheses that belong to the name
    ("Iran (Islamic Republic of), Jordan and Venezuela (Bolivarian Republic of)",
     [("Iran (Islamic Republic of)", ""), ("Jordan", ""), ("Venezuela (Bolivarian Republic of)", "")]),
])
def test_split_as_the_text_writes_it(names, text, expected):
    assert names.split_list(text, "f.yaml:3") == expected


@pytest.mark.parametrize("text, message", [
    ("Chile, Guinea-Bissau, Netherlands.", "must end in 'and NAME', not ', Netherlands'"),
    ("Chile, Atlantis and Netherlands.", "unknown name 'Atlantis and Netherlands'"),
    ("Chile and Atlantis.", "unknown name 'Chile and Atlantis'"),
    ("Chile, Netherlands and.", "unknown name 'Netherlands and'"),
    ("Chile, and Netherlands.", "unknown name 'and Netherlands'"),
    ("Chile, , Netherlands and Peru.", "unknown name ''"),
])
def test_a_list_off_its_grammar_is_an_error_naming_where(names, text, message):
    with pytest.raises(InputError) as caught:
        names.split_list(text, "f.yaml:3")
    assert caught.value.where == "f.yaml:3" and message in caught.value.message


STATES = ["Chile", "Bosnia and Herzegovina", "Iran (Islamic Republic of)", "Guinea-Bissau", "Norway",
          "United Kingdom of Great Britain and Northern Ireland", "Lao People's Democratic Republic",
          "Côte d'Ivoire", "Democratic Republic of the Congo", "Congo", "Viet Nam", "Holy See"]
REMARKS = st.one_of(st.just(""), st.text(st.characters(whitelist_categories=("Ll", "Lu"), whitelist_characters=" ,"),
                                          min_size=1, max_size=30).map(str.strip).filter(bool))


def written_list(items: list[tuple[str, str]]) -> str:
    words = [f"{name} ({remark})" if remark else name for name, remark in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(STATES), REMARKS), min_size=1, max_size=8))
def test_any_list_written_by_the_grammar_splits_back_into_its_names(names, items):
    assert names.split_list(written_list(items) + ".", "f.yaml:1") == items


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(STATES), min_size=2, max_size=8))
def test_any_list_with_its_last_and_replaced_by_a_comma_is_refused(names, items):
    with pytest.raises(InputError):
        names.split_list(", ".join(items) + ".", "f.yaml:1")


# ------------------------------------------------------------------ builds of edited copies
def entry_line(path, source_id: str) -> int:
    """The line of the annotation entry `- source: ID` (or `- footnote: N`) in `path`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if re.match(rf"\s*- {source_id}$", line))


def build_edited(root, path: str, old: str, new: str):
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")
    if path.startswith("data/source/"):  # an edited source is accepted as the README says: by
        (root / "data" / "annotations" / "CCM-MSP-2011-5" / "source.sha256").unlink()  # deleting its record
    return run_cli("build", cwd=root)


PARTICIPATION_EDITS = [  # (entry, old, new, what the message says)
    ("source: main__para_10", '"Angola, Australia, ', '"Australia, ', "starts before the members given"),
    ("source: main__para_10", " and United Republic of Tanzania\"", '"', "goes on after the members given"),
    ("source: main__para_10", "Togo, Uganda and United Republic of Tanzania\"", 'Togo and Uganda"',
     "members not found"),
    ("source: main__para_11", '"Argentina, Armenia, ', '"Armenia, ', "starts before the members given"),
    ("source: main__para_12", "\"The United Nations Children's Fund, the", '"the',
     "starts before the members given"),
    ("source: main__para_10", '"Angola, Australia, ', '"Angola, Angola, Australia, ', "members not found"),
    ("source: main__para_10", '"Angola, Australia, ', '"Angola, Atlantis, Australia, ', "members not found"),
]


@pytest.mark.parametrize("entry, old, new, message", PARTICIPATION_EDITS)
def test_participant_list_cut_doubled_or_invented_stops_the_build(tmp_path, entry, old, new, message):
    root = copy_project(tmp_path)
    path = root / ANNOTATIONS / "participation.yaml"
    line = entry_line(path, entry)
    done = build_edited(root, f"{ANNOTATIONS}/participation.yaml", old, new)
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith(f"ccmkg: error: {path}:{line}: ") and message in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (root / "data" / "ttl").exists() and not (root / "dist").exists()


FOOTNOTE_EDITS = [  # (footnote, text in the source, edited text, what the message says)
    (16, "¹⁶ Angola, Canada, ", "¹⁶ Angola, Angola, Canada, ", "'Angola' is listed twice in annex_2__fn_16"),
    (16, "¹⁶ Angola, Canada, ", "¹⁶ Angola, Atlantis, Canada, ", "unknown name 'Atlantis'"),
    (2, "Italy, Peru and South Africa.", "Italy, Peru, South Africa.", "must end in 'and NAME'"),
]


@pytest.mark.parametrize("footnote, old, new, message", FOOTNOTE_EDITS)
def test_footnote_list_off_its_grammar_stops_the_build(tmp_path, footnote, old, new, message):
    root = copy_project(tmp_path)
    path = root / ANNOTATIONS / "findings.yaml"
    line = entry_line(path, f"footnote: {footnote}")
    done = build_edited(root, SOURCE, old, new)
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith(f"ccmkg: error: {path}:{line}: ") and message in done.stderr
    assert not (root / "data" / "ttl").exists() and not (root / "dist").exists()


SPELLINGS = ["Lao People's Democratic Republic", "Côte d'Ivoire", "Bosnia and Herzegovina", "Holy See",
             "Cape Verde", "Swaziland", "Iran (Islamic Republic of)", "United Kingdom", "Viet Nam"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SPELLINGS), st.lists(st.sampled_from([" ", "  ", "\t", "\n"]), min_size=1, max_size=3),
       st.booleans())
def test_a_name_resolves_whatever_its_spaces_and_apostrophes(names, spelling, spaces, curly):
    """The document's spellings resolve with spaces folded and curly apostrophes straightened;
    the entity is the same as for the spelling as written."""
    varied = spelling.replace(" ", "".join(spaces))
    varied = varied.replace("'", "’") if curly else varied
    assert names.find(f" {varied} ").key == names.find(spelling).key


def test_an_unknown_name_is_an_error_naming_where(names):
    with pytest.raises(InputError) as caught:
        names.resolve("Atlantis", "f.yaml:9")
    assert caught.value.where == "f.yaml:9" and caught.value.message == "unknown name 'Atlantis': add it to names.yaml"


def test_an_entity_of_an_unknown_class_is_an_error_naming_its_line(tmp_path):
    path = tmp_path / "names.yaml"
    path.write_text("states: {}\nentities: []\norganizations:\n  - id: x\n    class: Planet\n    names: [X]\n"
                    "persons: []\noffices: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Names(load(path))
    assert caught.value.where == f"{path}:4" and caught.value.message == "unknown class 'Planet'"
