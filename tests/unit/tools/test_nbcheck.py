"""Unit tests of tools.nbcheck."""

import json

from metropolis_report import config
from tools import nbcheck


def test_committed_notebooks_carry_no_outputs():
    paths = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert len(paths) == 8 and nbcheck.main([str(p) for p in paths]) == 0


def test_a_notebook_with_outputs_is_refused(tmp_path, capsys):
    nb = json.loads((config.NOTEBOOKS_DIR / "31_engagement.ipynb").read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["x\n"]}]
    code["execution_count"] = 3
    path = tmp_path / "dirty.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert nbcheck.main([str(path)]) == 1
    err = capsys.readouterr().err
    assert "has 1 output(s)" in err and "execution count" in err


def test_the_docs_type_no_count_of_tests():
    """A typed number of tests goes stale with the next test; pytest says how many ran."""
    import re

    for path in [config.PROJ_ROOT / "README.md", *sorted((config.PROJ_ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b\d+ (unit |integration )?tests\b|\b\d+ passed\b", text), path.name


def test_opening_a_notebook_in_jupyterlab_changes_no_metadata():
    """JupyterLab writes the kernel's language_info and kernelspec into a notebook when its kernel starts:
    a committed value that differs marks the notebook modified as soon as it is opened."""
    from ipykernel.ipkernel import IPythonKernel

    spec = json.loads(
        (config.PROJ_ROOT / ".venv/share/jupyter/kernels" / config.KERNEL_NAME / "kernel.json").read_text()
    )
    for path in sorted(config.NOTEBOOKS_DIR.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["language_info"] == IPythonKernel.language_info, (
            f"{path.name}: JupyterLab will mark it modified on opening; its metadata.language_info should be the "
            f"kernel's, {IPythonKernel.language_info} (open and save it in JupyterLab once)"
        )
        assert nb["metadata"]["kernelspec"] == {
            "name": config.KERNEL_NAME,
            "display_name": spec["display_name"],
            "language": spec["language"],
        }, path.name
        assert (nb["nbformat"], nb["nbformat_minor"]) == (4, 5) and all(c.get("id") for c in nb["cells"]), path.name


def test_every_notebook_keeps_its_code_short():
    """A notebook is a story in markdown over short code cells: at most 120 lines of code (logic lives in the
    package)."""
    import json

    for path in sorted(config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        lines = [line for c in cells if c["cell_type"] == "code" for line in "".join(c["source"]).splitlines()]
        assert len([line for line in lines if line.strip()]) <= 120, path.name
