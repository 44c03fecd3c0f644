"""Every notebook runs top to bottom with its default parameters, as "Run All" in JupyterLab does
(nbclient, no papermill, no parameters). The defaults are redirected to a temporary folder through the
project's configuration variables, so the working tree is not touched."""

import nbformat
import pytest
from nbclient import NotebookClient

from metropolis_report import config
from metropolis_report.publish import layout


@pytest.mark.slow
def test_every_notebook_runs_with_its_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("METRO_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("METRO_PROCESSED_DIR", str(tmp_path / "processed"))
    monkeypatch.setenv("METRO_REPORTS_DIR", str(tmp_path / "reports"))
    for chapter in layout.chapters():
        nb = nbformat.read(config.NOTEBOOKS_DIR / f"{chapter.stem}.ipynb", as_version=4)
        NotebookClient(
            nb, timeout=300, kernel_name=config.KERNEL_NAME, resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}
        ).execute()
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{chapter.stem}: {errors}"
    assert (tmp_path / "processed" / "members.csv").exists()
    assert (tmp_path / "processed" / "findings.csv").exists()
