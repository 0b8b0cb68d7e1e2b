"""The house rules of ccmkg/'s layout, read from the source: short modules, short functions, and
stages that import only earlier stages (docs/design.md, "Stages", is the same table in words)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ccmkg"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Files allowed to exceed the limits, each with its reason (none today).
EXEMPT_MODULES: set[str] = set()
EXEMPT_FUNCTIONS: set[str] = set()

# The data's way, in order: a module may import its own stage, an earlier one and COMMON, never a
# later one. Each entry is a module or package under ccmkg/ (a package stands for all it holds).
STAGES = [
    ("source", {"source", "lint"}),
    ("annotations", {"annotations", "names"}),
    ("facts", {"facts", "coverage"}),
    ("derive", {"derive"}),
    ("reason", {"reason"}),
    ("shacl", {"shacl"}),
    ("export", {"export", "tables", "build", "summary"}),
    ("query", {"query", "results", "sparql_errors"}),
    ("serve", {"serve"}),
    ("remote", {"remote"}),
]
COMMON = {"errors", "namespaces", "terms", "concepts", "triples", "cache", "project"}  # used by every stage, import no stage
TOP = {"cli", "commands", "__init__"}  # the command line: may import everything
# Known exceptions that a change under way removes (the findings pictures move out of web/ into
# the export package); remove a line once it no longer holds.
KNOWN_LATER_IMPORTS: set[tuple[str, str]] = set()


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if ".venv" not in p.parts)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def dotted(path: Path, package: Path = PACKAGE) -> str:
    """ccmkg/facts/base.py -> facts.base; ccmkg/remote/__init__.py -> remote."""
    parts = path.relative_to(package).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imported(path: Path, root: Path = PACKAGE) -> set[str]:
    """The ccmkg modules a file imports (at the top or inside a function), as dotted names."""
    name = dotted(path, root).split(".")
    package = name if path.name == "__init__.py" else name[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            if node.module:
                found.add(".".join(base + [node.module]))
            else:
                found |= {".".join(base + [alias.name]) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ccmkg."):
            found.add(node.module[len("ccmkg."):])
        elif isinstance(node, ast.Import):
            found |= {a.name[len("ccmkg."):] for a in node.names if a.name.startswith("ccmkg.")}
    return found


def stage_of(name: str) -> str | None:
    """The stage (or "common", "top") of a dotted module name; None if the table does not say."""
    head = name.split(".")[0]
    if name in TOP:
        return "top"
    if head in COMMON:
        return "common"
    for stage, members in STAGES:
        if head in members or name in members:
            return stage
    return None


ORDER = {stage: index for index, (stage, _) in enumerate(STAGES)}


def test_every_module_has_a_stage():
    unplaced = [relative(p) for p in modules() if stage_of(dotted(p)) is None]
    assert unplaced == [], "add these to STAGES (and to docs/design.md's stage table)"


def test_no_stage_imports_a_later_one():
    wrong = []
    for path in modules():
        name = dotted(path)
        mine = stage_of(name)
        if mine in (None, "top"):
            continue
        for target in sorted(imported(path)):
            theirs = stage_of(target)
            if (name, target) in KNOWN_LATER_IMPORTS:
                continue
            if mine == "common" and theirs != "common":
                wrong.append(f"{relative(path)} (common) imports {target} ({theirs})")
            elif theirs == "top" or (theirs not in (None, "common") and mine != "common"
                                     and ORDER[theirs] > ORDER[mine]):
                wrong.append(f"{relative(path)} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_the_checker_sees_every_kind_of_import(tmp_path):
    """The import reader itself: relative, absolute and in-function imports are all seen."""
    (tmp_path / "ccmkg" / "facts").mkdir(parents=True)
    sample = tmp_path / "ccmkg" / "facts" / "x.py"
    sample.write_text("from ..reason import closure\nfrom . import base\nimport ccmkg.query\n"
                      "def f():\n    from ccmkg.remote.link import compare\n", encoding="utf-8")
    assert imported(sample, tmp_path / "ccmkg") == {"reason", "facts.base", "query", "remote.link"}


def oversized() -> tuple[list[str], list[str]]:
    long_modules, long_functions = [], []
    for path in modules():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules.append(relative(path))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    long_functions.append(f"{relative(path)}:{node.name}")
    return long_modules, long_functions


def test_modules_and_functions_are_short():
    long_modules, long_functions = oversized()
    assert sorted(set(long_modules) - EXEMPT_MODULES) == []
    assert sorted(set(long_functions) - EXEMPT_FUNCTIONS) == []
