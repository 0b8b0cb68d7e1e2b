"""Synthetic scale: N copies of the meeting's data graphs with distinct IRIs, published like a build.

    python -m bench.scale --scale 1,10          # the scale part of the benchmark alone
    python -m bench.scale --profile 10          # cProfile of publish() at N=10, top functions

Copy 0 is the meeting's graph as built; copy k > 0 has every IRI under https://w3id.org/ccmkg/id/
moved to https://w3id.org/ccmkg/id/copy{k}/, except the document's own: doc/KEY/... becomes
doc/KEY-copy{k}/..., so that each copy is a document of its own with its own key (the saved queries
read a part's document key after "/id/doc/", and with `document` select one document's rows). Ontology, vocabulary and external IRIs (Wikidata,
GeoNames, UN treaty pages) are shared, so a triple with none of our IRIs is the same in every copy.
One exception: the owl:sameAs targets (a State is owl:sameAs its Wikidata item). Shared, they would
make the k copies of a State one individual (OWL RL eq-rep: k^2 triples per State, and a functional
property with k "different" values); in copy k, wd:Q889 becomes wd:Q{k}000000889 (no such item), so
each copy is a distinct set of individuals, as k real meetings would be.
The copies are published together by ccmkg.build.write_outputs (export with derive, reason, validate,
write) into a temporary folder, each as a document of its own (its own data/ttl/KEY/ folder and
store for the derivation rules). The shapes are the project's with one change: their IRI patterns also accept the
`copy{k}/` segment (otherwise every copied entity would be a violation and publish would stop);
so are the derivation rules, which find a State's ISO code after "/state/" in its IRI.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import multiprocessing
import pstats
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from ccmkg.build import Project, build_facts, load_ontology, write_outputs
from ccmkg.query import DOCUMENT_GRAPH, SHARED_GRAPH, UNSHARE
from ccmkg.triples import TripleSet

from bench.queries import p95, time_queries

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ccmkg/id/"
DOC = "doc/"
SAME_AS = URIRef("http://www.w3.org/2002/07/owl#sameAs")
WIKIDATA = "http://www.wikidata.org/entity/Q"
SHAPE_IRI = "w3id[.]org/ccmkg/id/"
RULE_STATE = '"/id/state/"'


def moved(term, k: int, cache: dict):
    """`term` in copy k: our IRIs under copy{k}/ (the document's under doc/KEY-copy{k}/), everything
    else as is."""
    if k == 0 or type(term) is not URIRef or not term.startswith(ID):
        return term
    new = cache.get(term)
    if new is None:
        path = term[len(ID):]
        if path.startswith(DOC):  # doc/KEY/PART -> doc/KEY-copy{k}/PART: a document of its own
            key, slash, rest = path[len(DOC):].partition("/")
            new = URIRef(f"{ID}{DOC}{key}-copy{k}{slash}{rest}")
        else:
            new = URIRef(f"{ID}copy{k}/{path}")
        cache[term] = new
    return new


def moved_identity(term, k: int):
    """An owl:sameAs target in copy k: a Wikidata item Q{n} becomes Q{k * 10^9 + n}; any other
    external IRI gets a `#copy{k}` fragment."""
    if k == 0 or term.startswith(ID):
        return term
    if term.startswith(WIKIDATA) and term[len(WIKIDATA):].isdigit():
        return URIRef(f"{WIKIDATA}{k * 10**9 + int(term[len(WIKIDATA):])}")
    return URIRef(f"{term}#copy{k}")


def copy_triple(triple, k: int, cache: dict):
    s, p, o = triple
    return moved(s, k, cache), p, moved_identity(o, k) if p == SAME_AS else moved(o, k, cache)


def copies(graphs: dict, n: int, key: str) -> dict[str, dict[str, TripleSet]]:
    """n copies of the meeting's data graphs (by file name), each a document of its own, as a
    corpus of n meetings would be: copy 0 under the meeting's key, copy k under KEY-copy{k}."""
    out = {}
    for k in range(n):
        cache: dict = {}
        out[key if k == 0 else f"{key}-copy{k}"] = {
            name: TripleSet({copy_triple(triple, k, cache) for triple in graph}, dict(graph.namespaces()))
            for name, graph in graphs.items()}
    return out


def scale_project(folder: Path, root: Path = ROOT) -> Project:
    """A project folder for publish(): the saved queries, the derivation rules, and the shapes with
    IRI patterns that accept the copy{k}/ segment; the rules read a State's ISO code after "/state/"
    (after "/id/state/" in the project's rules, which would give copies an empty code)."""
    (folder / "shapes").mkdir(parents=True, exist_ok=True)
    for path in sorted((root / "shapes").glob("*.ttl")):
        text = path.read_text(encoding="utf-8").replace(SHAPE_IRI, SHAPE_IRI + "(copy[0-9]+/)?")
        (folder / "shapes" / path.name).write_text(text, encoding="utf-8")
    shutil.copytree(root / "queries", folder / "queries", dirs_exist_ok=True)
    (folder / "rules").mkdir(exist_ok=True)
    for path in sorted((root / "rules").glob("*.rq")):  # publish derives: each copy from its own facts
        text = path.read_text(encoding="utf-8").replace(RULE_STATE, '"/state/"')
        (folder / "rules" / path.name).write_text(text, encoding="utf-8")
    return Project(folder)


def meeting(project: Project):
    """The ontology graph, the meeting's data graphs, as a build makes them, and its key."""
    ontology = load_ontology(project)
    facts = build_facts(project, ontology)
    return ontology, facts.graphs, project.documents()[0].key


def peak_rss_mb() -> float:
    """The largest resident set of this process and of its finished children, in MB."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


PUBLISH_STAGES = ["export", "derive", "reason", "validate", "write"]


class StageTimes(dict):
    """Wall seconds per stage, as ccmkg.build.timed keeps them, and CPU seconds per stage in `cpu`."""

    def __init__(self):
        super().__init__()
        self.cpu: dict[str, float] = {}


def publish_timed(project: Project, ontology, data: dict, work: Path, timeout_s: float | None) -> dict:
    """publish() in a forked child (sharing the generated graphs), stopped after `timeout_s`: the
    stage times, and when stopped or failed, the stage it was in."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child():
        lock, timings, started = threading.Lock(), StageTimes(), time.perf_counter()

        def tell(*message):
            with lock:
                send.send(message)

        def progress():
            while True:
                time.sleep(0.5)
                tell("progress", dict(timings), time.perf_counter() - started)

        threading.Thread(target=progress, daemon=True).start()
        try:
            summary = write_outputs(project, ontology, data, work / "ttl", work / "dist", timings)
        except Exception as exc:  # NotConforming, Inconsistent: reported, not raised
            tell("error", dict(timings), time.perf_counter() - started, f"{type(exc).__name__}: {str(exc)[:500]}")
            return
        tell("done", dict(timings), time.perf_counter() - started, summary.triples, summary.data_triples,
             dict(timings.cpu), time.process_time())

    process = context.Process(target=child, daemon=True)
    started = time.perf_counter()
    process.start()
    send.close()
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    last = ("progress", {}, 0.0)
    while last[0] == "progress":
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not receive.poll(wait):
            break
        try:
            last = receive.recv()
        except EOFError:
            last = ("error", last[1], time.perf_counter() - started, f"publish process died ({process.exitcode})")
    if process.is_alive():
        process.kill()
    process.join()
    receive.close()
    kind, timings = last[0], last[1]
    out = {"timings": timings, "publish_s": last[2] if kind == "done" else None, "status": kind}
    if kind == "done":
        out["triples"], out["data_triples"], out["cpu"], out["publish_cpu_s"] = last[3:7]
    else:
        out["stopped_in"] = next((s for s in PUBLISH_STAGES if s not in timings), "write")
        out["error"] = last[3] if kind == "error" else f"stopped after {timeout_s:.0f} s"
    return out


def ntriples(ontology, data: dict) -> bytes:
    """The ontology and the generated documents' data graphs as N-Triples (for the query store)."""
    triples = set(ontology)
    for graphs in data.values():
        for graph in graphs.values():
            triples.update(graph)
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples).encode("utf-8")


