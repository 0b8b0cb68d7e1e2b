"""What `ccmkg serve` serves from: its settings, and the site (engine, pages, saved queries, caches)."""
from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..export import findings_matrix as matrix, obligations_matrix as obligations
from ..namespaces import declarations, of_project
from ..project import Project
from ..query import saved_queries, term_for
from . import resource
from .engine import Limits, LocalEngine, RemoteEngine
from .markup import local
from .pages import Pages
from .query_page import DEFAULT_BODY
from .results import Reply

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout_s: float = 10.0
    max_rows: int = 10000
    max_body: int = 256 * 1024
    cors: str | None = None
    endpoint: str | None = None
    workers: int = 2
    cached_replies: int = 4096  # resource replies kept (an LRU): the graph does not change
    queue_s: float = 5.0
    per_client: int = 1
    memory_mb: int = 2048
    idle_s: float = 10.0
    allowed_hosts: tuple[str, ...] = ()
    allow_service: frozenset[str] = frozenset()
    predefined_prefixes: bool = True  # /sparql knows the prefix table (ccmkg/namespaces.py)

    def limits(self) -> Limits:
        return Limits(self.workers, self.timeout_s, self.queue_s, self.per_client, self.memory_mb)

    def host_names(self) -> set[str]:
        """The names a request's Host may give: loopback, the bound address, --allowed-host."""
        bound = f"[{self.host}]" if ":" in self.host else self.host
        return {name.lower() for name in (*LOOPBACK_NAMES, bound, *self.allowed_hosts)}


class Site:
    """What the handler needs: the engine, the pages, the saved queries and the settings."""

    def __init__(self, root: Path, settings: Settings):
        self.root = root
        self.settings = settings
        project = Project(root)
        self.graph_files = project.ontology_files + project.data_files()
        self.ontology_file = self.graph_files[0]  # ontology/ccm.ttl
        self.prefixes = of_project(root)  # prefilled on /query
        predefined = self.prefixes if settings.predefined_prefixes else {}
        if settings.endpoint:
            self.engine = RemoteEngine(settings.endpoint, settings.timeout_s, predefined)
        else:
            self.engine = LocalEngine(self.graph_files, settings.limits(), predefined)
        self.host_names = settings.host_names()
        self.queries = saved_queries(root / "queries")
        self.pages = Pages(self.engine, self.queries, self.matrix_svg, self.obligations_svg)
        self._cache: dict[str, str] = {}
        self._lock = threading.RLock()  # the home page draws the matrix: cached() nests
        self._replies: OrderedDict[tuple, Reply] = OrderedDict()
        self._replies_lock = threading.Lock()

    def cached(self, key: str, make) -> str:
        # the graph does not change while the server runs: draw the costly pages once
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    def reply(self, key: tuple, make) -> Reply:
        """A reply that depends only on the graph, made once per key and kept (least recently
        used dropped first). Made outside the lock: two threads may both make a missing reply,
        but a slow page never holds up the others."""
        with self._replies_lock:
            if key in self._replies:
                self._replies.move_to_end(key)
                return self._replies[key]
        made = make()
        with self._replies_lock:
            self._replies[key] = made
            while len(self._replies) > self.settings.cached_replies:
                self._replies.popitem(last=False)
        return made

    def default_query(self) -> str:
        """The query /query opens with: the prefix table declared, then an example."""
        return declarations(self.prefixes) + DEFAULT_BODY

    def context(self) -> dict:
        """The published JSON-LD context, made from the project's graph files once."""
        return json.loads(self.cached("context", lambda: json.dumps(resource.published_context(self.graph_files))))

    def matrix_svg(self) -> str:
        return self.cached("matrix", lambda: matrix.svg(self.engine.select(matrix.QUERY), local))

    def obligations_svg(self) -> str:
        return self.cached("obligations", lambda: obligations.svg(self.engine.select(obligations.QUERY), local))

    def saved_text(self, name: str) -> str:
        """A saved query, its parameters bound to their examples by a VALUES block opening the
        WHERE clause (inside the group, so FILTERs see them; a trailing VALUES would bind too late)."""
        query = self.queries[name]
        values = "".join(f"\n  VALUES ?{p.name} {{ {term_for(p, p.example)} }}  # example value; edit me"
                         for p in query.params)
        return re.sub(r"\bWHERE\s*\{", lambda m: m.group(0) + values, query.text, count=1, flags=re.I)
