"""A researcher who opens a chapter in JupyterLab before `make report` gets one sentence saying what to run."""

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from metropolis_report import config


@pytest.mark.slow
@pytest.mark.parametrize(
    "stem",
    ["20_data_quality", "21_derived_tables", "30_claims_audit", "31_engagement", "32_gender", "33_events_plan_funding"],
)
def test_a_chapter_opened_before_the_build_says_what_to_run(stem, tmp_path, monkeypatch):
    monkeypatch.setenv("METRO_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("METRO_PROCESSED_DIR", str(tmp_path / "processed"))
    nb = nbformat.read(config.NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name=config.KERNEL_NAME, resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}
    )
    with pytest.raises(CellExecutionError):
        client.execute()
    [error] = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert error["ename"] == "NotBuiltYet"
    assert len(error["traceback"]) == 1 and "make report" in error["traceback"][0]  # one sentence, no traceback
