"""The build: source text and annotations in, the document's facts as triples out.

The stages, in order: read the source, load the annotations, resolve names and build the facts,
describe the entities they use, then write data/ttl/ and dist/ (all files or none).
"""
from __future__ import annotations

import gc
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, SKOS, Graph

from . import cache
from .annotations import load_all
from .errors import InputError
from .export import TurtleBlocks, assemble, dist_files, merged_turtle, remove_stale, write_all
from .lint import lint_ontology
from .coverage import build_coverage, table_csv, totals_line
from .derive import derive, load_rules
from .facts.agents import build_agents, build_instruments
from .facts.base import Context, bind_prefixes
from .facts.challenges import build_challenges
from .facts.decisions import build_decisions
from .facts.declaration import build_declaration
from .facts.documents import build_documents
from .facts.events import build_events
from .facts.findings import build_figures, build_findings
from .facts.narrative import build_narrative
from .facts.obligations import build_obligations
from .facts.participation import build_participation
from .facts.resources import build_resources
from .facts.roles import build_roles
from .facts.structure import build_structure
from .links import build_links
from .names import Names
from .project import DOCUMENT, Project
from .reason import Inconsistent, ntriples, reason
from .source import check_source, read_source, source_record
from .triples import TripleSet, from_oxigraph
from .web.matrix import from_store as findings_matrix
from .web.obligations import from_store as obligations_matrix
from .validate import load_shapes, validate
from .vocab import CCM

def load_ontology(project: Project) -> TripleSet:
    """The ontology files as one graph, parsed by pyoxigraph (rdflib's parser takes five times
    longer); it may hold no blank nodes, like the data."""
    graph = bind_prefixes(TripleSet())
    converted: dict = {}
    for path in project.ontology_files:
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except FileNotFoundError:
            raise InputError(str(path), "ontology file not found") from None
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(str(path), f"cannot parse: {exc}") from None
        for triple in triples:
            terms = tuple(from_oxigraph(t, converted) for t in (triple.subject, triple.predicate, triple.object))
            if None in terms:
                raise InputError(str(path), f"a blank node in the ontology: {triple}")
            graph.add(terms)
    return graph


def build_facts(project: Project, ontology: TripleSet, timings: dict[str, float] | None = None) -> Context:
    """Every stage up to the data graphs, in the order the data flows."""
    timings = {} if timings is None else timings
    with timed(timings, "source"):
        source = read_source(project.source)
        check_source(project.source, project.source_record)
    with timed(timings, "annotations"):
        annotations = load_all(project.annotations)
    for name in ("names", "participation", "findings", "figures", "sections", "resources",
                 "roles", "decisions", "documents", "declaration", "events", "narrative"):
        if name not in annotations:
            raise InputError(str(project.annotations / f"{name}.yaml"), "annotation file missing")
    ctx = Context(source, Names(annotations["names"]), DOCUMENT,
                  concepts=set(ontology.subjects(RDF.type, SKOS.Concept)))
    with timed(timings, "extract"):
        build_stages(ctx, annotations, project.root / "data" / "reference")
    return ctx


def build_stages(ctx: Context, annotations: dict, reference: Path) -> None:
    build_structure(ctx)
    build_participation(ctx, annotations["participation"])
    build_findings(ctx, annotations["findings"])
    build_figures(ctx, annotations["figures"])
    build_challenges(ctx, annotations["sections"])
    build_resources(ctx, annotations["resources"], "resources")
    build_roles(ctx, annotations["roles"])
    build_decisions(ctx, annotations["decisions"])
    build_documents(ctx, annotations["documents"])
    build_declaration(ctx, annotations["declaration"])
    build_events(ctx, annotations["events"])
    build_narrative(ctx, annotations["narrative"])  # after every fact dated as at a part's date
    build_obligations(ctx, reference)
    build_agents(ctx)
    build_instruments(ctx)
    build_links(ctx, reference)
    # last: every sentence is matched against the quotes of all the facts above
    ctx.sentences = build_coverage(ctx, {name: entry for name, entry in annotations.items()
                                         if name.startswith("coverage")})


