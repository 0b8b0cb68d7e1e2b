"""dist/ccm.trig: one named graph per data file (graph/{name}), each the file's canonical Turtle
body, under the union of the files' prefixes."""
from __future__ import annotations

from ..namespaces import GRAPH  # named graphs of ccm.trig, one per data file


def trig(files: dict[str, bytes]) -> bytes:
    """The data files' canonical Turtle (by name) as one TriG file, graphs in name order. Worked
    on as bytes: the files are large, and a line of Turtle ends only at a newline (str.splitlines
    would also cut at characters a literal may hold, such as U+2028)."""
    prefixes: set[bytes] = set()
    blocks = []
    for name, data in sorted(files.items()):
        body = data
        while body.startswith(b"PREFIX "):  # canonical Turtle: every PREFIX line comes first
            line, _, body = body.partition(b"\n")
            prefixes.add(line)
        blocks.append(f"<{GRAPH[name]}> {{\n".encode("utf-8") + body.strip(b"\n") + b"\n}\n")
    # sorted as bytes: UTF-8 keeps the order of code points
    return b"\n".join(sorted(prefixes)) + b"\n\n" + b"\n".join(blocks)
