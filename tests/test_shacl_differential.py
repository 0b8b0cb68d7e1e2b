"""Differential tests: ccmkg's SHACL Core engine (ccmkg/shacl/) against two independent engines,
pySHACL (Python, the reference) and pyrudof (the rudof project's SHACL validator, Rust).

The three must agree on conforms and on the set of results, each as (severity, focus node, result
path, source constraint component, source shape, value), which is what all three report (the
messages are each engine's own; ccmkg's are compared with pySHACL's in test_validate_engine.py).
A blank-node shape is named by the shape that holds it (ccmkg reports results so); a value is its
lexical form (IRI, literal text; a blank node is "_:").

On: every fixture of tests/shapes/ (with the ontology), the built graph, and MUTATIONS seeded
mutations of the built graph aimed at constrained properties (delete a triple, change a literal's
datatype or language, retype a value node, add a second value to a property of sh:maxCount 1,
put a literal where an IRI is due, break a pattern, a list, a minimum, give a node a second
class). pySHACL and rudof take seconds per run of the whole graph, so the mutations are compared
on their neighbourhood: the ontology's class tree, every triple of the nodes whose results a
change can alter (the changed subjects and the nodes up to two steps before them, the length of
the longest sh:path), of their values, and the types of the values' values. That is enough for
SHACL Core as shapes/ uses it (a focus node's results depend only on the triples its paths reach
and the classes of the nodes they reach): ccmkg's run of the whole mutated graph is checked to
give, on those nodes, what the neighbourhood gives, and elsewhere what the unmutated graph gives.
Mutations are applied in groups (all the mutations of a group together, one run per engine):
within a group no mutation changes a node another one's neighbourhood reads, so a result on a
focus node belongs to the one mutation whose neighbourhood has it, and a disagreement names it.

SHACL-SPARQL (shapes/cross-checks.ttl, sh:sparql) is not SHACL Core: the shapes given to pySHACL
and rudof here are the Core shapes alone (Shapes.core; ccmkg runs the cross-checks as its own
SELECTs). tests/test_cross_checks_pyshacl.py compares them with pySHACL's SHACL-SPARQL run;
rudof's SHACL-SPARQL support is not used.

Documented differences (an engine that departs from the specification; see `documented`): rudof
does not check the lexical form of xsd:date, xsd:time and xsd:duration literals (RUDOF_LEXICAL,
SHACL 4.1.2). No engine checks that of xsd:gYear (rdflib has no parser for it, pyoxigraph's cast is
not asked for it): all three agree there.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pyoxigraph as ox
import pyrudof
import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from ccmkg.shacl import planner, pyshacl_engine, to_store
from ccmkg.shacl.compiler import focus_targets
from ccmkg.shacl.index import ShapesIndex, owning_shape


ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "shapes").glob("*.ttl"))
MUTATIONS = 320
BATCH = 40
SEED = 20111213  # any fixed number: the same mutations on every run
ENGINES = ("ccmkg", "pyshacl", "rudof")


# each engine's results as comparable keys ------------------------------------------------------

def key(severity, focus, path, component, shape, value) -> tuple:
    return (severity, focus, path, component, shape, value)


def ccmkg_results(graph: Graph, shapes, store: ox.Store | None = None) -> set[tuple]:
    store = store if store is not None else to_store(graph)
    return {key(r.severity, blank(r.focus), r.path, component, r.shape, blank(r.value))
            for component, r in planner.component_results(store, shapes.core_queries())}


def pyshacl_results(graph: Graph, shapes) -> set[tuple]:
    return {key(r.severity, blank(r.focus), r.path, component, r.shape, blank(r.value))
            for component, r in pyshacl_engine.component_results(graph, shapes.core)}


class Rudof:
    """One pyrudof session with the Core shapes loaded once; each run replaces its data."""

    def __init__(self, shapes):
        self.session = pyrudof.Rudof(pyrudof.RudofConfig())
        self.session.read_shacl(shapes.core.serialize(format="nt"), pyrudof.ShaclFormat.NTriples)
        self.index = ShapesIndex(shapes.triples)
        self.blank_shapes = {str(s): s for s, *_ in shapes.triples if isinstance(s, BNode)}

    def results(self, graph: Graph) -> set[tuple]:
        self.session.reset_data()
        self.session.read_data(graph.serialize(format="nt"), pyrudof.RDFFormat.NTriples)
        return {key(e.severity, blank(e.focus_node), rudof_path(e.path),
                    pyshacl_engine.component_name(e.constraint_component), self.shape(e.source_shape),
                    rudof_value(e.value)) for e in self.session.validate_shacl()}

    def shape(self, name: str) -> str:
        return str(owning_shape(self.index, self.blank_shapes.get(name.removeprefix("_:"), URIRef(name))))


def rudof_path(path) -> str:
    """rudof writes a sequence path '(p1 / p2)'; ccmkg and pySHACL '<p1>/<p2>'."""
    if path is None:
        return ""
    if path.startswith("("):
        return "/".join(f"<{step.strip()}>" for step in path.strip("()").split(" / "))
    return path


def rudof_value(value) -> str:
    """rudof writes a literal as in N-Triples; the others give its lexical form."""
    if value is None:
        return ""
    match = re.fullmatch(r'"(.*)"(@[A-Za-z0-9-]+|\^\^\S+)?', value, re.DOTALL)
    if match:
        return re.sub(r'\\(["\\])', r"\1", match.group(1)).replace("\\n", "\n").replace("\\r", "\r")
    return blank(value)


def blank(term: str) -> str:
    """Blank node labels are each engine's own: all are "_:"."""
    return "_:" if term.startswith("_:") or re.fullmatch(r"[0-9a-f]{16,32}|N[0-9a-f]{32}", term) else term


