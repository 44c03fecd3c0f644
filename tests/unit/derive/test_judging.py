"""Unit tests of metropolis_report.derive.judging."""

import pytest

from metropolis_report import schema
from metropolis_report.derive import judging
from metropolis_report.derive.judging import decimals_printed, judge, matches


def test_verdicts_are_defined_once_with_a_mark_and_a_word():
    verdicts = judging.verdicts()
    assert list(verdicts.columns) == ["code", "mark", "word", "colour", "meaning"]
    assert verdicts["mark"].is_unique and verdicts["word"].is_unique
    assert set(judging.AGREEING) | {"discrepancy", "not_derivable"} == set(verdicts["code"])
    assert set(verdicts["code"]) == set(schema.column("claims_audit", "status").allowed.split("|"))


def test_judge_gives_rounding_as_the_cause_when_truncation_reproduces():
    verdict = judging.judge({"value": 76, "printed_value": "76 %", "qualifier": "exact"}, 76.6, "m")
    assert verdict.status == "discrepancy" and verdict.cause == "rounding"
    assert judging.judge({"value": 77, "printed_value": "77 %", "qualifier": "exact"}, 76.6, "m").cause == ""


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
