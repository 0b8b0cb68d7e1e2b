"""`ccmkg export`: every format and profile, to stdout and to --out, parsed by pyoxigraph's strict
parsers and compared with the same file of dist/ written by `ccmkg build` in the same folder:
the same triples (no blank nodes, so set equality is isomorphism) and the same bytes, since every
file of dist/ is canonical."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from ccmkg.export.csv_tables import CSV_TABLES

from .conftest import run_cli

RDF_EXPORTS = [  # (--format, --profile, file of dist/, strict parser)
    ("ttl", "ccm", "ccm.ttl", ox.RdfFormat.TURTLE),
    ("nt", "ccm", "ccm.nt", ox.RdfFormat.N_TRIPLES),
    ("jsonld", "ccm", "ccm.jsonld", ox.RdfFormat.JSON_LD),
    ("trig", "ccm", "ccm.trig", ox.RdfFormat.TRIG),
    ("ttl", "wikidata", "ccm.wikidata.ttl", ox.RdfFormat.TURTLE),
]


def strict(data: bytes, fmt) -> set:
    """Every statement, by pyoxigraph's strict parser (quads keep their graph name)."""
    return set(ox.parse(data, format=fmt))


def export(fresh, *args: str) -> bytes:
    done = run_cli("export", *args, cwd=fresh)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.encode("utf-8")


@pytest.mark.parametrize("fmt, profile, name, parser", RDF_EXPORTS)
def test_export_to_stdout_is_the_dist_file(fresh, fmt, profile, name, parser):
    data = export(fresh, "--format", fmt, "--profile", profile)
    dist = (fresh / "dist" / name).read_bytes()
    assert strict(data, parser) == strict(dist, parser)
    assert data == dist


@pytest.mark.parametrize("fmt, profile, name, parser", RDF_EXPORTS)
def test_export_to_out_is_the_dist_file(fresh, tmp_path, fmt, profile, name, parser):
    out = tmp_path / "sub" / f"export-{name}"
    assert export(fresh, "--format", fmt, "--profile", profile, "--out", str(out)) == b""
    data, dist = out.read_bytes(), (fresh / "dist" / name).read_bytes()
    assert strict(data, parser) == strict(dist, parser)
    assert data == dist
    written = {p.name for p in out.parent.iterdir()}
    assert written == ({out.name, "context.jsonld"} if fmt == "jsonld" and profile == "ccm" else {out.name})


def test_jsonld_out_writes_the_context_of_dist_beside_it(fresh, tmp_path):
    export(fresh, "--format", "jsonld", "--out", str(tmp_path / "g.jsonld"))
    assert (tmp_path / "context.jsonld").read_bytes() == (fresh / "dist" / "context.jsonld").read_bytes()


def test_trig_holds_the_ontology_and_every_data_file_as_named_graphs(fresh):
    quads = strict(export(fresh, "--format", "trig"), ox.RdfFormat.TRIG)
    graphs = {q.graph_name.value.rsplit("/", 1)[-1] for q in quads}
    assert graphs == {"ontology"} | {p.stem for p in (fresh / "data" / "ttl").rglob("*.ttl")}
    triples = strict((fresh / "dist" / "ccm.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)
    assert {q.triple for q in quads} == {t.triple for t in triples}


def test_csv_out_writes_every_table_of_dist(fresh, tmp_path):
    assert export(fresh, "--format", "csv", "--out", str(tmp_path / "tables")) == b""
    written = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert written == sorted([f"{name}.csv" for name in CSV_TABLES] + ["datapackage.json"])  # the tables and their description
    for name in written:  # the same rows, and values concatenated in the same order
        assert (tmp_path / "tables" / name).read_bytes() == (fresh / "dist" / name).read_bytes(), name


def test_csv_without_out_is_refused_naming_the_parameter(fresh):
    done = run_cli("export", "--format", "csv", cwd=fresh)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("ccmkg: error: --format csv: give --out FOLDER")
    assert "Traceback" not in done.stderr