def three(graph: Graph, shapes, rudof: Rudof) -> dict[str, set]:
    return {"ccmkg": ccmkg_results(graph, shapes), "pyshacl": pyshacl_results(graph, shapes),
            "rudof": rudof.results(graph)}


def disagreements(found: dict[str, set], graph: Graph, shapes, explained: list | None = None) -> dict:
    """What one engine reports and another does not, apart from the documented differences
    (empty when all agree); those go to `explained`."""
    every = set().union(*found.values())
    out = {}
    for r in sorted(every):
        engines = tuple(n for n in ENGINES if r in found[n])
        if len(engines) == len(ENGINES):
            continue
        if documented(r, engines, graph, shapes):
            (explained if explained is not None else []).append(r)
        else:
            out[f"only {', '.join(engines)}"] = r
    return out


def documented(result: tuple, engines: tuple, graph: Graph, shapes) -> str:
    """The documented difference of an engine from the specification that explains why only
    `engines` report `result`, or "" if none does."""
    if engines == ("ccmkg", "pyshacl") and rudof_passes_ill_formed(result, graph, shapes):
        return RUDOF_LEXICAL
    return ""


RUDOF_LEXICAL = (
    "SHACL 4.1.2 (sh:datatype): 'A literal matches a datatype if the literal's datatype has the same "
    "IRI and, for the datatypes supported by SHACL processors, is not an ill-formed literal.' rudof "
    "0.3 checks the lexical form of xsd:integer, xsd:decimal, xsd:boolean, xsd:double, xsd:float and "
    "xsd:dateTime but not of xsd:date, xsd:time or xsd:duration: it passes \"2011-02-30\"^^xsd:date and "
    "\"xP10Y\"^^xsd:duration, which pySHACL and ccmkg (both checking these lexical forms) report.")
UNCHECKED_BY_RUDOF = (XSD.date, XSD.time, XSD.duration)


def rudof_passes_ill_formed(result: tuple, graph: Graph, shapes) -> bool:
    """A datatype result on a literal of xsd:date, xsd:time or xsd:duration where the shape asks for that very
    datatype: only the lexical form can fail (RUDOF_LEXICAL)."""
    _, focus, path, component, shape, value = result
    if component != "datatype" or not path or path.startswith("<"):
        return False
    asked = set(shapes.core.objects(URIRef(shape), SH.datatype))
    return any(dt in asked and (URIRef(focus), URIRef(path), Literal(value, datatype=dt)) in graph
               for dt in UNCHECKED_BY_RUDOF)


def conforms(results: set[tuple]) -> bool:
    return not any(r[0] == "Violation" for r in results)


@pytest.fixture(scope="module")
def rudof(shapes):
    return Rudof(shapes)


# fixtures and the built graph ------------------------------------------------------------------

