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
    assert (
        "no other figure of the audit is judged on them (every other figure takes one value under every reading)"
        in row["sentence"]
    )


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


def tiered(rows: list[tuple]) -> pd.DataFrame:
    """Audit rows: (claim_id, status, rule_id, method, computed value, evidence)."""
    return pd.DataFrame(
        [
            {"claim_id": c, "status": s, "rule_id": r, "method": m, "computed_value": v, "evidence": e,
             "cause": "report_inconsistent" if s == "discrepancy" else None,
             "matter": "events.global" if s == "discrepancy" else None, "claim_text": c, "printed_value": str(v),
             "reported_value": v + 1 if s == "discrepancy" else v, "source_line": 1}
            for c, s, r, m, v, e in rows
        ]
    )  # fmt: skip


TIERED = tiered([
    ("p1", "recomputed", "staff", "entries of list_staff", 16.0, ""),
    ("p2", "recomputed", "staff", "entries of list_staff", 16.0, ""),  # the same figure printed twice
    ("p3", "recomputed", "learning", "members with learning", 56.0, ""),  # restates a total fitted in part
    ("4.1|Total membres|learning_activities", "recomputed", None, "count of rows", 56.0,
     "it is fitted in part by construction: the readings it helped rule out would give 55"),
    ("4.1|Total membres|wmd_organiser", "consistent_with_readings", None, "count of rows", 11.0,
     "the readings it chose is fitted by construction, not independent evidence"),
    ("s1", "consistent_with_readings", "staff_split", "feminine titles", 9.0, "7 to 9 over the titles"),
    ("d1", "under_definition", "ga", "congress column", 63.0, ""),
    ("c1", "consistent_printed", "shares", "printed shares", 40.0, ""),
    ("x1", "discrepancy", "events", "calendar entries", 76.0, ""),
    ("n1", "not_derivable", None, "no list", None, ""),
])  # fmt: skip
QUANTITIES = {"staff": "lists.staff", "learning": "members.learning_activities", "staff_split": ""}


def test_only_rows_recomputed_from_rows_without_a_chosen_reading_are_independent():
    tier = audit_findings.tiers(TIERED, QUANTITIES)
    assert list(tier) == ["independent", "independent", "fitted", "fitted", "fitted", "from_range",
                          "under_definition", "consistent_printed", "discrepancy", "not_derivable"]  # fmt: skip
    # a figure printed twice is one quantity
    assert audit_findings.distinct_quantities(TIERED[tier == "independent"]) == 1


def test_the_headline_gives_independent_recomputations_first_then_the_weaker_matches_by_kind():
    row = audit_findings._verdict_rows(TIERED, QUANTITIES)[0]
    values, sentence = json.loads(row["values"]), row["sentence"]
    assert sentence.startswith("Recomputed independently from the report's own rows: 2 of 10 printed figures, 1 ")
    assert values["tiers"] == {"independent": 2, "under_definition": 1, "consistent_printed": 1, "fitted": 3,
                               "from_range": 1}  # fmt: skip
    assert "1 row repeats a figure printed more than once" in sentence
    order = [sentence.index(w) for w in ("independently", "Weaker matches", "Disagreeing", "not derivable")]
    assert order == sorted(order)
    assert "3 fitted by readings" in sentence and "1 a value picked from a range" in sentence
