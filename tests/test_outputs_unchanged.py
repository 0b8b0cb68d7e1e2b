"""The files a build writes (data/ttl/ and dist/) are byte-identical to those of the build at
commit f444fff, recorded in tests/expected/build-outputs.sha256 before the code was reorganised.
A change that is meant to alter an output updates the record in the same commit and says why."""
from __future__ import annotations

import hashlib
from pathlib import Path

RECORD = Path(__file__).parent / "expected" / "build-outputs.sha256"


def recorded() -> dict[str, str]:
    pairs = (line.split("  ", 1) for line in RECORD.read_text(encoding="utf-8").splitlines() if line)
    return {path: digest for digest, path in pairs}


def written(root: Path) -> dict[str, str]:
    # .build-record.json is the build cache's key (it holds a digest of the code), not an output
    files = [p for folder in ("data/ttl", "dist") for p in (root / folder).rglob("*")
             if p.is_file() and not p.name.startswith(".")]
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_the_record_lists_both_folders():
    paths = recorded()
    assert any(p.startswith("data/ttl/") for p in paths) and any(p.startswith("dist/") for p in paths)


def test_a_fresh_build_writes_the_recorded_files(fresh):
    assert sorted(written(fresh)) == sorted(recorded())


def test_every_file_has_the_recorded_bytes(fresh):
    changed = sorted(path for path, digest in written(fresh).items() if recorded().get(path) != digest)
    assert changed == []
