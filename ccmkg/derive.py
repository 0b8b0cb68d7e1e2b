"""Derived facts: the rules in rules/ (one SPARQL CONSTRUCT per file) run over the extracted facts.

Each rule is a resource (ccm:DerivationRule, `ccmr:rule/{file stem}`) with the label and comment
its file's header gives:

    # label: Obligation stated by a finding
    # comment: A finding that reports States as having an obligation ...
    #   (a comment may go on over further lines that start with "#   ")

The build binds `?rule` to the rule's IRI, so every triple a rule writes can name it. Rules read
only the extracted facts and the ontology, never each other's results, so their order does not
matter. The build runs them on the store it loads from the data files' Turtle (build.publish), so
deriving costs the queries alone; what they construct goes to data/ttl/derived.ttl. A rule must
not make blank nodes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Literal, URIRef

from .errors import InputError
from .namespaces import ID, bind_prefixes
from .terms import CCM
from .triples import TripleSet, from_oxigraph, to_oxigraph

HEADER = re.compile(r"#\s*(label|comment):\s*(.*)")
CONTINUED = re.compile(r"#\s{2,}(\S.*)")
RULE_VARIABLE = ox.Variable("rule")


@dataclass
class Rule:
    slug: str
    path: Path
    label: str
    comment: str
    query: str

    @property
    def iri(self) -> URIRef:
        return ID[f"rule/{self.slug}"]


def load_rules(folder: Path) -> list[Rule]:
    """The rule files of `folder`; none is an error, not an empty register (a project copied
    without rules/ would otherwise build with every derived fact silently gone)."""
    paths = sorted(folder.glob("*.rq"))
    if not paths:
        raise InputError(str(folder), "no derivation rules (*.rq) found")
    return [read_rule(path) for path in paths]


def read_rule(path: Path) -> Rule:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        match = HEADER.fullmatch(line.strip())
        if match:
            last = match.group(1)
            header[last] = match.group(2).strip()
        elif last and CONTINUED.fullmatch(line.rstrip()):
            header[last] += " " + CONTINUED.fullmatch(line.rstrip()).group(1).strip()
        elif not line.startswith("#"):
            break
        else:
            last = None
    for key in ("label", "comment"):
        if not header.get(key):
            raise InputError(f"{path}:1", f"a rule file starts with '# {key}: ...'")
    if not re.search(r"\bCONSTRUCT\b", text):
        raise InputError(f"{path}:1", "a rule is a SPARQL CONSTRUCT query")
    return Rule(path.stem, path, header["label"], header["comment"], text)


def derive(store: ox.Store, rules: list[Rule], root: Path) -> TripleSet:
    """Run every rule over `store` (the ontology and the extracted facts); the rules and what they
    construct, as a graph of their own (data/ttl/derived.ttl)."""
    derived = bind_prefixes(TripleSet())
    converted: dict = {}  # pyoxigraph term -> rdflib term: most recur, and rdflib's are costly to make
    for rule in rules:
        describe(derived, rule, root)
        try:
            results = store.query(rule.query, substitutions={RULE_VARIABLE: ox.NamedNode(str(rule.iri))})
        except SyntaxError as exc:
            raise InputError(str(rule.path), f"cannot parse the rule: {exc}") from None
        for triple in results:
            derived.add(tuple(checked_term(term, rule, converted)
                              for term in (triple.subject, triple.predicate, triple.object)))
    return derived


def to_store(triples) -> ox.Store:
    """A pyoxigraph store of rdflib triples (IRIs and literals only). The build loads its store
    from the Turtle it writes anyway; this is for graphs that are not written (tests)."""
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), to_oxigraph(o)) for s, p, o in triples)
    return store


def facts_and_ontology(graphs: dict, ontology):
    for graph in graphs.values():
        yield from graph
    for s, p, o in ontology:
        if not isinstance(s, BNode) and not isinstance(o, BNode):  # the ontology has none; be safe
            yield s, p, o


def describe(g, rule: Rule, root: Path) -> None:
    g.add((rule.iri, RDF.type, CCM.DerivationRule))
    g.add((rule.iri, RDFS.label, Literal(rule.label, lang="en")))
    g.add((rule.iri, RDFS.comment, Literal(rule.comment, lang="en")))
    g.add((rule.iri, CCM.ruleFile, Literal(rule.path.relative_to(root).as_posix())))


def checked_term(term, rule: Rule, converted: dict):
    found = from_oxigraph(term, converted)
    if found is None:
        raise InputError(str(rule.path), f"the rule made a blank node or other term the data may not hold: {term}")
    return found
