"""What a build says when it ends: counts of the graph, stated counts that differ from their lists,
the checks' lines and the coverage totals (also kept in the build record, for a build skipped)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF

from .terms import CCM


@dataclass
class Summary:
    triples: int
    data_triples: int
    classes: Counter
    findings: int
    count_differences: list[str]
    checks: list[str] = field(default_factory=list)  # reasoning and validation, one line each
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    coverage: str = ""  # the coverage totals line (ccmkg.coverage.totals_line)
    cached: bool = False  # nothing to do: inputs and outputs as the last build left them
    documents: dict[str, str] = field(default_factory=dict)  # key -> "rebuilt" or "reused" (not recorded)

    def to_record(self) -> dict:
        return {"triples": self.triples, "data_triples": self.data_triples, "classes": dict(self.classes),
                "findings": self.findings, "count_differences": self.count_differences, "checks": self.checks,
                "coverage": self.coverage}

    @classmethod
    def from_record(cls, record: dict) -> "Summary":
        return cls(record["triples"], record["data_triples"], Counter(record["classes"]), record["findings"],
                   record["count_differences"], record["checks"], coverage=record.get("coverage", ""))

    def lines(self) -> list[str]:
        out = [f"triples: {self.triples} ({self.data_triples} data, "
               f"{self.triples - self.data_triples} ontology)",
               f"findings: {self.findings}", "entities per class:"]
        out += [f"  {cls}: {n}" for cls, n in sorted(self.classes.items())]
        out.append(f"stated counts that differ from the listed members: {len(self.count_differences)}")
        out += [f"  {line}" for line in self.count_differences]
        if self.coverage:
            out.append(f"{self.coverage} (per sentence: dist/coverage.csv; ccmkg coverage names the unaccounted)")
        return out + self.checks


def summarize(groupings: list[dict], data_triples: int, triples: int) -> Summary:
    """Counts of the data triples (all data files together, each grouped by subject with predicates
    as str: ccmkg.export.turtle.subject_predicates; a triple in two files counts once) and of the
    merged graph."""
    type_iri, group_iri, stated_iri, ours = str(RDF.type), str(CCM.group), str(CCM.statedCount), str(CCM._NS)
    typed, members, stated_counts = set(), {}, set()
    for grouped in groupings:
        for s, predicates in grouped.items():
            typed.update((s, o) for o in predicates.get(type_iri, ()) if o.startswith(ours))
            for o in predicates.get(group_iri, ()):
                members.setdefault(o, set()).add(s)
            stated_counts.update((s, o) for o in predicates.get(stated_iri, ()))
    classes = Counter(str(o).split("#")[-1] for _, o in typed)
    differences = []
    for group, stated in sorted(stated_counts):
        listed = len(members.get(group, ()))
        if listed != stated.toPython():
            where = "/".join(str(group).split("/")[-2:])
            differences.append(f"{where}: stated {stated}, listed {listed}")
    return Summary(triples, data_triples, classes, classes.get("Finding", 0), differences)
