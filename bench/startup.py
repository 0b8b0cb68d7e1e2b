"""Start-up of the small commands, as whole processes, side by side with `oxigraph query`.

    python -m bench.startup --runs 7

`ccmkg query participants`, `ccmkg sparql` (a COUNT) and `ccmkg validate` run as processes on the
project, each alternated run by run with `oxigraph query` (the CLI of the pyoxigraph package) giving
the same saved query to a store on disk that holds the same files, and with the floor of a Python
process that imports pyoxigraph and opens that store. Each command runs once before it is timed (the
ccmkg store on disk is made then, as on a user's first query). Reported: the median wall time and the
median CPU time (user + system of the process) of the runs; wall times on a shared machine include
waiting for a core, CPU times do not.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ccmkg.namespaces import declarations, of_project
from ccmkg.query import read_query

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def executable(name: str) -> str:
    """A console script of this environment (ccmkg, oxigraph), else the one on PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found (pip install -e '.[test]' installs oxigraph)")
    return found


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of `command`, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, timeout=120)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # validate exits 1 when the graph does not conform
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def graph_files(root: Path) -> list[Path]:
    return [root / "ontology" / "ccm.ttl", *sorted((root / "ontology" / "vocab").glob("*.ttl")),
            *sorted((root / "data" / "ttl").glob("*.ttl"))]


def commands(root: Path, work: Path) -> dict[str, list[str]]:
    """Each measured command by name: ccmkg's, and oxigraph's on a store of the same files."""
    store = work / "oxigraph-store"
    subprocess.run([executable("oxigraph"), "load", "--location", str(store), "--file",
                    *map(str, graph_files(root))], check=True, capture_output=True, timeout=600)
    query = read_query(root / "queries" / "participants.rq")
    query_file = work / "participants.rq"  # the predefined prefixes written out: oxigraph has none
    query_file.write_text(declarations(of_project(root)) + query.text, encoding="utf-8")
    ccmkg = [executable("ccmkg"), "--root", str(root)]
    return {
        "ccmkg query participants": ccmkg + ["query", "participants", "--format", "csv"],
        "oxigraph query (participants)": [executable("oxigraph"), "query", "--location", str(store),
                                          "--query-file", str(query_file), "--results-format", "csv"],
        "ccmkg sparql (COUNT)": ccmkg + ["sparql", COUNT, "--format", "csv"],
        "oxigraph query (COUNT)": [executable("oxigraph"), "query", "--location", str(store),
                                   "--query", COUNT, "--results-format", "csv"],
        "python: import pyoxigraph, open the store": [
            sys.executable, "-c", f"import pyoxigraph; pyoxigraph.Store.read_only({str(store)!r})"],
        "ccmkg validate": ccmkg + ["validate"],
    }


def measure(root: Path = ROOT, runs: int = 7, log=print) -> dict:
    """{name: {"wall": median s, "cpu": median s, "runs": n}} for each command, runs alternated,
    with the ratios of ccmkg query and sparql to oxigraph query."""
    with tempfile.TemporaryDirectory(prefix="ccmkg-startup-") as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}  # a fresh cache, made below
        measured = commands(root, Path(tmp))
        for command in measured.values():
            timed(command, env)  # once untimed: the store on disk, the file cache
        times: dict[str, list] = {name: [] for name in measured}
        for run in range(runs):
            for name, command in measured.items():
                times[name].append(timed(command, env))
            log(f"startup: run {run + 1} of {runs}")
    out = {name: {"wall": statistics.median(w for w, _ in t), "cpu": statistics.median(c for _, c in t),
                  "runs": len(t)} for name, t in times.items()}
    for ours, theirs in (("ccmkg query participants", "oxigraph query (participants)"),
                         ("ccmkg sparql (COUNT)", "oxigraph query (COUNT)")):
        out[ours]["ratio_wall"] = out[ours]["wall"] / out[theirs]["wall"]
        out[ours]["ratio_cpu"] = out[ours]["cpu"] / max(out[theirs]["cpu"], 1e-4)
    return out


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    args = options.parse_args(argv)
    for name, m in measure(runs=args.runs).items():
        ratio = f", {m['ratio_wall']:.1f}× oxigraph's wall time" if "ratio_wall" in m else ""
        print(f"{name}: wall {1000 * m['wall']:.0f} ms, CPU {1000 * m['cpu']:.0f} ms{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
