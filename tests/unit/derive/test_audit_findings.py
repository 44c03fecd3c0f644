"""Unit tests of metropolis_report.derive.audit_findings."""

import json

import pandas as pd

from metropolis_report.derive import audit_findings

FITTED = "conversion_readings; it chose is fitted by construction, not independent evidence"
RESTATES = "those readings were chosen by the same printed totals; conversion_readings"


def audit(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"claim_id": c, "status": s, "evidence": e, "computed_min": lo, "computed_max": hi}
            for c, s, e, lo, hi in [(r[0], "consistent_with_readings", *r[1:]) for r in rows]
        ]
    )


READINGS = pd.DataFrame(
    {
        "status": ["ambiguous", "ambiguous"],
        "source_line": [1, 2],
        "combinations": ["A", "B"],
        "reading_id": ["r1", "r2"],
    }
)


def test_figures_fixed_by_the_totals_that_chose_the_readings_are_said_to_hold_by_construction():
    row = audit_findings._readings_row(
        audit([("t1", FITTED, 11, 11), ("t2", FITTED, 32, 32), ("p1", RESTATES, 11, 11), ("x", "conversion_readings", 3, 5),
               ("y", "conversion_readings", 4, 4)]), READINGS)  # fmt: skip
    values = json.loads(row["values"])
    assert (values["fitted"], values["restating"], values["constructed_values"]) == (2, 1, "11, 32 and 11")
    assert "all take the same value under every admissible reading (11, 32 and 11) by construction" in row["sentence"]
    # the figures that do not rest on those totals are counted apart: only they can show independent evidence
    assert (
        "of the 2 other figures, 1 takes the same value under every admissible reading and 1 differs" in row["sentence"]
    )


def test_with_only_fitted_figures_none_is_said_to_be_independent():
    row = audit_findings._readings_row(audit([("t1", FITTED, 11, 11), ("t2", FITTED, 30, 32)]), READINGS)
    assert "1 of them takes the same value" in row["sentence"]
    assert "no other figure is computed from those rows" in row["sentence"]


def members(organiser: list[int], participant: list[int], congress: list[bool]) -> pd.DataFrame:
    n = len(organiser)
    return pd.DataFrame(
        {
            "member_id": list("abcd")[:n],
            "wmd_organiser": organiser,
            "wmd_participant": participant,
            "congress": congress,
            "bilateral_meetings": [0] * n,
            "pilot_projects": [0] * n,
            "learning_activities": [0] * n,
            "rethink_call": [False] * n,
        }
    )


def test_readings_that_move_a_cell_inside_one_item_change_nothing_the_index_reads():
    a = members([1, 0], [0, 1], [True, False])
    b = members([0, 0], [1, 1], [True, False])  # the cell of the first member moves to the other column of the item
    assert audit_findings.moved_within_items({"A": a, "B": b}) == ["World Metropolitan Day"]
    c = members([0, 0], [0, 1], [True, True])  # a cell moves from one item to another
    assert audit_findings.moved_within_items({"A": a, "C": c}) == []


def test_the_near_tolerance_is_stated_only_where_a_checked_figure_uses_it():
    base = {"method": "m", "computed_value": 3.0, "qualifier": "exact"}
    frame = pd.DataFrame(
        [
            {**base, "claim_id": "a", "method": "x [rule_sensitive: ...]"},
            {**base, "claim_id": "b", "qualifier": "près de", "computed_value": float("nan")},  # not derivable
        ]
    )
    row = audit_findings._rule_sensitive_row(frame)
    assert row["sentence"] == "1 verdict changes between rounding and truncation."
    frame.loc[1, "computed_value"] = 74.0
    assert (
        "1 “près de” figure is checked with a tolerance of 5% either side"
        in audit_findings._rule_sensitive_row(frame)["sentence"]
    )
