"""Unit tests of tools.deps."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from metropolis_report import config
from tools import bench, deps


def write(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def fake_package(src):
    """pkg/{__init__, a, b}, pkg/stage/{__init__, c, d}, pkg/other/e: absolute, relative, in-function imports."""
    write(src / "pkg" / "__init__.py", "")
    write(src / "pkg" / "a.py", "import os\nfrom . import b\n")
    write(src / "pkg" / "b.py", "import pandas as pd\n")
    write(src / "pkg" / "stage" / "__init__.py", "from .c import thing\n")
    write(src / "pkg" / "stage" / "c.py", "thing = 1\n\ndef later():\n    from ..other.e import f\n")
    write(src / "pkg" / "stage" / "d.py", "from pkg.stage import c\nfrom .. import a\n")
    write(src / "pkg" / "other" / "__init__.py", "")
    write(src / "pkg" / "other" / "e.py", "f = 2\n")
    write(src / "pkg" / "unused.py", "")


def naming_modules(src):
    """The modules that name the published files make names too (PUBLISHED_NAMES)."""
    write(src / "pkg" / "validate" / "gatekeeper.py", 'SUMMARY = {"clean": "s.json", "derived": "d.json"}\n')
    write(src / "pkg" / "publish" / "layout.py", 'PDF_NAME = "book.pdf"\n')


def notebook(path, *cells):
    nb = {
        "cells": [{"cell_type": "markdown", "source": "import pkg.unused"}]
        + [{"cell_type": "code", "source": c, "outputs": [], "execution_count": None, "metadata": {}} for c in cells],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    write(path, json.dumps(nb))


def test_modules_are_named_by_their_dotted_path(tmp_path):
    fake_package(tmp_path)
    assert sorted(deps.modules(tmp_path, "pkg")) == [
        "pkg",
        "pkg.a",
        "pkg.b",
        "pkg.other",
        "pkg.other.e",
        "pkg.stage",
        "pkg.stage.c",
        "pkg.stage.d",
        "pkg.unused",
    ]


def test_imports_are_followed_through_subpackages_relative_imports_and_functions(tmp_path):
    fake_package(tmp_path)
    known = deps.modules(tmp_path, "pkg")
    # d: `from pkg.stage import c` (a submodule by name) and `from .. import a` (two levels up), then a -> b,
    # the package stage's __init__ -> c -> (inside a function) ..other.e, with the packages on the way
    assert deps.module_modules("pkg.stage.d", known) == {
        "pkg",
        "pkg.a",
        "pkg.b",
        "pkg.stage",
        "pkg.stage.c",
        "pkg.stage.d",
        "pkg.other",
        "pkg.other.e",
    }
    assert deps.module_modules("pkg.b", known) == {"pkg", "pkg.b"}  # pandas is not a prerequisite


def test_a_package_run_with_python_m_starts_at_its_main_module(tmp_path):
    fake_package(tmp_path)
    write(tmp_path / "pkg" / "other" / "__main__.py", "from pkg import a\n")
    known = deps.modules(tmp_path, "pkg")
    # `python -m pkg.other` runs pkg/other/__main__.py: what it imports is a prerequisite of the entry point
    assert deps.module_modules("pkg.other", known) == {"pkg", "pkg.other", "pkg.other.__main__", "pkg.a", "pkg.b"}


def test_a_notebooks_code_cells_only_and_magics_skipped(tmp_path):
    fake_package(tmp_path)
    known = deps.modules(tmp_path, "pkg")
    notebook(tmp_path / "n.ipynb", "%matplotlib inline\nfrom pkg import a", "!ls\nimport pkg.other.e as e")
    assert deps.notebook_modules(tmp_path / "n.ipynb", known) == {"pkg", "pkg.a", "pkg.b", "pkg.other", "pkg.other.e"}


def test_the_makefile_text_names_files_and_is_rewritten_only_when_it_changes(tmp_path):
    fake_package(tmp_path / "src")
    naming_modules(tmp_path / "src")
    notebook(tmp_path / "notebooks" / "10_x.ipynb", "from pkg import b")
    notebook(tmp_path / "notebooks" / "30_y.ipynb", "from pkg import a")
    write(
        tmp_path / "src" / "pkg" / "derive" / "findings.py",
        'TABLES = ["t1", "t2"]\nCHAPTER_TABLES = {"30_y": ["t2"]}\nPARAMETERS_FILE = "p.json"\n',
    )
    out = tmp_path / "build" / "deps.mk"
    args = [str(out), "--src", "src", "--package", "pkg", "--module", "d=pkg.stage.d", "notebooks/10_x.ipynb"]
    args.append("notebooks/30_y.ipynb")

    def run():
        return subprocess.run(
            [sys.executable, "-m", "tools.deps", *args],
            cwd=tmp_path,
            env={"PYTHONPATH": str(config.PROJ_ROOT)},
            check=True,
        )

    run()
    text = out.read_text(encoding="utf-8")
    assert "DEPS_10_x := src/pkg/__init__.py src/pkg/b.py\n" in text
    assert re.search(r"^DEPS_MODULE_d := .*src/pkg/other/e\.py", text, re.M)
    assert "FINDINGS_TABLES_10_x := t1 t2\n" in text  # a notebook without an entry of its own reads every table
    assert "FINDINGS_TABLES_30_y := t2\n" in text
    # the names of the published files, from the modules that write them
    assert (
        "SUMMARY_clean := s.json\nSUMMARY_derived := d.json\nFINDINGS_PARAMETERS := p.json\nPDF_NAME := book.pdf\n"
        in text
    )
    mtime = out.stat().st_mtime_ns
    run()
    assert out.stat().st_mtime_ns == mtime


def test_the_generated_prerequisites_hold_what_each_notebook_really_imports():
    """build/deps.mk (make writes it) lists, for each notebook, every package module its code imports, and
    what those import in turn; checked against Python's own import of the notebook's import lines."""
    mk = config.BUILD_DIR / "deps.mk"
    subprocess.run(
        ["make", "-s", "build/deps.mk"], cwd=config.PROJ_ROOT, check=True, capture_output=True, env=bench.clean_env()
    )
    listed = {}
    for line in mk.read_text(encoding="utf-8").splitlines():
        if line.startswith("DEPS_"):
            name, _, files = line.partition(" := ")
            listed[name[len("DEPS_") :]] = set(files.split())
    notebooks = sorted(config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))
    assert {n.stem for n in notebooks} <= set(listed)
    for path in notebooks:
        lines = [
            line
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).splitlines()
            if re.match(r"(from metropolis_report|import metropolis_report)", line)
        ]
        assert lines, path.name
        probe = (
            "import sys\n"
            + "\n".join(lines)
            + "\nprint('\\n'.join(sorted(m.__file__ for n, m in sys.modules.items() if n.startswith('metropolis_report') and getattr(m, '__file__', None))))"
        )
        imported = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(config.PROJ_ROOT / "src")},
        ).stdout.split()
        relative = {str(Path(f).relative_to(config.PROJ_ROOT)) for f in imported}
        assert relative <= listed[path.stem], (path.stem, relative - listed[path.stem])
        # the modules the notebook names itself are there
        for line in lines:
            package = line.split(" import ", 1)[0].removeprefix("from ").replace(".", "/")
            for name in re.findall(r"\b(\w+)(?=,|$)", line.split(" import ", 1)[1]):
                module = Path("src") / package / name
                files = {f"{module}.py", f"{module}/__init__.py", f"{Path('src') / package}.py"}
                assert files & listed[path.stem], (path.stem, name)


@pytest.mark.parametrize(
    "findings_module, read, name",
    [
        ("TABLES = list_of_tables()\nCHAPTER_TABLES = {}\n", deps.findings_tables, "TABLES"),
        ("PARAMETERS_FILE = name_of('parameters')\n", deps.published_names, "PARAMETERS_FILE"),
    ],
)
def test_a_value_that_is_not_a_literal_stops_the_generation(tmp_path, findings_module, read, name):
    """A table list or a file name that make reads must be a literal: a computed one is refused, by name."""
    fake_package(tmp_path / "src")
    naming_modules(tmp_path / "src")
    write(tmp_path / "src" / "pkg" / "derive" / "findings.py", findings_module)
    with pytest.raises((SystemExit, ValueError)) as stopped:
        read(tmp_path / "src", "pkg")
    assert name in str(stopped.value) or "malformed" in str(stopped.value)


def test_the_generated_table_lists_are_the_findings_modules():
    from metropolis_report.derive import findings

    subprocess.run(
        ["make", "-s", "build/deps.mk"], cwd=config.PROJ_ROOT, check=True, capture_output=True, env=bench.clean_env()
    )
    text = (config.BUILD_DIR / "deps.mk").read_text(encoding="utf-8")
    for notebook in config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"):
        assert f"FINDINGS_TABLES_{notebook.stem} := {' '.join(findings.tables_of(notebook.stem))}\n" in text
    assert findings.CHAPTER_TABLES and all(f"FINDINGS_TABLES_{stem} :=" in text for stem in findings.CHAPTER_TABLES)
    from metropolis_report.publish import layout
    from metropolis_report.validate import gatekeeper

    for variable, name in [
        ("SUMMARY_clean", gatekeeper.SUMMARY["clean"]),
        ("SUMMARY_derived", gatekeeper.SUMMARY["derived"]),
        ("FINDINGS_PARAMETERS", findings.PARAMETERS_FILE),
        ("PDF_NAME", layout.PDF_NAME),
    ]:
        assert f"{variable} := {name}\n" in text


def test_a_chapter_tables_entry_that_names_no_notebook_stops_the_generation(tmp_path):
    fake_package(tmp_path / "src")
    notebook(tmp_path / "notebooks" / "10_x.ipynb", "from pkg import b")
    write(
        tmp_path / "src" / "pkg" / "derive" / "findings.py", 'TABLES = ["t1"]\nCHAPTER_TABLES = {"30_gone": ["t1"]}\n'
    )
    try:
        deps.makefile(tmp_path / "src", "pkg", [tmp_path / "notebooks" / "10_x.ipynb"], {}, root=tmp_path)
    except SystemExit as stopped:
        assert "names no notebook: 30_gone" in str(stopped)
    else:
        raise AssertionError("an entry for a notebook that does not exist was accepted")
