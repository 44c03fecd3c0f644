"""Every path of the project, defined once.

Runs on the system Python (`make verify`, `make extract` and make's parameter check import it before .venv
exists): it must stay standard-library only.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[2]

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
CURATED_DIR = RAW_DIR / "curated"
MEMBERS_REGISTRY = CURATED_DIR / "members_registry.csv"  # the member registry: ids, French and English names
# The build may be pointed elsewhere (tests build into temporary folders).
PROCESSED_DIR = Path(os.environ.get("METRO_PROCESSED_DIR", DATA_DIR / "processed"))
# Everything built but not published (staging, executed notebooks, logs, findings); tests point it
# at a temporary folder.
BUILD_DIR = Path(os.environ.get("METRO_BUILD_DIR", PROJ_ROOT / "build"))
STAGING_DIR = Path(os.environ.get("METRO_STAGING_DIR", BUILD_DIR / "staging"))
DERIVED_STAGING_DIR = STAGING_DIR / "derived"  # the derived step stages apart from the cleaning
EXPECTATIONS_DIR = PROJ_ROOT / "expectations"
METADATA_DIR = PROJ_ROOT / "metadata"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
TEMPLATES_DIR = PROJ_ROOT / "templates"  # nbconvert's chapter template and the site's assets (site/)
SITE_TEMPLATES_DIR = TEMPLATES_DIR / "site"
DOCS_DIR = PROJ_ROOT / "docs"
PYPROJECT = PROJ_ROOT / "pyproject.toml"  # the version
LICENSE_FILE = PROJ_ROOT / "LICENSE"
CITATION_FILE = PROJ_ROOT / "CITATION.cff"
REPORTS_DIR = Path(os.environ.get("METRO_REPORTS_DIR", PROJ_ROOT / "reports"))

# The report's text and its checksum are an edition's (metadata/editions.csv, read by editions.py).
KERNEL_NAME = "metropolis-report"
LOG_DIR = BUILD_DIR / "logs"
EXECUTED_DIR = BUILD_DIR / "executed"
# The metadata files each step read, as make prerequisites (READS_<step> in <step>.mk), written by the runner;
# the variable names the list a running step adds to (schema.metadata_file).
READS_DIR = BUILD_DIR / "reads"
READS_ENV = "METRO_READS"


def project_path(value, default: Path) -> Path:
    """A notebook parameter as a path: None -> the default; relative -> from the project root."""
    return Path(default) if value in (None, "") else PROJ_ROOT / value
