"""The build: every document's source text and annotations in, its facts as triples out.

The stages, in order, for each document of the project (ccmkg.project): read the source, load the
annotations, resolve names and build the facts, describe the entities they use; then for all of
them together write_outputs: export each document's data files (deriving from each document
alone), merge them into dist/'s distributions, reason, validate, and write data/ttl/KEY/ and
dist/ (all files or none).
"""
from __future__ import annotations

import gc
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, SKOS, Graph

from . import cache
from .annotations import load_all, load_names
from .coverage import build_coverage, table_csv, totals, totals_text
from .derive import derive, load_rules
from .errors import InputError
from .export.distributions import StagedFiles, dist_files, remove_stale
from .export.findings_matrix import from_store as findings_matrix
from .export.obligations_matrix import from_store as obligations_matrix
from .export.turtle import TurtleBlocks, assemble, merged_grouping, union_turtle
from .facts.agents import build_agents, build_instruments
from .facts.base import Context
from .facts.challenges import build_challenges
from .facts.decisions import build_decisions
from .facts.declaration import build_declaration
from .facts.documents import build_documents
from .facts.events import build_events
from .facts.findings import build_figures, build_findings
from .facts.links import build_links, read_csv
from .facts.narrative import build_narrative
from .facts.obligations import build_obligations
from .facts.participation import build_participation
from .facts.resources import build_resources
from .facts.roles import build_roles
from .facts.structure import build_structure
from .lint import lint_ontology
from .names import Names
from .namespaces import ID, bind_prefixes
from .project import NAMES, Document, Project, load_ontology
from .export.ntriples import inferred_ntriples
from .reason import Inconsistent, reason_ntriples
from .shacl import load_shapes, validate
from .source import check_source, read_source, source_record
from .summary import Summary, summarize
from .terms import CCM
from .triples import TripleSet

__all__ = ["Project", "Document", "Summary", "build", "build_facts", "load_ontology", "write_outputs",
           "distributions", "check", "NotConforming"]

# The annotation files every document has; the others (figures, sections, resources, roles,
# documents, declaration, events, narrative) hold kinds of facts a document may not have.
REQUIRED_ANNOTATIONS = ("participation", "findings", "decisions")


def build_facts(project: Project, ontology: TripleSet, timings: dict[str, float] | None = None,
                document: Document | None = None) -> Context:
    """Every stage up to one document's data graphs, in the order the data flows (by default the
    project's first document, in key order)."""
    timings = {} if timings is None else timings
    document = document or project.documents()[0]
    with timed(timings, "source"):
        source = read_source(document.source)
        check_source(document.source, document.source_record)
    with timed(timings, "annotations"):
        annotations = load_all(document.annotations)
        names = load_names(project.names, annotations.pop(NAMES.removesuffix(".yaml"), None))
    for name in REQUIRED_ANNOTATIONS:
        if name not in annotations:
            raise InputError(str(document.annotations / f"{name}.yaml"), "annotation file missing")
    ctx = Context(source, Names(names), document.key, concepts=set(ontology.subjects(RDF.type, SKOS.Concept)))
    with timed(timings, "extract"):
        build_stages(ctx, annotations, project.reference)
    return ctx


def build_stages(ctx: Context, annotations: dict, reference: Path) -> None:
    """The fact builders in the order the data flows; each annotation file feeds its own."""
    build_structure(ctx)
    for name, build_from in ANNOTATED_STAGES:
        if name in annotations:
            build_from(ctx, annotations[name])
    build_obligations(ctx, reference)
    build_agents(ctx)
    build_instruments(ctx)
    build_links(ctx, reference)
    # last: every sentence is matched against the quotes of all the facts above
    ctx.sentences = build_coverage(ctx, {name: entry for name, entry in annotations.items()
                                         if name.startswith("coverage")})


ANNOTATED_STAGES = (  # (annotation file, its builder), after build_structure
    ("participation", build_participation),
    ("findings", build_findings), ("figures", build_figures), ("sections", build_challenges),
    ("resources", lambda ctx, entry: build_resources(ctx, entry, "resources")), ("roles", build_roles),
    ("decisions", build_decisions), ("documents", build_documents), ("declaration", build_declaration),
    ("events", build_events),
    ("narrative", build_narrative))  # after every fact dated as at a part's date


