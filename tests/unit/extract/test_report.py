"""Unit tests of metropolis_report.extract.report."""

import pytest

from metropolis_report import wording
from metropolis_report.extract import report, tables
from metropolis_report.extract.report import ExtractionError, Report
from tests.unit.extract.helpers import table


def test_row_with_another_column_count_fails_naming_the_line():
    header = wording.current().printed_header("members_web_mentions")
    text = table(header, [["A", "1", "", "", "", ""]]) + ["| B | 1 | 2 |"]
    with pytest.raises(ExtractionError, match=r"line 4: row has 3 cells .* 6 columns"):
        report.tables_between(Report(text), 1, len(text) + 1)


def test_header_without_separator_fails():
    with pytest.raises(ExtractionError, match="separator"):
        report.tables_between(Report(["| a | b |", "| 1 | 2 |"]), 1, 3)


def test_conversion_markup_is_removed_but_marks_are_kept():
    assert report.clean_cell(" <p>✗</p> ") == "✗"
    assert report.clean_cell("**8 membres** impliqués") == "8 membres impliqués"
    assert report.clean_cell("(N)") == "(N)"


def test_new_member_entries_must_follow_the_printed_form():
    with pytest.raises(ExtractionError, match="line 1"):
        tables.new_members(Report(["- Bandar Lampung City"]), 1, 2)


def test_csv_output_is_byte_stable():
    t = report.RawTable("x", ["a", "b"], [["1", "with, comma"]])
    assert t.to_csv() == 'a,b\n1,"with, comma"\n'
