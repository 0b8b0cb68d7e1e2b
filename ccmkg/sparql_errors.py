"""SPARQL syntax errors as one readable line: where, what was expected, near what; for an unknown
prefix its name and the prefixes the table predefines (ccmkg/namespaces.py)."""
from __future__ import annotations

import re

from .namespaces import shortened


def masked(text: str) -> str:
    """The query with comments, IRIs and strings blanked, keeping every position."""
    return re.sub(r'<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                  r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*", lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def undeclared_prefix(text: str, prefixes: dict[str, str]) -> tuple[str, int, int] | None:
    """The first prefixed name whose prefix neither the query nor the table declares:
    (prefix, line, column), or None."""
    plain = masked(text)
    declared = set(re.findall(r"\bPREFIX\s+([\w.\-]*):", plain, flags=re.IGNORECASE)) | set(prefixes)
    for match in re.finditer(r"(?<![\w?$:.\-])([A-Za-z][\w.\-]*)?:", plain):
        name = match.group(1) or ""
        if name not in declared:
            line = plain.count("\n", 0, match.start()) + 1
            return name, line, match.start() - plain.rfind("\n", 0, match.start())
    return None


def syntax_message(error: SyntaxError, text: str, prefixes: dict[str, str]) -> str:
    """Oxigraph's SyntaxError as one readable line: where, what was expected, near what;
    for an unknown prefix its name and the known prefixes."""
    unknown = undeclared_prefix(text, prefixes)
    if unknown:
        name, line, column = unknown
        return (f"SPARQL syntax error at line {line}, column {column}: unknown prefix '{name}:'; "
                f"known prefixes: {', '.join(prefixes) or 'none'} (or declare it with PREFIX)")
    message = str(error)
    position = re.match(r"error at (\d+):(\d+):\s*", message)
    if not position:
        return "SPARQL syntax error: " + re.sub(r"\s+", " ", message)[:300]
    line, column = int(position.group(1)), int(position.group(2))
    return (f"SPARQL syntax error at line {line}, column {column}: {expected(message[position.end():])}{near(text, line, column)}"
            + slash_hint(text, prefixes))


def slash_hint(text: str, prefixes: dict[str, str]) -> str:
    """A prefixed name cannot hold '/': `cv:finding-kind/x` is a path; the scheme has its own
    prefix (`kind:x`), and any other IRI can be written in full."""
    for match in re.finditer(r"(?<![\w?$:.\-])([A-Za-z][\w.\-]*):([\w.\-]+(?:/[\w.\-]+)+)", masked(text)):
        name, local = match.groups()
        if name not in prefixes:
            continue
        written = shortened(prefixes[name] + local, prefixes)
        if "/" in written.split(":", 1)[-1] or written.startswith("<"):
            written = f"<{prefixes[name] + local}>"
        return f"; a prefixed name cannot contain '/': write {written} for {match.group()}"
    return ""


def expected(detail: str) -> str:
    """'expected one of A, B, [char classes]' without the character classes, which read as noise."""
    detail = re.sub(r"\s+", " ", detail).strip()
    match = re.match(r"expected (one of )?", detail)
    if not match:
        return detail[:200]
    kept = [w for w in top_level_items(detail[match.end():])
            if w and not w.startswith("[") and w != "Prefix not found"]
    if not kept:
        return "unexpected character"
    shown = ", ".join(kept[:12]) + (", …" if len(kept) > 12 else "")
    return ("expected " if len(kept) == 1 else "expected one of ") + shown


def top_level_items(listing: str) -> list[str]:
    """'A, [x, y], B' -> ['A', '[x, y]', 'B']: commas inside brackets do not split."""
    items, depth, current = [], 0, ""
    for char in listing:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return items + [current.strip()]


def near(text: str, line: int, column: int) -> str:
    """The end of the line up to the reported column (Oxigraph reports where it gave up)."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return " at the end of the query"
    snippet = lines[line - 1][:max(column - 1, 0)][-30:].strip()
    return f", after {snippet!r}" if snippet else ""
