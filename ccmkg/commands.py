"""The verbs that take the graph elsewhere: export, link, publish, and query --endpoint.

Kept apart from cli.py so that each verb is a few lines there; all read the committed graph
(ontology + data/ttl), the same one the embedded store loads.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .query import render

EXPORT_FORMATS = ("ttl", "nt", "jsonld", "trig", "csv")


def add_verbs(verbs) -> None:
    export = verbs.add_parser("export", help="write the graph in one format (to stdout or --out)")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="ttl")
    export.add_argument("--profile", choices=["ccm", "wikidata"], default="ccm",
                        help="wikidata: treaty statuses as Wikidata statements (Turtle)")
    export.add_argument("--out", help="file to write (a folder for --format csv)")
    link = verbs.add_parser("link", help="compare our Wikidata links with an endpoint's P298 items")
    link.add_argument("--endpoint", required=True, help="SPARQL endpoint with Wikidata-shaped data")
    publish = verbs.add_parser("publish", help="load the graph into a remote SPARQL store")
    target = publish.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", help="SPARQL 1.1 Graph Store Protocol URL (Oxigraph …/store)")
    target.add_argument("--update", help="SPARQL 1.1 Update endpoint URL")
    publish.add_argument("--graph", help="named graph IRI (default: the default graph)")
    publish.add_argument("--replace", action="store_true", help="replace the graph's content")
    publish.add_argument("--query", help="SPARQL query endpoint of the same store, to count what the graph "
                                         "holds when the store gives no answer (default: with --store, a Graph Store GET "
                                         "of the graph; with --update, none)")
    publish.add_argument("--timeout", type=seconds, default=60, help="seconds (default 60)")


def seconds(text: str) -> float:
    """A finite number of seconds above 0 (nan, inf and 0 would mean no timeout, or none at all)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number of seconds") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text[:40]!r}: give a finite number of seconds above 0")
    return value


def graph_files(project) -> list[Path]:
    return project.ontology_files + project.data_files()


def merged_ntriples(project) -> bytes:
    """Fast path for publishing: pyoxigraph parses the files, N-Triples as the wire format."""
    triples = []
    for path in graph_files(project):
        try:
            triples += ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(str(path), f"cannot load: {exc}") from None
    # each triple once: publish compares the store's count with the lines sent
    return ox.serialize(list(dict.fromkeys(triples)), format=ox.RdfFormat.N_TRIPLES)


EXPORT_FILES = {"ttl": "ccm.ttl", "nt": "ccm.nt", "jsonld": "ccm.jsonld", "trig": "ccm.trig"}


def committed_distributions(project) -> dict[str, bytes]:
    """Every file of dist/ made from the committed graph (ontology + data/ttl) by the build's
    own export stage, so that `ccmkg export` writes what `ccmkg build` writes to dist/."""
    from rdflib import Graph

    from .build import distributions, load_ontology
    from .namespaces import bind_prefixes
    from .triples import TripleSet

    documents: dict[str, dict] = {}  # data/ttl/KEY/NAME.ttl: a document's graphs by name
    for path in project.data_files():
        graph = Graph()
        try:
            graph.parse(path, format="turtle")
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror}") from None
        except Exception as exc:  # rdflib raises several parser exception types
            raise InputError(str(path), f"cannot parse: {exc}") from None
        documents.setdefault(path.parent.name, {})[path.stem] = bind_prefixes(TripleSet(graph, graph.namespaces()))
    # data/ttl/ holds derived.ttl already: the rules are not run again
    return distributions(project, load_ontology(project), documents, derive_facts=False).dist


def cmd_export(args, project) -> int:
    from .export.csv_tables import CSV_TABLES
    from .export.distributions import write_all

    if args.format == "csv" and not args.out and args.profile == "ccm":
        raise InputError("--format csv", f"give --out FOLDER (writes {'.csv, '.join(CSV_TABLES)}.csv and datapackage.json)")
    dist = committed_distributions(project)
    if args.profile == "wikidata":
        return emit(args.out, dist["ccm.wikidata.ttl"])
    if args.format == "csv":
        if Path(args.out).exists() and not Path(args.out).is_dir():
            raise InputError(f"--out {args.out}", "not a folder (--format csv writes one file per table)")
        names = [f"{name}.csv" for name in CSV_TABLES] + ["datapackage.json"]
        write_all({Path(args.out) / name: dist[name] for name in names})
        return 0
    if args.format == "jsonld" and args.out:  # the context travels with the file, as in dist/: both or neither
        write_all({Path(args.out).with_name("context.jsonld"): dist["context.jsonld"],
                   Path(args.out): dist["ccm.jsonld"]})
        return 0
    return emit(args.out, dist[EXPORT_FILES[args.format]])


def emit(out: str | None, data: bytes) -> int:
    from .export.distributions import write_all

    if out:
        write_all({Path(out): data})
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_link(args, project, store) -> int:
    from .remote.link import compare, endpoint_links, shipped_links

    shipped = shipped_links(store)
    found = endpoint_links(args.endpoint, sorted(shipped))
    differences = compare(shipped, found)
    for kind, iso3, ours, theirs in differences:
        print(f"{kind}\t{iso3}\tshipped: {ours or '-'}\tendpoint: {theirs or '-'}")
    same = len(shipped) - len(differences)
    print(f"{len(shipped)} entities with ISO codes: {same} agree, "
          + ", ".join(f"{sum(d[0] == k for d in differences)} {k}" for k in ("added", "changed", "missing"))
          + "; nothing written (edit data/reference/ to change a link)")
    return 1 if differences else 0  # as diff(1) does: scripts can tell "all agree" apart


UNKNOWN = 3  # exit code of a publish whose outcome the store's count cannot tell


def cmd_publish(args, project) -> int:
    """Exit 0 published, 2 not published (bad input, refused, HTTP error, or the store holds what
    it held before), 3 unknown (no answer, and the store's count does not tell)."""
    from .remote.endpoint import endpoint_url
    from .remote.publish import Target, graph_iri, publish

    url = endpoint_url(args.store or args.update, "--store" if args.store else "--update")
    query = endpoint_url(args.query, "--query") if args.query else None
    target = Target(url, graph_iri(args.graph), bool(args.store), query)
    data = merged_ntriples(project)
    result, why = publish(target, data, args.replace, args.timeout)
    if result == "not published":
        raise InputError(url, f"not published: {why}")
    if result == "unknown":
        print(f"ccmkg: error: {url}: unknown: {why}", file=sys.stderr)
        return UNKNOWN
    sent = data.count(b"\n")
    print(f"published {sent} triples to {target.name} of {url}"
          + (" (replaced)" if args.replace else "") + (f" ({why})" if why else ""))
    return 0


def remote_query(endpoint: str, query, substitutions: dict, fmt: str, render_with=render) -> bytes:
    """A saved query run on an endpoint, rendered as `render_with` renders local results."""
    from .remote.endpoint import run_query

    results = run_query(endpoint, query.text, substitutions, where=str(query.path))
    if isinstance(results, (ox.QuerySolutions, ox.QueryBoolean)):
        return render_with(results, fmt)
    return ox.serialize(list(results), format=ox.RdfFormat.TURTLE)
