"""Saved SPARQL queries: files in queries/ with a `#+` header, run on the embedded store.

The embedded store is an in-memory pyoxigraph store loaded with the ontology and the committed
data. Parameters are bound as RDF terms (SPARQL substitutions), never pasted into query text;
a value that does not fit its declared type is an error naming the parameter.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import zlib
from collections import namedtuple
from functools import lru_cache
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from . import project
from .errors import InputError
from .namespaces import OURS, RESOURCES, W3C
from .sparql_errors import syntax_message

XSD = W3C["xsd"]
PARAM_TYPES = {
    "string": (r".{1,200}", None),
    "iso3": (r"[A-Z]{3}", None),
    "integer": (r"-?\d{1,9}", XSD + "integer"),
    "date": (r"\d{4}-\d{2}-\d{2}", XSD + "date"),
    "iri": (r"https?://[^\s<>\"{}|\\^`]+", "iri"),
    "document": (r"[A-Za-z0-9][A-Za-z0-9.-]{0,99}", None),  # a document's key: CCM-MSP-2011-5
}
FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
           "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}


# A parameter of a saved query (plain classes, not dataclasses: importing dataclasses costs a
# small command a tenth of its time); `default`, a fifth field, is the value when left out
# (`all`: every document)
Param = namedtuple("Param", "name type example description default", defaults=("",))


class SavedQuery:
    def __init__(self, name: str, path: Path | None, text: str, summary: str = "", description: str = "",
                 tags: list[str] | None = None, params: list[Param] | None = None):
        self.name, self.path, self.text = name, path, text
        self.summary, self.description = summary, description
        self.tags, self.params = tags or [], params or []


def read_query(path: Path) -> SavedQuery:
    text = query_text(str(path))
    query = SavedQuery(path.stem, path, text)
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^#\+\s*(\w+):\s*(.*)$", line)
        if not match:
            continue
        key, value = match.groups()
        if key == "summary":
            query.summary = value.strip()
        elif key == "description":
            query.description = (query.description + " " + value.strip()).strip()
        elif key == "tags":
            query.tags = [t.strip() for t in value.split(",") if t.strip()]
        elif key == "param":
            fields = [f.strip() for f in value.split("|")]
            if len(fields) not in (4, 5) or fields[1] not in PARAM_TYPES:
                raise InputError(f"{path}:{number}", "a param line is `name | type | example | description`"
                                                     f" (then `| default`) with type one of {', '.join(PARAM_TYPES)}")
            query.params.append(Param(*fields))
    return query


def saved_queries(folder: Path) -> dict[str, SavedQuery]:
    return {p.stem: read_query(p) for p in sorted(folder.glob("*.rq"))}


def saved_query(folder: Path, name: str) -> SavedQuery | None:
    """The saved query `name` alone (None if there is none), without reading the others."""
    path = {p.stem: p for p in folder.glob("*.rq")}.get(name)
    return None if path is None else read_query(path)


def term_for(param: Param, value: str):
    pattern, datatype = PARAM_TYPES[param.type]
    if not re.fullmatch(pattern, value, flags=re.DOTALL) or "\n" in value:
        raise InputError(f"--param {param.name}", f"{value[:60]!r} is not a valid {param.type}")
    if datatype == "iri":
        return ox.NamedNode(value)
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


class Bindings(dict):
    """{Variable: term} for pyoxigraph's substitutions, and `document`: the key a `document`
    parameter names (None for `all` or none), by which Store.run queries that document's graph."""
    document: str | None = None


def bindings(query: SavedQuery, given: dict[str, str]) -> Bindings:
    declared = {p.name: p for p in query.params}
    unknown = set(given) - set(declared)
    if unknown:
        raise InputError(f"--param {sorted(unknown)[0]}", f"not a parameter of {query.name}; "
                                                          f"it takes {', '.join(declared) or 'none'}")
    # A parameter without a default is required: an unbound variable would silently widen the query.
    given = {**{p.name: p.default for p in query.params if p.default}, **given}
    missing = [name for name in declared if name not in given]
    if missing:
        example = declared[missing[0]].example
        raise InputError(f"query {query.name}", f"parameter {missing[0]!r} is required "
                                                f"(e.g. --param {missing[0]}={example})")
    out = Bindings({ox.Variable(name): term_for(declared[name], value) for name, value in given.items()})
    keys = [value for name, value in given.items() if declared[name].type == "document" and value != "all"]
    out.document = keys[0] if len(keys) == 1 else None
    return out


