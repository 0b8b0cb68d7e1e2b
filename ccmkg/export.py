"""Write graphs as files: canonical sorted Turtle, written to a temporary file and renamed."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from rdflib import RDF, XSD, BNode, Graph, Literal

from .errors import InputError


def turtle(graph) -> bytes:
    """Canonical Turtle: subjects sorted by IRI, rdf:type first then predicates by IRI, objects
    by their written form; one subject block per IRI, only the prefixes used. The output depends
    only on the triples and the bound prefixes, so a diff of two builds is a diff of their facts.
    Written here, not by rdflib's longturtle, which takes a second per file for the same order."""
    return assemble(TurtleBlocks(graph))


class TurtleBlocks:
    """The subject blocks of a graph's canonical Turtle, the number of triples in each, and the
    prefixes they use."""

    def __init__(self, graph, only: set | None = None, used: set | None = None):
        self.namespaces = namespace_list(graph)
        subjects: dict = {}
        for s, p, o in graph:
            if isinstance(s, BNode) or isinstance(o, BNode):
                raise InputError("graph", "blank nodes are not allowed in published data")
            if only is None or s in only:
                subjects.setdefault(s, {}).setdefault(p, []).append(o)
        names = IriNames(sorted(((ns, prefix) for prefix, ns in self.namespaces), key=lambda item: -len(item[0])))
        self.blocks = {s: subject_block(s, predicates, names) for s, predicates in subjects.items()}
        self.sizes = {s: sum(len(set(objects)) for objects in predicates.values())
                      for s, predicates in subjects.items()}
        self.used = names.used | set(used or ())


def namespace_list(graph) -> list[tuple[str, str]]:
    return sorted((prefix, str(ns)) for prefix, ns in graph.namespaces() if prefix)


def assemble(parts: TurtleBlocks) -> bytes:
    declared = [(prefix, ns) for prefix, ns in parts.namespaces if prefix in parts.used]
    head = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in declared)
    blocks = [parts.blocks[s] for s in sorted(parts.blocks, key=str)]
    return (head + "\n" + "\n".join(blocks)).encode("utf-8")


def merged_turtle(merged, parts: list[TurtleBlocks]) -> bytes:
    """The canonical Turtle of `merged`, a union of graphs some of whose blocks are in `parts`: a
    part's block is kept when it holds every triple the merged graph has about its subject and
    was written with the same prefixes; only the other subjects are written again. The bytes are
    those of turtle(merged)."""
    sizes: dict = {}
    for s, _, _ in merged:
        sizes[s] = sizes.get(s, 0) + 1
    kept: dict = {}
    used: set = set()  # a part's triples about a subject are among the merged graph's, so every
    namespaces = namespace_list(merged)  # prefix a part uses is used by the merged Turtle too
    for part in parts:
        if part.namespaces == namespaces:
            kept.update((s, block) for s, block in part.blocks.items() if part.sizes[s] == sizes[s])
            used |= part.used
    whole = TurtleBlocks(merged, only=sizes.keys() - kept.keys(), used=used)
    whole.blocks.update(kept)
    return assemble(whole)


TYPE = str(RDF.type)  # compared as a str: rdflib's own comparisons run in Python
XSD_STRING = XSD.string  # looked up once: rdflib resolves XSD.string anew on every access


def subject_block(subject, predicates: dict, names: "IriNames") -> str:
    lines = [names[subject]]
    for p in sorted(predicates, key=lambda p: (not str.__eq__(p, TYPE), str(p))):
        objects = sorted({term_text(o, names) for o in predicates[p]})
        verb = "a" if str.__eq__(p, TYPE) else names[p]
        if len(objects) == 1:
            lines.append(f"    {verb} {objects[0]} ;")
        else:
            lines.append(f"    {verb}\n" + " ,\n".join(f"        {o}" for o in objects) + " ;")
    return "\n".join(lines) + "\n.\n"


LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")  # a safe subset of Turtle's PN_LOCAL
BARE = {XSD.integer: re.compile(r"[+-]?[0-9]+\Z"), XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+\Z"),
        XSD.boolean: re.compile(r"(true|false)\Z")}
ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class IriNames(dict):
    """How each IRI is written: prefix:local for the longest bound namespace whose remainder is
    a plain local name, else <IRI>; remembered, since the same IRIs recur on every line."""

    def __init__(self, prefixes: list[tuple[str, str]]):
        super().__init__()
        self.prefixes = prefixes  # (namespace, prefix), longest namespace first
        self.used: set[str] = set()

    def __missing__(self, iri) -> str:
        text = str(iri)  # rdflib's startswith runs in Python
        written = f"<{text}>"
        for ns, prefix in self.prefixes:
            if text.startswith(ns) and LOCAL_NAME.match(text, len(ns)):
                self.used.add(prefix)
                written = f"{prefix}:{text[len(ns):]}"
                break
        self[iri] = written
        return written


def term_text(term, names: IriNames) -> str:
    if not isinstance(term, Literal):
        return names[term]
    lexical = f'"{str(term).translate(ESCAPES)}"'
    if term.language:
        return f"{lexical}@{term.language}"
    datatype = term.datatype
    if datatype is None or datatype == XSD_STRING:
        return lexical
    if datatype in BARE and BARE[datatype].match(str(term)):
        return str(term)
    return f"{lexical}^^{names[datatype]}"


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file or none: all go to temporary files first, then are renamed in place."""
    for path in files:
        if path.exists() and not path.is_file():  # a rename would replace a folder, device or pipe
            raise InputError(str(path), ("a folder" if path.is_dir() else "not a regular file")
                             + "; give the path of a file to write")
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((path, tmp))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are for everyone
        for path, tmp in staged:
            os.replace(tmp, path)
    except OSError as exc:
        for _, tmp in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise InputError(str(exc.filename or "output"), f"cannot write: {exc.strerror}") from None


STALE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # write_all's temporary names: .NAME.XXXXXXXX.tmp


def remove_stale(folder: Path) -> list[Path]:
    """Temporary files that an interrupted write_all left in folder (and below): removed."""
    stale = [p for p in folder.rglob(".*.tmp") if p.is_file() and STALE.fullmatch(p.name)] if folder.is_dir() else []
    for path in stale:
        path.unlink()
    return stale


# ------------------------------------------------------------------------------ distributions
# Every format of dist/ comes from the same merged graph, in a form that depends only on its
# triples: N-Triples lines sorted, JSON-LD nodes sorted by @id with sorted keys and values, TriG
# made of the canonical Turtle of each data file, CSV from saved queries with a full ORDER BY.

import csv
import io
import json

import pyoxigraph as ox
from rdflib import OWL, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS, VOID, XSD

from .namespaces import BASE, GEONAMES, GRAPH, ID, ONTOLOGY_IRI, WD
from .terms import CCM

DATASET = ID["dataset"]
# The tidy tables of dist/, one per query in queries/tables/ (tables.py; a test keeps both in step)
CSV_TABLES = ("coordinators", "decision-objects", "decisions", "document-submitters", "documents",
              "finding-themes", "findings", "footnote-members", "participants")
MEDIA_TYPES = {"ccm.ttl": "text/turtle", "ccm.nt": "application/n-triples",
               "ccm.jsonld": "application/ld+json", "ccm.trig": "application/trig",
               "ccm.wikidata.ttl": "text/turtle", "datapackage.json": "application/json",
               **{f"{name}.csv": "text/csv" for name in CSV_TABLES}}


def ntriples(turtle_bytes: bytes | None = None, store: ox.Store | None = None) -> bytes:
    """Sorted N-Triples; pyoxigraph parses and writes them many times faster than rdflib. From
    Turtle, or from a store that holds the graph already (the build's: no second parse)."""
    if store is None:
        triples = ox.parse(turtle_bytes, format=ox.RdfFormat.TURTLE)
        text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    else:
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    lines = text.decode("utf-8").splitlines()
    return ("\n".join(sorted(set(lines))) + "\n").encode("utf-8")


def trig(files: dict[str, bytes]) -> bytes:
    """One named graph per data file (graph/{name}), each the file's canonical Turtle body."""
    prefixes: set[str] = set()
    blocks = []
    for name, data in sorted(files.items()):
        lines = data.decode("utf-8").splitlines()
        prefixes.update(line for line in lines if line.startswith("PREFIX "))
        body = [line for line in lines if not line.startswith("PREFIX ")]
        blocks.append(f"<{GRAPH[name]}> {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


# ---------------------------------------------------------------------------------- JSON-LD
def jsonld_context(graph: Graph) -> dict:
    """A readable context: our prefixes, and a short term for every ccm: property (its local
    name, which is unique), typed where every value in the graph has one type, so that values
    are plain strings wherever the type is known."""
    _COMPACTED.clear()
    _NAMESPACES.clear()
    ctx: dict = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces())
                 if prefix and prefix in PREFIXES}
    for predicate in sorted(set(graph.predicates())):
        local = str(predicate)[len(str(CCM._NS)):]
        if str(predicate).startswith(str(CCM._NS)) and local not in ctx:
            ctx[local] = term_definition(graph, predicate, ctx)
    return {"@context": ctx}


