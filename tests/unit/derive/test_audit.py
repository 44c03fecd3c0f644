"""Unit tests of metropolis_report.derive.audit."""

import pandas as pd

from metropolis_report.derive import audit
from metropolis_report.transform import printed_figures


def test_the_census_finds_figures_in_digits_and_in_words_and_coverage_matches_them():
    from metropolis_report.extract import figures

    assert [w for _, _, w, _ in figures.word_figures("les quatre rapports, le troisième hashtag, une fois")] == [
        "quatre",
        "troisième",
    ]  # "une" is an article, not a figure by its words alone
    assert printed_figures.figure_spans("Cinq programmes, 5 programmes", words=True) == [(0, 4), (17, 18)]
    catalogue = pd.DataFrame({"claim_id": ["x-01"], "printed_value": ["5"], "source_line": [3]})
    totals = pd.DataFrame({"total_id": ["t"], "printed_value": ["7"], "value": [7], "source_line": [9]})
    covered = audit.coverage([(3, "5"), (3, "Cinq"), (9, "7"), (3, "5")], catalogue, totals)
    assert covered["claim_id"].tolist() == ["x-01", None, "t", None]  # each entry covers one printed figure
