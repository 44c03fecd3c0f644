import contextlib
import csv
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from metropolis_report import config, editions
from tools import bench


@pytest.fixture(scope="session")
def project_root() -> Path:
    return config.PROJ_ROOT


@pytest.fixture()
def raw_copy(tmp_path) -> Path:
    """A private copy of data/raw (CSVs and curated files) that a test may corrupt."""
    target = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, target, ignore=shutil.ignore_patterns("*.txt", "*.sha256"))
    return target


@pytest.fixture()
def run_step(tmp_path):
    """Run one build step as make runs it (`python -m metropolis_report.publish.run`), with its parameters, into
    tmp_path: run_step(notebook, params) -> (completed process, path of the HTML it would write)."""

    def run(notebook: str, params: dict) -> tuple[subprocess.CompletedProcess, Path]:
        params_file = tmp_path / "params.json"
        params_file.write_text(json.dumps(params), encoding="utf-8")
        html = tmp_path / f"{notebook}.html"
        command = [
            sys.executable,
            "-m",
            "metropolis_report.publish.run",
            str(config.NOTEBOOKS_DIR / f"{notebook}.ipynb"),
            "--params",
            str(params_file),
            "--html",
            str(html),
        ]
        env = {**os.environ, "METRO_BUILD_DIR": str(tmp_path / "build")}
        return subprocess.run(command, capture_output=True, text=True, env=env), html

    return run


@pytest.fixture(scope="session")
def built_report() -> Path:
    """The outputs of `make report` (the test target builds it first)."""
    index = config.REPORTS_DIR / "index.html"
    if not index.exists():
        pytest.fail("reports/index.html is missing: run `make report` (or `make test`, which builds it) first")
    return config.REPORTS_DIR


# ---------------------------------------------------------------------------- one clean build per session
# Several tests need a pristine, fully built copy of the project (byte-identical rebuilds, a second make that
# does nothing, one edited chapter, a deleted table). The session builds one, once, in the background as soon
# as the tests are collected (while the other tests run), and each test that changes it works on its own
# `cp -a` of it (which keeps the files' times, so the copy is up to date for make). The folder is named by
# the process that starts pytest and inherited by the pytest-xdist workers; the first worker to claim it
# builds, the others wait for the build's return code.
CLEAN_BUILD_ENV = "METROPOLIS_TEST_CLEAN_BUILD"
CLEAN_BUILD_TIMEOUT = 900  # seconds


def pytest_configure(config):
    if not hasattr(config, "workerinput") and CLEAN_BUILD_ENV not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="metropolis-clean-build-"))
        os.environ[CLEAN_BUILD_ENV] = str(folder)
        config.stash[_OWNED] = folder
    if not hasattr(config, "workerinput") and BOOK_ENV not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="metropolis-book-"))
        os.environ[BOOK_ENV] = str(folder)
        config.stash[_OWNED_BOOK] = folder


def pytest_unconfigure(config):
    book = config.stash.get(_OWNED_BOOK, None)
    if book is not None:
        shutil.rmtree(book, ignore_errors=True)
        os.environ.pop(BOOK_ENV, None)
    folder = config.stash.get(_OWNED, None)
    if folder is None:
        return
    pid = folder / "pid"
    if pid.exists() and not (folder / "returncode").exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.killpg(int(pid.read_text()), 9)  # the session ended before the build did
    shutil.rmtree(folder, ignore_errors=True)
    os.environ.pop(CLEAN_BUILD_ENV, None)


_OWNED = pytest.StashKey[Path]()
_OWNED_BOOK = pytest.StashKey[Path]()


def pytest_collection_modifyitems(config, items):
    if any("clean_build" in getattr(item, "fixturenames", ()) for item in items):
        start_clean_build()


