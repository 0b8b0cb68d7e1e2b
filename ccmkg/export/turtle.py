"""The canonical Turtle of data/ttl/ and dist/ccm.ttl: bytes that depend only on the triples and
the bound prefixes, so that a diff of two builds is a diff of their facts.

The format, rule by rule:
- A head of `PREFIX p: <ns>` lines, sorted by prefix, only for the prefixes the body uses (a
  prefix bound to the empty name is never used); then one empty line.
- One block per subject, blocks sorted by the subject's IRI and separated by one empty line. A
  block is the subject on its own line, one line per predicate (`    verb object ;`), and a last
  line `.`.
- rdf:type first, written `a`; then the other predicates sorted by IRI.
- A predicate with several objects: the verb alone on its line, then each object on its own
  line indented by eight spaces, separated by ` ,`; objects sorted by their written form,
  duplicates written once.
- An IRI is written prefix:local with the longest bound namespace whose remainder is a plain
  local name (`[A-Za-z_][A-Za-z0-9_-]*`), else <IRI>.
- A literal is written "..." with \\ " newline and carriage return escaped; `@lang` when it has a
  language; nothing more for xsd:string; bare for an xsd:integer, xsd:decimal or xsd:boolean whose
  text is already in Turtle's short form; else `^^datatype`.
- No blank nodes: a graph with one is refused.
Written here, not by rdflib's longturtle, which takes a second per file for the same order.
"""
from __future__ import annotations

import re
from collections import Counter
from operator import itemgetter

from rdflib import RDF, XSD, BNode, Literal, URIRef

from ..errors import InputError
from ..namespaces import XSD_STRING_TERM

TYPE = str(RDF.type)  # compared as a str: rdflib's own comparisons run in Python
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")  # a safe subset of Turtle's PN_LOCAL
LOCAL_CHAR = re.compile(r"[A-Za-z0-9_-]")
LAST_NON_NAME = re.compile(r".*[^A-Za-z0-9_-]", re.S)  # an IRI up to its last character outside a local name
BARE = {XSD.integer: re.compile(r"[+-]?[0-9]+\Z"), XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+\Z"),
        XSD.boolean: re.compile(r"(true|false)\Z")}
ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def turtle(graph) -> bytes:
    """The canonical Turtle of a graph (an rdflib Graph or a TripleSet)."""
    return assemble(TurtleBlocks(graph))


class TurtleBlocks:
    """The subject blocks of a graph's canonical Turtle (by subject IRI, as a str), the number of
    objects written in each, and the prefixes they use; only for the subjects in `only` (terms)
    when it is given."""

    def __init__(self, graph, only: set | None = None, used: set | None = None, grouped: dict | None = None):
        self.namespaces = namespace_list(graph)
        names = IriNames(sorted(((ns, prefix) for prefix, ns in self.namespaces), key=lambda item: -len(item[0])))
        self.blocks: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        # the graph grouped by subject (subject_predicates), or the grouping given: kept, so that
        # the merged files (ccm.ttl, ccm.jsonld) are made from the parts' groupings, not a new one
        self.grouped = subject_predicates(graph, only) if grouped is None else grouped
        for s, predicates in self.grouped.items():
            s = str(s)
            self.blocks[s], self.sizes[s] = subject_block(s, predicates, names)
        self.used = names.used | set(used or ())


def subject_predicates(graph, only: set | None = None) -> dict:
    """subject -> predicate -> objects: subjects as the graph's terms, predicates as str; only the
    subjects in `only` when given. A blank node is refused.

    Speed on large graphs: rdflib compares its terms in Python code, but a dict compares a term
    with itself without calling it; the triples about a subject share its term object, while
    every access to rdflib's RDF.type makes a new one, so predicates are looked up as str."""
    subjects: dict = {}
    for s, p, o in graph:
        if only is not None and s not in only:
            continue
        if type(s) is not URIRef or (type(o) is not URIRef and type(o) is not Literal):
            if isinstance(s, BNode) or isinstance(o, BNode):
                raise InputError("graph", "blank nodes are not allowed in published data")
        predicates = subjects.get(s)
        if predicates is None:
            predicates = subjects[s] = {}
        p = str(p)
        objects = predicates.get(p)
        if objects is None:
            objects = predicates[p] = []
        objects.append(o)
    return subjects


def namespace_list(graph) -> list[tuple[str, str]]:
    return sorted((prefix, str(ns)) for prefix, ns in graph.namespaces() if prefix)


def assemble(parts: TurtleBlocks) -> bytes:
    declared = [(prefix, ns) for prefix, ns in parts.namespaces if prefix in parts.used]
    head = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in declared)
    blocks = [parts.blocks[s] for s in sorted(parts.blocks)]
    return (head + "\n" + "\n".join(blocks)).encode("utf-8")