@dataclass
class Summary:
    triples: int
    data_triples: int
    classes: Counter
    findings: int
    count_differences: list[str]
    checks: list[str] = field(default_factory=list)  # reasoning and validation, one line each
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    coverage: str = ""  # the coverage totals line (ccmkg.coverage.totals_line)
    cached: bool = False  # nothing to do: inputs and outputs as the last build left them

    def to_record(self) -> dict:
        return {"triples": self.triples, "data_triples": self.data_triples, "classes": dict(self.classes),
                "findings": self.findings, "count_differences": self.count_differences, "checks": self.checks,
                "coverage": self.coverage}

    @classmethod
    def from_record(cls, record: dict) -> "Summary":
        return cls(record["triples"], record["data_triples"], Counter(record["classes"]), record["findings"],
                   record["count_differences"], record["checks"], coverage=record.get("coverage", ""))

    def lines(self) -> list[str]:
        out = [f"triples: {self.triples} ({self.data_triples} data, "
               f"{self.triples - self.data_triples} ontology)",
               f"findings: {self.findings}", "entities per class:"]
        out += [f"  {cls}: {n}" for cls, n in sorted(self.classes.items())]
        out.append(f"stated counts that differ from the listed members: {len(self.count_differences)}")
        out += [f"  {line}" for line in self.count_differences]
        if self.coverage:
            out.append(f"{self.coverage} (per sentence: dist/coverage.csv; ccmkg coverage names the unaccounted)")
        return out + self.checks


def summarize(data: set, merged: TripleSet) -> Summary:
    """Counts of the data triples (all data files together) and of the merged graph. One pass,
    predicates compared as plain strings (rdflib's own comparison runs in Python)."""
    type_iri, group_iri, stated_iri, ours = str(RDF.type), str(CCM.group), str(CCM.statedCount), str(CCM._NS)
    typed, members, stated_counts = set(), {}, []
    for s, p, o in data:
        p = str.__str__(p)
        if p == type_iri:
            if o.startswith(ours):
                typed.add((s, o))
        elif p == group_iri:
            members.setdefault(o, set()).add(s)
        elif p == stated_iri:
            stated_counts.append((s, o))
    classes = Counter(str(o).split("#")[-1] for _, o in typed)
    differences = []
    for group, stated in sorted(stated_counts):
        listed = len(members.get(group, ()))
        if listed != stated.toPython():
            where = "/".join(str(group).split("/")[-2:])
            differences.append(f"{where}: stated {stated}, listed {listed}")
    return Summary(len(merged), len(data), classes, classes.get("Finding", 0), differences)


@contextmanager
def timed(timings: dict[str, float], stage: str):
    """Add the wall time of the block to timings[stage] (the bench reads these)."""
    started = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def build(project: Project, data_dir: Path | None = None, dist: Path | None = None,
          force: bool = False) -> Summary:
    """Build data/ttl/ and dist/; unless `force`, do nothing when the last build's record shows the
    same inputs and untouched outputs (ccmkg.cache)."""
    timings: dict[str, float] = {}
    data_dir, dist = data_dir or project.data_dir, dist or project.dist
    for folder in (data_dir, dist):  # temporary files of a build that was stopped while writing
        remove_stale(folder)
    with timed(timings, "cache"):
        # a source accepted anew (its record deleted) gets its record from this build: a full build
        record = None if project.source_record.exists() or not project.source.is_file() \
            else {project.source_record: source_record(project.source)}
        key = cache.inputs_key(project.inputs(), project.root, data_dir, dist, pending=record)
        last = None if force or record else cache.lookup(dist / cache.RECORD, key)
    if last is not None:
        summary = Summary.from_record(last)
        summary.timings, summary.cached = timings, True
        return summary
    with fewer_collections():
        with timed(timings, "ontology"):
            ontology = load_ontology(project)
            lint_ontology(ontology)
        ctx = build_facts(project, ontology, timings)
        return publish(project, ontology, ctx.graphs, data_dir, dist, timings, key, record,
                       dist_extra={"coverage.csv": table_csv(ctx.sentences)}, coverage=totals_line(ctx.sentences))


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


