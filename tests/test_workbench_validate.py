"""`ccmkg validate --only FILE…`: one's own data with the ontology, without the built graph."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = """@prefix ccm: <https://w3id.org/ccmkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ccmkg/id/state/NOR> a ccm:State ; rdfs:label "Norway"@en ; ccm:iso3166Alpha3 "{code}" .
"""


def ccmkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ccmkg.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_valid_file_conforms_alone(tmp_path):
    result = ccmkg("validate", "--only", write(tmp_path, "ok.ttl", STATE.format(code="NOR")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("conforms: 0 violations, 0 warnings")


def test_an_invalid_file_is_reported_alone(tmp_path):
    result = ccmkg("validate", "--only", write(tmp_path, "bad.ttl", STATE.format(code="no")))
    assert result.returncode == 1
    assert "shapes:StateShape-iso3" in result.stdout and "ccmr:state/NOR" in result.stdout
    assert "1 violation," in result.stdout
    # the document's own contradictions (Canada: a State party in footnote 21, a signatory in
    # paragraph 10) are warnings of the built graph, which --only leaves out
    assert "state/CAN" not in result.stdout


def test_without_only_the_built_graph_is_merged(tmp_path):
    result = ccmkg("validate", write(tmp_path, "ok.ttl", STATE.format(code="NOR")))
    assert result.returncode == 0
    assert "state/CAN" in result.stdout and "main__para_10" in result.stdout


def test_only_needs_files_and_parsable_ones(tmp_path):
    result = ccmkg("validate", "--only")
    assert result.returncode == 2 and "--only" in result.stderr and "Traceback" not in result.stderr
    broken = write(tmp_path, "broken.ttl", "<a> <b> .\n")
    result = ccmkg("validate", "--only", broken)
    assert result.returncode == 2 and broken in result.stderr and len(result.stderr.splitlines()) == 1
