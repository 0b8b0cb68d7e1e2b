"""Load benchmark for `ccmkg serve` (a benchmark, not a test): N requests, C at a time.

    python bench/load.py                      # starts its own server on a free port
    python bench/load.py --url http://127.0.0.1:8000 --requests 10000 --concurrency 8
    python bench/load.py --addresses 8        # the 8 connections from 8 loopback addresses (8 clients)
    python bench/load.py --fairness           # slow queries of one client against everyone else's

The requests cycle through the kinds a visitor and a client make: the home page, a State page,
a footnote page, Turtle by content negotiation, and SELECT / ASK queries at /sparql.
Prints requests per second, p50/p99 latency and the errors (any status other than 200).
By default every connection comes from 127.0.0.1: one client to the server, which runs one query
of a client at a time (`--per-client`); `--addresses N` spreads them over N clients.

--fairness starts its own server with `--timeout-s 3` (defaults otherwise: 2 workers, one query
at a time per client, 5 s queue) and sends 20 runaway queries at once from 127.0.0.2 while 100
simple queries (from 127.0.0.3 and 127.0.0.4) and 100 page requests (from 127.0.0.5 and
127.0.0.6) are spread over the slow queries' run; 127.0.0.0/8 is all loopback on Linux, and the
server tells clients apart by address. Prints the simple requests' statuses, median, p99 and
longest latency, and how the runaway queries ended (503: run and cut; 429: never got a turn).
"""
from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERY = ("PREFIX ccm: <https://w3id.org/ccmkg/ontology#> SELECT ?s ?iso WHERE "
         "{ ?s ccm:iso3166Alpha3 ?iso } ORDER BY ?iso LIMIT 20")
REQUESTS = [
    ("/", "text/html"),
    ("/id/state/LBN", "text/html"),
    ("/id/doc/CCM-MSP-2011-5/annex_2__fn_8", "text/html"),
    ("/id/state/HRV", "text/turtle"),
    ("/sparql?" + urllib.parse.urlencode({"query": QUERY}), "application/sparql-results+json"),
    ("/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s a <https://w3id.org/ccmkg/ontology#Finding> }"}), "text/csv"),
]


def worker(host: str, port: int, jobs: list[int], latencies: list[float], errors: Counter,
           source: str | None = None) -> None:
    address = (source, 0) if source else None
    connection = http.client.HTTPConnection(host, port, timeout=60, source_address=address)  # keep-alive
    for job in jobs:
        path, accept = REQUESTS[job % len(REQUESTS)]
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept": accept})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors[f"{response.status} {path[:40]}"] += 1
        except (OSError, http.client.HTTPException) as exc:
            errors[type(exc).__name__] += 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60, source_address=address)
        latencies.append(time.perf_counter() - started)
    connection.close()


def source_of(connection: int, addresses: int) -> str | None:
    """The loopback address a connection comes from: the default one, or one of `addresses` distinct
    ones (127.0.0.11, .12, ...), which the server counts as distinct clients."""
    return f"127.0.0.{11 + connection % addresses}" if addresses > 1 else None


def run(url: str, total: int, concurrency: int, addresses: int = 1) -> dict:
    parts = urllib.parse.urlsplit(url)
    latencies: list[float] = []
    errors: Counter = Counter()
    shares = [list(range(i, total, concurrency)) for i in range(concurrency)]
    threads = [threading.Thread(target=worker, args=(parts.hostname, parts.port, share, latencies, errors,
                                                     source_of(i, addresses)))
               for i, share in enumerate(shares)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"requests": len(latencies), "seconds": seconds, "rps": len(latencies) / seconds,
            "p50_ms": 1000 * statistics.median(ordered), "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
            "errors": sum(errors.values()), "error_kinds": dict(errors)}


FAIR_TIMEOUT_S = "3"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs until the timeout
COUNT_STATES = "PREFIX ccm: <https://w3id.org/ccmkg/ontology#> SELECT (COUNT(?s) AS ?n) WHERE { ?s a ccm:State }"
SIMPLE = [("/sparql?" + urllib.parse.urlencode({"query": COUNT_STATES}), "text/csv", "127.0.0.3"),
          ("/sparql?" + urllib.parse.urlencode({"query": COUNT_STATES}), "text/csv", "127.0.0.4"),
          ("/id/state/LBN", "text/html", "127.0.0.5"),
          ("/", "text/html", "127.0.0.6")]
