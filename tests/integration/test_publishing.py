"""Publishing: byte-identical rebuilds, escaped markup, incremental builds. Built in temporary copies."""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from metropolis_report import bench, config


def digests(folder: Path) -> dict[str, str]:
    """Every file `make report` writes under the folder (subfolders included; the PDF is `make pdf`'s)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".pdf"
    }


@pytest.fixture(scope="module")
def second_build(tmp_path_factory, built_report):
    """A clean build of a copy of the project (same environment), next to the main one."""
    root = bench.copy_project(tmp_path_factory.mktemp("copy") / "project")
    result = subprocess.run(["make", "report"], cwd=root, capture_output=True, text=True, env=bench.clean_env())
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result.stdout


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(second_build):
    root, _ = second_build
    assert digests(root / "data" / "processed") == digests(config.PROCESSED_DIR)
    rebuilt, reference = digests(root / "reports"), digests(config.REPORTS_DIR)
    for table in (rebuilt, reference):
        table.pop("index.html")  # its provenance says whether the tree had uncommitted changes
    assert rebuilt == reference


@pytest.mark.slow
def test_a_second_make_does_nothing_and_says_so(second_build):
    root, _ = second_build
    result = subprocess.run(["make", "report"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0 and "[start]" not in result.stdout and "up to date" in result.stdout


@pytest.mark.slow
def test_editing_one_chapter_rebuilds_it_and_the_index_only(second_build):
    root, _ = second_build
    os.utime(root / "notebooks" / "33_events_plan_funding.ipynb")
    result = subprocess.run(["make", "report"], cwd=root, capture_output=True, text=True)
    started = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("[start]")]
    assert started == ["33_events_plan_funding"] and "index" in result.stdout


MARKUP = "<script>alert('x')</script><b>bold</b>"


@pytest.mark.slow
@pytest.mark.parametrize(
    "chapter, table, printed",
    [
        ("33_events_plan_funding", "events", "5e édition des Golden Adobe Global Award de Téhéran"),  # a table cell
        ("30_claims_audit", "claims_audit", "table 4.1, row 'Total membres', column indicator_system_year"),  # in prose
    ],
)
def test_markup_in_the_data_is_shown_as_text(chapter, table, printed, tmp_path, built_report, run_step):
    processed = tmp_path / "processed"
    shutil.copytree(config.PROCESSED_DIR, processed)
    data = (processed / f"{table}.csv").read_text(encoding="utf-8")
    assert printed in data
    (processed / f"{table}.csv").write_text(data.replace(printed, MARKUP), encoding="utf-8")
    result, html = run_step(chapter, {"processed_dir": str(processed)})
    assert result.returncode == 0, result.stderr
    text = html.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<b>bold" not in text and "&lt;script&gt;alert" in text


@pytest.mark.slow
def test_an_interrupted_build_leaves_nothing_half_written(tmp_path):
    import signal
    import time

    root = bench.copy_project(tmp_path / "project")
    process = subprocess.Popen(
        ["make", "-j2", "report"],
        cwd=root,
        env=bench.clean_env(),
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (root / "reports" / "11_clean_annexes.html").exists():
        time.sleep(0.2)
    time.sleep(3)  # now inside the validation step or later
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    leftovers = [
        p
        for folder in ("reports", "data/processed")
        for p in (root / folder).iterdir()
        if p.name.endswith(".tmp") or p.name.startswith(".") and p.name != ".gitkeep"
    ]
    assert not leftovers, leftovers
    for page in (root / "reports").glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), f"{page.name} is half-written"
    result = subprocess.run(["make", "report"], cwd=root, capture_output=True, text=True, env=bench.clean_env())
    assert result.returncode == 0, result.stdout + result.stderr
    rebuilt, reference = digests(root / "reports"), digests(config.REPORTS_DIR)
    for table in (rebuilt, reference):
        table.pop("index.html")  # its provenance says whether the tree had uncommitted changes
    assert rebuilt == reference


@pytest.mark.slow
def test_editing_a_claim_rule_rebuilds_the_audit_not_the_gate(second_build):
    root, _ = second_build
    os.utime(root / "metadata" / "claim_rules.csv")
    result = subprocess.run(["make", "report"], cwd=root, capture_output=True, text=True, env=bench.clean_env())
    assert result.returncode == 0, result.stdout + result.stderr
    started = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("[start]")]
    # the same rules give the same audit: nothing downstream is rebuilt either
    assert started == ["21_derived_tables"], result.stdout
