"""Annotation files and the names table, in process: every error names its file and line and says
what is wrong; nested YAML is read whole."""
from __future__ import annotations

import pytest

from ccmkg.annotations import load, load_all
from ccmkg.errors import InputError
from ccmkg.names import Names, current_name


def yaml_file(tmp_path, text: str):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_nested_yaml_is_read_whole_with_the_line_of_each_mapping(tmp_path):
    path = yaml_file(tmp_path, "top: 1\nitems:\n  - name: a\n    deep: {x: [1, 2], y: {z: 2011-09-13}}\n")
    data = load(path)
    assert data == {"top": 1, "items": [{"name": "a", "deep": {"x": [1, 2], "y": {"z": "2011-09-13"}}}]}
    assert data.where == f"{path}:1" and data["items"][0].where == f"{path}:3"


def test_a_missing_key_names_the_entry(tmp_path):
    entry = load(yaml_file(tmp_path, "items:\n  - name: a\n"))["items"][0]
    with pytest.raises(InputError) as caught:
        entry.need("quote")
    assert (caught.value.where, caught.value.message) == (f"{tmp_path / 'a.yaml'}:2", "missing key 'quote'")


def test_an_unknown_key_names_the_entry_and_the_expected_keys(tmp_path):
    entry = load(yaml_file(tmp_path, "name: a\nqoute: b\n"))
    with pytest.raises(InputError) as caught:
        entry.check_keys({"name"}, {"quote"})
    assert caught.value.where == f"{tmp_path / 'a.yaml'}:1"
    assert caught.value.message == "unknown key(s) qoute; expected name, quote"


def test_a_list_that_is_not_of_mappings_names_the_entry(tmp_path):
    entry = load(yaml_file(tmp_path, "lists: [a, b]\n"))
    with pytest.raises(InputError) as caught:
        entry.entries("lists")
    assert (caught.value.where, caught.value.message) == (f"{tmp_path / 'a.yaml'}:1", "'lists' must be a list of mappings")


def test_malformed_yaml_names_its_line(tmp_path):
    with pytest.raises(InputError) as caught:
        load(yaml_file(tmp_path, "a: 1\nb:\n\t- x\nc: 2\n"))  # a tab on line 3
    assert caught.value.where == f"{tmp_path / 'a.yaml'}:3"
    assert caught.value.message == "malformed YAML: found character that cannot start any token"


def test_an_unreadable_file_is_named(tmp_path):
    with pytest.raises(InputError) as caught:
        load(tmp_path / "none.yaml")
    assert caught.value.where == str(tmp_path / "none.yaml") and caught.value.message.startswith("cannot read: ")


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        load(yaml_file(tmp_path, "- a\n- b\n"))
    assert caught.value.where == f"{tmp_path / 'a.yaml'}:1"


def test_load_all_reads_every_yaml_by_stem_and_names_a_missing_folder(tmp_path):
    (tmp_path / "one.yaml").write_text("a: 1\n")
    (tmp_path / "two.yaml").write_text("b: 2\n")
    assert load_all(tmp_path) == {"one": {"a": 1}, "two": {"b": 2}}
    with pytest.raises(InputError) as caught:
        load_all(tmp_path / "none")
    assert (caught.value.where, caught.value.message) == (str(tmp_path / "none"), "annotation folder not found")


NAMES = """states: {{}}
entities: []
organizations:
  - id: x
    class: InternationalOrganization
    names: [Organization X]
    note: a curator's note
{more}persons: []
offices: []
"""


def test_an_entity_listed_twice_is_an_error_naming_the_second(tmp_path):
    path = yaml_file(tmp_path, NAMES.format(more="  - id: x\n    class: InternationalOrganization\n    names: [Other]\n"))
    with pytest.raises(InputError) as caught:
        Names(load(path))
    assert (caught.value.where, caught.value.message) == (f"{path}:8", "'org/x' is listed twice")


def test_a_name_given_to_two_entities_is_an_error(tmp_path):
    path = yaml_file(tmp_path, NAMES.format(more="  - id: y\n    class: InternationalOrganization\n    names: [Organization X]\n"))
    with pytest.raises(InputError) as caught:
        Names(load(path))
    assert (caught.value.where, caught.value.message) == (f"{path}:8", "name 'Organization X' is given to two entities")


def test_an_entity_keeps_its_note_and_spellings(tmp_path):
    names = Names(load(yaml_file(tmp_path, NAMES.format(more=""))))
    agent = names.find("Organization  X")
    assert (agent.key, agent.cls, agent.label, agent.note) == ("org/x", "InternationalOrganization", "Organization X",
                                                               "a curator's note")


@pytest.mark.parametrize("iso3, name", [("SWZ", "Eswatini"), ("BOL", "Bolivia"), ("LBN", "Lebanon")])
def test_current_name_is_the_common_name_where_iso_has_one(iso3, name):
    assert current_name(iso3) == name


def test_a_notation_outside_its_scheme_and_a_bad_number_name_the_entry():
    from ccmkg.facts.base import Context, integer

    ctx = Context(source=None, names=None, doc_key="CCM-MSP-2011-5", concepts=set())
    with pytest.raises(InputError) as caught:
        ctx.concept("status", "partly", "f.yaml:7")
    assert (caught.value.where, caught.value.message) == ("f.yaml:7", "'partly' is not a notation of the status scheme")
    with pytest.raises(InputError) as caught:
        integer("forty", "f.yaml:8")
    assert (caught.value.where, caught.value.message) == ("f.yaml:8", "expected a whole number, got 'forty'")


def test_a_role_of_an_unknown_holder_names_the_role_entry(tmp_path, project):
    from ccmkg.facts.base import Context
    from ccmkg.facts.roles import build_roles
    from ccmkg.source import read_source

    names = Names(load(project.names))
    ctx = Context(read_source(project.document("CCM-MSP-2011-5").source), names, "CCM-MSP-2011-5")
    path = yaml_file(tmp_path, "roles:\n  - id: r\n    holder: Atlantis\n    role: president\n"
                               "    source: main__para_15\n    quote: Thongloun Sisoulith\ncoordinators: []\n")
    with pytest.raises(InputError) as caught:
        build_roles(ctx, load(path))
    assert (caught.value.where, caught.value.message) == (f"{path}:2", "unknown name 'Atlantis': add it to names.yaml")
