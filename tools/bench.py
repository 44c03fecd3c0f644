"""`make bench`: how fast the build is on this machine (a measurement, never a test).

Builds run in a private copy of the project (same environment) so the working tree is untouched:
- cold full build with -j1, one make target at a time (verify, extract, each chapter, the index), so that
  each step is timed; the critical path is the serial chain verify -> extract -> slower cleaning step ->
  gate -> derived step -> slowest analysis chapter -> index, which no number of cores can shorten;
- cold full build with -j2 (from an empty build/, reports/ and data/processed/), and its ratio to the
  critical path (1.00 would be a perfect schedule);
- no-op build (median of 5);
- one-chapter rebuild (one analysis notebook touched);
- the floor: as many papermill + nbconvert runs, through the same runner, of notebooks that only
  import what the real ones import.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from metropolis_report import config
from metropolis_report.publish.layout import chapters

COPY_IGNORE = shutil.ignore_patterns(".venv", "build", "__pycache__", ".pytest_cache", ".ipynb_checkpoints")


def copy_project(dest: Path) -> Path:
    """A copy of this checkout without built outputs, sharing its environment (.venv is linked)."""
    shutil.copytree(config.PROJ_ROOT, dest, ignore=COPY_IGNORE, symlinks=True)  # copy2 keeps times
    for folder in ("reports", "data/processed"):
        for path in (dest / folder).iterdir():
            if path.is_dir():
                shutil.rmtree(path)
            elif path.name != ".gitkeep":
                path.unlink()
    (dest / ".venv").symlink_to(config.PROJ_ROOT / ".venv")
    return dest


# make's own variables: a make started from a recipe (`make test`, `make bench`) would otherwise inherit the
# outer make's job server (which it cannot reach: "jobserver unavailable") and its flags
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MAKE_TERMOUT", "MAKE_TERMERR")


def clean_env() -> dict[str, str]:
    """The environment of a make run as a user starts it: no METRO_ folder overrides, no outer make."""
    return {k: v for k, v in os.environ.items() if not k.startswith("METRO_") and k not in MAKE_VARIABLES}


def timed(command: list[str], cwd: Path, env=None) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env or clean_env())
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout


def make_clean(root: Path) -> None:
    subprocess.run(["make", "clean"], cwd=root, capture_output=True, check=True, env=clean_env())


def floor_notebooks(folder: Path) -> list[Path]:
    """One notebook per chapter holding only the import lines of the real one."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    made = []
    for chapter in chapters():
        real = nbformat.read(config.NOTEBOOKS_DIR / f"{chapter.stem}.ipynb", as_version=4)
        imports = [
            line
            for cell in real.cells
            if cell.cell_type == "code"
            for line in cell.source.splitlines()
            if re.match(r"(import|from) \S+", line)
        ]
        if any("validate" in line for line in imports):
            imports.append("import great_expectations  # imported inside validate.run()")
        nb = new_notebook(cells=[new_code_cell("\n".join(imports))])
        nb.metadata["kernelspec"] = real.metadata["kernelspec"]
        path = folder / f"{chapter.stem}.ipynb"
        nbformat.write(nb, path)
        made.append(path)
    return made


def floor(folder: Path) -> float:
    total = 0.0
    env = {**clean_env(), "METRO_BUILD_DIR": str(folder / "build")}
    for notebook in floor_notebooks(folder):
        elapsed, _ = timed(
            [
                sys.executable,
                "-m",
                "metropolis_report.publish.run",
                str(notebook),
                "--html",
                str(folder / f"{notebook.stem}.html"),
            ],
            folder,
            env,
        )
        total += elapsed
    return total


# every ratio is the median of three runs (BENCH_RUNS=1 for a quick look)
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


# The steps of a cold build in the order make runs them at -j1, and the groups that may run side by side.
def _steps() -> list[tuple[str, str]]:
    from metropolis_report.publish import layout

    chapters = sorted(layout.chapters(), key=lambda c: c.stem)  # numbered in the order make runs them
    return [
        ("verify", "build/source.verified"),
        ("extract", "build/raw.extracted"),
        *[(c.stem, f"reports/{c.html_name}") for c in chapters],
        ("index", "reports/index.html"),
    ]


STEPS = _steps()


def predecessors(steps: dict[str, float]) -> dict[str, list[str]]:
    """The steps each step waits for, as the Makefile orders them: an analysis chapter whose findings read only
    tables the gate publishes (derive.findings.tables_of) waits for the gate, the others for the derived step."""
    from metropolis_report import schema
    from metropolis_report.derive import findings

    clean = set(schema.layer("clean"))
    waits = {
        "verify": [],
        "extract": ["verify"],
        "10_clean_members": ["extract"],
        "11_clean_annexes": ["extract"],
        "20_data_quality": ["10_clean_members", "11_clean_annexes"],
        "21_derived_tables": ["20_data_quality"],
    }
    analysis = [s for s in steps if s.startswith("3")]
    for stem in analysis:
        waits[stem] = ["20_data_quality" if set(findings.tables_of(stem)) <= clean else "21_derived_tables"]
    waits["index"] = ["21_derived_tables", *analysis]
    return waits


