"""`ccmkg serve`: the SPARQL endpoint, dereferenceable IRIs and the pages, on http.server.

Routes (GET and HEAD unless said):
  /                      home page
  /sparql                SPARQL 1.1 Protocol (GET, POST); without a query, the query page
  /query                 the query page (?saved=NAME loads and runs a saved query)
  /queries/NAME.rq       a saved query's text
  /id/..., /vocab/...    the graph's resources: HTML, Turtle or JSON-LD by Accept (or ?format=)
  /ontology              the ontology: pyLODE page, Turtle or JSON-LD
  /matrix.svg            the States x themes matrix
  /obligations.svg       the States x obligations picture of the register
  /static/NAME           the site's CSS and JavaScript
Everything else is 404; PUT, DELETE and PATCH are 405 (the server is read-only).

What a request must be before it is routed (see README, Security): a Host naming this server
(421 otherwise: DNS rebinding), one unambiguous body length (400), its headers and body sent
within the idle timeout (the connection is closed); a POST from a page of another origin is 403
unless --cors allows that origin; a query with SERVICE (not allowed) or nested too deep is 400.
"""
from __future__ import annotations

import logging
import re
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..query import check_query
from . import ontology, resource
from .engine import RemoteError, text_reply
from .guards import Guards
from .markup import BASE
from .protocol import Framing
from .query_page import query_page
from .results import FORMAT_PARAM, Reply, choose, graph, not_acceptable
from .site import Settings, Site

STATIC = Path(__file__).parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".ico": "image/x-icon"}
RESOURCE_TYPES = ["text/html", "text/turtle", "application/ld+json"]
# what a resource path may hold: the graph's ids use letters, digits and . _ - / ( ) only
SAFE_PATH = re.compile(r"/(id|vocab)/[\w.\-/()]+")
log = logging.getLogger("ccmkg.serve")


