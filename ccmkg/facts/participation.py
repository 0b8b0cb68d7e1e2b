"""Paragraphs 8-14: who took part in the Meeting, in which capacity and under which rule."""
from __future__ import annotations

from .base import CCM, Context, Entry, ID, URIRef
from .groups import add_group, add_members


def build_participation(ctx: Context, annotations: Entry) -> None:
    g = ctx.graph("participation")
    annotations.check_keys({"as_at", "meeting", "lists"})
    meeting = ctx.agent(annotations["meeting"], annotations.where)
    for entry in annotations.entries("lists"):
        entry.check_keys({"source", "quote", "capacity", "members"},
                         {"stated", "stated_text", "noun", "status", "rule", "note"})
        part = ctx.part(entry["source"], entry.where)
        group = ctx.doc_iri(f"list/{part.id}")
        add_group(ctx, g, group, "ParticipantList", entry, part, annotations["as_at"])
        g.add((group, CCM.meeting, meeting))
        extra = [(CCM.capacity, ctx.concept("capacity", entry["capacity"], entry.where)),
                 (CCM.meeting, meeting)]
        if entry.get("rule"):
            extra.append((CCM.underRule, rule_iri(entry["rule"])))
        g.add((group, CCM.capacity, extra[0][1]))
        add_members(ctx, g, group, entry, part, entry["members"], annotations["as_at"], extra=extra)


def rule_iri(rule: str) -> URIRef:
    """"1 (2)" -> rule 1 (2) of the rules of procedure, CCM/MSP/2011/3."""
    return ID[f"doc/CCM-MSP-2011-3/rule_{rule.replace(' (', '_').rstrip(')')}"]