class Store:
    """The embedded store: ontology and data files loaded into pyoxigraph. With `cache`, a folder,
    the store is kept on disk there once per content of the files (see cached_store)."""

    def __init__(self, files: list[Path], prefixes: dict[str, str] | None = None, cache: Path | None = None):
        self.prefixes = prefixes or {}  # predefined for every query run (see namespaces.py)
        self.store = (cache and cached_store(files, cache)) or loaded(ox.Store(), files)

    def run(self, text: str, substitutions: dict | None = None, where: str = "query"):
        try:
            return self.store.query(text, substitutions=substitutions or {}, prefixes=self.prefixes,
                                    default_graph=document_dataset(self.store, substitutions))
        except SyntaxError as exc:
            raise InputError(where, syntax_message(exc, text, self.prefixes)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            # pyoxigraph raises RuntimeError, e.g. for a parameter the SELECT does not project
            raise InputError(where, f"query failed: {exc}") from None


# -- one document's graph: each file is loaded into the default graph (what queries see) and into a
# named graph, its document's (data/ttl/KEY/ into DOCUMENT_GRAPH + KEY) or else SHARED_GRAPH. A
# saved query given one document runs on those two graphs: its work is that document's, however many
# the store holds (the queries' FILTER on the key ran after the joins over every document). A triple
# in both is kept in the shared graph only: their union must not give it twice.
DOCUMENT_GRAPH = RESOURCES["doc"]
SHARED_GRAPH = ox.NamedNode(OURS["graph"] + "shared")  # the ontology and vocabularies
UNSHARE = (f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{SHARED_GRAPH.value}> {{ ?s ?p ?o }} "
           f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{SHARED_GRAPH.value}>) }}")


def graph_of(path: Path) -> ox.NamedNode:
    """The named graph a file is loaded into: its document's (data/ttl/KEY/FILE), or the shared one."""
    in_document = path.parent.parent.name == "ttl" and path.parent.parent.parent.name == "data"
    return ox.NamedNode(DOCUMENT_GRAPH + path.parent.name) if in_document else SHARED_GRAPH


def document_dataset(store: ox.Store, substitutions) -> list | None:
    """The graphs a query given one document runs on: the document's and the shared one, when the
    store holds that document's graph and another's (None: the default graph, read faster)."""
    key = getattr(substitutions, "document", None)
    graph = key and ox.NamedNode(DOCUMENT_GRAPH + key)  # a store loaded otherwise (bench/scale.py) has none
    if graph is None or not store.contains_named_graph(graph) or len(list(islice(store.named_graphs(), 3))) < 3:
        return None
    return [SHARED_GRAPH, graph]


def loaded(store: ox.Store, files: list[Path]) -> ox.Store:
    for path in files:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph_of(path))
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(str(path), f"cannot load: {exc}") from None
    store.update(UNSHARE)
    return store


# -- the store kept on disk -------------------------------------------------------------------------
# Parsing the Turtle of the graph takes a small command most of its time (~90 ms of ~150 ms for
# `ccmkg query`); opening a store on disk takes a few. The store is made once per state of the files
# and opened read-only after that. The state is each file's absolute path, size and modification
# time in nanoseconds (written into the store's folder as KEY, and compared in full on opening): a
# file edited, replaced or moved gives another state, hence another store. Only the last
# CACHED_STORES are kept.
CACHED_STORES = 8
KEY = "files"  # written last: a folder without it is a store being made, or a broken one


