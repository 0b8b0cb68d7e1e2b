"""Validation: the shapes in shapes/ against ontology + data, as one report.

SHACL Core shapes are compiled to SPARQL SELECT queries and run on pyoxigraph: one query per
constraint component per shape, over all focus nodes at once (the engine below supports the
part of SHACL Core that shapes/ uses and refuses any other constraint with UnsupportedShape).
pySHACL stays available as the reference engine (engine="pyshacl", `ccmkg validate --engine
pyshacl`); tests/test_validate_engine.py checks that both give the same results. No inference
either way: the ontology's rdfs:subClassOf triples are in the data graph, which is all
sh:targetClass and sh:class need.
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
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from .errors import InputError

SH = Namespace("http://www.w3.org/ns/shacl#")
OWL = "http://www.w3.org/2002/07/owl#"
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
    core: Graph  # the SHACL Core shapes (compiled to SPARQL by compile_core, or run by pySHACL)
    checks: list[tuple[URIRef, str, str, str]]  # (shape, severity, message template, SELECT query)
    compiled: list[CoreQuery] | None = None  # compile_core(core), made on first use

    def core_queries(self) -> list[CoreQuery]:
        if self.compiled is None:
            self.compiled = compile_core(self.core)
        return self.compiled


class UnsupportedShape(InputError):
    """A shapes graph uses SHACL that the SPARQL engine does not implement (never silently passed)."""


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

def validate(graph: Graph | None, shapes: Shapes, store: ox.Store | None = None,
             engine: str = "sparql") -> Report:
    """Every result of every shape on `graph` (ontology + data). `store` may hold the same
    triples already loaded into pyoxigraph (then `graph` may be None); otherwise they are copied
    there. engine="pyshacl" runs the SHACL Core shapes in pySHACL instead (the reference)."""
    if graph is None and store is None:
        raise ValueError("validate needs a graph or a store")
    started = time.perf_counter()
    store = store if store is not None else to_store(graph)
    if engine == "sparql":
        results = sparql_core_results(store, shapes.core_queries())
    elif engine == "pyshacl":
        results = core_results(graph if graph is not None else to_graph(store), shapes.core)
    else:
        raise ValueError(f"unknown validation engine {engine!r} (sparql or pyshacl)")
    results += check_results(store, shapes.checks)
    results.sort(key=lambda r: (SEVERITIES.index(r.severity), r.shape, r.focus, r.message, r.path, r.value))
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
            path=path_text(report, report.value(node, SH.resultPath)),
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


# the SPARQL engine for SHACL Core -------------------------------------------------------------
#
# Each constraint of each shape becomes one SELECT over all focus nodes at once. Value-type
# constraints (sh:datatype, sh:class, sh:pattern, ...) are compiled to a SPARQL expression that is
# true when a value node conforms; the query returns the (focus, value) pairs where it is not.
# Where SHACL leaves a detail to the engine, these follow pySHACL, the reference: sh:datatype
# checks the lexical form of the datatypes pySHACL checks; sh:languageIn matches a tag or its
# first subtag; a value a comparison cannot order fails sh:minInclusive.

@dataclass(frozen=True)
class CoreQuery:
    shape: str  # the shape results name (owning_shape of a blank node)
    components: tuple[str, ...]  # e.g. ("minCount", "maxCount"), for profiling
    severity: str
    message: str
    path: str  # path_text of the property shape's sh:path; "" on a node shape
    query: str  # SELECT ?this, and ?value where a value node is at fault
    flagged: bool = False  # ?f0, ?f1, ... say which of the components a row fails


# sh: properties the engine understands; any other sh: property on a shape raises UnsupportedShape
TARGETS = {SH.targetClass, SH.targetSubjectsOf}
VALUE_COMPONENTS = {SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH.languageIn, SH["in"],
                    SH.minInclusive, SH.minLength, SH["or"]}
SUPPORTED = TARGETS | VALUE_COMPONENTS | {SH.path, SH.property, SH.minCount, SH.maxCount, SH.flags,
                                          SH.severity, SH.message, SH.deactivated,
                                          SH.name, SH.description, SH.order, SH.group}
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}
# datatypes whose lexical form pySHACL checks (rdflib's ill_typed plus a Python type test);
# the others are matched by datatype IRI alone, as pySHACL does
CHECKED_DATATYPES = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.date,
                     XSD.time, XSD.dateTime}
NODE_KINDS = {SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
              SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
              SH.IRIOrLiteral: "!isBlank({v})"}
TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"


def compile_core(core: Graph) -> list[CoreQuery]:
    """The SELECT queries for every active shape of `core` with focus nodes (targets of its own
    or of the node shapes that point to it with sh:property)."""
    shapes = shape_nodes(core)
    for shape in shapes:
        check_supported(core, shape)
    queries = []
    for shape in sorted(shapes, key=str):
        if is_deactivated(core, shape):
            continue
        focus = focus_patterns(core, shape)
        if focus:
            queries += shape_queries(core, shape, focus)
    return queries


def shape_nodes(core: Graph) -> set:
    shapes = {s for t in SHAPE_TYPES for s in core.subjects(RDF.type, t)}
    shapes |= {s for s, p in core.subject_predicates() if p.startswith(str(SH)) and p != SH.prefixes}
    shapes |= set(core.objects(None, SH.property))
    for lst in core.objects(None, SH["or"]):
        shapes |= set(Collection(core, lst))
    return shapes


def unsupported(shape, what: str) -> UnsupportedShape:
    return UnsupportedShape(str(shape), f"{what} is not supported by ccmkg's SHACL engine "
                                        f"(validate with engine 'pyshacl' instead, or extend the engine)")


def check_supported(core: Graph, shape) -> None:
    for p in set(core.predicates(shape)):
        if p.startswith(str(SH)) and p not in SUPPORTED:
            raise unsupported(shape, "sh:" + p[len(str(SH)):])
    if (shape, RDF.type, RDFS.Class) in core or (shape, RDF.type, URIRef(OWL + "Class")) in core:
        raise unsupported(shape, "a shape that is also a class (implicit class target)")
    for p in (SH.minCount, SH.maxCount, SH.minLength, SH.datatype, SH.nodeKind, SH.minInclusive,
              SH.flags, SH.severity, SH.path, SH.deactivated):
        if len(set(core.objects(shape, p))) > 1:
            raise unsupported(shape, f"more than one sh:{p[len(str(SH)):]}")
    severity = core.value(shape, SH.severity)
    if severity is not None and severity not in {SH[s] for s in SEVERITIES}:
        raise unsupported(shape, f"the severity {severity}")


def is_deactivated(core: Graph, shape) -> bool:
    value = core.value(shape, SH.deactivated)
    return isinstance(value, Literal) and value.toPython() is True


def focus_patterns(core: Graph, shape) -> list[str]:
    """Graph patterns binding ?this to the focus nodes: the shape's own targets, and for a
    property shape those of the active node shapes that have it as sh:property."""
    patterns = [f"?this {TYPE_PATH} {sparql_term(c)} ." for c in core.objects(shape, SH.targetClass)]
    patterns += [f"?this {sparql_term(p)} [] ." for p in core.objects(shape, SH.targetSubjectsOf)]
    for parent in core.subjects(SH.property, shape):
        if (parent, SH.path, None) in core:
            raise unsupported(parent, "sh:property on a property shape")
        if not is_deactivated(core, parent):
            patterns += focus_patterns(core, parent)
    return sorted(set(patterns))


def shape_queries(core: Graph, shape, focus: list[str]) -> list[CoreQuery]:
    """At most: one query for sh:minCount and sh:maxCount, one per sh:class (a MINUS of the
    instances, which pyoxigraph evaluates once rather than per value), and one for the other
    value-type constraints together, returning which of them each value fails (?f0, ?f1, ...),
    so that the focus nodes and the path are evaluated once for all of them."""
    path = core.value(shape, SH.path)
    where = focus[0] if len(focus) == 1 else " UNION ".join("{ " + p + " }" for p in focus)
    severity = str(core.value(shape, SH.severity, default=SH.Violation)).split("#")[-1]
    message = shape_message(core, shape)
    reported = str(owning_shape(core, shape))
    out = []

    def add(components, query: str, path_text: str = "", flagged: bool = False) -> None:
        out.append(CoreQuery(reported, tuple(components), severity, message, path_text, query, flagged))

    if path is None:  # a node shape: the focus node is the value node
        if (shape, SH.minCount, None) in core or (shape, SH.maxCount, None) in core:
            raise unsupported(shape, "sh:minCount or sh:maxCount on a node shape (no sh:path)")
        value, text, pattern = "?this", "", where
    else:
        value, text = "?value", path_text(core, path)
        triple = f"?this {compile_path(core, path)} ?value ."
        pattern = f"{where} {triple}"
        distinct = f"{{ SELECT DISTINCT ?this WHERE {{ {where} }} }}"
        low, high = core.value(shape, SH.minCount), core.value(shape, SH.maxCount)
        low = int(low) if low is not None else 0
        if low == 1 and high is None:
            add(["minCount"], f"SELECT DISTINCT ?this WHERE {{ {where} FILTER NOT EXISTS {{ {triple} }} }}", text)
        elif low > 0 or high is not None:
            n = "COUNT(DISTINCT ?value)"
            tests = ([f"{n} < {low}"] if low > 0 else []) + ([f"{n} > {int(high)}"] if high is not None else [])
            body = f"{distinct} OPTIONAL {{ {triple} }}" if low > 0 else f"{distinct} {triple}"
            add(["minCount"] * (low > 0) + ["maxCount"] * (high is not None),
                f"SELECT ?this WHERE {{ {body} }} GROUP BY ?this "
                f"HAVING ({' || '.join(tests)})", text)
    for cls in sorted(core.objects(shape, SH["class"])):
        add(["class"], f"SELECT DISTINCT ?this {value if path is not None else ''} WHERE {{ {pattern} "
                       f"MINUS {{ {value} {TYPE_PATH} {sparql_term(cls)} }} }}", text)
    checks = [(c, ok) for c, ok in value_checks(core, shape, value) if c != "class"]
    if checks:
        fails = [f"!COALESCE({ok}, false)" for _, ok in checks]
        flags = " ".join(f"({f} AS ?f{i})" for i, f in enumerate(fails))
        add([c for c, _ in checks],
            f"SELECT DISTINCT ?this {value if path is not None else ''} {flags} WHERE {{ {pattern} "
            f"FILTER({' || '.join(fails)}) }}", text, flagged=True)
    return out


def shape_message(core: Graph, shape) -> str:
    messages = sorted(core.objects(shape, SH.message), key=lambda m: (getattr(m, "language", None) not in
                                                                      (None, "en"), str(m)))
    return str(messages[0]) if messages else f"Value does not conform to {shape}"


def value_checks(core: Graph, shape, v: str) -> list[tuple[str, str]]:
    """(component, SPARQL expression true when the node in `v` conforms) for each value-type
    constraint of `shape`."""
    checks = []
    for dt in core.objects(shape, SH.datatype):
        checks.append(("datatype", datatype_ok(shape, dt, v)))
    for cls in core.objects(shape, SH["class"]):
        checks.append(("class", f"EXISTS {{ {v} {TYPE_PATH} {sparql_term(cls)} }}"))
    for kind in core.objects(shape, SH.nodeKind):
        if kind not in NODE_KINDS:
            raise unsupported(shape, f"sh:nodeKind {kind}")
        checks.append(("nodeKind", NODE_KINDS[kind].format(v=v)))
    flags = str(core.value(shape, SH.flags, default=""))
    if set(flags) - set("imsx"):
        raise unsupported(shape, f"sh:flags {flags!r}")
    for pattern in sorted(core.objects(shape, SH.pattern)):
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise unsupported(shape, f"the sh:pattern {str(pattern)!r} ({exc})") from None
        checks.append(("pattern", f"(!isBlank({v}) && REGEX(STR({v}), {sparql_string(str(pattern))}"
                                  f"{', ' + sparql_string(flags) if flags else ''}))"))
    for lst in core.objects(shape, SH.languageIn):
        tags = {str(t).lower() for t in Collection(core, lst)}
        has_tag = f"isLiteral({v}) && LANG({v}) != \"\""
        if "*" in tags:
            checks.append(("languageIn", f"({has_tag})"))
        else:
            listed = ", ".join(sparql_string(t) for t in sorted(tags)) or '""'
            checks.append(("languageIn", f"({has_tag} && (LCASE(LANG({v})) IN ({listed}) || "
                                         f"LCASE(STRBEFORE(CONCAT(LANG({v}), \"-\"), \"-\")) IN ({listed})))"))
    for lst in core.objects(shape, SH["in"]):
        members = [f"sameTerm({v}, {sparql_term(t)})" for t in Collection(core, lst)]
        checks.append(("in", "(" + (" || ".join(members) or "false") + ")"))
    for low in core.objects(shape, SH.minInclusive):
        if not isinstance(low, Literal):
            raise unsupported(shape, "sh:minInclusive with a value that is not a literal")
        checks.append(("minInclusive", f"({v} >= {sparql_term(low)})"))
    for length in core.objects(shape, SH.minLength):
        if int(length) > 0:
            checks.append(("minLength", f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(length)})"))
    for lst in core.objects(shape, SH["or"]):
        checks.append(("or", "(" + (" || ".join(inner_ok(core, s, v) for s in Collection(core, lst))
                                    or "false") + ")"))
    return checks


def inner_ok(core: Graph, shape, v: str) -> str:
    """A shape of an sh:or list as one expression: the node conforms to all its constraints."""
    if is_deactivated(core, shape):
        return "true"
    for p in set(core.predicates(shape)):
        if p.startswith(str(SH)) and p not in VALUE_COMPONENTS | {SH.flags, SH.message, SH.severity,
                                                                  SH.deactivated, SH.name, SH.description}:
            raise unsupported(shape, f"sh:{p[len(str(SH)):]} in a shape of an sh:or list")
    parts = [ok for _, ok in value_checks(core, shape, v)]
    return "(" + (" && ".join(f"COALESCE({ok}, false)" for ok in parts) or "true") + ")"


def datatype_ok(shape, dt, v: str) -> str:
    if not isinstance(dt, URIRef) or dt == RDFS.Datatype:
        raise unsupported(shape, f"sh:datatype {dt}")
    if dt == RDFS.Literal:
        return f"isLiteral({v})"
    if dt == RDF.langString:
        return f"(isLiteral({v}) && LANG({v}) != \"\")"
    ok = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {sparql_term(dt)})"
    if dt in CHECKED_DATATYPES:  # well-formed: the cast of the lexical form succeeds
        ok += f" && COALESCE(isLiteral({sparql_term(dt)}(STR({v}))), false)"
    return f"({ok})"


def compile_path(core: Graph, path) -> str:
    """sh:path as a SPARQL property path: an IRI, or a sequence (RDF list) of paths."""
    if isinstance(path, URIRef):
        return sparql_term(path)
    if isinstance(path, BNode) and (path, RDF.first, None) in core:
        steps = list(Collection(core, path))
        if len(steps) < 2:
            raise unsupported(path, "a sequence path of fewer than two steps")
        return "(" + "/".join(compile_path(core, step) for step in steps) + ")"
    kinds = [str(p).split("#")[-1] for p in core.predicates(path) if str(p).startswith(str(SH))]
    raise unsupported(path, f"the path {', '.join('sh:' + k for k in kinds) or path}")


def path_text(graph: Graph, path) -> str:
    """A result's path as text: the IRI of a predicate path, '<p1>/<p2>' for a sequence path."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return str(path)
    if isinstance(path, BNode) and (path, RDF.first, None) in graph:
        return "/".join(f"<{step}>" if isinstance(step, URIRef) else path_text(graph, step)
                        for step in Collection(graph, path))
    return str(path)


