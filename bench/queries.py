"""Time every saved query (queries/*.rq) on a pyoxigraph store, each with its parameters' examples."""
from __future__ import annotations

import multiprocessing
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from ccmkg.query import bindings, saved_queries


def run_once(store: ox.Store, text: str, substitutions: dict) -> int:
    """Run a query and read every result (rows, triples or the boolean); returns how many."""
    from ccmkg.query import document_dataset  # one document's graphs, as `ccmkg query` uses them

    results = store.query(text, substitutions=substitutions, default_graph=document_dataset(store, substitutions))
    if isinstance(results, ox.QueryBoolean):
        return 1
    return sum(1 for _ in results)


def examples(query) -> dict[str, str]:
    return {p.name: p.example for p in query.params}


def runs(store: ox.Store, query, repeat: int, budget_s: float, report, given: dict | None = None) -> None:
    """Run `query` up to `repeat` times, fewer once `budget_s` is spent (at least one run); `report`
    receives (seconds, rows) after each run. The parameters are `given` (their examples if None;
    {} leaves each to its default)."""
    substitutions = bindings(query, examples(query) if given is None else given)
    spent = 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run_once(store, query.text, substitutions)
        seconds = time.perf_counter() - started
        report((seconds, rows))
        spent += seconds
        if spent > budget_s:
            break


def time_queries(store: ox.Store, folder: Path, repeat: int, budget_s: float = 20.0,
                 timeout_s: float | None = None, defaults: bool = False) -> dict[str, dict]:
    """{query name: {"times": [seconds], "rows": n, "timed_out": bool, "params": [given]}} for every
    saved query in `folder` with its parameters' examples, each run `repeat` times or until its runs
    took `budget_s`. With `defaults`, a query whose every parameter has a default (such as `document`
    = all) is run once more without any, as "NAME (defaults)". With `timeout_s`, each query runs in
    a forked child process (sharing the loaded store) that is killed after `timeout_s`: the runs
    finished by then are kept, and "timed_out" is set."""
    out = {}
    for name, query in saved_queries(folder).items():
        variants = [(name, None)]
        if defaults and query.params and all(p.default for p in query.params):
            variants.append((f"{name} (defaults)", {}))
        for label, given in variants:
            results: list[tuple[float, int]] = []
            timed_out = False
            if timeout_s is None:
                runs(store, query, repeat, budget_s, results.append, given)
            else:
                timed_out = forked(store, query, repeat, budget_s, timeout_s, results, given)
            out[label] = {"times": [s for s, _ in results], "rows": results[-1][1] if results else None,
                          "timed_out": timed_out,
                          "params": [p.name for p in query.params] if given is None else []}
    return out


def forked(store, query, repeat: int, budget_s: float, timeout_s: float, results: list,
           given: dict | None = None) -> bool:
    """The runs of `query` in a child process; True when it was killed at `timeout_s`."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child():
        runs(store, query, repeat, budget_s, send.send, given)
        send.send(None)

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    deadline = time.monotonic() + timeout_s
    finished = False
    while not finished and receive.poll(max(0.0, deadline - time.monotonic())):
        try:
            message = receive.recv()
        except EOFError:  # the child died
            break
        if message is None:
            finished = True
        else:
            results.append(message)
    if process.is_alive():
        process.kill()
    process.join()
    receive.close()
    return not finished


def median(times: list[float]) -> float | None:
    return statistics.median(times) if times else None


def p95(times: list[float]) -> float | None:
    if not times:
        return None
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- before and after: two folders of saved queries, alternated on stores of N copies -------------

def query_store(n: int) -> ox.Store:
    """A store of the ontology and n copies of the meeting (bench/scale.py's copies, each a
    document of its own) laid out as ccmkg.query.Store lays out the committed graph: everything in
    the default graph, and once more the ontology in the shared graph and each copy in its own."""
    from bench.scale import copies, meeting  # here: the build's imports, for this path only
    from bench.scale import query_store as store_of
    from ccmkg.project import Project

    ontology, graphs, key = meeting(Project(Path(__file__).resolve().parent.parent))
    return store_of(ontology, copies(graphs, n, key))


def variants(query) -> list[tuple[str, dict | None]]:
    """The runs a query is timed with: its parameters' examples, and its defaults when it has some."""
    out = [(query.name, None)]
    if query.params and all(p.default for p in query.params):
        out.append((f"{query.name} (defaults)", {}))
    return out


def cpu_run(store: ox.Store, text: str, substitutions: dict, graphs: bool = True) -> tuple[float, bytes]:
    """CPU seconds of one run of a query read in full as CSV (or Turtle, or the boolean); with
    `graphs`, on one document's graphs when it is given one (else on the default graph)."""
    from ccmkg.query import document_dataset, render

    started = time.process_time()
    output = render(store.query(text, substitutions=substitutions,
                                default_graph=document_dataset(store, substitutions) if graphs else None), "csv")
    return time.process_time() - started, output


