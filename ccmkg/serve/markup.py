"""The pieces every page is made of: server paths and short names of IRIs, values as escaped HTML
(IRIs of the graph linking to their page on this server: the base https://w3id.org/ccmkg/ maps to
the server root), the page layout, tables, quotes and quoted spans marked in a text."""
from __future__ import annotations

import re
from html import escape

import pyoxigraph as ox

from ..namespaces import BASE
from .results import PREFIXES

DOCUMENT_PART = re.compile(r"^ccmr:doc/[A-Za-z0-9.-]+/")  # a document's parts are named by their id alone


def local(iri: str) -> str:
    """The server path of a graph IRI; other IRIs are left as they are."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else iri


def short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[\w.\-/]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


SAFE_IRI = re.compile(r"https?://[\w.\-/#()~%:]+")  # an IRI that can go between < > in a query


def prop_link(iri: str, labels: dict[str, str]) -> str:
    """A property by its label, its prefixed name on hover, linking to its documentation."""
    name = short(iri)
    return (f'<a href="{escape(local(iri))}" title="{escape(name)}">{escape(labels.get(iri, name))}</a>')


def value(term, label=None) -> str:
    """A term as HTML: IRIs as links (labelled when a label is known), literals as text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = label.value if label is not None else DOCUMENT_PART.sub("", short(term.value))
        return f'<a href="{escape(local(term.value))}">{escape(text)}</a>'
    if isinstance(term, ox.Literal) and term.language:
        return f'{escape(term.value)} <small class="lang">@{escape(term.language)}</small>'
    return escape(term.value)


def layout(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · ccmkg</title><link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/favicon.ico"></head>
<body><header><a class="brand" href="/">ccmkg</a>
<nav><a href="/">Home</a><a href="/query">Query</a><a href="/ontology">Ontology</a>
<a href="/#documents">Documents</a><a href="/sparql">SPARQL endpoint</a></nav></header>
<main>{body}</main>
<footer>Knowledge graph of meeting documents of the Convention on Cluster Munitions (listed on the home page). Data CC-BY-4.0. Every fact cites its paragraph and quote.</footer>
</body></html>"""


def table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    if not rows:
        return '<p class="none">None.</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def quote_html(exact, prefix=None, suffix=None) -> str:
    if exact is None:
        return ""
    before = f'<span class="ctx">…{escape(prefix.value)}</span>' if prefix is not None else ""
    after = f'<span class="ctx">{escape(suffix.value)}…</span>' if suffix is not None else ""
    return f'<q>{before}<mark>{escape(exact.value)}</mark>{after}</q>'



def mark(text: str, quotes: list[tuple[str, str, str]]) -> tuple[str, int]:
    """The text with each quoted span in a <mark> linking to its fact (overlapping spans merge),
    and how many marks it holds."""
    spans = []
    for exact, prefix, fact in quotes:
        start = text.find(prefix + exact) + len(prefix) if prefix and prefix + exact in text else text.find(exact)
        if start >= 0 and exact:
            spans.append((start, start + len(exact), fact))
    merged: list[list] = []
    for start, end, fact in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(fact)
        else:
            merged.append([start, end, [fact]])
    out, at = [], 0
    for start, end, facts in merged:
        out.append(escape(text[at:start]))
        out.append(f'<a class="q" href="{escape(local(facts[0]))}" title="{escape(", ".join(short(f) for f in facts))}">'
                   f"<mark>{escape(text[start:end])}</mark></a>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out), len(merged)


def spans_note(n: int) -> str:
    return (f"{n} quoted span{'' if n == 1 else 's'} marked; each links to the fact it supports."
            if n else "No quoted span in this text.")
