"""Unit tests of metropolis_report.parameters.agreement."""

import json
import shutil

from metropolis_report import config
from metropolis_report.parameters import agreement


def test_declaration_notebooks_and_readme_agree():
    assert agreement.disagreements() == []


def test_the_agreement_check_catches_each_kind_of_drift(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, notebooks)
    readme = tmp_path / "parameters.md"
    readme.write_text((config.PROJ_ROOT / "docs" / "parameters.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert agreement.disagreements(notebooks, readme) == []

    path = notebooks / "32_gender.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    index, _ = agreement.parameters_cell(nb)
    nb["cells"][index]["source"] = ["processed_dir = None\n", "confidence = 0.9\n", "permutations = 999\n"]
    nb["cells"][index + 1]["source"] = nb["cells"][index + 1]["source"][3:]
    path.write_text(json.dumps(nb), encoding="utf-8")
    readme.write_text(readme.read_text(encoding="utf-8").replace("| 0.95 |", "| 0.9 |"), encoding="utf-8")
    found = "\n".join(agreement.disagreements(notebooks, readme))
    assert "confidence = 0.9 in the parameters cell, default 0.95" in found
    assert "sets permutations, which metadata/parameters.csv does not give to 32_gender" in found
    assert "does not start with the check" in found
    assert "parameters.md: the parameter table" in found

    # a declared parameter missing from the cell, and a stale markdown cell
    nb["cells"][index]["source"] = ["processed_dir = None\n"]
    nb["cells"][index - 1]["source"] = ["**Parameters.** none"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    found = "\n".join(agreement.disagreements(notebooks, readme))
    assert "lacks confidence" in found and "markdown cell before the parameters cell" in found
