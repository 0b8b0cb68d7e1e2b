"""Where queries run: the embedded store (with a pool of killable workers) or a remote endpoint.

Both engines offer the same two calls:
- `select(text)` / `construct(text)` for the site's own, trusted queries (pages, counts);
- `sparql(text, accept, max_rows)` for anyone's query at /sparql, answered as an HTTP reply.

A pyoxigraph query cannot be cancelled from another Python thread, so the embedded engine runs
visitors' queries in worker processes, each with its own copy of the store: a query that outlives
the timeout is cut by killing its worker, and a fresh worker takes its place. A worker's address
space is capped (RLIMIT_AS): a query that needs more dies with its worker, which is replaced too.
A query waits a bounded time for a worker, and one client (IP address) has at most `per_client`
queries running or waiting, so that one client cannot hold every worker.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import re
import resource
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import declarations
from ..sparql_errors import syntax_message
from ..query import Store
from .results import Reply, reply_for


def text_reply(status: int, message: str, headers: dict | None = None) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", f"{status} {message}\n".encode("utf-8"), headers or {})


def run_one(store: ox.Store, text: str, accept: str, max_rows: int, prefixes: dict | None = None) -> Reply:
    """One visitor's query, answered as a reply; errors become 400s that say what the parser
    expected and where. `prefixes` are predefined: a query's own PREFIX lines win."""
    try:
        return reply_for(store.query(text, prefixes=used(prefixes or {}, text)), accept, max_rows)
    except SyntaxError as exc:
        return text_reply(400, f"Bad Request: {syntax_message(exc, text, prefixes or {})}")
    except (ValueError, RuntimeError, OSError) as exc:
        return text_reply(400, f"Bad Request: query failed: {exc}")


def used(prefixes: dict, text: str) -> dict:
    """The predefined prefixes whose `name:` occurs in the query: the parser reads each prefix it
    is given on every query (about 15 µs for the whole table), and one not written is never used."""
    return {name: iri for name, iri in prefixes.items() if name + ":" in text}


MEMORY_EXIT = 70  # a worker's exit code after a MemoryError in Python (Rust aborts with SIGABRT)


def worker_main(conn, files: list[str], memory_bytes: int, prefixes: dict | None = None) -> None:
    """A worker process: cap its memory, load the store, say ready, then answer queries until
    the pipe closes. Over the cap, an allocation fails and the worker dies: the pool replaces it."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    store = Store([Path(f) for f in files]).store
    conn.send("ready")
    while True:
        try:
            text, accept, max_rows = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = run_one(store, text, accept, max_rows, prefixes)
        except MemoryError:
            os._exit(MEMORY_EXIT)
        conn.send(reply)


@dataclass
class Worker:
    process: mp.Process
    conn: object


@dataclass
class Limits:
    """How visitors' queries are bounded (the options of `ccmkg serve`)."""
    workers: int = 2
    timeout_s: float = 10.0  # longest a query runs
    queue_s: float = 5.0  # longest a query waits for a worker
    per_client: int = 1  # queries one client (IP address) may run or wait for at once
    memory_mb: int = 2048  # address space of a worker process


class ClientSlots:
    """How many queries each client has running: one client may not hold every worker."""

    def __init__(self, per_client: int):
        self.per_client = per_client
        self.held: dict[str, int] = {}
        self.changed = threading.Condition()

    def take(self, client: str, deadline: float) -> bool:
        with self.changed:
            while self.held.get(client, 0) >= self.per_client:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(left)
            self.held[client] = self.held.get(client, 0) + 1
            return True

    def give_back(self, client: str) -> None:
        with self.changed:
            self.held[client] -= 1
            if not self.held[client]:
                del self.held[client]
            self.changed.notify_all()


