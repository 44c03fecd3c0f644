"""The runner notes the metadata files a step reads, in its own process and in those it starts (its kernel)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from metropolis_report import config, schema
from metropolis_report.publish import run


@pytest.fixture()
def reads_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "READS_DIR", tmp_path / "reads")
    monkeypatch.delenv(config.READS_ENV, raising=False)
    return tmp_path / "reads"


def test_the_files_a_step_reads_in_it_and_in_its_children_become_its_prerequisites(reads_dir):
    child = "from metropolis_report import schema; schema.rows('tables.csv')"
    with run.recorded_reads("30_claims_audit"):
        schema.rows("verdicts.csv")
        schema.rows("verdicts.csv")
        env = {**os.environ, "PYTHONPATH": str(config.PROJ_ROOT / "src")}
        subprocess.run([sys.executable, "-c", child], env=env, check=True)
    assert (reads_dir / "30_claims_audit.mk").read_text() == (
        "READS_30_claims_audit := metadata/tables.csv metadata/verdicts.csv\n"
        # a rule of its own for each file, so that a file deleted since runs the step again
        "metadata/tables.csv:\nmetadata/verdicts.csv:\n"
    )
    assert config.READS_ENV not in os.environ  # the step's list is not left for what runs after it
    schema.rows("verdicts.csv")  # read outside a step: noted nowhere
    assert sorted(p.name for p in reads_dir.iterdir()) == ["30_claims_audit.mk"]


def test_a_kernel_in_another_folder_notes_its_reads_when_the_build_folder_is_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config, "READS_DIR", Path("build") / "reads")
    monkeypatch.delenv(config.READS_ENV, raising=False)
    (tmp_path / "notebooks").mkdir()
    child = "from metropolis_report import schema; schema.rows('verdicts.csv')"
    with run.recorded_reads("30_claims_audit"):
        env = {**os.environ, "PYTHONPATH": str(config.PROJ_ROOT / "src")}
        subprocess.run([sys.executable, "-c", child], env=env, cwd=tmp_path / "notebooks", check=True)
    assert "metadata/verdicts.csv" in (tmp_path / "build" / "reads" / "30_claims_audit.mk").read_text()


def test_a_failed_step_writes_no_prerequisites(reads_dir):
    with pytest.raises(RuntimeError), run.recorded_reads("21_derived_tables"):
        schema.rows("verdicts.csv")
        raise RuntimeError("a cell failed")
    assert not (reads_dir / "21_derived_tables.mk").exists()


def test_a_kernel_that_never_answers_is_started_again_once_and_a_cell_error_never(tmp_path, monkeypatch):
    import nbformat
    import papermill

    calls = []

    def execute_notebook(source, output, **kwargs):
        calls.append(source)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), output)

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    log = tmp_path / "step.log"
    log.write_text("")
    nb = run.execute(tmp_path / "32_gender.ipynb", {}, tmp_path / "executed" / "32_gender.ipynb", log)
    assert len(calls) == 2 and nb.cells[0].source == "1"
    assert "the kernel did not start (Kernel didn't respond in 60 seconds); starting another" in log.read_text()

    def cell_fails(source, output, **kwargs):
        calls.append(source)
        raise RuntimeError("a cell raised")

    calls.clear()
    monkeypatch.setattr(papermill, "execute_notebook", cell_fails)
    with pytest.raises(RuntimeError, match="a cell raised"):
        run.execute(tmp_path / "32_gender.ipynb", {}, tmp_path / "executed" / "32_gender.ipynb", log)
    assert len(calls) == 1
