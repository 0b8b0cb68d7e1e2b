"""Where queries run: the embedded store (with a pool of killable workers) or a remote endpoint.

Both engines offer the same two calls:
- `select(text)` / `construct(text)` for the site's own, trusted queries (pages, counts);
- `sparql(text, accept, max_rows)` for anyone's query at /sparql, answered as an HTTP reply.

A pyoxigraph query cannot be cancelled from another Python thread, so the embedded engine runs
visitors' queries in worker processes, each with its own copy of the store: a query that outlives
the timeout is cut by killing its worker, and a fresh worker takes its place.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..query import Store
from .results import Reply, reply_for


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", f"{status} {message}\n".encode("utf-8"))


def run_one(store: ox.Store, text: str, accept: str, max_rows: int) -> Reply:
    """One visitor's query, answered as a reply; errors become 400s that quote the parser."""
    try:
        return reply_for(store.query(text), accept, max_rows)
    except SyntaxError as exc:
        return text_reply(400, f"Bad Request: SPARQL syntax error: {exc}")
    except (ValueError, RuntimeError, OSError) as exc:
        return text_reply(400, f"Bad Request: query failed: {exc}")


def worker_main(conn, files: list[str]) -> None:
    """A worker process: load the store, say ready, then answer queries until the pipe closes."""
    store = Store([Path(f) for f in files]).store
    conn.send("ready")
    while True:
        try:
            text, accept, max_rows = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_one(store, text, accept, max_rows))


@dataclass
class Worker:
    process: mp.Process
    conn: object


class WorkerPool:
    """A fixed number of query workers; a worker that times out is killed and replaced."""

    def __init__(self, files: list[Path], size: int, timeout_s: float):
        self.files = [str(f) for f in files]
        self.timeout_s = timeout_s
        self.context = mp.get_context("spawn")  # no fork: the server has threads by then
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.workers: list[Worker] = []
        for worker in [self.spawn() for _ in range(size)]:
            self.wait_ready(worker)
            self.idle.put(worker)

    def spawn(self) -> Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=worker_main, args=(child, self.files), daemon=True)
        process.start()
        child.close()
        worker = Worker(process, parent)
        self.workers.append(worker)
        return worker

    def wait_ready(self, worker: Worker) -> None:
        if not worker.conn.poll(120) or worker.conn.recv() != "ready":
            raise RuntimeError("a query worker did not start")

    def replace(self, worker: Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self.workers.remove(worker)

        def start_new():  # in the background: loading takes a moment, other requests go on
            fresh = self.spawn()
            self.wait_ready(fresh)
            self.idle.put(fresh)
        threading.Thread(target=start_new, daemon=True).start()

    def run(self, text: str, accept: str, max_rows: int) -> Reply:
        try:
            worker = self.idle.get(timeout=self.timeout_s)
        except queue.Empty:
            return text_reply(503, "Service Unavailable: every query worker is busy; try again")
        try:
            worker.conn.send((text, accept, max_rows))
            if worker.conn.poll(self.timeout_s):
                reply = worker.conn.recv()
                self.idle.put(worker)
                return reply
            message = f"Service Unavailable: the query ran longer than {self.timeout_s:g} s and was stopped"
        except (EOFError, OSError):
            message = "Internal Server Error: the query worker failed"
        self.replace(worker)
        return text_reply(503 if "longer" in message else 500, message)

    def close(self) -> None:
        for worker in list(self.workers):
            worker.process.kill()
            worker.process.join(5)


class LocalEngine:
    """The embedded store: trusted queries in-process, visitors' queries in the worker pool."""

    def __init__(self, files: list[Path], timeout_s: float, workers: int = 2):
        self.store = Store(files).store
        self.pool = WorkerPool(files, workers, timeout_s)
        self.description = "embedded store"

    def select(self, text: str) -> list[dict]:
        results = self.store.query(text)
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names} for row in results]

    def construct(self, text: str) -> list:
        return list(self.store.query(text))

    def sparql(self, text: str, accept: str, max_rows: int) -> Reply:
        return self.pool.run(text, accept, max_rows)

    def close(self) -> None:
        self.pool.close()


class RemoteError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class RemoteEngine:
    """An external SPARQL 1.1 endpoint (e.g. the Oxigraph server `ccmkg publish` loaded)."""

    ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"

    def __init__(self, url: str, timeout_s: float):
        self.url = url
        self.timeout_s = timeout_s
        self.description = f"external endpoint {url}"

    def fetch(self, text: str):
        """The endpoint's answer, parsed into the same objects the embedded store returns."""
        body = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(self.url, data=body, headers={
            "Accept": self.ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            # the socket timeout bounds each wait; the endpoint enforces its own query limits
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                media = response.headers.get_content_type()
                data = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            raise RemoteError(400 if exc.code < 500 else 502, f"the endpoint said {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise RemoteError(502, f"the endpoint {self.url} did not answer: {exc}") from None
        if media in ("application/sparql-results+json", "application/json"):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        formats = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
        if media not in formats:
            raise RemoteError(502, f"the endpoint answered in {media}, which ccmkg does not read")
        return [quad.triple for quad in ox.parse(data, format=formats[media])]

    def select(self, text: str) -> list[dict]:
        results = self.fetch(text)
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names} for row in results]

    def construct(self, text: str) -> list:
        return list(self.fetch(text))

    def sparql(self, text: str, accept: str, max_rows: int) -> Reply:
        try:
            return reply_for(self.fetch(text), accept, max_rows)
        except RemoteError as exc:
            return text_reply(exc.status, ("Bad Request: " if exc.status == 400 else "Bad Gateway: ") + str(exc))

    def close(self) -> None:
        pass
