"""Saved SPARQL queries: files in queries/ with a `#+` header, run on the embedded store.

The embedded store is an in-memory pyoxigraph store loaded with the ontology and the committed
data. Parameters are bound as RDF terms (SPARQL substitutions), never pasted into query text;
a value that does not fit its declared type is an error naming the parameter.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .prefixes import syntax_message

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = {
    "string": (r".{1,200}", None),
    "iso3": (r"[A-Z]{3}", None),
    "integer": (r"-?\d{1,9}", XSD + "integer"),
    "date": (r"\d{4}-\d{2}-\d{2}", XSD + "date"),
    "iri": (r"https?://[^\s<>\"{}|\\^`]+", "iri"),
}
FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
           "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}


@dataclass
class Param:
    name: str
    type: str
    example: str
    description: str


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)


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
            if len(fields) != 4 or fields[1] not in PARAM_TYPES:
                raise InputError(f"{path}:{number}", "a param line is `name | type | example | description`"
                                                     f" with type one of {', '.join(PARAM_TYPES)}")
            query.params.append(Param(*fields))
    return query


def saved_queries(folder: Path) -> dict[str, SavedQuery]:
    return {p.stem: read_query(p) for p in sorted(folder.glob("*.rq"))}


def term_for(param: Param, value: str):
    pattern, datatype = PARAM_TYPES[param.type]
    if not re.fullmatch(pattern, value, flags=re.DOTALL) or "\n" in value:
        raise InputError(f"--param {param.name}", f"{value[:60]!r} is not a valid {param.type}")
    if datatype == "iri":
        return ox.NamedNode(value)
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


def bindings(query: SavedQuery, given: dict[str, str]) -> dict:
    declared = {p.name: p for p in query.params}
    unknown = set(given) - set(declared)
    if unknown:
        raise InputError(f"--param {sorted(unknown)[0]}", f"not a parameter of {query.name}; "
                                                          f"it takes {', '.join(declared) or 'none'}")
    # Every declared parameter is required: an unbound variable would silently widen the query.
    missing = [name for name in declared if name not in given]
    if missing:
        example = declared[missing[0]].example
        raise InputError(f"query {query.name}", f"parameter {missing[0]!r} is required "
                                                f"(e.g. --param {missing[0]}={example})")
    return {ox.Variable(name): term_for(declared[name], value) for name, value in given.items()}


class Store:
    """The embedded store: ontology and data files loaded into pyoxigraph."""

    def __init__(self, files: list[Path], prefixes: dict[str, str] | None = None):
        self.prefixes = prefixes or {}  # predefined for every query run (see prefixes.py)
        self.store = ox.Store()
        for path in files:
            try:
                self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
            except (OSError, SyntaxError, ValueError) as exc:
                raise InputError(str(path), f"cannot load: {exc}") from None

    def run(self, text: str, substitutions: dict | None = None, where: str = "query"):
        try:
            return self.store.query(text, substitutions=substitutions or {}, prefixes=self.prefixes)
        except SyntaxError as exc:
            raise InputError(where, syntax_message(exc, text, self.prefixes)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            # pyoxigraph raises RuntimeError, e.g. for a parameter the SELECT does not project
            raise InputError(where, f"query failed: {exc}") from None


def render(results, fmt: str) -> bytes:
    """SELECT/ASK results in a SPARQL 1.1 results format, or a plain text table."""
    if isinstance(results, ox.QueryBoolean) and fmt == "table":
        return (str(bool(results)).lower() + "\n").encode()
    if isinstance(results, ox.QueryTriples):
        return results.serialize(format=ox.RdfFormat.TURTLE)
    if fmt == "table":
        return table(results).encode("utf-8")
    return results.serialize(format=FORMATS[fmt])


def plain(term) -> str:
    if term is None:
        return ""
    return term.value


def table(results) -> str:
    names = [v.value for v in results.variables]
    rows = [[plain(row[n]) for n in names] for row in results]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"


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