def sparql_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.language:
            return f"{sparql_string(str(term))}@{term.language}"
        return sparql_string(str(term)) + (f"^^<{term.datatype}>" if term.datatype else "")
    raise UnsupportedShape(str(term), "a blank node where a shape needs an IRI or a literal")


def sparql_string(text: str) -> str:
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\r", "\\r")) + '"'


def sparql_core_results(store: ox.Store, queries: list[CoreQuery]) -> list[Result]:
    out = []
    for q in queries:
        counts = q.components[0] in ("minCount", "maxCount")
        for row in store.query(q.query):
            focus = term_text(row["this"])
            value = "" if counts else term_text(row["value"]) if q.path else focus
            result = Result(q.severity, q.shape, focus, q.message, q.path, value)
            if q.flagged:  # one result per constraint the value fails (pySHACL does the same)
                out += [result for i in range(len(q.components)) if row[f"f{i}"].value == "true"]
            else:
                out.append(result)
    return out


def check_results(store: ox.Store, checks) -> list[Result]:
    out = []
    for shape, severity, message, query in checks:
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            values = {name: sorted_list(row[name]) for name in names if row[name] is not None}
            out.append(Result(severity, str(shape), term_text(values.get("this")),
                              fill(message, values), term_text(values.get("path")),
                              term_text(values.get("value"))))
    return out


