"""Publishing: byte-identical rebuilds, escaped markup, incremental builds. Built in temporary copies."""

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_report, started_steps

from metropolis_report import config
from tools import bench


def digests(folder: Path) -> dict[str, str]:
    """Every file `make report` writes under the folder (subfolders included; the PDF is `make pdf`'s)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".pdf"
    }


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(clean_build):
    assert digests(clean_build / "data" / "processed") == digests(config.PROCESSED_DIR)
    rebuilt, reference = digests(clean_build / "reports"), digests(config.REPORTS_DIR)
    for table in (rebuilt, reference):
        table.pop("index.html")  # its provenance says whether the tree had uncommitted changes
    assert rebuilt == reference


@pytest.mark.slow
def test_a_second_make_does_nothing_and_says_so(pristine_copy):
    result = subprocess.run(
        ["make", "report"], cwd=pristine_copy, capture_output=True, text=True, env=bench.clean_env()
    )
    assert result.returncode == 0 and "[start]" not in result.stdout and "up to date" in result.stdout
    assert "[missing]" not in result.stdout


@pytest.mark.slow
def test_editing_one_chapter_rebuilds_it_and_the_index_only(pristine_copy):
    os.utime(pristine_copy / "notebooks" / "33_events_plan_funding.ipynb")
    result, started = make_report(pristine_copy)
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
def test_an_interrupted_build_leaves_nothing_half_written(pristine_copy):
    """A build killed inside the validation step (the step that publishes data/processed/) leaves every published
    table and page as it was, no temporary file, and a `make report` afterwards that finishes the build. (The
    step rewrites no table whose bytes are the same, so this kill cannot land on a table being written: what it
    checks is that an interrupted step publishes nothing and leaves nothing behind, and that make runs it again.
    A kill between two tables being published is tests/unit/validate/test_gatekeeper.py.)"""
    import signal
    import time

    root = pristine_copy
    published_before = digests(root / "data" / "processed")
    # killed a while after the step starts: inside its validation, before it publishes (the step takes several
    # seconds; on a machine where it is over before the kill, the kill comes sooner)
    for delay in (3.0, 1.5, 0.5):
        os.utime(root / "notebooks" / "20_data_quality.ipynb")  # the validation step and the index run again
        process = subprocess.Popen(
            ["make", "-j2", "report"],
            cwd=root,
            env=bench.clean_env(),
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = ""
        for line in process.stdout:
            output += line
            if "20_data_quality" in started_steps(line):
                time.sleep(delay)
                break
        os.killpg(process.pid, signal.SIGKILL)
        output += process.stdout.read()
        process.wait()
        assert "20_data_quality" in started_steps(output), output
        if not re.search(r"\[done\]\s+20_data_quality", output):
            break
    else:
        pytest.fail(f"the validation step was over within {delay} s of its start every time: nothing was interrupted")
    leftovers = [
        p
        for folder in ("reports", "data/processed")
        for p in (root / folder).iterdir()
        if p.name.endswith(".tmp") or p.name.startswith(".") and p.name != ".gitkeep"
    ]
    assert not leftovers, leftovers
    for page in (root / "reports").glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), f"{page.name} is half-written"
    assert digests(root / "data" / "processed") == published_before
    result, started = make_report(root, "-j2")
    assert started == ["20_data_quality"] and "index" in result.stdout
    assert digests(root / "data" / "processed") == published_before
    rebuilt, reference = digests(root / "reports"), digests(config.REPORTS_DIR)
    for table in (rebuilt, reference):
        table.pop("index.html")  # its provenance says whether the tree had uncommitted changes
    assert rebuilt == reference


@pytest.mark.slow
def test_editing_a_claim_rule_rebuilds_the_audit_not_the_gate(pristine_copy):
    os.utime(pristine_copy / "metadata/layouts/2020-fr" / "claim_rules.csv")
    _, started = make_report(pristine_copy)
    # the same rules give the same audit: nothing downstream is rebuilt but the audit's chapter (its headline counts
    # the quantities the rules name), and not the extraction or the gate
    assert sorted(started) == ["21_derived_tables", "30_claims_audit"]


ANALYSIS = ["30_claims_audit", "31_engagement", "32_gender", "33_events_plan_funding"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "published, rebuilt",
    [
        # a table of the gate that only the derived step reads (which then publishes the same tables: no more)
        ("pilot_projects.csv", ["20_data_quality", "21_derived_tables"]),
        # a file of the derived step that the engagement and gender chapters read
        ("findings_parameters.json", ["21_derived_tables", "31_engagement", "32_gender"]),
    ],
)
def test_a_deleted_processed_file_is_rebuilt_with_only_what_reads_it(pristine_copy, published, rebuilt):
    """Deleting a published file and running `make report` runs the step that writes it (the missing file
    is its target), which writes it again; then only the chapters that read it are rebuilt."""
    path = pristine_copy / "data" / "processed" / published
    before = path.read_bytes()
    others = {p.name: p.stat().st_mtime_ns for p in path.parent.iterdir() if p != path}
    path.unlink()
    result, started = make_report(pristine_copy, "-j2")
    assert f"[missing] data/processed/{published}" in result.stdout, result.stdout
    assert path.read_bytes() == before  # rebuilt, the same bytes
    # the step that writes it, and the chapters that read it (and nothing they publish changed: no more)
    assert sorted(started) == rebuilt and started[0] == rebuilt[0], result.stdout
    # the step's other files were the same bytes: left alone, with their times
    assert {p.name: p.stat().st_mtime_ns for p in path.parent.iterdir() if p != path} == others
    # and the build is up to date again
    _, again = make_report(pristine_copy)
    assert again == []


def planned_steps(root: Path) -> list[str]:
    """The notebooks `make -n report` would run (a parameter file is remade only when its values change, so on an
    up-to-date tree none is planned)."""
    plan = subprocess.run(
        ["make", "-n", "report"],
        cwd=root,
        capture_output=True,
        text=True,
        env=bench.clean_env(),
    )
    assert plan.returncode == 0, plan.stdout + plan.stderr
    steps = []
    for line in plan.stdout.splitlines():
        named = re.findall(r"-m metropolis_report\.publish\.(?:run notebooks/(\w+)\.ipynb|(index))\b", line)
        if not named:
            assert line.startswith('echo "report: '), f"make -n plans a command that runs no step: {line}"
            continue
        loop = re.match(r"for table in (.*?); do", line)
        # the loop that runs a step again is planned only when one of its published files is missing
        assert not loop or not all((root / f).exists() for f in loop.group(1).split()), line
        steps.append(named[0][0] or named[0][1])
    return steps


@pytest.mark.slow
def test_the_plan_for_a_deleted_members_table_is_the_gate_and_everything_that_reads_it(pristine_copy, clean_build):
    processed = pristine_copy / "data" / "processed"
    assert planned_steps(pristine_copy) == []  # up to date: nothing to run
    from metropolis_report.derive import findings

    def reading(table: str) -> list[str]:  # the analysis chapters whose findings read the table
        return [stem for stem in ANALYSIS if table in findings.tables_of(stem)]

    assert reading("members") == ANALYSIS[:3] and reading("events") == ANALYSIS
    (processed / "members.csv").unlink()
    assert planned_steps(pristine_copy) == ["20_data_quality", "21_derived_tables", *reading("members"), "index"]
    shutil.copy2(clean_build / "data" / "processed" / "members.csv", processed / "members.csv")  # with its time
    assert planned_steps(pristine_copy) == []
    (processed / "claims_audit.csv").unlink()  # a table of the derived step, which the chapters after it read
    assert planned_steps(pristine_copy) == ["21_derived_tables", *reading("claims_audit"), "index"]


def recorded_reads(root: Path) -> dict[str, list[str]]:
    """The metadata files each step read in its last build (build/reads/<step>.mk, written by the runner)."""
    reads = {}
    for path in sorted((root / "build" / "reads").glob("*.mk")):
        name, files = path.read_text(encoding="utf-8").splitlines()[0].split(":=")
        reads[name.strip().removeprefix("READS_")] = files.split()
    return reads


@pytest.mark.slow
def test_a_metadata_file_rebuilds_the_steps_that_read_it_and_only_those(pristine_copy):
    """A step's metadata prerequisites are the files it read in its last build: touching one plans exactly the
    steps that read it (and what follows their pages: the validation step after the cleaning steps, the index
    after every chapter)."""
    from metropolis_report.publish import layout

    reads = recorded_reads(pristine_copy)
    steps = [c.stem for c in layout.chapters()]
    assert sorted(reads) == sorted([*steps, "index"])
    # what the steps are known to read: every page names codes in words; the audit chapter shows the verdicts'
    # marks and words; only the derived step reads the claim rules
    assert all("metadata/reader_labels.csv" in files for files in reads.values()), reads
    # every metadata file is read by some step (a read that bypasses schema.metadata_file would leave its file
    # out); parameters.csv reaches the steps through their parameter files
    read = {file for files in reads.values() for file in files}
    metadata = [*(pristine_copy / "metadata").glob("*.csv"), *(pristine_copy / "metadata").glob("layouts/*/*.csv")]
    assert read == {str(p.relative_to(pristine_copy)) for p in metadata} - {"metadata/parameters.csv"}
    assert "metadata/verdicts.csv" in reads["30_claims_audit"]
    assert [step for step, files in reads.items() if "metadata/layouts/2020-fr/claim_rules.csv" in files] == [
        "21_derived_tables",
        "30_claims_audit",
    ]
    assert planned_steps(pristine_copy) == []
    for name in ("verdicts.csv", "engagement_items.csv", "layouts/2020-fr/funding_sources.csv"):
        path = pristine_copy / "metadata" / name
        times = path.stat()
        os.utime(path)
        readers = [step for step in steps if f"metadata/{name}" in reads[step]]
        # the validation step follows the cleaning steps' pages, the index every chapter
        after = ["20_data_quality"] * bool({"10_clean_members", "11_clean_annexes"} & set(readers)) + ["index"]
        assert readers and sorted(planned_steps(pristine_copy)) == sorted({*readers, *after}), name
        os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))  # as it was: nothing to run again
        assert planned_steps(pristine_copy) == []
    # a metadata file renamed since the last build runs the steps that read it again, and stops nothing
    (pristine_copy / "metadata/layouts/2020-fr" / "status_marks.csv").rename(
        pristine_copy / "metadata/layouts/2020-fr" / "status_marks_old.csv"
    )
    readers = [step for step in steps if "metadata/layouts/2020-fr/status_marks.csv" in reads[step]]
    assert readers and set(readers) <= set(planned_steps(pristine_copy))
