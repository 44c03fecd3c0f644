"""The single matching rule of the claims audit."""

import pytest

from metropolis_report.claims import decimals_printed, judge, matches


@pytest.mark.parametrize(
    "reported, computed, qualifier, decimals, expected",
    [
        (76, 76.595745, "exact", 0, False),  # 108/141: rounds to 77
        (15.6, 15.602837, "exact", 1, True),  # 22/141
        (58, 58.156, "exact", 0, True),
        (2, 2.5, "exact", 0, False),  # half-up: 3
        (3, 2.5, "exact", 0, True),
        (400, 401, "plus de", 0, True),
        (400, 400, "plus de", 0, False),  # "plus de 400" is more than 400
        (33000, 33001, "+", 0, True),
        (75, 71.3, "près de", 0, True),  # within 5 %
        (75, 71.2, "près de", 0, False),
    ],
)
def test_matches(reported, computed, qualifier, decimals, expected):
    assert matches(reported, computed, qualifier, decimals) is expected


def test_truncation_is_the_alternative_rule():
    assert matches(76, 76.595745, "exact", 0, rounding="truncate")
    assert not matches(24, 23.56, "exact", 0, rounding="truncate")


def test_judge_flags_rule_sensitive_verdicts():
    verdict = judge({"value": 76.0, "printed_value": "76 %", "qualifier": "exact"}, 76.6, "share")
    assert verdict.status == "discrepancy" and "rule_sensitive" in verdict.method
    verdict = judge({"value": 58.0, "printed_value": "58 %", "qualifier": "exact"}, 58.16, "share")
    assert verdict.status == "recomputed" and "rule_sensitive" not in verdict.method


def test_decimals_printed():
    assert decimals_printed("15,6 %") == 1 and decimals_printed("2 450") == 0 and decimals_printed("47,3 %") == 1


def test_missing_computed_value_is_an_error():
    with pytest.raises(ValueError):
        matches(1, float("nan"))
