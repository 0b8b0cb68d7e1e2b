"""Annex II's themes, challenges and questions for discussion.

A paragraph under a "Challenges and questions ..." or "Questions for discussion" sub-heading is a
challenge; each of its lettered items that asks something is a question for discussion. Both
take the theme of their section. `not_challenges` in sections.yaml names a paragraph under such a
heading that is neither (with the reason); its facts are built elsewhere.
"""
from __future__ import annotations

import re

from .base import CCM, DCTERMS, Context, Entry, typed

CHALLENGE_HEADINGS = ("Challenges and questions for discussion", "Questions for discussion")


def build_challenges(ctx: Context, annotations: Entry) -> None:
    g = ctx.graph("findings")
    annotations.check_keys({"themes"}, {"not_challenges"})
    not_challenges = set(annotations.get("not_challenges", {}))
    for part_id in not_challenges:
        ctx.part(part_id, annotations.where)
    themes = {}
    for part_id, notation in annotations["themes"].items():
        ctx.part(part_id, annotations.where)
        themes[part_id] = ctx.concept("theme", notation, annotations.where)
        g.add((ctx.part_iri(part_id), CCM.theme, themes[part_id]))
    for part in ctx.source.parts.values():
        parent = ctx.source.parts.get(part.parent or "")
        if part.kind != "Paragraph" or parent is None or not parent.heading.startswith(CHALLENGE_HEADINGS) \
                or part.id in not_challenges:
            continue
        section = ctx.source.parts[parent.parent]
        theme = themes.get(section.id)
        challenge = ctx.doc_iri(f"challenge/{part.id}")
        typed(g, challenge, "Challenge")
        add_common(ctx, g, challenge, part, section, theme)
        for item in (p for p in ctx.source.parts.values() if p.parent == part.id):
            if item.text.rstrip().endswith("?") or ctx.source.parts[item.parent].text.endswith(":"):
                question = ctx.doc_iri(f"question/{item.id}")
                typed(g, question, "DiscussionQuestion")
                g.add((question, DCTERMS.isPartOf, challenge))
                add_common(ctx, g, question, item, section, theme)


def add_common(ctx: Context, g, fact, part, section, theme) -> None:
    g.add((fact, CCM.aboutSection, ctx.part_iri(section.id)))
    if theme is not None:
        g.add((fact, CCM.theme, theme))
    first_sentence = re.split(r"(?<=[.?:])\s", part.text, maxsplit=1)[0]
    ctx.quote(g, fact, part, first_sentence, f"{ctx.source.path}:{part.line}")
