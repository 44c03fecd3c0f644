"""The steps make runs on the system Python, before .venv exists (verify, extract, the parameter check, the
module prerequisites and the lock check), import the standard library only: in their own modules and in every
package module they import. Checked twice: by reading the imports, and by running them without site-packages."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from metropolis_report import config
from tools import deps

SYSTEM_PYTHON_MODULES = [
    "metropolis_report.extract.source",
    "metropolis_report.extract",
    "metropolis_report.parameters",
]
SYSTEM_PYTHON_TOOLS = ["deps.py", "envlock.py"]
SRC = config.PROJ_ROOT / "src"


def module_level_imports(path: Path) -> set[str]:
    """Top-level names of the modules imported when the file is imported: module and class bodies, not the
    bodies of functions (they run only when the function is called)."""
    names = set()
    todo = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
        todo.extend(ast.iter_child_nodes(node))
    return names - {"__future__"}


@pytest.mark.parametrize("module", SYSTEM_PYTHON_MODULES)
def test_the_system_python_steps_import_only_the_standard_library(module):
    known = deps.modules(SRC, "metropolis_report")
    reached = deps.module_modules(module, known)
    assert module in reached and "metropolis_report" in reached
    for name in sorted(reached):
        outside = module_level_imports(known[name]) - {"metropolis_report"} - set(sys.stdlib_module_names)
        assert not outside, f"{name} (imported by {module}, which runs on the system Python) imports {outside}"


@pytest.mark.parametrize("tool", SYSTEM_PYTHON_TOOLS)
def test_the_system_python_tools_import_only_the_standard_library(tool):
    path = config.PROJ_ROOT / "tools" / tool
    everything = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # inside functions too
        if isinstance(node, ast.Import):
            everything.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            everything.add(node.module.split(".")[0])
    assert everything - {"__future__"} <= set(sys.stdlib_module_names), tool


def test_verify_and_extract_run_without_site_packages(tmp_path):
    """`python -S` sees no third-party package: verify and extract as make runs them, and the same raw tables."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(SRC)}
    verify = subprocess.run(
        [sys.executable, "-S", "-m", "metropolis_report.extract.source"],
        cwd=config.PROJ_ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert verify.returncode == 0, verify.stderr
    out = tmp_path / "raw"
    extract = subprocess.run(
        [sys.executable, "-S", "-m", "metropolis_report.extract", str(out)],
        cwd=config.PROJ_ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert extract.returncode == 0, extract.stderr
    written = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert written and written == {p.name: p.read_bytes() for p in config.RAW_DIR.glob("*.csv")}
    assert "pandas" not in extract.stderr
