"""Every read of metadata/ goes through schema.metadata_file, which notes it as the step's prerequisite."""

import ast
import json

from metropolis_report import config

# where metadata/ may be named: config defines it, schema reads it; the parameters' declaration is checked by
# make itself and reaches the steps through their parameter files
ALLOWED = {"config.py", "schema.py", "parameters/__init__.py"}


def names_metadata_dir(source: str) -> list[int]:
    """The lines of a source that name METADATA_DIR."""
    tree = ast.parse(source)
    return [
        node.lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.Attribute) and node.attr == "METADATA_DIR")
        or (isinstance(node, ast.Name) and node.id == "METADATA_DIR")
    ]


def test_no_module_or_notebook_reads_metadata_around_the_noting_function():
    package = config.PROJ_ROOT / "src" / "metropolis_report"
    found = {}
    for path in package.rglob("*.py"):
        relative = path.relative_to(package).as_posix()
        if relative not in ALLOWED and (lines := names_metadata_dir(path.read_text(encoding="utf-8"))):
            found[relative] = lines
    for path in config.NOTEBOOKS_DIR.glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        if lines := names_metadata_dir(code):
            found[path.name] = lines
    assert found == {}, f"read metadata/ through schema.metadata_file (or schema.rows) instead: {found}"


def test_the_check_sees_a_direct_read():
    assert names_metadata_dir('open(config.METADATA_DIR / "gender_rules.csv")') == [1]
    assert names_metadata_dir('open(schema.metadata_file("gender_rules.csv"))') == []
