"""Validation: the shapes in shapes/ against ontology + data, as one report.

Two engines, one report. SHACL Core shapes run in pySHACL (no inference: the ontology's
rdfs:subClassOf triples are in the data graph, which is all sh:targetClass and sh:class need).
SHACL-SPARQL shapes (those with sh:sparql, in shapes/cross-checks.ttl) run as plain SELECT
queries on pyoxigraph: pySHACL evaluates them once per focus node, which is seconds, not
milliseconds. Conforms means no result of severity Violation; warnings are reported, not fatal.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from .errors import InputError

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace("https://w3id.org/ccmkg/shapes#")
SEVERITIES = ("Violation", "Warning", "Info")
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
               ".n3": ox.RdfFormat.N3}


@dataclass(frozen=True)
class Result:
    severity: str  # Violation, Warning or Info
    shape: str  # the IRI of the shape that produced it (a property shape or a node shape)
    focus: str
    message: str
    path: str = ""
    value: str = ""


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(s)} {s.lower()}{'s' if self.count(s) != 1 else ''}"
                           for s in SEVERITIES)
        return f"{'conforms' if self.conforms else 'does not conform'}: {counts} ({self.seconds:.2f} s)"


@dataclass
class Shapes:
    core: Graph  # what pySHACL runs
    checks: list[tuple[URIRef, str, str, str]]  # (shape, severity, message template, SELECT query)


# reading --------------------------------------------------------------------------------------

def read_rdf(path: Path, graph: Graph) -> None:
    """Parse one RDF file into `graph`; an error names the file and the line (exit 2, no traceback).
    pyoxigraph parses first because its syntax errors carry line and column; rdflib's do not."""
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown RDF file type '{path.suffix}' (use {', '.join(RDF_FORMATS)})")
    try:
        data = path.read_bytes()
        list(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    except SyntaxError as exc:
        raise InputError(f"{path}:{line_of(exc)}", f"not valid {path.suffix[1:]}: {exc}") from None
    graph.parse(data=data, format={".nt": "nt", ".nq": "nquads", ".trig": "trig", ".rdf": "xml",
                                   ".owl": "xml", ".n3": "n3"}.get(path.suffix.lower(), "turtle"),
                publicID=path.resolve().as_uri())


def line_of(exc: SyntaxError) -> str:
    match = re.search(r"line (\d+)", str(exc))
    return match.group(1) if match else str(getattr(exc, "lineno", "") or "?")


def load_shapes(folder: Path) -> Shapes:
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        read_rdf(path, graph)
    checks, sparql_nodes = [], set()
    for shape, constraint in sorted(graph.subject_objects(SH.sparql)):
        severity = str(graph.value(shape, SH.severity, default=SH.Violation)).split("#")[-1]
        message = str(graph.value(constraint, SH.message) or graph.value(shape, SH.message))
        checks.append((shape, severity, message, str(graph.value(constraint, SH.select))))
        sparql_nodes |= {shape, constraint}
    core = Graph()
    for triple in graph:
        if triple[0] not in sparql_nodes:
            core.add(triple)
    return Shapes(core, checks)


# running --------------------------------------------------------------------------------------

def validate(graph: Graph, shapes: Shapes, store: ox.Store | None = None) -> Report:
    """Every result of every shape on `graph` (ontology + data). `store` may hold the same
    triples already loaded into pyoxigraph; otherwise they are copied there."""
    started = time.perf_counter()
    results = core_results(graph, shapes.core)
    results += check_results(store or to_store(graph), shapes.checks)
    results.sort(key=lambda r: (SEVERITIES.index(r.severity), r.shape, r.focus, r.message))
    return Report(results, time.perf_counter() - started)


def core_results(graph: Graph, core: Graph) -> list[Result]:
    _, report, _ = shacl_validate(graph, shacl_graph=core, inference="none", advanced=False,
                                  meta_shacl=False, allow_warnings=True)
    out = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(node, SH.value)
        out.append(Result(
            severity=str(report.value(node, SH.resultSeverity)).split("#")[-1],
            shape=str(owning_shape(core, report.value(node, SH.sourceShape))),
            focus=str(report.value(node, SH.focusNode)),
            message=str(report.value(node, SH.resultMessage) or ""),
            path=str(report.value(node, SH.resultPath) or ""),
            value="" if value is None else str(value)))
    return out


def owning_shape(core: Graph, shape):
    """A blank-node shape inside an sh:or list is reported as the named shape that holds it."""
    while isinstance(shape, BNode):
        parent = next(iter(core.subjects(None, shape)), None)
        if parent is None:
            break
        shape = parent
    return shape


def check_results(store: ox.Store, checks) -> list[Result]:
    out = []
    for shape, severity, message, query in checks:
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            values = {name: row[name] for name in names if row[name] is not None}
            out.append(Result(severity, str(shape), term_text(values.get("this")),
                              fill(message, values), term_text(values.get("path")),
                              term_text(values.get("value"))))
    return out


def fill(template: str, values: dict) -> str:
    """sh:message templates: {?var} and {$this} take the row's values."""
    return re.sub(r"\{[?$](\w+)\}", lambda m: term_text(values.get(m.group(1))), template)


def term_text(term) -> str:
    return "" if term is None else term.value


def to_store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


# rendering ------------------------------------------------------------------------------------

def render(report: Report, fmt: str) -> str:
    return {"text": as_text, "json": as_json, "turtle": as_turtle}[fmt](report)


def as_text(report: Report) -> str:
    """Grouped by severity, then shape, then focus node."""
    lines, last_shape = [], None
    for r in report.results:
        if (r.severity, r.shape) != last_shape:
            lines.append(f"{r.severity}: {short(r.shape)}")
            last_shape = (r.severity, r.shape)
        detail = ", ".join(x for x in (f"path {short(r.path)}" if r.path else "",
                                       f"value {r.value[:80]!r}" if r.value else "") if x)
        lines.append(f"  {short(r.focus)}: {r.message}" + (f" [{detail}]" if detail else ""))
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def short(iri: str) -> str:
    for prefix, ns in (("shapes:", str(SHAPES)), ("ccmr:", "https://w3id.org/ccmkg/id/"),
                       ("ccm:", "https://w3id.org/ccmkg/ontology#")):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


def as_json(report: Report) -> str:
    return json.dumps({"conforms": report.conforms,
                       "counts": {s: report.count(s) for s in SEVERITIES},
                       "results": [asdict(r) for r in report.results]}, indent=2) + "\n"


def as_turtle(report: Report) -> str:
    """A SHACL validation report (sh:ValidationReport); results are blank nodes, as in SHACL."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("shapes", SHAPES)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms)))
    for r in report.results:
        node = BNode()
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.resultSeverity, SH[r.severity]))
        g.add((node, SH.sourceShape, URIRef(r.shape)))
        g.add((node, SH.focusNode, URIRef(r.focus) if r.focus.startswith("http") else Literal(r.focus)))
        g.add((node, SH.resultMessage, Literal(r.message, lang="en")))
        if r.path:
            g.add((node, SH.resultPath, URIRef(r.path)))
        if r.value:
            g.add((node, SH.value, Literal(r.value)))
    return g.serialize(format="turtle")


__all__ = ["Result", "Report", "Shapes", "load_shapes", "validate", "render", "read_rdf", "RDFS"]
