"""Query results as SPARQL 1.1 Protocol responses, with the row cap applied.

pyoxigraph serializes a whole result iterator; to cap rows without re-writing the user's query we
take at most max_rows solutions and serialize them here (JSON, XML, CSV, TSV). Graph results are
capped the same way and serialized by pyoxigraph (Turtle, JSON-LD, N-Triples).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import ALL_PREFIXES, SPARQL_RESULTS, XSD_STRING

SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
# ?format= shortcuts, for links (a link cannot set an Accept header)
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                "turtle": "text/turtle", "jsonld": "application/ld+json",
                "nt": "application/n-triples"}
TRUNCATED_HEADER = "X-Result-Truncated"
PREFIXES = {name: ALL_PREFIXES[name] for name in ("ccm", "ccmr", "cv", "oa", "rdfs", "dcterms", "skos",
                                                   "owl", "xsd", "rdf", "prov")}


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)


def accepted(accept: str) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order breaks ties)."""
    ranked = []
    for index, part in enumerate((accept or "*/*").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, index, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose(accept: str, offered: list[str]) -> str | None:
    """The first offered type the client accepts; offered[0] for */*; None if nothing fits."""
    for media in accepted(accept):
        if media in offered:
            return media
        if media == "*/*":
            return offered[0]
        if media.endswith("/*") and any(o.startswith(media[:-1]) for o in offered):
            return next(o for o in offered if o.startswith(media[:-1]))
    return None


def not_acceptable(offered) -> Reply:
    return Reply(406, "text/plain; charset=utf-8",
                 f"406 Not Acceptable: this result is available as {', '.join(offered)}\n".encode())


def reply_for(results, accept: str, max_rows: int) -> Reply:
    """Any pyoxigraph query result (solutions, boolean or triples) as a capped HTTP reply."""
    if isinstance(results, ox.QueryBoolean):
        media = choose(accept, list(SOLUTION_TYPES))
        if media is None:
            return not_acceptable(SOLUTION_TYPES)
        return Reply(200, content_type(media), boolean(bool(results), SOLUTION_TYPES[media]))
    if isinstance(results, ox.QuerySolutions):
        media = choose(accept, list(SOLUTION_TYPES))
        if media is None:
            return not_acceptable(SOLUTION_TYPES)
        names = [v.value for v in results.variables]
        rows = list(islice(results, max_rows + 1))
        truncated = len(rows) > max_rows
        body = SOLUTION_WRITERS[SOLUTION_TYPES[media]](names, rows[:max_rows], truncated and max_rows)
        return Reply(200, content_type(media), body, capped(truncated, max_rows))
    media = choose(accept, list(GRAPH_TYPES))
    if media is None:
        return not_acceptable(GRAPH_TYPES)
    triples = list(islice(results, max_rows + 1))
    truncated = len(triples) > max_rows
    return Reply(200, content_type(media), graph(triples[:max_rows], GRAPH_TYPES[media],
                                                truncated and max_rows), capped(truncated, max_rows))


def content_type(media: str) -> str:
    return media + ("; charset=utf-8" if media.startswith("text/") else "")


def capped(truncated: bool, max_rows: int) -> dict:
    # A header every format can carry; JSON, XML and Turtle bodies also say it in a note.
    return {TRUNCATED_HEADER: f"true; max-rows={max_rows}"} if truncated else {}


def note(max_rows: int) -> str:
    return f"results truncated to the first {max_rows} rows (server limit --max-rows)"


def graph(triples: list, fmt, truncated_at) -> bytes:
    # no ccmr: prefix in Turtle: pyoxigraph would escape the "/" of every local name
    prefixes = {p: iri for p, iri in PREFIXES.items() if p != "ccmr"}
    body = ox.serialize(triples, format=fmt, prefixes=prefixes) if fmt == ox.RdfFormat.TURTLE \
        else ox.serialize(triples, format=fmt)
    if truncated_at and fmt != ox.RdfFormat.JSON_LD:
        body = f"# {note(truncated_at)}\n".encode() + body
    return body or b""


def boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}">'
                f"<head/><boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    return f"_askResult\n{str(value).lower()}\n".encode()


def json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def write_json(names, rows, truncated_at) -> bytes:
    bindings = [{n: json_term(row[n]) for n in names if row[n] is not None} for row in rows]
    out = {"head": {"vars": names}, "results": {"bindings": bindings}}
    if truncated_at:
        out["warning"] = note(truncated_at)  # unknown keys are ignored by conforming clients
    return json.dumps(out, ensure_ascii=False).encode("utf-8")


def xml_term(term) -> str:
    found = json_term(term)
    if found["type"] == "uri":
        return f"<uri>{escape(found['value'])}</uri>"
    if found["type"] == "bnode":
        return f"<bnode>{escape(found['value'])}</bnode>"
    attrs = ""
    if "xml:lang" in found:
        attrs = f" xml:lang={quoteattr(found['xml:lang'])}"
    elif "datatype" in found:
        attrs = f" datatype={quoteattr(found['datatype'])}"
    return f"<literal{attrs}>{escape(found['value'])}</literal>"


def write_xml(names, rows, truncated_at) -> bytes:
    out = ['<?xml version="1.0"?>', f'<sparql xmlns="{SPARQL_RESULTS}">']
    if truncated_at:
        out.append(f"<!-- {note(truncated_at)} -->")
    out.append("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head>")
    out.append("<results>")
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(n)}>{xml_term(row[n])}</binding>"
                        for n in names if row[n] is not None)
        out.append(f"<result>{cells}</result>")
    out.append("</results></sparql>")
    return "\n".join(out).encode("utf-8")


def write_csv(names, rows, truncated_at) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row[n] is None else row[n].value for n in names])
    return buffer.getvalue().encode("utf-8")


def write_tsv(names, rows, truncated_at) -> bytes:
    # TSV results use the Turtle/N-Triples form of each term, which is what str() of a term gives
    lines = ["\t".join("?" + n for n in names)]
    for row in rows:
        lines.append("\t".join("" if row[n] is None else str(row[n]) for n in names))
    return ("\n".join(lines) + "\n").encode("utf-8")


SOLUTION_WRITERS = {"json": write_json, "xml": write_xml, "csv": write_csv, "tsv": write_tsv}
