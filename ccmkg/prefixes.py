"""The one table of prefixes: the ontology, the ids, every concept scheme and the usual W3C ones.

`ccmkg sparql` and `ccmkg query` predefine them, so a query may use `ccm:`, `status:` or `skos:`
without declaring them; a query's own PREFIX lines win. Table output shortens IRIs with them.
The concept-scheme prefixes are read from the ontology's vocab/*.ttl files (each scheme IRI, such
as cv:finding-kind, gives the prefix for its concepts), so a new scheme gets its prefix unasked.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

# as in vocab.py, which is not imported here: it imports rdflib, which `ccmkg query` does not need
BASE = "https://w3id.org/ccmkg/"
ID, CV = BASE + "id/", BASE + "vocab/"

W3C = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
WIKIDATA = {"wd": "http://www.wikidata.org/entity/", "wdt": "http://www.wikidata.org/prop/direct/"}
PROJECT = {"ccm": BASE + "ontology#", "ccmr": str(ID), "cv": str(CV)}
# A prefixed name cannot hold '/', so `ccmr:state/LBN` is no name a query can use: each kind of
# resource gets its prefix (`state:LBN`), and the document's parts theirs (`msp5:main__para_8`).
# Organizations stay under ccmr: (`org:` is the W3C Organization ontology).
ID_KINDS = ("state", "entity", "person", "office", "meeting", "body", "place", "instrument", "doc")
RESOURCES = {**{kind: f"{ID}{kind}/" for kind in ID_KINDS}, "msp5": f"{ID}doc/CCM-MSP-2011-5/"}
# Scheme names of more than one word get a one-word prefix; any other scheme is its own name.
SHORT = {"finding-kind": "kind", "decision-kind": "decision", "isu-principle": "principle"}
CONCEPT_SCHEME = "http://www.w3.org/2004/02/skos/core#ConceptScheme"
RDF_TYPE = W3C["rdf"] + "type"


def scheme_prefixes(vocab_dir: Path) -> dict[str, str]:
    """prefix -> concept namespace, for every skos:ConceptScheme under cv: in vocab_dir/*.ttl."""
    found = {}
    for path in sorted(vocab_dir.glob("*.ttl")):
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            iri = triple.subject.value
            if (triple.predicate.value == RDF_TYPE and triple.object.value == CONCEPT_SCHEME
                    and iri.startswith(str(CV))):
                local = iri[len(str(CV)):]
                found[SHORT.get(local, local)] = iri + "/"
    return found


@lru_cache(maxsize=4)
def table_for(vocab_dir: Path) -> dict[str, str]:
    """Every predefined prefix, sorted by name: project, resources, schemes, W3C, Wikidata."""
    every = {**W3C, **WIKIDATA, **PROJECT, **RESOURCES, **scheme_prefixes(vocab_dir)}
    return dict(sorted(every.items()))


def of_project(root: Path) -> dict[str, str]:
    return table_for(Path(root).resolve() / "ontology" / "vocab")


def declarations(prefixes: dict[str, str]) -> str:
    """The table as SPARQL PREFIX lines (for an endpoint, which has no predefined prefixes)."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())


def shortened(iri: str, prefixes: dict[str, str]) -> str:
    """`status:party` for an IRI in a known namespace whose rest is a plain local name, else the IRI.

    The longest namespace wins (ccmr:doc/… rather than a shorter base)."""
    best = ""
    for name, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
            best = name
    if best and re.fullmatch(r"[\w\-./]*[\w\-]|", iri[len(prefixes[best]):]):
        return f"{best}:{iri[len(prefixes[best]):]}"
    return f"<{iri}>"


# ------------------------------------------------------------------------------------ errors

def masked(text: str) -> str:
    """The query with comments, IRIs and strings blanked, keeping every position."""
    return re.sub(r'<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                  r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*", lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def undeclared_prefix(text: str, prefixes: dict[str, str]) -> tuple[str, int, int] | None:
    """The first prefixed name whose prefix neither the query nor the table declares:
    (prefix, line, column), or None."""
    plain = masked(text)
    declared = set(re.findall(r"\bPREFIX\s+([\w.\-]*):", plain, flags=re.IGNORECASE)) | set(prefixes)
    for match in re.finditer(r"(?<![\w?$:.\-])([A-Za-z][\w.\-]*)?:", plain):
        name = match.group(1) or ""
        if name not in declared:
            line = plain.count("\n", 0, match.start()) + 1
            return name, line, match.start() - plain.rfind("\n", 0, match.start())
    return None


def syntax_message(error: SyntaxError, text: str, prefixes: dict[str, str]) -> str:
    """Oxigraph's SyntaxError as one readable line: where, what was expected, near what;
    for an unknown prefix its name and the known prefixes."""
    unknown = undeclared_prefix(text, prefixes)
    if unknown:
        name, line, column = unknown
        return (f"SPARQL syntax error at line {line}, column {column}: unknown prefix '{name}:'; "
                f"known prefixes: {', '.join(prefixes) or 'none'} (or declare it with PREFIX)")
    message = str(error)
    position = re.match(r"error at (\d+):(\d+):\s*", message)
    if not position:
        return "SPARQL syntax error: " + re.sub(r"\s+", " ", message)[:300]
    line, column = int(position.group(1)), int(position.group(2))
    return (f"SPARQL syntax error at line {line}, column {column}: {expected(message[position.end():])}{near(text, line, column)}"
            + slash_hint(text, prefixes))


def slash_hint(text: str, prefixes: dict[str, str]) -> str:
    """A prefixed name cannot hold '/': `cv:finding-kind/x` is a path; the scheme has its own
    prefix (`kind:x`), and any other IRI can be written in full."""
    for match in re.finditer(r"(?<![\w?$:.\-])([A-Za-z][\w.\-]*):([\w.\-]+(?:/[\w.\-]+)+)", masked(text)):
        name, local = match.groups()
        if name not in prefixes:
            continue
        written = shortened(prefixes[name] + local, prefixes)
        if "/" in written.split(":", 1)[-1] or written.startswith("<"):
            written = f"<{prefixes[name] + local}>"
        return f"; a prefixed name cannot contain '/': write {written} for {match.group()}"
    return ""


def expected(detail: str) -> str:
    """'expected one of A, B, [char classes]' without the character classes, which read as noise."""
    detail = re.sub(r"\s+", " ", detail).strip()
    match = re.match(r"expected (one of )?", detail)
    if not match:
        return detail[:200]
    kept = [w for w in top_level_items(detail[match.end():])
            if w and not w.startswith("[") and w != "Prefix not found"]
    if not kept:
        return "unexpected character"
    shown = ", ".join(kept[:12]) + (", …" if len(kept) > 12 else "")
    return ("expected " if len(kept) == 1 else "expected one of ") + shown


def top_level_items(listing: str) -> list[str]:
    """'A, [x, y], B' -> ['A', '[x, y]', 'B']: commas inside brackets do not split."""
    items, depth, current = [], 0, ""
    for char in listing:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return items + [current.strip()]


def near(text: str, line: int, column: int) -> str:
    """The end of the line up to the reported column (Oxigraph reports where it gave up)."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return " at the end of the query"
    snippet = lines[line - 1][:max(column - 1, 0)][-30:].strip()
    return f", after {snippet!r}" if snippet else ""
