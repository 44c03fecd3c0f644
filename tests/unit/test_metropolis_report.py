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
