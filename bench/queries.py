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
    results = store.query(text, substitutions=substitutions)
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
