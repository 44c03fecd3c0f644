"""Editions of the report added by metadata alone: re-laid-out copies of the 2020 text go through `make edition`
(every mismatch listed at once, then the members the registry does not know, then the facts of the data dictionary
the edition changes) and `make report EDITION=<id>`, in a copy of the project. A copy that changes no data gives
the default build's findings; a copy with new members gives findings that count them."""

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from metropolis_report import config, editions, schema
from tools import bench

REWORDED = {  # printed wording of the 2020 text -> the re-worded copy's
    "Paiement des cotisations 2020": "Paiement des cotisations 2021",
    "4.1. Engagement de nos membres": "4.1. L'engagement de nos membres",
    "Membres gouvernés par des femmes (en date du 31 décembre 2020) :": (
        "Membres gouvernés par des femmes (en date du 31 décembre 2021) :"
    ),
}
NEW_MEMBERS = [  # (member_id, name as printed, English name, country, the editions that list it)
    ("ville-nouvelle-a", "Ville Nouvelle A", "New Town A", "France", "2020-xx"),
    ("ville-nouvelle-b", "Ville Nouvelle B", "New Town B", "Brazil", "2020-xx"),
    ("ville-nouvelle-c", "Ville Nouvelle C", "New Town C", "India", "2020-xx"),
]


def member_tables(lines: list[str], start: str, end: str) -> list[tuple[int, int]]:
    """(first, last + 1) line indexes of the member rows of each markdown table between two headings."""
    first = next(i for i, line in enumerate(lines) if line.strip() == start)
    stop = next(i for i, line in enumerate(lines) if i > first and line.strip() == end)
    blocks, i = [], first
    while i < stop:
        if lines[i].startswith("| MEMBRE"):
            j = i + 2
            while j < stop and lines[j].startswith("|"):
                j += 1
            rows = [k for k in range(i + 2, j) if not lines[k].startswith("| Total")]
            blocks.append((rows[0], rows[-1] + 1))
            i = j
        else:
            i += 1
    return blocks


def next_year(row: str) -> str:
    """A member row of table 4.1 one year on: the years of its indicators cell (2019 -> 2020, 2020 -> 2021)."""
    return re.sub(r"\| (2019|2020) \|", lambda m: f"| {int(m.group(1)) + 1} |", row)


def reworded_text(text: str) -> str:
    """The 2020 text re-worded (a header, a section title, a list prefix) and one year on (the year in its
    wording and in the cells that print a year), with the member rows of tables 4.1 and 4.2 in reverse order
    within each printed page: the same data, another layout and year."""
    for old, new in REWORDED.items():
        assert old in text
        text = text.replace(old, new)
    lines = text.split("\n")
    for start, end in (("4.1. L'engagement de nos membres", "4.2. Membres mentionnés sur notre site web"),
                       ("4.2. Membres mentionnés sur notre site web", "5. Annexes")):  # fmt: skip
        for first, last in member_tables(lines, start, end):
            lines[first:last] = [next_year(row) for row in reversed(lines[first:last])]
    return "\n".join(lines)


def with_new_members(text: str) -> str:
    """The 2020 text with three new members appended to tables 4.1 (marked (N)) and 4.2, every cell blank (so
    the printed totals stay right)."""
    lines = text.split("\n")
    for start, end, mark, cells in (
        ("4.1. Engagement de nos membres", "4.2. Membres mentionnés sur notre site web", " (N)", 11),
        ("4.2. Membres mentionnés sur notre site web", "5. Annexes", "", 5),
    ):
        _, last = member_tables(lines, start, end)[-1]
        lines[last:last] = [f"| {name}{mark} |" + "  |" * cells for _, name, *_ in NEW_MEMBERS]
    return "\n".join(lines)


@pytest.fixture()
def project(tmp_path) -> Path:
    return bench.copy_project(tmp_path / "project")


