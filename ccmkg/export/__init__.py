"""The export stage: the graphs as files (data/ttl/ and dist/), one module per format family.

    turtle             the canonical Turtle writer (data/ttl/, dist/ccm.ttl) and its format rules
    ntriples           dist/ccm.nt: sorted N-Triples lines, written by pyoxigraph
    trig               dist/ccm.trig: one named graph per data file
    jsonld             dist/ccm.jsonld, dist/context.jsonld: compacted JSON-LD (a Compactor per context)
    csv_tables         the tidy CSV tables of dist/ and datapackage.json
    void               dist/void.ttl: VoID and DCAT description of dist/
    wikidata           dist/ccm.wikidata.ttl: the Wikidata profile
    findings_matrix    dist/findings-matrix.svg: States x themes of the findings
    obligations_matrix dist/obligations-matrix.svg: States x obligations of the register
    distributions      every file of dist/ by name; write_all (all files or none)

Nothing is imported here, so that a command needing one format loads that module alone.
"""