def publish(project: Project, ontology: TripleSet, graphs: dict[str, Graph], data_dir: Path, dist: Path,
            timings: dict[str, float], key: str | None = None, extra: dict[Path, bytes] | None = None,
            dist_extra: dict[str, bytes] | None = None, coverage: str = "") -> Summary:
    """Every stage after the facts: export, reason, validate, then write all files or none (with
    the cache record when `key` is given, the `extra` files by path and the `dist_extra` files in
    dist/). The benchmark calls this with synthetic graphs too."""
    exported = distributions(project, ontology, graphs, timings)
    files: dict[Path, bytes] = {data_dir / f"{name}.ttl": content
                                for name, content in exported.data_files.items() if name != "ontology"}
    files.update((dist / name, content) for name, content in exported.dist.items())
    files.update((dist / name, content) for name, content in (dist_extra or {}).items())
    merged, store, data = exported.merged, exported.store, exported.data
    checks = check(project, merged, store, timings)
    files[dist / "inferred.nt"] = ntriples(checks.pop())
    summary = summarize(data, merged)
    summary.checks, summary.coverage = checks, coverage
    with timed(timings, "write"):
        if key is not None:
            files[dist / cache.RECORD] = cache.record(key, files, summary.to_record(), dist)
        write_all({**files, **(extra or {})})
    summary.timings = timings
    return summary


@dataclass
class Exported:
    """What the export stage makes of the ontology and the data graphs: each data file's Turtle
    (and the ontology's, under "ontology"), every file of dist/ by name, the merged graph (also
    loaded into a pyoxigraph store) and the data triples alone."""

    data_files: dict[str, bytes]
    dist: dict[str, bytes]
    merged: TripleSet
    store: ox.Store
    data: set


def distributions(project: Project, ontology: Graph, graphs: dict, timings: dict[str, float] | None = None,
                  derive_facts: bool = True) -> Exported:
    """The export stage, with the derive stage inside it (the rules read the data files' store):
    `ccmkg build` writes all of it, `ccmkg export` one file of it, so that an export is byte for
    byte the file of dist/. `derive_facts=False` when `graphs` already hold the derived file."""
    timings = {} if timings is None else timings
    parts: list[TurtleBlocks] = []
    data_files: dict[str, bytes] = {}
    data: set = set()
    store = ox.Store()  # the merged graph, loaded file by file from the Turtle written anyway

    def add_file(name: str, graph) -> None:
        parts.append(TurtleBlocks(graph))
        data_files[name] = assemble(parts[-1])
        store.bulk_load(data_files[name], format=ox.RdfFormat.TURTLE)
        if name != "ontology":
            data.update(graph)

    with timed(timings, "export"):
        add_file("ontology", ontology)
        for name, graph in sorted(graphs.items()):
            add_file(name, graph)
    if derive_facts:
        with timed(timings, "derive"):
            add_file("derived", derive(store, load_rules(project.rules), project.root))
    with timed(timings, "export"):
        merged = TripleSet(data.union(ontology), bind_prefixes(TripleSet()).namespaces())
        merged_ttl = merged_turtle(merged, parts)
        files = {"ccm.ttl": merged_ttl,
                 **dist_files(merged, merged_ttl, data_files, project.root / "queries", store),
                 "findings-matrix.svg": findings_matrix(store),
                 "obligations-matrix.svg": obligations_matrix(store)}
    return Exported(data_files, files, merged, store, data)


class NotConforming(Exception):
    """The graph has SHACL violations; `report` holds every result."""

    def __init__(self, report):
        super().__init__(report.summary())
        self.report = report


def check(project: Project, merged: TripleSet, store: ox.Store, timings: dict[str, float]) -> list:
    """OWL RL consistency, then the shapes; returns report lines and, last, the inferred triples."""
    with timed(timings, "reason"):
        reasoning = reason(merged)
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
    return lines + [reasoning.inferred]