def make(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", *args], cwd=root, capture_output=True, text=True, env=bench.clean_env())


def edit_layout(root: Path, edition: str) -> None:
    """What a researcher does after the first `make edition`: the new wording into the edition's layout."""
    for path in (root / "metadata" / "layouts" / edition).glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        for old, new in REWORDED.items():
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")


def yearless(text: str, year: int) -> str:
    """A finding's text with the labels that name the edition's year ("paid 2020 dues") in a form without it."""
    labels = [r["label"] for r in schema.rows("engagement_items.csv") if "{year}" in r["label"]]
    for label in labels:
        text = text.replace(label.replace("{year}", str(year)), label)
    return text


def findings(folder: Path) -> dict[str, dict]:
    with open(folder / "findings.csv", encoding="utf-8", newline="") as handle:
        return {row["finding_id"]: row for row in csv.DictReader(handle)}


@pytest.mark.slow
def test_a_reworded_edition_needs_only_its_layout_and_gives_the_default_findings(project, built_report):
    source = project / "reworded.txt"
    source.write_text(reworded_text(editions.default().report_path.read_text(encoding="utf-8")), encoding="utf-8")
    first = make(project, "edition", f"FILE={source}", "EDITION=2021-fr")
    assert first.returncode != 0, first.stdout + first.stderr
    row = next(
        r
        for r in csv.DictReader(io.StringIO((project / "metadata/editions.csv").read_text()))
        if r["edition"] == "2021-fr"
    )
    assert (row["year"], row["language"], row["title"], row["layout"]) == (
        "2021",
        "fr",
        "Metropolis rapport annuel 2021",
        "2021-fr",
    )
    assert (project / "data/raw" / row["report_file"]).read_bytes() == source.read_bytes()
    # every mismatch at once: each new wording, with the layout file to edit
    for new in REWORDED.values():
        assert new in first.stdout, first.stdout
    assert (
        "metadata/layouts/2021-fr/headers.csv" in first.stdout
        and "metadata/layouts/2021-fr/sections.csv" in first.stdout
    )
    edit_layout(project, "2021-fr")
    second = make(project, "edition", f"FILE={source}", "EDITION=2021-fr")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "make report EDITION=2021-fr" in second.stdout
    build = make(project, "report", "EDITION=2021-fr")
    assert build.returncode == 0, build.stdout + build.stderr
    built = findings(project / "data" / "processed")
    default = findings(config.PROCESSED_DIR)
    assert built.keys() == default.keys()
    for finding_id, row in default.items():
        for column in ("word", "n", "effect", "effect_low", "effect_high", "p_value", "p_holm", "values", "sentence"):
            assert yearless(built[finding_id][column], 2021) == yearless(row[column], 2020), (finding_id, column)
    # every page says which edition it was built from, and the index flags it
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert (
        "Metropolis annual report 2021: data and evidence" in index and "edition = 2021-fr (default 2020-fr)" in index
    )
    for page in (project / "reports").glob("[0-9]*.html"):
        assert "Metropolis rapport annuel 2021" in page.read_text(encoding="utf-8"), page.name
    default_again(project)


def default_again(project: Path) -> None:
    """The default edition built again in the copy: every published table and chapter byte for byte the main
    build's (the index differs in its provenance only: the copy's commit)."""
    again = make(project, "report")
    assert again.returncode == 0, again.stdout + again.stderr
    tables = sorted(p.name for p in config.PROCESSED_DIR.iterdir() if p.suffix in (".csv", ".json"))
    assert tables == sorted(p.name for p in (project / "data/processed").iterdir() if p.suffix in (".csv", ".json"))
    for name in tables:
        assert (project / "data/processed" / name).read_bytes() == (config.PROCESSED_DIR / name).read_bytes(), name
    for page in sorted(config.REPORTS_DIR.glob("[0-9]*.html")) + [config.REPORTS_DIR / "source.html"]:
        assert (project / "reports" / page.name).read_bytes() == page.read_bytes(), page.name


@pytest.mark.slow
def test_new_members_are_listed_then_recorded_then_counted(project, built_report):
    source = project / "with_new_members.txt"
    source.write_text(with_new_members(editions.default().report_path.read_text(encoding="utf-8")), encoding="utf-8")
    first = make(project, "edition", f"FILE={source}", "EDITION=2020-xx")
    assert first.returncode != 0
    listed = re.findall(r"^- '(.+?)' \((members_engagement|members_web_mentions), line (\d+)\)$", first.stdout, re.M)
    assert sorted({name for name, _, _ in listed}) == [name for _, name, *_ in NEW_MEMBERS], first.stdout
    assert (
        "data/raw/curated/members_registry.csv" in first.stdout
        and "data/raw/curated/member_aliases.csv" in first.stdout
    )
    with open(project / "data/raw/curated/members_registry.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(NEW_MEMBERS)
    second = make(project, "edition", f"FILE={source}", "EDITION=2020-xx")
    assert second.returncode != 0
    assert "table members: 144 rows, 141 reviewed" in second.stdout, second.stdout
    assert "`2020-xx,members,144` to metadata/edition_rows.csv" in second.stdout
    with open(project / "metadata/edition_rows.csv", "a", encoding="utf-8") as handle:
        handle.write("2020-xx,members,144\n")
    third = make(project, "edition", f"FILE={source}", "EDITION=2020-xx")
    assert third.returncode == 0, third.stdout + third.stderr
    build = make(project, "report", "EDITION=2020-xx")
    assert build.returncode == 0, build.stdout + build.stderr
    members = (project / "data/processed/members.csv").read_text(encoding="utf-8").count("\n") - 1
    assert members == 144
    built, default = findings(project / "data/processed"), findings(config.PROCESSED_DIR)
    new_default = json.loads(default["eng_newness"]["values"])
    new_built = json.loads(built["eng_newness"]["values"])
    assert new_built != new_default
    assert new_built["n_a"] == len(NEW_MEMBERS) + 5 == new_default["n_a"] + len(NEW_MEMBERS)  # the marks count them
    # the registry's new rows name their edition: the default edition builds as before, byte for byte
    default_again(project)


def test_the_copies_are_what_they_say():
    text = editions.default().report_path.read_text(encoding="utf-8")
    reworded = reworded_text(text).split("\n")
    expected = text
    for old, new in REWORDED.items():
        expected = expected.replace(old, new)
    expected = expected.split("\n")
    rows_41 = member_tables(expected, "4.1. L'engagement de nos membres", "4.2. Membres mentionnés sur notre site web")
    for first, last in rows_41:
        expected[first:last] = [next_year(row) for row in expected[first:last]]
    assert len(reworded) == len(expected) and reworded != expected  # reordered
    assert sorted(reworded) == sorted(expected)  # the same lines: re-worded, one year on, in another order
    assert sum(line.count("| 2021 |") for line in reworded) > 0
    added = with_new_members(text)
    assert added.count(" (N) |") == text.count(" (N) |") + len(NEW_MEMBERS)
    assert shutil.which("make")
