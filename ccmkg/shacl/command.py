"""`ccmkg validate`: the built graph (ontology + data/ttl), merged with any FILEs, against shapes/;
with --only, the FILEs and the ontology alone (one's own data checked against the shapes).
The files go straight into pyoxigraph, where the SPARQL engine runs: no rdflib Graph is built
unless pySHACL is asked for."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError
from .engine import validate
from .rdf import read_into_store
from .render import render
from .shapes import load_shapes


def run(args, project) -> int:
    """Exit 0 if the graph conforms, 1 if not (the report goes to standard output)."""
    if args.only and not args.files:
        raise InputError("--only", "give the FILEs to validate with the ontology alone")
    built = [] if args.only else project.data_files()
    store = read_into_store(project.ontology_files + built + [Path(f) for f in args.files])
    report = validate(None, load_shapes(project.root / "shapes"), store=store, engine=args.engine)
    sys.stdout.write(render(report, args.format))
    return 0 if report.conforms else 1
