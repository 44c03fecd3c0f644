"""The runner notes the metadata files a step reads, in its own process and in those it starts (its kernel)."""

import os
import subprocess
import sys

import pytest

from metropolis_report import config, schema
from metropolis_report.publish import run


@pytest.fixture()
def reads_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "READS_DIR", tmp_path / "reads")
    monkeypatch.delenv(config.READS_ENV, raising=False)
    return tmp_path / "reads"


def test_the_files_a_step_reads_in_it_and_in_its_children_become_its_prerequisites(reads_dir):
    child = "from metropolis_report import schema; schema.rows('cell_kinds.csv')"
    with run.recorded_reads("30_claims_audit"):
        schema.rows("verdicts.csv")
        schema.rows("verdicts.csv")
        env = {**os.environ, "PYTHONPATH": str(config.PROJ_ROOT / "src")}
        subprocess.run([sys.executable, "-c", child], env=env, check=True)
    assert (reads_dir / "30_claims_audit.mk").read_text() == (
        "READS_30_claims_audit := metadata/cell_kinds.csv metadata/verdicts.csv\n"
    )
    assert config.READS_ENV not in os.environ  # the step's list is not left for what runs after it
    schema.rows("status_marks.csv")  # read outside a step: noted nowhere
    assert sorted(p.name for p in reads_dir.iterdir()) == ["30_claims_audit.mk"]


def test_a_failed_step_writes_no_prerequisites(reads_dir):
    with pytest.raises(RuntimeError), run.recorded_reads("21_derived_tables"):
        schema.rows("verdicts.csv")
        raise RuntimeError("a cell failed")
    assert not (reads_dir / "21_derived_tables.mk").exists()
