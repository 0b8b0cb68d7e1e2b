"""The compiled shapes: the SELECT queries of the SHACL Core shapes (CoreQuery) and of the
SHACL-SPARQL checks, and their copy on disk. Reading the shapes with rdflib and compiling them
takes `ccmkg validate` more time than the queries; the compiled queries depend only on the shapes
files and on this package's code, so they are kept, as JSON, once per state of those files (each
file's path, size and modification time, as the store cache of the small commands does), and read
back without importing rdflib. This module imports no rdflib."""
from __future__ import annotations

import json
import os
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

from ..namespaces import W3C
from ..project import files_state

# an instance of a class, or of one of its subclasses, as SHACL defines it (rdfs:subClassOf triples
# are in the data graph: no inference is needed)
TYPE_PATH = f"<{W3C['rdf']}type>/<{W3C['rdfs']}subClassOf>*"
CODE = Path(__file__).resolve().parent  # the compiler's code: another code, another compilation
CACHE_VERSION = 1


@dataclass(frozen=True)
class CoreQuery:
    shape: str  # the shape results name (owning_shape of a blank node)
    components: tuple[str, ...]  # e.g. ("minCount", "maxCount"), for profiling
    severity: str
    message: str
    path: str  # path_text of the property shape's sh:path; "" on a node shape
    query: str  # SELECT ?this, and ?value where a value node is at fault
    flagged: bool = False  # ?f0, ?f1, ... say which of the components a row fails
    focus_first: str = ""  # the same query with the focus nodes first, if that form exists
    targets: tuple = ()  # (("class", IRI) or ("subjectsOf", IRI), ...): the focus nodes, for plan()
    predicate: str = ""  # the first IRI of the path, for plan()
    prefilter: str = ""  # ASK whether the path has a failing value on any node, focus node or not


def state_of(folder: Path) -> str:
    """The state of the shapes files of `folder` and of the package's code: one line per file."""
    files = sorted(folder.glob("*.ttl")) + sorted(CODE.glob("*.py"))
    return files_state(f"ccmkg shapes cache {CACHE_VERSION}\n", files)


def cache_file(cache: Path, state: str) -> Path:
    return cache / f"{zlib.crc32(state.encode()):08x}.json"


def read_cached(cache: Path, state: str) -> tuple[list, list[CoreQuery]] | None:
    """The checks and the compiled queries kept for this state, or None (none kept, another state
    under the same name, or an unreadable file: then the caller compiles)."""
    try:
        kept = json.loads(cache_file(cache, state).read_text(encoding="utf-8"))
        if kept.get("state") != state:
            return None
        queries = [CoreQuery(**{**q, "components": tuple(q["components"]),
                                "targets": tuple(tuple(t) for t in q["targets"])}) for q in kept["compiled"]]
        return [tuple(check) for check in kept["checks"]], queries
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cached(cache: Path, state: str, checks: list, queries: list[CoreQuery]) -> None:
    """Keep the compiled shapes (written to a temporary file, then renamed: a reader never sees half
    a file). A cache that cannot be written is no error: the next run compiles again."""
    kept = {"state": state, "checks": [[str(shape), *rest] for shape, *rest in checks],
            "compiled": [asdict(q) for q in queries]}
    path = cache_file(cache, state)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