def sorted_list(term):
    """A literal of space-separated IRIs (a GROUP_CONCAT of sources, in an order SPARQL leaves
    open) with its IRIs sorted, so that a message reads the same on every run."""
    if isinstance(term, ox.Literal) and " " in term.value:
        parts = term.value.split(" ")
        if all(re.match(r"[a-z][a-z0-9+.-]*:\S+$", part) for part in parts):
            return ox.Literal(" ".join(sorted(parts)))
    return term


def fill(template: str, values: dict) -> str:
    """sh:message templates: {?var} and {$this} take the row's values."""
    return re.sub(r"\{[?$](\w+)\}", lambda m: term_text(values.get(m.group(1))), template)


def term_text(term) -> str:
    return "" if term is None else term.value


def to_graph(store: ox.Store) -> Graph:
    graph = Graph()
    graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    return graph


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
        path = re.sub(r"<([^<>]*)>", lambda m: short(m.group(1)), r.path) if r.path.startswith("<") else short(r.path)
        detail = ", ".join(x for x in (f"path {path}" if r.path else "",
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
        if r.path.startswith("<"):  # a sequence path, '<p1>/<p2>': an RDF list, as in SHACL
            steps = [URIRef(step) for step in re.findall(r"<([^<>]*)>", r.path)]
            g.add((node, SH.resultPath, Collection(g, BNode(), steps).uri))
        elif r.path:
            g.add((node, SH.resultPath, URIRef(r.path)))
        if r.value:
            g.add((node, SH.value, Literal(r.value)))
    return g.serialize(format="turtle")


__all__ = ["Result", "Report", "Shapes", "UnsupportedShape", "load_shapes", "validate", "render", "read_rdf",
           "RDFS"]