@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_three_engines(path, shapes, ontology, rudof):
    g = Graph()
    g += ontology
    g.parse(path)
    found = three(g, shapes, rudof)
    assert disagreements(found, g, shapes) == {}, path.name
    assert len({conforms(r) for r in found.values()}) == 1


def test_built_graph_three_engines(built, shapes, rudof):
    found = three(built, shapes, rudof)
    assert disagreements(found, built, shapes) == {}
    assert found["ccmkg"] == set()  # the build's warnings are all cross-checks (SHACL-SPARQL)


# mutations of the built graph ------------------------------------------------------------------

CCM = "https://w3id.org/ccmkg/ontology#"
SKOS_CONCEPT = URIRef("http://www.w3.org/2004/02/skos/core#Concept")


class Mutation:
    """Triples removed from and added to the built graph, with a name that says what and where."""

    def __init__(self, name: str, remove=(), add=()):
        self.name, self.remove, self.add = name, tuple(remove), tuple(add)

    def subjects(self) -> set:
        return {s for s, _, _ in self.remove + self.add}

    def apply(self, graph: Graph, store: ox.Store, undo: bool = False) -> None:
        gone, new = (self.add, self.remove) if undo else (self.remove, self.add)
        for triple in gone:
            graph.remove(triple)
            store.remove(ox_quad(triple))
        for triple in new:
            graph.add(triple)
            store.add(ox_quad(triple))


def ox_quad(triple) -> ox.Quad:
    return ox.Quad(*(ox_term(t) for t in triple))


def ox_term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def property_shapes(shapes) -> tuple[ShapesIndex, list[tuple]]:
    """The shape index, and (shape, path IRI, focus targets) of every property shape with a
    predicate path and targets."""
    index = ShapesIndex(shapes.triples)
    out = []
    for shape in sorted({s for s, p, o in shapes.triples if p == SH.path and isinstance(o, URIRef)}, key=str):
        targets = focus_targets(index, shape)
        if targets:
            out.append((shape, index.value(shape, SH.path), targets))
    return index, out


def pairs(graph: Graph, store: ox.Store, path, targets) -> list[tuple]:
    """(focus node, value) of the path in the built graph, sorted."""
    from ccmkg.shacl.sparql import target_pattern

    where = " UNION ".join("{ " + target_pattern(kind, term) + " }" for kind, term in targets)
    rows = store.query(f"SELECT DISTINCT ?this ?value WHERE {{ {{ {where} }} ?this <{path}> ?value }}")
    found = [(URIRef(r["this"].value), r["value"]) for r in rows if isinstance(r["this"], ox.NamedNode)]
    return sorted((x, value) for x in {x for x, _ in found} for value in graph.objects(x, path))


def changes(graph: Graph, index, shape, path, x, v, others: list, classes: list, rng) -> list[Mutation]:
    """The mutations that can break `shape` at the value v of focus node x, one per constraint."""
    at = f"{str(shape).rsplit('#', 1)[-1]} at <{x}> {v.n3()}"
    out = []
    if index.value(shape, SH.minCount) is not None:
        out.append(Mutation(f"delete the triple: {at}", remove=[(x, path, v)]))
    high = index.value(shape, SH.maxCount)
    second = [o for o in others if o != v]
    if high is not None and int(high) == 1 and second:
        out.append(Mutation(f"add a second value {second[0].n3()}: {at}", add=[(x, path, second[0])]))
    if isinstance(v, Literal):
        out += literal_changes(index, shape, path, x, v, at, rng)
    elif (shape, SH["class"], None) in index or (shape, SH["or"], None) in index:
        types = [(v, RDF.type, t) for t in sorted(graph.objects(v, RDF.type))]
        new = rng.choice([c for c in classes if (v, RDF.type, c) not in graph])
        out.append(Mutation(f"retype the value as {new.n3()}: {at}", remove=types, add=[(v, RDF.type, new)]))
        out.append(Mutation(f"a literal for the IRI: {at}", remove=[(x, path, v)], add=[(x, path, Literal(str(v)))]))
    elif (shape, SH["in"], None) in index or (shape, SH.nodeKind, None) in index:
        out.append(Mutation(f"a literal for the IRI: {at}", remove=[(x, path, v)], add=[(x, path, Literal(str(v)))]))
        out.append(Mutation(f"another IRI: {at}", remove=[(x, path, v)], add=[(x, path, URIRef(str(v) + "-x"))]))
    return out