def merged_grouping(parts: list[TurtleBlocks]) -> tuple[dict, set]:
    """The union of the parts' graphs grouped by subject, made from their groupings: a subject of
    one part keeps that part's predicates; one of several parts (the States a corpus shares) gets
    a new dict with each object once. And the subjects of several parts."""
    grouped: dict = {}
    shared: set = set()
    for part in parts:
        for s, predicates in part.grouped.items():
            found = grouped.get(s)
            if found is None:
                grouped[s] = predicates
                continue
            if s not in shared:
                shared.add(s)
                found = grouped[s] = {p: list(objects) for p, objects in found.items()}
            for p, objects in predicates.items():
                have = found.setdefault(p, [])
                have.extend(o for o in objects if o not in have)
    return grouped, shared


def union_turtle(union, parts: list[TurtleBlocks], merged: tuple[dict, set] | None = None) -> bytes:
    """The canonical Turtle of `union`, a union of graphs some of whose blocks are in `parts`: a
    part's block is kept when it holds every triple the union has about its subject and was
    written with the same prefixes; only the other subjects are written again. The bytes are
    those of turtle(union). `merged`: merged_grouping(parts), when the parts make the whole union."""
    if merged is not None:
        return union_of_grouped(union, parts, *merged)
    counted = Counter(map(itemgetter(0), union))  # C code, and a subject's triples share its term
    sizes = {str(s): n for s, n in counted.items()}
    kept: dict = {}
    used: set = set()  # a part's triples about a subject are among the union's, so every
    namespaces = namespace_list(union)  # prefix a part uses is used by the union's Turtle too
    for part in parts:
        if part.namespaces == namespaces:
            kept.update((s, block) for s, block in part.blocks.items() if part.sizes[s] == sizes[s])
            used |= part.used
    whole = TurtleBlocks(union, only={s for s in counted if str(s) not in kept}, used=used)
    whole.blocks.update(kept)
    return assemble(whole)


def union_of_grouped(union, parts: list[TurtleBlocks], grouped: dict, shared: set) -> bytes:
    """union_turtle when the parts make the whole union: a subject of one part keeps its block."""
    namespaces = namespace_list(union)
    shared_iris = {str(s) for s in shared}
    kept: dict = {}
    used: set = set()
    for part in parts:
        if part.namespaces == namespaces:
            kept.update((s, block) for s, block in part.blocks.items() if s not in shared_iris)
            used |= part.used
    whole = TurtleBlocks(union, used=used, grouped={s: predicates for s, predicates in grouped.items()
                                                    if str(s) not in kept})
    whole.blocks.update(kept)
    return assemble(whole)


def subject_block(subject: str, predicates: dict[str, list], names: "IriNames") -> tuple[str, int]:
    """A subject's block, and the number of objects written in it (objects written alike once)."""
    lines = [names[subject]]
    size = 0
    for p in sorted(predicates, key=lambda p: (p != TYPE, p)):
        objects = sorted({term_text(o, names) for o in predicates[p]})
        size += len(objects)
        verb = "a" if p == TYPE else names[p]
        if len(objects) == 1:
            lines.append(f"    {verb} {objects[0]} ;")
        else:
            lines.append(f"    {verb}\n" + " ,\n".join(f"        {o}" for o in objects) + " ;")
    return "\n".join(lines) + "\n.\n", size


class IriNames(dict):
    """How each IRI is written: prefix:local for the longest bound namespace whose remainder is
    a plain local name, else <IRI>; remembered, since the same IRIs recur on every line.

    A local name holds no character outside [A-Za-z0-9_-], so a namespace that ends in another
    character ('/', '#') can only be the IRI up to its last such character: one dict lookup, not
    a scan of every namespace. Namespaces ending in a name character (the xml: one) are longer
    than that cut when they fit, and are tried first, one by one."""

    def __init__(self, prefixes: list[tuple[str, str]]):
        super().__init__()  # prefixes: (namespace, prefix), longest namespace first
        self.at_cut: dict[str, str] = {}  # namespace ending in a non-name character -> its prefix
        self.inside: list[tuple[str, str]] = []  # the others, longest first
        for ns, prefix in prefixes:
            if ns and LOCAL_CHAR.match(ns[-1]):
                self.inside.append((ns, prefix))
            else:
                self.at_cut.setdefault(ns, prefix)
        self.used: set[str] = set()

    def __missing__(self, text: str) -> str:
        written = f"<{text}>"
        for ns, prefix in self.inside:
            if text.startswith(ns) and LOCAL_NAME.match(text, len(ns)):
                return self.remember(text, prefix, len(ns))
        before_local = LAST_NON_NAME.match(text)
        cut = before_local.end() if before_local else 0
        prefix = self.at_cut.get(text[:cut])
        if prefix is not None and LOCAL_NAME.match(text, cut):
            return self.remember(text, prefix, cut)
        self[text] = written
        return written

    def remember(self, text: str, prefix: str, cut: int) -> str:
        self.used.add(prefix)
        written = self[text] = f"{prefix}:{text[cut:]}"
        return written


def term_text(term, names: IriNames) -> str:
    if type(term) is not Literal:
        return names[str(term)]
    lexical = f'"{str(term).translate(ESCAPES)}"'
    if term.language:
        return f"{lexical}@{term.language}"
    datatype = term.datatype
    if datatype is None or datatype == XSD_STRING_TERM:
        return lexical
    if datatype in BARE and BARE[datatype].match(str(term)):
        return str(term)
    return f"{lexical}^^{names[str(datatype)]}"
