"""Small commands start fast: the verb alone is described to argparse, and the committed graph's
store is kept on disk once per state of its files, never answering with an older state."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ccmkg.cli import verb_of
from ccmkg.query import Store, cached_store

TURTLE = "@prefix ex: <http://example.org/> .\nex:a ex:p {} .\n"
COUNT = "SELECT ?o WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("argv, verb", [
    (["query", "participants"], "query"),
    (["--root", "query", "sparql", "ASK {}"], "sparql"),
    (["--root=x", "validate"], "validate"),
    (["--help"], None),
    (["bogus"], None),
    ([], None),
    (["--root"], None),
])
def test_verb_of_a_command_line(argv, verb):
    assert verb_of(argv) == verb


def values(store: Store) -> list[str]:
    return sorted(row["o"].value for row in store.run(COUNT))


def test_cached_store_follows_every_change_of_the_files(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE.format('"one"'), encoding="utf-8")
    cache = tmp_path / "cache"
    assert values(Store([data], cache=cache)) == ["one"]
    assert len([p for p in cache.iterdir() if not p.name.startswith(".")]) == 1
    assert values(Store([data], cache=cache)) == ["one"]  # opened from the cache
    data.write_text(TURTLE.format('"two"'), encoding="utf-8")
    os.utime(data, ns=(1, 1))  # same size, its modification time set back: still another state
    assert values(Store([data], cache=cache)) == ["two"]
    data.write_text(TURTLE.format('"six"'), encoding="utf-8")  # same size, the time of now
    assert values(Store([data], cache=cache)) == ["six"]


def test_a_file_that_does_not_load_is_named_and_leaves_no_store(tmp_path):
    from ccmkg.errors import InputError

    data = tmp_path / "data.ttl"
    data.write_text("ex:a ex:p", encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(InputError, match="data.ttl"):
        Store([data], cache=cache)
    assert [p for p in cache.iterdir()] == []


def test_an_unwritable_cache_loads_in_memory(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE.format('"one"'), encoding="utf-8")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert cached_store([data], blocked / "cache") is None
    assert values(Store([data], cache=blocked / "cache")) == ["one"]


def test_query_and_sparql_import_neither_rdflib_nor_the_build():
    code = ("import sys; import ccmkg.cli; "
            "print(sorted(m for m in ('rdflib', 'ccmkg.build', 'ccmkg.validate', 'ccmkg.export') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
