"""Unit tests of metropolis_report.extract.tables."""

import pytest

from metropolis_report.extract import tables
from metropolis_report.extract.report import ExtractionError, Report
from tests.unit.extract.helpers import table


def test_member_table_keeps_cells_verbatim_and_separates_totals():
    header = tables.WEB_MENTIONS_HEADER
    text = [
        "4.2",
        *table(
            header,
            [
                ["Total membres", "2", "", "1", "", "-"],
                ["Total", "3", "", "1", "", "-"],
                ["Bandar (N)", "3", "", "", "", ""],
                ["Hanoi", "", "", "P (2)", "", "✓"],
            ],
        ),
    ]
    members, totals = tables.member_tables(Report(text), 1, len(text) + 1, header, "web")
    assert [row[0] for row in totals] == ["Total membres", "Total"]
    assert members[0] == ["Bandar (N)", "3", "", "", "", "", "6"]
    assert members[1][3] == "P (2)" and members[1][5] == "✓"


def test_repeated_page_headers_are_dropped_and_pages_merged():
    header = tables.WEB_MENTIONS_HEADER
    text = [
        *table(header, [["A", "1", "", "", "", ""]]),
        "",
        "28 Cartographie des membres",
        "",
        *table(header, [["B", "2", "", "", "", ""]]),
    ]
    members, totals = tables.member_tables(Report(text), 1, len(text) + 1, header, "web")
    assert [m[0] for m in members] == ["A", "B"] and totals == []


def test_unknown_header_fails_naming_the_line():
    text = ["intro", *table(["MEMBRE", "Autre colonne"], [["A", "1"]])]
    with pytest.raises(ExtractionError, match=r"line 2: .*header"):
        tables.member_tables(Report(text), 1, len(text) + 1, tables.WEB_MENTIONS_HEADER, "web")


def test_regional_secretaries_keep_the_civility():
    t = tables.regional_secretaries(Report(["M. Liu Baochun, M^{me} Barbara Berninger"]), 1)
    assert [r[1] for r in t.rows] == ["M.", "Mme"]
