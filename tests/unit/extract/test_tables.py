"""Unit tests of metropolis_report.extract.tables."""

import pytest

from metropolis_report import wording
from metropolis_report.extract import tables
from metropolis_report.extract.report import ExtractionError, Report
from tests.unit.extract.helpers import table


def test_member_table_keeps_cells_verbatim_and_separates_totals():
    header = wording.current().printed_header("members_web_mentions")
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
    members, totals = tables.member_tables(Report(text), 1, len(text) + 1, "members_web_mentions", "web")
    assert [row[0] for row in totals] == ["Total membres", "Total"]
    assert members[0] == ["Bandar (N)", "3", "", "", "", "", "6"]
    assert members[1][3] == "P (2)" and members[1][5] == "✓"


def test_repeated_page_headers_are_dropped_and_pages_merged():
    header = wording.current().printed_header("members_web_mentions")
    text = [
        *table(header, [["A", "1", "", "", "", ""]]),
        "",
        "28 Cartographie des membres",
        "",
        *table(header, [["B", "2", "", "", "", ""]]),
    ]
    members, totals = tables.member_tables(Report(text), 1, len(text) + 1, "members_web_mentions", "web")
    assert [m[0] for m in members] == ["A", "B"] and totals == []


def test_unknown_header_fails_naming_the_line():
    text = ["intro", *table(["MEMBRE", "Autre colonne"], [["A", "1"]])]
    with pytest.raises(ExtractionError, match=r"line 2: .*header"):
        tables.member_tables(Report(text), 1, len(text) + 1, "members_web_mentions", "web")


def test_regional_secretaries_keep_the_civility():
    t = tables.regional_secretaries(Report(["M. Liu Baochun, M^{me} Barbara Berninger"]), 1)
    assert [r[1] for r in t.rows] == ["M.", "Mme"]


def test_a_header_mismatch_names_the_cell_and_the_layout_row():
    header = wording.current().printed_header("members_web_mentions")
    reworded = [header[0], "Actualités du site", *header[2:]]
    text = ["intro", *table(reworded, [["A", "1", "", "", "", ""]])]
    with pytest.raises(ExtractionError) as raised:
        tables.member_tables(Report(text), 1, len(text) + 1, "members_web_mentions", "web")
    message = str(raised.value)
    assert "column 2 prints 'Actualités du site'" in message and repr(header[1]) in message
    assert "metadata/layouts/2020-fr/headers.csv line " in message and "members_web_mentions.web_news" in message
