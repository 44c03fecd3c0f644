"""Parameters through every way in: make, the runner, papermill's command line and "Run All" (nbclient).
A refused value stops with the same paragraph and changes nothing published; a valid non-default value is
stated in the chapter and on the index."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import started_steps
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from metropolis_report import config, parameters
from metropolis_report.publish import layout
from tools import bench

OUTPUTS = ("reports", "data/processed", "build/params")

# the values of the issue, as typed on make's command line and after papermill's -p
BAD = [
    ("CONFIDENCE", "1.5", "the value 1.5 is outside the allowed range"),
    ("CONFIDENCE", "abc", "the value 'abc' is not a number"),
    ("ENGAGEMENT_MIN", "11", "the value 11 is outside the allowed range"),
    ("ENGAGEMENT_MIN", "-2", "the value -2 is outside the allowed range"),
    ("ENGAGEMENT_MIN", "2.5", "is not a whole number"),
]


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in OUTPUTS
        if (root / folder).exists()
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def one_line(text: str) -> str:
    return " ".join(text.split())


def expected(make_name: str, problem: str) -> list[str]:
    parameter = next(p for p in parameters.load().values() if p.make_name == make_name)
    return [
        f"Parameter {make_name} ({parameter.name} in a notebook's parameters cell)",
        problem,
        f"Allowed: {parameter.allowed_text()}",
        f"Example: {parameter.example_command()}",
        "Nothing was run.",
    ]


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory, built_report):
    """A copy of the project holding the outputs of the main build, with their times (so it is up to date)."""
    root = bench.copy_project(tmp_path_factory.mktemp("params") / "project")
    for folder in ("reports", "data/processed", "build"):
        shutil.copytree(
            config.PROJ_ROOT / folder,
            root / folder,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("test-artifacts"),
        )
    return root


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, value, problem",
    BAD
    + [
        ("CONFIDANCE", "0.9", "did you mean CONFIDENCE?"),
        ("EDITION", "2031-xx", "Edition '2031-xx' is not declared in metadata/editions.csv"),
        # it used to build the 2020 text silently: a variable that no step reads is refused
        ("REPORT_TEXT", "data/raw/other.txt", "The make variable REPORT_TEXT cannot take effect"),
    ],
)
def test_make_refuses_a_bad_value_before_any_step(built_copy, name, value, problem):
    before = digests(built_copy)
    result = subprocess.run(
        ["make", "report", f"{name}={value}"], cwd=built_copy, capture_output=True, text=True, env=bench.clean_env()
    )
    message = one_line(result.stderr)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "[start]" not in result.stdout and "nothing was run" in message
    if name == "CONFIDANCE":
        assert f"Unknown parameter CONFIDANCE: {problem}" in message and "make report CONFIDENCE=0.9" in message
    elif name in ("EDITION", "REPORT_TEXT"):
        assert problem in message and "2020-fr" in message and "make report EDITION=<id>" in message, message
    else:
        for part in expected(name, problem):
            assert part in message, message
    assert digests(built_copy) == before


@pytest.mark.slow
def test_make_builds_a_non_default_value_into_the_chapters_that_use_it_and_states_it(built_copy):
    def build(*given):
        result = subprocess.run(
            ["make", "-j2", "report", *given], cwd=built_copy, capture_output=True, text=True, env=bench.clean_env()
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return started_steps(result.stdout)

    assert build() == []  # the copy is up to date
    assert sorted(build("CONFIDENCE=0.9")) == ["21_derived_tables", "31_engagement", "32_gender"]  # the findings too
    for stem in ("31_engagement", "32_gender"):
        page = (built_copy / "reports" / f"{stem}.html").read_text(encoding="utf-8")
        assert "<code>confidence</code> = 0.9 (default 0.95)" in page.split('class="build-parameters"')[1]
        assert "Built with non-default parameters:</strong> <code>confidence</code> = 0.9 (default 0.95)" in page
    assert "90% exact" in (built_copy / "reports" / "32_gender.html").read_text(encoding="utf-8")
    front = (built_copy / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Not the default build:</strong> " in front
    assert "Engagement of the members was built with confidence = 0.9" in front
    assert "Gender was built with confidence = 0.9 (default 0.95)" in front
    # back to the defaults: the same chapters again, and the notices are gone
    assert sorted(build()) == ["21_derived_tables", "31_engagement", "32_gender"]
    assert "non-default-parameters" not in (built_copy / "reports" / "index.html").read_text(encoding="utf-8")
    assert "non-default-parameters" not in (built_copy / "reports" / "32_gender.html").read_text(encoding="utf-8")
    # and what they publish is the default build's again, byte for byte
    for stem in ("21_derived_tables", "31_engagement", "32_gender"):
        assert (built_copy / "reports" / f"{stem}.html").read_bytes() == (
            config.REPORTS_DIR / f"{stem}.html"
        ).read_bytes(), stem
    for name in ("findings.csv", "findings_parameters.json", "finding_sources.csv"):
        assert (built_copy / "data" / "processed" / name).read_bytes() == (config.PROCESSED_DIR / name).read_bytes()


@pytest.mark.slow
def test_make_writes_each_chapters_values_and_lists_them(built_copy, built_report):
    # the main build ran with the defaults: its parameter files hold the declared defaults
    for chapter in layout.chapters():
        written = json.loads((config.BUILD_DIR / "params" / f"{chapter.stem}.json").read_text(encoding="utf-8"))
        research = {k: v for k, v in written.items() if parameters.load()[k].kind != "path"}
        assert research == parameters.defaults(chapter.stem), chapter.stem
    # a value given to make reaches the files of the chapters that use it, and only those
    copy = bench.copy_project(built_copy.parent / "fresh")
    result = subprocess.run(
        [
            "make",
            "-s",
            "build/params/31_engagement.json",
            "build/params/32_gender.json",
            "build/params/30_claims_audit.json",
            "CONFIDENCE=0.9",
            "TOP_N=20",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        env=bench.clean_env(),
    )
    assert result.returncode == 0, result.stderr
    read = {
        s: json.loads((copy / "build/params" / f"{s}.json").read_text())
        for s in ("31_engagement", "32_gender", "30_claims_audit")
    }
    assert read["31_engagement"] == {
        "processed_dir": "data/processed",
        **parameters.defaults("31_engagement"),
        "confidence": 0.9,
        "top_n": 20,
    }
    assert read["32_gender"] == {"processed_dir": "data/processed", "edition": "2020-fr", "confidence": 0.9}
    assert read["30_claims_audit"] == {"processed_dir": "data/processed", "edition": "2020-fr"}
    listed = subprocess.run(["make", "params"], cwd=copy, capture_output=True, text=True, env=bench.clean_env()).stdout
    helped = subprocess.run(["make", "help"], cwd=copy, capture_output=True, text=True, env=bench.clean_env()).stdout
    for parameter in parameters.load().values():
        if parameter.kind == "research":
            assert (
                parameter.make_name in listed and parameter.allowed_text() in listed and parameter.make_name in helped
            )


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, value, problem",
    [(n.lower(), v, p) for n, v, p in BAD] + [("confidance", "0.9", "Did you mean confidence?")],
)
def test_papermill_refuses_a_bad_value_with_the_same_paragraph(tmp_path, built_report, name, value, problem):
    before = digests(config.PROJ_ROOT)
    env = {**os.environ, "PYTHONPATH": str(config.PROJ_ROOT / "src"), "METRO_BUILD_DIR": str(tmp_path / "build")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(config.NOTEBOOKS_DIR / "31_engagement.ipynb"),
            str(tmp_path / "out.ipynb"),
        ]
        + ["-p", name, value, "--cwd", str(config.NOTEBOOKS_DIR), "--no-progress-bar"],
        capture_output=True,
        text=True,
        env=env,
    )
    message = one_line(result.stderr)
    assert result.returncode != 0 and "ParameterError" in message
    if name == "confidance":
        assert "Unknown parameter confidance (given 0.9) for 31_engagement" in message and problem in message
    else:
        for part in expected(name.upper(), problem):
            assert part in message, message
    # the check is the first thing after the parameters: nothing of the chapter ran
    assert not (tmp_path / "build" / "findings").exists()
    assert digests(config.PROJ_ROOT) == before


@pytest.mark.slow
def test_run_all_refuses_a_bad_value_typed_into_the_parameters_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("METRO_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("PYTHONPATH", str(config.PROJ_ROOT / "src"))
    nb = nbformat.read(config.NOTEBOOKS_DIR / "32_gender.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace("confidence = 0.95", "confidence = 1.5")
    client = NotebookClient(
        nb, timeout=300, kernel_name=config.KERNEL_NAME, resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}
    )
    with pytest.raises(CellExecutionError) as refused:
        client.execute()
    for part in expected("CONFIDENCE", "the value 1.5 is outside the allowed range"):
        assert part in one_line(str(refused.value))


@pytest.mark.slow
def test_the_runner_refuses_a_bad_parameter_file_and_writes_nothing(run_step, tmp_path):
    result, html = run_step("32_gender", {"processed_dir": str(config.PROCESSED_DIR), "confidence": "abc"})
    assert result.returncode == 2 and "[start]" not in result.stdout
    for part in expected("CONFIDENCE", "the value 'abc' is not a number"):
        assert part in one_line(result.stderr)
    assert not html.exists() and not (tmp_path / "build").exists()
    result, html = run_step("32_gender", {"processed_dir": str(config.PROCESSED_DIR), "engagement_min": 3})
    assert result.returncode == 2 and "engagement_min is a parameter of 21_derived_tables" in one_line(result.stderr)


def test_the_default_build_states_its_parameters_in_every_chapter(built_report):
    for chapter in layout.chapters():
        page = (built_report / chapter.html_name).read_text(encoding="utf-8")
        footer = page.split('<footer class="site-footer">')[1]
        assert 'class="build-parameters"' in footer, chapter.stem
        assert "non-default-parameters" not in page, chapter.stem
        for name, value in parameters.defaults(chapter.stem).items():
            assert f"<code>{name}</code> = {layout._value(value)}" in footer, (chapter.stem, name)
    assert "non-default-parameters" not in (built_report / "index.html").read_text(encoding="utf-8")
