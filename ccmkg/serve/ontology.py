"""The ontology's documentation under /ontology: pyLODE's page, made once and kept in memory.

pyLODE 3.4.1's wheel reads a pyproject.toml it does not ship and fails on import, so
pyproject.toml pins pyLODE below 3.4. If pyLODE is missing or fails on the file anyway, a simple
page of our own (classes and properties with their labels and definitions) is served instead and
says why.
"""
from __future__ import annotations

import logging
import threading
from html import escape
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import prefix_lines
from .markup import layout

_lock = threading.Lock()
_cache: dict[Path, str] = {}


def documentation(path: Path) -> str:
    with _lock:  # pyLODE takes seconds: make the page once, even if many ask at the same time
        if path not in _cache:
            _cache[path] = render(path)
        return _cache[path]


def render(path: Path) -> str:
    try:
        from pylode import OntPub
        return OntPub(ontology=str(path)).make_html()
    except Exception as exc:  # pyLODE raises many kinds of errors; any of them means "fall back"
        logging.getLogger("ccmkg.serve").warning("pyLODE failed, simple page instead: %s", exc)
        return simple(path, f"pyLODE could not render {path.name}: {type(exc).__name__}: {exc}")


def simple(path: Path, why: str) -> str:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    rows = store.query(prefix_lines("owl", "rdfs", "skos") + """
        SELECT ?term ?kind ?label ?definition WHERE { ?term a ?kind ; rdfs:label ?label
        VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
        OPTIONAL { ?term skos:definition ?definition } } ORDER BY ?kind ?label""")
    items = "".join(f'<tr id="{escape(r["term"].value.rsplit("#", 1)[-1])}"><td>{escape(r["kind"].value.rsplit("#", 1)[-1])}</td>'
                    f'<td><strong>{escape(r["label"].value)}</strong><br><code>{escape(r["term"].value)}</code></td>'
                    f'<td>{escape(r["definition"].value if r["definition"] else "")}</td></tr>' for r in rows)
    return layout("Ontology", f"<h1>ccmkg ontology</h1><p class='warning'>{escape(why)}</p>"
                              f"<table><tr><th>kind</th><th>term</th><th>definition</th></tr>{items}</table>")
