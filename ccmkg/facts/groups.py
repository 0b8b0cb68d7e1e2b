"""Groups with a stated size and their members: the participant lists and the Annex II findings.

A group keeps the number its text states (`ccm:statedCount`) apart from the members its list
names; the two are never derived from each other, so that a saved query can report where they
differ.
"""
from __future__ import annotations

from .base import CCM, RDF, SKOS, Context, Entry, Graph, InputError, Literal, URIRef, date, integer, text


def add_group(ctx: Context, g: Graph, group: URIRef, cls: str, entry: Entry, part, as_at) -> None:
    """Type, stated size, noun, date and quote of a group."""
    g.add((group, RDF.type, CCM[cls]))
    g.add((group, RDF.type, CCM.Group))
    if "stated" in entry:
        g.add((group, CCM.statedCount, integer(entry["stated"], entry.where)))
        g.add((group, CCM.statedCountText, text(entry.need("stated_text"))))
    if "noun" in entry:
        g.add((group, CCM.groupNoun, text(entry["noun"])))
    if entry.get("status"):
        g.add((group, CCM.describedStatus, ctx.concept("status", entry["status"], entry.where)))
    g.add((group, CCM.asAt, date(as_at, entry.where)))
    if entry.get("note"):
        g.add((group, SKOS.editorialNote, Literal(entry["note"], lang="en")))  # the curator's, not the text's
    ctx.quote(g, group, part, entry.need("quote"), entry.where)


def add_members(ctx: Context, g: Graph, group: URIRef, entry: Entry, list_part, names_text: str,
                as_at, statuses: dict[str, str] | None = None, extra=()) -> list[str]:
    """One ccm:Membership per name of the list, quoted where the list writes it.

    `statuses` maps a name as written to its status notation (mixed groups); otherwise the
    group's `status` applies to every member. Returns the member keys in list order.
    """
    statuses = dict(statuses or {})
    keys: list[str] = []
    offset = list_part.text.find(names_text)
    if offset < 0:
        raise InputError(entry.where, f"members not found in {list_part.id}: {names_text[:60]!r}")
    check_whole_list(list_part, offset, names_text, entry.where)
    for written, remark in ctx.names.split_list(names_text, entry.where):
        agent = ctx.agent(written, entry.where, list_part.id)
        key = str(agent).rsplit("/", 1)[-1]
        if key in keys:
            raise InputError(entry.where, f"'{written}' is listed twice in {list_part.id}")
        keys.append(key)
        member = URIRef(f"{group}/member/{key}")
        g.add((member, RDF.type, CCM.Membership))
        g.add((member, CCM.group, group))
        g.add((member, CCM.member, agent))
        g.add((member, CCM.asAt, date(as_at, entry.where)))
        status = statuses.pop(written, entry.get("status"))
        if status:
            g.add((member, CCM.describedStatus, ctx.concept("status", status, entry.where)))
        if remark:
            g.add((member, CCM.memberNote, text(remark)))
        for predicate, obj in extra:
            g.add((member, predicate, obj))
        offset = ctx.quote(g, member, list_part, written, entry.where, after=offset)
    if statuses:
        raise InputError(entry.where, f"member_status names no member: {', '.join(statuses)}")
    return keys


def check_whole_list(list_part, offset: int, names_text: str, where: str) -> None:
    """The members must be the part's whole list: it starts the part or follows its colon, and
    ends the part or is followed by the rest of the sentence ("... also participated"), never by
    another name; a list with its first or last name cut off is found in the text all the same."""
    before, after = list_part.text[:offset], list_part.text[offset + len(names_text):]
    if before and not before.endswith(": "):
        raise InputError(where, f"the list of {list_part.id} starts before the members given: "
                                f"...{before[-40:]!r} comes first")
    if not (after in ("", ".") or (after.startswith(" ") and after[1:2].islower()
                                   and not after.startswith(" and "))):
        raise InputError(where, f"the list of {list_part.id} goes on after the members given: "
                                f"{after[:40]!r} follows")


__all__ = ["add_group", "add_members", "Literal"]