def query_store(ontology, data: dict) -> ox.Store:
    """The store `ccmkg query` makes of a corpus (ccmkg.query.loaded): every triple in the default
    graph, and once more in a named graph, its document's (or the shared one for the ontology), on
    which a saved query given one document runs."""
    store = ox.Store()
    store.bulk_load(ntriples(ontology, data), format=ox.RdfFormat.N_TRIPLES)
    store.bulk_load(ntriples(ontology, {}), format=ox.RdfFormat.N_TRIPLES, to_graph=SHARED_GRAPH)
    for key, graphs in data.items():
        store.bulk_load(ntriples((), {key: graphs}), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.NamedNode(DOCUMENT_GRAPH + key))
    store.update(UNSHARE)
    return store


def default_graph_size(store: ox.Store) -> int:
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def run_scale(n: int, ontology, graphs, key: str, work: Path, query_repeat: int = 20, query_timeout_s: float = 10.0,
              publish_timeout_s: float | None = 600.0) -> dict:
    """Generate n copies, publish them into `work`, then time every saved query on a store holding
    the ontology and the n copies."""
    project = scale_project(work / "project")
    started = time.perf_counter()
    data = copies(graphs, n, key)
    generate_s = time.perf_counter() - started
    result = {"n": n, "generate_s": generate_s,
              **publish_timed(project, ontology, data, work, publish_timeout_s)}
    started = time.perf_counter()
    store = query_store(ontology, data)
    result["store_load_s"] = time.perf_counter() - started
    result["store_triples"] = default_graph_size(store)  # len(store) counts the named graphs' copies too
    del data
    queries = time_queries(store, project.root / "queries", query_repeat, budget_s=query_timeout_s,
                           timeout_s=query_timeout_s, defaults=True)
    result["queries"] = {name: {"p95": p95(q["times"]), "runs": len(q["times"]), "rows": q["rows"],
                                "timed_out": q["timed_out"], "params": q["params"]} for name, q in queries.items()}
    result["peak_rss_mb"] = peak_rss_mb()
    result.setdefault("triples", result["store_triples"])
    return result