class WorkerPool:
    """A fixed number of query workers; a worker that times out or dies is killed and replaced."""

    def __init__(self, files: list[Path], limits: Limits, prefixes: dict | None = None):
        self.files = [str(f) for f in files]
        self.limits = limits
        self.prefixes = prefixes or {}
        self.slots = ClientSlots(limits.per_client)
        self.context = mp.get_context("spawn")  # no fork: the server has threads by then
        self.idle: queue.Queue[Worker] = queue.Queue()  # waiting threads are served in turn
        self.workers: list[Worker] = []
        for worker in [self.spawn() for _ in range(limits.workers)]:
            self.wait_ready(worker)
            self.idle.put(worker)

    def spawn(self) -> Worker:
        parent, child = self.context.Pipe()
        memory = self.limits.memory_mb * 1024 * 1024
        process = self.context.Process(target=worker_main, args=(child, self.files, memory, self.prefixes),
                                       daemon=True)
        process.start()
        child.close()
        worker = Worker(process, parent)
        self.workers.append(worker)
        return worker

    def wait_ready(self, worker: Worker) -> None:
        if not worker.conn.poll(120) or worker.conn.recv() != "ready":
            raise RuntimeError("a query worker did not start")

    def replace(self, worker: Worker, then) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self.workers.remove(worker)

        def start_new():  # in the background: loading takes a moment, other requests go on
            try:
                fresh = self.spawn()
                self.wait_ready(fresh)
                self.idle.put(fresh)
            finally:
                then()
        threading.Thread(target=start_new, daemon=True).start()

    def run(self, text: str, accept: str, max_rows: int, client: str) -> Reply:
        limits = self.limits
        deadline = time.monotonic() + limits.queue_s
        if not self.slots.take(client, deadline):
            count = f"{limits.per_client} quer{'y' if limits.per_client == 1 else 'ies'}"
            return text_reply(429, f"Too Many Requests: one client may run {count} at once, and yours "
                                   "did not end in time", {"Retry-After": "1"})
        try:
            worker = self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            self.slots.give_back(client)
            return text_reply(503, "Service Unavailable: every query worker is busy; try again",
                              {"Retry-After": "1"})
        answered, reply = self.ask(worker, (text, accept, max_rows))
        if answered:
            self.idle.put(worker)
            self.slots.give_back(client)
        else:
            # the client's slot comes back only once the worker is replaced: a client whose
            # queries keep getting killed holds no more workers (running or restarting) than its share
            self.replace(worker, then=lambda: self.slots.give_back(client))
        return reply

    def ask(self, worker: Worker, request: tuple) -> tuple[bool, Reply]:
        """(True, the worker's reply), or (False, a reply saying why there is none)."""
        try:
            worker.conn.send(request)
            if not worker.conn.poll(self.limits.timeout_s):
                return False, text_reply(503, f"Service Unavailable: the query ran longer than "
                                              f"{self.limits.timeout_s:g} s and was stopped")
            return True, worker.conn.recv()
        except (EOFError, OSError):  # the pipe closed: the worker died
            return False, self.death(worker)

    def death(self, worker: Worker) -> Reply:
        worker.process.join(2)
        code = worker.process.exitcode
        if code in (-signal.SIGABRT, MEMORY_EXIT):  # an allocation over the RLIMIT_AS cap failed
            return text_reply(503, f"Service Unavailable: the query needed more than the {self.limits.memory_mb} MB "
                                   "a query worker may use and was stopped")
        return text_reply(500, f"Internal Server Error: the query worker failed (exit code {code})")

    def close(self) -> None:
        for worker in list(self.workers):
            worker.process.kill()
            worker.process.join(5)


class LocalEngine:
    """The embedded store: trusted queries in-process, visitors' queries in the worker pool."""

    def __init__(self, files: list[Path], limits: Limits, prefixes: dict | None = None):
        self.store = Store(files).store
        self.pool = WorkerPool(files, limits, prefixes)
        self.description = "embedded store"

    def select(self, text: str) -> list[dict]:
        results = self.store.query(text)
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names} for row in results]

    def construct(self, text: str) -> list:
        return list(self.store.query(text))

    def sparql(self, text: str, accept: str, max_rows: int, client: str = "") -> Reply:
        return self.pool.run(text, accept, max_rows, client)

    def close(self) -> None:
        self.pool.close()


class RemoteError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def with_prefixes(text: str, prefixes: dict) -> str:
    """The query with PREFIX lines for the predefined prefixes it does not declare itself: our
    own table's lines, never words of the query."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w\-.]*):", text)}
    return declarations({p: iri for p, iri in prefixes.items() if p not in declared}) + text


class RemoteEngine:
    """An external SPARQL 1.1 endpoint (e.g. the Oxigraph server `ccmkg publish` loaded)."""

    ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"

    def __init__(self, url: str, timeout_s: float, prefixes: dict | None = None):
        self.url = url
        self.timeout_s = timeout_s
        self.prefixes = prefixes or {}  # declared for the endpoint, which has none predefined
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

    def sparql(self, text: str, accept: str, max_rows: int, client: str = "") -> Reply:
        try:
            return reply_for(self.fetch(with_prefixes(text, self.prefixes)), accept, max_rows)
        except RemoteError as exc:
            return text_reply(exc.status, ("Bad Request: " if exc.status == 400 else "Bad Gateway: ") + str(exc))

    def close(self) -> None:
        pass
