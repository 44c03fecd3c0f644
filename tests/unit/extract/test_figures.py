"""Unit tests of metropolis_report.extract.figures."""

from metropolis_report.extract import figures
from metropolis_report.extract.report import Report


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
    rows = figures.claims(Report(text), [("2", 1, len(text) + 1)]).rows
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
    rows = figures.claims(
        Report(["#WorldMetropolitanDay2020 en 2020 avec L1M1, COVID-19 et U20 : 7 vidéos"]), [("2", 1, 2)]
    ).rows
    assert [r[3] for r in rows] == ["7"]
