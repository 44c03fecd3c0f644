"""The package modules each notebook and entry point imports, for make: `python -m tools.deps OUT`.

Standard library only (make runs it with the system Python, before any environment exists). For every
notebook of notebooks/ (its code cells) and every module make runs with `python -m` (given as
`--module NAME=package.module`), it follows the imports through the package's source files, transitively,
and writes one make variable per target to OUT:

    DEPS_31_engagement := src/metropolis_report/__init__.py src/metropolis_report/charts.py ...
    DEPS_MODULE_index := src/metropolis_report/__init__.py src/metropolis_report/index.py ...

It also writes the published tables the chapters' findings are computed from (TABLES and CHAPTER_TABLES of
derive/findings.py, read as literals), so that a chapter waits only for the step that publishes what it reads.

Every import counts, also one inside a function (the module is read when the function runs). Absolute
(`package.a.b`, `from package.a import b`) and relative (`from . import x`, `from ..a import b`) imports are
resolved against the folders of the package, so subpackages need nothing more; importing `package.a.b` also
imports the packages `package` and `package.a` (their __init__.py). Modules outside the package
(the standard library, pandas) are not prerequisites. The file is rewritten only when its text changes.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path


def modules(src: Path, package: str) -> dict[str, Path]:
    """Every module of the package under src/ by dotted name (a package by its __init__.py)."""
    root = Path(src) / package
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _parents(name: str) -> list[str]:
    """package.a.b -> [package, package.a, package.a.b]: importing a module imports its packages first."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def imported(tree: ast.AST, here: str, is_package: bool, known: dict[str, Path]) -> set[str]:
    """The known modules a parsed module (named ``here``; '' for a notebook) imports, directly."""
    found: set[str] = set()
    base = here if is_package else here.rpartition(".")[0]  # where `from . import` looks
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base.split(".") if base else []
                if node.level - 1 > len(anchor):
                    continue  # beyond the top of the package: Python refuses it too
                anchor = anchor[: len(anchor) - (node.level - 1)]
                module = ".".join(anchor + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from a import b`: b is a submodule of a, or a name defined in a
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names if alias.name != "*"]
        else:
            continue
        for target in targets:
            found.update(p for p in _parents(target) if p in known)
    return found


def notebook_tree(path: Path) -> ast.Module:
    """The code cells of a notebook as one module (IPython magics and shell lines left out)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    code = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        code.append("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    return ast.parse("\n\n".join(code), filename=str(path))


def closure(start: set[str], known: dict[str, Path]) -> set[str]:
    """The modules reached from ``start`` by following imports (start included)."""
    seen: set[str] = set()
    todo = sorted(start)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = known[name]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        todo.extend(sorted(imported(tree, name, path.name == "__init__.py", known) - seen))
    return seen


def notebook_modules(notebook: Path, known: dict[str, Path]) -> set[str]:
    return closure(imported(notebook_tree(notebook), "", False, known), known)


def module_modules(name: str, known: dict[str, Path]) -> set[str]:
    if name not in known:
        raise SystemExit(f"deps: no module {name} in the package (known: {', '.join(sorted(known))})")
    # `python -m package` runs package/__main__.py: an entry point that is a package starts there
    start = {name, f"{name}.__main__"} & set(known)
    return closure(set(_parents(name)) & set(known) | start, known)


FINDINGS_MODULE = "derive/findings.py"  # under the package: the tables the chapters' findings are computed from
# The names of the files the package publishes that make must name too (its targets and prerequisites):
# variable of build/deps.mk -> (module under the package, its literal, the key of a dict literal or None)
PUBLISHED_NAMES = {
    "SUMMARY_clean": ("validate/gatekeeper.py", "SUMMARY", "clean"),
    "SUMMARY_derived": ("validate/gatekeeper.py", "SUMMARY", "derived"),
    "FINDINGS_PARAMETERS": (FINDINGS_MODULE, "PARAMETERS_FILE", None),
    "PDF_NAME": ("publish/layout.py", "PDF_NAME", None),
}


def literals(path: Path, names: set[str]) -> dict:
    """The module-level assignments of ``names`` in a module, read as the literals they are (nothing is
    imported); a name that is not assigned a literal there stops the generation."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body:
        named = isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        if named and node.targets[0].id in names:
            found[node.targets[0].id] = ast.literal_eval(node.value)
    if set(found) != set(names):
        raise SystemExit(f"deps: {path} must define {' and '.join(sorted(names))} as literals")
    return found


def findings_tables(src: Path, package: str) -> tuple[list[str], dict[str, list[str]]]:
    """TABLES and CHAPTER_TABLES of the findings module."""
    found = literals(Path(src) / package / FINDINGS_MODULE, {"TABLES", "CHAPTER_TABLES"})
    return found["TABLES"], found["CHAPTER_TABLES"]


def published_names(src: Path, package: str) -> dict[str, str]:
    """PUBLISHED_NAMES: the file names, from the modules that write them."""
    names = {}
    for variable, (module, name, key) in PUBLISHED_NAMES.items():
        value = literals(Path(src) / package / module, {name})[name]
        names[variable] = value[key] if key else value
    return names


def makefile(
    src: Path, package: str, notebooks: list[Path], entry_points: dict[str, str], root: Path | None = None
) -> str:
    """The text of build/deps.mk: per notebook, the modules it imports (DEPS_<stem>) and the published tables its
    findings read (FINDINGS_TABLES_<stem>: its CHAPTER_TABLES entry, else TABLES); per entry point, the modules
    (DEPS_MODULE_<key>); the names of the published files make names (PUBLISHED_NAMES). A CHAPTER_TABLES entry that names no notebook stops the generation."""
    known = modules(src, package)
    root = Path(root) if root else Path.cwd()

    def files(names: set[str]) -> str:
        paths = sorted(str(known[n].resolve().relative_to(root.resolve())) for n in names)
        return " ".join(paths)

    lines = ["# Generated by `python -m tools.deps` from the imports of the notebooks and modules; do not edit."]
    for notebook in sorted(notebooks):
        lines.append(f"DEPS_{Path(notebook).stem} := {files(notebook_modules(Path(notebook), known))}")
    for key, name in sorted(entry_points.items()):
        lines.append(f"DEPS_MODULE_{key} := {files(module_modules(name, known))}")
    tables, by_chapter = findings_tables(src, package)
    stems = sorted(Path(n).stem for n in notebooks)
    unknown = sorted(set(by_chapter) - set(stems))
    if unknown:
        raise SystemExit(f"deps: CHAPTER_TABLES of {FINDINGS_MODULE} names no notebook: {', '.join(unknown)}")
    for stem in stems:
        lines.append(f"FINDINGS_TABLES_{stem} := {' '.join(by_chapter.get(stem, tables))}")
    lines += [f"{variable} := {value}" for variable, value in published_names(src, package).items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """deps.py OUT [--src src] [--package metropolis_report] [--module key=package.module ...] notebook ..."""
    out, src, package, entry_points, notebooks = None, Path("src"), "metropolis_report", {}, []
    args = iter(argv)
    for arg in args:
        if arg == "--src":
            src = Path(next(args))
        elif arg == "--package":
            package = next(args)
        elif arg == "--module":
            key, _, name = next(args).partition("=")
            entry_points[key] = name
        elif out is None:
            out = Path(arg)
        else:
            notebooks.append(Path(arg))
    if out is None:
        print(main.__doc__, file=sys.stderr)
        return 2
    text = makefile(src, package, notebooks, entry_points)
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