class Handler(Framing, Guards, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every reply carries a Content-Length
    # TCP_NODELAY: on a kept-alive connection, Nagle's algorithm held each reply's last segment
    # until the client's delayed ACK (about 40 ms per request on Linux loopback)
    disable_nagle_algorithm = True

    @property
    def site(self) -> Site:
        return self.server.site

    def setup(self):
        # a socket timeout: partial headers, a short body or an idle keep-alive connection
        # cannot hold a thread for ever
        self.timeout = self.site.settings.idle_s
        super().setup()

    # -- plumbing -----------------------------------------------------------------------------

    def guarded(self, route) -> None:
        """Run a route; whatever goes wrong, the client gets a short message, never a traceback."""
        try:
            self.send(self.refusal() or route())
        except TimeoutError:  # the body did not come within the idle timeout
            self.close_connection = True
            self.send(text_reply(408, "Request Timeout: the request did not arrive in time"))
        except RemoteError as exc:
            self.send(text_reply(502, f"Bad Gateway: {exc}"))
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:
            log.exception("error on %s %s", self.command, self.path)
            self.send(text_reply(500, "Internal Server Error: the error was logged on the server"))

    def log_message(self, fmt, *args):  # access log only for errors: a load test would flood it
        if args and str(args[1] if len(args) > 1 else "").startswith("5"):
            log.warning(fmt, *args)

    def html(self, text: str, status: int = 200) -> Reply:
        return Reply(status, "text/html; charset=utf-8", text.encode("utf-8"))

    # -- methods ------------------------------------------------------------------------------

    def do_GET(self):
        self.guarded(self.route_get)

    do_HEAD = do_GET

    def do_POST(self):
        self.guarded(self.route_post)

    def refuse_write(self):
        self.guarded(lambda: Reply(405, "text/plain; charset=utf-8",
                                   b"405 Method Not Allowed: this server is read-only\n",
                                   {"Allow": "GET, HEAD, POST, OPTIONS"}))

    do_PUT = do_DELETE = do_PATCH = refuse_write

    def do_OPTIONS(self):  # CORS preflight
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.site.settings.cors:
            headers.update({"Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Accept, Content-Type"})
        self.guarded(lambda: Reply(204, "text/plain", b"", headers))

    # -- routes -------------------------------------------------------------------------------

    def route_get(self) -> Reply:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = urllib.parse.unquote(url.path)
        if path == "/":
            return self.site.reply(("home",), lambda: self.html(self.site.cached("home", self.site.pages.home)))
        if path == "/sparql":
            return self.sparql_get(params)
        if path == "/query":
            return self.query_page(params)
        if path == "/matrix.svg":
            return Reply(200, "image/svg+xml", self.site.matrix_svg().encode("utf-8"))
        if path == "/obligations.svg":
            return Reply(200, "image/svg+xml", self.site.obligations_svg().encode("utf-8"))
        if path in ("/ontology", "/ontology/"):
            return self.ontology(params)
        if path == "/favicon.ico":
            return self.static("favicon.ico")
        if path.startswith("/static/"):
            return self.static(path[len("/static/"):])
        if path.startswith("/queries/") and path.endswith(".rq"):
            return self.saved(path[len("/queries/"):-3])
        if SAFE_PATH.fullmatch(path) and ".." not in path:
            return self.resource(BASE + path[1:], params)
        return text_reply(404, f"Not Found: {path[:200]}")

    def route_post(self) -> Reply:
        path = urllib.parse.urlsplit(self.path).path
        if path != "/sparql":
            self.close_connection = True  # the unread body must not be taken for the next request
            return Reply(405, "text/plain; charset=utf-8", b"405 Method Not Allowed: POST goes to /sparql; "
                         b"this server is read-only\n", {"Allow": "GET, HEAD"})
        if self.cross_origin():
            self.close_connection = True
            return text_reply(403, "Forbidden: a POST from a page of another origin; "
                                   "ccmkg serve --cors ORIGIN allows one")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return text_reply(411, "Length Required: send a Content-Length")
        if int(length) > self.site.settings.max_body:
            self.close_connection = True  # the unread body must not be taken for the next request
            return text_reply(413, f"Content Too Large: the limit is {self.site.settings.max_body} bytes")
        body = self.rfile.read(int(length))
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return self.read_only()
        if media == "application/sparql-query":
            return self.run_query(body.decode("utf-8", "replace"), {})
        if media == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            return self.sparql_params(params)
        return text_reply(415, "Unsupported Media Type: POST a query as application/sparql-query "
                               "or application/x-www-form-urlencoded (query=...)")

    def read_only(self) -> Reply:
        return text_reply(403, "Forbidden: this endpoint is read-only; SPARQL Update is refused")

    def sparql_get(self, params) -> Reply:
        if "query" not in params and "update" not in params:
            if choose(self.headers.get("Accept", ""), ["text/html", "application/sparql-results+json"]) == "text/html":
                return self.html(query_page(self.site.default_query(), saved=self.site.queries))
            return text_reply(400, "Bad Request: give a SPARQL query as ?query=...")
        return self.sparql_params(params)

    def sparql_params(self, params) -> Reply:
        if "update" in params:
            return self.read_only()
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return text_reply(400, "Bad Request: give exactly one non-empty query parameter")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return text_reply(400, "Bad Request: default-graph-uri and named-graph-uri are not "
                                   "supported: the data is one default graph")
        return self.run_query(queries[0], params)

    def run_query(self, text: str, params) -> Reply:
        accept = self.headers.get("Accept", "")
        fmt = (params.get("format") or [""])[0]
        if fmt:
            if fmt not in FORMAT_PARAM:
                return text_reply(400, f"Bad Request: format is one of {', '.join(FORMAT_PARAM)}")
            accept = FORMAT_PARAM[fmt]
        elif "text/html" in accept and "application/sparql-results" not in accept:
            # a browser following a link: answer in JSON (SELECT/ASK) or Turtle (graphs)
            accept = "application/sparql-results+json, text/turtle;q=0.9"
        try:
            check_query(text, self.site.settings.allow_service)
        except InputError as exc:
            return text_reply(400, f"Bad Request: {exc}")
        reply = self.site.engine.sparql(text, accept, self.site.settings.max_rows, self.client_address[0])
        reply.headers.setdefault("Vary", "Accept")
        return reply

    def query_page(self, params) -> Reply:
        name = (params.get("saved") or [""])[0]
        if name:
            if name not in self.site.queries:
                return text_reply(404, f"Not Found: no saved query {name[:80]!r}")
            return self.html(query_page(self.site.saved_text(name), run=True, saved=self.site.queries, chosen=name))
        given = (params.get("query") or [""])[0]
        return self.html(query_page(given or self.site.default_query(), run=bool(given), saved=self.site.queries))

    def saved(self, name: str) -> Reply:
        if name not in self.site.queries:  # only names listed from queries/: no path traversal
            return text_reply(404, f"Not Found: no saved query {name[:80]!r}")
        return Reply(200, "application/sparql-query; charset=utf-8", self.site.saved_text(name).encode("utf-8"))

    def static(self, name: str) -> Reply:
        allowed = {p.name: p for p in STATIC.iterdir() if p.suffix in STATIC_TYPES}
        if name not in allowed:  # only files listed from the package folder: no path traversal
            return text_reply(404, "Not Found")
        return Reply(200, STATIC_TYPES[allowed[name].suffix], allowed[name].read_bytes(),
                     {"Cache-Control": "max-age=3600"})

    def negotiate(self, params) -> str | None:
        fmt = (params.get("format") or [""])[0]
        if fmt in FORMAT_PARAM:
            return FORMAT_PARAM[fmt]
        return choose(self.headers.get("Accept", ""), RESOURCE_TYPES)

    def resource(self, iri: str, params) -> Reply:
        media = self.negotiate(params)
        return self.site.reply(("resource", iri, media), lambda: self.draw_resource(iri, media))

    def draw_resource(self, iri: str, media: str | None) -> Reply:
        if not self.site.pages.exists(iri):
            return Reply(404, "text/plain; charset=utf-8", f"404 Not Found: {iri} is not in the graph\n".encode(),
                         {"Vary": "Accept"})
        if media == "text/html":
            reply = self.html(self.site.pages.resource(iri))
        elif media in RESOURCE_TYPES:
            # the resource and the nodes that point at it, with their provenance (serve/resource.py)
            triples = resource.ordered(self.site.engine.construct(resource.describe(iri)), iri)
            if media == "text/turtle":
                reply = Reply(200, media + "; charset=utf-8", graph(triples, ox.RdfFormat.TURTLE, False))
            else:
                reply = Reply(200, media, resource.compact_document(triples, self.site.context(), iri))
        else:
            reply = not_acceptable(RESOURCE_TYPES)
        reply.headers["Vary"] = "Accept"
        return reply

    def ontology(self, params) -> Reply:
        media = self.negotiate(params)
        source = self.site.ontology_file
        if media == "text/html":
            reply = self.html(ontology.documentation(source))
        elif media == "text/turtle":
            reply = Reply(200, "text/turtle; charset=utf-8", source.read_bytes())
        elif media == "application/ld+json":
            triples = [q.triple for q in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)]
            reply = Reply(200, "application/ld+json", ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
        else:
            reply = not_acceptable(RESOURCE_TYPES)
        reply.headers["Vary"] = "Accept"
        return reply


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, site: Site):
        super().__init__((site.settings.host, site.settings.port), Handler)
        self.site = site


def serve(root: Path, settings: Settings) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    site = Site(root, settings)
    server = Server(site)
    host, port = server.server_address[:2]
    # SIGTERM (e.g. from a test fixture) shuts down as cleanly as Ctrl-C
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"ccmkg serve: {site.engine.description} on http://{host}:{port}/ "
          f"(SPARQL at /sparql, timeout {settings.timeout_s:g} s, max {settings.max_rows} rows)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        site.engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(serve(Path.cwd(), Settings()))