def default_cache() -> Path:
    """Where small commands keep their stores: $XDG_CACHE_HOME/ccmkg/stores (~/.cache by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ccmkg" / "stores"


def files_state(files: list[Path]) -> str:
    # a store made before the graphs is not reused
    return project.files_state("graphs: default, shared, one per document\n", files)


def cached_store(files: list[Path], folder: Path) -> ox.Store | None:
    """The files' store on disk under `folder`, made there first if need be; None when the folder
    cannot be used (read-only, full): the caller then loads the files in memory, as without a cache."""
    try:
        state = files_state(files)
        path = folder / f"{zlib.crc32(state.encode()):08x}-{len(files)}"
        key = path / KEY
        if not (key.exists() and key.read_text(encoding="utf-8") == state):
            make_store(files, path, state)
        return ox.Store.read_only(str(path))
    except OSError:
        return None


def make_store(files: list[Path], path: Path, state: str) -> None:
    """Load the files into a new store beside `path`, then put it in place of `path`. A file that
    cannot be loaded is an InputError (and nothing is left behind)."""
    import shutil
    import tempfile  # here: only the first run on new files needs them (imports cost a small command)

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        store = loaded(ox.Store(str(temporary)), files)
        store.flush()
        del store  # closes the database before it is moved
        (temporary / KEY).write_text(state, encoding="utf-8")
        shutil.rmtree(path, ignore_errors=True)  # a store of other files with the same name
        os.rename(temporary, path)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    stale = sorted((p for p in path.parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
                   key=lambda p: p.stat().st_mtime, reverse=True)[CACHED_STORES:]
    for old in stale:
        shutil.rmtree(old, ignore_errors=True)


def render(results, fmt: str) -> bytes:
    """SELECT/ASK results in a SPARQL 1.1 results format, or a plain text table."""
    if isinstance(results, ox.QueryBoolean) and fmt == "table":
        return (str(bool(results)).lower() + "\n").encode()
    if isinstance(results, ox.QueryTriples):
        return results.serialize(format=ox.RdfFormat.TURTLE)
    if fmt == "table":
        return table(results).encode("utf-8")
    return results.serialize(format=FORMATS[fmt])


def cell_text(term) -> str:
    if term is None:
        return ""
    return term.value


def table(results) -> str:
    names = [v.value for v in results.variables]
    rows = [[cell_text(row[n]) for n in names] for row in results]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"


# -- what a query may ask for -------------------------------------------------------------------
# A SERVICE clause makes the store send an HTTP request to the IRI it names (pyoxigraph does so):
# from a server, anyone could reach what only the server can reach. The check reads the query's
# tokens as the SPARQL grammar does, so a "SERVICE" inside a string, an IRI, a comment, a variable
# (?service) or a prefixed name (ex:service) is not taken for the keyword. Where unsure, it refuses:
# a word or a prefix holding SERVICE (SERVICESILENT, service:x), which pyoxigraph may read as the keyword.

# pyoxigraph's parser and planner recurse: a query nested a few thousand levels deep (brackets or
# a run of !), or a chain of a few thousand patterns, operators or BINDs, overflows the stack and
# kills the process (measured with pyoxigraph 0.5: 10,000 `!`, 3,000 BINDs = 18,000 tokens).
MAX_DEPTH = 64  # nested { ( [ and runs of !
MAX_TOKENS = 5000  # the longest saved query has under 500
LOCAL_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"  # PN_LOCAL_ESC: a prefixed name may hold \# or \'
NAME_CHAR = rf"(?:[\w\-:]|%[0-9A-Fa-f]{{2}}|{LOCAL_ESCAPE})"
TOKENS = rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\" | '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$]\w+)
  | (?P<pname>(?:[^\W\d](?:[\w.\-]*[\w\-])?)?:(?:{NAME_CHAR}(?:(?:{NAME_CHAR}|\.)*{NAME_CHAR})?)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<other>.)
"""  # compiled at first use (tokens()): most queries never need it (plainly_safe)


@lru_cache(maxsize=1)
def tokens_pattern() -> re.Pattern:
    return re.compile(TOKENS, re.VERBOSE | re.DOTALL)


def tokens(text: str):
    """(kind, text, line) for each token but spaces and comments."""
    line = 1
    for match in tokens_pattern().finditer(text):
        if match.lastgroup not in ("space", "comment"):
            yield match.lastgroup, match.group(), line
        line += match.group().count("\n")


