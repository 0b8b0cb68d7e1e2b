"""Mutation testing of the core modules with mutmut, on a seeded sample of the mutants per module.

    python -m bench.mutation [--per-module 30] [--seed 17] [--max-children 1]

mutmut (configured in pyproject.toml, [tool.mutmut]) makes about 4,300 mutants of ccmkg/source.py,
annotations.py, names.py, facts/, query.py and export.py; running the tests for all of them takes
hours on two cores, so this runs a random sample of each module's mutants (the same sample for
the same seed and code), then prints killed / survived / no tests per module as a Markdown table.
A mutant is run with the tests that called its function (mutmut's own selection).
`mutmut results` and `mutmut show NAME` give the details afterwards; docs/mutation.md the last run.
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

MUTMUT = [sys.executable, "-m", "mutmut"]
MODULES = ("source", "annotations", "names", "facts", "query", "export")


def mutants() -> dict[str, str]:
    """Every mutant's name and status, as `mutmut results --all true` lists them."""
    out = subprocess.run(MUTMUT + ["results", "--all", "true"], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^\s*(\S+): (.+)$", out, flags=re.M))


def prepare() -> None:
    """Make the mutants and record which tests call which function, running no mutant (a name
    that matches none)."""
    subprocess.run(MUTMUT + ["run", "ccmkg.no-such-module.*"], check=False)


def module_of(name: str) -> str:
    return name.split(".")[1]  # ccmkg.facts.groups.x_add_members__mutmut_3 -> facts


def sample(names: list[str], per_module: int, seed: int) -> list[str]:
    by_module = defaultdict(list)
    for name in sorted(names):
        by_module[module_of(name)].append(name)
    rng = random.Random(seed)
    return [n for m in MODULES for n in rng.sample(by_module[m], min(per_module, len(by_module[m])))]


def table(statuses: dict[str, str], chosen: list[str], totals: Counter) -> str:
    lines = ["| module | mutants | sampled | killed | survived | no tests | other | score (killed / sampled) |",
             "|---|---|---|---|---|---|---|---|"]
    for module in MODULES:
        counts = Counter(statuses[n] for n in chosen if module_of(n) == module)
        sampled = sum(counts.values())
        other = sampled - counts["killed"] - counts["survived"] - counts["no tests"]
        lines.append(f"| {module} | {totals[module]} | {sampled} | {counts['killed']} | {counts['survived']} | "
                     f"{counts['no tests']} | {other} | {counts['killed'] / sampled:.0%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-module", type=int, default=30)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--max-children", type=int, default=1)
    args = parser.parse_args(argv)
    if not Path("pyproject.toml").is_file():
        parser.error("run from the project folder")
    names = list(mutants())
    if not names:
        prepare()
        names = list(mutants())
    if not names:
        parser.error("mutmut made no mutants (see `mutmut run`)")
    chosen = sample(names, args.per_module, args.seed)
    subprocess.run(MUTMUT + ["run", "--max-children", str(args.max_children), *chosen], check=False)
    statuses = mutants()
    print(table(statuses, chosen, Counter(module_of(n) for n in names)))
    for name in chosen:
        if statuses[name] != "killed":
            print(f"{statuses[name]}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
