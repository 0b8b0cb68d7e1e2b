"""The `serve` verb of the command line: its options, and the call into the server."""
from __future__ import annotations

import argparse
import math
import re

from ..query import add_allow_service


def number(kind, low, high=math.inf):
    """An argparse type: a finite number of `kind` in [low, high] (nan, inf and 1e999 refused)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not between {low:g} and {high:g}")
        return value
    return parse


def host_name(text: str) -> str:
    """An argparse type: a host name or [IPv6] as a Host header gives it, without port or scheme."""
    if not re.fullmatch(r"[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]", text):
        raise argparse.ArgumentTypeError(f"{text[:80]!r} is not a host name (e.g. example.org, [::1])")
    return text.lower()


POSITIVE_S = number(float, 0.001)
COUNT = number(int, 1)


def add_verb(verbs) -> None:
    serve = verbs.add_parser("serve", help="serve the graph: SPARQL endpoint, linked-data pages")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=number(int, 0, 65535), default=8000, help="port (0: any free port)")
    serve.add_argument("--timeout-s", type=POSITIVE_S, default=10.0, help="longest a query may run (seconds)")
    serve.add_argument("--max-rows", type=COUNT, default=10000, help="most result rows (or triples) returned")
    serve.add_argument("--max-body", type=COUNT, default=256 * 1024, help="largest request body (bytes)")
    serve.add_argument("--cors", metavar="ORIGIN", help="send Access-Control-Allow-Origin: ORIGIN (e.g. '*'); "
                                                        "POSTs from that origin are then accepted")
    serve.add_argument("--workers", type=COUNT, default=2, help="query worker processes (embedded store)")
    serve.add_argument("--endpoint", metavar="URL", help="read from this SPARQL endpoint instead of the embedded store")
    serve.add_argument("--queue-s", type=POSITIVE_S, default=5.0,
                       help="longest a query waits for a free worker before a 503 (seconds; default 5)")
    serve.add_argument("--per-client", type=COUNT, metavar="N",
                       help="queries one client (IP address) may run or wait for at once "
                            "(default: workers - 1, at least 1)")
    serve.add_argument("--worker-memory-mb", type=number(int, 64), default=2048,
                       help="address space of a query worker (MB; default 2048); a query needing more gets a 503")
    serve.add_argument("--idle-timeout-s", type=POSITIVE_S, default=10.0,
                       help="close a connection that sends nothing for this long (seconds; default 10)")
    serve.add_argument("--allowed-host", action="append", default=[], type=host_name, metavar="NAME",
                       help="answer requests whose Host is NAME (repeatable); loopback names and "
                            "the bound address always are")
    add_allow_service(serve)
    serve.add_argument("--no-predefined-prefixes", dest="predefined_prefixes", action="store_false",
                       help="/sparql predefines no prefix: a query declares every prefix it uses, as on "
                            "any SPARQL endpoint (default: the prefix table of ccmkg/namespaces.py is predefined)")


def run(args, project) -> int:
    from ..errors import InputError
    from .server import serve
    from .site import Settings

    settings = Settings(host=args.host, port=args.port, timeout_s=args.timeout_s, max_rows=args.max_rows,
                        max_body=args.max_body, cors=args.cors, endpoint=args.endpoint, workers=args.workers,
                        queue_s=args.queue_s, per_client=args.per_client or max(1, args.workers - 1),
                        memory_mb=args.worker_memory_mb, idle_s=args.idle_timeout_s,
                        allowed_hosts=tuple(args.allowed_host), allow_service=frozenset(args.allow_service),
                        predefined_prefixes=args.predefined_prefixes)
    try:
        return serve(project.root, settings)
    except OSError as exc:  # e.g. the port is taken
        raise InputError(f"{args.host}:{args.port}", f"cannot serve: {exc.strerror or exc}") from None