@contextmanager
def timed(timings: dict[str, float], stage: str):
    """Add the wall time of the block to timings[stage] (the bench reads these), and its CPU time
    (this process's, all threads) to timings.cpu[stage] when `timings` has a `cpu` dict."""
    started, cpu_started = time.perf_counter(), time.process_time()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started
    cpu = getattr(timings, "cpu", None)
    if cpu is not None:
        cpu[stage] = cpu.get(stage, 0.0) + time.process_time() - cpu_started


def build(project: Project, data_dir: Path | None = None, dist: Path | None = None,
          force: bool = False) -> Summary:
    """Build data/ttl/ and dist/ from every document; unless `force`, do nothing when the last
    build's record shows the same inputs and untouched outputs, and read back the facts of each
    document whose own inputs and data files are as it left them (ccmkg.cache)."""
    timings: dict[str, float] = {}
    data_dir, dist = data_dir or project.data_dir, dist or project.dist
    for folder in (data_dir, dist):  # temporary files of a build that was stopped while writing
        remove_stale(folder)
    documents = project.documents()
    with timed(timings, "cache"):
        # a source accepted anew (its record deleted) gets its record from this build
        records = {doc.source_record: source_record(doc.source) for doc in documents
                   if not doc.source_record.exists()}
        key, keys = cache.build_keys(project, documents, data_dir, dist, records)
        last = {} if force else cache.read(dist / cache.RECORD)
        done = None if records else cache.lookup(last, dist / cache.RECORD, key)
        reusable = cache.reusable(last, dist / cache.RECORD, keys)
    if done is not None:
        summary = Summary.from_record(done)
        summary.timings, summary.cached = timings, True
        summary.documents = {doc.key: "reused" for doc in documents}
        return summary
    with fewer_collections():
        with timed(timings, "ontology"):
            ontology = load_ontology(project)
            lint_ontology(ontology)
        with timed(timings, "read back"):
            parts = {key: cache.DocumentFacts.read_back(key, *found) for key, found in reusable.items()}
        parts = [parts.get(doc.key) or extracted(build_facts(project, ontology, timings, doc)) for doc in documents]
        check_instruments_described(project, [part.graphs for part in parts])
        header = table_csv({})
        coverage_csv = header + "".join(part.coverage_rows for part in sorted(parts, key=lambda p: p.key)).encode()
        summary = write_outputs(project, ontology, {part.key: part.graphs for part in parts}, data_dir, dist,
                                timings, key, records, dist_extra={"coverage.csv": coverage_csv},
                                coverage=coverage_line(parts),
                                entries={part.key: part.entry(keys[part.key]) for part in parts})
    summary.documents = {part.key: "reused" if part.reused else "rebuilt" for part in parts}
    return summary


def extracted(ctx: Context) -> cache.DocumentFacts:
    """A document's part of the build from its facts as extracted."""
    rows = table_csv({ctx.doc_key: ctx.sentences}).decode("utf-8").split("\n", 1)[1]
    return cache.DocumentFacts(ctx.doc_key, ctx.graphs, rows, totals(ctx.sentences), cache.extra_prefixes(ctx.graphs))


def coverage_line(parts: list[cache.DocumentFacts]) -> str:
    """The coverage totals line of every document together."""
    added: dict = {name: sum(part.coverage_totals[name] for part in parts)
                   for name in ("sentences", "with_facts", "no_fact", "unaccounted")}
    reasons: Counter = Counter()
    for part in parts:
        reasons.update(part.coverage_totals["reasons"])
    return totals_text({**added, "reasons": dict(sorted(reasons.items()))})


def check_instruments_described(project: Project, documents: list[dict[str, Graph]]) -> None:
    """Each instrument of the reference table of links is described by some document (each
    document links only those it describes): a row naming none is a mistake in the table."""
    path = project.reference / "instruments.csv"
    described = {s for graphs in documents for graph in graphs.values() for s in graph.subjects(RDF.type, None)}
    for where, row in read_csv(path, {"subject", "relation", "target"}):
        if ID[row["subject"]] not in described:
            raise InputError(where, f"'{row['subject']}' is not an entity of the graph")


@contextmanager
def fewer_collections():
    """Run the cyclic garbage collector less often while building. A build makes hundreds of
    thousands of small objects (terms, tuples) that live until it ends; at Python's default rhythm
    (a collection every 700 allocations) the collector rescans them again and again, about a tenth
    of the build's time. Reference counting still frees everything as usual."""
    default = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*default)


