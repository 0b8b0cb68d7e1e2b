"""A report as text (grouped by severity, shape, focus node), JSON, or a SHACL validation report
in Turtle."""
from __future__ import annotations

import json
import re
from dataclasses import asdict

from ..namespaces import OURS
from .results import SEVERITIES, Report

SHORT = (("shapes:", OURS["shapes"]), ("ccmr:", OURS["ccmr"]), ("ccm:", OURS["ccm"]))


def render(report: Report, fmt: str) -> str:
    return {"text": as_text, "json": as_json, "turtle": as_turtle}[fmt](report)


def as_text(report: Report) -> str:
    lines, last_shape = [], None
    for r in report.results:
        if (r.severity, r.shape) != last_shape:
            lines.append(f"{r.severity}: {short(r.shape)}")
            last_shape = (r.severity, r.shape)
        path = re.sub(r"<([^<>]*)>", lambda m: short(m.group(1)), r.path) if r.path.startswith("<") else short(r.path)
        detail = ", ".join(x for x in (f"path {path}" if r.path else "",
                                       f"value {r.value[:80]!r}" if r.value else "") if x)
        lines.append(f"  {short(r.focus)}: {r.message}" + (f" [{detail}]" if detail else ""))
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def short(iri: str) -> str:
    for prefix, ns in SHORT:
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


def as_json(report: Report) -> str:
    return json.dumps({"conforms": report.conforms,
                       "counts": {s: report.count(s) for s in SEVERITIES},
                       "results": [asdict(r) for r in report.results]}, indent=2) + "\n"


def as_turtle(report: Report) -> str:
    """A SHACL validation report (sh:ValidationReport); results are blank nodes, as in SHACL."""
    from rdflib import RDF, BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    from ..namespaces import SHAPES

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
        if r.path.startswith("<"):  # a sequence path, '<p1>/<p2>': an RDF list, as in SHACL
            steps = [URIRef(step) for step in re.findall(r"<([^<>]*)>", r.path)]
            g.add((node, SH.resultPath, Collection(g, BNode(), steps).uri))
        elif r.path:
            g.add((node, SH.resultPath, URIRef(r.path)))
        if r.value:
            g.add((node, SH.value, Literal(r.value)))
    return g.serialize(format="turtle")
