"""Ontology lint: every class, property and concept of ours is labelled, defined and attributed.

Run by the build before anything is written, so an undocumented term never ships.
"""
from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from .errors import InputError
from .namespaces import BASE

KINDS = {OWL.Class: RDFS.label, OWL.ObjectProperty: RDFS.label, OWL.DatatypeProperty: RDFS.label,
         SKOS.Concept: SKOS.prefLabel}


def undocumented(ontology: Graph) -> list[str]:
    """Terms of ours missing an English label, an English definition or rdfs:isDefinedBy."""
    missing = []
    for kind, label in KINDS.items():
        for term in ontology.subjects(RDF.type, kind):
            if not isinstance(term, URIRef) or not str(term).startswith(BASE):
                continue
            english = lambda p: any(getattr(o, "language", None) == "en" for o in ontology.objects(term, p))
            if not (english(label) and english(SKOS.definition) and (term, RDFS.isDefinedBy, None) in ontology):
                missing.append(str(term))
    return sorted(missing)


def lint_ontology(ontology: Graph) -> None:
    missing = undocumented(ontology)
    if missing:
        raise InputError("ontology/", f"{len(missing)} term(s) without label@en, definition@en or "
                                      f"rdfs:isDefinedBy: {', '.join(missing[:5])}")
