"""The States x obligations picture of the register, as a standalone SVG: each cell is one State's
obligation, coloured by the furthest progress annex II reports on it, with marks for a need for
assistance and for unreported time-bound actions; hovering a cell lists every progress and footnote.

One query gives the rows, so the same picture comes from the embedded store (serve), a remote
endpoint or the freshly built graph (build writes dist/obligations-matrix.svg).
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..namespaces import SVG, prefix_lines

QUERY = prefix_lines("ccm", "rdfs", "skos") + """SELECT ?state ?stateLabel ?notation ?progress ?progressLabel WHERE {
  ?held a ccm:StateObligation ; ccm:bearer ?state ; ccm:obligation/skos:notation ?notation .
  ?step ccm:stateObligation ?held ; ccm:progress ?concept .
  ?concept skos:notation ?progress ; skos:prefLabel ?progressLabel .
  ?state rdfs:label ?stateLabel .
}
"""
# Stages, furthest last: the cell takes the colour of the furthest stage any progress reaches.
STAGES = [
    ("obligation", "obligation stated, no step reported", "#d9d9d9",
     {"declared", "reported", "stockpile-to-destroy", "among-worst-affected"}),
    ("steps", "steps reported (plan, tendering, reports, legislation, retention, funding …)", "#9ecae1",
     None),  # every progress not named elsewhere
    ("under-way", "destruction begun, or to finish well before the deadline", "#3182bd",
     {"destruction-begun", "ahead-of-deadline"}),
    ("done", "completed, or fulfilled before entry into force", "#31a354",
     {"completed", "fulfilled-before-entry-into-force"}),
]
MARKS = [("!", "needs assistance", {"needs-assistance"}),
         ("×", "time-bound actions not reported (derived, paragraph 49)",
          {"time-bound-actions-not-reported", "actions-23-26-not-reported"})]
CELL, ROW_LABEL, HEADER, LEGEND = 30, 330, 90, 140


def stage_of(progress: str) -> int:
    for i, (_, _, _, members) in enumerate(STAGES):
        if members is not None and progress in members:
            return i
    return 1 if progress not in set().union(*(m for _, _, m in MARKS)) else -1


def article_key(notation: str) -> tuple:
    """"3 (2)" < "3 (6)" < "3, 4 and/or 5" < "4 (1)" < … < "9"."""
    numbers = [int(d) for d in "".join(c if c.isdigit() else " " for c in notation).split()]
    return (numbers[0], 99) if "," in notation else tuple(numbers)


def svg(rows: list[dict], link=lambda iri: iri) -> str:
    cells: dict = {}
    states: dict = {}
    for row in rows:
        state, notation = row["state"].value, row["notation"].value
        states[state] = row["stateLabel"].value
        cells.setdefault((state, notation), []).append((row["progress"].value, row["progressLabel"].value))
    articles = sorted({n for _, n in cells}, key=article_key)
    count = {s: sum(1 for (t, _) in cells if t == s) for s in states}
    order = sorted(states, key=lambda s: (-count[s], states[s]))
    width = ROW_LABEL + CELL * len(articles) + 20
    height = HEADER + CELL * len(order) + LEGEND
    out = [f'<svg xmlns="{SVG}" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img" '
           f'aria-labelledby="obligations-title">',
           '<title id="obligations-title">States x obligations of the Convention on Cluster Munitions: '
           'progress as the Beirut progress report (CCM/MSP/2011/5, Annex II) reports it as at '
           '20 August 2011; derived from its findings</title>']
    for j, notation in enumerate(articles):
        x = ROW_LABEL + CELL * j + CELL / 2
        out.append(f'<text transform="translate({x:.0f},{HEADER - 6}) rotate(-50)">art. {escape(notation)}</text>')
    for i, state in enumerate(order):
        y = HEADER + CELL * i
        out.append(f'<a href={quoteattr(link(state))}><text x="{ROW_LABEL - 8}" y="{y + 19}" '
                   f'text-anchor="end">{escape(states[state])}</text></a>')
        for j, notation in enumerate(articles):
            if (state, notation) in cells:
                out.append(cell(ROW_LABEL + CELL * j, y, cells[(state, notation)],
                                f"{states[state]}, article {notation}"))
    out += legend(HEADER + CELL * len(order) + 16)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def cell(x: int, y: int, progress: list[tuple[str, str]], what: str) -> str:
    notations = {p for p, _ in progress}
    stage = max((stage_of(p) for p in notations), default=-1)
    fill = STAGES[stage][2] if stage >= 0 else "#ffffff"
    marks = "".join(mark for mark, _, members in MARKS if notations & members)
    text = (f'<text x="{x + CELL / 2 - 1:.0f}" y="{y + 19}" text-anchor="middle" font-weight="bold" '
            f'fill="#b30000">{escape(marks)}</text>') if marks else ""
    listed = "; ".join(sorted(label for _, label in progress))
    return (f'<g class="cell"><title>{escape(what)}: {escape(listed)}</title>'
            f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" fill="{fill}" stroke="#999"/>{text}</g>')


def legend(y: int) -> list[str]:
    out = [f'<text x="10" y="{y}" font-weight="bold">Furthest progress reported</text>']
    for i, (_, label, colour, _) in enumerate(STAGES):
        yy = y + 10 + 18 * i
        out.append(f'<rect x="10" y="{yy}" width="14" height="14" fill="{colour}" stroke="#999"/>'
                   f'<text x="30" y="{yy + 12}">{escape(label)}</text>')
    for i, (mark, label, _) in enumerate(MARKS):
        yy = y + 10 + 18 * (len(STAGES) + i)
        out.append(f'<text x="17" y="{yy + 12}" text-anchor="middle" font-weight="bold" fill="#b30000">'
                   f'{escape(mark)}</text><text x="30" y="{yy + 12}">{escape(label)}</text>')
    return out


def from_store(store) -> bytes:
    """The picture for dist/: drawn from the built graph's store, links left as the w3id IRIs."""
    results = store.query(QUERY)
    names = [v.value for v in results.variables]
    return svg([{n: row[n] for n in names} for row in results]).encode("utf-8")
