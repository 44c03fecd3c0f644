"""Execute one notebook with papermill and publish it as an HTML chapter, in one process.

    python -m metropolis_report.publish.run notebooks/31_engagement.ipynb \
        --params build/params/31_engagement.json --html reports/31_engagement.html

- papermill and nbconvert run in-process (one interpreter start per chapter, not three);
- the executed notebook is made reproducible (no timestamps, durations or random cell ids), so two
  builds give the same bytes;
- outputs are written to a temporary name and renamed into place only when everything succeeded:
  an interrupted or failed run leaves nothing a later build would take as up to date;
- the parameters are checked against their declaration (metadata/parameters.csv) before anything runs:
  a refused value or a parameter the chapter does not take stops with one paragraph, nothing written;
- the executed notebook records the values of the chapter's research parameters that it ran with (read from
  its parameters cell and papermill's injected cell), which the chapter and the index state;
- on failure, the full log goes to build/logs/<chapter>.log and the message names it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

from metropolis_report import config, parameters
from metropolis_report.parameters import cli
from metropolis_report.storage import held_temporary, remove_stale_temporaries, write_atomic

# jsonschema imports the optional IRI checker rfc3987_syntax when it is installed, which builds a
# grammar for 1.2 s; nbformat's schema has no IRI format, so this process does without it.
sys.modules.setdefault("rfc3987_syntax", None)


def make_reproducible(nb) -> None:
    """Drop what changes from run to run: timings, papermill timestamps, random cell ids."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    count = 0
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            # the executed notebook shows its run: counts 1, 2, 3... in the order papermill ran the cells
            # (stable from build to build)
            count += 1
            cell.execution_count = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count


class _StderrToLog:
    """Send this process's stderr, and so the kernel's (it inherits it), to the step's log file:
    the build output stays one line per step; the log keeps everything."""

    def __init__(self, log: Path):
        self.log = log

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        self.handle = open(self.log, "ab")
        os.dup2(self.handle.fileno(), 2)
        return self

    def __exit__(self, *exc):
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.handle.close()
        return False


# A kernel that does not answer when it starts (rare: two kernels started at the same moment can both be
# given the same free port) is started again, once.
KERNEL_STARTS = 2
KERNEL_SILENT = "Kernel didn't respond"


def execute(notebook: Path, values: dict, executed: Path, log: Path):
    import nbformat
    import papermill as pm

    executed.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(executed, ".tmp.ipynb")  # left by a run that was killed
    tmp = executed.with_name(f".{executed.name}.{os.getpid()}.tmp.ipynb")
    with held_temporary(tmp):  # papermill writes into it (same file): held until it is read back
        try:
            for attempt in range(KERNEL_STARTS):
                try:
                    pm.execute_notebook(
                        str(notebook),
                        str(tmp),
                        parameters=values,
                        kernel_name=config.KERNEL_NAME,
                        progress_bar=False,
                        log_output=False,
                        cwd=str(notebook.parent),
                    )
                    break
                except RuntimeError as err:
                    # a kernel that never answered ran no cell: start another (a cell's error is never retried)
                    if not str(err).startswith(KERNEL_SILENT) or attempt + 1 == KERNEL_STARTS:
                        raise
                    with open(log, "a", encoding="utf-8") as handle:
                        handle.write(f"the kernel did not start ({err}); starting another\n")
            nb = nbformat.read(tmp, as_version=4)
        except Exception:
            # keep the partly executed notebook beside the log: it shows the failing cell
            if tmp.exists() and tmp.stat().st_size:
                tmp.replace(log.with_suffix(".failed.ipynb"))
            tmp.unlink(missing_ok=True)
            raise
        tmp.unlink(missing_ok=True)
    nb.metadata["metropolis_report"] = {"parameters": parameters.used(notebook.stem, nb)}
    make_reproducible(nb)
    write_atomic(executed, nbformat.writes(nb) + "\n", keep_unchanged=False)
    return nb


def page_of(nb, html: Path) -> str:
    from metropolis_report.publish.layout import render_chapter

    return render_chapter(nb, html.stem)


@contextlib.contextmanager
def recorded_reads(step: str):
    """Note every metadata file the step reads (here and in its kernel, which inherits the environment), and
    once it has succeeded write them to build/reads/<step>.mk as READS_<step>: the Makefile gives the step these
    files as prerequisites (every metadata file, before the step's first build), as a compiler's -MD does. Each
    file also gets a rule of its own with no prerequisite (as -MP does), so that a metadata file deleted or
    renamed since runs the step again instead of stopping make. (A step is one process, its kernel another: the
    modules that cache what they read from metadata/ read it afresh in each, so every read is noted.)"""
    config.READS_DIR.mkdir(parents=True, exist_ok=True)
    log = (config.READS_DIR / f"{step}.txt").resolve()  # the kernel runs in notebooks/
    log.write_text("", encoding="utf-8")
    before = os.environ.get(config.READS_ENV)
    os.environ[config.READS_ENV] = str(log)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(config.READS_ENV, None)
        else:
            os.environ[config.READS_ENV] = before
    files = sorted(set(log.read_text(encoding="utf-8").split()))
    rules = "".join(f"{file}:\n" for file in files)
    write_atomic(config.READS_DIR / f"{step}.mk", f"READS_{step} := {' '.join(files)}\n{rules}")
    log.unlink()


def say(message: str, stream=None) -> None:
    """A message (a line of progress, a paragraph of failure) in one write: with steps side by side (and
    PYTHONUNBUFFERED, where print writes the text and its newline apart) two runners' messages never mix."""
    stream = stream or sys.stdout
    stream.write(message + "\n")
    stream.flush()


def _shown(path: Path) -> str:
    return str(path.relative_to(config.PROJ_ROOT)) if path.is_relative_to(config.PROJ_ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--params", type=Path, help="JSON file of parameters for the notebook")
    parser.add_argument("--html", type=Path, required=True, help="HTML chapter to write")
    args = parser.parse_args(argv)

    name = args.notebook.stem
    try:
        values = json.loads(args.params.read_text(encoding="utf-8")) if args.params else {}
        if not isinstance(values, dict):
            raise parameters.ParameterError(f"{_shown(args.params)} holds no parameter names and values.")
        parameters.check_values(name, values)
    except (json.JSONDecodeError, parameters.ParameterError) as err:
        problem = (
            str(err) if isinstance(err, parameters.ParameterError) else f"{_shown(args.params)} is not JSON ({err})."
        )
        say(f"[refused] {name}: {cli.paragraph(problem)}", sys.stderr)
        return 2
    log = config.LOG_DIR / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    say(f"[start] {name}")
    log.write_bytes(b"")
    try:
        with _StderrToLog(log):
            with recorded_reads(name):
                nb = execute(args.notebook, values, config.EXECUTED_DIR / f"{name}.ipynb", log)
                page = page_of(nb, args.html)
            # the page last: a step killed before it runs again, with the prerequisites it has just recorded
            write_atomic(args.html, page, keep_unchanged=False)
    except Exception as err:  # report any failure as one paragraph, details in the log
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(traceback.format_exc())
        reason = getattr(err, "evalue", None) or str(err)
        ename = getattr(err, "ename", None) or type(err).__name__
        say(
            f"[FAILED] {name} after {time.monotonic() - start:.1f} s: {ename}: {reason}\n"
            f"         Nothing of this step was published. Full log: {_shown(log)}"
            f" (the partly executed notebook is beside it).",
            sys.stderr,
        )
        return 1
    log.unlink(missing_ok=True)
    say(f"[done]  {name} in {time.monotonic() - start:.1f} s -> {args.html}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
