"""Validation: the shapes in shapes/ against ontology + data, as one report.

SHACL Core shapes are compiled to SPARQL SELECT queries and run on pyoxigraph, each over all
focus nodes at once (the engine below supports the part of SHACL Core that shapes/ uses and
refuses any other constraint with UnsupportedShape).
pySHACL stays available as the reference engine for SHACL Core (engine="pyshacl", `ccmkg validate
--engine pyshacl`); tests/test_validate_engine.py checks that both give the same results. No inference
either way: the ontology's rdfs:subClassOf triples are in the data graph, which is all
sh:targetClass and sh:class need.
SHACL-SPARQL shapes (those with sh:sparql, in shapes/cross-checks.ttl) run as plain SELECT
queries on pyoxigraph with either engine: pySHACL evaluates them once per focus node, which is
minutes on the built graph, not milliseconds (tests/test_cross_checks_pyshacl.py compares them
with pySHACL's own run of the same file). Conforms means no result of severity Violation; warnings are reported, not fatal.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from .errors import InputError
from .namespaces import ID, ONTOLOGY, SH, SHAPES

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

    def summary(self, timed: bool = True) -> str:
        counts = ", ".join(f"{self.count(s)} {s.lower()}{'s' if self.count(s) != 1 else ''}"
                           for s in SEVERITIES)
        text = f"{'conforms' if self.conforms else 'does not conform'}: {counts}"
        return f"{text} ({self.seconds:.2f} s)" if timed else text


@dataclass
class Shapes:
    triples: list[tuple]  # the SHACL Core shapes (compiled to SPARQL by compile_core, or run by pySHACL)
    checks: list[tuple[URIRef, str, str, str]]  # (shape, severity, message template, SELECT query)
    compiled: list[CoreQuery] | None = None  # compile_core(triples), made on first use
    graph: Graph | None = None  # the triples as an rdflib Graph, made on first use

    @property
    def core(self) -> Graph:
        """The SHACL Core shapes graph (pySHACL's input)."""
        if self.graph is None:
            self.graph = Graph()
            self.graph.addN((s, p, o, self.graph) for s, p, o in self.triples)
        return self.graph

    def core_queries(self) -> list[CoreQuery]:
        if self.compiled is None:
            self.compiled = compile_core(self.triples)
        return self.compiled


class UnsupportedShape(InputError):
    """A shapes graph uses SHACL that the SPARQL engine does not implement (never silently passed)."""


# reading --------------------------------------------------------------------------------------

def read_rdf(path: Path, graph: Graph) -> None:
    """Parse one RDF file into `graph`; an error names the file and the line (exit 2, no traceback).
    pyoxigraph parses because its syntax errors carry line and column (rdflib's do not); Turtle and
    N-Triples go from its triples straight into `graph`, the other syntaxes through rdflib's parser."""
    graph.addN((s, p, o, graph) for s, p, o in parse_rdf(path))


def parse_rdf(path: Path) -> list[tuple]:
    """The triples of one RDF file as rdflib terms; errors as for read_rdf."""
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown RDF file type '{path.suffix}' (use {', '.join(RDF_FORMATS)})")
    try:
        data = path.read_bytes()
        triples = list(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    except SyntaxError as exc:
        raise InputError(f"{path}:{line_of(exc)}", f"not valid {path.suffix[1:]}: {exc}") from None
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        blank: dict[str, BNode] = {}  # a file's blank node labels are its own, as with rdflib's parser
        term = lambda t: rdflib_term(t, blank, path)  # noqa: E731
        return [(term(q.subject), term(q.predicate), term(q.object)) for q in triples]
    graph = Graph()
    graph.parse(data=data, format={".nt": "nt", ".nq": "nquads", ".trig": "trig", ".rdf": "xml",
                                   ".owl": "xml", ".n3": "n3"}.get(path.suffix.lower(), "turtle"),
                publicID=path.resolve().as_uri())
    return list(graph)


XSD_STRING = str(XSD.string)


def rdflib_term(term, blank: dict, path: Path):
    """A pyoxigraph term as the rdflib term rdflib's parser makes (a plain literal for xsd:string)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blank.setdefault(term.value, BNode())
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise InputError(str(path), f"unsupported RDF term {term} (RDF 1.2 triple terms are not read)")


def line_of(exc: SyntaxError) -> str:
    match = re.search(r"line (\d+)", str(exc))
    return match.group(1) if match else str(getattr(exc, "lineno", "") or "?")


def load_shapes(folder: Path) -> Shapes:
    """The shapes of folder/*.ttl: SHACL-SPARQL shapes (sh:sparql) as checks, the rest as SHACL Core."""
    triples = list(dict.fromkeys(t for path in sorted(folder.glob("*.ttl")) for t in parse_rdf(path)))
    graph = ShapesIndex(triples)
    checks, sparql_nodes = [], set()
    for shape, constraint in sorted((s, o) for s, p, o in triples if p == S.sparql):
        severity = str(graph.value(shape, S.severity, default=S.Violation)).split("#")[-1]
        message = str(graph.value(constraint, S.message) or graph.value(shape, S.message))
        checks.append((shape, severity, message, str(graph.value(constraint, S.select))))
        sparql_nodes |= {shape, constraint}
    return Shapes([t for t in triples if t[0] not in sparql_nodes], checks)  # the rest is SHACL Core


# running --------------------------------------------------------------------------------------

def validate(graph: Graph | None, shapes: Shapes, store: ox.Store | None = None,
             engine: str = "sparql") -> Report:
    """Every result of every shape on `graph` (ontology + data). `store` may hold the same
    triples already loaded into pyoxigraph (then `graph` may be None); otherwise they are copied
    there. engine="pyshacl" runs the SHACL Core shapes in pySHACL instead (the reference); the
    SHACL-SPARQL cross-checks run as ccmkg's queries with either engine."""
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
    from pyshacl import validate as shacl_validate  # the reference engine; its import alone takes 0.2 s

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
# Each shape becomes a few SELECTs over all focus nodes at once (shape_queries): sh:minCount,
# sh:maxCount and each sh:class on their own, the other value-type constraints (sh:datatype,
# sh:pattern, sh:in, ...) together. Those are compiled to SPARQL expressions that are true when a
# value node conforms; the query returns the (focus, value) pairs where one is not, with a flag
# per constraint, so a value that fails two constraints gives two results, as in SHACL.
# Where SHACL leaves a detail to the engine, these follow pySHACL, the reference: sh:datatype
# checks the lexical form of the datatypes pySHACL checks; sh:languageIn matches a tag or its
# first subtag; a value a comparison cannot order fails sh:minInclusive.

class S:
    """The sh: terms the engine uses (rdflib's Namespace makes a new URIRef on every access)."""
    BlankNode = SH['BlankNode']
    BlankNodeOrIRI = SH['BlankNodeOrIRI']
    BlankNodeOrLiteral = SH['BlankNodeOrLiteral']
    IRI = SH['IRI']
    IRIOrLiteral = SH['IRIOrLiteral']
    Literal = SH['Literal']
    NodeShape = SH['NodeShape']
    PropertyShape = SH['PropertyShape']
    Violation = SH['Violation']
    class_ = SH['class']
    datatype = SH['datatype']
    deactivated = SH['deactivated']
    description = SH['description']
    flags = SH['flags']
    group = SH['group']
    in_ = SH['in']
    languageIn = SH['languageIn']
    maxCount = SH['maxCount']
    message = SH['message']
    minCount = SH['minCount']
    minInclusive = SH['minInclusive']
    minLength = SH['minLength']
    name = SH['name']
    nodeKind = SH['nodeKind']
    or_ = SH['or']
    order = SH['order']
    path = SH['path']
    pattern = SH['pattern']
    prefixes = SH['prefixes']
    property = SH['property']
    severity = SH['severity']
    targetClass = SH['targetClass']
    targetSubjectsOf = SH['targetSubjectsOf']
    select = SH['select']
    sparql = SH['sparql']


@dataclass(frozen=True)
class CoreQuery:
    shape: str  # the shape results name (owning_shape of a blank node)
    components: tuple[str, ...]  # e.g. ("minCount", "maxCount"), for profiling
    severity: str
    message: str
    path: str  # path_text of the property shape's sh:path; "" on a node shape
    query: str  # SELECT ?this, and ?value where a value node is at fault
    flagged: bool = False  # ?f0, ?f1, ... say which of the components a row fails
    focus_first: str = ""  # the same query with the focus nodes first, if that form exists
    targets: tuple = ()  # (("class", IRI) or ("subjectsOf", IRI), ...): the focus nodes, for plan()
    predicate: str = ""  # the first IRI of the path, for plan()
    prefilter: str = ""  # ASK whether the path has a failing value on any node, focus node or not


# sh: properties the engine understands; any other sh: property on a shape raises UnsupportedShape
TARGETS = {S.targetClass, S.targetSubjectsOf}
VALUE_COMPONENTS = {S.datatype, S.class_, S.nodeKind, S.pattern, S.languageIn, S.in_,
                    S.minInclusive, S.minLength, S.or_}
SUPPORTED = TARGETS | VALUE_COMPONENTS | {S.path, S.property, S.minCount, S.maxCount, S.flags,
                                          S.severity, S.message, S.deactivated,
                                          S.name, S.description, S.order, S.group}
SHAPE_TYPES = {S.NodeShape, S.PropertyShape}
# datatypes whose lexical form pySHACL checks (rdflib's ill_typed plus a Python type test);
# the others are matched by datatype IRI alone, as pySHACL does
CHECKED_DATATYPES = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.date,
                     XSD.time, XSD.dateTime}
NODE_KINDS = {S.IRI: "isIRI({v})", S.BlankNode: "isBlank({v})", S.Literal: "isLiteral({v})",
              S.BlankNodeOrIRI: "!isLiteral({v})", S.BlankNodeOrLiteral: "!isIRI({v})",
              S.IRIOrLiteral: "!isBlank({v})"}
RDF_TYPE, RDF_FIRST, RDF_REST, RDF_NIL = RDF.type, RDF.first, RDF.rest, RDF.nil
TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"


class ShapesIndex:
    """A shapes graph in dictionaries: the few rdflib Graph lookups the compiler makes, without
    the cost of rdflib's store on each of them (compiling takes milliseconds, not a tenth of a second)."""

    def __init__(self, graph):  # a Graph or any iterable of triples
        self.out: dict = {}
        self.into: dict = {}
        for s, p, o in graph:
            self.out.setdefault(s, {}).setdefault(p, []).append(o)
            self.into.setdefault(o, []).append((s, p))

    def objects(self, subject, predicate) -> list:
        if subject is None:
            return [o for props in self.out.values() for o in props.get(predicate, ())]
        return list(self.out.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate, obj) -> list:
        if predicate is None:
            return [s for s, _ in self.into.get(obj, ())]
        if obj is None:
            return [s for s, props in self.out.items() if predicate in props]
        return [s for s, p in self.into.get(obj, ()) if p == predicate]

    def predicates(self, subject) -> list:
        return list(self.out.get(subject, {}))

    def subject_predicates(self):
        return [(s, p) for s, props in self.out.items() for p in props]

    def value(self, subject, predicate, default=None):
        values = self.out.get(subject, {}).get(predicate)
        return values[0] if values else default

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        values = self.out.get(s, {}).get(p, ())
        return bool(values) if o is None else o in values

    def items(self, lst) -> list:
        out = []
        while lst is not None and lst != RDF_NIL:
            first = self.value(lst, RDF_FIRST)
            if first is None:
                raise UnsupportedShape(str(lst), "an RDF list without rdf:first")
            out.append(first)
            lst = self.value(lst, RDF_REST)
        return out


def compile_core(core) -> list[CoreQuery]:
    """The SELECT queries for every active shape of `core` with focus nodes (targets of its own
    or of the node shapes that point to it with sh:property)."""
    core = core if isinstance(core, ShapesIndex) else ShapesIndex(core)
    shapes = shape_nodes(core)
    for shape in shapes:
        check_supported(core, shape)
    queries = []
    for shape in sorted(shapes, key=str):
        if is_deactivated(core, shape):
            continue
        targets = focus_targets(core, shape)
        if targets:
            queries += shape_queries(core, shape, targets)
    return queries


def shape_nodes(core: Graph) -> set:
    shapes = {s for t in SHAPE_TYPES for s in core.subjects(RDF_TYPE, t)}
    sh = str(SH)
    shapes |= {s for s, p in core.subject_predicates() if p.startswith(sh) and p != S.prefixes}
    shapes |= set(core.objects(None, S.property))
    for lst in core.objects(None, S.or_):
        shapes |= set(core.items(lst))
    return shapes


def unsupported(shape, what: str) -> UnsupportedShape:
    return UnsupportedShape(str(shape), f"{what} is not supported by ccmkg's SHACL engine "
                                        f"(validate with engine 'pyshacl' instead, or extend the engine)")


SINGLE = {S.minCount, S.maxCount, S.minLength, S.datatype, S.nodeKind, S.minInclusive, S.flags,
          S.severity, S.path, S.deactivated}  # at most one value on a shape
CLASSES = {RDFS.Class, OWL.Class}
SEVERITY_IRIS = {SH[s] for s in SEVERITIES}


def check_supported(core, shape) -> None:
    sh = str(SH)
    for p, values in core.out.get(shape, {}).items():
        if p.startswith(sh) and p not in SUPPORTED:
            raise unsupported(shape, "sh:" + p[len(sh):])
        if p in SINGLE and len(set(values)) > 1:
            raise unsupported(shape, f"more than one sh:{p[len(sh):]}")
        if p == RDF_TYPE and CLASSES & set(values):
            raise unsupported(shape, "a shape that is also a class (implicit class target)")
        if p == S.severity and values[0] not in SEVERITY_IRIS:
            raise unsupported(shape, f"the severity {values[0]}")


def is_deactivated(core: Graph, shape) -> bool:
    value = core.value(shape, S.deactivated)
    return isinstance(value, Literal) and value.toPython() is True


def focus_targets(core, shape) -> list[tuple[str, object]]:
    """The targets that give the focus nodes: the shape's own, and for a property shape those of
    the active node shapes that have it as sh:property."""
    targets = [("class", c) for c in core.objects(shape, S.targetClass)]
    targets += [("subjectsOf", p) for p in core.objects(shape, S.targetSubjectsOf)]
    for kind, term in targets:
        if not isinstance(term, URIRef):
            raise unsupported(shape, f"a target that is not an IRI ({term})")
    for parent in core.subjects(S.property, shape):
        if (parent, S.path, None) in core:
            raise unsupported(parent, "sh:property on a property shape")
        if not is_deactivated(core, parent):
            targets += focus_targets(core, parent)
    return sorted(set(targets))


def target_pattern(kind: str, term) -> str:
    """A graph pattern binding ?this to the focus nodes of one target."""
    if kind == "class":  # instances of the class and of its subclasses, as SHACL defines
        return f"?this {TYPE_PATH} {sparql_term(term)} ."
    return f"?this {sparql_term(term)} [] ."


def shape_queries(core, shape, targets: list) -> list[CoreQuery]:
    """The queries of one shape: on a property shape one for sh:minCount, one for sh:maxCount,
    one per sh:class (and per sh:or of classes), and one for all other value-type constraints
    together, whose ?f0, ?f1, ... say which of them each value fails.

    The forms are those pyoxigraph evaluates fastest (measured on the built graph): the path and
    the test run first, in a subquery, and are joined with the focus nodes after (a failing value
    is rare, a focus node is not); "has no value" and "is no instance" are a MINUS, evaluated once,
    rather than a FILTER NOT EXISTS, evaluated per row."""
    path = core.value(shape, S.path)
    focus = [target_pattern(kind, term) for kind, term in targets]
    where = focus[0] if len(focus) == 1 else " UNION ".join("{ " + p + " }" for p in focus)
    where = "{ " + where + " }"
    severity = str(core.value(shape, S.severity, default=S.Violation)).split("#")[-1]
    message = shape_message(core, shape)
    reported = str(owning_shape(core, shape))
    out = []

    def add(components, query: str, path_text: str = "", flagged: bool = False, focus_first: str = "",
            prefilter: str = "") -> None:
        out.append(CoreQuery(reported, tuple(components), severity, message, path_text, query, flagged,
                             focus_first, **(stats if focus_first else {}), prefilter=prefilter))

    checks = value_checks(core, shape, "?this" if path is None else "?value", classes=False)
    fails = [f"!COALESCE({ok}, false)" for _, ok in checks]
    flags = " ".join(f"({f} AS ?f{i})" for i, f in enumerate(fails))
    if path is None:  # a node shape: the focus node is the value node
        if (shape, S.minCount, None) in core or (shape, S.maxCount, None) in core:
            raise unsupported(shape, "sh:minCount or sh:maxCount on a node shape (no sh:path)")
        for component, classes in class_lists(core, shape):
            add([component], f"SELECT DISTINCT ?this WHERE {{ {where} MINUS {{ {instance_of('?this', classes)} }} }}")
        if checks:
            add([c for c, _ in checks], f"SELECT DISTINCT ?this {flags} WHERE {{ {where} "
                                        f"FILTER({' || '.join(fails)}) }}", flagged=True)
        return out
    text = path_text(core, path)
    triple = f"?this {compile_path(core, path)} ?value ."
    first = path
    while not isinstance(first, URIRef):  # the first step of a sequence path
        first = core.items(first)[0]
    stats = {"targets": tuple((kind, str(term)) for kind, term in targets), "predicate": str(first)}
    low, high = core.value(shape, S.minCount), core.value(shape, S.maxCount)
    low = int(low) if low is not None else 0
    if low == 1:
        add(["minCount"], f"SELECT DISTINCT ?this WHERE {{ {where} MINUS {{ {triple} }} }}", text)
    elif low > 1:
        add(["minCount"], f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {where} }} "
                          f"OPTIONAL {{ {triple} }} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {low})", text)
    # the rest in two forms, path first or focus nodes first; plan() picks one on the data
    if high is not None:
        add(["maxCount"], f"SELECT DISTINCT ?this WHERE {{ {{ SELECT ?this WHERE {{ {triple} }} GROUP BY ?this "
                          f"HAVING (COUNT(DISTINCT ?value) > {int(high)}) }} {where} }}", text,
            focus_first=f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {where} }} {triple} }} "
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(high)})",
            prefilter=f"ASK {{ {{ SELECT ?this WHERE {{ {triple} }} GROUP BY ?this "
                      f"HAVING (COUNT(DISTINCT ?value) > {int(high)}) }} }}")
    for component, classes in class_lists(core, shape):
        minus = f"MINUS {{ {instance_of('?value', classes)} }}"
        add([component], f"SELECT DISTINCT ?this ?value WHERE {{ {{ SELECT ?this ?value WHERE {{ {triple} "
                         f"{minus} }} }} {where} }}", text,
            focus_first=f"SELECT DISTINCT ?this ?value WHERE {{ {where} {triple} {minus} }}",
            prefilter=f"ASK {{ {triple} {minus} }}")
    if checks:
        add([c for c, _ in checks],
            f"SELECT DISTINCT ?this ?value {' '.join(f'?f{i}' for i in range(len(checks)))} WHERE {{ "
            f"{{ SELECT ?this ?value {flags} WHERE {{ {triple} FILTER({' || '.join(fails)}) }} }} {where} }}",
            text, flagged=True,
            focus_first=f"SELECT DISTINCT ?this ?value {flags} WHERE {{ {where} {triple} "
                        f"FILTER({' || '.join(fails)}) }}",
            prefilter=f"ASK {{ {triple} FILTER({' || '.join(fails)}) }}")
    return out


def or_classes(core, lst) -> list | None:
    """The classes of an sh:or list whose every member is a shape of one sh:class and nothing
    else (a value conforms if it is an instance of one of them); None for any other list."""
    classes = []
    for member in core.items(lst):
        if core.predicates(member) != [S.class_] or len(core.objects(member, S.class_)) != 1:
            return None
        classes.append(core.value(member, S.class_))
    return classes


def class_lists(core, shape) -> list[tuple[str, list]]:
    """(component, classes) for each sh:class and each sh:or of single classes."""
    out = [("class", [cls]) for cls in sorted(core.objects(shape, S.class_))]
    for lst in core.objects(shape, S.or_):
        classes = or_classes(core, lst)
        if classes:
            out.append(("or", classes))
    return out


def instance_of(var: str, classes: list) -> str:
    return " UNION ".join(f"{{ {var} {TYPE_PATH} {sparql_term(c)} }}" for c in classes)


def shape_message(core: Graph, shape) -> str:
    messages = sorted(core.objects(shape, S.message), key=lambda m: (getattr(m, "language", None) not in
                                                                      (None, "en"), str(m)))
    return str(messages[0]) if messages else f"Value does not conform to {shape}"


def value_checks(core, shape, v: str, classes: bool = True) -> list[tuple[str, str]]:
    """(component, SPARQL expression true when the node in `v` conforms) for each value-type
    constraint of `shape`; with classes=False, not the sh:class constraints and sh:or lists of
    classes (which class_lists gives)."""
    checks = []
    for dt in core.objects(shape, S.datatype):
        checks.append(("datatype", datatype_ok(shape, dt, v)))
    for cls in core.objects(shape, S.class_) if classes else ():
        checks.append(("class", f"EXISTS {{ {v} {TYPE_PATH} {sparql_term(cls)} }}"))
    for kind in core.objects(shape, S.nodeKind):
        if kind not in NODE_KINDS:
            raise unsupported(shape, f"sh:nodeKind {kind}")
        checks.append(("nodeKind", NODE_KINDS[kind].format(v=v)))
    flags = str(core.value(shape, S.flags, default=""))
    if set(flags) - set("imsx"):
        raise unsupported(shape, f"sh:flags {flags!r}")
    for pattern in sorted(core.objects(shape, S.pattern)):
        checks.append(("pattern", f"(!isBlank({v}) && REGEX(STR({v}), {sparql_string(str(pattern))}"
                                  f"{', ' + sparql_string(flags) if flags else ''}))"))
    for lst in core.objects(shape, S.languageIn):
        tags = {str(t).lower() for t in core.items(lst)}
        has_tag = f"isLiteral({v}) && LANG({v}) != \"\""
        if "*" in tags:
            checks.append(("languageIn", f"({has_tag})"))
        else:
            listed = ", ".join(sparql_string(t) for t in sorted(tags)) or '""'
            checks.append(("languageIn", f"({has_tag} && (LCASE(LANG({v})) IN ({listed}) || "
                                         f"LCASE(STRBEFORE(CONCAT(LANG({v}), \"-\"), \"-\")) IN ({listed})))"))
    for lst in core.objects(shape, S.in_):
        members = [f"sameTerm({v}, {sparql_term(t)})" for t in core.items(lst)]
        checks.append(("in", "(" + (" || ".join(members) or "false") + ")"))
    for low in core.objects(shape, S.minInclusive):
        if not isinstance(low, Literal):
            raise unsupported(shape, "sh:minInclusive with a value that is not a literal")
        checks.append(("minInclusive", f"({v} >= {sparql_term(low)})"))
    for length in core.objects(shape, S.minLength):
        if int(length) > 0:
            checks.append(("minLength", f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(length)})"))
    for lst in core.objects(shape, S.or_):
        if not classes and or_classes(core, lst):
            continue
        checks.append(("or", "(" + (" || ".join(inner_ok(core, s, v) for s in core.items(lst))
                                    or "false") + ")"))
    return checks


def inner_ok(core: Graph, shape, v: str) -> str:
    """A shape of an sh:or list as one expression: the node conforms to all its constraints."""
    if is_deactivated(core, shape):
        return "true"
    for p in set(core.predicates(shape)):
        if p.startswith(str(SH)) and p not in VALUE_COMPONENTS | {S.flags, S.message, S.severity,
                                                                  S.deactivated, S.name, S.description}:
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
    if isinstance(path, BNode) and (path, RDF_FIRST, None) in core:
        steps = list(core.items(path))
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
                        for step in graph.items(path))
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


def plan(store: ox.Store, queries: list[CoreQuery]) -> list[str]:
    """The form of each query to run. A query that has two starts from the smaller side: from the
    triples of the path's first predicate when there are at most twice as many as focus nodes
    (a class with many instances, ccm:Fact), from the focus nodes otherwise (ccm:Annex and
    ccm:number, which most text parts have). Two counting queries find the sizes (a few ms)."""
    both = [q for q in queries if q.focus_first]
    classes = sorted({iri for q in both for kind, iri in q.targets if kind == "class"})
    predicates = sorted({q.predicate for q in both} | {iri for q in both for kind, iri in q.targets
                                                        if kind == "subjectsOf"})
    counts: dict[tuple[str, str], int] = {}
    for kind, iris, query in (
            ("class", classes, f"SELECT ?x (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?x {{ {{}} }} "
                               f"?s {TYPE_PATH} ?x }} GROUP BY ?x"),
            ("subjectsOf", predicates, "SELECT ?x (COUNT(*) AS ?n) WHERE { VALUES ?x { {} } ?s ?x ?o } GROUP BY ?x")):
        if iris:
            values = " ".join(f"<{iri}>" for iri in iris)
            for row in store.query(query.replace("{ {} }", "{ " + values + " }")):
                counts[(kind, row["x"].value)] = int(row["n"].value)
    chosen = []
    for q in queries:
        if q.focus_first:
            focus = sum(counts.get(target, 0) for target in q.targets)
            path_first = counts.get(("subjectsOf", q.predicate), 0) <= 2 * focus
            chosen.append(q.query if path_first else q.focus_first)
        else:
            chosen.append(q.query)
    return chosen


def sparql_core_results(store: ox.Store, queries: list[CoreQuery]) -> list[Result]:
    """Every result of the compiled queries. A query with a prefilter (the same test on the path
    for every node, focus node or not) that several shapes share (rdfs:label, one English label),
    or that is to run path first anyway, is asked once: where no node fails it, which is the rule,
    none of the queries that share it needs to run."""
    out = []
    shared = Counter(q.prefilter for q in queries if q.prefilter)
    asked: dict[str, bool] = {}
    for q, query in zip(queries, plan(store, queries)):
        if q.prefilter and (shared[q.prefilter] > 1 or query == q.query):
            if q.prefilter not in asked:
                asked[q.prefilter] = bool(store.query(q.prefilter))
            if not asked[q.prefilter]:
                continue
        counts = q.components[0] in ("minCount", "maxCount")
        for row in store.query(query):
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
    """The triples of `graph` in a new pyoxigraph store; blank nodes keep rdflib's labels (which
    Store.load would replace), so results name them as the graph does."""
    store = ox.Store()
    store.extend(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
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
    for prefix, ns in (("shapes:", str(SHAPES)), ("ccmr:", str(ID)),
                       ("ccm:", str(ONTOLOGY))):
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
