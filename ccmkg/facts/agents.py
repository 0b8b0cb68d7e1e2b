"""The entities the facts point at: States and other agents, articles and actions.

Runs after every other builder, so that it describes exactly the entities the facts use.
"""
from __future__ import annotations

from rdflib import SKOS

from ..names import current_name
from .base import CCM, ID, Context, Literal, label, text, typed
from .structure import action_iri, article_iri


def build_agents(ctx: Context) -> None:
    g = ctx.graph("agents")
    used = {o for graph in ctx.graphs.values() for o in graph.objects() if str(o).startswith(str(ID))}
    for key, agent in sorted(ctx.names.by_key.items()):
        iri = ID[key]
        if iri not in used:
            continue
        typed(g, iri, agent.cls)
        spellings = sorted(agent.spellings, key=lambda s: (-len(s), s))
        name = spellings[0] if agent.cls == "State" else agent.label
        label(g, iri, name)
        alternatives = set(agent.spellings) - {name}
        if agent.iso3:
            g.add((iri, CCM.iso3166Alpha3, text(agent.iso3)))
            alternatives.add(current_name(agent.iso3))
        if agent.cls == "State" and agent.iso3 == "VAT":
            alternatives.discard(current_name("VAT"))  # ISO's name is Vatican City's, not the Holy See's
        for alt in sorted(alternatives - {name}):
            g.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
        if agent.note:
            g.add((iri, SKOS.scopeNote, Literal(agent.note, lang="en")))
        for part_id in sorted(ctx.entity_sources.get(key, ())):
            g.add((iri, CCM.source, ctx.part_iri(part_id)))


def build_instruments(ctx: Context) -> None:
    """Every article and action the text or the annotations refer to, as a resource."""
    g = ctx.graph("instruments")
    for graph in list(ctx.graphs.values()):
        articles = set(graph.objects(None, CCM.concernsArticle)) | set(graph.objects(None, CCM.underArticle))
        for article in articles:
            n = str(article).rsplit("/", 1)[-1]
            describe(g, article_iri(int(n)), "Article", f"Article {n} of the Convention on Cluster Munitions",
                     n, ID["instrument/ccm"])
        for action in set(graph.objects(None, CCM.concernsAction)):
            n = str(action).rsplit("/", 1)[-1]
            describe(g, action_iri(int(n)), "Action", f"Action No. {n} of the Vientiane Action Plan",
                     n, ID["instrument/vap"])


def describe(g, iri, cls: str, name: str, number: str, instrument) -> None:
    typed(g, iri, cls)
    label(g, iri, name)
    g.add((iri, CCM.number, text(number)))
    g.add((iri, CCM.partOfInstrument, instrument))