PREFIXES = {"ccm", "ccmr", "cv", "dcterms", "oa", "org", "owl", "prov", "rdf", "rdfs", "skos",
            "time", "xsd", "wd", "doco", "foaf", "undo", "vann"}


def term_definition(graph: Graph, predicate: URIRef, ctx: dict) -> dict:
    definition: dict = {"@id": compact(predicate, ctx)}
    objects = set(graph.objects(None, predicate))
    if all(isinstance(o, URIRef) for o in objects):
        definition["@type"] = "@id"
    elif all(isinstance(o, Literal) and o.datatype and not o.language for o in objects):
        datatypes = {o.datatype for o in objects}
        if len(datatypes) == 1:
            definition["@type"] = compact(datatypes.pop(), ctx)
    return definition


def compact(iri, ctx: dict) -> str:
    """prefix:local for the longest namespace of the context that IRI starts with."""
    iri = str(iri)
    key = (id(ctx), iri)
    if key not in _COMPACTED:
        best = longest_namespace(iri, ctx)
        prefix = namespaces_of(ctx)[best] if best else ""
        _COMPACTED[key] = f"{prefix}:{iri[len(best):]}" if best else iri
    return _COMPACTED[key]


def longest_namespace(iri: str, ctx: dict) -> str:
    """Our namespaces all end in '/' or '#', so only the IRI's prefixes ending there are looked
    up (a scan of every namespace per IRI is what made JSON-LD slow on large graphs)."""
    by_ns = namespaces_of(ctx)
    cut = len(iri) - 1
    while cut > 0:
        cut = max(iri.rfind("/", 0, cut), iri.rfind("#", 0, cut))
        if cut < 0:
            break
        ns = iri[:cut + 1]
        if ns in by_ns and not iri[cut + 1:].startswith("/"):
            return ns
    return ""


def namespaces_of(ctx: dict) -> dict[str, str]:
    """namespace -> prefix of a JSON-LD context (the first prefix for a namespace bound twice)."""
    key = id(ctx)
    if key not in _NAMESPACES:
        _NAMESPACES[key] = {}
        for prefix, ns in ctx.items():
            if isinstance(ns, str):
                if not ns.endswith(("/", "#")):
                    raise ValueError(f"namespace {ns} of prefix {prefix} must end in / or #")
                _NAMESPACES[key].setdefault(ns, prefix)
    return _NAMESPACES[key]


_NAMESPACES: dict[int, dict[str, str]] = {}
_COMPACTED: dict[tuple[int, str], str] = {}  # compact() is called once per term of every triple


