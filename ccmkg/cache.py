"""Skip a build that would write what is already there.

A build is a function of its inputs (source, annotations, reference tables, ontology, shapes,
saved queries) and of the ccmkg code. The last build leaves a record, dist/.build-record.json,
with a hash of all of them and of every file it wrote. When the inputs hash the same and every
output still has the hash it was written with, the build has nothing to do: its summary is read
from the record. Any edit of an input, of the code, or of an output makes a full build.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
RECORD = ".build-record.json"  # in dist/
RECORD_VERSION = 1


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_key(inputs: list[Path], root: Path, outputs: tuple[Path, Path]) -> str:
    """One hash of every input file (by path relative to root), the package code and where the
    outputs go: the same key means the same build."""
    h = hashlib.sha256(f"record {RECORD_VERSION}\n".encode())
    code = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(set(inputs)) + code:
        name = str(path.relative_to(PACKAGE)) if path.is_relative_to(PACKAGE) else str(path.relative_to(root))
        h.update(f"{name}\n".encode())
        h.update(digest(path.read_bytes()).encode() if path.is_file() else b"missing")
    for folder in outputs:
        h.update(f"out {folder.resolve()}\n".encode())
    return h.hexdigest()


def record(key: str, files: dict[Path, bytes], summary: dict) -> bytes:
    return (json.dumps({"key": key, "outputs": {str(p.resolve()): digest(data) for p, data in sorted(files.items())},
                        "summary": summary}, indent=1, sort_keys=True) + "\n").encode("utf-8")


def lookup(path: Path, key: str) -> dict | None:
    """The summary of the last build if it had this key and its outputs are untouched."""
    try:
        last = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(last, dict) or last.get("key") != key:
        return None
    for name, expected in last.get("outputs", {}).items():
        try:
            if digest(Path(name).read_bytes()) != expected:
                return None
        except OSError:
            return None
    return last.get("summary")
