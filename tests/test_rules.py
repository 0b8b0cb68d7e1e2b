"""The derivation rules of rules/ on small graphs written for the test, where what each rule must
and must not conclude is known by construction."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ccmkg.derive import derive, read_rule

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = """@prefix ccm: <https://w3id.org/ccmkg/ontology#> .
@prefix capacity: <https://w3id.org/ccmkg/vocab/capacity/> .
@prefix status: <https://w3id.org/ccmkg/vocab/status/> .
@prefix ex: <http://example.org/> .
"""
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"


def derived_from(rule_name: str, turtle: str) -> dict[str, set[str]]:
    """node -> the lists its derived statement says it rests on."""
    store = ox.Store()
    store.load((PREFIXES + turtle).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    derived = derive(store, [read_rule(ROOT / "rules" / f"{rule_name}.rq")], ROOT)
    subject_of = {str(s): str(o) for s, p, o in derived if str(p) == SUBJECT}
    found: dict[str, set[str]] = {}
    for s, p, o in derived:
        if str(p) == PROV:
            found.setdefault(subject_of[str(s)], set()).add(str(o))
    return found


def test_a_status_implied_by_capacity_rests_on_its_own_list_only():
    """Two lists of parties in one store (two meetings, or two documents loaded together): each
    member's derived status rests on the list that names it, never on the other."""
    found = derived_from("status-implied-by-capacity", """
    capacity:party ccm:impliesStatus status:in-force .
    ex:list1 a ccm:ParticipantList ; ccm:capacity capacity:party .
    ex:list2 a ccm:ParticipantList ; ccm:capacity capacity:party .
    ex:m1 ccm:group ex:list1 ; ccm:describedStatus status:in-force .
    ex:m2 ccm:group ex:list2 ; ccm:describedStatus status:in-force .
    """)
    assert found == {"http://example.org/m1": {"http://example.org/list1"},
                     "http://example.org/m2": {"http://example.org/list2"}}
