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
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
RECORD = ".build-record.json"  # in dist/
RECORD_VERSION = 1


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_key(inputs: list[Path], root: Path, data_dir: Path, dist: Path,
               pending: dict[Path, bytes] | None = None) -> str:
    """One hash of every input file (by path relative to root), the package code and where the
    data files go from dist/: the same key means the same build. `pending` holds input files this
    build writes (the source's record), hashed as they will be, so that the next build matches."""
    pending = pending or {}
    h = hashlib.sha256(f"record {RECORD_VERSION}\n".encode())
    code = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(set(inputs)) + code:
        name = str(path.relative_to(PACKAGE)) if path.is_relative_to(PACKAGE) else str(path.relative_to(root))
        h.update(f"{name}\n".encode())
        data = pending[path] if path in pending else path.read_bytes() if path.is_file() else None
        h.update(digest(data).encode() if data is not None else b"missing")
    h.update(f"data {os.path.relpath(data_dir.resolve(), dist.resolve())}\n".encode())
    return h.hexdigest()


def record(key: str, files: dict[Path, bytes | str], summary: dict, dist: Path) -> bytes:
    """The record kept in dist/; output paths are relative to it, so that two builds of the same
    inputs write the same bytes wherever they are. A file is given by its bytes or its digest."""
    outputs = {os.path.relpath(p.resolve(), dist.resolve()): data if isinstance(data, str) else digest(data)
               for p, data in files.items()}
    return (json.dumps({"key": key, "outputs": outputs, "summary": summary}, indent=1, sort_keys=True)
            + "\n").encode("utf-8")


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
            if digest((path.parent / name).read_bytes()) != expected:
                return None
        except OSError:
            return None
    return last.get("summary")