def check_query(text: str, allow_service: frozenset[str] | set[str] = frozenset(), where: str = "query") -> None:
    """Refuse (InputError) a query nested deeper than MAX_DEPTH, or with a SERVICE clause whose
    IRI is not exactly one of `allow_service`, written in full. Run before the query is parsed."""
    def refuse(line: int, clause: str):
        allowed = f" (allowed, in full: {', '.join(sorted(allow_service))})" if allow_service else ""
        raise InputError(where, f"line {line}: `{clause[:200]}`: SERVICE is refused: the query may not "
                                f"make requests to other servers{allowed}")

    if plainly_safe(text):
        return
    depth = negations = 0
    pending = None  # (line, text so far) of a SERVICE keyword waiting for its IRI
    for count, (kind, token, line) in enumerate(tokens(text), start=1):
        if count > MAX_TOKENS:
            raise InputError(where, f"line {line}: the query is longer than {MAX_TOKENS} tokens "
                                    "(names, literals, operators)")
        negations = negations + 1 if token == "!" else 0
        depth += 1 if kind == "other" and token in "{([" else -1 if kind == "other" and token in "})]" else 0
        if depth + negations > MAX_DEPTH:
            raise InputError(where, f"line {line}: the query nests {{ ( [ or ! deeper than {MAX_DEPTH} levels")
        if pending:
            if kind == "word" and token.upper() == "SILENT":
                pending = (pending[0], f"{pending[1]} {token}")
                continue
            if kind != "iri" or token[1:-1] not in allow_service:
                refuse(pending[0], f"{pending[1]} {token}")
            pending = None
        elif kind == "word" and token.upper() == "SERVICE":
            pending = (line, token)
        elif glued_service(kind, token):
            refuse(line, token)
    if pending:
        refuse(*pending)


def plainly_safe(text: str) -> bool:
    """A query that check_query would pass, told without reading its tokens (most queries, at a
    fraction of the cost): no more characters than MAX_TOKENS (a token has at least one), no more
    { ( [ and ! in all than MAX_DEPTH (depth counts only those), and no SERVICE in any case (a
    token's upper case is part of the text's)."""
    return (len(text) <= MAX_TOKENS and sum(text.count(c) for c in "{([!") <= MAX_DEPTH
            and "SERVICE" not in text.upper())


def glued_service(kind: str, token: str) -> bool:
    """A word or prefix holding SERVICE: pyoxigraph's parser reads keywords without looking for
    their end, so `SERVICESILENT<...>`, `SERVICE:x`, `SERVICEx:y` or `trueSERVICE<...>` do call out."""
    if kind == "pname":
        return "SERVICE" in token.split(":", 1)[0].upper()
    return kind == "word" and "SERVICE" in token.upper()


def service_iri(value: str) -> str:
    """argparse type of --allow-service: an absolute http(s) IRI, matched exactly in queries."""
    if not re.fullmatch(PARAM_TYPES["iri"][0], value):
        raise argparse.ArgumentTypeError(f"{value[:80]!r} is not an http(s) IRI")
    return value


def add_allow_service(parser) -> None:
    parser.add_argument("--allow-service", action="append", default=[], type=service_iri, metavar="IRI",
                        help="let SERVICE call this endpoint (exact IRI; repeatable). Default: SERVICE is refused")


# ------------------------------------------------------------------ query text from a file or stdin

MAX_QUERY_BYTES = 1_000_000  # a query longer than this is a mistake (a data file given as a query)


def query_text(name: str, stdin=None) -> str:
    """The text of a query file, or of standard input for '-': UTF-8, at most MAX_QUERY_BYTES."""
    where = "stdin" if name == "-" else name
    try:
        if name == "-":
            data = (stdin or sys.stdin.buffer).read(MAX_QUERY_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_QUERY_BYTES + 1)
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_QUERY_BYTES:
        raise InputError(where, f"larger than {MAX_QUERY_BYTES:,} bytes: not a query")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 text (byte {exc.start}): not a query") from None
    if "\x00" in text:
        raise InputError(where, "holds a NUL character: not a query")
    if not text.strip():
        raise InputError(where, "empty: no query")
    return text