def jsonld(graph: Graph, context: dict) -> bytes:
    """Compacted JSON-LD with the context inline (the same as dist/context.jsonld), nodes sorted
    by @id; written directly, because rdflib's compaction is slow and orders nothing."""
    ctx = context["@context"]
    _COMPACTED.clear()  # keyed by id(ctx): valid while this ctx lives
    _NAMESPACES.clear()
    terms = {v["@id"]: (k, v) for k, v in ctx.items() if isinstance(v, dict)}
    nodes: dict[URIRef, dict] = {}
    keys: dict = {}  # predicate -> (JSON key, term definition), looked up once per predicate
    for s, p, o in graph:
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"@id": compact(s, ctx)}
        if str.__eq__(p, TYPE):
            node.setdefault("@type", []).append(compact(o, ctx))
            continue
        if p not in keys:
            keys[p] = terms.get(compact(p, ctx), (compact(p, ctx), {}))
        key, definition = keys[p]
        node.setdefault(key, []).append(value(o, definition, ctx))
    ordered = []
    for s in sorted(nodes, key=str):
        node = nodes[s]
        ordered.append({k: (v if k == "@id" or len(v) == 1 else sorted(v, key=sort_key))
                        for k, v in sorted(node.items())})
    # one node per line: diff-friendly, and written by json's C encoder (indent= takes its slow
    # pure-Python path, seconds on large graphs)
    nodes_text = ",\n".join(json.dumps(node, ensure_ascii=False) for node in ordered)
    head = json.dumps({"@context": ctx}, ensure_ascii=False, indent=1)[:-2]  # without the closing "\n}"
    return (f'{head},\n "@graph": [\n{nodes_text}\n ]\n}}\n').encode("utf-8")


def value(o, definition: dict, ctx: dict):
    coerced = definition.get("@type")
    if isinstance(o, URIRef):
        return compact(o, ctx) if coerced == "@id" else {"@id": compact(o, ctx)}
    if o.language:
        return {"@value": str(o), "@language": o.language}
    datatype = o.datatype or XSD_STRING
    if coerced and coerced != "@id" and coerced == compact(datatype, ctx):
        return str(o)
    if datatype == XSD_STRING and not coerced:
        return str(o)
    return {"@value": str(o), "@type": compact(datatype, ctx)}


def sort_key(v) -> str:
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def dumps(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------- CSV
def csv_tables(store: ox.Store, queries: Path) -> dict[str, bytes]:
    """The tidy tables as CSV, each from its query in queries/tables/ (ORDER BY makes it stable),
    and datapackage.json, their Frictionless Data description."""
    from .tables import csv_tables as tidy_tables

    return tidy_tables(store, queries)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# ---------------------------------------------------------------------------------- VoID
def void(merged: Graph, sizes: dict[str, int], wikidata_triples: int) -> bytes:
    """VoID + DCAT description of dist/; counts are of the merged graph, nothing is timed."""
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("ccmr", ID),
                       ("owl", OWL), ("rdfs", RDFS), ("xsd", XSD), ("ccm", CCM._NS)):
        g.bind(prefix, ns)
    ontology = ONTOLOGY_IRI
    version = str(merged.value(ontology, OWL.versionInfo) or "")
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("ccmkg: a knowledge graph of CCM/MSP/2011/5", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "The final document of the Second Meeting of States Parties to the Convention on Cluster "
        "Munitions (Beirut, 12-16 September 2011) as an RDF knowledge graph: its structure, "
        "participants, findings, decisions, roles and documents, each fact traced to its paragraph "
        "or footnote with the exact words, and links of its States and instruments to ISO 3166-1, "
        "UN M49, GeoNames and Wikidata.", lang="en")))
    g.add((d, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((d, DCTERMS.source, URIRef("https://undocs.org/CCM/MSP/2011/5")))
    g.add((d, DCTERMS.source, ID["doc/CCM-MSP-2011-5"]))
    g.add((d, OWL.versionInfo, Literal(version)))
    g.add((d, URIRef(str(DCAT) + "version"), Literal(version)))  # DCAT 3; rdflib lists DCAT 2
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.triples, Literal(len(merged))))
    entities = {s for s in merged.subjects() if str(s).startswith(str(ID))}
    g.add((d, VOID.entities, Literal(len(entities))))
    classes = set(merged.objects(None, RDF.type))
    g.add((d, VOID.classes, Literal(len(classes))))
    g.add((d, VOID.properties, Literal(len(set(merged.predicates())))))
    for ns in sorted(vocabularies(merged)):
        g.add((d, VOID.vocabulary, URIRef(ns)))
    members: dict = {}  # class -> its instances, in one pass over the rdf:type triples
    for s, cls in merged.subject_objects(RDF.type):
        members.setdefault(cls, set()).add(s)
    for cls in sorted(c for c in classes if str(c).startswith(str(CCM._NS))):
        partition = ID[f"dataset/class/{str(cls).split('#')[-1]}"]
        g.add((d, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, Literal(len(members[cls]))))
    for name, size in sorted(sizes.items()):
        distribution(g, name, size)
    for target, predicate in linkset_targets(merged):
        linkset(g, merged, target, predicate)
    return turtle(g)


