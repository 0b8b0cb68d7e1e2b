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

import io
import time
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Graph, Literal

from .namespaces import ID, OWLRL_ERRORS, XSD_STRING_TERM
from .triples import collector_paused, literal_of_ntriples

ERRNS = OWLRL_ERRORS  # where owlrl puts its clash messages

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
# as plain strings, the way the engines here hold IRIs (see comparable())
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


def comparable(term):
    """Terms as the engines here compare them: an IRI as a plain str (rdflib compares its own terms
    in Python, twenty times slower), a literal as a Literal, with "x"^^xsd:string made "x" (one
    RDF 1.1 literal, which rdflib compares as two)."""
    if type(term) is Literal:
        return Literal(str(term)) if term.datatype == XSD_STRING_TERM else term
    return str(term)


def comparable_triples(triples) -> set:
    return {(comparable(s), comparable(p), comparable(o)) for s, p, o in triples}


def closure(asserted: Graph, engine: str = "rules") -> tuple[set, str]:
    """Every triple of the OWL 2 RL closure (asserted included), normalized, and the engine used."""
    if engine == "rules":
        return rules_closure(comparable_triples(asserted)), engine
    if engine == "reasonable":
        try:
            import reasonable
        except ImportError:  # an optional speed-up: fall back to the reference engine
            engine = "owlrl"
        else:
            reasoner = reasonable.PyReasoner()
            reasoner.from_graph(asserted)
            return comparable_triples(reasoner.reason()), engine
    import owlrl
    full = Graph()
    full += asserted
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(full)
    return comparable_triples(full), engine


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


# The rules engine works on triples of plain strings: an IRI is a str, a literal a LiteralKey
# tuple (lexical form, datatype or None, language or None). Tuples of str hash and compare in C;
# rdflib's Literal hashes in Python code, which made every set operation on the closure slow.
# The rules work predicate by predicate (Triples), so that each touches only the triples it can fire on.

def literal_key(term: Literal) -> tuple:
    """A literal as the rules engine holds it: equal keys for the literals comparable() makes equal."""
    datatype = term.datatype
    return (str(term), None if datatype is None or datatype == XSD_STRING_TERM else str(datatype), term.language)


class Triples:
    """Plain triples grouped by predicate, with the Literal behind each LiteralKey (the published
    triples and the clash messages show the literal as comparable() does)."""

    def __init__(self):
        self.by_predicate: dict = defaultdict(list)
        self.literals: dict = {}
        self.parse_literal = False  # of_ntriples: a literal's key is its N-Triples text, parsed when shown

    @classmethod
    def of_ntriples(cls, lines) -> "Triples":
        """The triples of N-Triples lines as pyoxigraph writes them ("<s> <p> object ."; an IRI has
        no space): IRIs as str, a literal as a 1-tuple of its N-Triples text (one text per RDF
        literal, as pyoxigraph writes it), turned into a Literal only where one is shown. No rdflib
        term is made (reading them was a third of the reasoning time on large graphs)."""
        out = cls()
        by_predicate = out.by_predicate
        literal_keys: dict = {}
        one = {}.setdefault  # one str per IRI: a subject has many triples, most objects recur
        for line in lines:
            if not line or line == "\n":
                continue
            s, p, o = line.split(" ", 2)
            o = o[:-3] if o[-1] == "\n" else o[:-2]  # " .\n" or " ."
            if o[0] == "<":
                o = o[1:-1]
                o = one(o, o)
            else:
                key = literal_keys.get(o)
                o = literal_keys[o] = (o,) if key is None else key
            s = s[1:-1]
            by_predicate[p[1:-1]].append((one(s, s), o))
        out.parse_literal = True
        return out

    @classmethod
    def of_plain(cls, triples) -> "Triples":
        """From plain triples (str and Literal terms, as closure() returns them)."""
        out = cls()
        for triple in triples:
            s, p, o = (out.key(term) for term in triple)
            out.by_predicate[p].append((s, o))
        return out

    def key(self, term):
        if type(term) is not Literal:
            return term
        key = literal_key(term)
        self.literals.setdefault(key, comparable(term))
        return key

    def add(self, triples) -> None:
        for s, p, o in triples:
            self.by_predicate[p].append((s, o))

    def pairs(self, predicate: str) -> list:
        return self.by_predicate.get(predicate, [])

    def triples(self) -> set:
        return {(s, p, o) for p, pairs in self.by_predicate.items() for s, o in pairs}

    def term(self, term):
        """A term as comparable() gives it (a LiteralKey back to its Literal)."""
        if type(term) is not tuple:
            return term
        found = self.literals.get(term)
        if found is None and self.parse_literal:
            found = self.literals[term] = comparable(literal_of_ntriples(term[0]))
        return found if found is not None else self.literals[term]

    def plain_triple(self, triple):
        s, p, o = triple
        if type(s) is tuple or type(o) is tuple:
            return self.term(s), p, self.term(o)
        return triple


