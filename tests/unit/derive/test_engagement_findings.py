"""Unit tests of metropolis_report.derive.engagement_findings."""

import re

import pandas as pd

from metropolis_report.derive import engagement_findings
from metropolis_report.derive.judging import verdicts
from metropolis_report.words import reader_label


def totals(*statuses: str) -> pd.DataFrame:
    return pd.DataFrame({"claim_id": [f"4.1|Total|c{i}" for i in range(len(statuses))], "status": list(statuses)})


def counted(sentence: str) -> int:
    return sum(int(n) for n in re.findall(r"(?:^|, | and )(\d+) (?:is|are) ", sentence))


def test_the_totals_sentence_names_every_verdict_present_and_its_counts_add_up():
    frame = totals("recomputed", "recomputed", "under_definition", "consistent_with_readings", "consistent_printed")
    values = engagement_findings.totals_by_verdict(frame)
    sentence = values["by_verdict"]
    for code in set(frame["status"]):
        assert reader_label("total_verdict", code) in sentence, code
    assert counted(sentence) == values["total"] == len(frame) == sum(values["counts"].values())
    assert "none is in disagreement" in sentence  # the disagreements are named even when there are none


def test_a_verdict_the_sentence_has_no_words_for_is_still_counted():
    frame = totals("recomputed", "not_derivable", "a_verdict_of_its_own")
    sentence = engagement_findings.totals_by_verdict(frame)["by_verdict"]
    assert counted(sentence) == len(frame) and "1 is not derivable" in sentence and "a verdict of its own" in sentence


def test_every_verdict_has_words_for_the_totals_sentence():
    for code in verdicts()["code"]:
        assert reader_label("total_verdict", code) != reader_label("status", code) or code == "recomputed", code


def test_the_robustness_variants_are_counted_besides_the_primary_index_by_kind():
    from metropolis_report.analysis import engagement
    from metropolis_report.derive.engagement_findings import variant_kinds

    columns = [engagement.PRIMARY, "primary + dues", engagement.TEN_ITEMS, "primary without congress",
               "intensity weighting (primary items)"]  # fmt: skip
    assert variant_kinds(columns) == (
        "4 variants of the index besides the primary one (2 adding declared items, 1 leaving one primary item out "
        "and 1 weighting)"
    )


def test_the_robustness_check_includes_the_variants_leaving_one_item_out():
    from metropolis_report.analysis import engagement
    from metropolis_report.derive.engagement_findings import robustness_variants

    members = pd.DataFrame(
        {c: [1, 0, 2] for i in engagement.items() for c in i.columns if c != "indicator_system_year"}
        | {"indicator_system_year": pd.array([2020, None, 2019], dtype="Int64")}
    )
    columns = list(robustness_variants(members).columns)
    left_out = [c for c in columns if c.startswith("primary without ")]
    assert columns[0] == engagement.PRIMARY and len(left_out) == len(engagement.participation_items())
