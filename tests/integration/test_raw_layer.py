"""The raw layer is reproducible from the source, and the source is guarded by its checksum."""

import shutil
import subprocess
import sys

import pytest

from metropolis_report import config, editions
from metropolis_report.extract import sections, source

REPORT = editions.default().report_path


def test_reextraction_is_byte_identical_to_committed_raw_csvs(tmp_path):
    tables = sections.extract(REPORT.read_text(encoding="utf-8"))
    written = sections.write_all(tables, tmp_path)
    committed = sorted(p.name for p in config.RAW_DIR.glob("*.csv"))
    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_bytes() == (config.RAW_DIR / path.name).read_bytes(), path.name


def test_committed_source_matches_its_checksum():
    assert source.verify() == editions.default().sha256


def test_changed_source_is_refused(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(REPORT, report)
    with open(report, "a", encoding="utf-8") as f:
        f.write("edited\n")
    with pytest.raises(source.SourceError, match="has changed") as refused:
        source.verify(report=report)
    assert "metadata/editions.csv records" in str(refused.value) and "make edition" in str(refused.value)


def test_missing_source_is_refused(tmp_path):
    with pytest.raises(source.SourceError, match="is missing"):
        source.verify(report=tmp_path / "absent.txt")


def test_member_tables_have_every_member_and_the_totals_apart():
    import csv

    with open(config.RAW_DIR / "members_engagement.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 141 and not any(r["MEMBRE"].startswith("Total") for r in rows)
    with open(config.RAW_DIR / "members_engagement_totals.csv", encoding="utf-8") as f:
        assert [r["MEMBRE"] for r in csv.DictReader(f)] == ["Total membres", "Total"]


def test_extract_command_fails_with_a_paragraph_on_a_changed_source(tmp_path):
    """The real command (`python -m metropolis_report.extract`, as `make extract` runs it) in a copy of the
    project whose report text was altered: it must refuse with a paragraph and write nothing."""
    copy = tmp_path / "project"
    shutil.copytree(config.PROJ_ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(config.RAW_DIR, copy / "data" / "raw")
    shutil.copy(config.PROJ_ROOT / "pyproject.toml", copy / "pyproject.toml")
    shutil.copytree(config.METADATA_DIR, copy / "metadata")
    report = copy / "data" / "raw" / REPORT.name
    report.write_text(report.read_text(encoding="utf-8") + "x", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (copy / "data" / "raw").glob("*.csv")}
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "metropolis_report.extract", str(out)],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy / "src")},
    )
    assert result.returncode == 1 and "make edition" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    assert {p.name: p.read_bytes() for p in (copy / "data" / "raw").glob("*.csv")} == before