def write_outputs(project: Project, ontology: TripleSet, documents: dict[str, dict[str, Graph]], data_dir: Path,
                  dist: Path, timings: dict[str, float], key: str | None = None,
                  extra: dict[Path, bytes] | None = None, dist_extra: dict[str, bytes] | None = None,
                  coverage: str = "", entries: dict[str, dict] | None = None) -> Summary:
    """Every stage after the facts of each document (its data graphs by name, under its key):
    export, reason, validate, then write all files or none: data_dir/KEY/NAME.ttl, dist/ (with the
    cache record when `key` is given, each document's `entries` in it, the `extra` files by path
    and the `dist_extra` files). Each
    file goes to a temporary file as soon as it is made (its bytes are not kept), and all are
    renamed into place once the graph is consistent and conforms. The benchmark calls this with
    synthetic graphs too."""
    staged = StagedFiles()
    try:
        with fewer_collections():
            summary = stage_outputs(project, ontology, documents, data_dir, dist, timings, staged, dist_extra)
        summary.coverage = coverage
        with timed(timings, "write"):
            if key is not None:
                record = cache.record(key, dict(staged.digests), summary.to_record(), dist, entries, data_dir)
                staged.add(dist / cache.RECORD, record)
            for path, content in (extra or {}).items():
                staged.add(path, content)
            staged.commit()
            remove_unwritten(data_dir, staged.digests)
    finally:
        staged.discard()
    summary.timings = timings
    return summary


def stage_outputs(project: Project, ontology: TripleSet, documents: dict[str, dict[str, Graph]], data_dir: Path,
                  dist: Path, timings: dict[str, float], staged: StagedFiles,
                  dist_extra: dict[str, bytes] | None) -> Summary:
    """Export, reason and validate, each file staged as soon as the stage that needs it is done;
    dist/ccm.nt is kept until the reasoner has read it."""
    exported = distributions(project, ontology, documents, timings)
    summary = summarize(exported.data_groupings, exported.data_triples, len(exported.merged))
    store, ntriples = exported.store, exported.dist.pop("ccm.nt")
    with timed(timings, "write"):
        for name in [name for name in exported.data_files if name != "ontology"]:
            staged.add(data_dir / f"{name}.ttl", exported.data_files.pop(name))
        for name in list(exported.dist):
            staged.add(dist / name, exported.dist.pop(name))
        for name, content in (dist_extra or {}).items():
            staged.add(dist / name, content)
    del exported  # the merged graph's triples and groupings: the store and ccm.nt hold what follows
    checked = check(project, ntriples, store, timings)
    with timed(timings, "write"):
        staged.add(dist / "ccm.nt", ntriples)
        del ntriples
        staged.add(dist / "inferred.nt", inferred_ntriples(checked.inferred))
    summary.checks = checked.lines
    return summary


def remove_unwritten(data_dir: Path, files: dict[Path, object]) -> None:
    """Data files this build did not write (a document removed, or an annotation file it no
    longer has): removed once the new files are in place, since every command that reads the
    built graph loads each data/ttl/KEY/*.ttl there is."""
    for path in sorted(data_dir.glob("*/*.ttl")):
        if path not in files:
            path.unlink()
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir() and not any(p.iterdir())):
        folder.rmdir()


@dataclass
class Exported:
    """What the export stage makes of the ontology and the documents' graphs: each data file's
    Turtle by name (KEY/NAME, and the ontology's under "ontology"), every file of dist/ by name, the
    merged graph (also loaded into a pyoxigraph store), the data files' triples grouped by subject
    (one grouping per file) and the number of distinct data triples."""

    data_files: dict[str, bytes]
    dist: dict[str, bytes]
    merged: TripleSet
    store: ox.Store
    data_groupings: list[dict]
    data_triples: int


class TurtleFiles:
    """The data files as they are exported: each graph's canonical Turtle by name, its subject
    blocks and grouping (for the merged files) and the union of the triples: the data files'
    first, then the ontology's added (the one set of the merged graph)."""

    def __init__(self):
        self.parts: list[TurtleBlocks] = []
        self.data_files: dict[str, bytes] = {}
        self.triples: set = set()

    def add(self, name: str, graph) -> bytes:
        self.parts.append(TurtleBlocks(graph))
        self.data_files[name] = assemble(self.parts[-1])
        if name != "ontology":
            self.triples.update(graph)
        return self.data_files[name]