def literal_changes(index, shape, path, x, v: Literal, at: str, rng) -> list[Mutation]:
    def replace(name, new):
        return Mutation(f"{name} {new.n3()}: {at}", remove=[(x, path, v)], add=[(x, path, new)])

    out = []
    if v.language:
        out.append(replace("change the language", written(str(v), lang=rng.choice(["fr", "de", "en-GB", "es"]))))
        out.append(replace("drop the language", written(str(v))))
    elif v.datatype not in (None, XSD.string):
        out.append(replace("change the datatype", written(str(v))))
        out.append(replace("an ill-typed value", written(f"x{v}", datatype=v.datatype)))
    else:
        out.append(replace("change the datatype", written(str(v), datatype=rng.choice([XSD.token, XSD.integer]))))
        out.append(replace("add a language", written(str(v), lang="en")))
    if (shape, SH.pattern, None) in index:
        out.append(replace("break the pattern", written(f"{v} (sic)", lang=v.language, datatype=v.datatype)))
    if (shape, SH.minInclusive, None) in index:
        out.append(replace("below the minimum", written("0", datatype=v.datatype)))
    if (shape, SH.minLength, None) in index:
        out.append(replace("an empty value", written("", lang=v.language, datatype=v.datatype)))
    return out


def written(text: str, lang=None, datatype=None) -> Literal:
    """A literal as written: rdflib would turn "xtrue"^^xsd:boolean into "false" (and pySHACL
    would see a literal the others do not)."""
    return Literal(text, lang=lang, datatype=datatype, normalize=False)


def retype_nodes(graph: Graph, classes: list, rng, count: int) -> list[Mutation]:
    """Give a data node a second class whose shape it does not meet (a node shape's own checks)."""
    nodes = sorted(s for s in set(graph.subjects(RDF.type, None))
                   if isinstance(s, URIRef) and "/ccmkg/id/" in s)
    out = []
    for node in rng.sample(nodes, count):
        new = rng.choice([c for c in classes if (node, RDF.type, c) not in graph])
        out.append(Mutation(f"retype the node as {new.n3()}: <{node}>", add=[(node, RDF.type, new)]))
    return out


def generate(graph: Graph, store: ox.Store, shapes, count: int = MUTATIONS) -> list[Mutation]:
    """`count` mutations, seeded: spread over every property shape that has values in the graph,
    then over its constraints, and some retyped nodes."""
    rng = random.Random(SEED)
    classes = sorted(c for c in set(graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))
                     if isinstance(c, URIRef) and c.startswith(CCM)) + [SKOS_CONCEPT]
    index, found = property_shapes(shapes)
    candidates = []
    for shape, path, targets in found:
        values = pairs(graph, store, path, targets)
        for x, v in rng.sample(values, min(2, len(values))):
            candidates += changes(graph, index, shape, path, x, v, [o for _, o in values], classes, rng)
    rng.shuffle(candidates)
    retyped = count // 10
    chosen = candidates[:count - retyped] + retype_nodes(graph, classes, rng, retyped)
    rng.shuffle(chosen)
    return chosen


def class_tree(ontology: Graph) -> Graph:
    """The rdfs:subClassOf triples of the ontology: all that class membership needs."""
    tree = Graph()
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        tree.add(triple)
    return tree


class Neighbourhood:
    """The part of a mutated graph that decides the results of every node whose results the
    mutation can alter (the module docstring says why it is enough): `focus`, those nodes;
    `graph`, the class tree and the triples of the focus nodes, of their values, and the types of
    the values' values; `read`, every node whose triples it holds."""

    def __init__(self, graph: Graph, tree: Graph, subjects: set):
        focus, frontier = set(subjects), set(subjects)
        for _ in range(2):  # the longest sh:path of shapes/ has two steps
            frontier = {s for x in frontier for s in graph.subjects(None, x)}
            focus |= frontier
        self.graph = Graph()
        self.graph += tree
        values = self.add_triples(graph, focus)
        ends = self.add_triples(graph, values - focus)
        for w in ends:
            for t in graph.objects(w, RDF.type):
                self.graph.add((w, RDF.type, t))
        self.focus, self.read = {str(x) for x in focus}, focus | values | ends

    def add_triples(self, graph: Graph, nodes: set) -> set:
        """Every triple of `nodes` into self.graph; the nodes they point to."""
        objects = set()
        for x in nodes:
            for p, o in graph.predicate_objects(x):
                self.graph.add((x, p, o))
                if not isinstance(o, Literal):
                    objects.add(o)
        return objects