def describe(result: dict) -> str:
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in result["timings"].items())
    if result["status"] == "done":
        cpu = ", ".join(f"{k} {v:.1f}" for k, v in result["cpu"].items())
        publish_text = (f"publish {result['publish_s']:.1f} s ({stages}); CPU {result['publish_cpu_s']:.1f} s "
                        f"in the publishing process, by stage: {cpu}")
    else:
        publish_text = f"publish NOT finished, {result['error']}, in {result['stopped_in']} ({stages})"
    name, slowest = max(result["queries"].items(), key=lambda kv: kv[1]["p95"] or float("inf"))
    slow_text = "no finished run" if slowest["p95"] is None else f"p95 {1000 * slowest['p95']:.0f} ms"
    return (f"scale {result['n']}x: {result['triples']} triples, {publish_text}, slowest query {name} "
            f"{slow_text}{' (timed out)' if slowest['timed_out'] else ''}, peak RSS {result['peak_rss_mb']:.0f} MB")


def run_all(scales: list[int], query_repeat: int = 20, query_timeout_s: float = 10.0,
            publish_timeout_s: float | None = 600.0, log=print) -> list[dict]:
    ontology, graphs, key = meeting(Project(ROOT))
    results = []
    for n in scales:
        with tempfile.TemporaryDirectory(prefix=f"ccmkg-scale{n}-") as tmp:
            log(f"scale {n}x: generating and publishing ...")
            result = run_scale(n, ontology, graphs, key, Path(tmp), query_repeat, query_timeout_s, publish_timeout_s)
            log(describe(result))
            results.append(result)
    return results


def profile(n: int, top: int, restrict: str | None = None) -> dict:
    """cProfile of publish() at n copies, in this process: the stage times and the `top` functions
    by cumulative time (with `restrict`, only those whose file or name match that regex)."""
    ontology, graphs, key = meeting(Project(ROOT))
    data = copies(graphs, n, key)
    with tempfile.TemporaryDirectory(prefix="ccmkg-profile-") as tmp:
        project = scale_project(Path(tmp) / "project")
        timings: dict[str, float] = {}
        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
        profiler.enable()
        write_outputs(project, ontology, data, Path(tmp) / "ttl", Path(tmp) / "dist", timings)
        profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
    stats.print_stats(*([restrict] if restrict else []), top)
    listing = text.getvalue()
    listing = listing[listing.index("   ncalls"):] if "   ncalls" in listing else listing
    listing = re.sub(r"\S*/site-packages/", "", listing.replace(str(ROOT) + "/", ""))
    return {"n": n, "timings": timings, "text": listing.rstrip()}


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--scale", default="1,10", help="comma-separated copy counts (default 1,10)")
    options.add_argument("--query-repeat", type=int, default=20)
    options.add_argument("--query-timeout", type=float, default=10.0,
                         help="seconds after which a saved query's runs are stopped (default 10)")
    options.add_argument("--publish-timeout", type=float, default=600.0,
                         help="seconds after which publish is stopped and the stage it is in reported (default 600)")
    options.add_argument("--profile", type=int, metavar="N", help="profile publish() at N copies instead")
    options.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    args = options.parse_args(argv)
    if args.profile:
        result = profile(args.profile, args.top)
        print(f"{args.profile}x: publish: " + ", ".join(f"{k} {v:.2f} s" for k, v in result["timings"].items()))
        print(result["text"])
        return 0
    run_all([int(x) for x in args.scale.split(",")], args.query_repeat, args.query_timeout, args.publish_timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
