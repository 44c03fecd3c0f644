"""Unit tests of metropolis_report.derive.gender."""

import re

import pandas as pd
import pytest

from metropolis_report.derive import gender
from metropolis_report.transform import printed_figures
from tests.unit.derive.helpers import sentence_claims


@pytest.mark.parametrize(
    "share, decimals, total, expected",
    [
        (44, 0, 290, (127, 129)),  # 44 % of 290: 127.6 rounds to 128, but 127 and 129 also print as 44 %
        (46, 0, 50, (23, 23)),
        (15.6, 1, 141, (22, 22)),
        (36, 0, 160, (57, 58)),
    ],
)
def test_share_range(share, decimals, total, expected):
    assert gender.share_range(share, decimals, total) == expected


def test_share_range_refuses_an_impossible_share():
    with pytest.raises(ValueError):
        gender.share_range(34, 0, 3)  # 1 of 3 is 33 %, 2 of 3 is 67 %


def test_share_metric_locates_share_and_total_by_wording():
    text = "Au total, 290 personnes (44 % de femmes et 56 % d'hommes) impliquées"
    rows = [
        {
            "claim_id": f"2.1-{i}",
            "section": "2.1",
            "claim_text": text,
            "wording": printed_figures.wording(text, i),
            "printed_value": p,
            "value": v,
            "qualifier": "exact",
            "source_line": 5,
        }
        for i, (p, v) in enumerate([("290", 290.0), ("44 %", 44.0), ("56 %", 56.0)], 1)
    ]
    rule = next(r for r in gender.rules() if r.metric_id == "wmd_participants")
    row = gender.share_metric(pd.DataFrame(rows), rule)
    assert (row["total_count"], row["women_count"], row["women_count_min"], row["women_count_max"]) == (
        290,
        128,
        127,
        129,
    )
    changed = [dict(r, value=300.0, printed_value="300") if r["claim_id"] == "2.1-1" else r for r in rows]
    assert (
        gender.share_metric(pd.DataFrame(changed), rule)["total_count"] == 300
    )  # a changed figure is read, never stops


def test_gender_rules_name_no_printed_figure_and_every_list_count_exists():
    rules = gender.rules()
    assert len({r.metric_id for r in rules}) == len(rules)
    for r in rules:
        for locator in (r.women_locator, r.total_locator, r.men_locator):
            # digits only inside regex syntax (\d, {n}); a figure of the report never appears
            assert not re.search(r"(?<![\\{,])\d", locator), (r.metric_id, locator)
        assert r.basis in {"share", "counts", "list"}
        assert (r.basis == "list") == bool(r.list_count), r.metric_id
        assert not r.list_count or r.list_count in gender.LIST_COUNTS
        assert (r.basis == "counts") == bool(r.men_locator), r.metric_id
    assert set(gender.LIST_COUNTS) == {r.list_count for r in rules if r.list_count}  # every count is used


def test_count_metric_reads_the_split_after_its_total_by_words():
    rule = next(r for r in gender.rules() if r.metric_id == "interns")
    claims = pd.concat(
        [
            sentence_claims("16 professionnels", "2.3", [("16", 16.0)], 1),
            sentence_claims("9 femmes, 7 hommes", "2.3", [("9", 9.0), ("7", 7.0)], 2),
            sentence_claims("4 stagiaires", "2.3", [("4", 4.0)], 3),
            sentence_claims("3 femmes, 1 hommes", "2.3", [("3", 3.0), ("1", 1.0)], 4),
        ],
        ignore_index=True,
    )
    claims["claim_id"] = [f"2.3-{i}" for i in range(1, len(claims) + 1)]
    row = gender.count_metric(claims, rule)
    assert (row["total_count"], row["women_count"], row["men_count"], row["source_line"]) == (4, 3, 1, 4)


def test_the_gender_figures_are_counted_by_what_they_count_so_the_two_totals_meet():
    from metropolis_report.derive.gender_findings import _bases_row

    metrics = pd.DataFrame(
        {
            "population": ["people", "representatives", "members", "publications", "people"],
            "count_basis": ["printed_counts", "share_only", "list", "list", "derived_from_share"],
            "total_qualifier": ["", "", "", "", ""],
        }
    )
    sentence = _bases_row(metrics)["sentence"]
    assert sentence.startswith("Of the 5 gender figures (3 about people, 1 about members and 1 about publications)")


def test_the_design_effect_is_defined_where_it_is_named():
    from types import SimpleNamespace

    from metropolis_report.derive.gender_findings import _dependence_text

    t = SimpleNamespace(dependence="holds if people repeat", breakdown=float("nan"), word_repeated="")
    assert "design effect Σm²/Σm of 1.5, m the slots each person fills" in _dependence_text(t)


def test_a_share_of_a_plus_de_total_allows_the_counts_that_round_half_up_to_it():
    import pandas as pd

    from metropolis_report.derive.gender_findings import parity_counts

    metrics = pd.DataFrame(
        [
            {"metric_id": "a", "population": "people", "total_count": float("nan"), "total_at_least": 400.0,
             "total_qualifier": "plus de", "women_share_printed": 45.0, "women_count_min": float("nan"),
             "women_count_max": float("nan"), "count_basis": "share_only"},
            {"metric_id": "b", "population": "people", "total_count": float("nan"), "total_at_least": 1000.0,
             "total_qualifier": "plus de", "women_share_printed": 50.0, "women_count_min": float("nan"),
             "women_count_max": float("nan"), "count_basis": "share_only"},
        ]
    )  # fmt: skip
    counts = {c["metric_id"]: (c["women_min"], c["women_max"]) for c in parity_counts(metrics)}
    assert counts == {"a": (178, 181), "b": (495, 504)}  # 182/400 = 45.5 % and 505/1000 = 50.5 % round up