def same_rows(first: bytes | None, other: bytes | None) -> bool:
    """`other` gives `first`'s rows in its order, in `first`'s columns (it may have more columns)."""
    import csv
    import io

    if first is None or other is None:
        return first == other
    head, *rows = list(csv.reader(io.StringIO(first.decode("utf-8"))))
    others = list(csv.DictReader(io.StringIO(other.decode("utf-8"))))
    return all(h in (others[0] if others else {h: 0 for h in head}) for h in head) and \
        rows == [[row[h] for h in head] for row in others]


def compare(store: ox.Store, folders: list[Path], repeat: int, budget_s: float, out: Path | None,
            first_on_default: bool = False) -> dict:
    """{label: [result per folder: {"median", "p95", "runs", "rows", "same"}]}: each query of the
    first folder run from every folder in turn (alternated), up to `repeat` rounds or `budget_s`
    CPU seconds; "same": its CSV output equals the first folder's. With `out`, the outputs are
    written there (FOLDER-INDEX/LABEL.csv). With `first_on_default`, the first folder's queries run
    on the default graph even when given one document (as before the document graphs)."""
    results = {}
    for name, first in saved_queries(folders[0]).items():
        queries = [first] + [saved_queries(f).get(name) for f in folders[1:]]
        for label, given in variants(first):
            times: list[list[float]] = [[] for _ in queries]
            outputs: list[bytes | None] = [None for _ in queries]
            spent = 0.0
            for _ in range(repeat):
                for index, query in enumerate(queries):
                    if query is None:
                        continue
                    substitutions = bindings(query, examples(query) if given is None else given)
                    graphs = not (first_on_default and index == 0)
                    seconds, outputs[index] = cpu_run(store, query.text, substitutions, graphs)
                    times[index].append(seconds)
                    spent += seconds
                if spent > budget_s:
                    break
            results[label] = [{"median": median(t), "p95": p95(t), "runs": len(t),
                               "rows": None if o is None else o.count(b"\n") - 1, "same": same_rows(outputs[0], o)}
                              for t, o in zip(times, outputs)]
            if out:
                for index, output in enumerate(outputs):
                    if output is not None:
                        (out / str(index)).mkdir(parents=True, exist_ok=True)
                        (out / str(index) / f"{label}.csv").write_bytes(output)
    return results


def main(argv: list[str] | None = None) -> int:
    """python -m bench.queries [--scale 1,10] [--real] [FOLDER ...]: the saved queries of each
    folder (default queries/), alternated, on the committed graph (--real) or on N copies."""
    import argparse

    from ccmkg.project import Project
    from ccmkg.query import Store

    root = Path(__file__).resolve().parent.parent
    options = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    options.add_argument("folders", nargs="*", type=Path, default=[root / "queries"])
    options.add_argument("--scale", default="", help="comma-separated copy counts")
    options.add_argument("--real", action="store_true", help="the committed graph (data/ttl)")
    options.add_argument("--repeat", type=int, default=11)
    options.add_argument("--budget", type=float, default=10.0, help="CPU seconds per query and scale")
    options.add_argument("--out", type=Path, help="write each query's CSV output under this folder")
    options.add_argument("--first-on-default", action="store_true",
                         help="run the first folder's queries on the default graph only (the layout before)")
    args = options.parse_args(argv)
    stores = [("real", lambda: Store(Project(root).ontology_files + Project(root).data_files()).store)] \
        if args.real else []
    stores += [(f"{n}x", lambda n=int(n): query_store(n)) for n in args.scale.split(",") if n]
    for label, make in stores:
        store = make()
        print(f"## {label}: {len(store)} triples; CPU ms per query, median (p95) of alternated runs, "
              f"folders: {', '.join(map(str, args.folders))}")
        results = compare(store, args.folders, args.repeat, args.budget, args.out and args.out / label,
                          args.first_on_default)
        totals = [0.0 for _ in args.folders]
        for name, per_folder in results.items():
            cells = []
            for index, r in enumerate(per_folder):
                if r["median"] is None:
                    cells.append("-")
                    continue
                totals[index] += r["median"] if "(defaults)" not in name else 0.0
                cells.append(f"{1000 * r['median']:.1f} ({1000 * r['p95']:.1f}) {r['rows']} rows"
                             f"{'' if r['same'] else ' DIFFERENT'}")
            print(f"{name:40} " + " | ".join(cells), flush=True)
        print("total (examples) " + " | ".join(f"{1000 * t:.1f} ms" for t in totals), flush=True)
        del store
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
