"""dist/ccm.trig: one named graph per data file (graph/{name}), each the file's canonical Turtle
body, under the union of the files' prefixes."""
from __future__ import annotations

from rdflib import Namespace

from ..vocab import BASE

GRAPH = Namespace(BASE + "graph/")  # named graphs of ccm.trig, one per data file


def trig(files: dict[str, bytes]) -> bytes:
    """The data files' canonical Turtle (by name) as one TriG file, graphs in name order."""
    prefixes: set[str] = set()
    blocks = []
    for name, data in sorted(files.items()):
        lines = data.decode("utf-8").splitlines()
        prefixes.update(line for line in lines if line.startswith("PREFIX "))
        body = [line for line in lines if not line.startswith("PREFIX ")]
        blocks.append(f"<{GRAPH[name]}> {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")