def distributions(project: Project, ontology: Graph, documents: dict[str, dict[str, Graph]],
                  timings: dict[str, float] | None = None, derive_facts: bool = True) -> Exported:
    """The export stage, with the derive stage inside it (the rules read each document's store):
    `ccmkg build` writes all of it, `ccmkg export` one file of it, so that an export is byte for
    byte the file of dist/. `derive_facts=False` when the graphs already hold the derived file."""
    timings = {} if timings is None else timings
    turtle = TurtleFiles()
    with timed(timings, "export"):
        turtle.add("ontology", ontology)
    rules = load_rules(project.rules) if derive_facts else []
    for key, graphs in sorted(documents.items()):  # each store let go as soon as its rules have run
        store = document_store(project, turtle, key, graphs, rules, timings, keep=len(documents) == 1)
    with timed(timings, "export"):
        store = store if len(documents) == 1 else merged_store(turtle.data_files)
        data_triples = len(turtle.triples)
        merged = bind_prefixes(TripleSet())
        turtle.triples.update(ontology)
        merged.triples, turtle.triples = turtle.triples, set()  # one set of the merged triples
        grouped = merged_grouping(turtle.parts)  # one grouping for ccm.ttl, the context and ccm.jsonld
        merged_ttl = union_turtle(merged, turtle.parts, grouped)
        files = {"ccm.ttl": merged_ttl,
                 **dist_files(merged, merged_ttl, turtle.data_files, project.root / "queries", store, grouped[0]),
                 "findings-matrix.svg": findings_matrix(store),
                 "obligations-matrix.svg": obligations_matrix(store)}
    return Exported(turtle.data_files, files, merged, store, [part.grouped for part in turtle.parts[1:]],
                    data_triples)


def document_store(project: Project, turtle: TurtleFiles, key: str, graphs: dict[str, Graph], rules: list,
                   timings: dict[str, float], keep: bool = True) -> ox.Store | None:
    """One document's data files exported, loaded into a store of their own with the ontology, and
    its derived file made by the rules from that store: a document's derived facts come from it
    alone, so that adding a document changes no other document's files. Graphs that hold their
    derived file (read back from data/ttl/KEY/) need no rules, and no store unless `keep`."""
    derived = graphs.get("derived")
    store = ox.Store() if keep or (rules and derived is None) else None  # loaded from the Turtle written anyway
    with timed(timings, "export"):
        if store is not None:
            store.bulk_load(turtle.data_files["ontology"], format=ox.RdfFormat.TURTLE)
        for name, graph in sorted(graphs.items()):
            if name != "derived" or not rules:
                written = turtle.add(f"{key}/{name}", graph)
                if store is not None:
                    store.bulk_load(written, format=ox.RdfFormat.TURTLE)
    if rules:
        with timed(timings, "derive" if derived is None else "export"):
            derived = derive(store, rules, project.root) if derived is None else derived
            written = turtle.add(f"{key}/derived", derived)
            if store is not None:
                store.bulk_load(written, format=ox.RdfFormat.TURTLE)
    return store


def merged_store(data_files: dict[str, bytes]) -> ox.Store:
    """The ontology and every document's data files in one store (a corpus of one document uses
    that document's store as it is)."""
    store = ox.Store()
    for _, content in sorted(data_files.items()):
        store.bulk_load(content, format=ox.RdfFormat.TURTLE)
    return store


class NotConforming(Exception):
    """The graph has SHACL violations; `report` holds every result."""

    def __init__(self, report):
        super().__init__(report.summary())
        self.report = report


@dataclass
class Checked:
    """What reasoning and validation say of a consistent, conforming graph: the report lines
    (reasoning, the validation summary, each warning) and the triples OWL RL infers."""

    lines: list[str]
    inferred: set


def check(project: Project, ntriples: bytes, store: ox.Store, timings: dict[str, float]) -> Checked:
    """OWL RL consistency of the merged graph (read from dist/ccm.nt's lines: no rdflib terms),
    then the shapes; an inconsistent or non-conforming graph is an error."""
    with timed(timings, "reason"):
        reasoning = reason_ntriples(ntriples)
    if reasoning.problems:
        raise Inconsistent(reasoning.problems)
    with timed(timings, "validate"):
        report = validate(None, load_shapes(project.root / "shapes"), store=store)
    if not report.conforms:
        raise NotConforming(report)
    # no times in these lines: they go into the build record, which must not change between
    # two builds of the same inputs (the times are in Summary.timings)
    lines = [f"reasoning ({reasoning.engine}): consistent, {len(reasoning.inferred)} inferred triples "
             f"in dist/inferred.nt", f"validation: {report.summary(timed=False)}"]
    lines += [f"  {r.severity}: {r.shape.rsplit('#', 1)[-1]}: {r.message}"
              for r in report.results if r.severity != "Violation"]
    return Checked(lines, reasoning.inferred)
