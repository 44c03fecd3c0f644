"""A corpus of corrupted raw tables: each must stop the build with a message naming the problem and
leave the previously published processed data untouched. Everything is built into temporary folders."""

import csv
import io
from pathlib import Path

import pytest

from metropolis_report import config, pipeline
from metropolis_report.transform.cleaning import CleaningError
from metropolis_report.validate import gatekeeper, suites


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def edit_cell(table, row_name, column, value):
    def corrupt(raw: Path):
        rows = rows_of(raw / f"{table}.csv")
        header = rows[0]
        for row in rows[1:]:
            if row[0] == row_name:
                row[header.index(column)] = value
                break
        else:
            raise AssertionError(f"{row_name} not in {table}")
        write_rows(raw / f"{table}.csv", rows)

    return corrupt


def edit_rows(table, change):
    def corrupt(raw: Path):
        write_rows(raw / f"{table}.csv", change(rows_of(raw / f"{table}.csv")))

    return corrupt


def write_bytes(table, data: bytes):
    def corrupt(raw: Path):
        (raw / f"{table}.csv").write_bytes(data)

    return corrupt


def truncate(table, fraction):
    def corrupt(raw: Path):
        data = (raw / f"{table}.csv").read_bytes()
        (raw / f"{table}.csv").write_bytes(data[: int(len(data) * fraction)].rstrip(b"\n").rsplit(b",", 1)[0] + b"\n")

    return corrupt


def latin1(table):
    def corrupt(raw: Path):
        text = (raw / f"{table}.csv").read_text(encoding="utf-8")
        (raw / f"{table}.csv").write_bytes(text.encode("latin-1", errors="replace"))

    return corrupt


ENG = "members_engagement"
WEB = "members_web_mentions"
BILATERAL = "Participation à des réunions bilatérales"
DUES = "Paiement des cotisations 2020"
YEAR = "Membre analysé (système d'indicateurs métropolitains)"
PILOT = "Projets pilote (leader [L]/partenaire [P])"

