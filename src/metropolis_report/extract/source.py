"""The source report: verify it is exactly the file whose SHA-256 is recorded.

Runs on the system Python (`make verify` calls `$(PYTHON_BOOT) -m metropolis_report.extract.source`, before .venv
exists): standard library only, in this module and in every package module it imports;
tests/unit/test_system_python.py checks it.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from metropolis_report import config


class SourceError(RuntimeError):
    """The source report is missing or differs from the recorded checksum."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded_sha256(checksum_file: Path = config.REPORT_CHECKSUM) -> str:
    if not checksum_file.exists():
        raise SourceError(
            f"The checksum file {checksum_file} is missing. It records the SHA-256 of the source "
            "report and is part of the repository: restore it with `git checkout -- "
            f"{checksum_file.name}`."
        )
    return checksum_file.read_text(encoding="utf-8").split()[0]


def verify(report: Path = config.REPORT_TEXT, checksum_file: Path = config.REPORT_CHECKSUM) -> str:
    """Return the report's SHA-256, or raise SourceError with a paragraph saying what to do."""
    expected = recorded_sha256(checksum_file)
    if not report.exists():
        raise SourceError(
            f"The source report {report} is missing. Every table of the project is extracted from "
            "it, so nothing can be built. Restore it from the repository (`git checkout -- "
            f"{report.relative_to(config.PROJ_ROOT) if report.is_relative_to(config.PROJ_ROOT) else report}`)."
        )
    actual = sha256_of(report)
    if actual != expected:
        raise SourceError(
            f"The source report {report} has changed: its SHA-256 is {actual}, but "
            f"{checksum_file.name} records {expected}. The raw layer is never edited by hand. "
            "If the edit was a mistake, restore the file from the repository; if a new edition of "
            "the report is being adopted on purpose, record its checksum (`make checksum`), "
            "re-extract (`make extract`) and review the differences in data/raw/."
        )
    return actual


def main() -> int:
    try:
        digest = verify()
    except SourceError as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 1
    print(f"source report verified: sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