def check_supported(given: Triples) -> None:
    unsupported = {f"{p} ({s})" for p in given.by_predicate.keys() & UNHANDLED for s, _ in given.pairs(p)}
    unsupported |= {f"rdf:type {o} ({s})" for s, o in given.pairs(TYPE) if o in UNHANDLED_TYPES}
    if unsupported:
        raise Unsupported("the rules engine does not implement: " + "; ".join(sorted(unsupported)[:10]))


def schema_table(given: Triples, predicate) -> dict:
    table = defaultdict(set)
    for s, o in given.pairs(str(predicate)):
        table[s].add(o)
    return table


def rules_derivations(given: Triples) -> set:
    """The triples that cax-sco, prp-spo1, prp-dom, prp-rng, then eq-sym/eq-trans/eq-rep-s/p/o
    over owl:sameAs derive from `given` (some may be asserted too). Replacing equals by equals
    commutes with the other rules, so equality goes last."""
    check_supported(given)
    supers = transitive(schema_table(given, RDFS.subClassOf))
    super_props = transitive(schema_table(given, RDFS.subPropertyOf))
    domains, ranges = schema_table(given, RDFS.domain), schema_table(given, RDFS.range)
    derived = {(s, q, o) for p in super_props.keys() & given.by_predicate.keys()  # prp-spo1
               for s, o in given.pairs(p) for q in super_props[p]}
    with_spo = Triples()
    with_spo.add(derived)
    types = set()
    for p in (domains.keys() | ranges.keys()):  # prp-dom, prp-rng, on the asserted and spo1 triples
        for pairs in (given.pairs(p), with_spo.pairs(p)):
            types.update((s, TYPE, c) for c in domains.get(p, ()) for s, _ in pairs)
            types.update((o, TYPE, c) for c in ranges.get(p, ()) for _, o in pairs if type(o) is str)
    typed = [(s, o) for s, o in given.pairs(TYPE)] + with_spo.pairs(TYPE) + [(s, o) for s, _, o in types]
    types.update((s, TYPE, d) for s, o in typed if o in supers for d in supers[o])  # cax-sco
    derived |= types
    return derived | equals_replaced(given, derived)


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


def equals_replaced(given: Triples, derived: set) -> set:
    """eq-sym, eq-trans and eq-rep-*: every triple of `given` and `derived` with each term
    replaced by each of its equals."""
    same: dict = {}
    links = [(s, o) for s, o in given.pairs(SAME_AS)] + [(s, o) for s, p, o in derived if p == SAME_AS]
    for s, o in links:
        if s != o:
            group = same.get(s, {s}) | same.get(o, {o})
            for member in group:
                same[member] = group
    if not same:
        return set()
    touched = [(s, p, o) for p, pairs in given.by_predicate.items() for s, o in pairs
               if s in same or o in same or p in same]
    touched += [(s, p, o) for s, p, o in derived if s in same or o in same or p in same]
    return {(s2, p2, o2) for s, p, o in touched for s2 in same.get(s, (s,)) for p2 in same.get(p, (p,))
            for o2 in same.get(o, (o,))}


def rules_closure(triples: set) -> set:
    """The closure (asserted included) of plain triples by the rules above."""
    given = Triples.of_plain(triples)
    return set(triples) | {given.plain_triple(t) for t in rules_derivations(given)}


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


def reason_ntriples(ntriples: bytes) -> Reasoning:
    """reason() of the graph in N-Triples as pyoxigraph writes it (dist/ccm.nt), with the rules
    engine; `inferred` holds the N-Triples lines of the inferred triples, as inferred.nt has them."""
    with collector_paused():
        started = time.perf_counter()
        # line by line, cut only at "\n" (a literal may hold U+2028), not one list of every line
        given = Triples.of_ntriples(io.TextIOWrapper(io.BytesIO(ntriples), encoding="utf-8", newline="\n"))
        derived = new_triples(given, rules_derivations(given))
        # a literal subject (a tuple key) is engine-only, like an rdflib Literal subject
        lines = {f"<{s}> <{p}> {o[0] if type(o) is tuple else f'<{o}>'} ." for s, p, o in derived
                 if type(s) is not tuple and not engine_only((s, p, o))}
        given.add(derived)
        return Reasoning(lines, inconsistencies(given), time.perf_counter() - started, "rules")


