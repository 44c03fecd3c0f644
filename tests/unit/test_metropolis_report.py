"""Unit tests of metropolis_report."""

import ast
import re
from pathlib import Path

from metropolis_report import config


def test_the_version_is_kept_in_one_place():
    import re

    from metropolis_report import __version__

    citation = (config.PROJ_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    changelog = (config.PROJ_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^version: (\S+)$", citation, re.M).group(1) == __version__
    assert re.search(r"^## (\S+)", changelog, re.M).group(1) == __version__


def _top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def test_every_module_the_project_names_exists():
    """A dotted name `metropolis_report.x.y` in the code, notebooks, docs, Makefile or suites is a module, or
    a name defined in one: after a module moves, no text keeps its old name."""
    src = config.PROJ_ROOT / "src"
    places = [*src.rglob("*.py"), *config.NOTEBOOKS_DIR.glob("*.ipynb"), *(config.PROJ_ROOT / "docs").glob("*.md")]
    places += [config.PROJ_ROOT / "Makefile", config.PROJ_ROOT / "README.md", *config.EXPECTATIONS_DIR.glob("*.json")]
    wrong = []
    for place in places:
        for name in set(re.findall(r"metropolis_report(?:\.[A-Za-z_]\w*)+", place.read_text(encoding="utf-8"))):
            parts = name.split(".")
            if parts[-1] == "pth":  # metropolis_report.pth: the environment's path file, not a module
                continue
            for i in range(len(parts), 0, -1):
                base = src.joinpath(*parts[:i])
                module = base.with_suffix(".py") if base.with_suffix(".py").exists() else base / "__init__.py"
                if module.exists():
                    rest = parts[i:]
                    if rest and (len(rest) > 1 or rest[0] not in _top_level_names(module)):
                        wrong.append(f"{place.name}: {name}")
                    break
    assert not wrong, wrong


# The stages a stage may import (module-level or inside a function). analysis holds the statistical methods
# (tests, intervals, indices) and imports no stage; the derived step's findings use them. publish shows
# everything. The shared modules (config, schema, storage, words, parameters, editions) import no stage; pipeline.py
# composes the steps in their order, as the notebooks call them, and new_edition.py the same steps for a new edition.
MAY_IMPORT = {
    "extract": set(),
    "transform": {"extract"},
    "validate": {"extract", "transform"},
    "analysis": set(),
    "derive": {"extract", "transform", "validate", "analysis"},
    "publish": {"extract", "transform", "validate", "analysis", "derive"},
}
COMPOSERS = {"pipeline", "new_edition"}  # the modules that compose the stages in their order
STAGES = set(MAY_IMPORT) | COMPOSERS


def stage_imports(path: Path, package: tuple[str, ...] = ("metropolis_report",)) -> set[str]:
    """The stages (and pipeline) a module imports: the first part of every metropolis_report.<part>, whether
    imported absolutely, relatively (``from ..publish import present``; ``package`` is the module's package)
    or by name (``importlib.import_module("metropolis_report.publish.present")``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + (node.module.split(".") if node.module else []))
            names = [module] if module.count(".") else [f"{module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value] if re.fullmatch(r"metropolis_report(\.\w+)+", node.value) else []
        found |= {n.split(".")[1] for n in names if n.startswith("metropolis_report.")}
    return found & STAGES


def test_a_stage_imports_only_the_stages_before_it():
    package = config.PROJ_ROOT / "src" / "metropolis_report"
    wrong = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        part = relative.parts[0].removesuffix(".py")
        if part in COMPOSERS:
            continue
        allowed = MAY_IMPORT.get(part, set()) | {part}  # the package's own __init__ and shared modules: no stage
        inside = ("metropolis_report", *relative.parts[:-1])
        for imported in stage_imports(path, inside) - allowed:
            wrong.append(f"{path.relative_to(package)} imports {imported}")
    assert not wrong, wrong


def test_the_stage_check_sees_an_import_that_goes_back(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from metropolis_report.publish.present import table\n", encoding="utf-8")
    assert stage_imports(module) == {"publish"}
    module.write_text(
        "from metropolis_report import config, words\nimport metropolis_report.derive.audit\n", encoding="utf-8"
    )
    assert stage_imports(module) == {"derive"}
    module.write_text("from metropolis_report import pipeline, SOURCE_CITATION\n", encoding="utf-8")
    assert stage_imports(module) == {"pipeline"}
    # relative imports, from a module of derive/, and an import by name
    inside_derive = ("metropolis_report", "derive")
    module.write_text("from ..publish import present\n", encoding="utf-8")
    assert stage_imports(module, inside_derive) == {"publish"}
    module.write_text("from ..publish.present import table\nfrom . import lookup\n", encoding="utf-8")
    assert stage_imports(module, inside_derive) == {"publish", "derive"}
    module.write_text(
        'import importlib\nimportlib.import_module("metropolis_report.publish.present")\n', encoding="utf-8"
    )
    assert stage_imports(module) == {"publish"}
