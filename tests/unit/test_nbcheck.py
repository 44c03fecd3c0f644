"""Committed notebooks carry no outputs; the check catches one that does."""

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


def test_the_version_is_kept_in_one_place():
    import re

    from metropolis_report import __version__

    citation = (config.PROJ_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    changelog = (config.PROJ_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^version: (\S+)$", citation, re.M).group(1) == __version__
    assert re.search(r"^## (\S+)", changelog, re.M).group(1) == __version__


def test_the_docs_type_no_count_of_tests():
    """A typed number of tests goes stale with the next test; pytest says how many ran."""
    import re

    for path in [config.PROJ_ROOT / "README.md", *sorted((config.PROJ_ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b\d+ (unit |integration )?tests\b|\b\d+ passed\b", text), path.name
