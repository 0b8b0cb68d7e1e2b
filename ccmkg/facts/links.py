"""Links to other datasets: identifiers of the States and instruments, in data/ttl/links.ttl.

Runs after build_agents and build_instruments, so that it links exactly the entities the facts
use. ISO 3166-1 codes come from pycountry (a maintained library); M49, GeoNames and Wikidata come
from data/reference/countries.csv. `owl:sameAs` is stated only where our entity and the item are
the same thing; the exceptions, each with its reason, are the rows of data/reference/identity.csv
(README.md there explains every choice).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pycountry
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..errors import InputError, at
from ..namespaces import GEONAMES, ID, WD
from ..terms import CCM
from .base import Context

RELATIONS = {"owl:sameAs": OWL.sameAs, "skos:exactMatch": SKOS.exactMatch,
             "skos:closeMatch": SKOS.closeMatch, "rdfs:seeAlso": RDFS.seeAlso,
             "dcterms:identifier": DCTERMS.identifier}


def read_csv(path: Path, columns: set[str]) -> list[tuple[str, dict[str, str]]]:
    """Rows with their `file:line` for messages; a missing file or column is bad input."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = columns - set(reader.fieldnames or ())
            if missing:
                raise InputError(str(path), f"missing column(s) {', '.join(sorted(missing))}")
            return [(at(path, reader.line_num), row) for row in reader]
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None


def build_links(ctx: Context, folder: Path) -> None:
    g = ctx.graph("links")
    g.bind("owl", OWL)
    g.bind("wd", WD)
    countries = {row["iso3"]: (where, row) for where, row in
                 read_csv(folder / "countries.csv", {"iso3", "m49", "geonames_id", "wikidata_qid"})}
    exceptions: dict[str, list[tuple[str, dict]]] = {}
    for where, row in read_csv(folder / "identity.csv", {"subject", "relation", "wikidata"}):
        exceptions.setdefault(row["subject"], []).append((where, row))
    for iri, iso3 in sorted(agents_with_codes(ctx)):
        if iso3 not in countries:
            raise InputError(str(folder / "countries.csv"), f"no row for {iso3} ({iri})")
        link_country(g, iri, iso3, *countries[iso3], exceptions.get(str(iri)[len(str(ID)):], []))
    link_instruments(g, ctx, folder / "instruments.csv")


def agents_with_codes(ctx: Context) -> set[tuple[URIRef, str]]:
    agents = ctx.graphs["agents"]
    return {(s, str(o)) for s, o in agents.subject_objects(CCM.iso3166Alpha3)}


def link_country(g: Graph, iri: URIRef, iso3: str, where: str, row: dict, exceptions: list) -> None:
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise InputError(where, f"pycountry does not know {iso3}")
    # The reference file is a copy; a disagreement with pycountry means one of them is stale.
    if row.get("iso2") and row["iso2"] != country.alpha_2 or \
            row.get("iso_numeric") and int(row["iso_numeric"]) != int(country.numeric):
        raise InputError(where, f"{iso3}: countries.csv and pycountry disagree on its ISO codes")
    g.add((iri, CCM.iso3166Alpha2, Literal(country.alpha_2)))
    g.add((iri, CCM.iso3166Numeric, Literal(country.numeric)))
    if row["m49"]:
        g.add((iri, CCM.m49Code, Literal(f"{int(row['m49']):03d}")))
    if row["geonames_id"]:
        g.add((iri, CCM.geonamesId, Literal(row["geonames_id"])))
        g.add((iri, SKOS.closeMatch, GEONAMES[row["geonames_id"] + "/"]))
    if exceptions:
        for where_x, x in exceptions:
            g.add((iri, relation(x["relation"], where_x), WD[qid(x["wikidata"], where_x)]))
    elif row["wikidata_qid"]:
        g.add((iri, OWL.sameAs, WD[qid(row["wikidata_qid"], where)]))


def link_instruments(g: Graph, ctx: Context, path: Path) -> None:
    described = {s for graph in ctx.graphs.values() for s in graph.subjects(RDF.type, None)}
    for where, row in read_csv(path, {"subject", "relation", "target"}):
        iri = ID[row["subject"]]
        if iri not in described:
            continue  # an instrument this document does not describe (the build checks that one does)
        target = row["target"]
        is_literal = row["relation"] == "dcterms:identifier"
        g.add((iri, relation(row["relation"], where), Literal(target) if is_literal else URIRef(target)))


def relation(name: str, where: str) -> URIRef:
    if name not in RELATIONS:
        raise InputError(where, f"unknown relation '{name}'; use one of {', '.join(RELATIONS)}")
    return RELATIONS[name]


def qid(value: str, where: str) -> str:
    if not (value.startswith("Q") and value[1:].isdigit()):
        raise InputError(where, f"not a Wikidata item id: {value!r}")
    return value
