"""The `serve` verb of the command line: its options, and the call into the server."""
from __future__ import annotations


def add_verb(verbs) -> None:
    serve = verbs.add_parser("serve", help="serve the graph: SPARQL endpoint, linked-data pages")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--timeout-s", type=float, default=10.0, help="longest a query may run (seconds)")
    serve.add_argument("--max-rows", type=int, default=10000, help="most result rows (or triples) returned")
    serve.add_argument("--max-body", type=int, default=256 * 1024, help="largest request body (bytes)")
    serve.add_argument("--cors", metavar="ORIGIN", help="send Access-Control-Allow-Origin: ORIGIN (e.g. '*')")
    serve.add_argument("--workers", type=int, default=2, help="query worker processes (embedded store)")
    serve.add_argument("--endpoint", metavar="URL", help="read from this SPARQL endpoint instead of the embedded store")


def run(args, project) -> int:
    from ..errors import InputError
    from .server import Settings, serve

    if args.timeout_s <= 0 or args.max_rows < 1 or args.workers < 1 or args.max_body < 1:
        raise InputError("ccmkg serve", "--timeout-s, --max-rows, --max-body and --workers must be positive")
    settings = Settings(host=args.host, port=args.port, timeout_s=args.timeout_s, max_rows=args.max_rows,
                        max_body=args.max_body, cors=args.cors, endpoint=args.endpoint, workers=args.workers)
    try:
        return serve(project.root, settings)
    except OSError as exc:  # e.g. the port is taken
        raise InputError(f"{args.host}:{args.port}", f"cannot serve: {exc.strerror or exc}") from None
