import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from metropolis_report import config


@pytest.fixture(scope="session")
def project_root() -> Path:
    return config.PROJ_ROOT


@pytest.fixture()
def raw_copy(tmp_path) -> Path:
    """A private copy of data/raw (CSVs and curated files) that a test may corrupt."""
    target = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, target, ignore=shutil.ignore_patterns("*.txt", "*.sha256"))
    return target


@pytest.fixture()
def run_step(tmp_path):
    """Run one build step as make runs it (`python -m metropolis_report.run`), with its parameters, into
    tmp_path: run_step(notebook, params) -> (completed process, path of the HTML it would write)."""

    def run(notebook: str, params: dict) -> tuple[subprocess.CompletedProcess, Path]:
        params_file = tmp_path / "params.json"
        params_file.write_text(json.dumps(params), encoding="utf-8")
        html = tmp_path / f"{notebook}.html"
        command = [
            sys.executable,
            "-m",
            "metropolis_report.run",
            str(config.NOTEBOOKS_DIR / f"{notebook}.ipynb"),
            "--params",
            str(params_file),
            "--html",
            str(html),
        ]
        env = {**os.environ, "METRO_BUILD_DIR": str(tmp_path / "build")}
        return subprocess.run(command, capture_output=True, text=True, env=env), html

    return run


@pytest.fixture(scope="session")
def built_report() -> Path:
    """The outputs of `make report` (the test target builds it first)."""
    index = config.REPORTS_DIR / "index.html"
    if not index.exists():
        pytest.fail("reports/index.html is missing: run `make report` (or `make test`, which builds it) first")
    return config.REPORTS_DIR
