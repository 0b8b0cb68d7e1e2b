"""The `ccmkg` command line: build, query, sparql.

Exit codes: 0 success, 1 the graph does not conform, 2 bad input (the message names the file and
line or the parameter; never a traceback), 3 publish's outcome unknown (README, Exit codes).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from . import commands
from .errors import InputError
from .project import Project
from .query import (FORMATS, Store, add_allow_service, bindings, check_query, default_cache, query_text, read_query,
                    render, saved_queries, saved_query)
from . import namespaces as prefixes, results as readable
from .serve import command as serve_command

# Each verb imports what only it needs, inside its function: `ccmkg query` and `ccmkg sparql` start
# with pyoxigraph alone (no rdflib, no build), in a fraction of the time the whole package takes.


def project_of(args) -> Project:
    root = Path(args.root).resolve()
    if not (root / "data" / "source").is_dir():
        raise InputError(f"--root {root}", "not a ccmkg project folder (no data/source); "
                                           "run ccmkg in the project folder or pass --root")
    return Project(root)


def store_of(project: Project) -> Store:
    """The committed graph's store, kept on disk once per content of its files (query.cached_store)."""
    return Store(project.ontology_files + project.data_files(),
                 prefixes.of_project(project.root), cache=default_cache())


def cmd_build(args) -> int:
    """Exit 1 when the graph is inconsistent or does not conform (nothing is written then)."""
    from .build import NotConforming, build
    from .reason import Inconsistent
    from .shacl.render import render as render_report

    project = project_of(args)
    started = time.perf_counter()
    try:
        summary = build(project, force=args.force)
    except NotConforming as exc:
        sys.stdout.write(render_report(exc.report, "text"))
        print("ccmkg: error: the graph has SHACL violations; nothing written", file=sys.stderr)
        return 1
    except Inconsistent as exc:
        print(f"ccmkg: error: {exc}; nothing written", file=sys.stderr)
        return 1
    print("\n".join(summary.lines()))
    if summary.cached:
        print("inputs and outputs unchanged since the last build: nothing to do (--force rebuilds)")
    else:
        print(f"wrote {project.data_dir.relative_to(project.root)}/ and "
              f"{project.dist.relative_to(project.root)}/ccm.ttl in {time.perf_counter() - started:.2f} s")
    print("stages: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in summary.timings.items()))
    for state in ("rebuilt", "reused"):
        print(f"documents {state}: " + (", ".join(k for k, v in summary.documents.items() if v == state) or "none"))
    return 0


def cmd_validate(args) -> int:
    """The built graph, merged with any FILEs, against shapes/ (ccmkg/shacl/command.py)."""
    from .shacl.command import run

    return run(args, project_of(args), cache=default_cache().parent / "shapes")


def cmd_coverage(args) -> int:
    """Sentences per text part: with facts, named as carrying none, unaccounted (exit 1 if any)."""
    from .build import build_facts, load_ontology
    from .coverage import per_part, totals_line

    project = project_of(args)
    ontology = load_ontology(project)
    documents = {doc: build_facts(project, ontology, document=doc).sentences for doc in project.documents()}
    sentences = [s for found in documents.values() for s in found if s.part.id.startswith(args.part)]
    if not sentences:
        raise InputError(f"--part {args.part}", "no text part has this id or prefix")
    print("part\tsentences\twith_facts\tno_fact\tunaccounted")
    for row in per_part(sentences):
        print("\t".join(str(cell) for cell in row))
    unaccounted = [(doc, s) for doc, found in documents.items() for s in found
                   if s.status == "unaccounted" and s.part.id.startswith(args.part)]
    for doc, s in unaccounted:
        print(f"unaccounted: {doc.source.relative_to(project.root)}:{s.line}: {s.key}: {s.text}")
    print(totals_line(sentences))
    return 1 if unaccounted else 0


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InputError(f"--param {pair[:40]}", "expected name=value")
        if name in params:
            raise InputError(f"--param {name}", "given more than once")
        params[name] = value
    return params


def cmd_query(args) -> int:
    project = project_of(args)
    if args.list:
        for query in saved_queries(project.root / "queries").values():
            params = ", ".join(f"{p.name} ({p.type}, e.g. {p.example}{f', default {p.default}' if p.default else ''})" for p in query.params)
            print(f"{query.name}\t{query.summary}" + (f"\tparams: {params}" if params else ""))
        return 0
    query = read_query(Path(args.file)) if args.file else saved_query(project.root / "queries", args.name)
    if query is None:
        raise InputError(f"query {args.name}", "no such saved query (see ccmkg query --list)")
    substitutions = bindings(query, parse_params(args.param))
    check_query(query.text, set(args.allow_service), where=str(query.path))
    if args.endpoint:  # the same query and output formats, on a remote SPARQL endpoint
        output = output_for(project, query.text, args, str(query.path))
        query.text = prefixes.declarations(prefixes.of_project(project.root)) + query.text
        sys.stdout.buffer.write(commands.remote_query(args.endpoint, query, substitutions, args.format,
                                                      render_with=lambda results, fmt: output(results)))
        return 0
    store = store_of(project)
    results = store.run(query.text, substitutions, where=str(query.path))
    sys.stdout.buffer.write(output_for(project, query.text, args, str(query.path), store)(results))
    return 0


def cmd_sparql(args) -> int:
    """An ad-hoc query: the argument, or --file F ('-' for standard input)."""
    if (args.query is None) == (args.file is None):
        raise InputError("sparql", "give the query text or --file FILE ('-' reads standard input), not both")
    where = "sparql" if args.file is None else ("stdin" if args.file == "-" else args.file)
    text = args.query if args.file is None else query_text(args.file)
    project = project_of(args)
    check_query(text, set(args.allow_service), where=where)
    store = store_of(project)
    results = store.run(text, where=where)
    sys.stdout.buffer.write(output_for(project, text, args, where, store)(results))
    return 0


def output_for(project: Project, text: str, args, where: str, store: Store | None = None):
    """results -> bytes: GROUP_CONCAT cells sorted, then the chosen format; tables with prefixed
    names, and with --labels a label column (labels from the committed graph) after IRI columns."""
    if args.labels and args.format != "table":
        raise InputError("--labels", "adds label columns to --format table only")
    table_prefixes = prefixes.of_project(project.root)
    labels = readable.labels_of((store or store_of(project)).store) if args.labels else None

    def output(results) -> bytes:
        results = readable.ordered(results, text)
        if args.format == "table":
            return rendered(results, args.format, where,
                            lambda res, fmt: readable.render_table(res, table_prefixes, labels))
        return rendered(results, args.format, where)
    return output


def rendered(results, fmt: str, where: str, render=render) -> bytes:
    """pyoxigraph evaluates lazily: an evaluation error (a SERVICE that cannot be reached, say)
    comes while the results are read, so it is caught here."""
    try:
        return render(results, fmt)
    except (OSError, ValueError, RuntimeError, SyntaxError) as exc:
        raise InputError(where, f"query failed: {exc}") from None


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (exit 2), as every other bad input is told."""

    def error(self, message: str):
        self.exit(2, f"ccmkg: error: {self.prog}: {one_line(message)} (see {self.prog} --help)\n")


def one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", str(text)).strip()


LABELS_HELP = "table: a NAME_label column (rdfs:label or skos:prefLabel, English) after each IRI column"


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, a verb, that verb alone (see verb_of)."""
    def wanted(*names: str) -> bool:
        return only is None or only in names

    main = Parser(prog="ccmkg", description="The CCM/MSP/2011/5 knowledge graph.")
    main.add_argument("--root", default=".", help="project folder (default: the current folder)")
    verbs = main.add_subparsers(dest="verb", required=True)
    if wanted("build"):
        build_verb = verbs.add_parser("build", help="build data/ttl/ and dist/ from the source and annotations")
        build_verb.add_argument("--force", action="store_true",
                                help="build even when inputs and outputs are as the last build left them")
    if wanted("query"):
        query = verbs.add_parser("query", help="run a saved query from queries/")
        query.add_argument("name", nargs="?", help="saved query name")
        query.add_argument("--list", action="store_true", help="list the saved queries")
        query.add_argument("--file", help="run the query in this .rq file instead")
        query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
        query.add_argument("--format", choices=["table", *FORMATS], default="table")
        query.add_argument("--endpoint", help="run on this remote SPARQL endpoint instead")
        add_allow_service(query)
        query.add_argument("--labels", action="store_true", help=LABELS_HELP)
    if wanted("validate"):
        check = verbs.add_parser("validate", help="validate the built graph, merged with FILEs, against shapes/")
        check.add_argument("files", nargs="*", metavar="FILE", help="RDF files to merge with the built graph")
        check.add_argument("--only", action="store_true",
                           help="validate the FILEs with the ontology, without the built graph")
        check.add_argument("--format", choices=["text", "turtle", "json"], default="text")
        check.add_argument("--engine", choices=["sparql", "pyshacl"], default="sparql",
                           help="SHACL Core engine: ccmkg's SPARQL compilation (default) or pySHACL, the reference")
    if wanted("sparql"):
        sparql = verbs.add_parser("sparql", help="run an ad-hoc SPARQL query (the prefixes of "
                                                  "ccmkg/namespaces.py are predefined)")
        sparql.add_argument("query", nargs="?", help="the query text (or use --file)")
        sparql.add_argument("--file", help="read the query from this file; '-' reads standard input")
        sparql.add_argument("--format", choices=["table", *FORMATS], default="table")
        add_allow_service(sparql)
        sparql.add_argument("--labels", action="store_true", help=LABELS_HELP)
    if wanted("export", "link", "publish"):
        commands.add_verbs(verbs)
    if wanted("coverage"):
        coverage = verbs.add_parser("coverage", help="sentences with facts, with none (and why), unaccounted")
        coverage.add_argument("--part", default="", help="only the parts whose id starts with this (annex_2__para_4)")
    if wanted("serve"):
        serve_command.add_verb(verbs)
    return main


VERBS = {"build", "query", "validate", "sparql", "export", "link", "publish", "coverage", "serve"}


def verb_of(argv: list[str]) -> str | None:
    """The verb of a command line when it plainly is one (after --root): argparse then describes that
    verb alone, a fifth of a small command's time otherwise. Anything else (--help, a mistake) gets
    the whole parser."""
    rest = list(argv)
    while rest and (rest[0] == "--root" or rest[0].startswith("--root=")):
        rest = rest[2:] if rest[0] == "--root" else rest[1:]
    return rest[0] if rest and rest[0] in VERBS else None


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "query": cmd_query, "sparql": cmd_sparql,
            "coverage": cmd_coverage}
COMMANDS.update({"export": lambda args: commands.cmd_export(args, project_of(args)),
                 "link": lambda args: commands.cmd_link(args, project_of(args), store_of(project_of(args))),
                 "publish": lambda args: commands.cmd_publish(args, project_of(args))})
COMMANDS["serve"] = lambda args: serve_command.run(args, project_of(args))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(verb_of(argv)).parse_args(argv)
    if args.verb == "query" and not (args.list or args.name or args.file):
        print("ccmkg query: give a query name, --file or --list", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.verb](args)
    except InputError as exc:
        print(f"ccmkg: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