SIMPLE_EACH = 50  # 4 clients x 50: 100 queries and 100 pages
SIMPLE_GAP_S = 0.12  # spreads each client's 50 requests over ~6 s: the slow queries' run and a worker's replacement


def timed_request(host: str, port: int, path: str, accept: str, source: str) -> tuple[str, float]:
    """(status or error name, seconds) of one request on a new connection from loopback address `source`."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=60, source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        response.read()
        outcome = str(response.status)
    except (OSError, http.client.HTTPException) as exc:
        outcome = type(exc).__name__
    finally:
        connection.close()
    return outcome, time.perf_counter() - started


def fairness(url: str) -> dict:
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname, parts.port
    slow: list[tuple[str, float]] = []
    simple: list[tuple[str, float, str]] = []  # (status, seconds, what was asked)
    runaway = "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
    slow_threads = [threading.Thread(target=lambda: slow.append(
        timed_request(host, port, runaway, "text/csv", "127.0.0.2"))) for _ in range(20)]

    def client(path: str, accept: str, source: str) -> None:
        for _ in range(SIMPLE_EACH):
            simple.append(timed_request(host, port, path, accept, source) + (path[:20],))
            time.sleep(SIMPLE_GAP_S)
    for path, accept, _ in SIMPLE:  # warm up, as run() does: the home page and matrix are drawn once
        timed_request(host, port, path, accept, "127.0.0.1")
    simple_threads = [threading.Thread(target=client, args=kind) for kind in SIMPLE]
    for thread in slow_threads:
        thread.start()
    time.sleep(0.5)  # the runaway queries are in: one runs, the others wait for their client's turn
    for thread in simple_threads:
        thread.start()
    for thread in simple_threads + slow_threads:
        thread.join(120)  # the server cuts every runaway query within --timeout-s + --queue-s or so
    seconds = sorted(elapsed for _, elapsed, _ in simple)
    slowest = max(simple, key=lambda answer: answer[1])[2]
    return {"simple": len(simple), "simple_status": dict(Counter(status for status, _, _ in simple)),
            "p50_ms": 1000 * statistics.median(seconds), "p99_ms": 1000 * seconds[int(0.99 * (len(seconds) - 1))],
            "max_ms": 1000 * seconds[-1], "over_1s": sum(1 for elapsed in seconds if elapsed > 1), "slowest": slowest,
            "slow": len(slow), "slow_status": dict(Counter(status for status, _ in slow)),
            "slow_max_s": max(elapsed for _, elapsed in slow)}


def report_fairness(result: dict) -> int:
    print(f"{result['simple']} simple requests (100 queries, 100 pages) beside 20 runaway queries of one client: "
          f"statuses {result['simple_status']}, p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
          f"max {result['max_ms']:.1f} ms ({result['slowest']}…), over 1 s {result['over_1s']}; "
          f"runaway queries: {result['slow']} ended, statuses {result['slow_status']} (503: run and cut after {FAIR_TIMEOUT_S} s; 429: no turn in the queue time), "
          f"last after {result['slow_max_s']:.1f} s")
    return 0 if result["simple_status"] == {"200": 200} and not result["over_1s"] else 1  # each answered 200 within 1 s


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--url", help="a running server (default: start one)")
    options.add_argument("--requests", type=int, default=10000)
    options.add_argument("--concurrency", type=int, default=8)
    options.add_argument("--addresses", type=int, default=1,
                         help="spread the connections over this many loopback source addresses (clients); "
                              "default 1: all from 127.0.0.1, one client, which runs one query at a time")
    options.add_argument("--fairness", action="store_true",
                         help=f"20 runaway queries of one client beside 200 simple requests (own server, --timeout-s {FAIR_TIMEOUT_S})")
    args = options.parse_args()
    if args.fairness:
        from tests.servers import start_ccmkg, stop
        url, process = start_ccmkg("--timeout-s", FAIR_TIMEOUT_S)
        try:
            return report_fairness(fairness(url))
        finally:
            stop(process)
    process = None
    url = args.url
    if not url:
        from tests.servers import start_ccmkg
        url, process = start_ccmkg()
    try:
        run(url, 60, args.concurrency, args.addresses)  # warm up: the home page and matrix are drawn once
        result = run(url, args.requests, args.concurrency, args.addresses)
    finally:
        if process:
            from tests.servers import stop
            stop(process)
    print(f"{result['requests']} requests, {args.concurrency} concurrent from {args.addresses} address(es), in {result['seconds']:.1f} s: "
          f"{result['rps']:.0f} requests/s, p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
          f"errors {result['errors']} {result['error_kinds'] or ''}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