def vocabularies(merged: Graph) -> set[str]:
    used = set(merged.predicates()) | set(merged.objects(None, RDF.type))
    known = {str(ns) for _, ns in merged.namespaces()}
    return {ns for ns in known for term in used if str(term).startswith(ns)
            and str(term)[len(ns):] and not any(c in str(term)[len(ns):] for c in "/#")}


def distribution(g: Graph, name: str, size: int) -> None:
    dist = ID[f"dataset/distribution/{name}"]
    g.add((DATASET, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(name)))
    g.add((dist, DCAT.downloadURL, URIRef(BASE + f"dist/{name}")))
    g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[name]}")))
    g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    if MEDIA_TYPES[name] not in ("text/csv", "application/json") and name != "ccm.wikidata.ttl":
        g.add((DATASET, VOID.dataDump, URIRef(BASE + f"dist/{name}")))


LINKSET_TARGETS = {str(WD): "wikidata", str(GEONAMES): "geonames"}


def linkset_targets(merged: Graph) -> list[tuple[str, URIRef]]:
    from rdflib import SKOS
    found = set()
    for predicate in (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch):
        for o in merged.objects(None, predicate):
            for prefix in LINKSET_TARGETS:
                if str(o).startswith(prefix):
                    found.add((prefix, predicate))
    return sorted(found)


def linkset(g: Graph, merged: Graph, target: str, predicate: URIRef) -> None:
    name = f"{LINKSET_TARGETS[target]}-{str(predicate).rsplit('#', 1)[-1]}"
    ls = ID[f"dataset/linkset/{name}"]
    other = ID[f"dataset/{LINKSET_TARGETS[target]}"]
    count = sum(1 for o in merged.objects(None, predicate) if str(o).startswith(target))
    g.add((DATASET, VOID.subset, ls))
    g.add((ls, RDF.type, VOID.Linkset))
    g.add((ls, VOID.subjectsTarget, DATASET))
    g.add((ls, VOID.objectsTarget, other))
    g.add((ls, VOID.linkPredicate, predicate))
    g.add((ls, VOID.triples, Literal(count)))
    g.add((other, RDF.type, VOID.Dataset))
    g.add((other, VOID.uriSpace, Literal(target)))
    g.add((other, DCTERMS.title, Literal(LINKSET_TARGETS[target].capitalize() if target != str(GEONAMES) else "GeoNames")))


def dist_files(merged: Graph, merged_ttl: bytes, data_files: dict[str, bytes], queries: Path,
               store: ox.Store | None = None) -> dict[str, bytes]:
    """Every file of dist/ besides ccm.ttl, by name; void.ttl describes the others. `store` may
    hold the merged graph already loaded into pyoxigraph."""
    from .wikidata import profile

    if store is None:
        store = ox.Store()
        store.bulk_load(merged_ttl, format=ox.RdfFormat.TURTLE)
    context = jsonld_context(merged)
    out = {"ccm.nt": ntriples(store=store), "ccm.trig": trig(data_files),
           "context.jsonld": dumps(context), "ccm.jsonld": jsonld(merged, context),
           "ccm.wikidata.ttl": profile(store=store, shapes=queries.parent / "shapes"), **csv_tables(store, queries)}
    sizes = {name: len(data) for name, data in out.items() if name in MEDIA_TYPES}
    sizes["ccm.ttl"] = len(merged_ttl)
    out["void.ttl"] = void(merged, sizes, 0)
    return out
