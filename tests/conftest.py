"""Shared fixtures: the project folder, the embedded store loaded with the committed graph."""
from __future__ import annotations

import csv
import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ccmkg
from ccmkg.build import Project
from ccmkg.query import Store

ROOT = Path(__file__).resolve().parent.parent
CODE = str(Path(ccmkg.__file__).resolve().parent.parent)  # the folder ccmkg is imported from
PREFIXES = """
PREFIX ccm: <https://w3id.org/ccmkg/ontology#>
PREFIX ccmr: <https://w3id.org/ccmkg/id/>
PREFIX cv: <https://w3id.org/ccmkg/vocab/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def two_builds(tmp_path_factory, project) -> list[Path]:
    """Two full builds of the project into temporary folders (each with ttl/ and dist/)."""
    from ccmkg.build import build

    outs = []
    for n in (1, 2):
        out = tmp_path_factory.mktemp(f"build{n}")
        build(project, data_dir=out / "ttl", dist=out / "dist")
        outs.append(out)
    return outs


@pytest.fixture(scope="session")
def shapes(project):
    from ccmkg.shacl import load_shapes

    return load_shapes(project.root / "shapes")


@pytest.fixture(scope="session")
def ontology(project):
    """The ontology as rdflib parses it (tests copy it before changing anything)."""
    from rdflib import Graph

    g = Graph()
    for path in project.ontology_files:
        g.parse(path)
    return g


@pytest.fixture(scope="session")
def built(ontology, fresh):
    """Ontology + the fresh build's data/ttl as one rdflib Graph (tests copy it before changing
    anything)."""
    from rdflib import Graph

    g = Graph()
    g += ontology
    for path in sorted((fresh / "data" / "ttl").rglob("*.ttl")):
        g.parse(path)
    return g


def mutated(built, remove=(), add=()):
    """A copy of `built` with triples removed (None as a wildcard) and added."""
    from rdflib import Graph

    g = Graph()
    g += built
    for triple in remove:
        g.remove(triple)
    for triple in add:
        g.add(triple)
    return g


@pytest.fixture(scope="session")
def store(fresh) -> Store:
    """The fresh build (ontology + data/ttl) in the embedded store."""
    return Store(Project(fresh).ontology_files + sorted((fresh / "data" / "ttl").rglob("*.ttl")))


@pytest.fixture(scope="session")
def select(store):
    """Run a SELECT with the usual prefixes; rows as dicts of plain strings ('' when unbound)."""
    def run(query: str) -> list[dict[str, str]]:
        results = store.run(PREFIXES + query)
        names = [v.value for v in results.variables]
        return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in results]
    return run


def run_cli(*args: str, cwd: Path = ROOT, **environ: str) -> subprocess.CompletedProcess:
    """`ccmkg ARGS` in a new process, importing the same ccmkg as the tests (a checkout or a
    patched copy of one; mutmut's mutated code only runs in its own process); `environ` is added
    to the environment."""
    env = {**os.environ, **environ}
    if "MUTANT_UNDER_TEST" not in env:
        env["PYTHONPATH"] = os.pathsep.join([CODE, env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "ccmkg.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# ------------------------------------------------------------------ a fresh build in a copy
PROJECT_FOLDERS = ("data/source", "data/annotations", "data/reference", "ontology", "shapes", "queries", "rules")


def copy_project(target: Path) -> Path:
    """A copy of the project's inputs (no data/ttl, no dist) in `target`, to build or mutate."""
    for folder in PROJECT_FOLDERS:
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture(scope="session")
def fresh(tmp_path_factory) -> Path:
    """A copy of the project built by `ccmkg build` (the command line's code, in this process) in
    a temporary folder: the content tests read this build, not the committed data/ttl, so that a
    mistake in the code fails them even after the committed data is rebuilt with it. One build
    per session."""
    from ccmkg.cli import main

    root = copy_project(tmp_path_factory.mktemp("fresh"))
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = main(["--root", str(root), "build"])
    assert code == 0, printed.getvalue()
    FRESH_BUILD_CALLS.update(mutmut_calls())
    return root


# mutmut (docs/mutation.md) runs for each mutant only the tests that called its function when
# it recorded them; the fresh build runs once, in the first test that asks for it, so the calls
# it made are recorded again for every test that reads it. Outside mutmut this does nothing.
FRESH_BUILD_CALLS: set[str] = set()


def mutmut_calls() -> set[str]:
    if os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return set()
    from mutmut import state
    return set(state()._stats)


@pytest.fixture(autouse=True)
def _reads_the_fresh_build(request):
    yield
    if FRESH_BUILD_CALLS and "fresh" in request.fixturenames:
        from mutmut import state
        state()._stats.update(FRESH_BUILD_CALLS)
