"""The ccmkg benchmark (issue 7): build stages, end-to-end build, the naive pipeline, saved queries,
`serve` throughput and the synthetic scale, in one run; prints a table and writes bench/results.md.

    python -m bench                   # everything, scale 1, 10 and 100 (~1M triples; minutes)
    python -m bench --quick           # scale 1 and 10 only
    python -m bench --skip scale,serve --repeat 3

Nothing in the project folder is written but bench/results.md: builds go to temporary folders,
and the end-to-end `ccmkg build` and `ccmkg serve` run on a temporary copy of the project.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from ccmkg.build import Project, build
from ccmkg.query import Store

from bench import load
from bench.queries import median, time_queries
from bench.scale import profile as profile_scale
from bench.scale import run_all as run_scale
from bench.startup import measure as measure_startup

ROOT = Path(__file__).resolve().parent.parent
STAGES = ["cache", "ontology", "source", "annotations", "extract", "derive", "export", "reason", "validate", "write"]
PACKAGES = ["rdflib", "pyoxigraph", "pyshacl", "owlrl", "reasonable"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def copy_project(folder: Path) -> Project:
    """The files a build and `serve` read, copied into `folder`."""
    for name in ("data", "ontology", "shapes", "queries", "rules"):
        shutil.copytree(ROOT / name, folder / name)
    return Project(folder)


def ccmkg_command() -> list[str]:
    script = Path(sys.executable).parent / "ccmkg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ccmkg.cli"]


# -- the build ------------------------------------------------------------------------------------

def bench_build(project: Project, work: Path, repeat: int) -> dict:
    """build() in this process, `repeat` times into fresh folders: seconds per stage and in all."""
    runs = []
    for r in range(repeat):
        started = time.perf_counter()
        summary = build(project, data_dir=work / f"in{r}" / "ttl", dist=work / f"in{r}" / "dist", force=True)
        runs.append({"total": time.perf_counter() - started, **summary.timings})
    stages = [s for s in STAGES if any(s in run for run in runs)]
    stages += sorted({s for run in runs for s in run} - set(stages) - {"total"})
    return {"stages": {s: statistics.median(run.get(s, 0.0) for run in runs) for s in stages},
            "total": statistics.median(run["total"] for run in runs), "triples": summary.triples,
            "data_triples": summary.data_triples}


def bench_cli_build(project: Project, repeat: int) -> dict:
    """`ccmkg --root COPY build --force` as a process (interpreter start and imports included),
    then `ccmkg build` with nothing changed (the cached no-op)."""
    command = ccmkg_command() + ["--root", str(project.root), "build"]
    out = {}
    for name, extra in (("forced", ["--force"]), ("cached", [])):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run(command + extra, check=True, capture_output=True, timeout=600)
            times.append(time.perf_counter() - started)
        out[name] = statistics.median(times)
    out["command"] = "ccmkg --root COPY build --force"
    return out


# -- the naive pipeline ---------------------------------------------------------------------------

def bench_naive(project: Project, repeat: int) -> dict:
    """rdflib parse of the ontology and data/ttl, pyshacl with shapes/ (defaults), owlrl OWL RL closure."""
    import owlrl
    import pyshacl
    from rdflib import Graph

    files = project.ontology_files + project.data_files()
    shapes = Graph()
    for path in sorted((project.root / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    runs = []
    for _ in range(repeat):
        times = {}
        started = time.perf_counter()
        graph = Graph()
        for path in files:
            graph.parse(path, format="turtle")
        times["parse"] = time.perf_counter() - started
        triples = len(graph)
        started = time.perf_counter()
        conforms, report_graph, text = pyshacl.validate(graph, shacl_graph=shapes)
        # pyshacl returns a ValidationFailure (not a report) when it stops on a shape it rejects
        failure = None if isinstance(report_graph, Graph) else str(text).strip()[:300]
        times["validate (pyshacl)"] = time.perf_counter() - started
        started = time.perf_counter()
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
        times["reason (owlrl)"] = time.perf_counter() - started
        times["total"] = sum(times.values())
        runs.append(times)
    return {"stages": {k: statistics.median(run[k] for run in runs) for k in runs[0]}, "triples": triples,
            "closure_triples": len(graph), "conforms": conforms, "failure": failure, "repeat": repeat}


# -- saved queries and serve ----------------------------------------------------------------------

def bench_queries(project: Project, repeat: int) -> dict:
    store = Store(project.ontology_files + project.data_files()).store
    timed = time_queries(store, project.root / "queries", repeat, budget_s=60.0)
    return {name: {"median": median(q["times"]), "rows": q["rows"]} for name, q in timed.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_serve(project: Project, work: Path, requests: int, concurrency: int) -> dict:
    """`ccmkg serve` on a free loopback port, loaded by bench/load.py; stopped with SIGTERM."""
    import urllib.request

    port = free_port()
    output = open(work / "serve.log", "wb")
    process = subprocess.Popen(ccmkg_command() + ["--root", str(project.root), "serve", "--port", str(port)],
                               stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"ccmkg serve exited with {process.returncode}: "
                                   f"{(work / 'serve.log').read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/static/site.css", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("ccmkg serve did not come up in 120 s")
                time.sleep(0.2)
        load.run(url, 60, concurrency)  # warm up: the home page and the matrix are drawn once
        result = load.run(url, requests, concurrency)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(15)
        output.close()
    result["concurrency"] = concurrency
    return result


# -- the machine and the report -------------------------------------------------------------------

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "packages": versions}


def ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{1000 * seconds:.1f} ms"


def secs(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.2f} s"


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**not met**")


def targets(results: dict) -> list[tuple[str, str, str]]:
    """(target, measured, met / not met) for each target of issue 7."""
    rows = []
    cli = results.get("cli")
    naive = results.get("naive")
    e2e = cli["forced"] if cli else None
    rows.append(("`ccmkg build` end to end ≤ 1.0 s", secs(e2e), verdict(None if e2e is None else e2e <= 1.0)))
    ratio = naive["stages"]["total"] / e2e if naive and e2e else None
    rows.append(("≥ 5× faster than the naive pipeline", "n/a" if ratio is None else f"{ratio:.1f}×",
                 verdict(None if ratio is None else ratio >= 5)))
    queries = results.get("queries")
    total = sum(q["median"] for q in queries.values()) if queries else None
    rows.append(("all saved queries together ≤ 50 ms", ms(total), verdict(None if total is None else total <= 0.05)))
    scale = {r["n"]: r for r in results.get("scale", [])}
    big = scale.get(100)
    if big and big["publish_s"] is None:
        rows.append(("100× build (publish) ≤ 60 s", f"not finished: {big['error']}, in {big['stopped_in']}",
                     verdict(False)))
    else:
        rows.append(("100× build (publish) ≤ 60 s", secs(big["publish_s"]) if big else "n/a",
                     verdict(big["publish_s"] <= 60 if big else None)))
    if 100 in scale and 10 in scale and scale[10]["publish_s"]:
        if scale[100]["publish_s"] is None:
            rows.append(("growth 10× → 100× ≤ 11×", f"> {results['options']['publish_timeout'] / scale[10]['publish_s']:.0f}× "
                         "(100× not finished)", verdict(False)))
        else:
            growth = scale[100]["publish_s"] / scale[10]["publish_s"]
            rows.append(("growth 10× → 100× ≤ 11×", f"{growth:.1f}×", verdict(growth <= 11)))
    else:
        rows.append(("growth 10× → 100× ≤ 11×", "n/a", verdict(None)))
    if big:
        slow = [n for n, q in big["queries"].items() if q["p95"] is None or q["p95"] > 0.25]
        worst = max(big["queries"].items(), key=lambda kv: kv[1]["p95"] or float("inf"))
        measured = f"{len(slow)} of {len(big['queries'])} over; worst {worst[0]} " + \
                   (f"> {results['options']['query_timeout']:.0f} s (stopped)" if worst[1]["p95"] is None
                    else ms(worst[1]["p95"]) + (" (stopped)" if worst[1]["timed_out"] else ""))
        rows.append(("100×: every saved query p95 ≤ 250 ms", measured, verdict(not slow)))
    else:
        rows.append(("100×: every saved query p95 ≤ 250 ms", "n/a", verdict(None)))
    rows += scale_targets(scale, results["options"])
    rows += startup_targets(results.get("startup"))
    serve = results.get("serve")
    rows.append(("`serve` ≥ 300 requests/s", f"{serve['rps']:.0f} req/s" if serve else "n/a",
                 verdict(serve["rps"] >= 300 if serve else None)))
    rows.append(("`serve` 0 errors", str(serve["errors"]) if serve else "n/a",
                 verdict(serve["errors"] == 0 if serve else None)))
    return rows


def growth(scale: dict, name: str) -> float | None:
    """p95 at 100× over p95 at 10× of one saved query; inf when its runs at 100× were stopped."""
    small, big = scale[10]["queries"].get(name, {}), scale[100]["queries"].get(name, {})
    if not small.get("p95"):
        return None
    return float("inf") if big.get("p95") is None else big["p95"] / small["p95"]


def scale_targets(scale: dict, options: dict) -> list[tuple[str, str, str]]:
    """Issue 16: memory at 100×, saved queries with a parameter at 100×, growth of the others."""
    big = scale.get(100)
    memory = ("100× peak memory ≤ 1.5 GB", f"{big['peak_rss_mb']:.0f} MB" if big else "n/a",
              verdict(big["peak_rss_mb"] <= 1536 if big else None))
    if not big:
        return [memory, ("100×: saved queries with a parameter, p95 ≤ 50 ms", "n/a", verdict(None)),
                ("10× → 100×: no saved query without a parameter grows faster than the data", "n/a", verdict(None))]
    with_param = {n: q for n, q in big["queries"].items() if q.get("params")}
    slow = sorted(n for n, q in with_param.items() if q["p95"] is None or q["p95"] > 0.05)
    rows = [memory, ("100×: saved queries with a parameter, p95 ≤ 50 ms",
                     f"{len(slow)} of {len(with_param)} over" + (f" ({', '.join(slow)})" if slow else ""),
                     verdict(not slow))]
    if 10 in scale:
        data = big["triples"] / scale[10]["triples"]
        ratios = {n: growth(scale, n) for n, q in big["queries"].items() if not q.get("params")}
        faster = sorted(n for n, r in ratios.items() if r is not None and r > data)
        rows.append(("10× → 100×: no saved query without a parameter grows faster than the data",
                     f"{len(faster)} of {len(ratios)} grow more than {data:.1f}× (p95)", verdict(not faster)))
    else:
        rows.append(("10× → 100×: no saved query without a parameter grows faster than the data", "n/a",
                     verdict(None)))
    return rows


def startup_targets(startup: dict | None) -> list[tuple[str, str, str]]:
    """Issue 16: `ccmkg query` within 4× of `oxigraph query`; `ccmkg validate` ≤ 250 ms (wall medians)."""
    if not startup:
        return [("`ccmkg query participants` ≤ 4× `oxigraph query`", "n/a", verdict(None)),
                ("`ccmkg validate` ≤ 250 ms", "n/a", verdict(None))]
    query, check = startup["ccmkg query participants"], startup["ccmkg validate"]
    return [("`ccmkg query participants` ≤ 4× `oxigraph query`",
             f"{query['ratio_wall']:.1f}× ({ms(query['wall'])}; CPU {query['ratio_cpu']:.1f}×)",
             verdict(query["ratio_wall"] <= 4)),
            ("`ccmkg validate` ≤ 250 ms", f"{ms(check['wall'])} (CPU {ms(check['cpu'])})", verdict(check["wall"] <= 0.25))]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(map(str, row)) + " |" for row in rows)]


def report(results: dict) -> str:
    m, o = results["machine"], results["options"]
    lines = ["# ccmkg benchmark results", "",
             f"Run on {results['date']} with `{results['command']}` (commit {results['commit']}).", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['system']}, Python {m['python']}; "
             + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ".", "",
             f"Medians of {o['repeat']} runs unless stated; the naive pipeline {o['naive_repeat']} run(s).", "",
             "## Targets (issues 7 and 16)", "", *table(["target", "measured", ""], [list(r) for r in targets(results)])]
    build_ = results.get("build")
    if build_:
        cli = results.get("cli", {})
        rows = [[s, secs(t)] for s, t in build_["stages"].items()]
        rows.append(["**build() in process, total**", secs(build_["total"])])
        if cli:
            rows.append(["`ccmkg build --force`, process wall time", secs(cli["forced"])])
            rows.append(["`ccmkg build`, inputs unchanged (cached no-op)", secs(cli["cached"])])
        lines += ["", f"## Build of the document ({build_['triples']} triples, {build_['data_triples']} data)", "",
                  *table(["stage", "median"], rows)]
    naive = results.get("naive")
    if naive:
        rows = [[s, secs(t)] for s, t in naive["stages"].items()]
        ours = [("build() in process", build_["total"] if build_ else None),
                ("`ccmkg build --force`", results.get("cli", {}).get("forced"))]
        rows += [[f"naive total / {name}", f"{naive['stages']['total'] / t:.1f}×"] for name, t in ours if t]
        lines += ["", f"## Naive pipeline (rdflib parse, pyshacl defaults, owlrl OWL RL closure) on the same "
                      f"{naive['triples']} triples", "",
                  (f"pyshacl conforms: {naive['conforms']}" if not naive.get("failure") else
                   f"**pyshacl stopped with \"{naive['failure']}\"**: the validate time covers the shapes it "
                   "checked until then, so the naive total is an underestimate") +
                  f"; owlrl closure: {naive['closure_triples']} triples.", "",
                  *table(["stage", "median" if naive["repeat"] > 1 else "time"], rows)]
    queries = results.get("queries")
    if queries:
        total = sum(q["median"] for q in queries.values())
        rows = [[name, ms(q["median"]), q["rows"], "**over 50 ms**" if q["median"] > 0.05 else ""]
                for name, q in sorted(queries.items(), key=lambda kv: -kv[1]["median"])]
        rows.append(["**total**", ms(total), "", "" if total <= 0.05 else "**over 50 ms**"])
        lines += ["", "## Saved queries on the embedded store (pyoxigraph, the document's graph)", "",
                  "Each with its parameters' examples; median of the runs; flagged when one query alone "
                  "exceeds the 50 ms target for all of them.", "", *table(["query", "median", "rows", ""], rows)]
    serve = results.get("serve")
    if serve:
        lines += ["", "## `ccmkg serve` (bench/load.py)", "",
                  f"{serve['requests']} requests, {serve['concurrency']} concurrent, on loopback, in "
                  f"{serve['seconds']:.1f} s: **{serve['rps']:.0f} requests/s**, p50 {serve['p50_ms']:.1f} ms, "
                  f"p99 {serve['p99_ms']:.1f} ms, errors {serve['errors']} {serve['error_kinds'] or ''}".rstrip()]
    startup = results.get("startup")
    if startup:
        rows = [[f"`{name}`", ms(m["wall"]), ms(m["cpu"]),
                 f"{m['ratio_wall']:.1f}× (CPU {m['ratio_cpu']:.1f}×)" if "ratio_wall" in m else ""]
                for name, m in startup.items()]
        lines += ["", "## Start-up of the small commands (bench/startup.py)", "",
                  f"Whole processes, each alternated run by run with the others, medians of "
                  f"{next(iter(startup.values()))['runs']} runs; `oxigraph query` on a store on disk holding the "
                  "same files. CPU: user + system time of the process (wall time also holds the waits for a "
                  "core on a shared machine).", "",
                  *table(["command", "wall", "CPU", "ccmkg / oxigraph"], rows)]
    scale = results.get("scale")
    if scale:
        stages = ["export", "derive", "reason", "validate", "write"]

        def stage(r, s):
            if s in r["timings"]:
                return secs(r["timings"][s])
            return f"stopped ({r['error']})" if r["publish_s"] is None and r["stopped_in"] == s else ""

        rows = [[f"{r['n']}×", r["triples"], secs(r["generate_s"]), *(stage(r, s) for s in stages),
                 f"**{secs(r['publish_s'])}**" if r["publish_s"] is not None else "**not finished**",
                 secs(r["store_load_s"]), f"{r['peak_rss_mb']:.0f} MB"] for r in scale]
        lines += ["", "## Synthetic scale (bench/scale.py: N copies, published by ccmkg.build.publish)", "",
                  "One run per N. `generate` makes the copies (not part of the build); the build is "
                  "`publish` (export with derive inside it, reason, validate, write), run in a child process stopped after "
                  f"{o['publish_timeout']:.0f} s. Peak RSS: the largest of the benchmark's processes so far. "
                  "The query store holds the ontology and the N copies (loaded from the generated triples; each "
                  "document once more in its own named graph, as `ccmkg query` loads them).", "",
                  *table(["N", "triples", "generate", *stages, "publish", "store load", "peak RSS"], rows)]
        by_n = {r["n"]: r for r in scale}
        if 10 in by_n and 100 in by_n and by_n[10]["publish_s"] and by_n[100]["publish_s"]:
            stage_growth = {s: by_n[100]["timings"][s] / by_n[10]["timings"][s] for s in stages
                            if by_n[10]["timings"].get(s) and s in by_n[100]["timings"]}
            lines += ["", "Growth 10× → 100×: publish "
                      f"{by_n[100]['publish_s'] / by_n[10]['publish_s']:.1f}× ("
                      + ", ".join(f"{s} {g:.1f}×" for s, g in stage_growth.items()) + ") for "
                      f"{by_n[100]['triples'] / by_n[10]['triples']:.1f}× the triples."]
        names = sorted({name for r in scale for name in r["queries"]},
                       key=lambda n: -(scale[-1]["queries"].get(n, {}).get("p95") or float("inf")))

        def cell(q):
            if q is None:
                return ""
            if q["p95"] is None:
                return f"**> {o['query_timeout']:.0f} s**"
            text = ms(q["p95"]) + (f" ({q['runs']} runs)" if q["timed_out"] or q["runs"] < o["query_repeat"] else "")
            return f"**{text}**" if q["p95"] > 0.25 else text

        has_growth = 10 in by_n and 100 in by_n

        def growth_cell(name):
            ratio = growth(by_n, name) if has_growth else None
            return "" if ratio is None else ("stopped" if ratio == float("inf") else f"{ratio:.1f}×")

        params = {name: q.get("params") for r in scale for name, q in r["queries"].items()}
        rows = [[name, ", ".join(params[name] or []) or "–", *(cell(r["queries"].get(name)) for r in scale),
                 *([growth_cell(name)] if has_growth else [])] for name in names]
        lines += ["", f"Saved queries, p95 of up to {o['query_repeat']} runs on a pyoxigraph store loaded with "
                      f"the N-copy graph, with their parameters' examples (a query's runs stop after "
                      f"{o['query_timeout']:.0f} s in all; bold: over 250 ms)"
                      + (f"; growth: p95 at 100× / p95 at 10×, for {by_n[100]['triples'] / by_n[10]['triples']:.1f}× "
                         "the triples" if has_growth else "") + ":", "",
                  *table(["query", "parameter", *(f"{r['n']}×" for r in scale), *(["growth"] if has_growth else [])],
                         rows)]
    profiled = results.get("profile")
    if profiled:
        lines += ["", f"## Profile of publish at {profiled['n']}× (cProfile, which slows Python code several "
                      "times, so the stage times differ from the table)", "",
                  "Stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in profiled["timings"].items()) + ". "
                  "Top functions of ccmkg, pyoxigraph and rdflib by cumulative time:", "",
                  "```", profiled["text"], "```"]
    notes = results.get("notes")
    if notes:
        lines += ["", "## Notes", "", *(f"- {n}" for n in notes)]
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "ccmkg", "shapes", "queries", "ontology", "rules"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        return head + (" with uncommitted changes in ccmkg/" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=5, help="runs per measurement (medians; default 5)")
    options.add_argument("--naive-repeat", type=int, default=1, help="runs of the naive pipeline (default 1)")
    options.add_argument("--scale", default="1,10,100", help="copy counts of the synthetic scale (default 1,10,100)")
    options.add_argument("--quick", action="store_true", help="scale 1,10 only")
    options.add_argument("--query-repeat", type=int, default=20, help="runs per saved query at scale (p95)")
    options.add_argument("--query-timeout", type=float, default=10.0,
                         help="seconds after which one saved query's runs at scale are stopped (default 10)")
    options.add_argument("--publish-timeout", type=float, default=600.0,
                         help="seconds after which publish at one scale is stopped (default 600)")
    options.add_argument("--profile-scale", type=int, metavar="N",
                         help="add a cProfile of publish at N copies to the report (e.g. 10)")
    options.add_argument("--requests", type=int, default=10000, help="serve: requests (default 10000)")
    options.add_argument("--concurrency", type=int, default=8, help="serve: concurrent clients (default 8)")
    options.add_argument("--skip", default="", help="comma-separated parts to skip: build,naive,queries,startup,serve,scale")
    options.add_argument("--output", default=str(ROOT / "bench" / "results.md"),
                         help="the report (default bench/results.md; '-' for none)")
    args = options.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    scales = [1, 10] if args.quick else [int(n) for n in args.scale.split(",") if n.strip()]
    command = "python -m bench" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    results: dict = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "command": command.strip(), "commit": commit(), "machine": machine(),
                     "options": {"repeat": args.repeat, "naive_repeat": args.naive_repeat,
                                 "query_repeat": args.query_repeat, "query_timeout": args.query_timeout,
                                 "publish_timeout": args.publish_timeout},
                     "notes": []}
    with tempfile.TemporaryDirectory(prefix="ccmkg-bench-") as tmp:
        work = Path(tmp)
        project = copy_project(work / "project")
        if "build" not in skip:
            log(f"build() in process, {args.repeat} runs")
            results["build"] = bench_build(project, work, args.repeat)
            log(f"ccmkg build as a process, {args.repeat} runs forced and {args.repeat} cached")
            results["cli"] = bench_cli_build(project, args.repeat)
        if "naive" not in skip:
            log(f"naive pipeline, {args.naive_repeat} run(s)")
            results["naive"] = bench_naive(project, args.naive_repeat)
        if "queries" not in skip:
            log(f"saved queries, {args.repeat} runs each")
            results["queries"] = bench_queries(project, args.repeat)
        if "startup" not in skip:
            log(f"start-up of the small commands, {args.repeat} runs each, alternated")
            try:
                results["startup"] = measure_startup(project.root, args.repeat, log=log)
            except (RuntimeError, subprocess.SubprocessError) as exc:
                results["notes"].append(f"start-up not measured: {exc}")
        if "serve" not in skip:
            log(f"serve: {args.requests} requests, {args.concurrency} concurrent")
            try:
                results["serve"] = bench_serve(project, work, args.requests, args.concurrency)
            except RuntimeError as exc:
                results["notes"].append(f"serve not measured: {exc}")
    if "scale" not in skip and scales:
        log(f"synthetic scale {scales}")
        results["scale"] = run_scale(scales, args.query_repeat, args.query_timeout, args.publish_timeout, log=log)
    if args.profile_scale:
        log(f"cProfile of publish at {args.profile_scale}x")
        results["profile"] = profile_scale(args.profile_scale, 30, restrict="ccmkg|pyoxigraph|rdflib")
    text = report(results)
    print(text)
    if args.output != "-":
        write_atomically(Path(args.output), text)
        log(f"wrote {args.output}")
    return 0