def independent(mutations: list[tuple]) -> list[list]:
    """The mutations in groups that can be applied together: within a group, no mutation changes
    a node that another one's neighbourhood reads, so each one's focus nodes have the results
    they have with that mutation alone."""
    groups, rest = [], mutations
    while rest:
        group, left, read, changed = [], [], set(), set()
        for mutation, hood in rest:
            if mutation.subjects() & read or hood.read & changed:
                left.append((mutation, hood))
            else:
                group.append((mutation, hood))
                read |= hood.read
                changed |= mutation.subjects()
        groups.append(group)
        rest = left
    return groups


@pytest.fixture(scope="module")
def mutable(built):
    """A copy of the built graph, and a store of it, that the mutations change and restore."""
    graph = Graph()
    graph += built
    return graph, to_store(graph)


@pytest.fixture(scope="module")
def mutations(mutable, shapes) -> list[Mutation]:
    return generate(*mutable, shapes)


@pytest.fixture(scope="module")
def unmutated(mutable, shapes) -> set[tuple]:
    return ccmkg_results(None, shapes, store=mutable[1])


def test_mutations_are_many_and_seeded(mutable, mutations, shapes):
    assert len(mutations) >= 300
    assert len({m.name for m in mutations}) == len(mutations)
    assert [m.name for m in generate(*mutable, shapes)] == [m.name for m in mutations]


def applied(graph: Graph, store: ox.Store, mutations: list[Mutation], run):
    """run() with `mutations` applied to the graph and the store, which are restored after."""
    done = []
    try:
        for mutation in mutations:
            mutation.apply(graph, store)
            done.append(mutation)
        return run()
    finally:
        for mutation in reversed(done):
            mutation.apply(graph, store, undo=True)


@pytest.mark.parametrize("batch", range(-(-MUTATIONS // BATCH)))
def test_mutations_three_engines(batch, mutable, mutations, unmutated, shapes, ontology, rudof):
    """The mutations of the batch, in groups applied together (independent): the three engines
    agree on the group's neighbourhood, and ccmkg's run of the whole mutated graph gives what the
    neighbourhood gives on its focus nodes and what the unmutated graph gives elsewhere. A
    disagreement names the mutations whose focus nodes it is on. Most mutations break a shape."""
    graph, store = mutable
    tree = class_tree(ontology)
    own = [(m, applied(graph, store, [m], lambda m=m: Neighbourhood(graph, tree, m.subjects())))
           for m in mutations[batch * BATCH:(batch + 1) * BATCH]]
    broke, explained = set(), []
    groups = independent(own)
    for group in groups:
        names = lambda r: [m.name for m, hood in group if r[1] in hood.focus] or [m.name for m, _ in group]  # noqa: E731
        hood, whole = applied(graph, store, [m for m, _ in group], lambda: (
            Neighbourhood(graph, tree, set().union(*(m.subjects() for m, _ in group))),
            ccmkg_results(None, shapes, store=store)))
        found = three(hood.graph, shapes, rudof)
        for kind, r in disagreements(found, hood.graph, shapes, explained).items():
            pytest.fail(f"{kind}: {r}, after {names(r)}")
        near = {r for r in found["ccmkg"] if r[1] in hood.focus}
        assert {r for r in whole if r[1] in hood.focus} == near, [m.name for m, _ in group]
        assert {r for r in whole if r[1] not in hood.focus} == {r for r in unmutated if r[1] not in hood.focus}
        broke |= {m.name for m, own_hood in group for results in found.values()
                  if not conforms({r for r in results if r[1] in own_hood.focus})}
    print(f"batch {batch}: {len(broke)} of {len(own)} mutations break a shape; {len(groups)} groups; "
          f"{len(explained)} results explained by a documented difference")
    assert len(broke) >= len(own) // 2