def new_triples(given: Triples, derived: set) -> set:
    """The derived triples that are not asserted, looked up predicate by predicate (a set of every
    asserted triple would be one more copy of the whole graph)."""
    asserted: dict = {}
    out = set()
    for triple in derived:
        s, p, o = triple
        pairs = asserted.get(p)
        if pairs is None:
            pairs = asserted[p] = set(given.pairs(p))
        if (s, o) not in pairs:
            out.add(triple)
    return out


def reason(asserted: Graph, engine: str = "rules") -> Reasoning:
    """The inferred triples (apart from the asserted ones) and every clash in the closure."""
    with collector_paused():
        return reasoned(asserted, engine)


def reasoned(asserted: Graph, engine: str) -> Reasoning:
    started = time.perf_counter()
    given = Triples.of_plain(comparable_triples(asserted))
    if engine == "rules":
        derived, used = rules_derivations(given), engine
    else:
        full, used = closure(asserted, engine)
        other = Triples.of_plain(full)
        derived = other.triples()
        given.literals.update(other.literals)
    derived = new_triples(given, derived)
    inferred = {triple for triple in map(given.plain_triple, derived) if not engine_only(triple)}
    given.add(derived)  # the closure
    return Reasoning(inferred, inconsistencies(given), time.perf_counter() - started, used)


def inconsistencies(full: Triples) -> list[str]:
    """Clashes: owlrl's error messages, owl:Nothing members, individuals of two disjoint classes,
    and two values of a functional property. Each line names the resources involved."""
    show = full.term
    problems = [f"owlrl: {show(o)}" for _, o in full.pairs(OWLRL_ERROR)]
    problems += [f"{show(s)} is an instance of owl:Nothing" for s, o in full.pairs(TYPE) if o == NOTHING]
    disjoint: dict = defaultdict(set)
    for s, o in full.pairs(DISJOINT):
        if s != o:
            disjoint[s].add(o)
    # the types that can clash, by individual: only classes that take part in a disjointWith
    classes = disjoint.keys() | {c for others in disjoint.values() for c in others}
    types: dict = defaultdict(set)
    for s, o in full.pairs(TYPE):
        if o in classes:
            types[s].add(o)
    for s, ts in types.items():
        problems += [f"{show(s)} is both {a} and {b}, which are disjoint"
                     for a in ts & disjoint.keys() for b in disjoint[a] & ts]
    functional_props = {s for s, o in full.pairs(TYPE) if o == FUNCTIONAL}
    problems += functional_clashes(full, functional_props)
    return sorted(set(problems))


FUNCTIONAL, NOTHING = str(OWL.FunctionalProperty), str(OWL.Nothing)
OWLRL_ERROR = ERRNS + "error"


def functional_clashes(full: Triples, props: set) -> list[str]:
    """Two values of a functional property that are not one individual. OWL alone would make any
    two IRIs owl:sameAs (rule prp-fp) instead of failing; ccmkg counts two values as one only when
    an owl:sameAs chain *asserted* outside prp-fp links them (data/ttl/links.ttl to Wikidata), so
    only sameAs links whose subject is a ccmr: resource are followed."""
    same = identities(full)
    problems = []
    for p in props & full.by_predicate.keys():
        raw: dict = defaultdict(set)
        for s, o in full.pairs(p):
            raw[s].add(o)
        # values are normalized (a literal's value, an IRI's identity) only where there are two:
        # toPython() parses every date and number, and almost every subject has one value
        for s, objs in raw.items():
            if len(objs) < 2:
                continue
            values = {full.term(o).toPython() if type(o) is tuple else same.get(o, o) for o in objs}
            if len(values) > 1:
                problems.append(f"{full.term(s)} has {len(values)} values of functional property {p}: "
                                + ", ".join(sorted(map(str, values))))
    return problems


def identities(full: Triples) -> dict:
    """Each external IRI that a ccmr: resource is owl:sameAs, mapped to that resource."""
    base = str(ID)
    return {o: s for s, o in full.pairs(SAME_AS) if type(s) is str and s.startswith(base)
            and type(o) is str and not o.startswith(base)}
