"""`ccmkg validate`: the built graph (ontology + data/ttl), merged with any FILEs, against shapes/;
with --only, the FILEs and the ontology alone (one's own data checked against the shapes).
The files go straight into pyoxigraph, where the SPARQL engine runs: no rdflib Graph is built
unless pySHACL is asked for, and with `cache` (a folder) the compiled shapes are read from there
(compiled.py), so that rdflib is not even imported. The graph itself is loaded into memory on
every run: the store the small commands keep on disk answers the validation's few hundred queries
two to three times slower than a store in memory, which costs more than parsing the files."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError
from .engine import validate
from .rdf import read_into_store
from .render import render
from .shapes import compiled_shapes, load_shapes


def run(args, project, cache: Path | None = None) -> int:
    """Exit 0 if the graph conforms, 1 if not (the report goes to standard output)."""
    if args.only and not args.files:
        raise InputError("--only", "give the FILEs to validate with the ontology alone")
    built = [] if args.only else project.data_files()
    store = read_into_store(project.ontology_files + built + [Path(f) for f in args.files])
    folder = project.root / "shapes"
    shapes = compiled_shapes(folder, cache) if cache and args.engine == "sparql" else load_shapes(folder)
    report = validate(None, shapes, store=store, engine=args.engine)
    sys.stdout.write(render(report, args.format))
    return 0 if report.conforms else 1
