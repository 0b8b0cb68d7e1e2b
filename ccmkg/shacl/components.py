"""The value-type constraint components of SHACL Core (section 4.1-4.6 of the specification), one
function each: given a shape and the SPARQL variable of a value node, the (component, expression)
pairs whose expression is true when the value node conforms. sh:class and sh:or of single classes
are also compiled to their own queries (compiler.class_queries); sh:minCount and sh:maxCount
count value nodes and are compiled there too.

Where SHACL leaves a detail to the engine, these follow pySHACL, the reference: sh:datatype checks
the lexical form of the datatypes pySHACL checks; sh:languageIn matches a tag or its first subtag;
a value a comparison cannot order fails sh:minInclusive."""
from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH

from .sparql import TYPE_PATH, sparql_string, sparql_term, unsupported

# datatypes whose lexical form pySHACL checks (rdflib's ill_typed plus a Python type test) and
# pyoxigraph can cast; the others are matched by datatype IRI alone, as pySHACL does
CHECKED_DATATYPES = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.date,
                     XSD.time, XSD.dateTime, XSD.duration}
NODE_KINDS = {SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
              SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
              SH.IRIOrLiteral: "!isBlank({v})"}
SH_CLASS, SH_IN, SH_OR = SH["class"], SH["in"], SH["or"]


def datatype(core, shape, v: str) -> list[tuple[str, str]]:
    """sh:datatype (4.1.2): a literal of the datatype, well-formed where pySHACL checks that."""
    return [("datatype", datatype_ok(shape, dt, v)) for dt in core.objects(shape, SH.datatype)]


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


def class_(core, shape, v: str) -> list[tuple[str, str]]:
    """sh:class (4.1.1): an instance of the class or of a subclass."""
    return [("class", f"EXISTS {{ {v} {TYPE_PATH} {sparql_term(cls)} }}")
            for cls in core.objects(shape, SH_CLASS)]


def node_kind(core, shape, v: str) -> list[tuple[str, str]]:
    """sh:nodeKind (4.1.3)."""
    checks = []
    for kind in core.objects(shape, SH.nodeKind):
        if kind not in NODE_KINDS:
            raise unsupported(shape, f"sh:nodeKind {kind}")
        checks.append(("nodeKind", NODE_KINDS[kind].format(v=v)))
    return checks


def pattern(core, shape, v: str) -> list[tuple[str, str]]:
    """sh:pattern with sh:flags (4.4.3): a blank node never matches."""
    flags = str(core.value(shape, SH.flags, default=""))
    if set(flags) - set("imsx"):
        raise unsupported(shape, f"sh:flags {flags!r}")
    given = f", {sparql_string(flags)}" if flags else ""
    return [("pattern", f"(!isBlank({v}) && REGEX(STR({v}), {sparql_string(str(p))}{given}))")
            for p in sorted(core.objects(shape, SH.pattern))]


def language_in(core, shape, v: str) -> list[tuple[str, str]]:
    """sh:languageIn (4.4.4): a literal whose tag, or its first subtag, is listed ("*": any tag)."""
    checks = []
    for lst in core.objects(shape, SH.languageIn):
        tags = {str(t).lower() for t in core.items(lst)}
        has_tag = f"isLiteral({v}) && LANG({v}) != \"\""
        if "*" in tags:
            checks.append(("languageIn", f"({has_tag})"))
            continue
        listed = ", ".join(sparql_string(t) for t in sorted(tags)) or '""'
        checks.append(("languageIn", f"({has_tag} && (LCASE(LANG({v})) IN ({listed}) || "
                                     f"LCASE(STRBEFORE(CONCAT(LANG({v}), \"-\"), \"-\")) IN ({listed})))"))
    return checks


def in_(core, shape, v: str) -> list[tuple[str, str]]:
    """sh:in (4.8.3): the very term of a member (sameTerm, not value equality)."""
    checks = []
    for lst in core.objects(shape, SH_IN):
        members = [f"sameTerm({v}, {sparql_term(t)})" for t in core.items(lst)]
        checks.append(("in", "(" + (" || ".join(members) or "false") + ")"))
    return checks


def min_inclusive(core, shape, v: str) -> list[tuple[str, str]]:
    """sh:minInclusive (4.3.3)."""
    checks = []
    for low in core.objects(shape, SH.minInclusive):
        if not isinstance(low, Literal):
            raise unsupported(shape, "sh:minInclusive with a value that is not a literal")
        checks.append(("minInclusive", f"({v} >= {sparql_term(low)})"))
    return checks


def min_length(core, shape, v: str) -> list[tuple[str, str]]:
    """sh:minLength (4.4.1): a blank node fails any length above 0."""
    return [("minLength", f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(length)})")
            for length in core.objects(shape, SH.minLength) if int(length) > 0]


def or_(core, shape, v: str, classes: bool = True) -> list[tuple[str, str]]:
    """sh:or (4.6.2): the value node conforms to one of the listed shapes. With classes=False, a
    list of single classes is left to its own query (compiler.class_queries)."""
    checks = []
    for lst in core.objects(shape, SH_OR):
        if not classes and or_classes(core, lst):
            continue
        checks.append(("or", "(" + (" || ".join(inner_ok(core, s, v) for s in core.items(lst))
                                    or "false") + ")"))
    return checks


# sh: properties a shape inside an sh:or list may have
INNER = {SH.datatype, SH_CLASS, SH.nodeKind, SH.pattern, SH.languageIn, SH_IN, SH.minInclusive,
         SH.minLength, SH_OR, SH.flags, SH.message, SH.severity, SH.deactivated, SH.name, SH.description}


def inner_ok(core, shape, v: str) -> str:
    """A shape of an sh:or list as one expression: the node conforms to all its constraints."""
    value = core.value(shape, SH.deactivated)
    if isinstance(value, Literal) and value.toPython() is True:
        return "true"
    for p in set(core.predicates(shape)):
        if p.startswith(str(SH)) and p not in INNER:
            raise unsupported(shape, f"sh:{p[len(str(SH)):]} in a shape of an sh:or list")
    parts = [ok for _, ok in value_checks(core, shape, v)]
    return "(" + (" && ".join(f"COALESCE({ok}, false)" for ok in parts) or "true") + ")"


def or_classes(core, lst) -> list | None:
    """The classes of an sh:or list whose every member is a shape of one sh:class and nothing
    else (a value conforms if it is an instance of one of them); None for any other list."""
    classes = []
    for member in core.items(lst):
        if core.predicates(member) != [SH_CLASS] or len(core.objects(member, SH_CLASS)) != 1:
            return None
        classes.append(core.value(member, SH_CLASS))
    return classes


def value_checks(core, shape, v: str, classes: bool = True) -> list[tuple[str, str]]:
    """(component, SPARQL expression true when the node in `v` conforms) for each value-type
    constraint of `shape`; with classes=False, not sh:class and not the sh:or lists of classes."""
    checks = datatype(core, shape, v)
    checks += class_(core, shape, v) if classes else []
    for component in (node_kind, pattern, language_in, in_, min_inclusive, min_length):
        checks += component(core, shape, v)
    return checks + or_(core, shape, v, classes)
