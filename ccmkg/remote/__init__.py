"""The remote stage: the graph beside other stores. `link` compares our Wikidata links with an
endpoint's, `publish` loads the graph into a store, `endpoint` runs a query on one."""
