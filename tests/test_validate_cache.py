"""`ccmkg validate` with the compiled shapes kept on disk (ccmkg/shacl/compiled.py): the same
queries and the same report as compiling the shapes anew, a new compilation when a shapes file
changes, a broken cache file ignored, and no rdflib imported on the way."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest

from ccmkg.build import Project
from ccmkg.shacl.command import run
from ccmkg.shacl.compiled import cache_file, state_of
from ccmkg.shacl.compiler import compile_core
from ccmkg.shacl.shapes import compiled_shapes, load_shapes

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "shapes"


def as_compiled(shapes):
    return [(str(shape), *rest) for shape, *rest in shapes.checks], shapes.core_queries()


def test_kept_shapes_are_the_compiled_shapes(tmp_path):
    fresh = load_shapes(SHAPES)
    expected = ([(str(shape), *rest) for shape, *rest in fresh.checks], compile_core(fresh.triples))
    first = compiled_shapes(SHAPES, tmp_path)  # compiled, then kept
    assert cache_file(tmp_path, state_of(SHAPES)).is_file()
    second = compiled_shapes(SHAPES, tmp_path)  # read back
    assert as_compiled(first) == expected
    assert as_compiled(second) == expected
    assert len(expected[0]) == 6 and len(expected[1]) > 100  # the six cross-checks, the Core queries


def test_kept_shapes_serve_the_sparql_engine_only(tmp_path):
    with pytest.raises(ValueError):
        compiled_shapes(SHAPES, tmp_path).core


def test_a_changed_shapes_file_is_compiled_again(tmp_path):
    folder = tmp_path / "shapes"
    shutil.copytree(SHAPES, folder)
    cache = tmp_path / "cache"
    before = compiled_shapes(folder, cache)
    checks = folder / "cross-checks.ttl"
    text = checks.read_text(encoding="utf-8")
    checks.write_text(text.replace("sh:severity sh:Warning ;", "sh:severity sh:Info ;", 1), encoding="utf-8")
    after = compiled_shapes(folder, cache)
    severities = lambda shapes: sorted(severity for _, severity, _, _ in shapes.checks)  # noqa: E731
    assert severities(before).count("Info") == 0
    assert severities(after).count("Info") == 1
    assert len(list(cache.glob("*.json"))) == 2


def test_a_broken_cache_file_is_ignored(tmp_path):
    cache_file(tmp_path, state_of(SHAPES)).write_text("{not json", encoding="utf-8")
    assert as_compiled(compiled_shapes(SHAPES, tmp_path))[1] == load_shapes(SHAPES).core_queries()
    kept = json.loads(cache_file(tmp_path, state_of(SHAPES)).read_text(encoding="utf-8"))
    assert kept["state"] == state_of(SHAPES)  # written again, whole


def report_of(fmt: str, cache: Path | None, engine: str = "sparql") -> tuple[int, str]:
    args = Namespace(only=False, files=[], format=fmt, engine=engine)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run(args, Project(ROOT), cache=cache)
    return code, re.sub(r"\(\d+\.\d\d s\)", "", out.getvalue())  # the time it took is no result


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_report_with_kept_shapes_is_the_report_without(tmp_path, fmt):
    without = report_of(fmt, None)
    assert report_of(fmt, tmp_path) == without  # compiled and kept
    assert report_of(fmt, tmp_path) == without  # read back
    assert without[0] == 0 and "18" in without[1]  # conforms, with the document's 18 warnings


def test_validate_imports_no_rdflib(tmp_path):
    script = ("import contextlib, io, sys\nfrom ccmkg.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              f"    code = main(['--root', {str(ROOT)!r}, 'validate'])\n"
              "print(code, 'rdflib' in sys.modules)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # the first run compiles the shapes (with rdflib), the second reads them
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False"]
