"""The source report: verify it is exactly the file whose SHA-256 its edition records (metadata/editions.csv).

Runs on the system Python (`make verify` calls `$(PYTHON_BOOT) -m metropolis_report.extract.source`, before .venv
exists): standard library only, in this module and in every package module it imports;
tests/unit/test_system_python.py checks it.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from metropolis_report import config, editions


class SourceError(RuntimeError):
    """The source report is missing or differs from the recorded checksum."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _shown(path: Path) -> Path:
    return path.relative_to(config.PROJ_ROOT) if path.is_relative_to(config.PROJ_ROOT) else path


def verify(edition: editions.Edition | None = None, report: Path | None = None) -> str:
    """Return the report's SHA-256, or raise SourceError with a paragraph saying what to do. ``report``
    checks another file against the edition's recorded checksum."""
    try:
        edition = edition or editions.current()
    except editions.EditionError as err:
        raise SourceError(str(err)) from None
    report = report or edition.report_path
    if not report.exists():
        raise SourceError(
            f"The source report {report} of edition {edition.edition} is missing. Every table of the project "
            "is extracted from it, so nothing can be built. Restore it from the repository "
            f"(`git checkout -- {_shown(report)}`), or correct its report_file in metadata/editions.csv."
        )
    actual = sha256_of(report)
    if actual != edition.sha256:
        raise SourceError(
            f"The source report {report} has changed: its SHA-256 is {actual}, but metadata/editions.csv "
            f"records {edition.sha256} for edition {edition.edition}. The raw layer is never edited by hand. "
            "If the edit was a mistake, restore the file from the repository; a new edition of the report is "
            "added as a new edition, beside this one (`make edition FILE=<text> EDITION=<id>`, "
            "docs/new-edition.md)."
        )
    return actual


def main() -> int:
    try:
        digest = verify()
    except SourceError as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 1
    print(f"source report verified ({editions.current().edition}): sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
