"""Committed notebooks carry no outputs: `python -m tools.nbcheck [notebook ...]` (from the project root).

Outputs are built (reports/, build/executed/), never committed: a notebook with outputs or execution
counts is refused with the cells named. Used by the tests and by the pre-commit hook.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from metropolis_report import config


def problems(path: Path) -> list[str]:
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"{path}: cell {index} has {len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            found.append(f"{path}: cell {index} has an execution count")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
    found = [p for path in paths for p in problems(path)]
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("Clear the outputs before committing (JupyterLab: Edit > Clear Outputs of All Cells).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
