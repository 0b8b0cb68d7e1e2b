"""The benchmark's machinery on tiny settings (no timing assertions: speed is measured by
`python -m bench`, not by tests)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from bench.queries import time_queries
from bench.run import report, targets, write_atomically
from bench.startup import timed
from bench.scale import ID, SAME_AS, copies, copy_triple, default_graph_size, meeting, query_store, scale_project
from ccmkg.query import bindings, document_dataset, saved_queries
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def graphs(project):
    return meeting(project)[1]


def ours(term) -> bool:
    return isinstance(term, URIRef) and term.startswith(ID)


def test_the_scale_store_is_ccmkgs_a_query_given_one_document_reads_only_its_graph(project, graphs):
    ontology = meeting(project)[0]
    store = query_store(ontology, copies(graphs, 2, "CCM-MSP-2011-5"))
    one = sum(len(graph) for graph in graphs.values())
    assert default_graph_size(store) >= 2 * one  # both copies (and the ontology) in the default graph
    query = saved_queries(ROOT / "queries")["participant-counts"]
    given = bindings(query, {"document": "CCM-MSP-2011-5"})
    assert document_dataset(store, given) is not None  # the copy's graph is there: it is used
    rows = list(store.query(query.text, substitutions=given, default_graph=document_dataset(store, given)))
    everything = list(store.query(query.text, substitutions=bindings(query, {})))
    assert rows and len(everything) == 2 * len(rows)  # paragraphs 8-14 of each copy, one copy given


def test_two_copies_are_two_documents_that_share_only_the_shared_triples(graphs):
    doubled = copies(graphs, 2, "CCM-MSP-2011-5")
    assert list(doubled) == ["CCM-MSP-2011-5", "CCM-MSP-2011-5-copy1"]
    assert all(set(doubled["CCM-MSP-2011-5"][name]) == set(graph) for name, graph in graphs.items())  # as built
    copy = doubled["CCM-MSP-2011-5-copy1"]
    assert set(copy) == set(graphs)
    for name, graph in graphs.items():
        assert len(copy[name]) == len(graph), name
        assert dict(copy[name].namespaces()) == dict(graph.namespaces())
    original = set().union(*graphs.values())
    shared = sum(1 for triple in original if copy_triple(triple, 1, {}) == triple)
    assert len(original | set().union(*copy.values())) == 2 * len(original) - shared


def test_copy_one_has_its_own_iris(graphs):
    original = set().union(*graphs.values())
    copy = {copy_triple(triple, 1, {}) for triple in original}
    iris = {t for triple in original for t in triple if ours(t)}
    copy_iris = {t for triple in copy for t in triple if ours(t)}
    assert len(copy_iris) == len(iris) and not copy_iris & iris
    assert all(str(t).startswith(ID + "copy1/") or str(t).split("/")[6].endswith("-copy1") for t in copy_iris)
    # the vocabulary is shared; identity links (owl:sameAs) are not, so the copies stay distinct
    assert {p for _, p, _ in copy} == {p for _, p, _ in original}
    same = {o for _, p, o in original if p == SAME_AS}
    assert same and not same & {o for _, p, o in copy if p == SAME_AS}


def test_each_copy_is_a_document_of_its_own(graphs):
    # the saved queries read a part's document key after "/id/doc/" (`document` selects one key)
    def keys(triples):
        return {t.split("/id/doc/")[1].split("/")[0] for triple in triples for t in triple
                if ours(t) and "/id/doc/" in t}
    original = set().union(*graphs.values())
    assert "CCM-MSP-2011-5" in keys(original)
    for k in (1, 7):
        assert keys(copy_triple(triple, k, {}) for triple in original) == {f"{key}-copy{k}" for key in keys(original)}


def test_scale_shapes_accept_the_copy_segment(tmp_path):
    project = scale_project(tmp_path)
    text = (project.root / "shapes" / "ccm.shapes.ttl").read_text(encoding="utf-8")
    assert "ccmkg/id/(copy[0-9]+/)?" in text
    assert sorted(p.name for p in (project.root / "queries").glob("*.rq")) == \
        sorted(p.name for p in (ROOT / "queries").glob("*.rq"))


def test_query_timer_has_one_entry_per_saved_query(store):
    timed = time_queries(store.store, ROOT / "queries", repeat=1)
    assert list(timed) == list(saved_queries(ROOT / "queries"))
    assert all(len(q["times"]) == 1 and q["rows"] is not None and not q["timed_out"] for q in timed.values())


def test_forked_query_timer(tmp_path):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"),
                      ox.Literal("x")))
    (tmp_path / "one.rq").write_text("#+ summary: one\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "ask.rq").write_text("#+ summary: ask\nASK { ?s ?p ?o }\n", encoding="utf-8")
    timed = time_queries(store, tmp_path, repeat=3, timeout_s=60)
    assert set(timed) == {"one", "ask"}
    assert all(len(q["times"]) == 3 and q["rows"] == 1 and not q["timed_out"] for q in timed.values())


def test_query_timer_runs_a_query_with_defaults_once_more(tmp_path):
    store = ox.Store()
    for name in ("a", "b"):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/{name}"), ox.NamedNode("http://example.org/p"),
                          ox.Literal(name)))
    (tmp_path / "pick.rq").write_text(
        "#+ summary: pick\n#+ param: name | string | a | a name, or all | all\n"
        'SELECT ?s ?name WHERE { ?s ?p ?o FILTER (?name = "all" || STR(?o) = ?name) }\n', encoding="utf-8")
    (tmp_path / "need.rq").write_text(
        "#+ summary: need\n#+ param: name | string | a | a name\nSELECT ?s ?name WHERE { ?s ?p ?name }\n",
        encoding="utf-8")
    timed = time_queries(store, tmp_path, repeat=2, timeout_s=60, defaults=True)
    assert set(timed) == {"pick", "pick (defaults)", "need"}  # need's parameter has no default
    assert (timed["pick"]["rows"], timed["pick"]["params"]) == (1, ["name"])
    assert (timed["pick (defaults)"]["rows"], timed["pick (defaults)"]["params"]) == (2, [])
    assert set(time_queries(store, tmp_path, repeat=1)) == {"need", "pick"}  # without `defaults`


def test_report_of_a_partial_run(tmp_path):
    results = {"date": "today", "command": "python -m bench --skip build", "commit": "abc",
               "machine": {"cpu": "cpu", "cores": 2, "ram": "1 GB", "system": "Linux", "python": "3",
                           "packages": {"rdflib": "7"}},
               "options": {"repeat": 1, "naive_repeat": 1, "query_repeat": 2, "query_timeout": 1.0,
                           "publish_timeout": 1.0},
               "queries": {"q": {"median": 0.01, "rows": 3}}}
    assert [verdict for _, _, verdict in targets(results)].count("not measured") == 12
    text = report(results)
    assert "| q | 10.0 ms | 3 |" in text
    write_atomically(tmp_path / "results.md", text)
    assert (tmp_path / "results.md").read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["results.md"]


def test_scale_project_rules_read_the_iso_code_of_copied_states(tmp_path):
    project = scale_project(tmp_path)
    for path in sorted((ROOT / "rules").glob("*.rq")):
        copied = (project.root / "rules" / path.name).read_text(encoding="utf-8")
        assert '"/id/state/"' not in copied
        assert copied.count('"/state/"') == path.read_text(encoding="utf-8").count('"/id/state/"')


def scale_result(n: int, triples: int, p95: dict, rss: float) -> dict:
    return {"n": n, "triples": triples, "generate_s": 0.1, "timings": {"export": 1.0, "reason": 1.0},
            "publish_s": 2.0 * n, "status": "done", "store_load_s": 0.1, "peak_rss_mb": rss,
            "queries": {name: {"p95": value, "runs": 2, "rows": 1, "timed_out": value is None,
                               "params": params} for name, (value, params) in p95.items()}}


def test_scale_targets_read_parameters_growth_and_memory():
    results = {"date": "today", "command": "python -m bench", "commit": "abc",
               "machine": {"cpu": "cpu", "cores": 2, "ram": "1 GB", "system": "Linux", "python": "3",
                           "packages": {"rdflib": "7"}},
               "options": {"repeat": 1, "naive_repeat": 1, "query_repeat": 2, "query_timeout": 1.0,
                           "publish_timeout": 1.0},
               "scale": [scale_result(10, 1000, {"by-state": (0.004, ["state"]), "linear": (0.010, []),
                                                 "quadratic": (0.010, []), "stopped": (0.010, [])}, 400),
                         scale_result(100, 10000, {"by-state": (0.030, ["state"]), "linear": (0.090, []),
                                                   "quadratic": (0.5, []), "stopped": (None, [])}, 2000)]}
    rows = {target: (measured, verdict) for target, measured, verdict in targets(results)}
    assert rows["100× peak memory ≤ 1.5 GB"] == ("2000 MB", "**not met**")
    assert rows["100×: saved queries with a parameter, p95 ≤ 50 ms"] == ("0 of 1 over", "met")
    measured, verdict = rows["10× → 100×: no saved query without a parameter grows faster than the data"]
    assert (measured, verdict) == ("2 of 3 grow more than 10.0× (p95)", "**not met**")
    text = report(results)
    assert "| quadratic | – | 10.0 ms | **500.0 ms** | 50.0× |" in text
    assert "| by-state | state | 4.0 ms | 30.0 ms | 7.5× |" in text
    assert "| stopped | – | 10.0 ms | **> 1 s** | stopped |" in text


def test_startup_timer_reads_wall_and_cpu_time_of_a_process():
    import sys

    wall, cpu = timed([sys.executable, "-c", "sum(range(3_000_000))"], {})
    assert wall > 0 and cpu > 0 and cpu < wall + 1.0