CASES = {
    # name: (corruption, expected error type, words the message must contain)
    "text_in_count": (
        edit_cell(ENG, "Abidjan", BILATERAL, "deux"),
        CleaningError,
        ["members_engagement", BILATERAL, "'deux'", "line 413"],
    ),
    "negative_count": (edit_cell(ENG, "Berlin", BILATERAL, "-1"), CleaningError, ["'-1'", "a count"]),
    "duplicated_member": (
        edit_rows(ENG, lambda r: r + [r[5]]),
        CleaningError,
        ["more than once", "Alexandrie", "line 417"],
    ),
    "missing_member": (
        edit_rows(ENG, lambda r: [x for x in r if x[0] != "Zagreb"]),
        CleaningError,
        ["missing from the table", "Zagreb"],
    ),
    "unknown_member": (
        edit_cell(ENG, "Accra", "MEMBRE", "Atlantis"),
        CleaningError,
        ["'Atlantis'", "not a known member", "line 414"],
    ),
    "misspelt_member_suggests": (
        edit_cell(WEB, "Bogotá", "MEMBRE", "Bogota"),
        CleaningError,
        ["'Bogota'", "Closest known names", "'Bogotá'"],
    ),
    "missing_column": (
        edit_rows(ENG, lambda r: [x[:1] + x[2:] for x in r]),
        CleaningError,
        ["missing ['Membre activé*']"],
    ),
    "renamed_column": (
        edit_rows(ENG, lambda r: [["Member"] + r[0][1:]] + r[1:]),
        CleaningError,
        ["missing ['MEMBRE']", "unexpected ['Member']"],
    ),
    "extra_column": (edit_rows(WEB, lambda r: [x + ["extra"] for x in r]), CleaningError, ["unexpected"]),
    "reordered_columns": (
        edit_rows(WEB, lambda r: [[x[0], x[2], x[1], *x[3:]] for x in r]),
        CleaningError,
        ["another order"],
    ),
    "shifted_row": (
        edit_rows(ENG, lambda r: r[:3] + [[r[3][0], ""] + r[3][1:-2] + [r[3][-1]]] + r[4:]),
        CleaningError,
        [DUES, "'Oui'"],
    ),
    "impossible_year": (
        edit_cell(ENG, "Accra", YEAR, "2099"),
        suites.ValidationFailed,
        ["table members", "indicator_system_year", "expect_column_values_to_be_between", "2099"],
    ),
    "year_not_a_year": (edit_cell(ENG, "Accra", YEAR, "soon"), CleaningError, ["'soon'", "a year"]),
    "pilot_role_without_project": (
        edit_cell(ENG, "Madrid", PILOT, "P (0)"),
        suites.ValidationFailed,
        ["pilot_role, pilot_projects", "expect_column_pair_values_to_be_in_set"],
    ),
    "unknown_pilot_mark": (edit_cell(ENG, "Madrid", PILOT, "X"), CleaningError, ["'X'", "'L', 'P'"]),
    "bad_encoding": (latin1(ENG), CleaningError, ["not valid UTF-8"]),
    "empty_file": (write_bytes(WEB, b""), CleaningError, ["is empty"]),
    "header_only": (edit_rows(WEB, lambda r: r[:1]), CleaningError, ["no rows"]),
    "truncated_file": (truncate(ENG, 0.5), CleaningError, ["cells, the header has 13", "truncated"]),
    "missing_file": (
        lambda raw: (raw / "events_calendar.csv").unlink(),
        CleaningError,
        ["events_calendar", "is missing", "make extract"],
    ),
    "unknown_status_mark": (
        edit_cell("action_plan_deliverables", "L1", "(sans en-tête)", "?"),
        CleaningError,
        ["'?'", "status mark"],
    ),
    "script_in_member_name": (
        edit_cell(ENG, "Accra", "MEMBRE", "<script>alert(1)</script>"),
        CleaningError,
        ["markup", "<script>"],
    ),
    "impossible_date": (
        edit_cell("events_calendar", "15/01/2020", "Date de début", "31/02/2020"),
        CleaningError,
        ["'31/02/2020'", "a date"],
    ),
    "end_before_start": (
        edit_cell("events_calendar", "15/01/2020", "Date de fin", "01/01/2020"),
        CleaningError,
        ["before start date", "line 800"],
    ),
    "unknown_name_in_list": (
        edit_cell("list_women_governed_members", "1", "Membre", "Gotham"),
        CleaningError,
        ["list_women_governed_members", "'Gotham'"],
    ),
    "duplicated_list_entry": (
        edit_cell("list_women_governed_members", "2", "Membre", "Antananarivo"),
        CleaningError,
        ["listed more than once", "antananarivo"],
    ),
    "total_not_a_number": (
        edit_cell("members_engagement_totals", "Total", BILATERAL, "beaucoup"),
        CleaningError,
        ["'beaucoup'", "a number or '-'"],
    ),
    "total_row_missing": (
        edit_rows("members_web_mentions_totals", lambda r: r[:2]),
        CleaningError,
        ["expected the rows"],
    ),
    "unknown_funding_source": (
        edit_cell("funding_shares", "Origine des fonds", "Source", "Loterie"),
        CleaningError,
        ["'Loterie'", "known source"],
    ),
    "bad_share": (
        edit_cell("funding_shares", "Origine des fonds", "Part", "beaucoup"),
        CleaningError,
        ["'beaucoup'", "share"],
    ),
    "source_line_not_a_number": (
        edit_cell(WEB, "Accra", "source_line", "x"),
        CleaningError,
        ["source_line", "non-line-numbers"],
    ),
    "malformed_deliverable_code": (
        edit_cell("action_plan_deliverables", "L2", "Résultats et documents livrables", "Sans code"),
        CleaningError,
        ["'Sans code'", "L<n>M<n>D<n>"],
    ),
    "wrong_true_mark": (edit_cell(ENG, "Accra", "Membre activé*", "Yes"), CleaningError, ["'Yes'", "'Oui'"]),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A good build into a temporary processed folder: the 'previous good data' each case must keep."""
    root = tmp_path_factory.mktemp("good")
    staging, processed = root / "staging", root / "processed"
    pipeline.stage_all(config.RAW_DIR, staging)
    outcomes, _ = gatekeeper.run(staging, config.EXPECTATIONS_DIR, config.RAW_DIR)
    gatekeeper.publish(staging, processed, outcomes)
    return processed


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_corpus_is_large_enough():
    assert len(CASES) == 33  # every case below is run by test_corrupted_input_stops_the_build, each must stop


@pytest.mark.parametrize("case", sorted(CASES))
def test_corrupted_input_stops_the_build(case, raw_copy, tmp_path, published):
    corrupt, error, words = CASES[case]
    before = snapshot(published)
    corrupt(raw_copy)
    staging = tmp_path / "staging"
    with pytest.raises(error) as caught:
        pipeline.stage_all(raw_copy, staging)
        outcomes, _ = gatekeeper.run(staging, config.EXPECTATIONS_DIR, raw_copy)
        gatekeeper.publish(staging, published, outcomes)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{case}: {word!r} not in {message!r}"
    assert snapshot(published) == before, f"{case}: previous processed data changed"


def test_a_good_copy_passes(raw_copy, tmp_path):
    staging = tmp_path / "staging"
    pipeline.stage_all(raw_copy, staging)
    outcomes, _ = gatekeeper.run(staging, config.EXPECTATIONS_DIR, raw_copy)
    assert all(o.success for o in outcomes) and len(outcomes) > 400
