"""SHACL Core to SPARQL: each active shape with focus nodes becomes a few SELECTs over all its
focus nodes at once. On a property shape: one for sh:minCount, one for sh:maxCount, one per
sh:class (and per sh:or of single classes), and one for all other value-type constraints together
(components.py), whose ?f0, ?f1, ... say which of them each value fails, so that a value that
fails two constraints gives two results, as in SHACL.

The forms are those pyoxigraph evaluates fastest (measured on the built graph): the path and the
test run first, in a subquery, and are joined with the focus nodes after (a failing value is
rare, a focus node is not); "has no value" and "is no instance" are a MINUS, evaluated once,
rather than a FILTER NOT EXISTS, evaluated per row. A query with two forms (path first, focus
nodes first) leaves the choice to planner.plan, on the data."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import OWL, SH

from .compiled import CoreQuery
from .components import SH_CLASS, SH_IN, SH_OR, or_classes, value_checks
from .index import ShapesIndex, owning_shape, path_text
from .results import SEVERITIES
from .sparql import compile_path, first_step, instance_of, target_pattern, unsupported


# sh: properties the engine understands; any other sh: property on a shape raises UnsupportedShape
TARGETS = {SH.targetClass, SH.targetSubjectsOf}
VALUE_COMPONENTS = {SH.datatype, SH_CLASS, SH.nodeKind, SH.pattern, SH.languageIn, SH_IN,
                    SH.minInclusive, SH.minLength, SH_OR}
SUPPORTED = TARGETS | VALUE_COMPONENTS | {SH.path, SH.property, SH.minCount, SH.maxCount, SH.flags,
                                          SH.severity, SH.message, SH.deactivated,
                                          SH.name, SH.description, SH.order, SH.group}
SINGLE = {SH.minCount, SH.maxCount, SH.minLength, SH.datatype, SH.nodeKind, SH.minInclusive, SH.flags,
          SH.severity, SH.path, SH.deactivated}  # at most one value on a shape
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}
CLASSES = {RDFS.Class, OWL.Class}
SEVERITY_IRIS = {SH[s] for s in SEVERITIES}


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


def shape_nodes(core: ShapesIndex) -> set:
    shapes = {s for t in SHAPE_TYPES for s in core.subjects(RDF.type, t)}
    sh = str(SH)
    shapes |= {s for s, p in core.subject_predicates() if p.startswith(sh) and p != SH.prefixes}
    shapes |= set(core.objects(None, SH.property))
    for lst in core.objects(None, SH_OR):
        shapes |= set(core.items(lst))
    return shapes


def check_supported(core: ShapesIndex, shape) -> None:
    sh = str(SH)
    for p, values in core.out.get(shape, {}).items():
        if p.startswith(sh) and p not in SUPPORTED:
            raise unsupported(shape, "sh:" + p[len(sh):])
        if p in SINGLE and len(set(values)) > 1:
            raise unsupported(shape, f"more than one sh:{p[len(sh):]}")
        if p == RDF.type and CLASSES & set(values):
            raise unsupported(shape, "a shape that is also a class (implicit class target)")
        if p == SH.severity and values[0] not in SEVERITY_IRIS:
            raise unsupported(shape, f"the severity {values[0]}")


def is_deactivated(core: ShapesIndex, shape) -> bool:
    value = core.value(shape, SH.deactivated)
    return isinstance(value, Literal) and value.toPython() is True


def focus_targets(core: ShapesIndex, shape) -> list[tuple[str, object]]:
    """The targets that give the focus nodes: the shape's own, and for a property shape those of
    the active node shapes that have it as sh:property."""
    targets = [("class", c) for c in core.objects(shape, SH.targetClass)]
    targets += [("subjectsOf", p) for p in core.objects(shape, SH.targetSubjectsOf)]
    for kind, term in targets:
        if not isinstance(term, URIRef):
            raise unsupported(shape, f"a target that is not an IRI ({term})")
    for parent in core.subjects(SH.property, shape):
        if (parent, SH.path, None) in core:
            raise unsupported(parent, "sh:property on a property shape")
        if not is_deactivated(core, parent):
            targets += focus_targets(core, parent)
    return sorted(set(targets))


@dataclass
class ShapeQueries:
    """What every query of one shape shares, and the queries made so far."""
    shape: str
    severity: str
    message: str
    where: str  # the pattern that binds ?this to the focus nodes
    path: str = ""  # path_text of sh:path
    triple: str = ""  # ?this <path> ?value .
    stats: dict = field(default_factory=dict)  # targets and predicate, for plan()
    out: list[CoreQuery] = field(default_factory=list)

    def add(self, components, query: str, flagged: bool = False, focus_first: str = "",
            prefilter: str = "") -> None:
        stats = self.stats if focus_first else {}
        self.out.append(CoreQuery(self.shape, tuple(components), self.severity, self.message, self.path,
                                  query, flagged, focus_first, prefilter=prefilter, **stats))


def shape_queries(core: ShapesIndex, shape, targets: list) -> list[CoreQuery]:
    """The queries of one shape (the module docstring says which)."""
    focus = [target_pattern(kind, term) for kind, term in targets]
    where = focus[0] if len(focus) == 1 else " UNION ".join("{ " + p + " }" for p in focus)
    severity = str(core.value(shape, SH.severity, default=SH.Violation)).split("#")[-1]
    made = ShapeQueries(str(owning_shape(core, shape)), severity, shape_message(core, shape),
                        "{ " + where + " }")
    path = core.value(shape, SH.path)
    if path is None:
        node_shape_queries(core, shape, made)
        return made.out
    made.path, made.triple = path_text(core, path), f"?this {compile_path(core, path)} ?value ."
    made.stats = {"targets": tuple((kind, str(term)) for kind, term in targets),
                  "predicate": str(first_step(core, path))}
    min_count(core, shape, made)
    max_count(core, shape, made)
    class_queries(core, shape, made, "?value")
    value_type_queries(core, shape, made)
    return made.out


def shape_message(core: ShapesIndex, shape) -> str:
    messages = sorted(core.objects(shape, SH.message), key=lambda m: (getattr(m, "language", None) not in
                                                                       (None, "en"), str(m)))
    return str(messages[0]) if messages else f"Value does not conform to {shape}"


def node_shape_queries(core: ShapesIndex, shape, made: ShapeQueries) -> None:
    """A node shape: the focus node is the value node."""
    if (shape, SH.minCount, None) in core or (shape, SH.maxCount, None) in core:
        raise unsupported(shape, "sh:minCount or sh:maxCount on a node shape (no sh:path)")
    class_queries(core, shape, made, "?this")
    checks = value_checks(core, shape, "?this", classes=False)
    if checks:
        fails, flags = failing(checks)
        made.add([c for c, _ in checks], f"SELECT DISTINCT ?this {flags} WHERE {{ {made.where} "
                                         f"FILTER({fails}) }}", flagged=True)


def failing(checks: list[tuple[str, str]]) -> tuple[str, str]:
    """The test that a value fails one of `checks`, and the ?f0, ?f1, ... that say which."""
    fails = [f"!COALESCE({ok}, false)" for _, ok in checks]
    return " || ".join(fails), " ".join(f"({f} AS ?f{i})" for i, f in enumerate(fails))


def min_count(core: ShapesIndex, shape, made: ShapeQueries) -> None:
    """sh:minCount (4.2.1): fewer distinct value nodes than the minimum."""
    low = core.value(shape, SH.minCount)
    low = int(low) if low is not None else 0
    if low == 1:
        made.add(["minCount"], f"SELECT DISTINCT ?this WHERE {{ {made.where} MINUS {{ {made.triple} }} }}")
    elif low > 1:
        made.add(["minCount"], f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {made.where} }} "
                               f"OPTIONAL {{ {made.triple} }} }} GROUP BY ?this "
                               f"HAVING (COUNT(DISTINCT ?value) < {low})")


def max_count(core: ShapesIndex, shape, made: ShapeQueries) -> None:
    """sh:maxCount (4.2.2): more distinct value nodes than the maximum."""
    high = core.value(shape, SH.maxCount)
    if high is None:
        return
    over = f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(high)})"
    made.add(["maxCount"], f"SELECT DISTINCT ?this WHERE {{ {{ SELECT ?this WHERE {{ {made.triple} }} {over} }} "
                           f"{made.where} }}",
             focus_first=f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {made.where} }} "
                         f"{made.triple} }} {over}",
             prefilter=f"ASK {{ {{ SELECT ?this WHERE {{ {made.triple} }} {over} }} }}")


def class_lists(core: ShapesIndex, shape) -> list[tuple[str, list]]:
    """(component, classes) for each sh:class and each sh:or of single classes."""
    out = [("class", [cls]) for cls in sorted(core.objects(shape, SH_CLASS))]
    for lst in core.objects(shape, SH_OR):
        classes = or_classes(core, lst)
        if classes:
            out.append(("or", classes))
    return out


def class_queries(core: ShapesIndex, shape, made: ShapeQueries, v: str) -> None:
    """sh:class (4.1.1), and sh:or of single classes: value nodes that are no instance."""
    for component, classes in class_lists(core, shape):
        minus = f"MINUS {{ {instance_of(v, classes)} }}"
        if v == "?this":  # a node shape
            made.add([component], f"SELECT DISTINCT ?this WHERE {{ {made.where} {minus} }}")
            continue
        made.add([component], f"SELECT DISTINCT ?this ?value WHERE {{ {{ SELECT ?this ?value WHERE {{ "
                              f"{made.triple} {minus} }} }} {made.where} }}",
                 focus_first=f"SELECT DISTINCT ?this ?value WHERE {{ {made.where} {made.triple} {minus} }}",
                 prefilter=f"ASK {{ {made.triple} {minus} }}")


def value_type_queries(core: ShapesIndex, shape, made: ShapeQueries) -> None:
    """The other value-type constraints of a property shape, in one query (components.py)."""
    checks = value_checks(core, shape, "?value", classes=False)
    if not checks:
        return
    fails, flags = failing(checks)
    flag_names = " ".join(f"?f{i}" for i in range(len(checks)))
    made.add([c for c, _ in checks],
             f"SELECT DISTINCT ?this ?value {flag_names} WHERE {{ {{ SELECT ?this ?value {flags} WHERE {{ "
             f"{made.triple} FILTER({fails}) }} }} {made.where} }}", flagged=True,
             focus_first=f"SELECT DISTINCT ?this ?value {flags} WHERE {{ {made.where} {made.triple} "
                         f"FILTER({fails}) }}",
             prefilter=f"ASK {{ {made.triple} FILTER({fails}) }}")