def critical_path(steps: dict[str, float]) -> list[tuple[str, float]]:
    """The serial chain of a build: the longest path through the steps' order, which no number of cores
    shortens (each step with its seconds)."""
    waits = predecessors(steps)
    finish: dict[str, tuple[float, list[str]]] = {}

    def longest(step: str) -> tuple[float, list[str]]:
        if step not in finish:
            before = max((longest(w) for w in waits[step]), default=(0.0, []), key=lambda f: f[0])
            finish[step] = (before[0] + steps[step], [*before[1], step])
        return finish[step]

    return [(s, steps[s]) for s in longest("index")[1]]


def stepwise_build(root: Path) -> dict[str, float]:
    """A cold -j1 build, one target at a time: the seconds of each step."""
    return {name: timed(["make", "-j1", target], root)[0] for name, target in STEPS}


def main() -> int:
    results: dict[str, float] = {}
    samples: dict[str, list[float]] = {"cold_j1_s": [], "critical_path_s": [], "cold_j2_s": [], "floor_s": []}
    step_samples: dict[str, list[float]] = {name: [] for name, _ in STEPS}
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project")
        for run in range(1, RUNS + 1):
            make_clean(root)
            print(f"bench: run {run}/{RUNS}: cold build -j1, step by step ...", flush=True)
            steps = stepwise_build(root)
            for name, seconds in steps.items():
                step_samples[name].append(seconds)
            samples["cold_j1_s"].append(sum(steps.values()))
            samples["critical_path_s"].append(sum(s for _, s in critical_path(steps)))
            if run == 1:
                results["noop_s"] = statistics.median(timed(["make", "-j1", "report"], root)[0] for _ in range(5))
                os.utime(root / "notebooks" / "33_events_plan_funding.ipynb")
                results["one_chapter_s"], _ = timed(["make", "-j1", "report"], root)
            make_clean(root)
            print(f"bench: run {run}/{RUNS}: cold build -j2 ...", flush=True)
            samples["cold_j2_s"].append(timed(["make", "-j2", "report"], root)[0])
            print(f"bench: run {run}/{RUNS}: floor ...", flush=True)
            floor_dir = Path(tmp) / f"floor{run}"
            floor_dir.mkdir()
            samples["floor_s"].append(floor(floor_dir))
    for key, values in samples.items():
        results[key] = statistics.median(values)
        print(f"  {key}: " + ", ".join(f"{v:.1f}" for v in values) + f" (median {results[key]:.1f})")
    pairs = list(zip(samples["cold_j1_s"], samples["cold_j2_s"], samples["floor_s"], samples["critical_path_s"]))
    results["cold_over_floor"] = statistics.median(j1 / fl for j1, _, fl, _ in pairs)
    results["j1_over_j2"] = statistics.median(j1 / j2 for j1, j2, _, _ in pairs)
    results["j2_over_critical_path"] = statistics.median(j2 / cp for _, j2, _, cp in pairs)
    medians = {name: statistics.median(values) for name, values in step_samples.items()}
    results["steps_s"] = medians
    print("\ncritical path (the serial chain; median seconds of each step over the runs)")
    for name, seconds in critical_path(medians):
        print(f"  {name:55s} {seconds:7.2f} s")
    print(f"  {'sum':55s} {sum(s for _, s in critical_path(medians)):7.2f} s")
    rows = [
        ("cold full build, -j1 (sum of the steps)", "cold_j1_s", "s"),
        ("critical path (sum of the chain)", "critical_path_s", "s"),
        ("cold full build, -j2", "cold_j2_s", "s"),
        ("no-op build (median of 5)", "noop_s", "s"),
        ("one-chapter rebuild", "one_chapter_s", "s"),
        (f"floor: {len(chapters())} papermill + nbconvert runs, imports only", "floor_s", "s"),
        ("cold -j1 / floor (median of the runs' ratios)", "cold_over_floor", "x"),
        ("-j1 / -j2 speed-up (median of the runs' ratios)", "j1_over_j2", "x"),
        ("-j2 / critical path (median of the runs' ratios; target <= 1.15)", "j2_over_critical_path", "x"),
    ]
    print(f"\nbenchmark on this machine ({os.cpu_count()} cores)")
    for label, key, unit in rows:
        print(f"  {label:66s} {results[key]:7.2f} {unit}")
    out = config.BUILD_DIR / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"  (saved to {out.relative_to(config.PROJ_ROOT) if out.is_relative_to(config.PROJ_ROOT) else out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
