"""OWL 2 RL reasoning: the closure of ontology + data, and the consistency checks the build needs.

The default engine, "rules", applies the OWL 2 RL rules our ontology's axioms can fire (cax-sco,
prp-spo1, prp-dom, prp-rng, eq-*) to Python sets, in about a tenth of a second; it refuses an
ontology with axioms it does not implement. `owlrl` (pure Python, ~25 s) is the reference and
`reasonable` (Rust, ~0.7 s) the other choice. On our data all three closures agree on every
instance triple; they differ only by the rules named in ENGINE_ONLY, whose triples are dropped
before anything is published (tests/test_reason.py checks this).

Consistency is checked here on the closure, not left to the engine: `reasonable` reports no
clashes at all, and `owlrl` does not type anything owl:Nothing on a clash but writes messages as
triples in the DAML agent namespace (ERRNS), which are read and reported too.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal

from .namespaces import ID

XSD_STRING = XSD.string  # looked up once: rdflib resolves XSD.string anew on every access
ERRNS = "http://www.daml.org/2002/03/agents/agent-ont#"  # where owlrl puts its clash messages

# What one engine derives and the other does not, by OWL 2 RL rule (tables 4-9 of the profile).
# None of it says anything about the document; all of it is dropped from the published closure.
ENGINE_ONLY = {
    "eq-ref": "owlrl: every term owl:sameAs itself",
    "scm-cls, scm-op, scm-dp, scm-eqc1, scm-eqp1, scm-dom1, scm-rng1": "owlrl: schema triples "
        "(C subClassOf C and owl:Thing, owl:Nothing subClassOf C, P subPropertyOf P, domain/range owl:Thing)",
    "dt-type1, dt-type2, dt-diff": "owlrl: datatype declarations and literals typed by their datatype "
        "(generalized triples with a literal subject)",
    "cls-thing (applied to individuals)": "reasonable: every individual rdf:type owl:Thing",
    "scm-* (all)": "rules: no schema triples are derived; the class and property hierarchies are "
        "followed where the instance rules use them",
}
# as plain strings, the way the engines here hold IRIs (see plain())
SCHEMA_PREDICATES = {str(p) for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
                                      OWL.equivalentProperty, RDFS.domain, RDFS.range, OWL.disjointWith)}
SCHEMA_TYPES = {str(t) for t in (RDFS.Datatype, OWL.AnnotationProperty, OWL.Class, RDFS.Class, OWL.Thing)}


class Inconsistent(Exception):
    """The closure has clashes; each problem names the resources involved."""

    def __init__(self, problems: list[str]):
        shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
        super().__init__(f"{len(problems)} OWL RL inconsistencies:\n  " + "\n  ".join(shown))
        self.problems = problems


@dataclass
class Reasoning:
    inferred: set  # only the triples the reasoner added (plain terms), kept apart from the asserted ones
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    engine: str = ""


def plain(term):
    """Terms as the engines here compare them: an IRI as a plain str (rdflib compares its own terms
    in Python, twenty times slower), a literal as a Literal, with "x"^^xsd:string made "x" (one
    RDF 1.1 literal, which rdflib compares as two)."""
    if type(term) is Literal:
        return Literal(str(term)) if term.datatype == XSD_STRING else term
    return str(term)


def plain_triples(triples) -> set:
    return {(plain(s), plain(p), plain(o)) for s, p, o in triples}


def closure(asserted: Graph, engine: str = "rules", given: set | None = None) -> tuple[set, str]:
    """Every triple of the OWL 2 RL closure (asserted included), normalized, and the engine used.
    `given` may hold plain_triples(asserted) already."""
    if engine == "rules":
        return rules_closure(plain_triples(asserted) if given is None else given), engine
    if engine == "reasonable":
        try:
            import reasonable
        except ImportError:  # an optional speed-up: fall back to the reference engine
            engine = "owlrl"
        else:
            reasoner = reasonable.PyReasoner()
            reasoner.from_graph(asserted)
            return plain_triples(reasoner.reason()), engine
    import owlrl
    full = Graph()
    full += asserted
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(full)
    return plain_triples(full), engine


# ------------------------------------------------------------------------------- rules engine
# The OWL 2 RL rules that our ontology's axioms can fire, applied directly to Python sets: a
# few hundredths of a second where a general engine takes one (reasonable) or twenty-five (owlrl).
# The ontology is checked first: an axiom these rules do not cover is an error, not a silent gap.
UNHANDLED = {str(term) for term in (
    OWL.inverseOf, OWL.equivalentClass, OWL.equivalentProperty, OWL.propertyChainAxiom, OWL.hasKey,
    OWL.intersectionOf, OWL.unionOf, OWL.complementOf, OWL.oneOf, OWL.onProperty, OWL.someValuesFrom,
    OWL.allValuesFrom, OWL.hasValue, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.members,
    OWL.propertyDisjointWith, OWL.differentFrom, OWL.distinctMembers, OWL.sourceIndividual)}
UNHANDLED_TYPES = {str(term) for term in (
    OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.InverseFunctionalProperty,
    OWL.IrreflexiveProperty, OWL.AllDisjointClasses, OWL.AllDifferent, OWL.AllDisjointProperties,
    OWL.NegativePropertyAssertion, OWL.Restriction)}
TYPE, SAME_AS, DISJOINT = str(RDF.type), str(OWL.sameAs), str(OWL.disjointWith)


class Unsupported(Exception):
    """An axiom the rules engine does not implement: use engine owlrl or reasonable."""


def rules_closure(triples: set) -> set:
    """cax-sco, prp-spo1, prp-dom, prp-rng, then eq-sym/eq-trans/eq-rep-s/p/o over owl:sameAs,
    on plain triples. Replacing equals by equals commutes with the other rules, so equality goes last."""
    schema = {str(p): defaultdict(set) for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)}
    unsupported = set()
    for s, p, o in triples:  # the schema axioms and any axiom these rules do not cover, in one pass
        table = schema.get(p)
        if table is not None:
            table[s].add(o)
        elif p in UNHANDLED:
            unsupported.add(f"{p} ({s})")
        elif p == TYPE and o in UNHANDLED_TYPES:
            unsupported.add(f"rdf:type {o} ({s})")
    if unsupported:
        raise Unsupported("the rules engine does not implement: " + "; ".join(sorted(unsupported)[:10]))
    supers = transitive(schema[str(RDFS.subClassOf)])
    super_props = transitive(schema[str(RDFS.subPropertyOf)])
    domains, ranges = schema[str(RDFS.domain)], schema[str(RDFS.range)]
    full = set(triples)
    for s, p, o in triples:  # prp-spo1
        if p in super_props:
            full.update((s, q, o) for q in super_props[p])
    types = set()
    for s, p, o in full:  # prp-dom, prp-rng
        if p in domains:
            types.update((s, TYPE, c) for c in domains[p])
        if p in ranges and type(o) is str:
            types.update((o, TYPE, c) for c in ranges[p])
    full |= types
    full.update((s, TYPE, d) for s, p, o in list(full) if p == TYPE and o in supers  # cax-sco
                for d in supers[o])
    return with_equality(full)


def transitive(direct: dict) -> dict:
    """x -> every y with x predicate+ y (scm-sco, scm-spo), from x -> {y: x predicate y}."""
    reach: dict = {}
    for start in direct:
        seen, todo = set(), list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo += direct.get(node, ())
        reach[start] = seen - {start}
    return reach


def with_equality(full: set) -> set:
    """eq-sym, eq-trans and eq-rep-*: every triple with each term replaced by each of its equals."""
    same: dict = {}
    for s, p, o in full:
        if p == SAME_AS and s != o:
            group = same.get(s, {s}) | same.get(o, {o})
            for member in group:
                same[member] = group
    if not same:
        return full
    out = set(full)
    for s, p, o in full:
        if s in same or p in same or o in same:
            out.update((s2, p2, o2) for s2 in same.get(s, (s,)) for p2 in same.get(p, (p,))
                       for o2 in same.get(o, (o,)))
    return out


def engine_only(triple) -> bool:
    """A triple of one of the ENGINE_ONLY rules: trivial, schema-level or not valid RDF."""
    s, p, o = triple
    if type(s) is Literal or p.startswith(ERRNS) or (type(o) is str and o.startswith(ERRNS)):
        return True
    if p == SAME_AS and s == o:
        return True
    if p in SCHEMA_PREDICATES:
        return True
    return p == TYPE and o in SCHEMA_TYPES


def reason(asserted: Graph, engine: str = "rules") -> Reasoning:
    """The inferred triples (apart from the asserted ones) and every clash in the closure."""
    started = time.perf_counter()
    # asserted triples come from Turtle, so subjects and predicates are IRIs and need no plain()
    # (closures may hold literal subjects: those go through plain_triples)
    given = {(str(s), str(p), plain(o) if type(o) is Literal else str(o)) for s, p, o in asserted}
    full, used = closure(asserted, engine, given)
    inferred = {triple for triple in full - given if not engine_only(triple)}
    return Reasoning(inferred, inconsistencies(full), time.perf_counter() - started, used)


def inconsistencies(full: set) -> list[str]:
    """Clashes: owlrl's error messages, owl:Nothing members, individuals of two disjoint classes,
    and two values of a functional property. Each line names the resources involved."""
    types: dict = defaultdict(set)
    disjoint: dict = defaultdict(set)
    functional_props, errors = set(), []
    for s, p, o in full:
        if p == TYPE:
            types[s].add(o)
            if o == FUNCTIONAL:
                functional_props.add(s)
        elif p == DISJOINT and s != o:
            disjoint[s].add(o)
        elif p == OWLRL_ERROR:
            errors.append(f"owlrl: {o}")
    problems = errors + [f"{s} is an instance of owl:Nothing" for s, ts in types.items() if NOTHING in ts]
    for s, ts in types.items():
        problems += [f"{s} is both {a} and {b}, which are disjoint"
                     for a in ts & disjoint.keys() for b in disjoint[a] & ts]
    problems += functional_clashes(full, functional_props)
    return sorted(set(problems))


FUNCTIONAL, NOTHING = str(OWL.FunctionalProperty), str(OWL.Nothing)
OWLRL_ERROR = ERRNS + "error"


def functional_clashes(full: set, props: set) -> list[str]:
    """Two values of a functional property that are not one individual. OWL alone would make any
    two IRIs owl:sameAs (rule prp-fp) instead of failing; ccmkg counts two values as one only when
    an owl:sameAs chain *asserted* outside prp-fp links them (data/ttl/links.ttl to Wikidata), so
    only sameAs links whose subject is a ccmr: resource are followed."""
    same = identities(full)
    raw: dict = defaultdict(set)
    for s, p, o in full:
        if p in props:
            raw[(s, p)].add(o)
    # values are normalized (a literal's value, an IRI's identity) only where there are two:
    # toPython() parses every date and number, and almost every subject has one value
    values = {key: {o.toPython() if isinstance(o, Literal) else same.get(o, o) for o in objs}
              for key, objs in raw.items() if len(objs) > 1}
    return [f"{s} has {len(objs)} values of functional property {p}: " + ", ".join(sorted(map(str, objs)))
            for (s, p), objs in values.items() if len(objs) > 1]


def identities(full: set) -> dict:
    """Each external IRI that a ccmr: resource is owl:sameAs, mapped to that resource."""
    base = str(ID)
    return {o: s for s, p, o in full if p == SAME_AS and type(s) is str and s.startswith(base)
            and type(o) is str and not o.startswith(base)}


def ntriples(triples: set) -> bytes:
    """Sorted N-Triples of plain triples: deterministic, written by pyoxigraph."""
    terms = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), oxterm(o)) for s, p, o in triples]
    lines = ox.serialize(terms, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def oxterm(term):
    if type(term) is not Literal:
        return ox.NamedNode(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
