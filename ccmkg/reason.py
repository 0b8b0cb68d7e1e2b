"""OWL 2 RL reasoning: the closure of ontology + data, and the consistency checks the build needs.

The default engine is `reasonable` (Rust, well under a second on the full graph); `owlrl` (pure
Python, ~25 s) is the reference. On our data the two closures agree on every instance triple;
they differ only by the rules named in ENGINE_ONLY, whose triples are dropped from both before
anything is published (tests/test_reason.py checks this).

Consistency is checked here on the closure, not left to the engine: `reasonable` reports no
clashes at all, and `owlrl` does not type anything owl:Nothing on a clash but writes messages as
triples in the DAML agent namespace (ERRNS), which are read and reported too.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

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
}
SCHEMA_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
                     RDFS.domain, RDFS.range, OWL.disjointWith}
SCHEMA_TYPES = {RDFS.Datatype, OWL.AnnotationProperty, OWL.Class, RDFS.Class, OWL.Thing}


class Inconsistent(Exception):
    """The closure has clashes; each problem names the resources involved."""

    def __init__(self, problems: list[str]):
        shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
        super().__init__(f"{len(problems)} OWL RL inconsistencies:\n  " + "\n  ".join(shown))
        self.problems = problems


@dataclass
class Reasoning:
    inferred: Graph  # only the triples the reasoner added, kept apart from the asserted ones
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    engine: str = ""


def plain(term):
    """"x"^^xsd:string and "x" are one RDF 1.1 literal; rdflib compares them as different."""
    if type(term) is Literal and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def closure(asserted: Graph, engine: str = "reasonable") -> tuple[set, str]:
    """Every triple of the OWL 2 RL closure (asserted included), normalized, and the engine used."""
    if engine == "reasonable":
        try:
            import reasonable
        except ImportError:  # an optional speed-up: fall back to the reference engine
            engine = "owlrl"
        else:
            reasoner = reasonable.PyReasoner()
            reasoner.from_graph(asserted)
            return {(s, p, plain(o)) for s, p, o in reasoner.reason()}, engine
    import owlrl
    full = Graph()
    full += asserted
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(full)
    return {(s, p, plain(o)) for s, p, o in full}, engine


def engine_only(triple) -> bool:
    """A triple of one of the ENGINE_ONLY rules: trivial, schema-level or not valid RDF."""
    s, p, o = triple
    if isinstance(s, Literal) or str(p).startswith(ERRNS) or str(o).startswith(ERRNS):
        return True
    if p == OWL.sameAs and s == o:
        return True
    if p in SCHEMA_PREDICATES:
        return True
    return p == RDF.type and o in SCHEMA_TYPES


def reason(asserted: Graph, engine: str = "reasonable") -> Reasoning:
    """The inferred triples (apart from the asserted ones) and every clash in the closure."""
    started = time.perf_counter()
    full, used = closure(asserted, engine)
    given = set(asserted)  # the build writes plain literals, never "x"^^xsd:string
    inferred = Graph()
    for triple in full - given:
        if not engine_only(triple):
            inferred.add(triple)
    return Reasoning(inferred, inconsistencies(full), time.perf_counter() - started, used)


def inconsistencies(full: set) -> list[str]:
    """Clashes: owlrl's error messages, owl:Nothing members, individuals of two disjoint classes,
    and two values of a functional property. Each line names the resources involved."""
    types: dict = defaultdict(set)
    disjoint: dict = defaultdict(set)
    functional_props, errors = set(), []
    for s, p, o in full:
        if p == RDF.type:
            types[s].add(o)
            if o == OWL.FunctionalProperty:
                functional_props.add(s)
        elif p == OWL.disjointWith and s != o:
            disjoint[s].add(o)
        elif p == URIRef(ERRNS + "error"):
            errors.append(f"owlrl: {o}")
    problems = errors + [f"{s} is an instance of owl:Nothing" for s, ts in types.items() if OWL.Nothing in ts]
    for s, ts in types.items():
        problems += [f"{s} is both {a} and {b}, which are disjoint"
                     for a in ts & disjoint.keys() for b in disjoint[a] & ts]
    problems += functional_clashes(full, functional_props)
    return sorted(set(problems))


def functional_clashes(full: set, props: set) -> list[str]:
    """Two values of a functional property that are not one individual. OWL alone would make any
    two IRIs owl:sameAs (rule prp-fp) instead of failing; ccmkg counts two values as one only when
    an owl:sameAs chain *asserted* outside prp-fp links them (data/ttl/links.ttl to Wikidata), so
    only sameAs links whose subject is a ccmr: resource are followed."""
    same = identities(full)
    values: dict = defaultdict(set)
    for s, p, o in full:
        if p in props:
            values[(s, p)].add(o.toPython() if isinstance(o, Literal) else same.get(o, o))
    return [f"{s} has {len(objs)} values of functional property {p}: " + ", ".join(sorted(map(str, objs)))
            for (s, p), objs in values.items() if len(objs) > 1]


def identities(full: set) -> dict:
    """Each external IRI that a ccmr: resource is owl:sameAs, mapped to that resource."""
    base = "https://w3id.org/ccmkg/id/"
    return {o: s for s, p, o in full if p == OWL.sameAs and str(s).startswith(base)
            and not str(o).startswith(base)}


def ntriples(graph: Graph) -> bytes:
    """Sorted N-Triples: deterministic, and ten times faster to write than sorted Turtle."""
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return b"\n".join(sorted(line for line in lines if line.strip())) + b"\n"
