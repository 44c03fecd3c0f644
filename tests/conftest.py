import shutil
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


@pytest.fixture(scope="session")
def built_report() -> Path:
    """The outputs of `make report` (the test target builds it first)."""
    index = config.REPORTS_DIR / "index.html"
    if not index.exists():
        pytest.fail("reports/index.html is missing: run `make report` (or `make test`, which builds it) first")
    return config.REPORTS_DIR