def start_clean_build() -> Path:
    """Start `make report` in a fresh copy of the project, once per session; the folder that holds it."""
    folder = Path(os.environ[CLEAN_BUILD_ENV])
    try:
        (folder / "claimed").open("x").close()  # atomic: one process builds
    except FileExistsError:
        return folder
    root = bench.copy_project(folder / "project")
    process = subprocess.Popen(
        [
            "bash",
            "-c",
            "make -j2 report > ../make.log 2>&1; echo $? > ../returncode.tmp && mv ../returncode.tmp ../returncode",
        ],
        cwd=root,
        env=bench.clean_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    (folder / "pid").write_text(str(process.pid))
    return folder


@pytest.fixture(scope="session")
def clean_build(built_report) -> Path:
    """A clean build of a copy of the project (same environment), made once for the session. Read it; to change
    it, take a copy (`pristine_copy`)."""
    folder = start_clean_build()
    deadline = time.monotonic() + CLEAN_BUILD_TIMEOUT
    while not (folder / "returncode").exists():
        if time.monotonic() > deadline:
            pytest.fail(
                f"the session's clean build did not finish in {CLEAN_BUILD_TIMEOUT} s (log: {folder / 'make.log'})"
            )
        time.sleep(0.5)
    log = (folder / "make.log").read_text(encoding="utf-8", errors="replace")
    if (folder / "returncode").read_text().strip() != "0":
        pytest.fail(f"the session's clean build failed:\n{log[-5000:]}")
    return folder / "project"


@pytest.fixture()
def pristine_copy(clean_build, tmp_path) -> Path:
    """A private copy of the session's clean build, up to date for make (cp -a keeps the files' times)."""
    target = tmp_path / "project"
    subprocess.run(["cp", "-a", str(clean_build), str(target)], check=True)
    return target


def make_report(root: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """`make report` in a copy: the completed process and the steps it started, in order."""
    result = subprocess.run(["make", *args, "report"], cwd=root, capture_output=True, text=True, env=bench.clean_env())
    assert result.returncode == 0, result.stdout + result.stderr
    return result, started_steps(result.stdout)


def started_steps(stdout: str) -> list[str]:
    """The steps a make run started, in order (with -j2 two runners may print on one line)."""
    return re.findall(r"\[start\]\s+([0-9A-Za-z_]+)", stdout)


# ---------------------------------------------------------------------------- one printed book per session
# The book (`python -m metropolis_report.publish.pdf`, printed to a folder outside the published one) takes about
# 20 s to print, and two test modules need it: test_pdf.py reads it, test_browser.py checks how it was printed.
# It is printed once per session: the folder is named by the process that starts pytest and inherited by the
# pytest-xdist workers; the first worker to take its lock prints (listing the published folder before and
# after), the others wait for the lock and read what it wrote. (A worker that died while printing releases
# the lock: the next one prints.)
BOOK_ENV = "METROPOLIS_TEST_BOOK"


@dataclass(frozen=True)
class PrintedBook:
    pdf: Path
    returncode: int
    stderr: str
    published_before: list[str]  # every path under the published folder, sorted, before the book was printed
    published_after: list[str]  # and after


def published_files(reports: Path) -> list[str]:
    return [str(p) for p in sorted(reports.rglob("*"))]


@pytest.fixture(scope="session")
def printed_book(built_report) -> PrintedBook:
    """The book printed once for the session to a folder outside the published one, with the printing's return
    code, its error output and the published folder's files before and after."""
    folder = Path(os.environ[BOOK_ENV])
    name = "book-" + hashlib.sha1(str(built_report.resolve()).encode()).hexdigest()[:12]  # one per published folder
    record, pdf = folder / f"{name}.json", folder / f"{name}.pdf"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            before = published_files(built_report)
            result = subprocess.run(
                [sys.executable, "-m", "metropolis_report.publish.pdf", str(pdf)], capture_output=True, text=True
            )
            after = published_files(built_report)
            written = {"returncode": result.returncode, "stderr": result.stderr, "before": before, "after": after}
            record.with_suffix(".tmp").write_text(json.dumps(written), encoding="utf-8")
            record.with_suffix(".tmp").replace(record)
    written = json.loads(record.read_text(encoding="utf-8"))
    return PrintedBook(pdf, written["returncode"], written["stderr"], written["before"], written["after"])


# ---------------------------------------------------------------------------- claims by rule, not by position
def claim_rule_ids() -> set[str]:
    with open(editions.default().layout_file("claim_rules.csv"), encoding="utf-8", newline="") as f:
        return {row["rule_id"] for row in csv.DictReader(f)}


def find_claim(audit, rule_id: str, section: str | None = None, printed: str | None = None, text: str = "") -> str:
    """The claim_id of the one audited figure located by rule ``rule_id`` of metadata/claim_rules.csv (in
    ``section``, printed as ``printed``, in a sentence holding ``text``, when the rule locates several). Positional ids (2-04) shift when a
    figure is added to the report; a rule's wording does not."""
    assert rule_id in claim_rule_ids(), f"no rule {rule_id} in metadata/claim_rules.csv"
    frame = audit if "claim_id" in audit.columns else audit.reset_index()
    rows = frame[frame["rule_id"] == rule_id]
    if section is not None:
        rows = rows[rows["section"].astype(str) == section]
    if printed is not None:
        rows = rows[rows["printed_value"].astype(str) == printed]
    rows = rows[rows["claim_text"].str.contains(text, regex=False)]
    ids = rows["claim_id"].tolist()
    assert len(ids) == 1, f"rule {rule_id} (section {section}, printed {printed}) locates {ids}, not one figure"
    return ids[0]


@pytest.fixture(scope="session")
def claim_by_rule():
    """find(audit, rule_id, section=None, printed=None, text="") -> claim_id: a claim found by its rule, not its position."""
    return find_claim
