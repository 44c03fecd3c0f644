"""Whether each notebook's parameters cell and docs/parameters.md agree with the declaration."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from metropolis_report import config
from metropolis_report.parameters import Parameter, load, of_chapter
from metropolis_report.parameters.listing import markdown_table, notebook_cell, readme_section


def parameters_cell(nb: dict) -> tuple[int, dict[str, object]]:
    """The index of a notebook's parameters cell and the literal values it assigns."""
    cells = nb["cells"]
    index = next(i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", []))
    source = "".join(cells[index]["source"])
    values = {}
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if not isinstance(target, ast.Name):
            raise ValueError(f"the parameters cell assigns something other than a name: {ast.unparse(node)}")
        values[target.id] = ast.literal_eval(node.value)
    return index, values


def disagreements(
    notebooks_dir: Path = config.NOTEBOOKS_DIR,
    readme: Path = config.DOCS_DIR / "parameters.md",
    declared: dict[str, Parameter] | None = None,
) -> list[str]:
    """Where the notebooks or the README disagree with the declaration ([] when they agree). The build's
    parameter files are compared by the tests, from what make wrote."""
    declared = load() if declared is None else declared
    problems = []
    stems = []
    for path in sorted(notebooks_dir.glob("[0-9]*.ipynb")):
        stem, nb = path.stem, json.loads(path.read_text(encoding="utf-8"))
        stems.append(stem)
        try:
            index, values = parameters_cell(nb)
        except (StopIteration, ValueError) as err:
            problems.append(f"{path.name}: no parameters cell of literal assignments ({err})")
            continue
        takes = of_chapter(stem, declared)
        for name in values.keys() - takes.keys():
            problems.append(
                f"{path.name}: the parameters cell sets {name}, which metadata/parameters.csv does not give to {stem}"
            )
        for name in takes.keys() - values.keys():
            problems.append(f"{path.name}: the parameters cell lacks {name} (declared for {stem})")
        for name in values.keys() & takes.keys():
            if values[name] != takes[name].default or type(values[name]) is not type(takes[name].default):
                problems.append(
                    f"{path.name}: {name} = {values[name]!r} in the parameters cell, default {takes[name].default!r} in the declaration"
                )
        cells = nb["cells"]
        doc = "".join(cells[index - 1]["source"]) if index > 0 else ""
        if doc != notebook_cell(stem, declared):
            problems.append(
                f"{path.name}: the markdown cell before the parameters cell is not the one the declaration gives "
                "(run `python -m metropolis_report.parameters sync`)"
            )
        after = "".join(cells[index + 1]["source"]).splitlines() if index + 1 < len(cells) else []
        expected = f'parameters.check("{stem}", globals())'
        if after[:3] != ["from metropolis_report import parameters", "", expected]:
            problems.append(
                f"{path.name}: the cell after the parameters cell does not start with the check ({expected})"
            )
    for name, parameter in declared.items():
        for chapter in parameter.chapters:
            if chapter not in stems:
                problems.append(f"metadata/parameters.csv: {name} names {chapter}, which is no notebook")
    section = readme_section(readme.read_text(encoding="utf-8"))
    if section != markdown_table(declared):
        problems.append(
            f"{readme.name}: the parameter table is not the declaration's (run `python -m metropolis_report.parameters sync`)"
        )
    return problems
