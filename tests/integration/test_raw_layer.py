"""The raw layer is reproducible from the source, and the source is guarded by its checksum."""
import shutil
import subprocess
import sys

import pytest

from metropolis_report import config, extract, source


def test_reextraction_is_byte_identical_to_committed_raw_csvs(tmp_path):
    tables = extract.extract(config.REPORT_TEXT.read_text(encoding="utf-8"))
    written = extract.write_all(tables, tmp_path)
    committed = sorted(p.name for p in config.RAW_DIR.glob("*.csv"))
    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_bytes() == (config.RAW_DIR / path.name).read_bytes(), path.name


def test_committed_source_matches_its_checksum():
    assert source.verify() == source.recorded_sha256()


def test_changed_source_is_refused(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(config.REPORT_TEXT, report)
    with open(report, "a", encoding="utf-8") as f:
        f.write("edited\n")
    with pytest.raises(source.SourceError, match="has changed"):
        source.verify(report, config.REPORT_CHECKSUM)


def test_missing_source_is_refused(tmp_path):
    with pytest.raises(source.SourceError, match="is missing"):
        source.verify(tmp_path / "absent.txt", config.REPORT_CHECKSUM)


def test_member_tables_have_every_member_and_the_totals_apart():
    import csv
    with open(config.RAW_DIR / "members_engagement.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 141 and not any(r["MEMBRE"].startswith("Total") for r in rows)
    with open(config.RAW_DIR / "members_engagement_totals.csv", encoding="utf-8") as f:
        assert [r["MEMBRE"] for r in csv.DictReader(f)] == ["Total membres", "Total"]


def test_extract_command_fails_with_a_paragraph_on_a_changed_source(tmp_path):
    # the real command, against a copy of the project's raw folder whose report was altered
    result = subprocess.run([sys.executable, "-c",
                             "import sys; from metropolis_report import source, config;"
                             f"from pathlib import Path; p = Path({str(tmp_path)!r}) / 'r.txt';"
                             "p.write_text(config.REPORT_TEXT.read_text(encoding='utf-8') + 'x');"
                             "source.verify(p)"], capture_output=True, text=True)
    assert result.returncode != 0 and "make checksum" in result.stderr
