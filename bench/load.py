"""Load benchmark for `ccmkg serve` (a benchmark, not a test): N requests, C at a time.

    python bench/load.py                      # starts its own server on a free port
    python bench/load.py --url http://127.0.0.1:8000 --requests 10000 --concurrency 8

The requests cycle through the kinds a visitor and a client make: the home page, a State page,
a footnote page, Turtle by content negotiation, and SELECT / ASK queries at /sparql.
Prints requests per second, p50/p99 latency and the errors (any status other than 200).
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


def worker(host: str, port: int, jobs: list[int], latencies: list[float], errors: Counter) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=60)  # keep-alive, one per client
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
            connection = http.client.HTTPConnection(host, port, timeout=60)
        latencies.append(time.perf_counter() - started)
    connection.close()


def run(url: str, total: int, concurrency: int) -> dict:
    parts = urllib.parse.urlsplit(url)
    latencies: list[float] = []
    errors: Counter = Counter()
    shares = [list(range(i, total, concurrency)) for i in range(concurrency)]
    threads = [threading.Thread(target=worker, args=(parts.hostname, parts.port, share, latencies, errors))
               for share in shares]
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


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--url", help="a running server (default: start one)")
    options.add_argument("--requests", type=int, default=10000)
    options.add_argument("--concurrency", type=int, default=8)
    args = options.parse_args()
    process = None
    url = args.url
    if not url:
        from tests.servers import start_ccmkg
        url, process = start_ccmkg()
    try:
        run(url, 60, args.concurrency)  # warm up: the home page and matrix are drawn once
        result = run(url, args.requests, args.concurrency)
    finally:
        if process:
            from tests.servers import stop
            stop(process)
    print(f"{result['requests']} requests, {args.concurrency} concurrent, in {result['seconds']:.1f} s: "
          f"{result['rps']:.0f} requests/s, p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
          f"errors {result['errors']} {result['error_kinds'] or ''}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
