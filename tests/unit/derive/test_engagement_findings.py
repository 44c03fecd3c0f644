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


def test_a_region_pair_is_worded_across_the_index_variants_in_the_primary_order():
    from metropolis_report.analysis import inference
    from metropolis_report.derive import choices
    from metropolis_report.derive.findings import region_words

    regions = pd.Series(["North"] * 8 + ["South"] * 8)
    primary_index = pd.Series([5, 5, 4, 5, 4, 5, 5, 4] + [0, 1, 0, 0, 1, 0, 0, 1], dtype=float)
    primary = inference.pairwise(primary_index, regions, "regions", 0.95, 999)
    inference.decide(primary, 0.95)
    assert primary[0].label == "North vs South" and primary[0].word == "higher"
    # on a variant the order turns: said of the pair as the primary index orders it, North is lower
    assert region_words(5 - primary_index, regions, primary, 0.95, 999) == {"north-south": "lower"}
    assert region_words(primary_index, regions, primary, 0.95, 999, main=True) == {"north-south": "higher"}

    members = pd.DataFrame({"region": regions})
    tests = {
        "regions": primary, "readings_same": True, "readings": ["A", "B"],
        "under": {("", "primary"): {"north-south": "higher"}, ("", "primary + dues"): {"north-south": "higher"},
                  ("", "all ten items"): {"north-south": "no clear difference"}},
    }  # fmt: skip
    rows = engagement_findings.region_rows(members, tests, 0.95)
    pair = next(r for r in rows if r["finding_id"] == "eng_region_pair:north-south")
    assert pair["word"] == choices.DEPENDS
    assert "“no clear difference” under 1 on the index “all ten items”" in pair["sentence"]
    assert "“higher” under the other 2, among them the primary index" in pair["sentence"]
    assert sum(r["finding_id"].startswith("eng_region_choice:north-south-") for r in rows) == 3
    summary = next(r for r in rows if r["finding_id"] == "eng_regions")["sentence"]
    assert f"North against South {choices.DEPENDS}" in summary
    tests["under"] = {k: {"north-south": "higher"} for k in tests["under"]}
    rows = engagement_findings.region_rows(members, tests, 0.95)
    assert rows[0]["word"] == "higher" and "On each of the 3 indices" in rows[0]["sentence"]


def test_each_word_under_a_choice_carries_the_numbers_it_rests_on():
    from metropolis_report.derive.engagement_findings import verdict_across

    under = {("", "primary"): {"web": "go together"}, ("", "plus x"): {"web": "no clear association"}}
    under_stats = {
        ("", "primary"): {"web": {"n": 141, "effect": 0.4, "p": 0.0001, "p_holm": 0.0001, "within_p": 0.002}},
        ("", "plus x"): {"web": {"n": 141, "effect": 0.1, "p": 0.2, "p_holm": 0.2, "within_p": 0.3}},
    }
    tests = {"under": under, "under_stats": under_stats, "readings": [], "readings_same": True}
    _, _, rows = verdict_across(tests, ["web"], "eng_web_choice", "engagement and web visibility")
    assert [(r["n"], r["effect"], r["p_value"], r["p_holm"]) for r in rows] == [
        (141, 0.4, 0.0001, 0.0001), (141, 0.1, 0.2, 0.2),
    ]  # fmt: skip
    assert '"within_p": 0.3' in rows[1]["values"]


def newness_row() -> tuple[dict, dict]:
    """The new members' finding on 20 members in two regions (3 new by the marks, 4 by the list), and the tests
    within regions it was computed from."""
    from metropolis_report.analysis import inference

    members = pd.DataFrame(
        {"region": ["Asia"] * 10 + ["Europe"] * 10, "new_member": [1, 1, 1] + [0] * 17,
         "in_new_members_list": [1, 1, 1, 1] + [0] * 16}
    )  # fmt: skip
    scores = pd.DataFrame({"items_set": [0, 0, 1, 1, 2, 3, 2, 1, 2, 3] + [1, 2, 3, 2, 1, 2, 3, 2, 1, 2]}, dtype=float)
    by_group, within = {}, {}
    for flag in ("new_member", "in_new_members_list"):
        f = members[flag].astype(bool)
        by_group[flag] = inference.compare(
            scores.loc[f, "items_set"], scores.loc[~f, "items_set"], flag, "new", 0.95, 999
        )
        within[flag] = inference.compare_within(scores["items_set"], f, members["region"], flag, 999)
        within[flag].p_holm = within[flag].p_value
    inference.decide(list(by_group.values()), 0.95)
    under = {("", "primary"): {"new_member": "no clear difference", "in_new_members_list": "no clear difference"}}
    tests = {"by_group": by_group, "within": within, "scores": scores, "under": under, "readings": [],
             "readings_same": True}  # fmt: skip
    row = engagement_findings.newness_rows(members, tests, 0.95)[0]
    return row, within


def test_the_new_members_sentence_states_the_share_of_p_from_ties_within_regions_too():

    row, within = newness_row()
    for w in within.values():
        assert w.p_ties > 0  # few distinct values: part of each p comes from ties
        assert f"{engagement_findings._share_of_p(w.p_ties)} from ties" in row["sentence"].split("Within regions")[1]


def test_the_new_members_finding_is_plain_sentences_that_keep_every_number():
    import json

    row, within = newness_row()
    sentences = re.split(r"(?<=[.)])\s+(?=[A-Z])", row["sentence"])
    assert len(sentences) == 4, sentences  # over all members, within regions, across the choices, the caveat
    assert sentences[0].startswith("Over all members,") and sentences[1].startswith("Within regions")
    assert "the word is the same" in sentences[2] and sentences[3].startswith("Any difference is confounded")
    values = json.loads(row["values"])
    numbers = [k for k in values if k not in ("verdicts", "note", "comparisons", "rank_biserial", "items_a")]
    assert all(str(values[k]) in row["sentence"] for k in numbers), [
        k for k in numbers if str(values[k]) not in row["sentence"]
    ]


def test_the_shuffled_control_is_summarised_over_many_shuffles():
    import numpy as np

    from metropolis_report.analysis import engagement
    from metropolis_report.derive.engagement_findings import robustness_variants, shuffled_control

    rng = np.random.default_rng(1)
    n = 40
    members = pd.DataFrame(
        {c: rng.integers(0, 2, n) for i in engagement.items() for c in i.columns if c != "indicator_system_year"}
        | {"indicator_system_year": pd.array(rng.choice([2020, 2019], n), dtype="Int64")}
    )
    # each shuffle is its own draw
    assert not robustness_variants(members, shuffle=True, seed=1).equals(
        robustness_variants(members, shuffle=True, seed=2)
    )
    control = shuffled_control(members, top_n=5, shuffles=6)
    assert control["shuffles"] == 6 and control["n"] == n
    assert 0 <= control["held"] <= min(control["top_held"], control["bottom_held"]) <= 6
    majority = 2 * control["held"] > 6
    assert control["word"] == ("ranking holds" if majority else "ranking depends on the index's choices")


def test_the_least_engaged_list_is_said_to_pass_on_noise_when_it_does():
    from metropolis_report.derive.engagement_findings import _bottom_noise

    assert "also holds on items shuffled across members in 25 of 50 shuffles, so its holding says little" in (
        _bottom_noise("holds", {"bottom_held": 25, "shuffles": 50}, 0.95)
    )
    quiet = _bottom_noise("holds", {"bottom_held": 1, "shuffles": 50}, 0.95)
    assert "says little" not in quiet and "1 of 50" in quiet
