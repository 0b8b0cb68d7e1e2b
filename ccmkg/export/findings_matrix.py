"""The States x themes matrix of the progress report's findings, as a standalone SVG.

One query gives the rows, so the same picture comes from the embedded store (serve), a remote
endpoint (serve --endpoint) or the freshly built graph (build writes dist/findings-matrix.svg).
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..namespaces import SVG, prefix_lines

QUERY = prefix_lines("ccm", "rdfs", "skos") + """SELECT ?state ?stateLabel ?theme ?themeLabel (COUNT(DISTINCT ?finding) AS ?findings)
WHERE {
  ?finding a ccm:Finding ; ccm:theme ?theme .
  ?membership ccm:group ?finding ; ccm:member ?state .
  ?state rdfs:label ?stateLabel .
  OPTIONAL { ?theme skos:prefLabel ?themeLabel }
}
GROUP BY ?state ?stateLabel ?theme ?themeLabel
"""
CELL, HEADER, LEGEND = 26, 170, 64
CHAR = 7.2  # an upper bound on the mean width of a 12 px sans-serif character, in px
TITLE = "Findings of the Beirut progress report (Annex II) by State and theme"


def cells(rows: list[dict]) -> dict:
    """{(state IRI, theme IRI): count} plus labels, from the query's rows (pyoxigraph terms)."""
    counts, states, themes = {}, {}, {}
    for row in rows:
        state, theme = row["state"].value, row["theme"].value
        counts[(state, theme)] = int(row["findings"].value)
        states[state] = row["stateLabel"].value
        themes[theme] = row["themeLabel"].value if row["themeLabel"] else theme.rsplit("/", 1)[-1]
    return {"counts": counts, "states": states, "themes": themes}


def svg(rows: list[dict], link=lambda iri: iri) -> str:
    """States down (most findings first), themes across; the darker the cell, the more findings."""
    data = cells(rows)
    counts = data["counts"]
    total: dict = {}  # findings per State and per theme, in one pass over the cells
    per_theme: dict = {}
    for (state, theme), n in counts.items():
        total[state] = total.get(state, 0) + n
        per_theme[theme] = per_theme.get(theme, 0) + n
    states = sorted(data["states"], key=lambda s: (-total.get(s, 0), data["states"][s]))
    themes = sorted(data["themes"], key=lambda t: -per_theme.get(t, 0))
    peak = max(counts.values(), default=1)
    names = {s: f'{data["states"][s]} ({total[s]})' for s in states}
    # the row labels' column fits the longest name: "United Kingdom of Great Britain and Northern Ireland"
    row_label = max([int(CHAR * len(n)) + 16 for n in names.values()] + [len(TITLE) * 8 // 2, 230])
    top = LEGEND + HEADER
    width = row_label + CELL * len(themes) + HEADER  # room for the slanted theme names
    height = top + CELL * len(states) + 10
    out = [f'<svg xmlns="{SVG}" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img" '
           f'aria-labelledby="matrix-title">',
           f'<title id="matrix-title">{escape(TITLE)} (CCM/MSP/2011/5)</title>',
           f'<text class="matrix-title" x="8" y="20" font-size="15" font-weight="bold">{escape(TITLE)}</text>',
           legend(peak)]
    for j, theme in enumerate(themes):
        x = row_label + CELL * j + CELL / 2
        out.append(f'<text transform="translate({x:.0f},{top - 6}) rotate(-50)">'
                   f'{escape(data["themes"][theme])}</text>')
    for i, state in enumerate(states):
        y = top + CELL * i
        out.append(f'<a href={quoteattr(link(state))}><text class="state" x="{row_label - 8}" y="{y + 17}" '
                   f'text-anchor="end">{escape(names[state])}</text></a>')
        for j, theme in enumerate(themes):
            out.append(cell(row_label + CELL * j, y, counts.get((state, theme), 0), peak,
                            f'{data["states"][state]}, {data["themes"][theme]}'))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def legend(peak: int) -> str:
    """What a cell and a number after a name mean, with the shades of 1 and of the largest count."""
    samples = sorted({1, (peak + 1) // 2, peak})
    parts = ['<g class="legend">',
             '<text x="8" y="42">Cell: the number of findings that list the State under the theme '
             '(darker: more). In brackets after a name: all its findings.</text>']
    for k, n in enumerate(samples):
        parts.append(cell(8 + k * (CELL + 4), 50, n, peak, f"{n} finding{'s' if n != 1 else ''}"))
    parts.append("</g>")
    return "".join(parts)


def cell(x: int, y: int, n: int, peak: int, what: str) -> str:
    shade = 0.12 + 0.88 * n / peak if n else 0
    fill = f"rgba(31,84,150,{shade:.2f})" if n else "#f3f3f3"
    colour = "#fff" if shade > 0.5 else "#222"
    label = f'<text x="{x + CELL / 2:.0f}" y="{y + 17}" text-anchor="middle" fill="{colour}">{n}</text>' if n else ""
    return (f'<g><title>{escape(what)}: {n} finding{"s" if n != 1 else ""}</title>'
            f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" fill="{fill}"/>{label}</g>')


def from_store(store) -> bytes:
    """The matrix for dist/, from the store the build has already loaded (no second parse)."""
    results = store.query(QUERY)
    names = [v.value for v in results.variables]
    return svg([{n: row[n] for n in names} for row in results]).encode("utf-8")
