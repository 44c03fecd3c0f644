"""The extractor on small hand-made report texts, including malformed ones."""

import pytest

from metropolis_report import extract
from metropolis_report.extract import ExtractionError, Report


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def test_member_table_keeps_cells_verbatim_and_separates_totals():
    header = extract.WEB_MENTIONS_HEADER
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
    members, totals = extract.member_tables(Report(text), 1, len(text) + 1, header, "web")
    assert [row[0] for row in totals] == ["Total membres", "Total"]
    assert members[0] == ["Bandar (N)", "3", "", "", "", "", "6"]
    assert members[1][3] == "P (2)" and members[1][5] == "✓"


def test_repeated_page_headers_are_dropped_and_pages_merged():
    header = extract.WEB_MENTIONS_HEADER
    text = [
        *table(header, [["A", "1", "", "", "", ""]]),
        "",
        "28 Cartographie des membres",
        "",
        *table(header, [["B", "2", "", "", "", ""]]),
    ]
    members, totals = extract.member_tables(Report(text), 1, len(text) + 1, header, "web")
    assert [m[0] for m in members] == ["A", "B"] and totals == []


def test_unknown_header_fails_naming_the_line():
    text = ["intro", *table(["MEMBRE", "Autre colonne"], [["A", "1"]])]
    with pytest.raises(ExtractionError, match=r"line 2: .*header"):
        extract.member_tables(Report(text), 1, len(text) + 1, extract.WEB_MENTIONS_HEADER, "web")


def test_row_with_another_column_count_fails_naming_the_line():
    header = extract.WEB_MENTIONS_HEADER
    text = table(header, [["A", "1", "", "", "", ""]]) + ["| B | 1 | 2 |"]
    with pytest.raises(ExtractionError, match=r"line 4: row has 3 cells .* 6 columns"):
        extract.tables_between(Report(text), 1, len(text) + 1)


def test_header_without_separator_fails():
    with pytest.raises(ExtractionError, match="separator"):
        extract.tables_between(Report(["| a | b |", "| 1 | 2 |"]), 1, 3)


def test_missing_heading_fails_with_its_text():
    with pytest.raises(ExtractionError, match=r"expected a line reading \"2\.1\. Ligne d'action 1\""):
        extract.extract("1. Introduction\n2. Principaux résultats\n")


def test_conversion_markup_is_removed_but_marks_are_kept():
    assert extract.clean_cell(" <p>✗</p> ") == "✗"
    assert extract.clean_cell("**8 membres** impliqués") == "8 membres impliqués"
    assert extract.clean_cell("(N)") == "(N)"


def test_claims_read_french_numbers_units_and_qualifiers():
    text = [
        "Plus",
        "de 2 450",
        "",
        "personnes impliquées",
        "",
        "- **15,6 %** de nos membres",
        "- Près de 75 participants (58 % de femmes)",
        "en 2020, 3 débats",
        "Étude auprès de 71 espaces",
    ]
    rows = extract.claims(Report(text), [("2", 1, len(text) + 1)]).rows
    values = [(r[4], r[5], r[6]) for r in rows]
    assert values == [
        ("2450", "count", "plus de"),
        ("15.6", "percent", ""),
        ("75", "count", "près de"),
        ("58", "percent", ""),
        ("3", "count", ""),
        ("71", "count", ""),
    ]
    assert rows[0][2] == "Plus de 2 450 personnes impliquées"  # the figure joined with its label


def test_years_codes_and_hashtags_are_not_figures():
    rows = extract.claims(
        Report(["#WorldMetropolitanDay2020 en 2020 avec L1M1, COVID-19 et U20 : 7 vidéos"]), [("2", 1, 2)]
    ).rows
    assert [r[3] for r in rows] == ["7"]


def test_new_member_entries_must_follow_the_printed_form():
    with pytest.raises(ExtractionError, match="line 1"):
        extract.new_members(Report(["- Bandar Lampung City"]), 1, 2)


def test_regional_secretaries_keep_the_civility():
    t = extract.regional_secretaries(Report(["M. Liu Baochun, M^{me} Barbara Berninger"]), 1)
    assert [r[1] for r in t.rows] == ["M.", "Mme"]


def test_csv_output_is_byte_stable():
    t = extract.RawTable("x", ["a", "b"], [["1", "with, comma"]])
    assert t.to_csv() == 'a,b\n1,"with, comma"\n'
